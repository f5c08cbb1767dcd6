// Consultation hours ("Sprechstunden") and bookings, as pure rules: an agency publishes weekly
// slots (weekday, local start time, length, counselor) in the policy's time zone and one-off slots,
// and blocks whole days (holidays). Seekers book one occurrence of a slot. Everything here works on
// instants (Date) and wall times of the time zone, so a weekly slot at 17:00 stays at 17:00 on the
// clock across the change to and from daylight saving time.
import type { BotMessages } from "./bot/botMessages.ts";
import { botMessagesDe } from "./bot/botMessagesDe.ts";
import { instantOfWallTime, wallTimeIn, type WallTime } from "./wallTime.ts";

export type ConsultationPolicy = {
  /** IANA time zone the weekly slots and blocked days are read in. */
  timeZone: string;
  /** Shortest and longest slot, in minutes. */
  minSlotMinutes: number;
  maxSlotMinutes: number;
  /** How far ahead slots are offered (days). */
  bookingHorizonDays: number;
  /** Bookings one seeker may make per (local) day, over all agencies. */
  maxBookingsPerDay: number;
  /** The counselor's notice this many minutes before the start. */
  reminderMinutesBefore: number;
  /** After the start, how long to wait for the other side before recording a no-show. */
  noShowGraceMinutes: number;
  /** The seeker's reminder e-mail (if they asked for one) this many minutes before the start. */
  seekerReminderMinutesBefore: number;
};

export const defaultConsultationPolicy: ConsultationPolicy = {
  timeZone: "Europe/Berlin",
  minSlotMinutes: 15,
  maxSlotMinutes: 180,
  bookingHorizonDays: 28,
  maxBookingsPerDay: 2,
  reminderMinutesBefore: 15,
  noShowGraceMinutes: 10,
  seekerReminderMinutesBefore: 60,
};

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A recurring weekly slot: every `weekday` at `start` (local "HH:MM") for `minutes`. */
export type WeeklySlot = { id: string; weekday: Weekday; start: string; minutes: number; counselorId: string };

/** A slot on one day only. */
export type OneOffSlot = { id: string; startsAt: Date; minutes: number; counselorId: string };

