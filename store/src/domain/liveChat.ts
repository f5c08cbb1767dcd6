// The live chat without registration (issue 12), as operations on the store. A seeker picks a
// topic and gets a temporary account (no password, one live chat) whose case waits in the queue of
// an agency with a counselor on live duty; counselors take it with the usual `!take` (the case
// lifecycle in caseActions.ts). When the chat ends — the seeker leaves, it goes idle, the counselor
// closes it — the API's live sweeper erases the temporary account, its room and its rows
// (provisioning-api/src/live/liveSweeper.ts), unless the seeker kept their access, which turns it
// into an ordinary account and case. Every operation runs in the caller's transaction, like the
// rest of the store. Rules and limits: policies/src/liveChat.ts.
import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lt, or, sql } from "drizzle-orm";
import { agencyBotLanguage } from "./botLanguage.ts";
import {
  botMessages,
  chooseLiveAgency,
  type ConsultationPolicy,
  estimateWait,
  liveDutyUntil,
  slotOccurrences,
  type LiveChatPolicy,
  type LiveChatRefusal,
  poolRoles,
  type WaitEstimate,
} from "@lotse/policies";
import type { LotseDb, LotseTx } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { agencies, agencyMemberships, agencyTopics, counselors, topics } from "../schema/catalogue.ts";
import { caseEvents, cases } from "../schema/cases.ts";
import { roomJobs } from "../schema/bridge.ts";
import { liveChats, liveChatWaits, liveStartThrottle } from "../schema/live.ts";
import { seekers } from "../schema/seekers.ts";
import { createCase } from "./cases.ts";
import { consultationPlan } from "./consultation.ts";
import { topicName, type TopicName } from "../topicNames.ts";

type Db = LotseDb | LotseTx;

/** Counselors on live duty now, per agency and topic (pool roles of online agencies only). */
async function onDutyByAgency(db: Db, topicId: string | undefined, now: Date) {
  return db
    .select({ agencyId: agencies.id, topicId: agencyTopics.topicId, onDuty: sql<number>`count(distinct ${counselors.id})::int` })
    .from(counselors)
    .innerJoin(agencyMemberships, eq(agencyMemberships.counselorId, counselors.id))
    .innerJoin(agencies, eq(agencies.id, agencyMemberships.agencyId))
    .innerJoin(agencyTopics, eq(agencyTopics.agencyId, agencies.id))
    .where(
      and(
        gt(counselors.liveDutyUntil, now),
        inArray(agencyMemberships.role, [...poolRoles]),
        eq(agencies.online, true),
        isNull(agencies.deletedAt),
        isNotNull(agencies.poolRoomId),
        topicId === undefined ? undefined : eq(agencyTopics.topicId, topicId),
      ),
    )
    .groupBy(agencies.id, agencyTopics.topicId);
}

/** A waiting live chat's place in its agency's queue: 1 + the chats still waiting that came before it. */
async function queuePosition(db: Db, agencyId: string, queuedAt: Date): Promise<number> {
  const [ahead] = await db
    .select({ n: count() })
    .from(liveChats)
    .innerJoin(cases, eq(cases.id, liveChats.caseId))
    .where(and(eq(liveChats.agencyId, agencyId), eq(cases.status, "new"), isNull(liveChats.endedAt), lt(liveChats.queuedAt, queuedAt)));
  return Number(ahead?.n ?? 0) + 1;
}

export type LiveTopic = { id: string; name: TopicName };

/** The topics a seeker can chat live on right now (someone is on duty for them). */
export async function liveTopicsNow(db: Db, now: Date): Promise<LiveTopic[]> {
  const onDuty = await onDutyByAgency(db, undefined, now);
  const ids = [...new Set(onDuty.map((r) => r.topicId))];
  if (ids.length === 0) return [];
  const rows = await db.select({ id: topics.id, de: topics.nameDe, en: topics.nameEn, names: topics.names }).from(topics).where(inArray(topics.id, ids)).orderBy(asc(topics.nameDe));
  return rows.map((r) => ({ id: r.id, name: topicName(r.de, r.en, r.names) }));
}

