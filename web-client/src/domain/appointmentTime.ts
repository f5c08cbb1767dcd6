// Chat appointments in words, in the chosen language and in the time zone the platform keeps its
// consultation hours in (the API names it; Europe/Berlin when an older API does not).
import type { Booking, Slot } from "../api/types.ts";
import { intlLocale } from "../i18n/locale.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Messages } from "../i18n/messages.ts";

export const DEFAULT_TIME_ZONE = "Europe/Berlin";

type Span = { startsAt: string; endsAt: string; timeZone?: string };

function parts(span: Span, locale: Locale): { day: string; from: string; to: string } {
  const timeZone = span.timeZone ?? DEFAULT_TIME_ZONE;
  const intl = intlLocale(locale);
  const dayFormat = new Intl.DateTimeFormat(intl, { weekday: "long", day: "numeric", month: "long", timeZone });
  const timeFormat = new Intl.DateTimeFormat(intl, { hour: "2-digit", minute: "2-digit", timeZone });
  return {
    day: dayFormat.format(new Date(span.startsAt)),
    from: timeFormat.format(new Date(span.startsAt)),
    to: timeFormat.format(new Date(span.endsAt)),
  };
}

/** "Dienstag, 8. Dezember, 16:00–16:45 Uhr" / "Tuesday 8 December, 16:00–16:45". */
export function slotInWords(slot: Slot | Span, locale: Locale, t: Messages): string {
  const p = parts(slot, locale);
  return t.slotWhen(p.day, `${p.from}–${p.to}`);
}

/**
 * Where an appointment stands, in words: "am Dienstag, 8. Dezember um 16:00 Uhr", "beginnt in
 * wenigen Minuten", "läuft jetzt" (+ whether the counselor is there), or that it is over.
 */
export function bookingPhaseInWords(booking: Booking, locale: Locale, t: Messages): { text: string; presence: string | null; tone: "waiting" | "active" | "done" } {
  if (booking.status === "cancelled") return { text: t.bookingCancelledStatus, presence: null, tone: "done" };
  switch (booking.phase) {
    case "due_soon":
      return { text: t.bookingDueSoon, presence: null, tone: "active" };
    case "running":
      return { text: t.bookingRunning, presence: booking.counselorThere ? t.bookingCounselorThere : t.bookingCounselorNotYet, tone: "active" };
    case "over":
      return { text: t.bookingOver, presence: null, tone: "done" };
    default: {
      const p = parts(booking, locale);
      return { text: t.bookingUpcoming(p.day, p.from), presence: null, tone: "waiting" };
    }
  }
}

/** A booking still to come or running (the ones "my cases" shows). */
export function isActiveBooking(b: Booking): boolean {
  return b.status === "booked" && b.phase !== "over";
}
