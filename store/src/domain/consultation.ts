// Consultation hours and bookings as transactions. The rules are the policies'
// (consultationHours.ts); here they meet the rows: an agency's slots and blocked days, and the
// booking itself — which creates the seeker's case (or takes their open one) with the slot's
// counselor assigned, so the encrypted case room exists before the appointment. "One seeker per
// occurrence" is the database's decision (a partial unique index); "one open booking per seeker
// and agency" and the daily limit hold under a lock on the seeker's row.
import {
  type BookingRefusal,
  bookingWindow,
  type ConsultationPolicy,
  decideBooking,
  defaultConsultationPolicy,
  localDate,
  nextFreeSlots,
  oneOffSlotViolation,
  type OneOffSlot,
  overlappingOccurrences,
  overlappingWeeklySlots,
  slotOccurrences,
  type SlotOccurrence,
  type Weekday,
  type WeeklySlot,
  weeklySlotViolation,
} from "@lotse/policies";
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import type { LotseDb, LotseTx } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { agencyMemberships, counselors } from "../schema/catalogue.ts";
import { caseEvents, cases } from "../schema/cases.ts";
import { bookings, consultationBlockedDays, consultationSlots } from "../schema/consultation.ts";
import { seekers } from "../schema/seekers.ts";
import { createCase } from "./cases.ts";

type Db = LotseDb | LotseTx;

export type ConsultationPlan = { weekly: WeeklySlot[]; oneOff: OneOffSlot[]; blockedDates: string[] };

/** An agency's published slots and blocked days. */
export async function consultationPlan(db: Db, agencyId: string): Promise<ConsultationPlan> {
  const rows = await db.select().from(consultationSlots).where(eq(consultationSlots.agencyId, agencyId)).orderBy(asc(consultationSlots.createdAt));
  const blocked = await db.select({ day: consultationBlockedDays.day }).from(consultationBlockedDays).where(eq(consultationBlockedDays.agencyId, agencyId));
  const weekly: WeeklySlot[] = [];
  const oneOff: OneOffSlot[] = [];
  for (const r of rows) {
    if (r.startsAt !== null) oneOff.push({ id: r.id, startsAt: r.startsAt, minutes: r.minutes, counselorId: r.counselorId });
    else if (r.weekday !== null && r.startTime !== null) weekly.push({ id: r.id, weekday: r.weekday as Weekday, start: r.startTime, minutes: r.minutes, counselorId: r.counselorId });
  }
  return { weekly, oneOff, blockedDates: blocked.map((b) => b.day).sort() };
}

export type ConsultationFailure = {
  ok: false;
  error: "invalid_input" | "overlap" | "not_member" | "not_found";
  field?: string;
  message: string;
};

export type NewSlot =
  | { kind: "weekly"; weekday: number; start: string; minutes: number; counselorId: string }
  | { kind: "once"; startsAt: Date; minutes: number; counselorId: string };

