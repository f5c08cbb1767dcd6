// The shapes of the rooms the bridge builds besides case rooms (those come from the policies'
// caseRoomTemplate): an agency's pool room and a case's supervision room, plus the case-status
// state event the seeker's client renders. Pure. The templates' data (history visibility, power
// levels) is the platform policy's `rooms.pool`, `rooms.supervision` and `rooms.command_chat`.
import {
  CASE_ROOM_VERSION,
  type CreateRoomBody,
  defaultPlatformPolicy,
  LOTSE_ROOM_STATE_TYPE,
  type PlatformPolicy,
  type PowerLevelsContent,
  type RoomPowerLevelsPolicy,
  serverAclFor,
  templatePowerLevels,
} from "@lotse/policies";

type Rooms = PlatformPolicy["rooms"];

/**
 * State event (key "") in a case room telling its members what the case's status is, who counsels
 * and whether that counselor is away. Why a state event and not an m.notice: the case room is
 * end-to-end encrypted and the bridge never holds room keys, so anything the bot says there would
 * be an unencrypted message in an encrypted room — clients warn about or hide those, and it would
 * teach users to trust plaintext in a room that promises encryption. State events are never
 * encrypted in Matrix, every client keeps them in room state, and the seeker's web client renders
 * this one ("Anna has taken over your enquiry", the absence message). Kicks of the other pool
 * counselors carry a reason and show in any client's timeline as membership changes.
 */
export const LOTSE_CASE_STATUS_STATE_TYPE = "org.lotse.case_status";

export type CaseStatusStateContent = {
  caseNumber: number;
  status: string;
  /** The counselor who has the case, as the room shows them; null while it waits in the pool. */
  counselor: { userId: string; displayName: string } | null;
  /** The assigned counselor's absence message while they are away; null otherwise. */
  absenceMessage: string | null;
};

/** Power levels of the bot-held rooms: structure is the bot's level (`powerLevels.bot`), anyone may talk. */
function botOnlyPowerLevels(users: Record<string, number>, pl: RoomPowerLevelsPolicy): PowerLevelsContent {
  return templatePowerLevels(pl, users, { events: {}, eventsDefault: 0 });
}

/** Like a case room's body, but with the public_chat preset (see poolRoomCreateBody). */
export type PoolRoomCreateBody = Omit<CreateRoomBody, "preset"> & { preset: "public_chat" };

export type PoolRoomSpec = {
  agencyId: string;
  agencyName: string;
  botUserId: string;
  counselorUserIds: readonly string[];
  aliasLocalpart: string;
};

/**
 * An agency's pool room: not encrypted (it holds metadata only — case numbers, topics, two postcode
 * digits — and the bot must read the commands typed there), invite-only, the bot as creator and
 * sole holder of structure.
 */
export function poolRoomCreateBody(spec: PoolRoomSpec, template: Rooms["pool"] = defaultPlatformPolicy.rooms.pool): PoolRoomCreateBody {
  const invite = spec.counselorUserIds.filter((id, i, all) => id !== spec.botUserId && all.indexOf(id) === i);
  return {
    room_version: CASE_ROOM_VERSION,
    // public_chat only so that the homeserver's "encrypt private rooms by default" setting does not
    // apply; the initial state below makes the room invite-only all the same.
    preset: "public_chat",
    visibility: "private",
    is_direct: false,
    name: `Lotse Pool – ${spec.agencyName}`.slice(0, 200),
    invite,
    creation_content: { "m.federate": true },
    initial_state: [
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: template.historyVisibility } },
      { type: "m.room.join_rules", state_key: "", content: { join_rule: template.joinRule } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: template.guestAccess } },
      { type: "m.room.topic", state_key: "", content: { topic: "New cases of the agency. Type !help for the commands." } },
      { type: LOTSE_ROOM_STATE_TYPE, state_key: "", content: { kind: "pool", agencyId: spec.agencyId } },
      // Only the central server and the servers of the agency's counselors take part (follows
      // the membership: see syncPool).
      { type: "m.room.server_acl", state_key: "", content: serverAclFor([spec.botUserId, ...invite]) },
    ],
    power_level_content_override: botOnlyPowerLevels({}, template.powerLevels),
    room_alias_name: spec.aliasLocalpart,
  };
}

/** The bot's own direct chat with a counselor: unencrypted (commands only), invite-only. */
export function commandChatCreateBody(
  botUserId: string,
  counselorUserId: string,
  template: Rooms["command_chat"] = defaultPlatformPolicy.rooms.command_chat,
): PoolRoomCreateBody {
  return {
    room_version: CASE_ROOM_VERSION,
    preset: "public_chat",
    visibility: "private",
    is_direct: false,
    name: "Lotse commands",
    invite: [counselorUserId],
    creation_content: { "m.federate": true },
    initial_state: [
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: template.historyVisibility } },
      { type: "m.room.join_rules", state_key: "", content: { join_rule: template.joinRule } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: template.guestAccess } },
      { type: LOTSE_ROOM_STATE_TYPE, state_key: "", content: { kind: "command_chat", userId: counselorUserId } },
      { type: "m.room.server_acl", state_key: "", content: serverAclFor([botUserId, counselorUserId]) },
    ],
    power_level_content_override: botOnlyPowerLevels({}, template.powerLevels),
  };
}

export type SupervisionRoomSpec = {
  caseId: string;
  caseNumber: number;
  botUserId: string;
  memberUserIds: readonly string[];
  aliasLocalpart: string;
};

/** A case's supervision room: encrypted like the case room, without the seeker. */
export function supervisionRoomCreateBody(spec: SupervisionRoomSpec, template: Rooms["supervision"] = defaultPlatformPolicy.rooms.supervision): CreateRoomBody {
  const invite = spec.memberUserIds.filter((id, i, all) => id !== spec.botUserId && all.indexOf(id) === i);
  const users: Record<string, number> = {};
  for (const id of invite) users[id] = template.powerLevels.staff;
  return {
    room_version: CASE_ROOM_VERSION,
    preset: "private_chat",
    visibility: "private",
    is_direct: false,
    name: `Supervision – case #${spec.caseNumber}`,
    invite,
    creation_content: { "m.federate": true },
    initial_state: [
      { type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } },
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: template.historyVisibility } },
      { type: "m.room.join_rules", state_key: "", content: { join_rule: template.joinRule } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: template.guestAccess } },
      { type: LOTSE_ROOM_STATE_TYPE, state_key: "", content: { kind: "supervision", caseId: spec.caseId } },
      { type: "m.room.server_acl", state_key: "", content: serverAclFor([spec.botUserId, ...invite]) },
    ],
    power_level_content_override: botOnlyPowerLevels(users, template.powerLevels),
    room_alias_name: spec.aliasLocalpart,
  };
}
