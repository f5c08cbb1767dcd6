// Loads the later screens (laterScreens.ts) when the app first needs one: on a later step, or as
// soon as the person is signed in (the cases screen follows). Until the chunk is there the screen
// area stays empty for that moment; the view model's focus request is applied once it renders.
import { useEffect, useState } from "preact/hooks";
import type { Step } from "../domain/SeekerFlow.ts";

export type LaterScreens = typeof import("./laterScreens.ts");

const laterSteps: ReadonlySet<Step> = new Set<Step>(["cases", "chat", "settings", "group", "booking", "liveChat"]);

let loading: Promise<LaterScreens> | null = null;
let loaded: LaterScreens | null = null;

function loadLaterScreens(): Promise<LaterScreens> {
  loading ??= import("./laterScreens.ts").then(
    (m) => (loaded = m),
    (err: unknown) => {
      loading = null; // a failed fetch is tried again the next time a later screen is wanted
      throw err;
    },
  );
  return loading;
}

export function isLaterStep(step: Step): boolean {
  return laterSteps.has(step);
}

/** The later screens' module, or null while it loads (or is not wanted yet). */
export function useLaterScreens(wanted: boolean): LaterScreens | null {
  const [screens, setScreens] = useState<LaterScreens | null>(loaded);
  useEffect(() => {
    if (!wanted || screens !== null) return;
    let live = true;
    loadLaterScreens().then(
      (m) => live && setScreens(m),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  return screens;
}
