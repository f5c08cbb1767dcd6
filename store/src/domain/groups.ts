// Group chats and whisper rooms (issue 5): every write a route or a bot command makes, each in one
// transaction together with the room job (outbox) the bridge works. The rules are the policies'
// (groupRooms.ts); the SQL makes them race-free: a join locks the group row, so the seat count
// and the insert happen under one lock and concurrent joins cannot overfill a group.
import {
  decideGroupJoin,
  defaultGroupPolicy,
  type GroupPhase,
  groupInputViolation,
  groupPhaseAt,
  type GroupPolicy,
  pseudonymKey,
  seatsLeft,
} from "@lotse/policies";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { LotseDb, LotseTx } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { agencies, agencyMemberships, counselors, topics } from "../schema/catalogue.ts";
import { groupExperts, groupModerators, groupParticipants, groups, whisperRooms } from "../schema/groups.ts";
import { seekers } from "../schema/seekers.ts";
import { topicName, type TopicName } from "../topicNames.ts";

export type GroupFailure = {
  ok: false;
  error: "invalid_input" | "forbidden" | "not_found" | "unknown_topic" | "full" | "ended" | "not_participant" | "not_open" | "unknown_person" | "conflict";
  message: string;
  field?: string;
};

type Db = LotseDb | LotseTx;

export function scheduleOf(g: { startsAt: Date; durationMinutes: number; repeatWeekly: boolean }) {
  return { startsAt: g.startsAt, durationMinutes: g.durationMinutes, repeatWeekly: g.repeatWeekly };
}

/** The short reference counselors type in commands: the first 8 hex digits of the group id. */
export function groupRef(groupId: string): string {
  return groupId.slice(0, 8);
}

// ---------------------------------------------------------------------------------------------
// Create

export type NewGroupInput = {
  title: string;
  topicId: string;
  description: string;
  rules: string;
  startsAt: Date;
  durationMinutes: number;
  repeatWeekly: boolean;
  maxParticipants: number;
  encrypted?: boolean;
  agencyId?: string;
  listingTopicIds?: string[];
  listingAgencyIds?: string[];
};

/**
 * Creates a group for a counselor holding the group_moderator role (roles re-read here, not
 * trusted from a token) and queues its room (job group.create_room) in the same transaction.
 */