/** One bookable occurrence. `key` names it for good: a booking refers to it, two bookings cannot. */
export type SlotOccurrence = { key: string; slotId: string; startsAt: Date; endsAt: Date; counselorId: string };

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const hhmm = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "YYYY-MM-DD" of an instant on the clocks of `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const w = wallTimeIn(instant, timeZone);
  return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

/** The key of a weekly slot's occurrence on a local date; of a one-off slot, its id. */
export function occurrenceKey(slot: { kind: "weekly"; id: string; date: string } | { kind: "once"; id: string }): string {
  return slot.kind === "weekly" ? `w:${slot.id}:${slot.date}` : `o:${slot.id}`;
}

export type SlotViolation = { field: string; message: string };

/** Why a weekly slot cannot be saved, or null. */
export function weeklySlotViolation(slot: Omit<WeeklySlot, "id">, policy: ConsultationPolicy = defaultConsultationPolicy): SlotViolation | null {
  if (!Number.isInteger(slot.weekday) || slot.weekday < 1 || slot.weekday > 7) return { field: "weekday", message: "weekday must be 1 (Monday) to 7 (Sunday)" };
  if (!hhmm.test(slot.start)) return { field: "start", message: "start must be a time of day as HH:MM" };
  return lengthViolation(slot.minutes, policy);
}

/** Why a one-off slot cannot be saved (also: one in the past), or null. */
export function oneOffSlotViolation(slot: Omit<OneOffSlot, "id">, now: Date, policy: ConsultationPolicy = defaultConsultationPolicy): SlotViolation | null {
  if (Number.isNaN(slot.startsAt.getTime())) return { field: "startsAt", message: "startsAt must be a date and time" };
  if (slot.startsAt.getTime() <= now.getTime()) return { field: "startsAt", message: "the slot lies in the past" };
  if (slot.startsAt.getTime() > now.getTime() + 366 * DAY) return { field: "startsAt", message: "the slot lies more than a year ahead" };
  return lengthViolation(slot.minutes, policy);
}

function lengthViolation(minutes: number, policy: ConsultationPolicy): SlotViolation | null {
  if (!Number.isInteger(minutes) || minutes < policy.minSlotMinutes || minutes > policy.maxSlotMinutes) {
    return { field: "minutes", message: `a slot lasts ${policy.minSlotMinutes} to ${policy.maxSlotMinutes} minutes` };
  }
  return null;
}

/**
 * Every occurrence of the slots that starts in [from, to), except on blocked local dates, sorted by
 * start (then key). Weekly slots are placed by wall time in the policy's time zone; a start that
 * does not exist on the clock (the hour skipped when DST begins) moves one hour later.
 */
export function slotOccurrences(
  input: { weekly: readonly WeeklySlot[]; oneOff: readonly OneOffSlot[]; blockedDates: readonly string[] },
  from: Date,
  to: Date,
  timeZone: string = defaultConsultationPolicy.timeZone,
): SlotOccurrence[] {
  const blocked = new Set(input.blockedDates);
  const out: SlotOccurrence[] = [];
  // Walk the local dates from the day before `from` (a slot may start late the evening before in
  // UTC terms) to the day of `to`.
  for (let t = from.getTime() - DAY; t <= to.getTime() + DAY; t += DAY) {
    const w = wallTimeIn(new Date(t), timeZone);
    const date = `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
    if (blocked.has(date)) continue;
    const weekday = isoWeekday(w);
    for (const s of input.weekly) {
      if (s.weekday !== weekday) continue;
      const m = hhmm.exec(s.start);
      if (!m) continue;
      const startsAt = instantOfWallTime({ year: w.year, month: w.month, day: w.day, hour: Number(m[1]), minute: Number(m[2]), second: 0, ms: 0 }, timeZone);
      if (startsAt < from || startsAt >= to) continue;
      out.push({ key: occurrenceKey({ kind: "weekly", id: s.id, date }), slotId: s.id, startsAt, endsAt: new Date(startsAt.getTime() + s.minutes * MINUTE), counselorId: s.counselorId });
    }
  }
  for (const s of input.oneOff) {
    if (s.startsAt < from || s.startsAt >= to) continue;
    if (blocked.has(localDate(s.startsAt, timeZone))) continue;
    out.push({ key: occurrenceKey({ kind: "once", id: s.id }), slotId: s.id, startsAt: s.startsAt, endsAt: new Date(s.startsAt.getTime() + s.minutes * MINUTE), counselorId: s.counselorId });
  }
  // The walk visits a date twice only if a day had 25 hours; keep each occurrence once.
  const unique = new Map(out.map((o) => [o.key, o]));
  return [...unique.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.key.localeCompare(b.key));
}

function isoWeekday(w: WallTime): Weekday {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  return (d === 0 ? 7 : d) as Weekday;
}

/** A weekly slot's start and end in minutes since Monday 00:00 on the clock. */
function weeklyWindow(s: WeeklySlot): [number, number] {
  const m = hhmm.exec(s.start);
  const start = (s.weekday - 1) * 24 * 60 + (m ? Number(m[1]) * 60 + Number(m[2]) : 0);
  return [start, start + s.minutes];
}

/**
 * Two weekly slots of the same counselor that overlap on the clock (also across midnight into the
 * next weekday, and from Sunday into Monday), or null.
 */
export function overlappingWeeklySlots(slots: readonly WeeklySlot[]): [WeeklySlot, WeeklySlot] | null {
  const WEEK = 7 * 24 * 60;
  for (let i = 0; i < slots.length; i++) {
    for (let j = i + 1; j < slots.length; j++) {
      const a = slots[i]!;
      const b = slots[j]!;
      if (a.counselorId !== b.counselorId) continue;
      const [a0, a1] = weeklyWindow(a);
      const [b0, b1] = weeklyWindow(b);
      for (const shift of [-WEEK, 0, WEEK]) {
        if (a0 < b1 + shift && b0 + shift < a1) return [a, b];
      }
    }
  }
  return null;
}

