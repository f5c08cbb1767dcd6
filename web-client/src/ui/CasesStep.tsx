// Step 3: the seeker's cases, with the one just opened first in mind.
import { caseStatusLabel } from "../domain/caseStatus.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { StepHeading } from "./Field.tsx";
import { localName } from "../i18n/topics.ts";
import { bookingPhaseInWords, isActiveBooking, slotInWords } from "../domain/appointmentTime.ts";
import { SlotList } from "./SlotList.tsx";
import { usePolling } from "./usePolling.ts";
import { LocalHelpSlot } from "./lazyLocalHelp.tsx";

export function CasesStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const { cases, createdCaseId } = state;
  const t = flow.t;
  const created =
    cases.status === "ready" ? cases.value.find((c) => c.caseId === createdCaseId) : undefined;
  // The appointments' state is kept current while "my cases" is open.
  usePolling(() => void flow.loadBookings());
  const active = state.bookings.status === "ready" ? state.bookings.value.filter(isActiveBooking) : [];
  const slotsShownFor = new Set<string>();
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
                    {(() => {
                      const booking = active.find((b) => b.caseId === c.caseId);
                      if (booking !== undefined) {
                        const phase = bookingPhaseInWords(booking, state.locale, t);
                        return (
                          <div class="appointment" role="status">
                            <p class="case__appointment-heading">
                              <strong>{t.casesAppointment}:</strong> {slotInWords(booking, state.locale, t)}
                            </p>
                            <p class={`status status--${phase.tone}`}>{phase.text}</p>
                            {phase.presence !== null && <p>{phase.presence}</p>}
                            <button
                              type="button"
                              class="link-button"
                              aria-describedby={`case-agency-${c.caseId}`}
                              onClick={() => flow.showBooking(booking.bookingId)}
                            >
                              {t.bookingShow}
                            </button>
                          </div>
                        );
                      }
                      // Free slots at the agency, once per agency, when nothing is booked there.
                      if (slotsShownFor.has(c.agency.id) || active.some((b) => b.agencyId === c.agency.id)) return null;
                      if (c.status === "closed" || c.status === "archived") return null;
                      slotsShownFor.add(c.agency.id);
                      return (
                        <SlotList
                          slots={state.slots[c.agency.id]}
                          headingId={`case-slots-${c.caseId}`}
                          describedBy={`case-agency-${c.caseId}`}
                          locale={state.locale}
                          t={t}
                          onPick={(slot) => flow.pickCaseSlot(c.caseId, slot)}
                        />
                      );
                    })()}
                    <LocalHelpSlot flow={flow} state={state} caseId={c.caseId} describedBy={`case-agency-${c.caseId}`} />
                    <button
                      type="button"
                      class="button button--secondary"
                      aria-describedby={`case-agency-${c.caseId}`}
                      onClick={() => void flow.openChat(c.caseId)}
                    >
                      {active.some((b) => b.caseId === c.caseId) ? t.bookingOpenChat : t.casesOpenChat}
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
