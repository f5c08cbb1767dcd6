// Seekers exist only inside platform rooms (issue 7). The homeserver sends the appservice every
// event concerning its exclusive namespace (@lotse_.*): what seekers send, and membership changes
// of seekers. Seekers hold ordinary access tokens, so their clients could create rooms, open
// direct chats, invite people or accept anyone's invitation; the bridge undoes each of these at
// once, acting as the seeker through the appservice (`?user_id=` masquerading):
//
//   - a room created by a seeker: its join rule is set to invite, everyone else in it or invited to
//     it is removed, and the seeker leaves — the room is dead (no member left, nobody can join);
//   - an invitation sent by a seeker: withdrawn; outside a platform room the seeker leaves too
//     (inside their case room the power levels forbid seekers to invite, and the case room's
//     structure watch in events/caseRoomWatch.ts restores the template — the seeker keeps their case);
//   - an invitation TO a seeker, or a seeker's join, into a room that is not a seekers' room built
//     by the bot (creator = the bot, `org.lotse.room` marker of kind "case", "group", "whisper" or "forum"):
//     rejected / left as the seeker.
//
//   - a seeker's membership in a platform room whose displayname is not the pseudonym in the
//     database, or that carries an avatar (issue 17): the seeker's profile is set back to the
//     pseudonym without avatar, which Synapse copies into every room the seeker has joined. The
//     homeserver's seeker guard module refuses such events already; this is for a homeserver
//     without it.
//
// The event router's first handler (events/inboundEvents.ts), so it runs before the appservice
// transaction is acknowledged: each event's action commits together with its claim (key
// `seeker-guard:<event id>`, separate from other handlers' claims of the same event), so a transaction that
// Synapse re-sends after a crash is acted on once; if a Matrix call fails transiently the row is
// rolled back and the error propagates, so Synapse re-sends and the action is retried. Everything
// the guard does is idempotent on the Matrix side as well (leaving twice, kicking someone gone).
import { botMessages, LOTSE_ROOM_STATE_TYPE } from "@lotse/policies";
import { cases, groups, type LotseDb, seekers, whisperRooms } from "@lotse/store";
import { claimEvent } from "../events/claimEvent.ts";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";

export type SeekerGuardDeps = {
  db: LotseDb;
  matrix: MatrixRoomApi;
  log: Logger;
  userPrefix: string;
};

type GuardEvent = {
  event_id?: unknown;
  room_id?: unknown;
  sender?: unknown;
  type?: unknown;
  state_key?: unknown;
  content?: Record<string, unknown>;
};

/** Event types the guard needs to see (added to the preprocessor's list). */
export const SEEKER_GUARD_EVENT_TYPES = ["m.room.create", "m.room.member"] as const;

// Seekers read these in any client's timeline; German like the seeker app's default.
const REASON_ROOM = botMessages(undefined).reasonSeekerOnlyCaseRooms;
const REASON_INVITE = botMessages(undefined).reasonSeekerNoInvites;

function serverOf(userId: string): string {
  return userId.slice(userId.indexOf(":") + 1);
}

/** A user of the appservice's namespace on this homeserver (the only ones it can act as). */
export function isSeeker(userId: unknown, userPrefix: string, botUserId: string): userId is string {
  return typeof userId === "string" && userId.startsWith(`@${userPrefix}`) && userId !== botUserId && serverOf(userId) === serverOf(botUserId);
}

export type GuardAction =
  | { kind: "dismantle"; seeker: string }
  | { kind: "restore_name"; seeker: string }
  | { kind: "revoke_invite"; seeker: string; invitee: string }
  | { kind: "refuse_membership"; seeker: string; membership: "invite" | "join" };