/** Two occurrences of the same counselor that overlap in time, or null. */
export function overlappingOccurrences(occurrences: readonly SlotOccurrence[]): [SlotOccurrence, SlotOccurrence] | null {
  const byCounselor = new Map<string, SlotOccurrence[]>();
  for (const o of occurrences) byCounselor.set(o.counselorId, [...(byCounselor.get(o.counselorId) ?? []), o]);
  for (const list of byCounselor.values()) {
    const sorted = [...list].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.startsAt < sorted[i - 1]!.endsAt) return [sorted[i - 1]!, sorted[i]!];
    }
  }
  return null;
}

/** The next `limit` occurrences that start after `now` and nobody has booked. */
export function nextFreeSlots(occurrences: readonly SlotOccurrence[], bookedKeys: ReadonlySet<string>, now: Date, limit: number): SlotOccurrence[] {
  return occurrences.filter((o) => o.startsAt > now && !bookedKeys.has(o.key)).slice(0, limit);
}

export type BookingRefusal = "in_the_past" | "not_offered" | "taken" | "open_booking_exists" | "daily_limit";

export type BookingDecision = { ok: true } | { ok: false; reason: BookingRefusal };

/**
 * May this seeker book this occurrence? Decided on what the caller read under lock: whether the
 * occurrence is (still) offered, already booked, the seeker's open bookings at the agency and
 * bookings made today (local day). The database's unique index on the occurrence key decides the
 * last race.
 */
export function decideBooking(
  input: { occurrence: SlotOccurrence | undefined; now: Date; taken: boolean; openBookingsAtAgency: number; bookingsToday: number },
  policy: ConsultationPolicy = defaultConsultationPolicy,
): BookingDecision {
  if (!input.occurrence) return { ok: false, reason: "not_offered" };
  if (input.occurrence.startsAt <= input.now) return { ok: false, reason: "in_the_past" };
  if (input.taken) return { ok: false, reason: "taken" };
  if (input.openBookingsAtAgency > 0) return { ok: false, reason: "open_booking_exists" };
  if (input.bookingsToday >= policy.maxBookingsPerDay) return { ok: false, reason: "daily_limit" };
  return { ok: true };
}

export type AppointmentPhase = "upcoming" | "due_soon" | "running" | "over";

/** Where an appointment stands at `now`: due_soon from the reminder time, running until its end. */
export function appointmentPhase(o: Pick<SlotOccurrence, "startsAt" | "endsAt">, now: Date, policy: ConsultationPolicy = defaultConsultationPolicy): AppointmentPhase {
  const t = now.getTime();
  if (t >= o.endsAt.getTime()) return "over";
  if (t >= o.startsAt.getTime()) return "running";
  if (t >= o.startsAt.getTime() - policy.reminderMinutesBefore * MINUTE) return "due_soon";
  return "upcoming";
}

/** The instant after which a side that has not shown up counts as a no-show. */
export function noShowAfter(o: Pick<SlotOccurrence, "startsAt">, policy: ConsultationPolicy = defaultConsultationPolicy): Date {
  return new Date(o.startsAt.getTime() + policy.noShowGraceMinutes * MINUTE);
}

/** The window [from, to) slots are offered in at `now`. */
export function bookingWindow(now: Date, policy: ConsultationPolicy = defaultConsultationPolicy): { from: Date; to: Date } {
  return { from: now, to: new Date(now.getTime() + policy.bookingHorizonDays * DAY) };
}

/**
 * The appointment as an iCalendar file (RFC 5545) for the seeker's calendar: a start, an end, a
 * title and where to go — no message content, no pseudonym, nobody's name or address.
 */
