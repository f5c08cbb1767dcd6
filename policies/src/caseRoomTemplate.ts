// The case room: one seeker, the agency's counselors (the pool, later the assigned counselor) and
// the platform bot. This template is the single source of the room's shape; the bridge turns it
// into one createRoom call. Pure. Its data (history visibility, encryption, power levels) is the
// platform policy's `rooms.case` (platformPolicy.ts); the defaults are the values below.
import { defaultPlatformPolicy, type PlatformPolicy, type RoomPowerLevelsPolicy } from "./platformPolicy.ts";

/** Marker state event that tags every platform room with its kind and owning record. */
export const LOTSE_ROOM_STATE_TYPE = "org.lotse.room";

export type CaseRoomMembers = {
  botUserId: string;
  seekerUserId: string;
  counselorUserIds: readonly string[];
};

/** Power levels by role. The bot is the room creator; in room version 12 its power is absolute. */
export const caseRoomLevels = {
  seeker: defaultPlatformPolicy.rooms.case.powerLevels.member,
  counselor: defaultPlatformPolicy.rooms.case.powerLevels.staff,
  /** Structural changes (invites, kicks, state) are the bot's alone. */
  bridgeOnly: defaultPlatformPolicy.rooms.case.powerLevels.bot,
} as const;

/** The data of one room kind's template (`rooms.<kind>` of the platform policy). */
export type CaseRoomTemplatePolicy = PlatformPolicy["rooms"]["case"];

export type PowerLevelsContent = {
  users: Record<string, number>;
  users_default: number;
  events: Record<string, number>;
  events_default: number;
  state_default: number;
  ban: number;
  kick: number;
  redact: number;
  invite: number;
  notifications: Record<string, number>;
};

/**
 * Power levels for a case room. The creator (bot) must not be listed: room version 12 gives
 * creators infinite power and rejects them in `users`.
 */
export function caseRoomPowerLevels(members: CaseRoomMembers, pl: RoomPowerLevelsPolicy = defaultPlatformPolicy.rooms.case.powerLevels): PowerLevelsContent {
  const L = { seeker: pl.member, counselor: pl.staff };
  const users: Record<string, number> = {};
  for (const id of members.counselorUserIds) {
    if (id !== members.botUserId) users[id] = L.counselor;
  }
  if (members.seekerUserId !== members.botUserId) users[members.seekerUserId] = L.seeker;
  return templatePowerLevels(pl, users, {
    events: {
      "m.room.message": 0,
      "m.room.encrypted": 0,
      "m.reaction": 0,
      "m.room.redaction": 0,
      "m.room.pinned_events": L.counselor,
    },
    eventsDefault: 0,
  });
}

/**
 * The power levels every platform room shares, from its template's data: structure (name, topic,
 * history, encryption, join rule, ACL, tombstone, the `org.lotse.room` marker) at the bot's level,
 * power-level changes, state, kick, ban, redact, invite and @room by the template's roles. A room
 * kind adds its own `events` and the level needed to talk (`eventsDefault`).
 */
export function templatePowerLevels(
  pl: RoomPowerLevelsPolicy,
  users: Record<string, number>,
  kind: { events: Record<string, number>; eventsDefault: number },
): PowerLevelsContent {
  return {
    users,
    users_default: pl.member,
    events: {
      "m.room.name": pl.bot,
      "m.room.avatar": pl.bot,
      "m.room.topic": pl.bot,
      "m.room.power_levels": pl[pl.powerLevels],
      "m.room.history_visibility": pl.bot,
      "m.room.encryption": pl.bot,
      "m.room.join_rules": pl.bot,
      "m.room.server_acl": pl.bot,
      "m.room.tombstone": pl.bot,
      [LOTSE_ROOM_STATE_TYPE]: pl.bot,
      ...kind.events,
    },
    events_default: kind.eventsDefault,
    state_default: pl[pl.state],
    ban: pl[pl.ban],
    kick: pl[pl.kick],
    redact: pl[pl.redact],
    invite: pl[pl.invite],
    notifications: { room: pl[pl.roomNotification] },
  };
}

export type StateEvent = { type: string; state_key: string; content: Record<string, unknown> };

export type CreateRoomBody = {
  room_version: string;
  preset: "private_chat";
  visibility: "private";
  is_direct: false;
  name: string;
  invite: string[];
  initial_state: StateEvent[];
  power_level_content_override: PowerLevelsContent;
  creation_content: Record<string, unknown>;
  room_alias_name?: string;
};

export type CaseRoomSpec = CaseRoomMembers & {
  caseId: string;
  /** Neutral room name; never the seeker's pseudonym or anything from the enquiry. */
  name: string;
  /**
   * Idempotency alias localpart: a second createRoom for the same job fails with M_ROOM_IN_USE
   * and the existing room is found by resolving the alias instead of creating a twin.
   */
  aliasLocalpart?: string;
};

export const CASE_ROOM_VERSION = "12";

/** The server name of a Matrix user id (everything after the first colon, port included). */
export function serverNameOf(userId: string): string {
  return userId.slice(userId.indexOf(":") + 1);
}

/** A server name without its port. */
export function serverHostOf(userIdOrServer: string): string {
  const server = userIdOrServer.startsWith("@") ? serverNameOf(userIdOrServer) : userIdOrServer;
  if (server.startsWith("[")) return server.slice(0, server.indexOf("]") + 1);
  const colon = server.lastIndexOf(":");
  return colon === -1 ? server : server.slice(0, colon);
}

/**
 * Server ACL admitting exactly the servers of the room's intended members (the central server and
 * the agencies' own homeservers); everyone else's server is refused by every participating server.
 * The spec compares host names, Synapse compares whole server names (port included), so a server
 * name with a port is listed both ways — exact entries, no wildcards.
 */
export function serverAclFor(userIds: readonly string[]): { allow: string[]; deny: string[]; allow_ip_literals: boolean } {
  const allow = new Set<string>();
  for (const id of userIds) {
    allow.add(serverNameOf(id));
    allow.add(serverHostOf(id));
  }
  return { allow: [...allow].sort(), deny: [], allow_ip_literals: false };
}

/** The whole case room as one createRoom request body. */
export function caseRoomCreateBody(spec: CaseRoomSpec, template: CaseRoomTemplatePolicy = defaultPlatformPolicy.rooms.case): CreateRoomBody {
  const invite = [spec.seekerUserId, ...spec.counselorUserIds].filter(
    (id, i, all) => id !== spec.botUserId && all.indexOf(id) === i,
  );
  const body: CreateRoomBody = {
    room_version: CASE_ROOM_VERSION,
    preset: "private_chat",
    visibility: "private",
    is_direct: false,
    name: spec.name,
    invite,
    creation_content: { "m.federate": true },
    initial_state: [
      { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: template.historyVisibility } },
      { type: "m.room.join_rules", state_key: "", content: { join_rule: template.joinRule } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: template.guestAccess } },
      { type: LOTSE_ROOM_STATE_TYPE, state_key: "", content: { kind: "case", caseId: spec.caseId } },
      { type: "m.room.server_acl", state_key: "", content: serverAclFor([spec.botUserId, ...invite]) },
    ],
    power_level_content_override: caseRoomPowerLevels(spec, template.powerLevels),
  };
  if (spec.aliasLocalpart) body.room_alias_name = spec.aliasLocalpart;
  return body;
}