export async function createGroup(
  tx: LotseTx,
  actor: { matrixUserId: string },
  input: NewGroupInput,
  policy: GroupPolicy = defaultGroupPolicy,
): Promise<{ ok: true; groupId: string } | GroupFailure> {
  const violation = groupInputViolation(input, policy, new Date());
  if (violation) return { ok: false, error: "invalid_input", message: violation.message, field: violation.field };
  const [me] = await tx.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, actor.matrixUserId));
  if (!me) return { ok: false, error: "forbidden", message: "Only counselors with the group moderator role can create groups." };
  const modAgencies = (
    await tx
      .select({ agencyId: agencyMemberships.agencyId })
      .from(agencyMemberships)
      .innerJoin(agencies, eq(agencies.id, agencyMemberships.agencyId))
      .where(and(eq(agencyMemberships.counselorId, me.id), eq(agencyMemberships.role, "group_moderator"), isNull(agencies.deletedAt)))
  ).map((r) => r.agencyId);
  if (modAgencies.length === 0) return { ok: false, error: "forbidden", message: "Only counselors with the group moderator role can create groups." };
  let agencyId = input.agencyId;
  if (agencyId === undefined) {
    if (modAgencies.length > 1) return { ok: false, error: "invalid_input", field: "agencyId", message: "You moderate groups for several agencies; name the agency (agencyId)." };
    agencyId = modAgencies[0]!;
  } else if (!modAgencies.includes(agencyId)) {
    return { ok: false, error: "forbidden", message: "You are not a group moderator of this agency." };
  }
  const wantedTopics = [...new Set([input.topicId, ...(input.listingTopicIds ?? [])])];
  const known = await tx.select({ id: topics.id }).from(topics).where(inArray(topics.id, wantedTopics));
  if (known.length !== wantedTopics.length) return { ok: false, error: "unknown_topic", message: "Unknown topic." };
  const listingAgencyIds = [...new Set(input.listingAgencyIds ?? [])];
  if (listingAgencyIds.length > 0) {
    const found = await tx.select({ id: agencies.id }).from(agencies).where(and(inArray(agencies.id, listingAgencyIds), isNull(agencies.deletedAt)));
    if (found.length !== listingAgencyIds.length) return { ok: false, error: "invalid_input", field: "listingAgencyIds", message: "Unknown agency in listingAgencyIds." };
  }
  const [g] = await tx
    .insert(groups)
    .values({
      title: input.title.trim(),
      topicId: input.topicId,
      agencyId,
      description: input.description,
      rules: input.rules,
      startsAt: input.startsAt,
      durationMinutes: input.durationMinutes,
      repeatWeekly: input.repeatWeekly,
      maxParticipants: input.maxParticipants,
      encrypted: input.encrypted ?? policy.encryptedByDefault,
      listingTopicIds: input.listingTopicIds ?? [],
      listingAgencyIds,
      createdBy: me.id,
    })
    .returning({ id: groups.id });
  if (!g) throw new Error("group insert returned no row");
  await tx.insert(groupModerators).values({ groupId: g.id, counselorId: me.id });
  await enqueue(tx, "group.create_room", { groupId: g.id }, { key: `group.create_room:${g.id}` });
  return { ok: true, groupId: g.id };
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function groupRoomId(db: Db, groupId: string): Promise<string | null | undefined> {
  const [g] = await db.select({ roomId: groups.roomId }).from(groups).where(eq(groups.id, groupId));
  return g === undefined ? undefined : g.roomId;
}

export async function whisperRoomId(db: Db, whisperId: string): Promise<string | null | undefined> {
  const [w] = await db.select({ roomId: whisperRooms.roomId }).from(whisperRooms).where(eq(whisperRooms.id, whisperId));
  return w === undefined ? undefined : w.roomId;
}

/** Matrix user ids of a group's moderators (creator first). */
export async function groupModeratorUserIds(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .select({ userId: counselors.matrixUserId })
    .from(groupModerators)
    .innerJoin(counselors, eq(counselors.id, groupModerators.counselorId))
    .where(eq(groupModerators.groupId, groupId))
    .orderBy(asc(groupModerators.createdAt));
  return rows.map((r) => r.userId);
}

export type GroupListing = {
  groupId: string;
  ref: string;
  title: string;
  topic: { id: string; name: TopicName };
  agencyId: string | null;
  description: string;
  rules: string;
  phase: GroupPhase;
  occurrence: Date;
  endsAt: Date;
  durationMinutes: number;
  repeatWeekly: boolean;
  maxParticipants: number;
  seatsLeft: number;
  encrypted: boolean;
  listingTopicIds: string[];
  listingAgencyIds: string[];
};

