// What a room the bridge keeps in line with the database should look like, as data: who belongs
// (and is invited when missing), who is removed and why, the server ACL, the power levels and the
// state events. One pure function per room kind the bridge reconciles (case, pool, supervision, group); the
// bridge's reconcileRoom() diffs the room against it and applies the difference. No I/O: the
// callers read the rows, these functions decide.
import {
  caseRoomPowerLevels,
  type CaseRoomTemplatePolicy,
  type CaseStatusStateContent,
  LOTSE_CASE_STATUS_STATE_TYPE,
} from "./caseRoomTemplate.ts";
import { type GroupPhase, groupPowerLevels, type GroupRoomTemplatePolicy, type GroupStateContent, LOTSE_GROUP_STATE_TYPE } from "./groupRooms.ts";
import { defaultPlatformPolicy, type PlatformPolicy } from "./platformPolicy.ts";
import type { BotMessages } from "./bot/botMessages.ts";
import { botMessagesDe } from "./bot/botMessagesDe.ts";
import { type CaseStatus, caseStatuses } from "./roomJobStateMachine.ts";
import {
  callsRefused,
  functionalMembersState,
  type PowerLevelsContent,
  type ServerAclContent,
  serverAclFor,
  type StateEvent,
  templatePowerLevels,
  templateStructureState,
} from "./roomTemplate.ts";

export type DesiredPowerLevels = {
  content: PowerLevelsContent;
  /**
   * What must match for the room to be left alone: `users` (only who holds which level — a
   * membership sync) or `all` (every key of `content` — after tampering, or a group's phase).
   * Keys the content does not name keep the room's values either way.
   */
  compare: "users" | "all";
  /** Users the content does not list keep a level below this one (moderators' mutes). */
  keepUsersBelow?: number;
};

export type DesiredRoomState = {
  /** Who belongs, in invitation order: invited unless joined or invited already; a ban is never lifted. */
  members: readonly string[];
  /**
   * Everyone else who is joined or invited leaves (the bot and `keep` aside), with `reason` or the
   * one `reasonByUser` names. Absent: nobody is removed for not being a member.
   */
  removeOthers?: { keep: readonly string[]; reason: string; reasonByUser?: Readonly<Record<string, string>> };
  /** These leave, if joined or invited, with their reason. */
  remove?: readonly { userId: string; reason: string }[];
  /** The m.room.server_acl content. */
  serverAcl: ServerAclContent;
  powerLevels?: DesiredPowerLevels;
  /**
   * Event types that need at least this level: where the room's power levels let members send
   * them with less (rooms made before the rule), the level is raised and nothing else changes.
   * Calls in rooms that must not carry them.
   */
  refuseEvents?: Readonly<Record<string, number>>;
  /** State events sent when their content differs (key order aside), in this order. */
  state: readonly StateEvent[];
};

// ---------------------------------------------------------------------------------------------
// Case room

export type CaseRoomRow = {
  caseId: string;
  caseNumber: number;
  status: string;
  teamAgency: boolean;
  /** null once the seeker deleted the account (the room keeps no user for them). */
  seekerUserId: string | null;
  assigned: { userId: string; displayName: string; awayMessage: string | null } | null;
  /** The topic's name (in the agency's language) and when the case came in: the room's name and topic line. */
  topicName?: string;
  createdAt?: Date;
};

export type CaseRoomPolicy = {
  botUserId: string;
  /** Default: the platform policy's `rooms.case`. */
  template?: CaseRoomTemplatePolicy;
  /** Also the template's complete power levels, join rule, history visibility, guest access, encryption. */
  restoreStructure?: boolean;
  /** The agency's bot language: the room's name, topic line and the reasons of removals. Default German. */
  messages?: BotMessages;
  /** For times in the topic line; default Europe/Berlin. */
  timeZone?: string;
};

/**
 * A case room: while the case waits in the pool (or nobody is assigned) the agency's pool
 * counselors, then the assigned counselor — plus the whole pool in team agencies. The seeker stays
 * and is never invited again; everyone else leaves. The ACL admits the seeker's and those
 * counselors' servers; the power levels and the status event follow.
 */
