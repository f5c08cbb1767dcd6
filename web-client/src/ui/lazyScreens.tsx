// Loads the later screens (laterScreens.ts) with their texts in the current language
// (i18n/later/<language>.ts) when the app first needs one: on a later step, or as soon as the
// person is signed in (the cases screen follows). Until both are there the screen area stays empty
// for that moment; the view model's focus request is applied once it renders.
import { useEffect, useState } from "preact/hooks";
import type { Step } from "../domain/SeekerFlow.ts";
import type { Locale } from "../i18n/locale.ts";
import { loadLaterMessages } from "../i18n/messages.ts";

export type LaterScreens = typeof import("./laterScreens.ts");

const laterSteps: ReadonlySet<Step> = new Set<Step>(["cases", "chat", "settings", "group", "booking", "liveChat"]);

let loading: Promise<LaterScreens> | null = null;
let loaded: LaterScreens | null = null;

function loadLaterScreens(locale: Locale): Promise<LaterScreens> {
  loading ??= Promise.all([import("./laterScreens.ts"), loadLaterMessages(locale)]).then(
    ([m]) => (loaded = m),
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
export function useLaterScreens(wanted: boolean, locale: Locale): LaterScreens | null {
  const [screens, setScreens] = useState<LaterScreens | null>(loaded);
  useEffect(() => {
    if (!wanted || screens !== null) return;
    let live = true;
    loadLaterScreens(locale).then(
      (m) => live && setScreens(m),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [wanted]);
  return screens;
}