/** Counts one start for the address (keyed hash) in the current hour; false when over the limit. */
export async function countLiveStart(tx: LotseTx, keyHash: string, now: Date, policy: LiveChatPolicy): Promise<boolean> {
  const windowStart = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  await tx.delete(liveStartThrottle).where(lt(liveStartThrottle.windowStart, windowStart));
  const [row] = await tx
    .insert(liveStartThrottle)
    .values({ keyHash, windowStart, count: 1 })
    .onConflictDoUpdate({ target: [liveStartThrottle.keyHash, liveStartThrottle.windowStart], set: { count: sql`${liveStartThrottle.count} + 1` } })
    .returning({ count: liveStartThrottle.count });
  return (row?.count ?? 1) <= policy.startsPerAddressPerHour;
}

export type NewLiveChat = {
  topicId: string;
  /** Agencies postcode routing names for the seeker's postcode (none given: empty). */
  routedAgencyIds: readonly string[];
  postcodeRegion: string | null;
  seeker: { username: string; usernameKey: string; matrixLocalpart: string };
};

export type LiveStart =
  | { ok: true; seekerId: string; caseId: string; caseNumber: number; agencyId: string }
  | { ok: false; refusal: Extract<LiveChatRefusal, "no_one_on_duty" | "queue_full"> | "pseudonym_taken" };

/**
 * Starts a live chat: the temporary seeker, the case (its room job; the bridge's pool notice says
 * it is a live chat) and the queue row, at the agency `chooseLiveAgency` picks. Refused — nothing
 * written — when nobody is on duty for the topic or that agency's queue is full.
 */
export async function startLiveChat(tx: LotseTx, input: NewLiveChat, now: Date, policy: LiveChatPolicy): Promise<LiveStart> {
  const onDuty = await onDutyByAgency(tx, input.topicId, now);
  if (onDuty.length === 0) return { ok: false, refusal: "no_one_on_duty" };
  const waiting = await tx
    .select({ agencyId: liveChats.agencyId, n: count() })
    .from(liveChats)
    .innerJoin(cases, eq(cases.id, liveChats.caseId))
    .where(and(eq(liveChats.topicId, input.topicId), eq(cases.status, "new"), isNull(liveChats.endedAt)))
    .groupBy(liveChats.agencyId);
  const waitingOf = new Map(waiting.map((w) => [w.agencyId, Number(w.n)]));
  const routed = new Set(input.routedAgencyIds);
  const chosen = chooseLiveAgency(onDuty.map((o) => ({ agencyId: o.agencyId, onDuty: o.onDuty, waiting: waitingOf.get(o.agencyId) ?? 0, routed: routed.has(o.agencyId) })));
  if (!chosen) return { ok: false, refusal: "no_one_on_duty" };
  if (chosen.waiting >= policy.maxQueuePerTopic) return { ok: false, refusal: "queue_full" };

  const [seeker] = await tx
    .insert(seekers)
    .values({ ...input.seeker, passwordHash: null, temporary: true, topicId: input.topicId, lastActiveAt: now })
    .onConflictDoNothing()
    .returning({ id: seekers.id });
  if (!seeker) return { ok: false, refusal: "pseudonym_taken" };
  const opened = await createCase(tx, { seekerId: seeker.id, agencyId: chosen.agencyId, topicId: input.topicId, postcodeRegion: input.postcodeRegion });
  await tx.insert(liveChats).values({ caseId: opened.caseId, seekerId: seeker.id, agencyId: chosen.agencyId, topicId: input.topicId, queuedAt: now, lastSeenAt: now });
  return { ok: true, seekerId: seeker.id, caseId: opened.caseId, caseNumber: opened.caseNumber, agencyId: chosen.agencyId };
}

export type LiveChatState = {
  caseId: string;
  caseNumber: number;
  roomId: string | null;
  /** waiting (in the queue) → active (a counselor took it) → ended (being erased). */
  status: "waiting" | "active" | "ended";
  /** 1 = next; null unless waiting. */
  position: number | null;
  estimate: WaitEstimate;
  counselor: string | null;
  topic: { id: string; name: TopicName };
  agency: { id: string; name: string; city: string };
};

