// Group chats and whisper rooms (issue 5): the room templates, the power levels of each phase of a
// session, the weekly schedule (local time in Europe/Berlin, across DST changes) and the seat rule.
// Pure: the API (create, list, join) and the bridge (rooms, scheduler, commands) decide with these
// functions; the SQL only stores the outcome.
import { defaultPlatformPolicy, type PlatformPolicy } from "./platformPolicy.ts";
import { instantOfWallTime, wallTimeIn } from "./wallTime.ts";
import { callsRefused, type CreateRoomBody, type PlatformRoomCreateBody, platformRoomCreateBody, type PowerLevelsContent, templatePowerLevels } from "./roomTemplate.ts";

// ---------------------------------------------------------------------------------------------
// Policy defaults (typed data; the operator's policy file may override them)

export type GroupPolicy = {
  /** Groups are end-to-end encrypted unless the moderator creating one says otherwise. */
  encryptedByDefault: boolean;
  /** At the end of a session the bot removes the seekers (they join again for the next one). */
  removeParticipantsAfterSession: boolean;
  /** Who may read the room's history: "joined" = only what was said while one was in the room. */
  historyVisibility: "joined" | "invited" | "shared";
  /** Time zone in which a weekly group keeps its wall-clock time. */
  timeZone: string;
  minDurationMinutes: number;
  maxDurationMinutes: number;
  minParticipants: number;
  maxParticipants: number;
  titleMaxLength: number;
  textMaxLength: number;
};

/** The `groups` section of the platform policy's defaults (policies/README.md lists them). */
export const defaultGroupPolicy: GroupPolicy = defaultPlatformPolicy.groups;

/** Power levels by role in a group room. */
export const groupRoomLevels = {
  seeker: defaultPlatformPolicy.rooms.group.powerLevels.member,
  /** Experts write during the session like seekers, and cannot moderate. */
  expert: defaultPlatformPolicy.rooms.group.powerLevels.expert,
  /** Moderators mute (power levels), kick, ban and redact with their own client's tools. */
  moderator: defaultPlatformPolicy.rooms.group.powerLevels.staff,
  bridgeOnly: defaultPlatformPolicy.rooms.group.powerLevels.bot,
} as const;

/** The template data of group and whisper rooms (`rooms.group`, `rooms.whisper` of the platform policy). */
export type GroupRoomTemplatePolicy = PlatformPolicy["rooms"]["group"];
export type WhisperRoomTemplatePolicy = PlatformPolicy["rooms"]["whisper"];

// ---------------------------------------------------------------------------------------------
// Schedule

export type GroupPhase = "before" | "open" | "after";

export type GroupSchedule = {
  startsAt: Date;
  durationMinutes: number;
  repeatWeekly: boolean;
};

export type GroupPhaseInfo = {
  /**
   * "open" while a session runs; "before" until a session starts (for a weekly group also
   * between two sessions); "after" once a one-off group's session is over.
   */
  phase: GroupPhase;
  /** Start of the session this phase belongs to: the running one, the next one, or the last one ("after"). */
  occurrence: Date;
  /** End of that session. */
  endsAt: Date;
  /** The next session that starts after `now`, or null when there is none. */
  nextOccurrence: Date | null;
};

const MINUTE = 60_000;

/** Start of the n-th session (n = 0 is `startsAt`): the same local wall time, 7·n days later. */
export function occurrenceStart(schedule: GroupSchedule, n: number, timeZone = defaultGroupPolicy.timeZone): Date {
  if (n === 0) return schedule.startsAt;
  const w = wallTimeIn(schedule.startsAt, timeZone);
  // Date.UTC normalises day overflow (31 + 7 → next month).
  const shifted = new Date(Date.UTC(w.year, w.month - 1, w.day + 7 * n));
  return instantOfWallTime(
    { ...w, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() },
    timeZone,
  );
}

