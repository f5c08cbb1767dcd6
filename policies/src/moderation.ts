// Moderation decisions, pure: who is a moderator, who automation may never touch, may this user
// post now, which power levels a mute and its expiry set, flood counting from event metadata,
// policy-list rules (m.policy.rule.user with glob entities), and the moderators' bot commands.
import type { PlatformPolicy } from "./platformPolicy.ts";
import { type BotMessages, moderationCommandKinds, type ModerationKind, type ModerationMistake } from "./bot/botMessages.ts";

/** The parts of an m.room.power_levels content the decisions read. */
export type PowerLevelsLike = {
  users?: Record<string, number>;
  users_default?: number;
  events?: Record<string, number>;
  events_default?: number;
  [k: string]: unknown;
};

/** Creators have unlimited power in room version 12 (the bot creates every platform room). */
export type RoomAuthority = { powerLevels: PowerLevelsLike | undefined; creators: readonly string[] };

export function userLevel(room: RoomAuthority, userId: string): number {
  if (room.creators.includes(userId)) return Number.POSITIVE_INFINITY;
  const pl = room.powerLevels;
  if (!pl) return 0;
  const own = pl.users?.[userId];
  return typeof own === "number" ? own : typeof pl.users_default === "number" ? pl.users_default : 0;
}

/** Level needed to send a (non-state) event of this type. */
export function sendLevel(powerLevels: PowerLevelsLike | undefined, eventType: string): number {
  const own = powerLevels?.events?.[eventType];
  if (typeof own === "number") return own;
  return typeof powerLevels?.events_default === "number" ? powerLevels.events_default : 0;
}

/** May this user post (this event type) now? What the homeserver will decide too. */
export function mayPost(room: RoomAuthority, userId: string, eventType = "m.room.message"): boolean {
  return userLevel(room, userId) >= sendLevel(room.powerLevels, eventType);
}

export function isModerator(room: RoomAuthority, userId: string, policy: PlatformPolicy): boolean {
  return userLevel(room, userId) >= policy.moderation.moderatorLevel;
}

/**
 * Automation (flood protection, policy-list bans) never acts against the bot, the room's
 * moderators, platform admins or the operator's immune users.
 */
export function isImmune(
  room: RoomAuthority,
  userId: string,
  ctx: { botUserId: string; policy: PlatformPolicy; platformAdmins?: readonly string[] },
): boolean {
  return (
    userId === ctx.botUserId ||
    isModerator(room, userId, ctx.policy) ||
    ctx.policy.moderation.immuneUsers.includes(userId) ||
    (ctx.platformAdmins ?? []).includes(userId)
  );
}

/** The message-like event types a mute must silence (those a room may list separately). */
export const MESSAGE_EVENT_TYPES = ["m.room.message", "m.room.encrypted", "m.reaction", "m.sticker", "m.room.redaction", "m.call.invite"] as const;

/**
 * A level below every level that lets a member send a message-like event, and always negative: a
 * room that is read-only for members at the moment (a group before its start) must not turn a mute
 * into a promotion, and code that rewrites power levels keeps negative entries as mutes.
 */
export function mutedLevel(powerLevels: PowerLevelsLike | undefined): number {
  const levels = MESSAGE_EVENT_TYPES.map((t) => sendLevel(powerLevels, t));
  return Math.min(-1, Math.min(...levels) - 1);
}

export type MuteChange = {
  /** The power levels with the user muted. */
  content: PowerLevelsLike;
  /** The user's own entry before (undefined: none, they had users_default). */
  previousLevel: number | undefined;
  mutedLevel: number;
};

/** Power levels that mute `userId`; undefined when the user may not be muted (immune). */
export function mutePowerLevels(
  room: RoomAuthority,
  userId: string,
  ctx: { botUserId: string; policy: PlatformPolicy; platformAdmins?: readonly string[] },
): MuteChange | undefined {
  if (isImmune(room, userId, ctx)) return undefined;
  const pl = room.powerLevels ?? {};
  const level = mutedLevel(pl);
  const previousLevel = pl.users?.[userId];
  return { content: { ...pl, users: { ...(pl.users ?? {}), [userId]: level } }, previousLevel, mutedLevel: level };
}

