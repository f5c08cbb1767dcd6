// Where "Beratung vor Ort" hooks into the case page: renders nothing until ui/LocalHelp.tsx (view,
// texts) has loaded on demand after sign-in. This file is all of it the first page carries.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { onDemand } from "./onDemand.ts";

const useLocalHelpUi = onDemand(() => import("./LocalHelp.tsx"));

export function LocalHelpSlot(props: { flow: SeekerFlow; state: FlowState; caseId: string; describedBy: string }) {
  const ui = useLocalHelpUi(true);
  return ui === null ? null : <ui.LocalHelp {...props} />;
}
