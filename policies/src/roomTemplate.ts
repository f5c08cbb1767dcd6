// What every platform room shares, in one place: the createRoom body (room version 12 with the bot
// as creator, invite-only, no guests, history visibility, encryption where the kind wants it, the
// `org.lotse.room` marker, the server ACL) and the power levels all kinds start from. The builders
// per room kind (case: caseRoomTemplate.ts; group and whisper: groupRooms.ts; pool, command chat,
// supervision and policy list: the bridge's roomTemplates.ts) add only what differs. Pure.
import type { PlatformRoomKind, RoomPowerLevelsPolicy } from "./platformPolicy.ts";

/** Marker state event that tags every platform room with its kind and owning record. */
export const LOTSE_ROOM_STATE_TYPE = "org.lotse.room";

/** Room version 12: the creator's power is absolute, so no member can take a room from the bot. */
export const CASE_ROOM_VERSION = "12";

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

/**
 * Event types that start or carry a call: 1:1 VoIP (`m.call.*`, sent as such in unencrypted rooms)
 * and group calls and call widgets (state events, never encrypted: Element Call's MSC3401 and
 * MatrixRTC membership, Jitsi widgets). Only case rooms carry calls; every other platform room
 * puts these at the bot's level, so no member can start one there.
 */
export const CALL_EVENT_TYPES = [
  "m.call.invite",
  "m.call.candidates",
  "m.call.answer",
  "m.call.select_answer",
  "m.call.negotiate",
  "m.call.reject",
  "m.call.hangup",
  "m.call.sdp_stream_metadata_changed",
  "org.matrix.call.sdp_stream_metadata_changed",
  "m.call.member",
  "m.rtc.member",
  "org.matrix.msc3401.call",
  "org.matrix.msc3401.call.member",
  "im.vector.modular.widgets",
  "io.element.widgets.layout",
] as const;

/** Power-level `events` entries that refuse calls to everyone below `level` (the bot's). */
export function callsRefused(level: number): Record<string, number> {
  return Object.fromEntries(CALL_EVENT_TYPES.map((t) => [t, level]));
}

/**
 * Element's "functional members" (MSC4171): service users a client leaves out when it counts the
 * people in a room. With the bot named here, Element sees a case room as the 1:1 room it is
 * (seeker and counselor) — it shows its call buttons and rings for an incoming call.
 */
export const FUNCTIONAL_MEMBERS_STATE_TYPE = "io.element.functional_members";

export function functionalMembersState(botUserId: string): StateEvent {
  return { type: FUNCTIONAL_MEMBERS_STATE_TYPE, state_key: "", content: { service_members: [botUserId] } };
}

export type RoomPreset = "private_chat" | "public_chat";

/** A createRoom request body of a platform room. */
export type PlatformRoomCreateBody<P extends RoomPreset = RoomPreset, PL = PowerLevelsContent> = {
  room_version: string;
  preset: P;
  visibility: "private";
  is_direct: false;
  name: string;
  /** The createRoom `topic` parameter (the homeserver adds its own rich form of the topic). */
  topic?: string;
  invite: string[];
  initial_state: StateEvent[];
  power_level_content_override: PL;
  creation_content: Record<string, unknown>;
  room_alias_name?: string;
};

/** The body of an encrypted platform room. */
export type CreateRoomBody = PlatformRoomCreateBody<"private_chat">;

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

export type ServerAclContent = { allow: string[]; deny: string[]; allow_ip_literals: boolean };

/**
 * Server ACL admitting exactly the servers of the room's intended members (the central server and
 * the agencies' own homeservers); everyone else's server is refused by every participating server.
 * The spec compares host names, Synapse compares whole server names (port included), so a server
 * name with a port is listed both ways — exact entries, no wildcards.
 */
