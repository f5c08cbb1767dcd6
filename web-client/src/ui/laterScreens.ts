// The screens a person reaches only after the first steps (landing, search, registration, the
// groups list): cases, the conversation, settings, a group's chat, booking an appointment, the
// live chat, and the layer where a call rings. One chunk, loaded on demand by lazyScreens.tsx, so the first download stays small.
export { BookingStep } from "./BookingStep.tsx";
export { CasesStep } from "./CasesStep.tsx";
export { ChatStep } from "./ChatStep.tsx";
export { GroupChatStep } from "./GroupChatStep.tsx";
export { CallLayerSlot } from "./lazyCalls.tsx";
export { LiveChatStep } from "./LiveChatStep.tsx";
export { SettingsStep } from "./SettingsStep.tsx";
