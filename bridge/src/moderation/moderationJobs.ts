// Room job kinds of moderation (registered in the worker's handler map by BridgeApp.ts):
//   moderation.unmute              a timed mute's end (run_after = the end): restores the level
//   moderation.flood               flood protection's action (mute / kick / notice) and the notice
//   moderation.ensure_policy_room  the platform policy-list room, platform admins invited; loads the rules
//   moderation.apply_policy        the rules applied to every platform room the bot is in
import { botMessages, clockIn, type PowerLevelsLike, unmutePowerLevels } from "@lotse/policies";
import { agencyBotLanguage, enqueue, cases } from "@lotse/store";
import { eq, sql } from "drizzle-orm";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import type { JobHandler, SomeJobHandlers } from "../jobs/jobTypes.ts";
import {
  applyPolicyToRoom,
  immuneIn,
  loadPolicyRules,
  type ModerationDeps,
  moderatorNoticeRoom,
  muteMember,
  platformAdminIds,
  policyList,
  policyRoomAliasLocalpart,
} from "./Moderation.ts";
import { policyListRoomCreateBody } from "../matrix/roomTemplates.ts";

export function unmuteHandler(deps: ModerationDeps): JobHandler<"moderation.unmute"> {
  return async ({ job, log }) => {
    const { roomId, userId, mutedLevel } = job.payload;
    const previousLevel = job.payload.previousLevel ?? undefined;
    const pl = (await deps.matrix.stateContent(roomId, "m.room.power_levels", "")) as PowerLevelsLike | undefined;
    const next = unmutePowerLevels(pl, userId, { previousLevel, mutedLevel });
    if (!next) return { restored: false, why: "level changed meanwhile" };
    await deps.matrix.setState(roomId, "m.room.power_levels", "", next);
    log.info({ roomId }, "timed mute ended; power level restored");
    return { restored: true };
  };
}

export function floodHandler(deps: ModerationDeps): JobHandler<"moderation.flood"> {
  return async ({ tx, job, log }) => {
    const { roomId, userId, action } = job.payload;
    const minutes = job.payload.minutes ?? deps.policy.flood.muteMinutes;
    // Checked again with the room's levels now: a member promoted meanwhile is spared.
    if (await immuneIn(deps, roomId, userId, tx)) return { skipped: "immune" };
    const [kase] = await tx.select({ caseNumber: cases.caseNumber, agencyId: cases.agencyId }).from(cases).where(eq(cases.roomId, roomId));
    const msgs = botMessages(kase ? await agencyBotLanguage(tx, kase.agencyId) : undefined);
    let done: { action: "muted" | "removed" | "notify"; minutes?: number; until?: string };
    if (action === "mute") {
      const r = await muteMember(tx, deps, { roomId, userId, minutes, key: `flood:${job.id}` });
      if (!r.ok) return { skipped: r.why };
      done = { action: "muted", minutes, until: clockIn(r.until, deps.policy.groups.timeZone) };
    } else if (action === "kick") {
      await deps.matrix.kick(roomId, userId, msgs.reasonFlood);
      done = { action: "removed" };
    } else done = { action: "notify" };
    if (job.payload.notify !== false) {
      const noticeRoom = await moderatorNoticeRoom(tx, roomId);
      if (noticeRoom) {
        await deps.matrix.notice(
          noticeRoom,
          `lotse-job-${job.id}`,
          msgs.floodNotice({ who: userId, perMinute: kase ? deps.policy.flood.caseRoomEventsPerMinute : deps.policy.flood.eventsPerMinute, caseNumber: kase?.caseNumber ?? null, roomId, ...done }),
        );
      }
    }
    log.info({ roomId, action }, "flood protection acted");
    return { action };
  };
}

export function ensurePolicyRoomHandler(deps: ModerationDeps): JobHandler<"moderation.ensure_policy_room"> {
  return async ({ tx, job, log }) => {
    // Requests pile up while no bridge runs (every admin change queues one): a later one does the
    // same work with newer data, so only the newest of them works.
    const newer = await tx.execute<{ n: number }>(sql`
      select count(*)::int as n from room_jobs
      where kind = ${"moderation.ensure_policy_room"} and status = 'pending' and id <> ${job.id}
        and created_at > (select created_at from room_jobs where id = ${job.id})`);
    if (policyList.roomId && Number(newer[0]?.n ?? 0) > 0) return { skipped: "a newer request follows" };
    const level = deps.policy.policyList.adminLevel;
    const admins = (await platformAdminIds(tx)).filter((id) => id !== deps.matrix.botUserId);
    const alias = `#${policyRoomAliasLocalpart(deps.userPrefix)}:${deps.serverName}`;
    let roomId = await deps.matrix.resolveAlias(alias);
    if (!roomId) {
      try {
        roomId = await deps.matrix.createRoom(
          policyListRoomCreateBody(
            { botUserId: deps.matrix.botUserId, adminUserIds: admins, adminLevel: level, aliasLocalpart: policyRoomAliasLocalpart(deps.userPrefix) },
            deps.policy.rooms.policy_list,
          ),
        );
        log.info({ roomId }, "policy-list room created");
      } catch (err) {
        if ((err as { errcode?: unknown }).errcode !== "M_ROOM_IN_USE") throw err;
        roomId = await deps.matrix.resolveAlias(alias);
        if (!roomId) throw err;
      }
    }
    {
      // Platform admins (also those added since): invited, with the level to write rules. One at
      // a time: an admin id the homeserver does not know must not keep the others out.
      const members = new Map((await deps.matrix.members(roomId)).map((m) => [m.userId, m.membership]));
      const pl = ((await deps.matrix.stateContent(roomId, "m.room.power_levels", "")) ?? {}) as PowerLevelsLike;
      const missingLevel = admins.filter((id) => (pl.users?.[id] ?? 0) < level);
      // Removed platform admins lose the level and their place in the room.
      const former = Object.entries(pl.users ?? {})
        .filter(([id, lvl]) => lvl > 0 && id !== deps.matrix.botUserId && !admins.includes(id))
        .map(([id]) => id);
      if (missingLevel.length || former.length) {
        const users = { ...(pl.users ?? {}) };
        for (const id of missingLevel) users[id] = level;
        for (const id of former) delete users[id];
        await deps.matrix.setState(roomId, "m.room.power_levels", "", { ...pl, users });
      }
      for (const id of former) {
        const m = members.get(id);
        if (m === "join" || m === "invite") await deps.matrix.kick(roomId, id, botMessages(undefined).reasonNoLongerPlatformAdmin);
      }
      for (const id of admins) {
        const m = members.get(id);
        if (m === "join" || m === "invite" || m === "ban") continue;
        await deps.matrix.invite(roomId, id).catch((err: unknown) => {
          log.warn({ errcode: (err as { errcode?: unknown }).errcode }, "could not invite a platform admin to the policy-list room");
        });
      }
    }
    policyList.roomId = roomId;
    policyList.rules = await loadPolicyRules(deps.matrix, roomId);
    if (policyList.rules.length > 0) {
      await enqueue(tx, "moderation.apply_policy", { trigger: "start" }, { key: `moderation.apply_policy:${job.id}` });
    }
    return { roomId, rules: policyList.rules.length };
  };
}