export function desiredCaseRoom(row: CaseRoomRow, pool: readonly string[], policy: CaseRoomPolicy): DesiredRoomState {
  const template = policy.template ?? defaultPlatformPolicy.rooms.case;
  const taker = row.status === "new" ? null : row.assigned;
  const members = [...new Set(taker ? [taker.userId, ...(row.teamAgency ? pool : [])] : pool)];
  const seeker = row.seekerUserId === null ? [] : [row.seekerUserId];
  const msgs = policy.messages ?? botMessagesDe;
  const poolReason = taker ? msgs.reasonCaseNowWith(row.caseNumber, taker.displayName) : msgs.reasonCaseChanged(row.caseNumber);
  const status: CaseStatusStateContent = {
    caseNumber: row.caseNumber,
    status: row.status,
    counselor: taker ? { userId: taker.userId, displayName: taker.displayName } : null,
    absenceMessage: taker && row.status === "in_progress" ? (taker.awayMessage ?? null) : null,
  };
  return {
    members,
    removeOthers: {
      keep: seeker,
      reason: msgs.reasonNotInCase,
      reasonByUser: Object.fromEntries(pool.map((id) => [id, poolReason])),
    },
    serverAcl: serverAclFor([policy.botUserId, ...seeker, ...members]),
    powerLevels: {
      // Where the template needs a seeker the bot stands in (it gives the bot no entry).
      content: caseRoomPowerLevels({ botUserId: policy.botUserId, seekerUserId: row.seekerUserId ?? policy.botUserId, counselorUserIds: members }, template.powerLevels),
      compare: policy.restoreStructure ? "all" : "users",
    },
    state: [
      ...(policy.restoreStructure ? templateStructureState(template) : []),
      // Rooms made before the state existed get it too: Element shows them as 1:1 rooms with calls.
      functionalMembersState(policy.botUserId),
      { type: LOTSE_CASE_STATUS_STATE_TYPE, state_key: "", content: status },
      // "Fall 12 · Schulden" and the state in words: never the seeker's pseudonym.
      ...(row.topicName === undefined ? [] : caseRoomNaming(row as CaseRoomRow & { topicName: string }, msgs, policy.timeZone)),
    ],
  };
}

