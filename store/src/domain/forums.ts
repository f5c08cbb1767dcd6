// Peer-exchange forums (issue 15): the writes a route makes — join a forum, report a post — each in
// one transaction with the room job (outbox) the bridge works, and the reads the bridge and the API
// share (the forum's room, its staff, the pool rooms that hear of reports). Nothing here holds a
// post, a title or an author: what seekers write stays on the homeserver.
import { decideForumReport, defaultForumPolicy, type ForumPolicy, type ForumReportReason } from "@lotse/policies";
import { randomUUID } from "node:crypto";
import { and, asc, eq, gt, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { LotseDb, LotseTx } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { agencies, agencyMemberships, agencyTopics, counselors, topics } from "../schema/catalogue.ts";
import { forumMembers, forumReports, forums } from "../schema/forums.ts";
import { topicName, type TopicName } from "../topicNames.ts";

type Db = LotseDb | LotseTx;

export type ForumFailure = {
  ok: false;
  error: "unknown_topic" | "not_member" | "rate_limited";
  message: string;
  retryAfterSeconds?: number;
};

export type ForumRow = { topicId: string; name: TopicName; roomId: string | null };

/** Every topic is a forum (its room is made when the first seeker joins). */
export async function listForumRows(db: Db): Promise<ForumRow[]> {
  const rows = await db
    .select({ topicId: topics.id, nameDe: topics.nameDe, nameEn: topics.nameEn, names: topics.names, roomId: forums.roomId })
    .from(topics)
    .leftJoin(forums, eq(forums.topicId, topics.id))
    .orderBy(asc(topics.nameDe));
  return rows.map((r) => ({ topicId: r.topicId, name: topicName(r.nameDe, r.nameEn, r.names), roomId: r.roomId ?? null }));
}

export async function forumRow(db: Db, topicId: string): Promise<ForumRow | undefined> {
  const [r] = await db
    .select({ topicId: topics.id, nameDe: topics.nameDe, nameEn: topics.nameEn, names: topics.names, roomId: forums.roomId })
    .from(topics)
    .leftJoin(forums, eq(forums.topicId, topics.id))
    .where(eq(topics.id, topicId));
  return r ? { topicId: r.topicId, name: topicName(r.nameDe, r.nameEn, r.names), roomId: r.roomId ?? null } : undefined;
}

export async function forumRoomId(db: Db, topicId: string): Promise<string | null> {
  const [r] = await db.select({ roomId: forums.roomId }).from(forums).where(eq(forums.topicId, topicId));
  return r?.roomId ?? null;
}

/** The forum behind a Matrix room id, if it is one. */
export async function forumOfRoom(db: Db, roomId: string): Promise<string | undefined> {
  const [r] = await db.select({ topicId: forums.topicId }).from(forums).where(eq(forums.roomId, roomId));
  return r?.topicId;
}

export async function isForumMember(db: Db, topicId: string, seekerId: string): Promise<boolean> {
  const [r] = await db.select({ one: sql`1` }).from(forumMembers).where(and(eq(forumMembers.topicId, topicId), eq(forumMembers.seekerId, seekerId)));
  return r !== undefined;
}

/** The forum's staff: everyone with a role at an agency (not deleted) that serves the topic. */
export async function forumStaffUserIds(db: Db, topicId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ userId: counselors.matrixUserId })
    .from(agencyTopics)
    .innerJoin(agencies, eq(agencies.id, agencyTopics.agencyId))
    .innerJoin(agencyMemberships, eq(agencyMemberships.agencyId, agencyTopics.agencyId))
    .innerJoin(counselors, eq(counselors.id, agencyMemberships.counselorId))
    .where(and(eq(agencyTopics.topicId, topicId), isNull(agencies.deletedAt)))
    .orderBy(asc(counselors.matrixUserId));
  return rows.map((r) => r.userId);
}

/** The pool rooms of the agencies serving the topic: where moderators hear of reports and automated actions. */
export async function forumPoolRooms(db: Db, topicId: string): Promise<{ roomId: string; botLanguage: string }[]> {
  const rows = await db
    .select({ roomId: agencies.poolRoomId, botLanguage: agencies.botLanguage })
    .from(agencyTopics)
    .innerJoin(agencies, eq(agencies.id, agencyTopics.agencyId))
    .where(and(eq(agencyTopics.topicId, topicId), isNull(agencies.deletedAt), isNotNull(agencies.poolRoomId)))
    .orderBy(asc(agencies.name));
  return rows.map((r) => ({ roomId: r.roomId!, botLanguage: r.botLanguage }));
}

/** Asks the bridge for the topic's forum room (idempotent: one job per topic while none exists). */
export async function requestForumRoom(tx: LotseTx, topicId: string): Promise<void> {
  await tx.insert(forums).values({ topicId }).onConflictDoNothing();
  await enqueue(tx, "forum.create_room", { topicId }, { key: `forum.create_room:${topicId}` });
}