/** Publishes a slot after the policies' checks: valid, a counselor of the agency, no overlap with their other slots. */
export async function addConsultationSlot(
  tx: LotseTx,
  agencyId: string,
  slot: NewSlot,
  actor: string,
  now: Date,
  policy: ConsultationPolicy = defaultConsultationPolicy,
): Promise<{ ok: true; slotId: string } | ConsultationFailure> {
  const violation =
    slot.kind === "weekly"
      ? weeklySlotViolation({ weekday: slot.weekday as Weekday, start: slot.start, minutes: slot.minutes, counselorId: slot.counselorId }, policy)
      : oneOffSlotViolation({ startsAt: slot.startsAt, minutes: slot.minutes, counselorId: slot.counselorId }, now, policy);
  if (violation) return { ok: false, error: "invalid_input", field: violation.field, message: violation.message };
  const member = await tx
    .select({ one: sql`1` })
    .from(agencyMemberships)
    .where(and(eq(agencyMemberships.agencyId, agencyId), eq(agencyMemberships.counselorId, slot.counselorId)))
    .limit(1);
  if (member.length === 0) return { ok: false, error: "not_member", field: "counselorId", message: "The counselor does not belong to this agency." };
  // One writer per counselor at a time: the overlap check and the insert see the same slots.
  await tx.select({ id: counselors.id }).from(counselors).where(eq(counselors.id, slot.counselorId)).for("update");
  const plan = await consultationPlan(tx, agencyId);
  const candidate = { id: "new", minutes: slot.minutes, counselorId: slot.counselorId };
  const next: ConsultationPlan =
    slot.kind === "weekly"
      ? { ...plan, weekly: [...plan.weekly, { ...candidate, weekday: slot.weekday as Weekday, start: slot.start }] }
      : { ...plan, oneOff: [...plan.oneOff, { ...candidate, startsAt: slot.startsAt }] };
  const horizon = { from: now, to: new Date(now.getTime() + 366 * 86_400_000) };
  const clash =
    (slot.kind === "weekly" ? overlappingWeeklySlots(next.weekly.filter((w) => w.counselorId === slot.counselorId)) : null) ??
    overlappingOccurrences(slotOccurrences({ ...next, blockedDates: [] }, horizon.from, horizon.to, policy.timeZone).filter((o) => o.counselorId === slot.counselorId));
  if (clash) return { ok: false, error: "overlap", message: "The counselor already has consultation hours at that time." };
  const [row] = await tx
    .insert(consultationSlots)
    .values({
      agencyId,
      counselorId: slot.counselorId,
      minutes: slot.minutes,
      createdBy: actor,
      ...(slot.kind === "weekly" ? { weekday: slot.weekday, startTime: slot.start } : { startsAt: slot.startsAt }),
    })
    .returning({ id: consultationSlots.id });
  return { ok: true, slotId: row!.id };
}

/** Removes a slot; its future bookings are cancelled (by the agency). */
export async function removeConsultationSlot(tx: LotseTx, agencyId: string, slotId: string, now: Date): Promise<{ ok: true; cancelledBookings: number } | ConsultationFailure> {
  const [slot] = await tx
    .select({ id: consultationSlots.id })
    .from(consultationSlots)
    .where(and(eq(consultationSlots.id, slotId), eq(consultationSlots.agencyId, agencyId)))
    .for("update");
  if (!slot) return { ok: false, error: "not_found", message: "There is no such slot at this agency." };
  const cancelled = await tx
    .update(bookings)
    .set({ status: "cancelled", cancelledAt: now, cancelledBy: "agency" })
    .where(and(eq(bookings.slotId, slotId), eq(bookings.status, "booked"), gt(bookings.startsAt, now)))
    .returning({ id: bookings.id });
  await tx.delete(consultationSlots).where(eq(consultationSlots.id, slotId));
  return { ok: true, cancelledBookings: cancelled.length };
}