/**
 * Power levels after a mute expires: the user's earlier entry back — but only if they are still at
 * the muted level (a moderator who changed them meanwhile has the last word). Undefined: nothing to do.
 */
export function unmutePowerLevels(
  powerLevels: PowerLevelsLike | undefined,
  userId: string,
  mute: { previousLevel: number | undefined; mutedLevel: number },
): PowerLevelsLike | undefined {
  const current = powerLevels?.users?.[userId];
  if (!powerLevels || current !== mute.mutedLevel) return undefined;
  const users = { ...(powerLevels.users ?? {}) };
  if (mute.previousLevel === undefined) delete users[userId];
  else users[userId] = mute.previousLevel;
  return { ...powerLevels, users };
}

/** Power levels for an explicit `!unmute`: the user back at the room's default level. */
export function liftMutePowerLevels(powerLevels: PowerLevelsLike | undefined, userId: string): PowerLevelsLike | undefined {
  if (!powerLevels) return undefined;
  const current = powerLevels.users?.[userId];
  if (current === undefined || current >= 0) return undefined;
  const users = { ...(powerLevels.users ?? {}) };
  delete users[userId];
  return { ...powerLevels, users };
}

// ---------------------------------------------------------------------------------------------
// Flood protection: sliding 60-second window per (room, sender), from metadata only.

export const FLOOD_WINDOW_MS = 60_000;

export type FloodVerdict = { count: number; exceeded: boolean };

/**
 * Counts events per room and sender in the last minute (by the homeserver's timestamps). Holds
 * event ids to ignore re-sent transactions; forgets quiet senders. No content is ever seen.
 */
export class FloodCounter {
  private readonly windows = new Map<string, { ts: number[]; ids: Set<string> }>();
  private readonly limit: () => number;

  constructor(eventsPerMinute: () => number) {
    this.limit = eventsPerMinute;
  }

  record(roomId: string, sender: string, eventId: string, ts: number): FloodVerdict {
    const key = `${roomId}\u0000${sender}`;
    let w = this.windows.get(key);
    if (!w) {
      w = { ts: [], ids: new Set() };
      this.windows.set(key, w);
    }
    if (!w.ids.has(eventId)) {
      w.ids.add(eventId);
      w.ts.push(ts);
      w.ts.sort((a, b) => a - b);
    }
    const newest = w.ts[w.ts.length - 1]!;
    while (w.ts.length > 0 && w.ts[0]! <= newest - FLOOD_WINDOW_MS) w.ts.shift();
    if (w.ids.size > 4 * this.limit() + 16) w.ids = new Set([...w.ids].slice(-2 * this.limit()));
    return { count: w.ts.length, exceeded: w.ts.length > this.limit() };
  }

  /** After the action: the sender starts afresh. */
  reset(roomId: string, sender: string): void {
    this.windows.delete(`${roomId}\u0000${sender}`);
  }

  /** Drops windows whose newest event is older than a minute before `now` (memory bound). */
  prune(now: number): void {
    for (const [k, w] of this.windows) {
      if ((w.ts[w.ts.length - 1] ?? 0) <= now - FLOOD_WINDOW_MS) this.windows.delete(k);
    }
  }

  get size(): number {
    return this.windows.size;
  }
}

export type FloodDecision =
  | { act: false; why: "disabled" | "room_kind" | "under_limit" | "immune" }
  | { act: true; action: PlatformPolicy["flood"]["action"]; muteMinutes: number; notifyModerators: boolean };

/**
 * Events one member may send into a room of this kind within 60 s. Case rooms have their own
 * (higher) limit: the bridge cannot tell a call's signalling from a message inside the encrypted
 * room, and a 1:1 call with a few mute/camera toggles sends a burst the group limit would punish.
 */