/** The seeker's live chat as their app shows it; also records that the app was seen (the idle rule). */
export async function liveChatOf(tx: LotseTx, seekerId: string, now: Date, policy: LiveChatPolicy): Promise<LiveChatState | undefined> {
  const [row] = await tx
    .update(liveChats)
    .set({ lastSeenAt: now })
    .where(eq(liveChats.seekerId, seekerId))
    .returning({ caseId: liveChats.caseId, agencyId: liveChats.agencyId, topicId: liveChats.topicId, queuedAt: liveChats.queuedAt, endedAt: liveChats.endedAt });
  if (!row) return undefined;
  const [c] = await tx
    .select({
      caseNumber: cases.caseNumber,
      roomId: cases.roomId,
      status: cases.status,
      counselor: counselors.displayName,
      topicDe: topics.nameDe,
      topicEn: topics.nameEn,
      topicNames: topics.names,
      agencyName: agencies.name,
      agencyCity: agencies.city,
    })
    .from(cases)
    .innerJoin(topics, eq(topics.id, cases.topicId))
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
    .where(eq(cases.id, row.caseId));
  if (!c) return undefined;
  const status = row.endedAt !== null || c.status === "closed" || c.status === "archived" ? "ended" : c.status === "new" ? "waiting" : "active";
  let position: number | null = null;
  let estimate: WaitEstimate = { kind: "unknown" };
  if (status === "waiting") {
    position = await queuePosition(tx, row.agencyId, row.queuedAt);
    const duty = await onDutyByAgency(tx, row.topicId, now);
    const onDuty = duty.find((d) => d.agencyId === row.agencyId)?.onDuty ?? 0;
    const since = new Date(now.getTime() - policy.estimateWindowDays * 86_400_000);
    const waits = await tx
      .select({ s: liveChatWaits.waitSeconds })
      .from(liveChatWaits)
      .where(and(eq(liveChatWaits.agencyId, row.agencyId), eq(liveChatWaits.taken, true), gt(liveChatWaits.queuedHour, since)))
      .orderBy(sql`${liveChatWaits.queuedHour} desc`)
      .limit(50);
    estimate = estimateWait({ position, onDuty, recentWaitSeconds: waits.flatMap((w) => (w.s === null ? [] : [w.s])) });
  }
  return {
    caseId: row.caseId,
    caseNumber: c.caseNumber,
    roomId: c.roomId,
    status,
    position,
    estimate,
    counselor: status === "active" ? (c.counselor ?? null) : null,
    topic: { id: row.topicId, name: topicName(c.topicDe, c.topicEn, c.topicNames) },
    agency: { id: row.agencyId, name: c.agencyName, city: c.agencyCity },
  };
}

/** The seeker leaves (or the chat is otherwise over): marked ended; the sweeper erases it. */
export async function endLiveChat(tx: LotseTx, seekerId: string, reason: "seeker_left" | "idle" | "closed", now: Date): Promise<boolean> {
  const [row] = await tx
    .update(liveChats)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(liveChats.seekerId, seekerId), isNull(liveChats.endedAt)))
    .returning({ caseId: liveChats.caseId, agencyId: liveChats.agencyId });
  if (!row) return false;
  const [c] = await tx.select({ caseNumber: cases.caseNumber }).from(cases).where(eq(cases.id, row.caseId));
  if (c) {
    const msgs = botMessages(await agencyBotLanguage(tx, row.agencyId));
    const [agency] = await tx.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, row.agencyId));
    if (agency?.poolRoomId) {
      await enqueue(tx, "room.send_notice", { roomId: agency.poolRoomId, body: msgs.live.ended({ caseNumber: c.caseNumber, reason }) }, { key: `live.ended:${row.caseId}` });
    }
  }
  return true;
}