export function serverAclFor(userIds: readonly string[]): ServerAclContent {
  const allow = new Set<string>();
  for (const id of userIds) {
    allow.add(serverNameOf(id));
    allow.add(serverHostOf(id));
  }
  return { allow: [...allow].sort(), deny: [], allow_ip_literals: false };
}

/** The structural data of a room kind's template (`rooms.<kind>` of the platform policy). */
export type RoomStructure = {
  historyVisibility: "invited" | "joined" | "shared";
  joinRule: "invite";
  guestAccess: "forbidden";
  encryption: boolean;
};

/**
 * The template's structure as state events: encryption (when the kind wants it), history
 * visibility, join rule, guest access. The first events of every room's initial state, and what
 * the bridge restores when someone changed them.
 */
export function templateStructureState(template: RoomStructure): StateEvent[] {
  return [
    ...(template.encryption ? [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }] : []),
    { type: "m.room.history_visibility", state_key: "", content: { history_visibility: template.historyVisibility } },
    { type: "m.room.join_rules", state_key: "", content: { join_rule: template.joinRule } },
    { type: "m.room.guest_access", state_key: "", content: { guest_access: template.guestAccess } },
  ];
}

/** Everyone in `userIds` once, in order, without the bot (the creator is in the room already). */
export function inviteesOf(botUserId: string, userIds: readonly string[]): string[] {
  return userIds.filter((id, i, all) => id !== botUserId && all.indexOf(id) === i);
}

type PresetOf<E extends boolean> = boolean extends E ? RoomPreset : E extends true ? "private_chat" : "public_chat";

export type PlatformRoomSpec<E extends boolean, PL> = {
  botUserId: string;
  /** Content of the `org.lotse.room` marker: the kind and the record the room belongs to. */
  marker: { kind: PlatformRoomKind } & Record<string, unknown>;
  name: string;
  /** Invited with the request (the bot and repeats are left out). */
  invite: readonly string[];
  template: RoomStructure & { encryption: E };
  powerLevels: PL;
  /** m.room.topic in the initial state. */
  topic?: string;
  /** The kind's own state events (after the marker). */
  state?: StateEvent[];
  /** Users besides the bot and the invitees whose servers the ACL admits; `false`: no ACL. */
  aclAlso?: readonly string[] | false;
  /** Idempotency alias localpart: a repeated request fails with M_ROOM_IN_USE instead of making a twin. */
  aliasLocalpart?: string;
};

/** The createRoom body of a platform room; the room kind's builder supplies what differs. */
export function platformRoomCreateBody<E extends boolean, PL = PowerLevelsContent>(spec: PlatformRoomSpec<E, PL>): PlatformRoomCreateBody<PresetOf<E>, PL> {
  const invite = inviteesOf(spec.botUserId, spec.invite);
  const body: PlatformRoomCreateBody<PresetOf<E>, PL> = {
    room_version: CASE_ROOM_VERSION,
    // An unencrypted room uses public_chat so that the homeserver's "encrypt private rooms by
    // default" setting does not apply; the initial state makes every room invite-only all the same.
    preset: (spec.template.encryption ? "private_chat" : "public_chat") as PresetOf<E>,
    visibility: "private",
    is_direct: false,
    name: spec.name,
    invite,
    creation_content: { "m.federate": true },
    initial_state: [
      ...templateStructureState(spec.template),
      ...(spec.topic === undefined ? [] : [{ type: "m.room.topic", state_key: "", content: { topic: spec.topic } }]),
      { type: LOTSE_ROOM_STATE_TYPE, state_key: "", content: spec.marker },
      ...(spec.state ?? []),
      ...(spec.aclAlso === false ? [] : [{ type: "m.room.server_acl", state_key: "", content: serverAclFor([spec.botUserId, ...invite, ...(spec.aclAlso ?? [])]) }]),
    ],
    power_level_content_override: spec.powerLevels,
  };
  if (spec.aliasLocalpart) body.room_alias_name = spec.aliasLocalpart;
  return body;
}
