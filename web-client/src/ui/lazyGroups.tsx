// Where the groups list hooks into the app: a slot that loads ui/GroupsStep.tsx only when the
// "Gruppen" step is shown (reached by a click), so it is not part of the first download.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { onDemand } from "./onDemand.ts";

const useGroupsUi = onDemand(() => import("./GroupsStep.tsx"));

export function GroupsSlot({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const ui = useGroupsUi(true);
  return ui === null ? null : <ui.GroupsStep flow={flow} state={state} />;
}
