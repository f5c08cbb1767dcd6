// Where the call screens hook into the app: two slots that render nothing until the chat engine
// runs (after sign-in), then load ui/CallScreen.tsx with its texts and styles on demand. This file
// is all of calls that the page carries before sign-in.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { onDemand } from "./onDemand.ts";

const useCallUi = onDemand(() => import("./CallScreen.tsx"));

function callsOf(flow: SeekerFlow, state: FlowState) {
  return state.signedIn && state.chat.engine === "ready" ? (flow.engine?.calls ?? null) : null;
}

/** The call dialog, above every screen once signed in. */
export function CallLayerSlot({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const calls = callsOf(flow, state);
  const ui = useCallUi(calls !== null);
  if (calls === null || ui === null) return null;
  return <ui.CallLayer controller={calls} locale={state.locale} />;
}

/** "Ask for a call" in a case's conversation. */
export function CallRequestSlot({ flow, state, conversationId }: { flow: SeekerFlow; state: FlowState; conversationId: string | null }) {
  const calls = callsOf(flow, state);
  const ui = useCallUi(calls !== null);
  if (calls === null || ui === null || conversationId === null) return null;
  return <ui.CallRequest controller={calls} conversationId={conversationId} locale={state.locale} />;
}
