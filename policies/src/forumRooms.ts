// Peer-exchange forums ("Austausch", issue 15): one persistent room per topic where registered
// seekers write to each other in threads (`m.thread`), with the counselors and moderators of the
// agencies serving the topic present at moderator level. Pure: the room template, the staff's
// power levels (mutes kept), the thread title the public list shows, the report reasons and the
// report rate limit. The bridge (bridge/src/forums/) and the API (routes/forums.ts) decide with these.
import { defaultPlatformPolicy, type PlatformPolicy } from "./platformPolicy.ts";
import { callsRefused, type PlatformRoomCreateBody, platformRoomCreateBody, type PowerLevelsContent, serverAclFor, type ServerAclContent, templatePowerLevels } from "./roomTemplate.ts";

export type ForumPolicy = PlatformPolicy["forums"];
export type ForumRoomTemplatePolicy = PlatformPolicy["rooms"]["forum"];

export const defaultForumPolicy: ForumPolicy = defaultPlatformPolicy.forums;

/** The relation type of a thread reply (spec v1.4). */
export const THREAD_REL_TYPE = "m.thread";

/**
 * Power levels of a forum room: seekers (users_default) write at any time; the staff of the
 * topic's agencies moderate (kick, ban, redact, mute by lowering a level, pin); structure,
 * invitations and calls stay the bot's.
 */
export function forumPowerLevels(staffUserIds: readonly string[], botUserId: string, template: ForumRoomTemplatePolicy = defaultPlatformPolicy.rooms.forum): PowerLevelsContent {
  const pl = template.powerLevels;
  const users: Record<string, number> = {};
  for (const id of staffUserIds) if (id !== botUserId) users[id] = pl.staff;
  return templatePowerLevels(pl, users, { events: { "m.room.pinned_events": pl.staff, ...callsRefused(pl.bot) }, eventsDefault: pl.member });
}

export type ForumRoomSpec = {
  topicId: string;
  /** The room's name ("Austausch · Schulden"), from the bot's catalogue. */
  name: string;
  topic: string;
  botUserId: string;
  staffUserIds: readonly string[];
  aliasLocalpart?: string;
  policy?: ForumPolicy;
  template?: ForumRoomTemplatePolicy;
};

export function forumRoomCreateBody(spec: ForumRoomSpec): PlatformRoomCreateBody {
  const policy = spec.policy ?? defaultForumPolicy;
  const template = spec.template ?? defaultPlatformPolicy.rooms.forum;
  return platformRoomCreateBody({
    botUserId: spec.botUserId,
    marker: { kind: "forum", topicId: spec.topicId },
    name: spec.name.slice(0, 200),
    topic: spec.topic,
    invite: spec.staffUserIds,
    template: { ...template, historyVisibility: policy.historyVisibility, encryption: policy.encrypted },
    powerLevels: forumPowerLevels(spec.staffUserIds, spec.botUserId, template),
    aliasLocalpart: spec.aliasLocalpart,
  });
}

type PowerLevelsIn = { users?: Record<string, number>; [k: string]: unknown };

/**
 * The forum's power levels with exactly `staffUserIds` at the staff level: new staff raised,
 * staff who left (an entry at exactly the staff level) taken off; mutes (negative entries) and
 * every other entry kept. Null when nothing changes.
 */
export function forumStaffPowerLevels(current: PowerLevelsIn | undefined, staffUserIds: readonly string[], botUserId: string, template: ForumRoomTemplatePolicy = defaultPlatformPolicy.rooms.forum): PowerLevelsIn | null {
  const base: PowerLevelsIn = current ?? forumPowerLevels([], botUserId, template);
  const staffLevel = template.powerLevels.staff;
  const users = { ...(base.users ?? {}) };
  let changed = false;
  const wanted = new Set(staffUserIds.filter((id) => id !== botUserId));
  for (const [id, level] of Object.entries(users)) {
    if (level === staffLevel && !wanted.has(id)) {
      delete users[id];
      changed = true;
    }
  }
  for (const id of wanted) {
    const level = users[id];
    // A muted staff member stays muted until the mute ends; anyone below staff level is raised.
    if (level === undefined || (level >= 0 && level < staffLevel)) {
      users[id] = staffLevel;
      changed = true;
    }
  }
  return changed ? { ...base, users } : null;
}

/** The server ACL of a forum: the bot's server (seekers live there) and the staff's servers. */
export function forumServerAcl(botUserId: string, staffUserIds: readonly string[]): ServerAclContent {
  return serverAclFor([botUserId, ...staffUserIds]);
}

/**
 * The title of a thread as the public list shows it: the first non-empty line of the thread's
 * first post, whitespace collapsed, cut to `maxLength` characters (with "…"). Null when the post
 * has no readable text (encrypted, or an attachment).
 */
export function threadTitleOf(body: unknown, maxLength: number = defaultForumPolicy.titleMaxLength): string | null {
  if (typeof body !== "string") return null;
  const line = body
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .find((l) => l.length > 0);
  if (!line) return null;
  const chars = [...line];
  return chars.length <= maxLength ? line : `${chars.slice(0, maxLength - 1).join("").trimEnd()}…`;
}

/** A thread's first post as the seeker app sends it: the title line, then the text. */
export function threadRootBody(title: string, text: string): string {
  const t = title.replace(/\s+/g, " ").trim();
  const rest = text.trim();
  return rest ? `${t}\n${rest}` : t;
}

/** Why a seeker reports a post; the moderators' notice names the reason, never the post's content. */
export const forumReportReasons = ["spam", "insult", "danger", "personal_data", "other"] as const;
export type ForumReportReason = (typeof forumReportReasons)[number];

export type ReportDecision = { ok: true } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** May a seeker report another post now? `recent`: the times of their reports within the last hour. */
export function decideForumReport(recent: readonly Date[], now: Date, policy: ForumPolicy = defaultForumPolicy): ReportDecision {
  const hourAgo = now.getTime() - 3_600_000;
  const inWindow = recent.filter((d) => d.getTime() > hourAgo).sort((a, b) => a.getTime() - b.getTime());
  if (inWindow.length < policy.reportsPerHour) return { ok: true };
  const oldest = inWindow[inWindow.length - policy.reportsPerHour]!;
  return { ok: false, reason: "rate_limited", retryAfterSeconds: Math.max(1, Math.ceil((oldest.getTime() + 3_600_000 - now.getTime()) / 1000)) };
}

/** A matrix.to link to one event (what moderators open in their own client). */
export function matrixToEventLink(roomId: string, eventId: string): string {
  return `https://matrix.to/#/${encodeURIComponent(roomId)}/${encodeURIComponent(eventId)}`;
}