/** Records how long the chat waited (no seeker, no case), once, before its rows go. */
async function recordWait(tx: LotseTx, caseId: string): Promise<void> {
  const [r] = await tx
    .select({ agencyId: liveChats.agencyId, topicId: liveChats.topicId, queuedAt: liveChats.queuedAt, takenAt: cases.takenAt })
    .from(liveChats)
    .innerJoin(cases, eq(cases.id, liveChats.caseId))
    .where(eq(liveChats.caseId, caseId));
  if (!r) return;
  const taken = r.takenAt !== null;
  await tx.insert(liveChatWaits).values({
    agencyId: r.agencyId,
    topicId: r.topicId,
    queuedHour: new Date(Math.floor(r.queuedAt.getTime() / 3_600_000) * 3_600_000),
    waitSeconds: taken ? Math.max(0, Math.round((r.takenAt!.getTime() - r.queuedAt.getTime()) / 1000)) : null,
    taken,
  });
}

/**
 * "Zugang behalten": the temporary account becomes an ordinary one with this password hash (and
 * optional e-mail address); the case stays as an ordinary case. False if there is no live chat
 * (any more) or it has already ended.
 */
export async function keepLiveAccess(tx: LotseTx, seekerId: string, passwordHash: string, email: string | null, now: Date): Promise<boolean> {
  const [row] = await tx
    .select({ caseId: liveChats.caseId, agencyId: liveChats.agencyId })
    .from(liveChats)
    .where(and(eq(liveChats.seekerId, seekerId), isNull(liveChats.endedAt)))
    .for("update");
  if (!row) return false;
  await recordWait(tx, row.caseId);
  await tx.delete(liveChats).where(eq(liveChats.caseId, row.caseId));
  await tx.update(seekers).set({ temporary: false, passwordHash, email, lastActiveAt: now }).where(eq(seekers.id, seekerId));
  await tx.insert(caseEvents).values({ caseId: row.caseId, at: now, actor: "seeker", action: "live_kept", details: {} });
  const [c] = await tx.select({ caseNumber: cases.caseNumber }).from(cases).where(eq(cases.id, row.caseId));
  const [agency] = await tx.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, row.agencyId));
  if (c && agency?.poolRoomId) {
    const msgs = botMessages(await agencyBotLanguage(tx, row.agencyId));
    await enqueue(tx, "room.send_notice", { roomId: agency.poolRoomId, body: msgs.live.kept(c.caseNumber) }, { key: `live.kept:${row.caseId}` });
  }
  return true;
}

/** A live chat due for erasure: its temporary seeker, room and rows. */
export type LiveErasure = { seekerId: string; caseId: string; matrixLocalpart: string; roomIds: string[] };

/**
 * Live chats to erase now: ended ones, ones whose case a counselor closed, and idle ones (the
 * seeker's app not seen for the policy's period) — those are first marked ended (with a notice in
 * the pool room), so that the reason is recorded once.
 */
export async function liveChatsToErase(db: LotseDb, now: Date, policy: LiveChatPolicy, limit = 50): Promise<LiveErasure[]> {
  const idleBefore = new Date(now.getTime() - policy.idleMinutes * 60_000);
  await db.transaction(async (tx) => {
    const stale = await tx
      .select({ seekerId: liveChats.seekerId, closed: sql<boolean>`${cases.status} in ('closed', 'archived')` })
      .from(liveChats)
      .innerJoin(cases, eq(cases.id, liveChats.caseId))
      .where(and(isNull(liveChats.endedAt), or(lt(liveChats.lastSeenAt, idleBefore), inArray(cases.status, ["closed", "archived"]))))
      .limit(limit);
    for (const s of stale) await endLiveChat(tx, s.seekerId, s.closed ? "closed" : "idle", now);
  });
  const rows = await db
    .select({ seekerId: liveChats.seekerId, caseId: liveChats.caseId, matrixLocalpart: seekers.matrixLocalpart, roomId: cases.roomId, supervisionRoomId: cases.supervisionRoomId })
    .from(liveChats)
    .innerJoin(seekers, eq(seekers.id, liveChats.seekerId))
    .innerJoin(cases, eq(cases.id, liveChats.caseId))
    .where(and(isNotNull(liveChats.endedAt), eq(seekers.temporary, true)))
    .orderBy(asc(liveChats.endedAt))
    .limit(limit);
  return rows.map((r) => ({ seekerId: r.seekerId, caseId: r.caseId, matrixLocalpart: r.matrixLocalpart, roomIds: [r.roomId, r.supervisionRoomId].filter((x): x is string => x !== null) }));
}

