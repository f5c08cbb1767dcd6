// Room jobs of group chats and whisper rooms (issue 5). Each handler reads the truth from
// PostgreSQL (inside the worker's transaction, with the group or whisper row locked) and brings
// Matrix in line with it, so running one twice is harmless:
//   group.create_room    the group room (alias #lotse_group_<hash>), phase power levels from the policies
//   group.invite         invite a participant (registered in the appservice namespace first)
//   group.apply_phase    the phase the scheduler recorded: power levels, group state, experts in;
//                        after a session: experts out, whispers ended, participants removed (policy)
//   group.sync_experts   invite the experts of the running session now
//   whisper.create_room  the encrypted whisper room (alias #lotse_whisper_<hash>): one seeker, one moderator
//   whisper.end          both members removed; the room is dead (invite-only, nobody left to invite)
import {
  botMessages,
  defaultGroupPolicy,
  desiredGroupRoom,
  type GroupPhase,
  groupPhaseAt,
  type GroupPolicy,
  groupRoomCreateBody,
  whisperRoomCreateBody,
  type PlatformPolicy,
} from "@lotse/policies";
import {
  endWhispersOfGroup,
  groupModeratorUserIds,
  scheduleOf,
} from "@lotse/store";
import { counselors, groupExperts, groupParticipants, groups, seekers, whisperRooms } from "@lotse/store";
import { and, eq, isNull, lt } from "drizzle-orm";
import type { Logger } from "pino";
import { matrixUserId } from "../matrix/caseRoomIdentity.ts";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { reconcileRoom } from "../matrix/reconcileRoom.ts";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import { createOrAdopt } from "../jobs/jobInput.ts";
import type { JobHandler, LotseTx, SomeJobHandlers } from "../jobs/jobTypes.ts";
import { groupRoomAliasLocalpart, whisperRoomAliasLocalpart } from "./groupIdentity.ts";

export type GroupJobDeps = {
  matrix: MatrixRoomApi;
  serverName: string;
  now?: () => Date;
  policy?: GroupPolicy;
  /** Room template data (platform policy `rooms`); default: the policy's defaults. */
  rooms?: PlatformPolicy["rooms"];
};


/** Kicks when the user is in the room or invited; anything else is already done. */
async function removeIfPresent(matrix: MatrixRoomApi, roomId: string, members: Map<string, string>, userId: string, reason: string): Promise<boolean> {
  const m = members.get(userId);
  if (m !== "join" && m !== "invite") return false;
  await matrix.kick(roomId, userId, reason);
  return true;
}

async function lockGroup(tx: LotseTx, groupId: string) {
  const [g] = await tx.select().from(groups).where(eq(groups.id, groupId)).for("update");
  if (!g) throw new PermanentJobError("group not found");
  return g;
}

async function expertUserIdsOf(tx: LotseTx, groupId: string, occurrence: Date): Promise<string[]> {
  const rows = await tx
    .select({ userId: counselors.matrixUserId })
    .from(groupExperts)
    .innerJoin(counselors, eq(counselors.id, groupExperts.counselorId))
    .where(and(eq(groupExperts.groupId, groupId), eq(groupExperts.occurrence, occurrence), isNull(groupExperts.removedAt)));
  return rows.map((r) => r.userId);
}

// ---------------------------------------------------------------------------------------------