/** Where a group's schedule stands at `now`. */
export function groupPhaseAt(schedule: GroupSchedule, now: Date, timeZone = defaultGroupPolicy.timeZone): GroupPhaseInfo {
  const durationMs = schedule.durationMinutes * MINUTE;
  const t = now.getTime();
  const start0 = schedule.startsAt.getTime();
  if (t < start0) {
    return { phase: "before", occurrence: schedule.startsAt, endsAt: new Date(start0 + durationMs), nextOccurrence: schedule.startsAt };
  }
  if (!schedule.repeatWeekly) {
    const endsAt = new Date(start0 + durationMs);
    return { phase: t < endsAt.getTime() ? "open" : "after", occurrence: schedule.startsAt, endsAt, nextOccurrence: null };
  }
  // The last session that has started: estimate by whole weeks, then correct for DST shifts.
  let n = Math.floor((t - start0) / (7 * 24 * 60 * MINUTE));
  while (n > 0 && occurrenceStart(schedule, n, timeZone).getTime() > t) n--;
  while (occurrenceStart(schedule, n + 1, timeZone).getTime() <= t) n++;
  const current = occurrenceStart(schedule, n, timeZone);
  const next = occurrenceStart(schedule, n + 1, timeZone);
  const currentEnd = new Date(current.getTime() + durationMs);
  if (t < currentEnd.getTime()) return { phase: "open", occurrence: current, endsAt: currentEnd, nextOccurrence: next };
  return { phase: "before", occurrence: next, endsAt: new Date(next.getTime() + durationMs), nextOccurrence: next };
}

/** May a seeker write in the group room now? (Moderators, experts and the bot: see the power levels.) */
export function seekerMayPost(phase: GroupPhase): boolean {
  return phase === "open";
}

// ---------------------------------------------------------------------------------------------
// Seats

export type JoinDecision = { ok: true; alreadyParticipant: boolean } | { ok: false; reason: "full" | "ended"; message: string };

/** Whether a seeker gets a seat. `activeParticipants` counts seats taken now (the seeker included if they hold one). */
export function decideGroupJoin(input: {
  maxParticipants: number;
  activeParticipants: number;
  alreadyParticipant: boolean;
  phase: GroupPhase;
}): JoinDecision {
  if (input.alreadyParticipant) return { ok: true, alreadyParticipant: true };
  if (input.phase === "after") return { ok: false, reason: "ended", message: "This group has ended." };
  if (input.activeParticipants >= input.maxParticipants) return { ok: false, reason: "full", message: "This group is full." };
  return { ok: true, alreadyParticipant: false };
}

export function seatsLeft(maxParticipants: number, activeParticipants: number): number {
  return Math.max(0, maxParticipants - activeParticipants);
}

// ---------------------------------------------------------------------------------------------
// Input

export type GroupInput = {
  title: string;
  description: string;
  rules: string;
  startsAt: Date;
  durationMinutes: number;
  maxParticipants: number;
  repeatWeekly?: boolean;
};

