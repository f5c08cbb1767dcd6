// Binds the SeekerFlow view model to Preact: re-render on every state change, and move keyboard
// focus where the view model asks (step headings, the first field with an error, results).
import { useEffect, useState } from "preact/hooks";
import type { FlowState, FocusTarget, SeekerFlow } from "../domain/SeekerFlow.ts";
import { applyDocumentLanguage } from "../i18n/locale.ts";
import type { Locale } from "../i18n/locale.ts";

export function useFlowState(flow: SeekerFlow): FlowState {
  const [state, setState] = useState(flow.state);
  useEffect(() => {
    setState(flow.state);
    return flow.subscribe(setState);
  }, [flow]);
  return state;
}

export const focusElementId: Record<FocusTarget, string> = {
  heading: "step-heading",
  results: "search-results",
  topic: "field-topic",
  postcode: "field-postcode",
  username: "field-username",
  password: "field-password",
  email: "field-email",
  form: "form-error",
  composer: "step-heading",
  oldPassword: "field-oldPassword",
  newPassword: "field-newPassword",
  deletePassword: "field-deletePassword",
  deleteConfirmed: "field-deleteConfirmed",
  unlockPassword: "field-unlockPassword",
  cancelQuestion: "cancel-question",
  cancelButton: "booking-cancel",
  liveTopic: "field-liveTopic",
  livePostcode: "field-livePostcode",
  livePseudonym: "field-livePseudonym",
};

/** Keeps `<html lang>`, `<html dir>` and the page title in the chosen language. */
export function useDocumentLanguage(locale: Locale, title: string): void {
  useEffect(() => {
    applyDocumentLanguage(document.documentElement, locale);
    document.title = title;
  }, [locale, title]);
}

/**
 * Focuses the requested element after the render that follows a focus request. `ready` is false
 * while the screen is still loading (lazyScreens.tsx); the request is applied once it is there.
 */
export function useFocusRequests(focus: FlowState["focus"], ready = true): void {
  useEffect(() => {
    // seq 0 is the initial state: leave the page's natural focus alone on first load.
    if (focus.seq === 0 || !ready) return;
    const element = document.getElementById(focusElementId[focus.target]);
    if (element === null) return;
    element.focus();
    if (focus.target === "heading" || focus.target === "results") {
      element.scrollIntoView({ block: "start" });
    }
  }, [focus.seq, ready]);
}
