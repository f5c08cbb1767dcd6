// Where "Beratung vor Ort" hooks into the case page: renders nothing until ui/LocalHelp.tsx (view,
// texts) has loaded on demand after sign-in. This file is all of it the first page carries.
import { useEffect, useState } from "preact/hooks";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";

type LocalHelpUi = typeof import("./LocalHelp.tsx");
let loading: Promise<LocalHelpUi> | null = null;

export function LocalHelpSlot(props: { flow: SeekerFlow; state: FlowState; caseId: string; describedBy: string }) {
  const [ui, setUi] = useState<LocalHelpUi | null>(null);
  useEffect(() => {
    let live = true;
    loading ??= import("./LocalHelp.tsx");
    loading.then(
      (m) => live && setUi(m),
      () => (loading = null),
    );
    return () => {
      live = false;
    };
  }, []);
  return ui === null ? null : <ui.LocalHelp {...props} />;
}
