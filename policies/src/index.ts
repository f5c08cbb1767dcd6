export * from "./pseudonymRule.ts";
export * from "./caseRoomTemplate.ts";
export * from "./roomJobStateMachine.ts";
export * from "./roles.ts";
export * from "./caseLifecycle.ts";
export * from "./postcodeRouting.ts";
export * from "./pseudonymMessages.ts";
export * from "./groupRooms.ts";