/** What the guard must do about one event (pure; the platform-room check comes later). */
export function guardActionFor(event: GuardEvent, userPrefix: string, botUserId: string): GuardAction | undefined {
  if (event.type === "m.room.create" && event.state_key === "" && isSeeker(event.sender, userPrefix, botUserId)) {
    return { kind: "dismantle", seeker: event.sender };
  }
  if (event.type !== "m.room.member" || typeof event.state_key !== "string") return undefined;
  const membership = event.content?.membership;
  if (membership === "invite" && isSeeker(event.sender, userPrefix, botUserId) && event.state_key !== event.sender) {
    return { kind: "revoke_invite", seeker: event.sender, invitee: event.state_key };
  }
  if ((membership === "invite" || membership === "join") && isSeeker(event.state_key, userPrefix, botUserId)) {
    // The bot invites seekers only into the case rooms it builds.
    if (membership === "invite" && event.sender === botUserId) return undefined;
    // A seeker's join: whether it is in a platform room, and whether it carries the right name,
    // is decided with the database (guardSeekers).
    return { kind: "refuse_membership", seeker: event.state_key, membership };
  }
  return undefined;
}

/**
 * Acts on one event if it concerns a seeker outside a platform room. Returns true when the guard
 * acted (the caller may still run its own handling of the event).
 */
export async function guardSeekers(deps: SeekerGuardDeps, event: GuardEvent): Promise<boolean> {
  if (typeof event.event_id !== "string" || typeof event.room_id !== "string") return false;
  const action = guardActionFor(event, deps.userPrefix, deps.matrix.botUserId);
  if (!action) return false;
  const roomId = event.room_id;
  const eventId = event.event_id;
  const { matrix, log } = deps;
  const asUser = matrix.asUser?.bind(matrix);
  if (!asUser) {
    log.error({ roomId }, "seeker guard cannot act as users (no masquerading Matrix API)");
    return false;
  }
  let act: GuardAction = action;
  if (action.kind === "refuse_membership" && (await isCaseRoom(deps, roomId))) {
    if (action.membership !== "join" || !(await needsNameRestore(deps, action.seeker, event.content ?? {}))) return false;
    act = { kind: "restore_name", seeker: action.seeker };
  }
  const platformRoom = action.kind === "revoke_invite" ? await isCaseRoom(deps, roomId) : false;

  return deps.db.transaction(async (tx) => {
    if (!(await claimEvent(tx, eventId, roomId, { scope: "seeker-guard", outcome: { guard: act.kind } }))) return false;
    const seeker = asUser(act.seeker);
    const action = act;
    switch (action.kind) {
      case "restore_name": {
        const pseudonym = await registeredPseudonym(deps, action.seeker);
        if (pseudonym === undefined || !seeker.resetProfile) return false;
        await seeker.resetProfile(pseudonym);
        log.warn({ roomId }, "a seeker carried another name or an avatar; set back to the pseudonym");
        return true;
      }
      case "dismantle": {
        // Nobody may join afterwards, everyone else goes, then the seeker.
        await ignoreGone(seeker.sendState(roomId, "m.room.join_rules", "", { join_rule: "invite" }));
        const members = await settledMembers(seeker, roomId);
        let removed = 0;
        for (const [userId, membership] of members ?? new Map()) {
          if (userId === action.seeker || (membership !== "join" && membership !== "invite")) continue;
          const kicked = await ignoreGone(seeker.kick(roomId, userId, REASON_ROOM).then(() => true), (errcode, status) =>
            log.warn({ roomId, errcode, status }, "could not remove a member from a seeker's room"),
          );
          if (kicked) removed++;
        }
        await ignoreGone(seeker.leaveRoom(roomId, REASON_ROOM));
        log.warn({ roomId, removed }, "a seeker created a room; closed it and took the seeker out");
        return true;
      }
      case "revoke_invite": {
        await ignoreGone(seeker.kick(roomId, action.invitee, REASON_INVITE), (errcode, status) =>
          log.info({ roomId, errcode, status }, "the seeker's invitation could not be withdrawn (already gone?)"),
        );
        if (!platformRoom) await ignoreGone(seeker.leaveRoom(roomId, REASON_ROOM));
        log.warn({ roomId, platformRoom }, "a seeker sent an invitation; withdrawn");
        return true;
      }
      case "refuse_membership": {
        await ignoreGone(seeker.leaveRoom(roomId, REASON_ROOM));
        log.warn({ roomId, membership: action.membership }, "a seeker was in or invited to a room the platform did not build; left");
        return true;
      }
    }
  });
}