/**
 * The rows of an erased live chat, after its Matrix user and rooms are gone: the wait is recorded
 * (anonymously), then the case with its events and jobs, and the temporary seeker with its tokens.
 * False when it was already erased (another sweeper got there first) or the seeker kept access.
 */
export async function deleteLiveChatRows(tx: LotseTx, e: Pick<LiveErasure, "seekerId" | "caseId">): Promise<boolean> {
  const locked = await tx
    .select({ caseId: liveChats.caseId })
    .from(liveChats)
    .innerJoin(seekers, eq(seekers.id, liveChats.seekerId))
    .where(and(eq(liveChats.caseId, e.caseId), eq(seekers.temporary, true), isNotNull(liveChats.endedAt)))
    .for("update", { of: liveChats, skipLocked: true });
  if (locked.length === 0) return false;
  await recordWait(tx, e.caseId);
  await tx.delete(roomJobs).where(eq(roomJobs.caseId, e.caseId));
  // Jobs that name the seeker or the case in their payload only (none should, but nothing may stay).
  await tx.delete(roomJobs).where(sql`${roomJobs.payload}::text like ${`%${e.seekerId}%`} or ${roomJobs.payload}::text like ${`%${e.caseId}%`}`);
  await tx.delete(cases).where(eq(cases.id, e.caseId));
  await tx.delete(seekers).where(and(eq(seekers.id, e.seekerId), eq(seekers.temporary, true)));
  return true;
}

/** Is this seeker a temporary live-chat account? (undefined: no such seeker.) */
export async function isTemporarySeeker(db: Db, seekerId: string): Promise<boolean | undefined> {
  const [r] = await db.select({ t: seekers.temporary }).from(seekers).where(eq(seekers.id, seekerId));
  return r?.t;
}

// --- counselors: live duty and the queue ---------------------------------------------------------

/** Sets (until) or ends (null) the counselor's live duty; false when they are not a counselor. */
export async function setLiveDuty(tx: LotseTx, matrixUserId: string, until: Date | null): Promise<boolean> {
  const r = await tx.update(counselors).set({ liveDutyUntil: until }).where(eq(counselors.matrixUserId, matrixUserId)).returning({ id: counselors.id });
  return r.length > 0;
}

export type LiveDutyStart = {
  until: Date;
  /** The duty ends with a consultation-hour slot of the counselor running now. */
  bySlot: boolean;
  /** Topic names of the agencies where the counselor is in the pool (what seekers can now chat on). */
  topics: { de: string; en: string }[];
};

/**
 * Puts a counselor on live duty — the one implementation behind the bot's `!dienst an [Minuten]`
 * and the console's switch: for the minutes given (at most the policy's maximum), else until the
 * end of a consultation-hour slot of theirs running now (any of their agencies), else the policy's
 * default. Undefined when the Matrix user is not a counselor (nothing written).
 */
export async function startLiveDuty(
  tx: LotseTx,
  matrixUserId: string,
  now: Date,
  opts: { consultation: ConsultationPolicy; live: LiveChatPolicy; minutes?: number },
): Promise<LiveDutyStart | undefined> {
  const [me] = await tx.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, matrixUserId));
  if (!me) return undefined;
  const running: Date[] = [];
  if (opts.minutes === undefined) {
    const memberOf = await tx.selectDistinct({ agencyId: agencyMemberships.agencyId }).from(agencyMemberships).where(eq(agencyMemberships.counselorId, me.id));
    for (const m of memberOf) {
      const plan = await consultationPlan(tx, m.agencyId);
      // Occurrences that began at most one longest slot ago (slotOccurrences lists those that
      // *start* in [from, to); asking for [now, now) found none, so duty never followed a slot).
      const from = new Date(now.getTime() - opts.consultation.maxSlotMinutes * 60_000);
      for (const o of slotOccurrences(plan, from, new Date(now.getTime() + 1), opts.consultation.timeZone)) {
        if (o.counselorId === me.id && o.startsAt <= now && o.endsAt > now) running.push(o.endsAt);
      }
    }
  }
  const until = liveDutyUntil(now, running, opts.live, opts.minutes);
  await setLiveDuty(tx, matrixUserId, until);
  return { until, bySlot: opts.minutes === undefined && running.length > 0, topics: await liveTopicsOfCounselor(tx, matrixUserId) };
}