export function groupCreateRoomHandler(deps: GroupJobDeps): JobHandler<"group.create_room"> {
  return async ({ tx, job, log }) => {
    const groupId = job.payload.groupId;
    const l = log.child({ groupId });
    const g = await lockGroup(tx, groupId);
    if (g.roomId) return { roomId: g.roomId };
    const now = deps.now?.() ?? new Date();
    const phase = groupPhaseAt(scheduleOf(g), now, (deps.policy ?? defaultGroupPolicy).timeZone);
    const moderatorUserIds = await groupModeratorUserIds(tx, groupId);
    const expertUserIds = phase.phase === "open" ? await expertUserIdsOf(tx, groupId, phase.occurrence) : [];
    const aliasLocalpart = groupRoomAliasLocalpart(groupId);
    const body = groupRoomCreateBody({
      groupId,
      title: g.title,
      description: g.description,
      rules: g.rules,
      encrypted: g.encrypted,
      botUserId: deps.matrix.botUserId,
      moderatorUserIds,
      expertUserIds,
      phase,
      aliasLocalpart,
      ...(deps.policy ? { policy: deps.policy } : {}),
      ...(deps.rooms ? { template: deps.rooms.group } : {}),
    });
    body.invite = [...new Set([...body.invite, ...expertUserIds])];
    const { roomId, created } = await createOrAdopt(deps.matrix, body, `#${aliasLocalpart}:${deps.serverName}`, { kind: "group", groupId }, l, job.attempts);
    await tx
      .update(groups)
      .set({ roomId, appliedPhase: phase.phase, appliedOccurrence: phase.occurrence, updatedAt: new Date() })
      .where(eq(groups.id, groupId));
    l.info({ roomId, created, phase: phase.phase, encrypted: g.encrypted }, "group room ready");
    return { roomId, phase: phase.phase };
  };
}

export function groupInviteHandler(deps: GroupJobDeps): JobHandler<"group.invite"> {
  return async ({ tx, job, log }) => {
    const groupId = job.payload.groupId;
    const seekerId = job.payload.seekerId;
    const [g] = await tx.select({ roomId: groups.roomId, deletedAt: groups.deletedAt }).from(groups).where(eq(groups.id, groupId));
    if (!g) throw new PermanentJobError("group not found");
    if (g.deletedAt) return { skipped: "group deleted" };
    // Transient: group.create_room records the room; this job retries until then.
    if (!g.roomId) throw new Error("the group room does not exist yet");
    const [p] = await tx
      .select({ leftAt: groupParticipants.leftAt, localpart: seekers.matrixLocalpart })
      .from(groupParticipants)
      .innerJoin(seekers, eq(seekers.id, groupParticipants.seekerId))
      .where(and(eq(groupParticipants.groupId, groupId), eq(groupParticipants.seekerId, seekerId)));
    if (!p || p.leftAt) return { skipped: "no longer a participant" };
    const userId = matrixUserId(p.localpart, deps.serverName);
    await deps.matrix.ensureUserRegistered(p.localpart);
    const m = (await deps.matrix.getMemberships(g.roomId)).get(userId);
    if (m === "join" || m === "invite" || m === "ban") return { roomId: g.roomId, invited: false };
    await deps.matrix.invite(g.roomId, userId);
    log.info({ groupId, roomId: g.roomId }, "participant invited to the group room");
    return { roomId: g.roomId, invited: true };
  };
}

/**
 * Brings the group room in line with the phase recorded on the group row (by the scheduler or the
 * room's creation), as desiredGroupRoom says: power levels (keeping moderators' mutes, i.e.
 * negative user levels), the group state event, the session's experts. With `endedAt` (a session
 * ended then): the experts of that session leave, open whisper rooms end, and — per policy —
 * participants who joined before the end are removed and give up their seats.
 */
