// Consultation-hours commands typed in a pool room or a counselor's command chat (syntax and every
// text: policies/src/consultationCommands.ts): the counselor lists, adds and removes their own
// hours and sees today's appointments. Like the case commands (commands/CommandProcessor.ts): one
// transaction claims the event, does the work through the store's consultation operations (the
// same rules as the staff API) and queues the reply, so a re-sent event is acted on and answered
// once, and a refusal writes nothing.
import {
  appointmentsReply,
  type BotMessages,
  botMessages,
  botMessagesEn,
  consultationMistakeReply,
  type ConsultationCommand,
  type ConsultationPolicy,
  type ConsultationRefusal,
  consultationRefusalReply,
  defaultConsultationPolicy,
  hoursAddedReply,
  hoursListReply,
  hoursRemovedReply,
  listedSlots,
  type ListedSlot,
  localDate,
  localDateTime,
  parseConsultationCommand,
} from "@lotse/policies";
import {
  addConsultationSlot,
  agencies,
  agencyMemberships,
  bookings,
  cases,
  type ConsultationFailure,
  consultationPlan,
  counselorBotLanguage,
  counselors,
  enqueue,
  type LotseDb,
  type LotseTx,
  removeConsultationSlot,
  topics,
} from "@lotse/store";
import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { Logger } from "pino";
import { claimEvent, recordEventOutcome } from "../events/claimEvent.ts";
import { commandRoom } from "../commands/commandRoom.ts";

export type ConsultationCommandDeps = {
  db: LotseDb;
  log: Logger;
  now?: () => Date;
  /** The platform policy's `consultation`; default: the defaults. */
  consultationPolicy?: ConsultationPolicy;
};

type MessageEvent = { event_id: string; room_id: string; sender: string; content: Record<string, unknown> };

/**
 * Handles the message if it is a consultation-hours command; false when it is not one (the other
 * commands get their turn). Answered only where the bot takes commands.
 */
export async function handleConsultationCommand(deps: ConsultationCommandDeps, event: MessageEvent): Promise<boolean> {
  const body = event.content.body;
  if (typeof body !== "string") return false;
  const parsed = parseConsultationCommand(body);
  if (!parsed) return false;
  const { db, log } = deps;
  const where = await commandRoom(db, event.room_id, event.sender);
  if (where === null) return true; // one of ours, but not where the bot listens
  const pool = where.poolAgencyId === undefined ? undefined : { id: where.poolAgencyId };
  const policy = deps.consultationPolicy ?? defaultConsultationPolicy;
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, event.event_id, event.room_id))) return;
    const now = deps.now?.() ?? new Date();
    const msgs = botMessages(await counselorBotLanguage(tx, event.sender, pool?.id));
    const { reply, outcome } = parsed.ok
      ? await execute(tx, event.sender, pool?.id ?? null, parsed.command, now, policy, msgs)
      : { reply: consultationMistakeReply(msgs, parsed), outcome: "malformed" };
    await enqueue(tx, "room.send_notice", { roomId: event.room_id, body: reply, inReplyTo: event.event_id }, { key: `reply:${event.event_id}` });
    await recordEventOutcome(tx, event.event_id, { command: parsed.ok ? parsed.command.kind : "invalid", outcome });
    log.info({ eventId: event.event_id, command: parsed.ok ? parsed.command.kind : "invalid", outcome }, "consultation command processed");
  });
  return true;
}

type Reply = { reply: string; outcome: string };

