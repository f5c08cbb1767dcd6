// Where the forum screens hook into the app: a slot that loads ui/ForumScreen.tsx (with its view
// model, texts and styles) only when the "Austausch" step is shown. This file is all of the forums
// that the page carries before anyone opens them; a failed load is tried again on the next visit.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { onDemand } from "./onDemand.ts";

const useForumUi = onDemand(() => import("./ForumScreen.tsx"));

export function ForumSlot({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const ui = useForumUi(true);
  return ui === null ? null : <ui.ForumScreen flow={flow} state={state} />;
}
