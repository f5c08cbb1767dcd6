// The landing page: what Lotse is, the topics, how anonymity works — in plain language.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { StepHeading } from "./Field.tsx";

export function LandingStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const topics = state.topics.status === "ready" ? state.topics.value : [];
  return (
    <section aria-labelledby="step-heading">
      {state.farewell !== null && (
        <p class="notice" role="status">
          {state.farewell}
        </p>
      )}
      <StepHeading>Du musst nicht allein damit bleiben</StepHeading>
      <p class="lead">
        Lotse ist eine anonyme Online-Beratung. Du schreibst einer Beratungsstelle in deiner Nähe,
        und eine ausgebildete Beraterin oder ein Berater antwortet dir – kostenlos und vertraulich.
      </p>
      <div class="actions">
        <button type="button" class="button" onClick={() => flow.beginSearch()}>
          Beratung finden
        </button>
        <button type="button" class="button button--secondary" onClick={() => flow.beginLogin()}>
          Ich habe schon einen Zugang
        </button>
      </div>

      <h2>So bleibst du anonym</h2>
      <ul class="plain-list">
        <li>Du wählst einen Fantasienamen. Deinen echten Namen brauchen wir nicht.</li>
        <li>
          Deine Nachrichten werden auf deinem Gerät verschlüsselt. Lesen können sie nur du und die
          Beratungsstelle – wir als Betreiber nicht.
        </li>
        <li>Eine E-Mail-Adresse ist freiwillig und nur für Hinweise auf neue Antworten da.</li>
        <li>Du kannst deinen Zugang jederzeit selbst löschen.</li>
      </ul>

      {topics.length > 0 && (
        <>
          <h2>Wobei wir helfen</h2>
          <ul class="topic-list">
            {topics.map((t) => (
              <li key={t.id}>{t.name.de}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