/** Upcoming and running groups (not ended, not deleted), soonest first; optional topic/agency filter. */
export async function listGroups(
  db: Db,
  now: Date,
  filter: { topicId?: string; agencyId?: string } = {},
  timeZone: string = defaultGroupPolicy.timeZone,
): Promise<GroupListing[]> {
  const rows = await db
    .select({
      id: groups.id,
      title: groups.title,
      topicId: groups.topicId,
      topicDe: topics.nameDe,
      topicEn: topics.nameEn,
      topicNames: topics.names,
      agencyId: groups.agencyId,
      description: groups.description,
      rules: groups.rules,
      startsAt: groups.startsAt,
      durationMinutes: groups.durationMinutes,
      repeatWeekly: groups.repeatWeekly,
      maxParticipants: groups.maxParticipants,
      encrypted: groups.encrypted,
      listingTopicIds: groups.listingTopicIds,
      listingAgencyIds: groups.listingAgencyIds,
      active: sql<number>`(select count(*)::int from ${groupParticipants} gp where gp.group_id = ${groups.id} and gp.left_at is null)`,
    })
    .from(groups)
    .innerJoin(topics, eq(topics.id, groups.topicId))
    .where(isNull(groups.deletedAt))
    .limit(1000);
  const out: GroupListing[] = [];
  for (const r of rows) {
    if (filter.topicId && r.topicId !== filter.topicId && !r.listingTopicIds.includes(filter.topicId)) continue;
    if (filter.agencyId && r.agencyId !== filter.agencyId && !r.listingAgencyIds.includes(filter.agencyId)) continue;
    const p = groupPhaseAt(scheduleOf(r), now, timeZone);
    if (p.phase === "after") continue;
    out.push({
      groupId: r.id,
      ref: groupRef(r.id),
      title: r.title,
      topic: { id: r.topicId, name: topicName(r.topicDe, r.topicEn, r.topicNames) },
      agencyId: r.agencyId,
      description: r.description,
      rules: r.rules,
      phase: p.phase,
      occurrence: p.occurrence,
      endsAt: p.endsAt,
      durationMinutes: r.durationMinutes,
      repeatWeekly: r.repeatWeekly,
      maxParticipants: r.maxParticipants,
      seatsLeft: seatsLeft(r.maxParticipants, Number(r.active)),
      encrypted: r.encrypted,
      listingTopicIds: r.listingTopicIds,
      listingAgencyIds: r.listingAgencyIds,
    });
  }
  return out.sort((a, b) => a.occurrence.getTime() - b.occurrence.getTime() || a.groupId.localeCompare(b.groupId));
}

// ---------------------------------------------------------------------------------------------
// Join

/**
 * A seeker takes a seat. The group row is locked (FOR UPDATE) for the count and the insert, so
 * concurrent joins are serialised per group and the maximum holds. The bot's invitation is a
 * room job in the same transaction.
 */
export async function joinGroup(tx: LotseTx, seekerId: string, groupId: string, now: Date, timeZone: string = defaultGroupPolicy.timeZone): Promise<{ ok: true; roomId: string | null; alreadyParticipant: boolean } | GroupFailure> {
  const [g] = await tx
    .select({ id: groups.id, roomId: groups.roomId, startsAt: groups.startsAt, durationMinutes: groups.durationMinutes, repeatWeekly: groups.repeatWeekly, maxParticipants: groups.maxParticipants })
    .from(groups)
    .where(and(eq(groups.id, groupId), isNull(groups.deletedAt)))
    .for("update");
  if (!g) return { ok: false, error: "not_found", message: "No such group." };
  const [mine] = await tx
    .select({ leftAt: groupParticipants.leftAt })
    .from(groupParticipants)
    .where(and(eq(groupParticipants.groupId, groupId), eq(groupParticipants.seekerId, seekerId)));
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(groupParticipants)
    .where(and(eq(groupParticipants.groupId, groupId), isNull(groupParticipants.leftAt)))) as [{ n: number }];
  const decision = decideGroupJoin({
    maxParticipants: g.maxParticipants,
    activeParticipants: Number(n),
    alreadyParticipant: mine !== undefined && mine.leftAt === null,
    phase: groupPhaseAt(scheduleOf(g), now, timeZone).phase,
  });
  if (!decision.ok) return { ok: false, error: decision.reason, message: decision.message };
  if (!decision.alreadyParticipant) {
    await tx
      .insert(groupParticipants)
      .values({ groupId, seekerId, joinedAt: now })
      .onConflictDoUpdate({ target: [groupParticipants.groupId, groupParticipants.seekerId], set: { joinedAt: now, leftAt: null, leftReason: null } });
  }
  // Every join (a repeated one too: the seeker may have rejected or left the room) asks for the invitation.
  await enqueue(tx, "group.invite", { groupId, seekerId }, { key: `group.invite:${groupId}:${seekerId}:${now.getTime()}` });
  return { ok: true, roomId: g.roomId, alreadyParticipant: decision.alreadyParticipant };
}