/**
 * The room's members once its creation has finished. The create event reaches the appservice
 * while the homeserver is still sending the invitations of the same createRoom request (a direct
 * chat's invitee comes last); once the seeker has left, nobody could withdraw them. So the list is
 * read until two reads half a second apart agree (at most ~5 s; only rooms seekers create pay this).
 * An invitation that still came later points into a room without any member: nobody can join it.
 */
async function settledMembers(seeker: MatrixRoomApi, roomId: string): Promise<Map<string, string> | undefined> {
  let members = await ignoreGone(seeker.getMemberships(roomId));
  for (let i = 0; i < 10; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const again = await ignoreGone(seeker.getMemberships(roomId));
    const same = again !== undefined && members !== undefined && again.size === members.size && [...again].every(([u, m]) => members!.get(u) === m);
    members = again;
    if (same) break;
  }
  return members;
}

/** The seeker's pseudonym as the database holds it (undefined: not a registered seeker). */
async function registeredPseudonym(deps: SeekerGuardDeps, userId: string): Promise<string | undefined> {
  const localpart = userId.slice(1, userId.indexOf(":"));
  const [row] = await deps.db.select({ username: seekers.username }).from(seekers).where(eq(seekers.matrixLocalpart, localpart));
  return row?.username;
}

/** True when a seeker's membership shows another name than the pseudonym, or an avatar. */
export function nameNeedsRestore(content: Record<string, unknown>, pseudonym: string | undefined): boolean {
  if (pseudonym === undefined) return false;
  return content.displayname !== pseudonym || (typeof content.avatar_url === "string" && content.avatar_url !== "");
}

async function needsNameRestore(deps: SeekerGuardDeps, userId: string, content: Record<string, unknown>): Promise<boolean> {
  return nameNeedsRestore(content, await registeredPseudonym(deps, userId));
}

/** Kinds of platform rooms (the `org.lotse.room` marker) seekers belong in. */
export const SEEKER_ROOM_KINDS: readonly string[] = ["case", "group", "whisper", "forum"];

/**
 * A seekers' room the bot built (case, group or whisper room): known in the database, or created
 * by the bot with such a marker.
 */
async function isCaseRoom(deps: SeekerGuardDeps, roomId: string): Promise<boolean> {
  const [known] = await deps.db.select({ id: cases.id }).from(cases).where(eq(cases.roomId, roomId));
  if (known) return true;
  const [group] = await deps.db.select({ id: groups.id }).from(groups).where(eq(groups.roomId, roomId));
  if (group) return true;
  const [whisper] = await deps.db.select({ id: whisperRooms.id }).from(whisperRooms).where(eq(whisperRooms.roomId, roomId));
  if (whisper) return true;
  // The room may be so new that its job has not recorded it yet: ask the homeserver. The bot can
  // read a room's state only if it is in it; a room it is not in is not a platform room.
  const creator = await deps.matrix.roomCreator?.(roomId);
  if (creator !== deps.matrix.botUserId) return false;
  const marker = await ignoreGone(deps.matrix.getStateContent(roomId, LOTSE_ROOM_STATE_TYPE, ""));
  // Group and whisper rooms (groups/) are platform rooms seekers are invited into as well.
  return typeof marker?.kind === "string" && SEEKER_ROOM_KINDS.includes(marker.kind);
}

/**
 * The homeserver refusing because the thing is already undone (not in the room, no permission
 * any more, unknown room) is success for the guard; network and server errors propagate so the
 * transaction is re-sent.
 */
async function ignoreGone<T>(p: Promise<T>, ignored?: (errcode: string, status: number) => void): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    const e = err as { errcode?: unknown; statusCode?: unknown };
    const status = typeof e.statusCode === "number" ? e.statusCode : undefined;
    if (typeof e.errcode === "string" && status !== undefined && status >= 400 && status < 500 && status !== 429) {
      ignored?.(e.errcode, status);
      return undefined;
    }
    throw err;
  }
}