/** The first rule a new group's fields break (field name and reason), or null when they are fine. */
export function groupInputViolation(input: GroupInput, policy: GroupPolicy = defaultGroupPolicy, now?: Date): { field: string; message: string } | null {
  const title = input.title.trim();
  if (title.length === 0 || title.length > policy.titleMaxLength) return { field: "title", message: `title must have 1–${policy.titleMaxLength} characters` };
  if (input.description.length > policy.textMaxLength) return { field: "description", message: `description is longer than ${policy.textMaxLength} characters` };
  if (input.rules.length > policy.textMaxLength) return { field: "rules", message: `rules are longer than ${policy.textMaxLength} characters` };
  if (Number.isNaN(input.startsAt.getTime())) return { field: "startsAt", message: "startsAt is not a valid date-time" };
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < policy.minDurationMinutes || input.durationMinutes > policy.maxDurationMinutes) {
    return { field: "durationMinutes", message: `durationMinutes must be ${policy.minDurationMinutes}–${policy.maxDurationMinutes}` };
  }
  if (!Number.isInteger(input.maxParticipants) || input.maxParticipants < policy.minParticipants || input.maxParticipants > policy.maxParticipants) {
    return { field: "maxParticipants", message: `maxParticipants must be ${policy.minParticipants}–${policy.maxParticipants}` };
  }
  if (now && !input.repeatWeekly && input.startsAt.getTime() + input.durationMinutes * MINUTE <= now.getTime()) {
    return { field: "startsAt", message: "a one-off group whose session is already over" };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Room templates

export type GroupRoomMembers = {
  botUserId: string;
  moderatorUserIds: readonly string[];
  /** Experts of the running session (only while it is open). */
  expertUserIds?: readonly string[];
};

/**
 * Power levels of a group room in a phase. Seekers write only while the session is open
 * (`events_default` 0); before and after, only moderators (50) and the bot do. Moderators may
 * kick, ban, redact and change power levels below their own (mute a seeker with their client's
 * tools); structure (join rule, encryption, history, invitations, the marker) stays the bot's.
 */
export function groupPowerLevels(
  input: GroupRoomMembers & { phase: GroupPhase },
  template: GroupRoomTemplatePolicy = defaultPlatformPolicy.rooms.group,
): PowerLevelsContent {
  const pl = template.powerLevels;
  const L = { seeker: pl.member, expert: pl.expert, moderator: pl.staff };
  const users: Record<string, number> = {};
  for (const id of input.expertUserIds ?? []) if (id !== input.botUserId) users[id] = L.expert;
  for (const id of input.moderatorUserIds) if (id !== input.botUserId) users[id] = L.moderator;
  return templatePowerLevels(pl, users, {
    events: { "m.room.pinned_events": L.moderator, [LOTSE_GROUP_STATE_TYPE]: pl.bot, ...callsRefused(pl.bot) },
    eventsDefault: input.phase === "open" ? L.seeker : L.moderator,
  });
}

/** State event (key "") describing the group for clients: title, rules, schedule, phase. */
export const LOTSE_GROUP_STATE_TYPE = "org.lotse.group";

export type GroupStateContent = {
  title: string;
  rules: string;
  phase: GroupPhase;
  /** ISO instants of the session the phase belongs to. */
  occurrence: string;
  endsAt: string;
};

export type GroupRoomCreateBody = PlatformRoomCreateBody;

export type GroupRoomSpec = GroupRoomMembers & {
  groupId: string;
  title: string;
  description: string;
  rules: string;
  encrypted: boolean;
  phase: GroupPhaseInfo;
  aliasLocalpart?: string;
  policy?: GroupPolicy;
  /** The room template's data; default: the platform policy's `rooms.group`. */
  template?: GroupRoomTemplatePolicy;
};

export function groupRoomCreateBody(spec: GroupRoomSpec): GroupRoomCreateBody {
  const policy = spec.policy ?? defaultGroupPolicy;
  const template = spec.template ?? defaultPlatformPolicy.rooms.group;
  const state: GroupStateContent = {
    title: spec.title,
    rules: spec.rules,
    phase: spec.phase.phase,
    occurrence: spec.phase.occurrence.toISOString(),
    endsAt: spec.phase.endsAt.toISOString(),
  };
  return platformRoomCreateBody({
    botUserId: spec.botUserId,
    marker: { kind: "group", groupId: spec.groupId },
    name: spec.title.slice(0, 200),
    invite: spec.moderatorUserIds,
    // History visibility and encryption are the group's (its `groups` policy, its own flag).
    template: { ...template, historyVisibility: policy.historyVisibility, encryption: spec.encrypted },
    powerLevels: groupPowerLevels({ ...spec, phase: spec.phase.phase }, template),
    topic: spec.rules ? `${spec.description}\n\nRules: ${spec.rules}`.trim() : spec.description,
    state: [{ type: LOTSE_GROUP_STATE_TYPE, state_key: "", content: state }],
    // Seekers live on the bot's server; moderators and experts may come from agency servers.
    aclAlso: spec.expertUserIds ?? [],
    aliasLocalpart: spec.aliasLocalpart,
  });
}

export type WhisperRoomSpec = {
  whisperId: string;
  groupId: string;
  groupTitle: string;
  botUserId: string;
  seekerUserId: string;
  moderatorUserId: string;
  aliasLocalpart?: string;
};

/**
 * A whisper room: always encrypted, invite-only, exactly one seeker and one moderator (and the bot,
 * which never reads it). History from the invitation on; nobody but the bot can invite.
 */
export function whisperRoomCreateBody(spec: WhisperRoomSpec, template: WhisperRoomTemplatePolicy = defaultPlatformPolicy.rooms.whisper): CreateRoomBody {
  const pl = template.powerLevels;
  return platformRoomCreateBody({
    botUserId: spec.botUserId,
    marker: { kind: "whisper", groupId: spec.groupId, whisperId: spec.whisperId },
    name: `Flüsterraum – ${spec.groupTitle}`.slice(0, 200),
    invite: [spec.seekerUserId, spec.moderatorUserId],
    template,
    powerLevels: templatePowerLevels(pl, { [spec.moderatorUserId]: pl.staff, [spec.seekerUserId]: pl.member }, { events: callsRefused(pl.bot), eventsDefault: pl.member }),
    aliasLocalpart: spec.aliasLocalpart,
  });
}