/** The case room's name and topic line, as state events. */
export function caseRoomNaming(row: Pick<CaseRoomRow, "caseNumber" | "status" | "assigned" | "createdAt"> & { topicName: string }, msgs: BotMessages = botMessagesDe, timeZone = "Europe/Berlin"): StateEvent[] {
  const status = (caseStatuses as readonly string[]).includes(row.status) ? (row.status as CaseStatus) : "new";
  return [
    { type: "m.room.name", state_key: "", content: { name: msgs.caseRoomName(row.caseNumber, row.topicName) } },
    {
      type: "m.room.topic",
      state_key: "",
      content: {
        topic: msgs.caseRoomTopic({ status, waitingSince: row.createdAt ?? new Date(0), counselor: status === "new" ? null : (row.assigned?.displayName ?? null), timeZone }),
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Pool room

/**
 * An agency's pool room: exactly its pool counselors (and the bot); the ACL follows them; no calls
 * (also in pool rooms made before that rule).
 */
export function desiredPoolRoom(
  pool: readonly string[],
  policy: { botUserId: string; template?: PlatformPolicy["rooms"]["pool"]; messages?: BotMessages; agencyName?: string },
): DesiredRoomState {
  const msgs = policy.messages ?? botMessagesDe;
  const template = policy.template ?? defaultPlatformPolicy.rooms.pool;
  const members = [...new Set(pool)];
  return {
    members,
    removeOthers: { keep: [], reason: msgs.reasonNoLongerCounselor },
    serverAcl: serverAclFor([policy.botUserId, ...members]),
    refuseEvents: callsRefused(template.powerLevels.bot),
    // Name and topic follow the agency's name and bot language.
    state:
      policy.agencyName === undefined
        ? []
        : [
            { type: "m.room.name", state_key: "", content: { name: msgs.poolRoomName(policy.agencyName).slice(0, 200) } },
            { type: "m.room.topic", state_key: "", content: { topic: msgs.poolRoomTopic } },
          ],
  };
}

// ---------------------------------------------------------------------------------------------
// Supervision room

/**
 * A case's supervision room: the assigned counselor and the supervisor at the template's staff
 * level. Nobody is removed — everyone who was ever let in keeps reading the history they were part
 * of — so the ACL admits the servers of everyone present as well as of those to invite.
 */
export function desiredSupervisionRoom(
  input: { wanted: readonly string[]; present: readonly string[]; currentUsers: Readonly<Record<string, number>> },
  policy: { botUserId: string; template?: PlatformPolicy["rooms"]["supervision"] },
): DesiredRoomState {
  const template = policy.template ?? defaultPlatformPolicy.rooms.supervision;
  const users: Record<string, number> = { ...input.currentUsers };
  for (const id of input.wanted) if (id !== policy.botUserId) users[id] = template.powerLevels.staff;
  return {
    members: [...new Set(input.wanted)],
    serverAcl: serverAclFor([policy.botUserId, ...input.wanted, ...input.present]),
    powerLevels: { content: templatePowerLevels(template.powerLevels, users, { events: callsRefused(template.powerLevels.bot), eventsDefault: 0 }), compare: "users" },
    // Supervision rooms made before the rule compare only users: the call rule is raised separately.
    refuseEvents: callsRefused(template.powerLevels.bot),
    state: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Group room

export type GroupRoomRow = {
  title: string;
  rules: string;
  /** The phase recorded on the group row, and the session it belongs to. */
  phase: GroupPhase;
  occurrence: Date;
  endsAt: Date;
  moderatorUserIds: readonly string[];
  /** Experts of the running session (none unless it runs); invited when missing. */
  expertUserIds: readonly string[];
  /** Experts whose session is over: they leave unless they also moderate the group. */
  endingExpertUserIds?: readonly string[];
  /** Participants whose seat ended with the session. */
  leavingUserIds?: readonly string[];
};

/**
 * A group room in its phase: the phase's power levels (moderators' mutes kept), the group state
 * event, the running session's experts in, ended experts and leaving participants out. Seekers
 * join by their own invitations, so nobody else is removed. The ACL admits the moderators' and
 * experts' servers and keeps those of everyone present — unless an expert leaves now, whose
 * server then goes too. `memberships`: the room's current ones (user id → membership).
 */
export function desiredGroupRoom(
  row: GroupRoomRow,
  memberships: ReadonlyMap<string, string>,
  policy: { botUserId: string; template?: GroupRoomTemplatePolicy; messages?: BotMessages },
): DesiredRoomState {
  const template = policy.template ?? defaultPlatformPolicy.rooms.group;
  const msgs = policy.messages ?? botMessagesDe;
  const present = [...memberships].filter(([, m]) => m === "join" || m === "invite").map(([u]) => u);
  const endingExperts = [...new Set(row.endingExpertUserIds ?? [])].filter((u) => !row.moderatorUserIds.includes(u));
  const expertLeaves = endingExperts.some((u) => present.includes(u));
  const state: GroupStateContent = {
    title: row.title,
    rules: row.rules,
    phase: row.phase,
    occurrence: row.occurrence.toISOString(),
    endsAt: row.endsAt.toISOString(),
  };
  return {
    members: row.expertUserIds,
    remove: [
      ...endingExperts.map((userId) => ({ userId, reason: msgs.reasonExpertSessionEnded })),
      ...(row.leavingUserIds ?? []).map((userId) => ({ userId, reason: msgs.reasonGroupSessionEnded })),
    ],
    serverAcl: serverAclFor([policy.botUserId, ...row.moderatorUserIds, ...row.expertUserIds, ...(expertLeaves ? [] : present)]),
    powerLevels: {
      content: groupPowerLevels({ botUserId: policy.botUserId, moderatorUserIds: row.moderatorUserIds, expertUserIds: row.expertUserIds, phase: row.phase }, template),
      compare: "all",
      keepUsersBelow: template.powerLevels.member,
    },
    state: [{ type: LOTSE_GROUP_STATE_TYPE, state_key: "", content: state }],
  };
}