export async function applyGroupPhase(
  tx: LotseTx,
  deps: GroupJobDeps,
  groupId: string,
  endedAt: Date | null,
  log: Logger,
): Promise<{ roomId: string; phase: GroupPhase; removedParticipants: number; removedExperts: number; invitedExperts: number; endedWhispers: number }> {
  const policy = deps.policy ?? defaultGroupPolicy;
  const g = await lockGroup(tx, groupId);
  if (!g.roomId) throw new Error("the group room does not exist yet");
  const roomId = g.roomId;
  const phase = g.appliedPhase as GroupPhase;
  const occurrence = g.appliedOccurrence ?? g.startsAt;
  const now = deps.now?.() ?? new Date();
  const moderatorUserIds = await groupModeratorUserIds(tx, groupId);
  const expertUserIds = phase === "open" ? await expertUserIdsOf(tx, groupId, occurrence) : [];

  const endingExperts: string[] = [];
  if (phase !== "open" || endedAt) {
    // Experts are there for one session: everyone listed for another session than a running one goes.
    const stale = await tx
      .select({ counselorId: groupExperts.counselorId, occurrence: groupExperts.occurrence, userId: counselors.matrixUserId })
      .from(groupExperts)
      .innerJoin(counselors, eq(counselors.id, groupExperts.counselorId))
      .where(and(eq(groupExperts.groupId, groupId), isNull(groupExperts.removedAt)));
    for (const e of stale) {
      // Kept: experts of a later session, and of this one unless it is over ("after").
      if (e.occurrence.getTime() > occurrence.getTime()) continue;
      if (e.occurrence.getTime() === occurrence.getTime() && phase !== "after") continue;
      endingExperts.push(e.userId);
      await tx
        .update(groupExperts)
        .set({ removedAt: now })
        .where(and(eq(groupExperts.groupId, groupId), eq(groupExperts.counselorId, e.counselorId), eq(groupExperts.occurrence, e.occurrence)));
    }
  }
  const leaving: string[] = [];
  let endedWhispers = 0;
  if (endedAt) {
    endedWhispers = (await endWhispersOfGroup(tx, groupId, "session_ended", now)).length;
    if (policy.removeParticipantsAfterSession) {
      const seats = await tx
        .update(groupParticipants)
        .set({ leftAt: now, leftReason: "session_ended" })
        .where(and(eq(groupParticipants.groupId, groupId), isNull(groupParticipants.leftAt), lt(groupParticipants.joinedAt, endedAt)))
        .returning({ seekerId: groupParticipants.seekerId });
      for (const p of seats) {
        const [s] = await tx.select({ localpart: seekers.matrixLocalpart }).from(seekers).where(eq(seekers.id, p.seekerId));
        if (s) leaving.push(matrixUserId(s.localpart, deps.serverName));
      }
    }
  }

  const members = await deps.matrix.getMemberships(roomId);
  const endsAt = new Date(occurrence.getTime() + g.durationMinutes * 60_000);
  const desired = desiredGroupRoom(
    { title: g.title, rules: g.rules, phase, occurrence, endsAt, moderatorUserIds, expertUserIds, endingExpertUserIds: endingExperts, leavingUserIds: leaving },
    members,
    { botUserId: deps.matrix.botUserId, template: deps.rooms?.group },
  );
  const r = await reconcileRoom(deps.matrix, roomId, desired, { members });
  const invitedExperts = r.invited.length;
  const removedExperts = r.removed.filter((u) => endingExperts.includes(u)).length;
  const removedParticipants = r.removed.filter((u) => leaving.includes(u)).length;
  log.info({ groupId, roomId, phase, invitedExperts, removedExperts, removedParticipants, endedWhispers }, "group phase applied");
  return { roomId, phase, removedParticipants, removedExperts, invitedExperts, endedWhispers };
}

export function groupApplyPhaseHandler(deps: GroupJobDeps): JobHandler<"group.apply_phase"> {
  return async ({ tx, job, log }) => {
    const groupId = job.payload.groupId;
    const raw = job.payload.endedAt;
    const endedAt = typeof raw === "string" && !Number.isNaN(Date.parse(raw)) ? new Date(raw) : null;
    return applyGroupPhase(tx, deps, groupId, endedAt, log);
  };
}

export function groupSyncExpertsHandler(deps: GroupJobDeps): JobHandler<"group.sync_experts"> {
  return async ({ tx, job, log }) => applyGroupPhase(tx, deps, job.payload.groupId, null, log);
}

// ---------------------------------------------------------------------------------------------
// Whisper rooms

async function lockWhisper(tx: LotseTx, whisperId: string) {
  const [w] = await tx
    .select({
      id: whisperRooms.id,
      groupId: whisperRooms.groupId,
      roomId: whisperRooms.roomId,
      endedAt: whisperRooms.endedAt,
      seekerLocalpart: seekers.matrixLocalpart,
      moderatorUserId: counselors.matrixUserId,
      groupTitle: groups.title,
    })
    .from(whisperRooms)
    .innerJoin(seekers, eq(seekers.id, whisperRooms.seekerId))
    .innerJoin(counselors, eq(counselors.id, whisperRooms.moderatorId))
    .innerJoin(groups, eq(groups.id, whisperRooms.groupId))
    .where(eq(whisperRooms.id, whisperId))
    .for("update", { of: whisperRooms });
  if (!w) throw new PermanentJobError("whisper room not found");
  return w;
}

