// Step 3: the seeker's cases, with the one just opened first in mind.
import { caseStatusLabel } from "../domain/caseStatus.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { StepHeading } from "./Field.tsx";

export function CasesStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { cases, createdCaseId } = state;
  const created =
    cases.status === "ready" ? cases.value.find((c) => c.caseId === createdCaseId) : undefined;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{createdCaseId !== null ? "Deine Anfrage ist angelegt" : "Deine Anfragen"}</StepHeading>
      {createdCaseId !== null && (
        <p class="lead">
          {created !== undefined ? <strong>{created.agency.name}</strong> : "Die Beratungsstelle"}{" "}
          hat deine Anfrage bekommen. Eine Beraterin oder ein Berater meldet sich bei dir. Schau
          einfach später wieder hier vorbei.
        </p>
      )}

      {cases.status === "loading" && <p role="status">Deine Anfragen werden geladen …</p>}
      {cases.status === "failed" && (
        <div class="notice notice--error" role="alert">
          <p>{cases.message}</p>
          <button type="button" class="button button--secondary" onClick={() => void flow.loadCases()}>
            Noch einmal laden
          </button>
        </div>
      )}
      {cases.status === "ready" &&
        (cases.value.length === 0 ? (
          <p>Du hast noch keine Anfragen.</p>
        ) : (
          <>
            {createdCaseId !== null && <h2>Alle deine Anfragen</h2>}
            <ul class="case-list">
              {cases.value.map((c) => {
                const status = caseStatusLabel(c.status);
                return (
                  <li key={c.caseId} class={c.caseId === createdCaseId ? "case case--new" : "case"}>
                    <p class="case__topic">{c.topic.name.de}</p>
                    <p class="case__agency" id={`case-agency-${c.caseId}`}>
                      {c.agency.name}, {c.agency.city}
                    </p>
                    <p class={`status status--${status.tone}`}>
                      <span class="visually-hidden">Stand: </span>
                      {status.label}
                    </p>
                    {c.absenceMessage != null && c.absenceMessage !== "" && (
                      <p class="case__absence">
                        <strong>Nachricht deiner Beratung: </strong>
                        {c.absenceMessage}
                      </p>
                    )}
                    <button
                      type="button"
                      class="button button--secondary"
                      aria-describedby={`case-agency-${c.caseId}`}
                      onClick={() => void flow.openChat(c.caseId)}
                    >
                      Unterhaltung öffnen
                    </button>
                  </li>
                );
              })}
            </ul>
          </>
        ))}

      <div class="actions">
        <button type="button" class="button" onClick={() => flow.startNewRequest()}>
          Weitere Anfrage stellen
        </button>
        <button type="button" class="button button--secondary" onClick={() => void flow.loadCases()}>
          Aktualisieren
        </button>
      </div>
    </section>
  );
}