export function floodLimitFor(roomKind: string | undefined, policy: PlatformPolicy): number {
  return roomKind === "case" ? policy.flood.caseRoomEventsPerMinute : policy.flood.eventsPerMinute;
}

/** The lowest limit of any room kind: below it, nobody is over (no room lookup needed). */
export function floodLowestLimit(policy: PlatformPolicy): number {
  return Math.min(policy.flood.eventsPerMinute, policy.flood.caseRoomEventsPerMinute);
}

/** What flood protection does about one sender's count in one room. */
export function floodDecision(input: { verdict: FloodVerdict; roomKind: string | undefined; immune: boolean; policy: PlatformPolicy }): FloodDecision {
  const f = input.policy.flood;
  if (!f.enabled) return { act: false, why: "disabled" };
  if (!input.roomKind || !(f.roomKinds as readonly string[]).includes(input.roomKind)) return { act: false, why: "room_kind" };
  if (input.verdict.count <= floodLimitFor(input.roomKind, input.policy)) return { act: false, why: "under_limit" };
  if (input.immune) return { act: false, why: "immune" };
  return { act: true, action: f.action, muteMinutes: f.muteMinutes, notifyModerators: f.notifyModerators };
}

// ---------------------------------------------------------------------------------------------
// Policy lists (MSC2313 / spec "Moderation policy lists"): m.policy.rule.user state events.

export const POLICY_RULE_USER = "m.policy.rule.user";

/** The localpart of the policy-list room's alias (#<prefix>policy:<server>): the bridge makes it, the API reads it. */
export function policyRoomAliasLocalpart(userPrefix: string): string {
  return `${userPrefix}policy`;
}
/** Recommendations that mean "ban": the spec's, and the older one Mjolnir still writes. */
export const BAN_RECOMMENDATIONS = ["m.ban", "org.matrix.mjolnir.ban"] as const;

export type PolicyRule = { entity: string; recommendation: string; reason: string; stateKey: string };

/** A rule from a state event's content; undefined for a removed (empty) or malformed rule. */
export function policyRuleOf(stateKey: string, content: Record<string, unknown> | undefined): PolicyRule | undefined {
  if (!content) return undefined;
  const { entity, recommendation, reason } = content;
  if (typeof entity !== "string" || entity.length === 0 || typeof recommendation !== "string") return undefined;
  return { entity, recommendation, reason: typeof reason === "string" ? reason : "", stateKey };
}

/** Glob of the spec: `*` any run of characters, `?` one character; the whole id must match. */
export function globMatches(glob: string, value: string): boolean {
  const re = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`, "s");
  return re.test(value);
}

/** The ban rule that applies to this user, if any. */
export function banRuleFor(rules: readonly PolicyRule[], userId: string): PolicyRule | undefined {
  return rules.find((r) => (BAN_RECOMMENDATIONS as readonly string[]).includes(r.recommendation) && globMatches(r.entity, userId));
}

/** Reason the bot writes on a policy-list ban; also how it recognises its own bans to lift them. */
export const POLICY_BAN_REASON_PREFIX = "Platform policy";

export function policyBanReason(rule: PolicyRule): string {
  return rule.reason ? `${POLICY_BAN_REASON_PREFIX}: ${rule.reason}`.slice(0, 300) : POLICY_BAN_REASON_PREFIX;
}

export function isPolicyBanReason(reason: unknown): boolean {
  return typeof reason === "string" && reason.startsWith(POLICY_BAN_REASON_PREFIX);
}

// ---------------------------------------------------------------------------------------------
// Moderators' bot commands.

export type ModerationCommand =
  | { kind: "mute"; room: string; target: string; minutes: number }
  | { kind: "unmute" | "kick" | "ban" | "unban"; room: string; target: string; reason: string }
  | { kind: "redact"; room: string; eventId: string; reason: string };

export type ModerationParse = { ok: true; command: ModerationCommand } | { ok: false; kind: ModerationCommandKind; mistake: ModerationMistake };

/** The names each moderation command answers to: the English one first, then German ones. */
export const moderationCommandNames: Readonly<Record<ModerationKind, readonly string[]>> = {
  mute: ["mute", "stumm"],
  unmute: ["unmute", "laut"],
  kick: ["kick", "entfernen"],
  ban: ["ban", "sperren"],
  unban: ["unban", "entsperren"],
  redact: ["redact", "löschen", "loeschen"],
};

const moderationByName: ReadonlyMap<string, ModerationKind> = new Map(
  moderationCommandKinds.flatMap((k) => moderationCommandNames[k].map((n) => [n, k] as const)),
);

export type ModerationCommandKind = ModerationKind;

/** The moderation commands' help in a language, with their German names. */
export function moderationHelp(msgs: BotMessages): string {
  return [
    msgs.moderationIntro,
    ...moderationCommandKinds.map((k) => `- \`${msgs.moderationUsage[k]}\` – ${msgs.moderationPurpose[k]} (${msgs.alsoWritten(`!${moderationCommandNames[k][1]}`)})`),
  ].join("\n");
}