// ---------------------------------------------------------------------------------------------
// Whisper rooms

async function isActiveParticipant(tx: Db, groupId: string, seekerId: string): Promise<boolean> {
  const [p] = await tx
    .select({ one: sql`1` })
    .from(groupParticipants)
    .where(and(eq(groupParticipants.groupId, groupId), eq(groupParticipants.seekerId, seekerId), isNull(groupParticipants.leftAt)));
  return p !== undefined;
}

/**
 * Opens (or returns the open) whisper room of a participant with a moderator of the group, only
 * while the session runs. `moderatorId` null: the group's first moderator.
 */
export async function openWhisper(
  tx: LotseTx,
  input: { groupId: string; seekerId: string; moderatorId: string | null; startedBy: "seeker" | "moderator" },
  now: Date,
): Promise<{ ok: true; whisperId: string; roomId: string | null; created: boolean } | GroupFailure> {
  const [g] = await tx
    .select({ id: groups.id, appliedPhase: groups.appliedPhase })
    .from(groups)
    .where(and(eq(groups.id, input.groupId), isNull(groups.deletedAt)))
    .for("update");
  if (!g) return { ok: false, error: "not_found", message: "No such group." };
  if (!(await isActiveParticipant(tx, g.id, input.seekerId))) return { ok: false, error: "not_participant", message: "Only participants of the group can whisper." };
  // The session runs when the bridge has opened the room (the scheduler's recorded phase).
  if (g.appliedPhase !== "open") return { ok: false, error: "not_open", message: "Whisper rooms exist only while the group's session runs." };
  const [open] = await tx
    .select({ id: whisperRooms.id, roomId: whisperRooms.roomId })
    .from(whisperRooms)
    .where(and(eq(whisperRooms.groupId, g.id), eq(whisperRooms.seekerId, input.seekerId), isNull(whisperRooms.endedAt)));
  if (open) return { ok: true, whisperId: open.id, roomId: open.roomId, created: false };
  let moderatorId = input.moderatorId;
  if (moderatorId === null) {
    const [m] = await tx.select({ id: groupModerators.counselorId }).from(groupModerators).where(eq(groupModerators.groupId, g.id)).orderBy(asc(groupModerators.createdAt)).limit(1);
    if (!m) return { ok: false, error: "conflict", message: "The group has no moderator." };
    moderatorId = m.id;
  }
  const [w] = await tx
    .insert(whisperRooms)
    .values({ groupId: g.id, seekerId: input.seekerId, moderatorId, startedBy: input.startedBy, createdAt: now })
    .returning({ id: whisperRooms.id });
  if (!w) throw new Error("whisper insert returned no row");
  await enqueue(tx, "whisper.create_room", { whisperId: w.id }, { key: `whisper.create_room:${w.id}` });
  return { ok: true, whisperId: w.id, roomId: null, created: true };
}

/** Ends the open whisper room of a seeker in a group; the bot closes the room (job whisper.end). */
export async function endWhisper(tx: LotseTx, groupId: string, seekerId: string, endedBy: string, now: Date): Promise<{ ok: true; whisperId: string } | GroupFailure> {
  const rows = await tx
    .update(whisperRooms)
    .set({ endedAt: now, endedBy })
    .where(and(eq(whisperRooms.groupId, groupId), eq(whisperRooms.seekerId, seekerId), isNull(whisperRooms.endedAt)))
    .returning({ id: whisperRooms.id });
  const w = rows[0];
  if (!w) return { ok: false, error: "not_found", message: "There is no open whisper room." };
  await enqueue(tx, "whisper.end", { whisperId: w.id }, { key: `whisper.end:${w.id}` });
  return { ok: true, whisperId: w.id };
}

