// A chat appointment: confirm the chosen slot (with the reminder opt-in), the confirmation with
// the calendar file, cancelling (asked again) and choosing a new slot; a refused booking in words
// with the next free slots.
import type { Booking } from "../api/types.ts";
import { bookingPhaseInWords, slotInWords } from "../domain/appointmentTime.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { FormError, StepHeading } from "./Field.tsx";
import { SlotList } from "./SlotList.tsx";
import { usePolling } from "./usePolling.ts";

/** Saves text as a file download (a Blob URL: no token or id ever goes into an address). */
export function saveFile(text: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function BookingStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = flow.t;
  const b = state.booking;
  const heading = b.view === "booked" ? t.bookingDoneHeading : b.view === "cancelled" ? t.bookingCancelledStatus : t.bookingHeading;
  const agencyName = b.agency === null ? "" : `${b.agency.name}, ${b.agency.city}`;
  return (
    <section aria-labelledby="step-heading">
      <StepHeading>{heading}</StepHeading>
      {b.view === "confirm" && <Confirm flow={flow} state={state} agencyName={agencyName} />}
      {b.view === "booked" && state.signedIn && <Booked flow={flow} state={state} agencyName={agencyName} />}
      {b.view === "cancelled" && (
        <>
          <p class="lead" role="status">
            {t.bookingCancelled}
          </p>
          {agencyName !== "" && (
            <p id="booking-agency">
              <strong>{agencyName}</strong>
            </p>
          )}
          <FormError message={b.error ?? undefined} />
        </>
      )}
      {(b.view === "cancelled" || b.freshSlots !== null) && b.agency !== null && (
        <SlotList
          slots={b.freshSlots !== null ? { status: "ready", value: b.freshSlots } : state.slots[b.agency.id]}
          heading={t.bookingOtherSlots}
          headingId="booking-other-slots"
          describedBy="booking-agency"
          locale={state.locale}
          t={t}
          noneText={t.bookingNoneFree}
          onPick={(slot) => flow.pickOtherSlot(slot)}
        />
      )}
      <div class="alternatives">
        <button type="button" class="link-button" onClick={() => flow.leaveBooking()}>
          {state.signedIn ? t.chatBackToCases : t.bookingBack}
        </button>
      </div>
    </section>
  );
}

function Confirm({ flow, state, agencyName }: { flow: SeekerFlow; state: FlowState; agencyName: string }) {
  const t = flow.t;
  const b = state.booking;
  if (b.slot === null) return null;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    void flow.confirmBooking();
  };
  return (
    <>
      <p class="lead" id="booking-agency">
        {t.bookingLead(agencyName)}
      </p>
      <p class="appointment__when">
        <strong>{slotInWords(b.slot, state.locale, t)}</strong>
      </p>
      <form class="form" onSubmit={onSubmit} noValidate>
        <div>
          <label class="checkbox booking__remind">
            <input
              id="field-remind"
              type="checkbox"
              checked={b.remind}
              aria-describedby="field-remind-hint"
              onChange={(e) => flow.setBookingReminder(e.currentTarget.checked)}
            />
            {t.bookingRemindLabel}
          </label>
          <p class="field__hint" id="field-remind-hint">
            {t.bookingRemindHint}
          </p>
        </div>
        {!state.signedIn && <p class="field__hint">{t.bookingSignInFirst}</p>}
        <FormError message={b.error ?? undefined} />
        {b.freshSlots === null && (
          <button type="submit" class="button" disabled={b.busy !== null}>
            {b.busy === "booking" ? t.busy : t.bookingSubmit}
          </button>
        )}
      </form>
    </>
  );
}

function Booked({ flow, state, agencyName }: { flow: SeekerFlow; state: FlowState; agencyName: string }) {
  const t = flow.t;
  const b = state.booking;
  usePolling(() => void flow.loadBookings());
  const booking: Booking | undefined = flow.currentBooking;
  const span = booking ?? b.slot;
  const phase = booking === undefined ? null : bookingPhaseInWords(booking, state.locale, t);
  const downloadIcs = async () => {
    const text = await flow.bookingCalendar();
    if (text !== null) saveFile(text, "termin.ics", "text/calendar");
  };
  return (
    <>
      {agencyName !== "" && (
        <p class="lead" id="booking-agency">
          {t.bookingDoneLead(agencyName)}
        </p>
      )}
      {span !== null && (
        <p class="appointment__when">
          <strong>{slotInWords(span, state.locale, t)}</strong>
        </p>
      )}
      {phase !== null && (
        <div class="appointment" role="status">
          <p class={`status status--${phase.tone}`}>{phase.text}</p>
          {phase.presence !== null && <p>{phase.presence}</p>}
        </div>
      )}
      {b.remind && <p>{t.bookingRemindOn}</p>}
      <FormError message={b.error ?? undefined} />
      <div class="actions">
        <button type="button" class="button" disabled={b.busy !== null} onClick={() => void downloadIcs()}>
          {b.busy === "calendar" ? t.busy : t.bookingIcs}
        </button>
        {booking !== undefined && (
          <button type="button" class="button button--secondary" onClick={() => void flow.openBookingChat(booking.caseId)}>
            {t.bookingOpenChat}
          </button>
        )}
      </div>
      {b.confirmCancel ? (
        <div class="notice" role="group" aria-labelledby="cancel-question">
          <p id="cancel-question" tabIndex={-1}>
            {t.bookingCancelConfirm}
          </p>
          <div class="actions">
            <button type="button" class="button" disabled={b.busy !== null} onClick={() => void flow.cancelBooking()}>
              {b.busy === "cancelling" ? t.busy : t.bookingCancelYes}
            </button>
            <button type="button" class="button button--secondary" onClick={() => flow.keepBooking()}>
              {t.bookingCancelNo}
            </button>
          </div>
        </div>
      ) : (
        booking !== undefined &&
        (booking.phase === "upcoming" || booking.phase === "due_soon") && (
          <div class="actions">
            <button type="button" id="booking-cancel" class="button button--secondary" onClick={() => flow.askCancelBooking()}>
              {t.bookingCancel}
            </button>
          </div>
        )
      )}
    </>
  );
}
