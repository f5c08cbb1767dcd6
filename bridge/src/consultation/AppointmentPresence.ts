// Who came to a booked appointment, and what became of it (consultation hours, issue 12).
//   - Presence: any event the seeker or the slot's counselor sends into the case room from the
//     reminder lead before the start until the end counts as "there" (the bridge sees only that an
//     encrypted event was sent and by whom, never its content). First sign per side is kept.
//   - Outcome: once the grace period after the start is over, a scan records held, or which side
//     did not come (no_show_seeker / no_show_counselor / no_show_both), exactly once (the update
//     only touches a booking still "booked"); the occurrence no longer counts as booked, so its
//     time is free again; the counselor gets a notice in German when the seeker did not come.
// The clock is injected, so tests move time instead of waiting; state lives in PostgreSQL, so a
// restart resumes where it was.
import { appointmentOutcome, botMessages, type ConsultationPolicy, noShowAfter, noShowNoticeText, presenceCountsFrom } from "@lotse/policies";
import { agencies, bookings, botDirectRooms, cases, counselors, enqueue, type LotseDb, seekers } from "@lotse/store";
import { and, eq, isNull, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { EventHandler, InboundEvent } from "../events/EventRouter.ts";
import { startScanLoop } from "../scanLoop.ts";

export type AppointmentPresenceDeps = { db: LotseDb; log: Logger; policy: ConsultationPolicy };

/** The event router's handler: notes the first sign of either side in a case room with a booking. */
export function appointmentPresenceHandlers(deps: AppointmentPresenceDeps): EventHandler[] {
  return [
    {
      name: "appointment-presence",
      eventTypes: ["m.room.encrypted", "m.room.message", "m.room.member"],
      handle: (event) => notePresence(deps, event),
    },
  ];
}

async function notePresence(deps: AppointmentPresenceDeps, event: InboundEvent): Promise<void> {
  if (event.type === "m.room.member" && (event.state_key !== event.sender || event.content.membership !== "join")) return;
  // The driver takes timestamps in raw SQL as text: an ISO instant, cast.
  const at = sql`${new Date(typeof event.origin_server_ts === "number" ? event.origin_server_ts : Date.now()).toISOString()}::timestamptz`;
  const lead = deps.policy.reminderMinutesBefore;
  const localpart = /^@([^:]+):/.exec(event.sender)?.[1] ?? "";
  // One statement per side; a room without a running booking matches nothing.
  const window = sql`${bookings.startsAt} - make_interval(mins => ${lead}) <= ${at} and ${at} < ${bookings.endsAt}`;
  await deps.db.execute(sql`
    update ${bookings} set seeker_seen_at = ${at}
    from ${cases}, ${seekers}
    where ${cases.id} = ${bookings.caseId} and ${cases.roomId} = ${event.room_id} and ${seekers.id} = ${bookings.seekerId}
      and ${seekers.matrixLocalpart} = ${localpart} and ${bookings.status} = 'booked' and ${bookings.seekerSeenAt} is null and ${window}`);
  await deps.db.execute(sql`
    update ${bookings} set counselor_seen_at = ${at}
    from ${cases}, ${counselors}
    where ${cases.id} = ${bookings.caseId} and ${cases.roomId} = ${event.room_id} and ${counselors.id} = ${bookings.counselorId}
      and ${counselors.matrixUserId} = ${event.sender} and ${bookings.status} = 'booked' and ${bookings.counselorSeenAt} is null and ${window}`);
}

export type NoShowScanOptions = { db: LotseDb; log: Logger; policy: ConsultationPolicy; now?: () => Date };

/** One scan: records the outcome of every booking whose grace period is over. Returns how many. */
export async function scanAppointmentOutcomes(opts: NoShowScanOptions): Promise<number> {
  const now = opts.now?.() ?? new Date();
  // noShowAfter(startsAt) <= now  ⇔  startsAt <= now − grace
  const startedBefore = new Date(now.getTime() - opts.policy.noShowGraceMinutes * 60_000);
  return opts.db.transaction(async (tx) => {
    const due = await tx
      .select({
        bookingId: bookings.id,
        caseId: bookings.caseId,
        startsAt: bookings.startsAt,
        seekerSeenAt: bookings.seekerSeenAt,
        counselorSeenAt: bookings.counselorSeenAt,
        caseNumber: cases.caseNumber,
        commandChat: botDirectRooms.roomId,
        poolRoomId: agencies.poolRoomId,
        counselorLanguage: counselors.botLanguage,
        agencyLanguage: agencies.botLanguage,
      })
      .from(bookings)
      .innerJoin(cases, eq(cases.id, bookings.caseId))
      .innerJoin(counselors, eq(counselors.id, bookings.counselorId))
      .innerJoin(agencies, eq(agencies.id, bookings.agencyId))
      .leftJoin(botDirectRooms, eq(botDirectRooms.matrixUserId, counselors.matrixUserId))
      .where(and(eq(bookings.status, "booked"), lte(bookings.startsAt, startedBefore), isNull(bookings.settledAt)))
      .for("update", { of: bookings, skipLocked: true })
      .limit(500);
    for (const b of due) {
      const deadline = noShowAfter(b, opts.policy);
      const seenBy = (t: Date | null) => t !== null && t >= presenceCountsFrom(b, opts.policy) && t <= deadline;
      const outcome = appointmentOutcome({ seeker: seenBy(b.seekerSeenAt), counselor: seenBy(b.counselorSeenAt) });
      const [updated] = await tx
        .update(bookings)
        .set({ status: outcome, settledAt: now })
        .where(and(eq(bookings.id, b.bookingId), eq(bookings.status, "booked")))
        .returning({ id: bookings.id });
      if (!updated) continue;
      const text = noShowNoticeText({ caseNumber: b.caseNumber, startsAt: b.startsAt, outcome }, opts.policy.timeZone, botMessages(b.counselorLanguage ?? b.agencyLanguage));
      const roomId = b.commandChat ?? b.poolRoomId;
      if (text !== null && roomId !== null) {
        await enqueue(tx, "room.send_notice", { roomId, body: text }, { key: `booking.outcome_notice:${b.bookingId}`, caseId: b.caseId });
      }
    }
    if (due.length > 0) opts.log.info({ settled: due.length }, "appointment outcomes recorded");
    return due.length;
  });
}

/** Scans every `intervalMs` until stopped. */
export function startAppointmentOutcomeLoop(opts: NoShowScanOptions & { intervalMs: number }): { stop(): Promise<void> } {
  return startScanLoop("appointment outcome", () => scanAppointmentOutcomes(opts), opts.intervalMs, opts.log);
}
