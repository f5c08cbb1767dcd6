// The counselor's notice before a booked appointment (consultation hours): `reminderMinutesBefore`
// ahead of the start, once per booking, in the counselor's command chat with the bot — or, if they
// have none, in their agency's pool room. The clock is injected, so tests move time instead of
// waiting. "Once" is the job's idempotency key; the notice holds the case number and the times,
// never the seeker's pseudonym or anything they wrote.
import { appointmentNoticeText, botMessages, type ConsultationPolicy } from "@lotse/policies";
import { agencies, botDirectRooms, bookings, cases, counselors, enqueue, type LotseDb } from "@lotse/store";
import { and, eq, gt, lte } from "drizzle-orm";
import type { Logger } from "pino";
import { startScanLoop } from "../scanLoop.ts";

export type AppointmentNoticeOptions = {
  db: LotseDb;
  log: Logger;
  policy: ConsultationPolicy;
  now?: () => Date;
  /** E-mail is configured: seekers who asked for a reminder get one (`seekerReminderMinutesBefore`). */
  mail?: boolean;
};

/** One scan: queues the notice of every booking that starts within the lead time. Returns how many. */
export async function scanAppointmentNotices(opts: AppointmentNoticeOptions): Promise<number> {
  const now = opts.now?.() ?? new Date();
  const until = new Date(now.getTime() + opts.policy.reminderMinutesBefore * 60_000);
  return opts.db.transaction(async (tx) => {
    const due = await tx
      .select({
        bookingId: bookings.id,
        caseId: bookings.caseId,
        startsAt: bookings.startsAt,
        endsAt: bookings.endsAt,
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
      .where(and(eq(bookings.status, "booked"), gt(bookings.startsAt, now), lte(bookings.startsAt, until)))
      .limit(1000);
    let queued = 0;
    for (const b of due) {
      const roomId = b.commandChat ?? b.poolRoomId;
      if (roomId === null) {
        opts.log.warn({ bookingId: b.bookingId }, "appointment notice: the counselor has no command chat and the agency no pool room");
        continue;
      }
      const body = appointmentNoticeText({ caseNumber: b.caseNumber, startsAt: b.startsAt, endsAt: b.endsAt, now }, opts.policy.timeZone, botMessages(b.counselorLanguage ?? b.agencyLanguage));
      const id = await enqueue(tx, "room.send_notice", { roomId, body }, { key: `booking.counselor_notice:${b.bookingId}`, caseId: b.caseId });
      if (id !== null) queued++;
    }
    if (opts.mail) {
      // The seeker's reminder e-mail, once per booking, for those who asked for it.
      const mailUntil = new Date(now.getTime() + opts.policy.seekerReminderMinutesBefore * 60_000);
      const toRemind = await tx
        .select({ bookingId: bookings.id, caseId: bookings.caseId })
        .from(bookings)
        .where(and(eq(bookings.status, "booked"), eq(bookings.remindByEmail, true), gt(bookings.startsAt, now), lte(bookings.startsAt, mailUntil)))
        .limit(1000);
      for (const b of toRemind) {
        const id = await enqueue(tx, "booking.remind_mail", { bookingId: b.bookingId }, { key: `booking.remind_mail:${b.bookingId}`, caseId: b.caseId });
        if (id !== null) queued++;
      }
    }
    if (queued > 0) opts.log.info({ queued }, "appointment notices queued");
    return queued;
  });
}

/** Scans every `intervalMs` until stopped. */
export function startAppointmentNoticeLoop(opts: AppointmentNoticeOptions & { intervalMs: number }): { stop(): Promise<void> } {
  return startScanLoop("appointment notice", () => scanAppointmentNotices(opts), opts.intervalMs, opts.log);
}