/** Blocks a local day (holiday); bookings on it are cancelled (by the agency). */
export async function blockConsultationDay(
  tx: LotseTx,
  agencyId: string,
  day: string,
  now: Date,
  policy: ConsultationPolicy = defaultConsultationPolicy,
): Promise<{ ok: true; cancelledBookings: number } | ConsultationFailure> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T12:00:00Z`)) || new Date(`${day}T12:00:00Z`).toISOString().slice(0, 10) !== day) {
    return { ok: false, error: "invalid_input", field: "day", message: "day must be a date as YYYY-MM-DD" };
  }
  await tx.insert(consultationBlockedDays).values({ agencyId, day }).onConflictDoNothing();
  const onThatDay = (
    await tx
      .select({ id: bookings.id, startsAt: bookings.startsAt })
      .from(bookings)
      .where(and(eq(bookings.agencyId, agencyId), eq(bookings.status, "booked"), gt(bookings.startsAt, now)))
  ).filter((b) => localDate(b.startsAt, policy.timeZone) === day);
  if (onThatDay.length > 0) {
    await tx
      .update(bookings)
      .set({ status: "cancelled", cancelledAt: now, cancelledBy: "agency" })
      .where(inArray(bookings.id, onThatDay.map((b) => b.id)));
  }
  return { ok: true, cancelledBookings: onThatDay.length };
}

export async function unblockConsultationDay(tx: LotseTx, agencyId: string, day: string): Promise<boolean> {
  const rows = await tx
    .delete(consultationBlockedDays)
    .where(and(eq(consultationBlockedDays.agencyId, agencyId), eq(consultationBlockedDays.day, day)))
    .returning({ day: consultationBlockedDays.day });
  return rows.length > 0;
}

/** Occurrences offered now (the booking window) and the keys already booked. */
async function offered(db: Db, agencyId: string, now: Date, policy: ConsultationPolicy): Promise<{ occurrences: SlotOccurrence[]; booked: Set<string> }> {
  const plan = await consultationPlan(db, agencyId);
  const window = bookingWindow(now, policy);
  const occurrences = slotOccurrences(plan, window.from, window.to, policy.timeZone);
  const taken = await db
    .select({ key: bookings.occurrenceKey })
    .from(bookings)
    .where(and(eq(bookings.agencyId, agencyId), eq(bookings.status, "booked"), gt(bookings.endsAt, now)));
  return { occurrences, booked: new Set(taken.map((t) => t.key)) };
}

/** The next free occurrences of an agency's consultation hours. */
export async function freeConsultationSlots(db: Db, agencyId: string, now: Date, limit: number, policy: ConsultationPolicy = defaultConsultationPolicy): Promise<SlotOccurrence[]> {
  const { occurrences, booked } = await offered(db, agencyId, now, policy);
  return nextFreeSlots(occurrences, booked, now, limit);
}

export type BookingView = {
  bookingId: string;
  agencyId: string;
  caseId: string;
  occurrenceKey: string;
  startsAt: Date;
  endsAt: Date;
  status: string;
  remindByEmail: boolean;
  /** The slot's counselor has shown up in the case room for this appointment (the bridge saw them). */
  counselorThere: boolean;
};

export type BookingOutcome = { ok: true; booking: BookingView } | { ok: false; reason: BookingRefusal; nextSlots: SlotOccurrence[] };

class SlotTakenMeanwhile extends Error {}

/**
 * Books one occurrence for a seeker: the case (the seeker's open case at the agency, else a new
 * one) gets the slot's counselor; the booking row, the case change, its event and the room jobs
 * commit together. A refusal writes nothing and names the next free slots.
 */
export async function bookConsultation(
  db: LotseDb,
  input: { seekerId: string; agencyId: string; topicId: string; occurrenceKey: string; remindByEmail: boolean; postcodeRegion: string | null },
  now: Date,
  policy: ConsultationPolicy = defaultConsultationPolicy,
): Promise<BookingOutcome> {
  try {
    return await db.transaction(async (tx) => {
      // The seeker's own bookings are decided one at a time (open booking, daily limit).
      await tx.select({ id: seekers.id }).from(seekers).where(eq(seekers.id, input.seekerId)).for("update");
      const { occurrences, booked } = await offered(tx, input.agencyId, now, policy);
      const occurrence = occurrences.find((o) => o.key === input.occurrenceKey);
      const mine = await tx
        .select({ agencyId: bookings.agencyId, status: bookings.status, endsAt: bookings.endsAt, createdAt: bookings.createdAt })
        .from(bookings)
        .where(eq(bookings.seekerId, input.seekerId));
      const today = localDate(now, policy.timeZone);
      const decision = decideBooking(
        {
          occurrence,
          now,
          taken: booked.has(input.occurrenceKey),
          openBookingsAtAgency: mine.filter((b) => b.agencyId === input.agencyId && b.status === "booked" && b.endsAt > now).length,
          bookingsToday: mine.filter((b) => localDate(b.createdAt, policy.timeZone) === today).length,
        },
        policy,
      );
      if (!decision.ok) return { ok: false as const, reason: decision.reason, nextSlots: nextFreeSlots(occurrences, booked, now, 3) };
      const slot = occurrence!;
      const caseId = await caseForBooking(tx, input, slot.counselorId, now);
      const [row] = await tx
        .insert(bookings)
        .values({
          agencyId: input.agencyId,
          seekerId: input.seekerId,
          slotId: slot.slotId,
          occurrenceKey: slot.key,
          counselorId: slot.counselorId,
          caseId,
          startsAt: slot.startsAt,
          endsAt: slot.endsAt,
          remindByEmail: input.remindByEmail,
        })
        .onConflictDoNothing({ target: bookings.occurrenceKey, where: sql`${bookings.status} = 'booked'` })
        .returning();
      // Another seeker's booking of the same occurrence committed first: undo the case work.
      if (!row) throw new SlotTakenMeanwhile();
      return { ok: true as const, booking: bookingView(row) };
    });
  } catch (err) {
    if (!(err instanceof SlotTakenMeanwhile)) throw err;
    const { occurrences, booked } = await offered(db, input.agencyId, now, policy);
    return { ok: false, reason: "taken", nextSlots: nextFreeSlots(occurrences, booked, now, 3) };
  }
}

/** The seeker's open case at the agency, assigned to `counselorId`; or a new case assigned to them. */
async function caseForBooking(
  tx: LotseTx,
  input: { seekerId: string; agencyId: string; topicId: string; postcodeRegion: string | null },
  counselorId: string,
  now: Date,
): Promise<string> {
  const [open] = await tx
    .select({ id: cases.id, status: cases.status, assigned: cases.assignedCounselorId })
    .from(cases)
    .where(and(eq(cases.seekerId, input.seekerId), eq(cases.agencyId, input.agencyId), inArray(cases.status, ["new", "in_progress"])))
    .orderBy(asc(cases.createdAt))
    .limit(1)
    .for("update");
  if (open) {
    if (open.status === "in_progress" && open.assigned === counselorId) return open.id;
    await tx.update(cases).set({ status: "in_progress", assignedCounselorId: counselorId, takenAt: now, updatedAt: now }).where(eq(cases.id, open.id));
    const [ev] = await tx
      .insert(caseEvents)
      .values({ caseId: open.id, at: now, actor: "system", action: "booking", fromStatus: open.status, toStatus: "in_progress", details: { counselorId } })
      .returning({ id: caseEvents.id });
    await enqueue(tx, "case.sync_room", { caseId: open.id, action: "assign", actor: "system" }, { key: `case.sync_room:case-event:${ev!.id}`, caseId: open.id });
    return open.id;
  }
  const { caseId } = await createCase(tx, { ...input, assigned: { counselorId, at: now } });
  const [ev] = await tx
    .insert(caseEvents)
    .values({ caseId, at: now, actor: "system", action: "booking", fromStatus: null, toStatus: "in_progress", details: { counselorId } })
    .returning({ id: caseEvents.id });
  // The room is created with the slot's counselor (its desired members); this sync, retried until
  // the room exists, sets the case's status event as after a take.
  await enqueue(tx, "case.sync_room", { caseId, action: "assign", actor: "system" }, { key: `case.sync_room:case-event:${ev!.id}`, caseId });
  return caseId;
}

function bookingView(r: typeof bookings.$inferSelect): BookingView {
  return {
    bookingId: r.id,
    agencyId: r.agencyId,
    caseId: r.caseId,
    occurrenceKey: r.occurrenceKey,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    status: r.status,
    remindByEmail: r.remindByEmail,
    counselorThere: r.counselorSeenAt !== null,
  };
}

/** The seeker's bookings, soonest first. */
export async function bookingsOfSeeker(db: Db, seekerId: string): Promise<BookingView[]> {
  const rows = await db.select().from(bookings).where(eq(bookings.seekerId, seekerId)).orderBy(asc(bookings.startsAt));
  return rows.map(bookingView);
}

/** The seeker cancels a booking that has not started; the slot is free again. */
export async function cancelBooking(tx: LotseTx, seekerId: string, bookingId: string, now: Date): Promise<{ ok: true } | { ok: false; error: "not_found" | "too_late" }> {
  const [b] = await tx
    .select({ status: bookings.status, startsAt: bookings.startsAt })
    .from(bookings)
    .where(and(eq(bookings.id, bookingId), eq(bookings.seekerId, seekerId)))
    .for("update");
  if (!b || b.status !== "booked") return { ok: false, error: "not_found" };
  if (b.startsAt <= now) return { ok: false, error: "too_late" };
  await tx.update(bookings).set({ status: "cancelled", cancelledAt: now, cancelledBy: "seeker" }).where(eq(bookings.id, bookingId));
  return { ok: true };
}