/** Ends every open whisper room of a group (session over); returns their ids. */
export async function endWhispersOfGroup(tx: LotseTx, groupId: string, endedBy: string, now: Date): Promise<string[]> {
  const rows = await tx
    .update(whisperRooms)
    .set({ endedAt: now, endedBy })
    .where(and(eq(whisperRooms.groupId, groupId), isNull(whisperRooms.endedAt)))
    .returning({ id: whisperRooms.id });
  for (const w of rows) await enqueue(tx, "whisper.end", { whisperId: w.id }, { key: `whisper.end:${w.id}` });
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// Moderator actions (routes and bot commands)

/** The group, if `matrixUserId` moderates it. */
export async function groupModeratedBy(tx: Db, groupId: string, matrixUserId: string): Promise<{ groupId: string; counselorId: string } | GroupFailure> {
  const [g] = await tx.select({ id: groups.id }).from(groups).where(and(eq(groups.id, groupId), isNull(groups.deletedAt)));
  if (!g) return { ok: false, error: "not_found", message: "No such group." };
  const [m] = await tx
    .select({ counselorId: groupModerators.counselorId })
    .from(groupModerators)
    .innerJoin(counselors, eq(counselors.id, groupModerators.counselorId))
    .where(and(eq(groupModerators.groupId, groupId), eq(counselors.matrixUserId, matrixUserId)));
  if (!m) return { ok: false, error: "forbidden", message: "You do not moderate this group." };
  return { groupId, counselorId: m.counselorId };
}

/** Groups by the short reference typed in commands (a prefix of the id), among those the user moderates. */
export async function findModeratedGroup(tx: Db, ref: string, matrixUserId: string): Promise<{ groupId: string; counselorId: string; title: string } | GroupFailure> {
  const clean = ref.toLowerCase();
  if (!/^[0-9a-f-]{4,36}$/.test(clean)) return { ok: false, error: "not_found", message: `No group ${ref}. Type !groups for yours.` };
  const rows = await tx
    .select({ id: groups.id, title: groups.title, counselorId: groupModerators.counselorId })
    .from(groups)
    .innerJoin(groupModerators, eq(groupModerators.groupId, groups.id))
    .innerJoin(counselors, eq(counselors.id, groupModerators.counselorId))
    .where(and(isNull(groups.deletedAt), eq(counselors.matrixUserId, matrixUserId), sql`${groups.id}::text like ${`${clean}%`}`));
  if (rows.length !== 1) return { ok: false, error: "not_found", message: rows.length === 0 ? `You moderate no group ${ref}. Type !groups for yours.` : `${ref} is ambiguous; type more of the group id.` };
  return { groupId: rows[0]!.id, counselorId: rows[0]!.counselorId, title: rows[0]!.title };
}

/** An active participant of the group by pseudonym (folded like the pseudonym rule folds). */
export async function participantByPseudonym(tx: Db, groupId: string, pseudonym: string): Promise<{ seekerId: string } | GroupFailure> {
  const key = pseudonymKey(pseudonym);
  const [p] = await tx
    .select({ seekerId: seekers.id })
    .from(groupParticipants)
    .innerJoin(seekers, eq(seekers.id, groupParticipants.seekerId))
    .where(and(eq(groupParticipants.groupId, groupId), isNull(groupParticipants.leftAt), eq(seekers.usernameKey, key)));
  if (!p) return { ok: false, error: "unknown_person", message: `Nobody called ${pseudonym} takes part in this group.` };
  return { seekerId: p.seekerId };
}

/**
 * A moderator brings another counselor in as expert for one session: the running one, else the
 * next. Invited at the start (or now, if the session runs) and removed at its end.
 */
export async function addExpert(
  tx: LotseTx,
  actor: { matrixUserId: string },
  groupId: string,
  expertMatrixUserId: string,
  now: Date,
  timeZone: string = defaultGroupPolicy.timeZone,
): Promise<{ ok: true; occurrence: Date; phase: GroupPhase; expertUserId: string } | GroupFailure> {
  const mod = await groupModeratedBy(tx, groupId, actor.matrixUserId);
  if ("ok" in mod) return mod;
  const [expert] = await tx.select({ id: counselors.id, userId: counselors.matrixUserId }).from(counselors).where(eq(counselors.matrixUserId, expertMatrixUserId));
  if (!expert) return { ok: false, error: "unknown_person", message: `${expertMatrixUserId} is not a counselor of the platform.` };
  const [g] = await tx.select().from(groups).where(eq(groups.id, groupId)).for("update");
  const p = groupPhaseAt(scheduleOf(g!), now, timeZone);
  if (p.phase === "after") return { ok: false, error: "ended", message: "This group has ended." };
  await tx.insert(groupExperts).values({ groupId, counselorId: expert.id, occurrence: p.occurrence, addedBy: mod.counselorId }).onConflictDoNothing();
  if (p.phase === "open") {
    await enqueue(tx, "group.sync_experts", { groupId, occurrence: p.occurrence.toISOString() }, { key: `group.sync_experts:${groupId}:${expert.id}:${p.occurrence.toISOString()}` });
  }
  return { ok: true, occurrence: p.occurrence, phase: p.phase, expertUserId: expert.userId };
}

/** A counselor by Matrix user id or by display name (exactly one). */
export async function counselorByRef(tx: Db, ref: string): Promise<{ userId: string } | GroupFailure> {
  if (ref.startsWith("@")) return { userId: ref };
  const rows = await tx.select({ userId: counselors.matrixUserId }).from(counselors).where(sql`lower(${counselors.displayName}) = lower(${ref})`);
  if (rows.length !== 1) return { ok: false, error: "unknown_person", message: rows.length === 0 ? `No counselor called ${ref}.` : `Several counselors are called ${ref}; use the Matrix user id.` };
  return { userId: rows[0]!.userId };
}

// ---------------------------------------------------------------------------------------------
// Retention (for the clean-up's finished-group hook)

export type FinishedGroup = { groupId: string; reason: "one_off_over" | "deleted"; roomIds: string[] };
export type FinishedWhisper = { whisperId: string; groupId: string; roomId: string | null };

/**
 * What retention may purge at `before`: groups that are over — a one-off group whose session ended
 * before `before`, or any group deleted before it — with their room and their whisper rooms; and,
 * of groups still running, whisper rooms that ended before `before`. Reads only; the clean-up
 * deletes the rooms (admin API) and then the rows (group rows cascade to seats, experts, whispers).
 */
export async function finishedGroupsBefore(db: Db, before: Date): Promise<{ groups: FinishedGroup[]; whispers: FinishedWhisper[] }> {
  const rows = await db
    .select({ id: groups.id, roomId: groups.roomId, startsAt: groups.startsAt, durationMinutes: groups.durationMinutes, repeatWeekly: groups.repeatWeekly, deletedAt: groups.deletedAt })
    .from(groups);
  const over: FinishedGroup[] = [];
  for (const g of rows) {
    const reason =
      g.deletedAt && g.deletedAt.getTime() < before.getTime()
        ? ("deleted" as const)
        : !g.repeatWeekly && g.startsAt.getTime() + g.durationMinutes * 60_000 < before.getTime()
          ? ("one_off_over" as const)
          : undefined;
    if (!reason) continue;
    const ws = await db.select({ roomId: whisperRooms.roomId }).from(whisperRooms).where(eq(whisperRooms.groupId, g.id));
    over.push({ groupId: g.id, reason, roomIds: [g.roomId, ...ws.map((w) => w.roomId)].filter((r): r is string => r !== null) });
  }
  const overIds = new Set(over.map((g) => g.groupId));
  const ended = await db
    .select({ id: whisperRooms.id, groupId: whisperRooms.groupId, roomId: whisperRooms.roomId })
    .from(whisperRooms)
    .where(sql`${whisperRooms.endedAt} < ${before.toISOString()}::timestamptz`);
  return { groups: over, whispers: ended.filter((w) => !overIds.has(w.groupId)).map((w) => ({ whisperId: w.id, groupId: w.groupId, roomId: w.roomId })) };
}
