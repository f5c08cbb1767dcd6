// The case room: one seeker, the agency's counselors (the pool, later the assigned counselor) and
// the platform bot. Owns what is particular to it — the counselors' and the seeker's power levels,
// the createRoom body (on the shared one of roomTemplate.ts) and the case-status state event. Pure.
// Its data (history visibility, encryption, power levels) is the platform policy's `rooms.case`
// (platformPolicy.ts); the defaults are the values below.
import { defaultPlatformPolicy, type PlatformPolicy, type RoomPowerLevelsPolicy } from "./platformPolicy.ts";
import { type CreateRoomBody, functionalMembersState, platformRoomCreateBody, type PowerLevelsContent, templatePowerLevels } from "./roomTemplate.ts";

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

export type CaseRoomSpec = CaseRoomMembers & {
  caseId: string;
  /** Neutral room name; never the seeker's pseudonym or anything from the enquiry. */
  name: string;
  /** The topic line (the case's state in words). */
  topic?: string;
  /**
   * Idempotency alias localpart: a second createRoom for the same job fails with M_ROOM_IN_USE
   * and the existing room is found by resolving the alias instead of creating a twin.
   */
  aliasLocalpart?: string;
};

/** The whole case room as one createRoom request body. */
export function caseRoomCreateBody(spec: CaseRoomSpec, template: CaseRoomTemplatePolicy = defaultPlatformPolicy.rooms.case): CreateRoomBody {
  return platformRoomCreateBody({
    botUserId: spec.botUserId,
    marker: { kind: "case", caseId: spec.caseId },
    name: spec.name,
    ...(spec.topic === undefined ? {} : { topic: spec.topic }),
    invite: [spec.seekerUserId, ...spec.counselorUserIds],
    template,
    powerLevels: caseRoomPowerLevels(spec, template.powerLevels),
    // The bot does not count as a person: Element shows the call buttons of a 1:1 room.
    state: [functionalMembersState(spec.botUserId)],
    aliasLocalpart: spec.aliasLocalpart,
  });
}

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
