// Between step 2 and 3: the case is being created.
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { FormError, StepHeading } from "./Field.tsx";

export function OpeningStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const error = state.opening.error;
  const t = flow.t;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{t.openingHeading}</StepHeading>
      {error === null ? (
        <p role="status" class="lead">
          {t.openingWait}
        </p>
      ) : (
        <>
          <FormError message={error} />
          <div class="actions">
            <button type="button" class="button" onClick={() => void flow.retryOpenCase()}>
              {t.tryAgain}
            </button>
            <button type="button" class="button button--secondary" onClick={() => flow.backToSearch()}>
              {t.otherAgency}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