export function appointmentIcs(input: { uid: string; startsAt: Date; endsAt: Date; title: string; url?: string; now: Date }): string {
  const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const text = (s: string) => s.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Lotse//Online-Beratung//DE",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${text(input.uid)}`,
    `DTSTAMP:${stamp(input.now)}`,
    `DTSTART:${stamp(input.startsAt)}`,
    `DTEND:${stamp(input.endsAt)}`,
    `SUMMARY:${text(input.title)}`,
    ...(input.url ? [`URL:${text(input.url)}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.join("\r\n")}\r\n`;
}

/**
 * The counselor's notice before an appointment, in plain German: when, until when, which case —
 * no pseudonym, no content.
 */
export function appointmentNoticeText(
  input: { caseNumber: number; startsAt: Date; endsAt: Date; now: Date },
  timeZone: string = defaultConsultationPolicy.timeZone,
  msgs: BotMessages = botMessagesDe,
): string {
  const hm = (d: Date) => {
    const w = wallTimeIn(d, timeZone);
    return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
  };
  const minutes = Math.max(0, Math.round((input.startsAt.getTime() - input.now.getTime()) / MINUTE));
  return msgs.consultation.notice({ minutes, caseNumber: input.caseNumber, start: hm(input.startsAt), end: hm(input.endsAt) });
}

/** What became of a booked appointment once the grace period after its start is over. */
export type AppointmentOutcome = "held" | "no_show_seeker" | "no_show_counselor" | "no_show_both";

/**
 * The outcome from who showed up in the case room between the reminder lead before the start and
 * the end of the grace period: both — held; one side missing — that side's no-show.
 */
export function appointmentOutcome(seen: { seeker: boolean; counselor: boolean }): AppointmentOutcome {
  if (seen.seeker && seen.counselor) return "held";
  if (seen.counselor) return "no_show_seeker";
  if (seen.seeker) return "no_show_counselor";
  return "no_show_both";
}

/** The earliest instant a side's activity counts for an appointment (they may come a little early). */
export function presenceCountsFrom(o: Pick<SlotOccurrence, "startsAt">, policy: ConsultationPolicy = defaultConsultationPolicy): Date {
  return new Date(o.startsAt.getTime() - policy.reminderMinutesBefore * MINUTE);
}

/** The counselor's notice when the seeker did not come (no pseudonym, nothing they wrote). */
export function noShowNoticeText(
  input: { caseNumber: number; startsAt: Date; outcome: AppointmentOutcome },
  timeZone: string = defaultConsultationPolicy.timeZone,
  msgs: BotMessages = botMessagesDe,
): string | null {
  if (input.outcome === "held") return null;
  const w = wallTimeIn(input.startsAt, timeZone);
  const at = `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
  return msgs.consultation.noShow({ outcome: input.outcome, at, caseNumber: input.caseNumber });
}

/**
 * The seeker's reminder e-mail: the time and a link to sign in — no pseudonym, no agency, no case
 * number, nothing written (whoever reads the mailbox learns only that there is an appointment).
 * German, then English.
 */
export function appointmentReminderMail(input: { startsAt: Date; publicUrl: string | undefined }, timeZone: string = defaultConsultationPolicy.timeZone): { subject: string; text: string } {
  const w = wallTimeIn(input.startsAt, timeZone);
  const at = `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
  const date = `${w.day}.${w.month}.${w.year}`;
  const where = input.publicUrl ? `\n\n${input.publicUrl}` : "";
  return {
    subject: "Erinnerung an Ihren Chat-Termin / Reminder of your chat appointment",
    text:
      [
        "Guten Tag,",
        "",
        `Ihr Chat-Termin in der Online-Beratung beginnt am ${date} um ${at} Uhr. Bitte melden Sie sich kurz vorher an.`,
        "",
        "Hello,",
        "",
        `your chat appointment in the online counseling starts on ${date} at ${at} (German time). Please sign in shortly before.`,
      ].join("\n") + where,
  };
}