export function whisperCreateRoomHandler(deps: GroupJobDeps): JobHandler<"whisper.create_room"> {
  return async ({ tx, job, log }) => {
    const whisperId = job.payload.whisperId;
    const w = await lockWhisper(tx, whisperId);
    if (w.roomId) return { roomId: w.roomId };
    if (w.endedAt) return { skipped: "ended before its room was made" };
    await deps.matrix.ensureUserRegistered(w.seekerLocalpart);
    const aliasLocalpart = whisperRoomAliasLocalpart(whisperId);
    const body = whisperRoomCreateBody({
      whisperId,
      groupId: w.groupId,
      groupTitle: w.groupTitle,
      botUserId: deps.matrix.botUserId,
      seekerUserId: matrixUserId(w.seekerLocalpart, deps.serverName),
      moderatorUserId: w.moderatorUserId,
      aliasLocalpart,
    }, deps.rooms?.whisper);
    const { roomId } = await createOrAdopt(deps.matrix, body, `#${aliasLocalpart}:${deps.serverName}`, { kind: "whisper", whisperId }, log, job.attempts);
    await tx.update(whisperRooms).set({ roomId }).where(eq(whisperRooms.id, whisperId));
    log.info({ whisperId, groupId: w.groupId, roomId }, "whisper room created");
    return { roomId };
  };
}

export function whisperEndHandler(deps: GroupJobDeps): JobHandler<"whisper.end"> {
  return async ({ tx, job, log }) => {
    const whisperId = job.payload.whisperId;
    const w = await lockWhisper(tx, whisperId);
    if (!w.roomId) return { skipped: "no room" };
    const members = await deps.matrix.getMemberships(w.roomId);
    let removed = 0;
    for (const userId of [matrixUserId(w.seekerLocalpart, deps.serverName), w.moderatorUserId]) {
      if (await removeIfPresent(deps.matrix, w.roomId, members, userId, botMessages(undefined).reasonWhisperEnded)) removed++;
    }
    log.info({ whisperId, roomId: w.roomId, removed }, "whisper room ended");
    return { roomId: w.roomId, removed };
  };
}

export type GroupJobKind = "group.create_room" | "group.invite" | "group.apply_phase" | "group.sync_experts" | "whisper.create_room" | "whisper.end";

export function groupJobHandlers(deps: GroupJobDeps): SomeJobHandlers<GroupJobKind> {
  return {
    "group.create_room": groupCreateRoomHandler(deps),
    "group.invite": groupInviteHandler(deps),
    "group.apply_phase": groupApplyPhaseHandler(deps),
    "group.sync_experts": groupSyncExpertsHandler(deps),
    "whisper.create_room": whisperCreateRoomHandler(deps),
    "whisper.end": whisperEndHandler(deps),
  };
}

// ---------------------------------------------------------------------------------------------
// For other bridge modules (moderation): is a room a group or whisper room, and who moderates it?

export type GroupRoomInfo =
  | { kind: "group"; groupId: string; moderatorUserIds: string[] }
  | { kind: "whisper"; groupId: string; whisperId: string; moderatorUserIds: string[] };

/** The group or whisper room behind a Matrix room id, with its moderators; undefined for any other room. */
export async function groupRoomInfo(db: LotseTx | Parameters<typeof groupModeratorUserIds>[0], roomId: string): Promise<GroupRoomInfo | undefined> {
  const [g] = await db.select({ id: groups.id }).from(groups).where(eq(groups.roomId, roomId));
  if (g) return { kind: "group", groupId: g.id, moderatorUserIds: await groupModeratorUserIds(db, g.id) };
  const [w] = await db
    .select({ id: whisperRooms.id, groupId: whisperRooms.groupId, moderator: counselors.matrixUserId })
    .from(whisperRooms)
    .innerJoin(counselors, eq(counselors.id, whisperRooms.moderatorId))
    .where(eq(whisperRooms.roomId, roomId));
  if (w) return { kind: "whisper", groupId: w.groupId, whisperId: w.id, moderatorUserIds: [w.moderator] };
  return undefined;
}
