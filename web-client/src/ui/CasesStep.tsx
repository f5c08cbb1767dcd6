// Step 3: the seeker's cases, with the one just opened first in mind.
import { caseStatusLabel } from "../domain/caseStatus.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { StepHeading } from "./Field.tsx";
import { localName } from "../i18n/topics.ts";

export function CasesStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { cases, createdCaseId } = state;
  const t = flow.t;
  const created =
    cases.status === "ready" ? cases.value.find((c) => c.caseId === createdCaseId) : undefined;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{createdCaseId !== null ? t.casesHeadingCreated : t.casesHeading}</StepHeading>
      {createdCaseId !== null && (
        <p class="lead">
          {created !== undefined ? <strong>{created.agency.name}</strong> : t.casesCreatedFallback}{" "}
          {t.casesCreatedLead}
        </p>
      )}

      {cases.status === "loading" && <p role="status">{t.casesLoading}</p>}
      {cases.status === "failed" && (
        <div class="notice notice--error" role="alert">
          <p>{cases.message}</p>
          <button type="button" class="button button--secondary" onClick={() => void flow.loadCases()}>
            {t.reload}
          </button>
        </div>
      )}
      {cases.status === "ready" &&
        (cases.value.length === 0 ? (
          <p>{t.casesNone}</p>
        ) : (
          <>
            {createdCaseId !== null && <h2>{t.casesAllHeading}</h2>}
            <ul class="case-list">
              {cases.value.map((c) => {
                const status = caseStatusLabel(c.status, c.answered, t);
                return (
                  <li key={c.caseId} class={c.caseId === createdCaseId ? "case case--new" : "case"}>
                    <p class="case__topic">{localName(c.topic.name, state.locale)}</p>
                    <p class="case__agency" id={`case-agency-${c.caseId}`}>
                      {c.agency.name}, {c.agency.city}
                    </p>
                    <p class={`status status--${status.tone}`}>
                      <span class="visually-hidden">{t.casesStatusPrefix}</span>
                      {status.label}
                    </p>
                    {c.absenceMessage != null && c.absenceMessage !== "" && (
                      <p class="case__absence">
                        <strong>{t.absencePrefix}</strong>
                        {c.absenceMessage}
                      </p>
                    )}
                    <button
                      type="button"
                      class="button button--secondary"
                      aria-describedby={`case-agency-${c.caseId}`}
                      onClick={() => void flow.openChat(c.caseId)}
                    >
                      {t.casesOpenChat}
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        ))}

      <div class="actions">
        <button type="button" class="button" onClick={() => flow.startNewRequest()}>
          {t.casesNew}
        </button>
        <button type="button" class="button button--secondary" onClick={() => void flow.loadCases()}>
          {t.casesRefresh}
        </button>
        <button type="button" class="button button--secondary" onClick={() => flow.showGroups()}>
          {t.casesGroups}
        </button>
      </div>
    </section>
  );
}