export async function liveDutyOf(db: Db, matrixUserId: string, now: Date): Promise<{ counselor: boolean; until: Date | null }> {
  const [r] = await db.select({ until: counselors.liveDutyUntil }).from(counselors).where(eq(counselors.matrixUserId, matrixUserId));
  if (!r) return { counselor: false, until: null };
  return { counselor: true, until: r.until !== null && r.until > now ? r.until : null };
}

/** Topic names (German and English) of the agencies where the counselor is in the pool. */
export async function liveTopicsOfCounselor(db: Db, matrixUserId: string): Promise<{ de: string; en: string }[]> {
  const rows = await db
    .selectDistinct({ id: topics.id, de: topics.nameDe, en: topics.nameEn })
    .from(counselors)
    .innerJoin(agencyMemberships, eq(agencyMemberships.counselorId, counselors.id))
    .innerJoin(agencies, eq(agencies.id, agencyMemberships.agencyId))
    .innerJoin(agencyTopics, eq(agencyTopics.agencyId, agencies.id))
    .innerJoin(topics, eq(topics.id, agencyTopics.topicId))
    .where(and(eq(counselors.matrixUserId, matrixUserId), inArray(agencyMemberships.role, [...poolRoles]), eq(agencies.online, true), isNull(agencies.deletedAt)))
    .orderBy(asc(topics.nameDe));
  return rows.map((r) => ({ de: r.de, en: r.en }));
}

export type LiveQueueEntry = { caseNumber: number; topic: { de: string; en: string }; queuedAt: Date; agencyName: string; agencyId: string };

/** The live chats waiting at the counselor's agencies, oldest first. */
export async function liveQueueOfCounselor(db: Db, matrixUserId: string): Promise<LiveQueueEntry[]> {
  const mine = db
    .select({ agencyId: agencyMemberships.agencyId })
    .from(agencyMemberships)
    .innerJoin(counselors, eq(counselors.id, agencyMemberships.counselorId))
    .where(eq(counselors.matrixUserId, matrixUserId));
  const rows = await db
    .select({ caseNumber: cases.caseNumber, de: topics.nameDe, en: topics.nameEn, queuedAt: liveChats.queuedAt, agencyName: agencies.name, agencyId: agencies.id })
    .from(liveChats)
    .innerJoin(cases, eq(cases.id, liveChats.caseId))
    .innerJoin(topics, eq(topics.id, liveChats.topicId))
    .innerJoin(agencies, eq(agencies.id, liveChats.agencyId))
    .where(and(inArray(liveChats.agencyId, mine), eq(cases.status, "new"), isNull(liveChats.endedAt)))
    .orderBy(asc(liveChats.queuedAt));
  return rows.map((r) => ({ caseNumber: r.caseNumber, topic: { de: r.de, en: r.en }, queuedAt: r.queuedAt, agencyName: r.agencyName, agencyId: r.agencyId }));
}

/** Is this case a live chat, and its place in its agency's queue (for the pool notice)? */
export async function liveChatOfCase(db: Db, caseId: string): Promise<{ position: number } | undefined> {
  const [row] = await db.select({ agencyId: liveChats.agencyId, queuedAt: liveChats.queuedAt }).from(liveChats).where(eq(liveChats.caseId, caseId));
  if (!row) return undefined;
  return { position: await queuePosition(db, row.agencyId, row.queuedAt) };
}
