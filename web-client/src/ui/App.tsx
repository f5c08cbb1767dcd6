// The app shell: header, progress, the current step, a privacy note.
import type { SeekerFlow, Step } from "../domain/SeekerFlow.ts";
import { AccountStep } from "./AccountStep.tsx";
import { CasesStep } from "./CasesStep.tsx";
import { ChatStep } from "./ChatStep.tsx";
import { LandingStep } from "./LandingStep.tsx";
import { SettingsStep } from "./SettingsStep.tsx";
import { FindAgencyStep } from "./FindAgencyStep.tsx";
import { OpeningStep } from "./OpeningStep.tsx";
import { GroupsStep } from "./GroupsStep.tsx";
import { GroupChatStep } from "./GroupChatStep.tsx";
import { BookingStep } from "./BookingStep.tsx";
import { LiveChatStep, LiveStep } from "./LiveStep.tsx";
import { CallLayerSlot } from "./lazyCalls.tsx";
import { ForumSlot } from "./lazyForums.tsx";
import { useDocumentLanguage, useFlowState, useFocusRequests } from "./useFlow.ts";
import { useEffect } from "preact/hooks";
import { doubleEscape, leaveNow, quickExitUrl } from "../domain/quickExit.ts";

const QUICK_EXIT_URL = quickExitUrl(import.meta.env.VITE_LOTSE_QUICK_EXIT_URL);
const quickExit = () => leaveNow(QUICK_EXIT_URL, window);

const progress: Partial<Record<Step, number>> = { find: 1, account: 2, opening: 3 };

export function App({ flow }: { flow: SeekerFlow }) {
  const state = useFlowState(flow);
  useFocusRequests(state.focus);
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
        {state.step === "chat" && <ChatStep flow={flow} state={state} />}
        {state.step === "settings" && <SettingsStep flow={flow} state={state} />}
        {state.step === "find" && <FindAgencyStep flow={flow} state={state} />}
        {state.step === "account" && <AccountStep flow={flow} state={state} />}
        {state.step === "opening" && <OpeningStep flow={flow} state={state} />}
        {state.step === "cases" && <CasesStep flow={flow} state={state} />}
        {state.step === "groups" && <GroupsStep flow={flow} state={state} />}
        {state.step === "group" && <GroupChatStep flow={flow} state={state} />}
        {state.step === "booking" && <BookingStep flow={flow} state={state} />}
        {state.step === "live" && <LiveStep flow={flow} state={state} />}
        {state.step === "liveChat" && <LiveChatStep flow={flow} state={state} />}
        {state.step === "forums" && <ForumSlot flow={flow} state={state} />}
      </main>
      <CallLayerSlot flow={flow} state={state} />
      <footer class="footer">
        <p>{t.footer}</p>
      </footer>
    </>
  );
}