async function execute(
  tx: LotseTx,
  sender: string,
  poolAgencyId: string | null,
  cmd: ConsultationCommand,
  now: Date,
  policy: ConsultationPolicy,
  msgs: BotMessages,
): Promise<Reply> {
  const refused = (r: ConsultationRefusal): Reply => ({ reply: consultationRefusalReply(r, msgs), outcome: r.kind });
  /** The store's refusal in the counselor's words. */
  const failureReply = (f: ConsultationFailure): Reply => {
    if (f.error === "overlap") return refused({ kind: "overlap" });
    if (f.field === "minutes") return refused({ kind: "length", policy });
    if (f.field === "startsAt") return refused({ kind: /past/.test(f.message) ? "past" : "too_far" });
    if (f.error === "not_member") return refused({ kind: "not_counselor" });
    return { reply: msgs.consultation.failed(f.message), outcome: f.error };
  };
  const [counselor] = await tx.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, sender));
  if (!counselor) return refused({ kind: "not_counselor" });
  const memberOf = await tx
    .selectDistinct({ agencyId: agencyMemberships.agencyId })
    .from(agencyMemberships)
    .where(eq(agencyMemberships.counselorId, counselor.id));
  if (cmd.kind === "appointments") return { reply: appointmentsReply(await todaysAppointments(tx, counselor.id, now, policy, msgs), now, policy.timeZone, msgs), outcome: "ok" };

  // Which agency: the pool room's; in the command chat, the sender's one agency.
  const agencyId = poolAgencyId ?? (memberOf.length === 1 ? memberOf[0]!.agencyId : null);
  if (agencyId === null) return refused({ kind: memberOf.length === 0 ? "not_counselor" : "which_agency" });
  if (!memberOf.some((m) => m.agencyId === agencyId)) return refused({ kind: "not_counselor" });
  // Whose hours: the sender's own, or — for the agency's admins — the counselor they name.
  let owner: { id: string; name?: string } = { id: counselor.id };
  if (cmd.forUser !== undefined && cmd.forUser !== sender) {
    const [admin] = await tx
      .select({ one: agencyMemberships.counselorId })
      .from(agencyMemberships)
      .where(and(eq(agencyMemberships.agencyId, agencyId), eq(agencyMemberships.counselorId, counselor.id), eq(agencyMemberships.role, "agency_admin")));
    if (!admin) return refused({ kind: "not_admin" });
    const [other] = await tx
      .select({ id: counselors.id, name: counselors.displayName })
      .from(counselors)
      .innerJoin(agencyMemberships, and(eq(agencyMemberships.counselorId, counselors.id), eq(agencyMemberships.agencyId, agencyId)))
      .where(eq(counselors.matrixUserId, cmd.forUser));
    if (!other) return refused({ kind: "unknown_counselor", userId: cmd.forUser });
    owner = { id: other.id, name: other.name };
  }
  const mine = async (): Promise<{ slots: ListedSlot[]; blocked: string[] }> => {
    const plan = await consultationPlan(tx, agencyId);
    const today = localDate(now, policy.timeZone);
    return {
      slots: listedSlots(plan.weekly.filter((w) => w.counselorId === owner.id), plan.oneOff.filter((o) => o.counselorId === owner.id), now),
      blocked: plan.blockedDates.filter((d) => d >= today),
    };
  };

  switch (cmd.kind) {
    case "hours_list": {
      const [agency] = await tx.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId));
      const { slots, blocked } = await mine();
      return { reply: hoursListReply(agency?.name ?? msgs.consultation.yourAgency, slots, blocked, policy.timeZone, owner.name, msgs), outcome: "ok" };
    }
    case "hours_add_weekly":
    case "hours_add_once": {
      const slot =
        cmd.kind === "hours_add_weekly"
          ? ({ kind: "weekly", weekday: cmd.weekday, start: cmd.start, minutes: cmd.minutes, counselorId: owner.id } as const)
          : ({ kind: "once", startsAt: localDateTime(cmd.date, cmd.start, policy.timeZone), minutes: cmd.minutes, counselorId: owner.id } as const);
      const r = await addConsultationSlot(tx, agencyId, slot, sender, now, policy);
      if (!r.ok) return failureReply(r);
      const listed: ListedSlot =
        slot.kind === "weekly"
          ? { kind: "weekly", slot: { id: r.slotId, weekday: slot.weekday, start: slot.start, minutes: slot.minutes, counselorId: owner.id } }
          : { kind: "once", slot: { id: r.slotId, startsAt: slot.startsAt, minutes: slot.minutes, counselorId: owner.id } };
      return { reply: hoursAddedReply(listed, policy.timeZone, msgs), outcome: "ok" };
    }
    case "hours_remove": {
      const { slots } = await mine();
      const target = slots[cmd.number - 1];
      if (!target) return refused({ kind: "no_number", number: cmd.number, count: slots.length });
      const r = await removeConsultationSlot(tx, agencyId, target.slot.id, now);
      if (!r.ok) return failureReply(r);
      return { reply: hoursRemovedReply(target, policy.timeZone, r.cancelledBookings, msgs), outcome: "ok" };
    }
  }
}

/** The counselor's booked appointments of the local day: time, case number, topic. */
async function todaysAppointments(tx: LotseTx, counselorId: string, now: Date, policy: ConsultationPolicy, msgs: BotMessages) {
  const today = localDate(now, policy.timeZone);
  const dayStart = localDateTime(today, "00:00", policy.timeZone);
  const dayEnd = new Date(localDateTime(today, "23:59", policy.timeZone).getTime() + 60_000);
  const rows = await tx
    .select({ startsAt: bookings.startsAt, endsAt: bookings.endsAt, caseNumber: cases.caseNumber, nameDe: topics.nameDe, nameEn: topics.nameEn })
    .from(bookings)
    .innerJoin(cases, eq(cases.id, bookings.caseId))
    .innerJoin(topics, eq(topics.id, cases.topicId))
    .where(and(eq(bookings.counselorId, counselorId), eq(bookings.status, "booked"), gte(bookings.startsAt, dayStart), lt(bookings.startsAt, dayEnd)))
    .orderBy(asc(bookings.startsAt));
  return rows.map((r) => ({ ...r, topic: msgs === botMessagesEn ? r.nameEn : r.nameDe }));
}
