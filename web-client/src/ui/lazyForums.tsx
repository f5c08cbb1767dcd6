// Where the forum screens hook into the app: a slot that loads ui/ForumScreen.tsx (with its view
// model and texts) only when the "Austausch" step is shown. This file is all of the forums that the
// page carries before anyone opens them.
import { useEffect, useState } from "preact/hooks";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";

type ForumUi = typeof import("./ForumScreen.tsx");

let loading: Promise<ForumUi> | null = null;

export function ForumSlot({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const [ui, setUi] = useState<ForumUi | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (ui !== null) return;
    let live = true;
    loading ??= import("./ForumScreen.tsx");
    loading.then(
      (m) => live && setUi(m),
      () => {
        loading = null;
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [failed]);
  if (ui === null) {
    return failed ? (
      <p class="notice notice--error" role="alert">
        <button type="button" class="button button--secondary" onClick={() => setFailed(false)}>
          {flow.t.tryAgain}
        </button>
      </p>
    ) : (
      <p role="status" class="lead">
        …
      </p>
    );
  }
  return <ui.ForumScreen flow={flow} state={state} />;
}