/**
 * Asks the bridge to bring the staff of these topics' forums in line (invite who joined an agency
 * serving the topic, remove who left): one job per forum that exists, in the caller's transaction.
 * Any writer of memberships, of an agency's topics or of its deletion calls this (or
 * requestForumStaffSyncForAgency) — a counselor who leaves an agency must not stay in its forums.
 */
export async function requestForumStaffSync(tx: LotseTx, topicIds: readonly string[]): Promise<void> {
  if (topicIds.length === 0) return;
  const rows = await tx.select({ topicId: forums.topicId }).from(forums).where(inArray(forums.topicId, [...new Set(topicIds)]));
  for (const r of rows) await enqueue(tx, "forum.sync_staff", { topicId: r.topicId }, { key: `forum.sync_staff:${r.topicId}:${randomUUID()}` });
}

/** requestForumStaffSync for every topic the agency serves (memberships changed, or the agency went). */
export async function requestForumStaffSyncForAgency(tx: LotseTx, agencyId: string): Promise<void> {
  const rows = await tx.select({ topicId: agencyTopics.topicId }).from(agencyTopics).where(eq(agencyTopics.agencyId, agencyId));
  await requestForumStaffSync(tx, rows.map((r) => r.topicId));
}

/**
 * A registered seeker joins the topic's forum: the membership row, the room (if the forum has none
 * yet) and the bot's invitation as jobs. Repeating it is harmless (a fresh invitation job does
 * nothing when the seeker is in the room already).
 */
export async function joinForum(tx: LotseTx, seekerId: string, topicId: string, now: Date = new Date()): Promise<{ ok: true; roomId: string | null } | ForumFailure> {
  const [topic] = await tx.select({ id: topics.id }).from(topics).where(eq(topics.id, topicId));
  if (!topic) return { ok: false, error: "unknown_topic", message: "There is no such topic." };
  await tx.insert(forums).values({ topicId }).onConflictDoNothing();
  const [forum] = await tx.select({ roomId: forums.roomId }).from(forums).where(eq(forums.topicId, topicId)).for("update");
  if (!forum?.roomId) await requestForumRoom(tx, topicId);
  await tx.insert(forumMembers).values({ topicId, seekerId, joinedAt: now }).onConflictDoNothing();
  await enqueue(tx, "forum.invite", { topicId, seekerId }, { key: `forum.invite:${topicId}:${seekerId}:${now.getTime()}` });
  return { ok: true, roomId: forum?.roomId ?? null };
}

/**
 * A member reports a post: one row (event id and reason, never content) and the moderators'
 * notice as a job. The same post reported again by the same seeker is the same report (no second
 * notice). Limited per seeker and hour (`forums.reportsPerHour`). The caller has checked that the
 * event is in the forum's room.
 */
export async function reportForumPost(
  tx: LotseTx,
  input: { seekerId: string; topicId: string; eventId: string; reason: ForumReportReason },
  now: Date = new Date(),
  policy: ForumPolicy = defaultForumPolicy,
): Promise<{ ok: true; reportId: string; repeated: boolean } | ForumFailure> {
  if (!(await isForumMember(tx, input.topicId, input.seekerId))) return { ok: false, error: "not_member", message: "Only members of this forum can report its posts." };
  // Serialise one seeker's reports so that the limit holds under concurrent requests.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`forum-report:${input.seekerId}`}))`);
  const [earlier] = await tx
    .select({ id: forumReports.id })
    .from(forumReports)
    .where(and(eq(forumReports.seekerId, input.seekerId), eq(forumReports.eventId, input.eventId)));
  if (earlier) return { ok: true, reportId: earlier.id, repeated: true };
  const recent = await tx
    .select({ at: forumReports.createdAt })
    .from(forumReports)
    .where(and(eq(forumReports.seekerId, input.seekerId), gt(forumReports.createdAt, new Date(now.getTime() - 3_600_000))));
  const decision = decideForumReport(recent.map((r) => r.at), now, policy);
  if (!decision.ok) return { ok: false, error: "rate_limited", message: "Too many reports in the last hour.", retryAfterSeconds: decision.retryAfterSeconds };
  const [row] = await tx
    .insert(forumReports)
    .values({ topicId: input.topicId, eventId: input.eventId, reason: input.reason, seekerId: input.seekerId, createdAt: now })
    .returning({ id: forumReports.id });
  await enqueue(tx, "forum.report_notice", { reportId: row!.id }, { key: `forum.report_notice:${row!.id}` });
  return { ok: true, reportId: row!.id, repeated: false };
}

export async function forumReportById(db: Db, reportId: string): Promise<{ topicId: string; eventId: string; reason: string } | undefined> {
  const [r] = await db.select({ topicId: forumReports.topicId, eventId: forumReports.eventId, reason: forumReports.reason }).from(forumReports).where(eq(forumReports.id, reportId));
  return r;
}
