// The landing page: what Lotse is, the topics, how anonymity works — in plain language.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { StepHeading } from "./Field.tsx";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { localName, sortedByName } from "../i18n/topics.ts";
import { LiveOffer } from "./LiveStep.tsx";

export function LandingStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = flow.t;
  const topics = state.topics.status === "ready" ? sortedByName(state.topics.value, state.locale) : [];
  return (
    <section aria-labelledby="step-heading">
      {state.linkNote && state.linkTexts !== null && (
        <p class="notice" role="status">
          {state.linkTexts[state.locale].note}
        </p>
      )}
      {state.farewell !== null && (
        <p class="notice" role="status">
          {state.farewell}
        </p>
      )}
      <LanguageSwitcher flow={flow} state={state} />
      <StepHeading>{t.landingHeading}</StepHeading>
      <p class="lead">{t.landingLead}</p>
      <LiveOffer flow={flow} state={state} />
      <div class="actions">
        <button type="button" class="button" onClick={() => flow.beginSearch()}>
          {t.landingFind}
        </button>
        <button type="button" class="button button--secondary" onClick={() => flow.beginLogin()}>
          {t.landingHaveAccount}
        </button>
        <button type="button" class="button button--secondary" onClick={() => flow.showGroups()}>
          {t.landingGroups}
        </button>
        <button type="button" class="button button--secondary" onClick={() => flow.showForums()}>
          {t.landingForums}
        </button>
      </div>

      <h2>{t.landingAnonHeading}</h2>
      <ul class="plain-list">
        {t.landingAnonPoints.map((point) => (
          <li key={point}>{point}</li>
        ))}
      </ul>

      {topics.length > 0 && (
        <>
          <h2>{t.landingTopicsHeading}</h2>
          <ul class="topic-list">
            {topics.map((topic) => (
              <li key={topic.id}>{localName(topic.name, state.locale)}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