/** A refused parse in words. */
export function moderationMistakeReply(msgs: BotMessages, parse: Extract<ModerationParse, { ok: false }>): string {
  return `${msgs.moderationMistake(parse.mistake)} ${msgs.usageHint(msgs.moderationUsage[parse.kind], msgs.moderationPurpose[parse.kind])}`;
}

/** Is this message one of the moderation commands (for the case command parser to leave alone)? */
export function isModerationCommand(body: string): boolean {
  const m = /^\s*!(\S+)/u.exec(body);
  return m !== null && moderationByName.has(m[1]!.toLowerCase());
}

// Room ids have no server part from room version 12 on (`!<hash>`); aliases always do.
const roomRef = /^(![^\s]+|#[^\s:]+:\S+)$/;

/**
 * Parses a moderation command; undefined when the message is not one (other commands, talk).
 * Minutes are checked against the policy's maximum.
 */
export function parseModerationCommand(body: string, policy: PlatformPolicy): ModerationParse | undefined {
  const m = /^\s*!(\S+)(.*)$/su.exec(body);
  if (!m) return undefined;
  const kind = moderationByName.get(m[1]!.toLowerCase());
  if (!kind) return undefined;
  const args = m[2]!.trim().split(/\s+/u).filter((a) => a.length > 0);
  const wrong = (mistake: ModerationMistake): ModerationParse => ({ ok: false, kind, mistake });
  const room = args[0];
  if (!room) return wrong({ kind: "room_missing" });
  if (!roomRef.test(room)) return wrong({ kind: "not_a_room", shown: room.slice(0, 40) });
  const target = args[1];
  if (!target) return wrong(kind === "redact" ? { kind: "event_missing" } : { kind: "person_missing" });
  const rest = args.slice(2).join(" ").slice(0, 300);
  if (kind === "redact") {
    if (!/^\$\S+$/.test(target)) return wrong({ kind: "not_an_event", shown: target.slice(0, 40) });
    return { ok: true, command: { kind, room, eventId: target, reason: rest } };
  }
  if (kind === "mute") {
    if (args.length > 3) return wrong({ kind: "too_many_arguments" });
    const raw = args[2];
    const minutes = raw === undefined ? policy.mute.defaultMinutes : /^\d{1,7}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(minutes) || minutes < 1) return wrong({ kind: "not_minutes", shown: String(raw).slice(0, 20) });
    if (minutes > policy.mute.maxMinutes) return wrong({ kind: "too_many_minutes", max: policy.mute.maxMinutes });
    return { ok: true, command: { kind, room, target, minutes } };
  }
  if ((kind === "unmute" || kind === "unban") && args.length > 2) return wrong({ kind: "too_many_arguments" });
  return { ok: true, command: { kind, room, target, reason: rest } };
}
