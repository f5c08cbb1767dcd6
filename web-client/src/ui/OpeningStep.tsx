// Between step 2 and 3: the case is being created.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { FormError, StepHeading } from "./Field.tsx";

export function OpeningStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const error = state.opening.error;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>Deine Anfrage wird angelegt</StepHeading>
      {error === null ? (
        <p role="status" class="lead">
          Einen Moment bitte …
        </p>
      ) : (
        <>
          <FormError message={error} />
          <div class="actions">
            <button type="button" class="button" onClick={() => void flow.retryOpenCase()}>
              Noch einmal versuchen
            </button>
            <button type="button" class="button button--secondary" onClick={() => flow.backToSearch()}>
              Andere Beratungsstelle wählen
            </button>
          </div>
        </>
      )}
    </section>
  );
}
