// The app shell: header, progress, the current step, a privacy note.
import type { SeekerFlow, Step } from "../domain/SeekerFlow.ts";
import { AccountStep } from "./AccountStep.tsx";
import { LandingStep } from "./LandingStep.tsx";
import { FindAgencyStep } from "./FindAgencyStep.tsx";
import { OpeningStep } from "./OpeningStep.tsx";
import { GroupsSlot } from "./lazyGroups.tsx";
import { LiveStep } from "./LiveStep.tsx";
import { isLaterStep, useLaterScreens } from "./lazyScreens.tsx";
import { ForumSlot } from "./lazyForums.tsx";
import { useDocumentLanguage, useFlowState, useFocusRequests } from "./useFlow.ts";
import { useEffect } from "preact/hooks";
import { doubleEscape, leaveNow, quickExitUrl } from "../domain/quickExit.ts";

const QUICK_EXIT_URL = quickExitUrl(import.meta.env.VITE_LOTSE_QUICK_EXIT_URL);
const quickExit = () => leaveNow(QUICK_EXIT_URL, window);

const progress: Partial<Record<Step, number>> = { find: 1, account: 2, opening: 3 };

export function App({ flow }: { flow: SeekerFlow }) {
  const state = useFlowState(flow);
  // Cases, conversation, settings, group chat, booking and live chat (and their texts) come on demand.
  const later = useLaterScreens(state.signedIn || isLaterStep(state.step), state.locale);
  useFocusRequests(state.focus, later !== null || !isLaterStep(state.step));
  useDocumentLanguage(state.locale, flow.t.documentTitle);
  const t = flow.t;
  const stepNumber = state.signedIn ? undefined : progress[state.step];
  // Escape twice, anywhere on any screen: leave at once.
  useEffect(() => {
    const press = doubleEscape();
    const onKey = (e: KeyboardEvent) => {
      if (press(e.key, Date.now())) quickExit();
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);
  return (
    <>
      <div class="quick-exit-bar">
        <button type="button" class="quick-exit" aria-label={t.quickExitLabel} onClick={quickExit}>
          {t.quickExit}
        </button>
      </div>
      <header class="header">
        <div class="header__inner">
          <p class="brand">
            Lotse <span class="brand__tagline">{t.brandTagline}</span>
          </p>
          {state.signedIn && (
            <nav aria-label={t.navLabel} class="nav">
              <button type="button" class="link-button link-button--light" onClick={() => flow.showCases()}>
                {t.navCases}
              </button>
              <button type="button" class="link-button link-button--light" onClick={() => flow.showForums()}>
                {t.landingForums}
              </button>
              <button type="button" class="link-button link-button--light" onClick={() => flow.showSettings()}>
                {t.navAccount}
              </button>
              <button type="button" class="link-button link-button--light" onClick={() => flow.signOut()}>
                {t.navSignOut}
              </button>
            </nav>
          )}
        </div>
      </header>
      <main class="main">
        {stepNumber !== undefined && <p class="progress">{t.progress(stepNumber, 3)}</p>}
        {state.step === "landing" && <LandingStep flow={flow} state={state} />}
        {state.step === "chat" && later && <later.ChatStep flow={flow} state={state} />}
        {state.step === "settings" && later && <later.SettingsStep flow={flow} state={state} />}
        {state.step === "find" && <FindAgencyStep flow={flow} state={state} />}
        {state.step === "account" && <AccountStep flow={flow} state={state} />}
        {state.step === "opening" && <OpeningStep flow={flow} state={state} />}
        {state.step === "cases" && later && <later.CasesStep flow={flow} state={state} />}
        {state.step === "groups" && <GroupsSlot flow={flow} state={state} />}
        {state.step === "group" && later && <later.GroupChatStep flow={flow} state={state} />}
        {state.step === "booking" && later && <later.BookingStep flow={flow} state={state} />}
        {state.step === "live" && <LiveStep flow={flow} state={state} />}
        {state.step === "liveChat" && later && <later.LiveChatStep flow={flow} state={state} />}
        {state.step === "forums" && <ForumSlot flow={flow} state={state} />}
      </main>
      {/* Calls ring only for someone signed in: the layer comes with the later screens. */}
      {later && <later.CallLayerSlot flow={flow} state={state} />}
      {/* The footer promises encryption; a forum is not end-to-end encrypted by default and says so itself. */}
      {state.step !== "forums" && (
        <footer class="footer">
          <p>{t.footer}</p>
        </footer>
      )}
    </>
  );
}
