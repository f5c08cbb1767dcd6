// Moderation that holds across every room the platform owns (issue 5): timed mutes that survive a
// restart, the moderators' bot commands, flood protection from event metadata, and the platform
// policy list. The decisions are pure functions in @lotse/policies (moderation.ts); this module
// reads what they need from Matrix and PostgreSQL and carries out what they decide.
//
//   timed mute      power levels: the member below the lowest send level; the expiry is a room
//                   job (`moderation.unmute`, run_after = the end) that restores the earlier level
//                   unless a moderator changed it meanwhile. No table: the outbox carries the timer.
//   flood           a sliding minute per (room, sender) in memory, fed with sender, room and the
//                   homeserver's timestamp of each event (never content; the bridge never
//                   decrypts). Above the limit: job `moderation.flood` (once per triggering event).
//   policy list     one platform room (alias #<prefix>policy) with `m.policy.rule.user` state
//                   events, written by platform admins from any client. Rules are cached here
//                   (`bannedUsers()`, `policyBanFor()`); every change queues `moderation.apply_policy`,
//                   which bans matching members in every platform room and lifts the bot's own
//                   policy bans whose rule is gone. New rooms: `withPolicyBans` filters the invitees of
//                   every room the bridge creates and bans them instead; an invitation or join of a
//                   matching user into any platform room is answered with a ban.
//
// The bot and each room's moderators (power ≥ moderation.moderatorLevel), platform admins and the
// operator's immune users are never muted, kicked or banned by automation (policies' isImmune).
import {
  BAN_RECOMMENDATIONS,
  banRuleFor,
  isImmune,
  isPolicyBanReason,
  LOTSE_ROOM_STATE_TYPE,
  mutePowerLevels,
  type PlatformPolicy,
  policyBanReason,
  type PolicyRule,
  policyRuleOf,
  POLICY_RULE_USER,
  type PowerLevelsLike,
  type RoomAuthority,
  unmutePowerLevels,
  botMessages,
} from "@lotse/policies";
import { enqueue, forumOfRoom, forumPoolRooms, type LotseTx, agencies, cases, groups, type LotseDb, platformAdmins, roomJobs, seekers, whisperRooms } from "@lotse/store";
import { and, eq, or, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import type { ModerationMatrix } from "./moderationMatrix.ts";

/** Queued by the bridge at start and by the API whenever platform admins change. */

export type ModerationDeps = {
  db: LotseDb;
  matrix: ModerationMatrix;
  policy: PlatformPolicy;
  serverName: string;
  userPrefix: string;
  log: Logger;
  now?: () => Date;
};

// ---------------------------------------------------------------------------------------------
// What moderation knows about rooms

const kindCache = new Map<string, string | null>();

/** The room's kind from its `org.lotse.room` marker (only the bot can set it); null: not ours. */
export async function roomKindOf(matrix: ModerationMatrix, roomId: string): Promise<string | null> {
  const cached = kindCache.get(roomId);
  if (cached !== undefined) return cached;
  let kind: string | null = null;
  try {
    const marker = await matrix.stateContent(roomId, LOTSE_ROOM_STATE_TYPE, "");
    kind = typeof marker?.kind === "string" ? marker.kind : null;
  } catch {
    return null; // not in the room (M_FORBIDDEN) or unreachable: not cached
  }
  if (kindCache.size > 50_000) kindCache.clear();
  kindCache.set(roomId, kind);
  return kind;
}

/** Current power levels and creators (the bot creates every platform room; v12 creators rule). */
export async function roomAuthority(matrix: ModerationMatrix, roomId: string): Promise<RoomAuthority> {
  const [powerLevels, create] = await Promise.all([
    matrix.stateContent(roomId, "m.room.power_levels", ""),
    matrix.stateContent(roomId, "m.room.create", ""),
  ]);
  const extra = Array.isArray(create?.additional_creators) ? create.additional_creators.filter((x): x is string => typeof x === "string") : [];
  return { powerLevels: powerLevels as PowerLevelsLike | undefined, creators: [matrix.botUserId, ...extra] };
}

export async function platformAdminIds(db: LotseDb | LotseTx): Promise<string[]> {
  return (await db.select({ id: platformAdmins.matrixUserId }).from(platformAdmins)).map((r) => r.id);
}

export async function immuneIn(deps: ModerationDeps, roomId: string, userId: string, tx?: LotseTx): Promise<boolean> {
  const room = await roomAuthority(deps.matrix, roomId);
  return isImmune(room, userId, { botUserId: deps.matrix.botUserId, policy: deps.policy, platformAdmins: await platformAdminIds(tx ?? deps.db) });
}

/**
 * Where moderators hear about automated actions in a room: the agency's pool room for case and
 * supervision rooms, the group's moderators' control room for group and whisper rooms (if it has
 * one), a pool room of the topic's agencies for forum rooms, the policy-list room (platform admins)
 * for everything else.
 */
export async function moderatorNoticeRoom(tx: LotseTx, roomId: string): Promise<string | undefined> {
  const [row] = await tx
    .select({ poolRoomId: agencies.poolRoomId })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(or(eq(cases.roomId, roomId), eq(cases.supervisionRoomId, roomId)));
  if (row?.poolRoomId) return row.poolRoomId;
  const [group] = await tx
    .select({ controlRoomId: groups.controlRoomId })
    .from(groups)
    .leftJoin(whisperRooms, eq(whisperRooms.groupId, groups.id))
    .where(or(eq(groups.roomId, roomId), eq(whisperRooms.roomId, roomId)))
    .limit(1);
  if (group) return group.controlRoomId ?? policyList.roomId;
  // A forum: the pool room of an agency serving its topic (reports go to all of them: ForumJobs.ts).
  const topicId = await forumOfRoom(tx, roomId);
  if (topicId) {
    const [pool] = await forumPoolRooms(tx, topicId);
    if (pool) return pool.roomId;
  }
  return policyList.roomId;
}

/** Rooms where moderators type commands for the bot: group control rooms (pool rooms, command chats and the policy room are checked by the caller). */
export async function isGroupControlRoom(db: LotseDb, roomId: string): Promise<boolean> {
  const [g] = await db.select({ id: groups.id }).from(groups).where(eq(groups.controlRoomId, roomId)).limit(1);
  return g !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Timed mute

type PendingUnmute = { id: string; previousLevel: number | undefined; mutedLevel: number; runAfter: Date };

async function pendingUnmutes(tx: LotseTx, roomId: string, userId: string): Promise<PendingUnmute[]> {
  const rows = await tx
    .select({ id: roomJobs.id, payload: roomJobs.payload, runAfter: roomJobs.runAfter })
    .from(roomJobs)
    .where(
      and(
        eq(roomJobs.kind, "moderation.unmute"),
        eq(roomJobs.status, "pending"),
        sql`${roomJobs.payload}->>'roomId' = ${roomId}`,
        sql`${roomJobs.payload}->>'userId' = ${userId}`,
      ),
    );
  return rows.map((r) => {
    const p = r.payload as { previousLevel?: unknown; mutedLevel?: unknown };
    return { id: r.id, previousLevel: typeof p.previousLevel === "number" ? p.previousLevel : undefined, mutedLevel: Number(p.mutedLevel), runAfter: r.runAfter };
  });
}

/** Earlier expiry jobs of the same member in the same room no longer apply (the newest mute or unmute decides). */
async function supersede(tx: LotseTx, ids: string[]): Promise<void> {
  for (const id of ids) {
    await tx.update(roomJobs).set({ status: "done", result: { superseded: true }, updatedAt: new Date() }).where(and(eq(roomJobs.id, id), eq(roomJobs.status, "pending")));
  }
}

export type MuteOutcome = { ok: true; until: Date; mutedLevel: number } | { ok: false; why: "immune" | "not_platform_room" };

/**
 * Mutes `userId` in `roomId` for `minutes`: power levels now, and the expiry as a room job in the
 * caller's transaction (so "muted" and "will be unmuted" commit together). A second mute replaces
 * the first's expiry and keeps the level from before the first.
 */
export async function muteMember(
  tx: LotseTx,
  deps: ModerationDeps,
  input: { roomId: string; userId: string; minutes: number; key: string },
): Promise<MuteOutcome> {
  if (!(await roomKindOf(deps.matrix, input.roomId))) return { ok: false, why: "not_platform_room" };
  const room = await roomAuthority(deps.matrix, input.roomId);
  const change = mutePowerLevels(room, input.userId, { botUserId: deps.matrix.botUserId, policy: deps.policy, platformAdmins: await platformAdminIds(tx) });
  if (!change) return { ok: false, why: "immune" };
  const earlier = await pendingUnmutes(tx, input.roomId, input.userId);
  const current = room.powerLevels?.users?.[input.userId];
  // Already muted (by an earlier mute still pending): restore to what it was before that one.
  const previousLevel = earlier.length > 0 && current === earlier[0]!.mutedLevel ? earlier[0]!.previousLevel : change.previousLevel;
  await deps.matrix.setState(input.roomId, "m.room.power_levels", "", change.content);
  await supersede(tx, earlier.map((e) => e.id));
  const now = deps.now?.() ?? new Date();
  const until = new Date(now.getTime() + input.minutes * 60_000);
  await enqueue(tx, "moderation.unmute", { roomId: input.roomId, userId: input.userId, previousLevel: previousLevel ?? null, mutedLevel: change.mutedLevel, until: until.toISOString() }, { key: `moderation.unmute:${input.key}`, runAfter: until });
  return { ok: true, until, mutedLevel: change.mutedLevel };
}

/** `!unmute`: the member's level from before the mute (or the room default), expiry jobs dropped. */
export async function unmuteMember(tx: LotseTx, deps: ModerationDeps, roomId: string, userId: string): Promise<boolean> {
  const earlier = await pendingUnmutes(tx, roomId, userId);
  const pl = await deps.matrix.stateContent(roomId, "m.room.power_levels", "");
  const current = (pl as PowerLevelsLike | undefined)?.users?.[userId];
  const mute = earlier.find((e) => e.mutedLevel === current);
  let next: PowerLevelsLike | undefined;
  if (mute) next = unmutePowerLevels(pl as PowerLevelsLike, userId, mute);
  else if (pl && typeof current === "number" && current < 0) {
    const users = { ...((pl as PowerLevelsLike).users ?? {}) };
    delete users[userId];
    next = { ...(pl as PowerLevelsLike), users };
  }
  if (next) await deps.matrix.setState(roomId, "m.room.power_levels", "", next);
  await supersede(tx, earlier.map((e) => e.id));
  return next !== undefined;
}

/** Members muted in a room now (user id → muted level), e.g. for code that rewrites power levels. */
export async function activeMutes(tx: LotseTx, roomId: string): Promise<Map<string, number>> {
  const rows = await tx
    .select({ payload: roomJobs.payload })
    .from(roomJobs)
    .where(and(eq(roomJobs.kind, "moderation.unmute"), eq(roomJobs.status, "pending"), sql`${roomJobs.payload}->>'roomId' = ${roomId}`));
  const out = new Map<string, number>();
  for (const r of rows) {
    const p = r.payload as { userId?: unknown; mutedLevel?: unknown };
    if (typeof p.userId === "string" && typeof p.mutedLevel === "number") out.set(p.userId, p.mutedLevel);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Policy list

export const policyList: { roomId: string | undefined; rules: PolicyRule[] } = { roomId: undefined, rules: [] };

/** The ban rules in force (glob entities), for code that creates rooms or invites. */
export function bannedUsers(): readonly PolicyRule[] {
  return policyList.rules.filter((r) => (BAN_RECOMMENDATIONS as readonly string[]).includes(r.recommendation));
}

/** The ban rule that applies to this user, if any. */
export function policyBanFor(userId: string): PolicyRule | undefined {
  return banRuleFor(policyList.rules, userId);
}

export { policyRoomAliasLocalpart } from "@lotse/policies";

export async function loadPolicyRules(matrix: ModerationMatrix, roomId: string): Promise<PolicyRule[]> {
  const events = await matrix.stateOfType(roomId, POLICY_RULE_USER);
  return events.map((e) => policyRuleOf(e.stateKey, e.content)).filter((x): x is PolicyRule => x !== undefined);
}

/**
 * Wraps the bridge's room API so that every room it creates leaves policy-banned users out (they
 * are banned in the new room instead of invited) and no invitation reaches one. Rooms created by
 * any code that goes through the bridge's MatrixRoomApi (cases, pools, supervision, groups) obey.
 */
export function withPolicyBans(inner: MatrixRoomApi, moderation: ModerationMatrix, log: Logger): MatrixRoomApi {
  const wrapped = Object.create(inner) as MatrixRoomApi;
  Object.defineProperty(wrapped, "createRoom", {
    value: async (body: Parameters<MatrixRoomApi["createRoom"]>[0]) => {
      const banned = body.invite.filter((id) => policyBanFor(id));
      if (banned.length === 0) return inner.createRoom(body);
      const roomId = await inner.createRoom({ ...body, invite: body.invite.filter((id) => !banned.includes(id)) });
      for (const id of banned) {
        const rule = policyBanFor(id)!;
        await moderation.ban(roomId, id, policyBanReason(rule));
      }
      log.info({ roomId, left_out: banned.length }, "new room: policy-banned invitees banned instead of invited");
      return roomId;
    },
  });
  Object.defineProperty(wrapped, "invite", {
    value: async (roomId: string, userId: string) => {
      if (policyBanFor(userId)) {
        log.info({ roomId }, "invitation of a policy-banned user not sent");
        return;
      }
      return inner.invite(roomId, userId);
    },
  });
  return wrapped;
}

/** Enforces the rules in one room: bans matching members, lifts the bot's policy bans whose rule is gone. */
export async function applyPolicyToRoom(
  tx: LotseTx,
  deps: ModerationDeps,
  roomId: string,
  admins: readonly string[],
): Promise<{ banned: number; unbanned: number }> {
  const kind = await roomKindOf(deps.matrix, roomId);
  if (!kind || kind === "policy_list" || roomId === policyList.roomId) return { banned: 0, unbanned: 0 };
  const members = await deps.matrix.members(roomId);
  let room: RoomAuthority | undefined;
  let banned = 0;
  let unbanned = 0;
  for (const m of members) {
    const rule = policyBanFor(m.userId);
    if (rule && (m.membership === "join" || m.membership === "invite" || m.membership === "leave" || m.membership === "knock")) {
      room ??= await roomAuthority(deps.matrix, roomId);
      if (isImmune(room, m.userId, { botUserId: deps.matrix.botUserId, policy: deps.policy, platformAdmins: admins })) continue;
      await deps.matrix.ban(roomId, m.userId, policyBanReason(rule));
      banned++;
    } else if (!rule && m.membership === "ban" && m.sender === deps.matrix.botUserId && isPolicyBanReason(m.reason)) {
      await deps.matrix.unban(roomId, m.userId, botMessages(undefined).reasonPolicyNoLonger);
      unbanned++;
      // A case's seeker belongs in their case room again.
      const [kase] = await tx
        .select({ id: cases.id })
        .from(cases)
        .innerJoin(seekers, eq(seekers.id, cases.seekerId))
        .where(and(eq(cases.roomId, roomId), sql`'@' || ${seekers.matrixLocalpart} || ':' || ${deps.serverName} = ${m.userId}`));
      if (kase) await deps.matrix.invite(roomId, m.userId);
    }
  }
  return { banned, unbanned };
}

/** The seeker with this pseudonym, as a Matrix user id. */
export async function seekerByPseudonym(db: LotseDb | LotseTx, key: string, serverName: string): Promise<string | undefined> {
  const [row] = await db.select({ localpart: seekers.matrixLocalpart }).from(seekers).where(eq(seekers.usernameKey, key));
  return row ? `@${row.localpart}:${serverName}` : undefined;
}
