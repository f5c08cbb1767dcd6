// The one place that brings a Matrix room in line with its desired state (policies'
// desiredRoomState.ts): it reads the memberships and each state event once, then removes, sets
// the server ACL, invites, sets power levels and state — only what differs, so running it twice
// changes nothing the second time. The decisions are the desired state's; the order is this
// module's: removals before the ACL (a server nobody in the room lives on any more is shut out)
// and the ACL before invitations (a new server must be admitted before its user can join).
import type { DesiredRoomState, ServerAclContent } from "@lotse/policies";
import { errcodeOf, type Membership, type MatrixRoomApi } from "./MatrixRoomApi.ts";

export type ReconcileResult = {
  invited: string[];
  removed: string[];
  aclChanged: boolean;
  powerLevelsChanged: boolean;
  /** Types of the desired state events that were sent. */
  stateChanged: string[];
};

const isPresent = (m: Membership | undefined) => m === "join" || m === "invite";

/**
 * Invites someone the caller found absent. True when invited; false when they joined or were
 * invited since the memberships were read (a join through another path, an earlier attempt whose
 * answer was lost, another run for the same room): the goal is reached. Any other refusal throws.
 */
export async function inviteUnlessPresent(matrix: MatrixRoomApi, roomId: string, userId: string): Promise<boolean> {
  try {
    await matrix.invite(roomId, userId);
    return true;
  } catch (err) {
    if (errcodeOf(err) !== "M_FORBIDDEN" || !isPresent((await matrix.getMemberships(roomId)).get(userId))) throw err;
    return false;
  }
}

/**
 * Applies `desired` to the room. `opts.members`: the room's memberships when the caller has just
 * read them (to decide the desired state), so they are not read twice.
 */
export async function reconcileRoom(
  matrix: MatrixRoomApi,
  roomId: string,
  desired: DesiredRoomState,
  opts: { members?: ReadonlyMap<string, Membership> } = {},
): Promise<ReconcileResult> {
  const members = opts.members ?? (await matrix.getMemberships(roomId));
  const removed: string[] = [];
  const kick = async (userId: string, reason: string) => {
    if (userId === matrix.botUserId || removed.includes(userId) || !isPresent(members.get(userId))) return;
    try {
      await matrix.kick(roomId, userId, reason);
    } catch (err) {
      // Gone since the memberships were read (left, declined the invitation, or removed by an
      // earlier attempt whose answer was lost, or by another run for the same room): the goal is
      // reached. Anything else — or the user still there — is the error it is.
      if (errcodeOf(err) !== "M_FORBIDDEN" || isPresent((await matrix.getMemberships(roomId)).get(userId))) throw err;
      return;
    }
    removed.push(userId);
  };
  if (desired.removeOthers) {
    const { keep, reason, reasonByUser } = desired.removeOthers;
    const belongs = new Set([...desired.members, ...keep]);
    for (const userId of members.keys()) if (!belongs.has(userId)) await kick(userId, reasonByUser?.[userId] ?? reason);
  }
  for (const { userId, reason } of desired.remove ?? []) await kick(userId, reason);

  const aclChanged = await applyServerAcl(matrix, roomId, desired.serverAcl);

  const invited: string[] = [];
  for (const userId of desired.members) {
    const m = members.get(userId);
    if (m === "join" || m === "invite" || m === "ban") continue;
    if (await inviteUnlessPresent(matrix, roomId, userId)) invited.push(userId);
  }

  let powerLevelsChanged = false;
  if (desired.powerLevels || desired.refuseEvents) {
    const current = await matrix.getStateContent(roomId, "m.room.power_levels", "");
    let next: Record<string, unknown> | undefined = current;
    if (desired.powerLevels) {
      const { content: expected, compare, keepUsersBelow } = desired.powerLevels;
      const currentUsers = isRecord(current?.users) ? current.users : {};
      const kept: Record<string, unknown> = {};
      if (keepUsersBelow !== undefined) {
        for (const [u, lvl] of Object.entries(currentUsers)) if (typeof lvl === "number" && lvl < keepUsersBelow && !(u in expected.users)) kept[u] = lvl;
      }
      const merged: Record<string, unknown> = { ...(current ?? {}), ...expected, users: { ...kept, ...expected.users } };
      const keys = compare === "users" ? ["users"] : Object.keys(expected);
      if (keys.some((k) => canonical(k === "users" ? currentUsers : current?.[k]) !== canonical(merged[k]))) {
        next = merged;
        powerLevelsChanged = true;
      }
    }
    // Raise (never lower) the levels of refused event types; a room without power levels is not
    // given partial ones.
    if (desired.refuseEvents && next) {
      const events: Record<string, unknown> = isRecord(next.events) ? { ...next.events } : {};
      let raised = false;
      for (const [type, level] of Object.entries(desired.refuseEvents)) {
        const now = events[type];
        if (typeof now === "number" && now >= level) continue;
        events[type] = level;
        raised = true;
      }
      if (raised) {
        next = { ...next, events };
        powerLevelsChanged = true;
      }
    }
    if (powerLevelsChanged && next) await matrix.sendState(roomId, "m.room.power_levels", "", next);
  }

  const stateChanged: string[] = [];
  for (const ev of desired.state) {
    const now = await matrix.getStateContent(roomId, ev.type, ev.state_key);
    if (canonical(now) === canonical(ev.content)) continue;
    await matrix.sendState(roomId, ev.type, ev.state_key, ev.content);
    stateChanged.push(ev.type);
  }
  return { invited, removed, aclChanged, powerLevelsChanged, stateChanged };
}

/** Sets the room's server ACL unless it already is `wanted`; true when it was set. */
export async function applyServerAcl(matrix: MatrixRoomApi, roomId: string, wanted: ServerAclContent): Promise<boolean> {
  const current = await matrix.getStateContent(roomId, "m.room.server_acl", "");
  if (canonical(current) === canonical(wanted)) return false;
  await matrix.sendState(roomId, "m.room.server_acl", "", wanted);
  return true;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON with object keys sorted at every level (state contents compared regardless of key order). */
function canonical(v: unknown): string {
  const norm = (x: unknown): unknown =>
    Array.isArray(x)
      ? x.map(norm)
      : typeof x === "object" && x !== null
        ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)).map(([k, y]) => [k, norm(y)]))
        : x;
  return JSON.stringify(norm(v ?? null));
}