/** One share of a walk over rooms sorted by id: the next `size` ids after `after` (all from the start when undefined). */
export function walkShare(sorted: readonly string[], after: string | undefined, size: number): { share: string[]; left: number } {
  let from = 0;
  if (after !== undefined) {
    // The first id greater than `after` (binary search: the list holds tens of thousands).
    let hi = sorted.length;
    while (from < hi) {
      const mid = (from + hi) >>> 1;
      if (sorted[mid]! > after) hi = mid;
      else from = mid + 1;
    }
  }
  const share = sorted.slice(from, from + size);
  return { share, left: sorted.length - from - share.length };
}

/**
 * The bot's joined rooms, sorted, as fetched for the walk under way: the shares of one walk reuse
 * it instead of each asking for the whole list again (at Caritas scale tens of thousands of ids —
 * asked once per share, the walk would grow with the square of the rooms). Fetched anew when a
 * walk starts, after a share failed, after a restart, and when older than ten minutes. A room the
 * bot left meanwhile is skipped by the walk (its kind cannot be read); a room joined meanwhile
 * leaves banned users out from the start (withPolicyBans).
 */
let walkList: { rooms: string[]; fetchedAt: number } | undefined;
const WALK_LIST_MAX_AGE_MS = 10 * 60_000;

async function roomsForWalk(deps: ModerationDeps, after: string | undefined): Promise<string[]> {
  if (after === undefined || walkList === undefined || Date.now() - walkList.fetchedAt > WALK_LIST_MAX_AGE_MS) {
    walkList = { rooms: (await deps.matrix.joinedRooms()).sort(), fetchedAt: Date.now() };
  }
  return walkList.rooms;
}

/**
 * Walks the bot's rooms in order of their ids, `policyList.roomsPerJob` of them, and queues the
 * next share when rooms are left (keyed by this job's id: once per share, however often it runs).
 * Each share is a short transaction of its own, and a crash resumes the walk at the share it
 * interrupted instead of starting over (at Caritas scale the bot is in tens of thousands of
 * rooms).
 */
export function applyPolicyHandler(deps: ModerationDeps): JobHandler<"moderation.apply_policy"> {
  return async ({ tx, job, log }) => {
    if (!policyList.roomId) throw new Error("the policy-list room is not known yet");
    policyList.rules = await loadPolicyRules(deps.matrix, policyList.roomId);
    const admins = await platformAdminIds(tx);
    const { trigger, after } = job.payload;
    const { share, left } = walkShare(await roomsForWalk(deps, after), after, deps.policy.policyList.roomsPerJob);
    let banned = 0;
    let unbanned = 0;
    try {
      for (const roomId of share) {
        const r = await applyPolicyToRoom(tx, deps, roomId, admins);
        banned += r.banned;
        unbanned += r.unbanned;
      }
    } catch (err) {
      walkList = undefined; // the retry asks for the rooms anew (one may be gone)
      throw err;
    }
    const last = share.at(-1);
    const more = last !== undefined && left > 0;
    if (more) await enqueue(tx, "moderation.apply_policy", { trigger, after: last }, { key: `moderation.apply_policy:after:${job.id}` });
    log.info({ rooms: share.length, left, banned, unbanned, rules: policyList.rules.length }, more ? "policy list applied to a share of the rooms" : "policy list applied");
    return { rooms: share.length, banned, unbanned, ...(more ? { next: last } : {}) };
  };
}

export type ModerationJobKind = "moderation.unmute" | "moderation.flood" | "moderation.ensure_policy_room" | "moderation.apply_policy";

export function moderationHandlers(deps: ModerationDeps): SomeJobHandlers<ModerationJobKind> {
  return {
    "moderation.unmute": unmuteHandler(deps),
    "moderation.flood": floodHandler(deps),
    "moderation.ensure_policy_room": ensurePolicyRoomHandler(deps),
    "moderation.apply_policy": applyPolicyHandler(deps),
  };
}
