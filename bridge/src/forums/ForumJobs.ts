// Room jobs of the peer-exchange forums (issue 15). Each handler reads the truth from PostgreSQL
// and brings Matrix in line with it, so running one twice is harmless:
//   forum.create_room    the topic's forum room (alias #lotse_forum_<hash>: one room per topic, made
//                        once), then its staff: the counselors of the agencies serving the topic
//                        invited at moderator level, the server ACL widened to their servers
//   forum.invite         invite a seeker who joined (registered in the appservice namespace first);
//                        the staff are brought in line on the way
//   forum.sync_staff     the staff brought in line after memberships, an agency's topics or the
//                        agency itself changed: new staff invited, former staff removed
//   forum.report_notice  a seeker's report: a notice with a matrix.to link to the post in the pool
//                        room of every agency serving the topic — which post and why, never its content
// Moderation needs nothing of its own here: forum rooms carry the `org.lotse.room` marker of kind
// "forum", so policy bans, flood protection (`flood.roomKinds`), mute, kick, ban and redact work in
// them exactly as in group rooms (bridge/src/moderation/).
import { createHash } from "node:crypto";
import {
  botMessages,
  defaultForumPolicy,
  type ForumPolicy,
  type ForumReportReason,
  forumReportReasons,
  forumRoomCreateBody,
  forumServerAcl,
  forumStaffPowerLevels,
  matrixToEventLink,
  noticeContent,
  type PlatformPolicy,
  defaultPlatformPolicy,
} from "@lotse/policies";
import { counselors, forumPoolRooms, forumReportById, forumStaffUserIds, forumMembers, forums, seekers, topics } from "@lotse/store";
import { and, eq, inArray } from "drizzle-orm";
import type { Logger } from "pino";
import { matrixUserId } from "../matrix/caseRoomIdentity.ts";
import { errcodeOf, type Membership, type MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { inviteUnlessPresent } from "../matrix/reconcileRoom.ts";
import { PermanentJobError } from "../jobs/jobErrors.ts";
import { createOrAdopt } from "../jobs/jobInput.ts";
import type { JobHandler, LotseTx, SomeJobHandlers } from "../jobs/jobTypes.ts";

export type ForumJobDeps = {
  matrix: MatrixRoomApi;
  serverName: string;
  policy?: ForumPolicy;
  rooms?: PlatformPolicy["rooms"];
};

/** `lotse_forum_<32 hex>`: the alias that makes a topic's forum room one room, whatever retries happen. */
export function forumRoomAliasLocalpart(topicId: string): string {
  return `lotse_forum_${createHash("sha256").update(`lotse-forum-room:${topicId}`).digest("hex").slice(0, 32)}`;
}

async function lockForum(tx: LotseTx, topicId: string) {
  const [f] = await tx
    .select({ roomId: forums.roomId, nameDe: topics.nameDe })
    .from(forums)
    .innerJoin(topics, eq(topics.id, forums.topicId))
    .where(eq(forums.topicId, topicId))
    .for("update", { of: forums });
  if (!f) throw new PermanentJobError("forum not found");
  return f;
}

/**
 * Staff invited, at moderator level, and admitted by the server ACL; former staff (a counselor whose
 * last agency serving the topic removed them, gave up the topic or was deleted) removed and their
 * level dropped; mutes and seekers untouched. Removals come before the power levels change, so a
 * retry after a failed removal still sees whom to remove.
 */
async function syncForumStaff(tx: LotseTx, deps: ForumJobDeps, topicId: string, roomId: string, log: Logger): Promise<{ invited: number; removed: number }> {
  const staff = await forumStaffUserIds(tx, topicId);
  const bot = deps.matrix.botUserId;
  const template = deps.rooms?.forum;
  const current = await deps.matrix.getStateContent(roomId, "m.room.power_levels", "");
  const members = await deps.matrix.getMemberships(roomId);
  const removed = await removeFormerStaff(tx, deps, roomId, staff, current, members);
  const next = forumStaffPowerLevels(current, staff, bot, template);
  const acl = forumServerAcl(bot, staff);
  const currentAcl = await deps.matrix.getStateContent(roomId, "m.room.server_acl", "");
  const aclAllow = Array.isArray(currentAcl?.["allow"]) ? (currentAcl["allow"] as string[]) : [];
  if (acl.allow.some((s) => !aclAllow.includes(s))) await deps.matrix.sendState(roomId, "m.room.server_acl", "", { ...acl, allow: [...new Set([...aclAllow, ...acl.allow])].sort() });
  if (next) await deps.matrix.sendState(roomId, "m.room.power_levels", "", next);
  let invited = 0;
  for (const id of staff) {
    const m = members.get(id);
    if (m === "join" || m === "invite" || m === "ban") continue;
    if (await inviteUnlessPresent(deps.matrix, roomId, id)) invited++;
  }
  if (invited > 0 || removed > 0 || next) log.info({ topicId, roomId, invited, removed, staff: staff.length }, "forum staff brought in line");
  return { invited, removed };
}

/**
 * Who is joined or invited but no longer staff: anyone holding exactly the staff level (only the
 * bot gives it) and any counselor of the platform — seekers are never counselors. Someone gone
 * since the memberships were read counts as removed (the goal is reached).
 */
async function removeFormerStaff(
  tx: LotseTx,
  deps: ForumJobDeps,
  roomId: string,
  staff: readonly string[],
  powerLevels: Record<string, unknown> | undefined,
  members: ReadonlyMap<string, Membership>,
): Promise<number> {
  const bot = deps.matrix.botUserId;
  const wanted = new Set(staff);
  const present = [...members].filter(([id, m]) => (m === "join" || m === "invite") && id !== bot && !wanted.has(id)).map(([id]) => id);
  if (present.length === 0) return 0;
  const staffLevel = (deps.rooms?.forum ?? defaultPlatformPolicy.rooms.forum).powerLevels.staff;
  const users = (powerLevels?.["users"] ?? {}) as Record<string, unknown>;
  const counselorIds = new Set(
    (await tx.select({ id: counselors.matrixUserId }).from(counselors).where(inArray(counselors.matrixUserId, present))).map((r) => r.id),
  );
  const reason = botMessages(undefined).reasonNoLongerForumStaff;
  let removed = 0;
  for (const id of present) {
    if (users[id] !== staffLevel && !counselorIds.has(id)) continue;
    try {
      await deps.matrix.kick(roomId, id, reason);
    } catch (err) {
      const still = (await deps.matrix.getMemberships(roomId)).get(id);
      if (errcodeOf(err) !== "M_FORBIDDEN" || still === "join" || still === "invite") throw err;
    }
    removed++;
  }
  return removed;
}

export function forumSyncStaffHandler(deps: ForumJobDeps): JobHandler<"forum.sync_staff"> {
  return async ({ tx, job, log }) => {
    const topicId = job.payload.topicId;
    const [f] = await tx.select({ roomId: forums.roomId }).from(forums).where(eq(forums.topicId, topicId)).for("update");
    if (!f) return { skipped: "no forum" };
    // No room yet: forum.create_room brings the staff in line when it makes one.
    if (!f.roomId) return { skipped: "the forum has no room yet" };
    return { roomId: f.roomId, ...(await syncForumStaff(tx, deps, topicId, f.roomId, log)) };
  };
}

async function ensureForumRoom(tx: LotseTx, deps: ForumJobDeps, topicId: string, log: Logger, attempts: number): Promise<{ roomId: string; created: boolean }> {
  const f = await lockForum(tx, topicId);
  if (f.roomId) return { roomId: f.roomId, created: false };
  const staff = await forumStaffUserIds(tx, topicId);
  const msgs = botMessages(undefined);
  const aliasLocalpart = forumRoomAliasLocalpart(topicId);
  const body = forumRoomCreateBody({
    topicId,
    name: msgs.forumRoomName(f.nameDe),
    topic: msgs.forumRoomTopic,
    botUserId: deps.matrix.botUserId,
    staffUserIds: staff,
    aliasLocalpart,
    policy: deps.policy ?? defaultForumPolicy,
    ...(deps.rooms ? { template: deps.rooms.forum } : {}),
  });
  const r = await createOrAdopt(deps.matrix, body, `#${aliasLocalpart}:${deps.serverName}`, { kind: "forum", topicId }, log, attempts);
  await tx.update(forums).set({ roomId: r.roomId }).where(eq(forums.topicId, topicId));
  log.info({ topicId, roomId: r.roomId, created: r.created, encrypted: (deps.policy ?? defaultForumPolicy).encrypted }, "forum room ready");
  return r;
}

export function forumCreateRoomHandler(deps: ForumJobDeps): JobHandler<"forum.create_room"> {
  return async ({ tx, job, log }) => {
    const topicId = job.payload.topicId;
    const { roomId, created } = await ensureForumRoom(tx, deps, topicId, log, job.attempts);
    const { invited } = await syncForumStaff(tx, deps, topicId, roomId, log);
    return { roomId, created, invitedStaff: invited };
  };
}

export function forumInviteHandler(deps: ForumJobDeps): JobHandler<"forum.invite"> {
  return async ({ tx, job, log }) => {
    const { topicId, seekerId } = job.payload;
    const [f] = await tx.select({ roomId: forums.roomId }).from(forums).where(eq(forums.topicId, topicId));
    if (!f) throw new PermanentJobError("forum not found");
    // Transient: forum.create_room records the room; this job retries until then.
    if (!f.roomId) throw new Error("the forum room does not exist yet");
    const [p] = await tx
      .select({ localpart: seekers.matrixLocalpart })
      .from(forumMembers)
      .innerJoin(seekers, eq(seekers.id, forumMembers.seekerId))
      .where(and(eq(forumMembers.topicId, topicId), eq(forumMembers.seekerId, seekerId)));
    if (!p) return { skipped: "no longer a member" };
    await syncForumStaff(tx, deps, topicId, f.roomId, log);
    const userId = matrixUserId(p.localpart, deps.serverName);
    await deps.matrix.ensureUserRegistered(p.localpart);
    const m = (await deps.matrix.getMemberships(f.roomId)).get(userId);
    // A banned seeker stays out (a moderator's or the policy list's ban); the invitation wrapper
    // of moderation also refuses policy-banned users.
    if (m === "join" || m === "invite" || m === "ban") return { roomId: f.roomId, invited: false };
    if (!(await inviteUnlessPresent(deps.matrix, f.roomId, userId))) return { roomId: f.roomId, invited: false };
    log.info({ topicId, roomId: f.roomId }, "seeker invited to the forum room");
    return { roomId: f.roomId, invited: true };
  };
}

export function forumReportNoticeHandler(deps: ForumJobDeps): JobHandler<"forum.report_notice"> {
  return async ({ tx, job, log }) => {
    const report = await forumReportById(tx, job.payload.reportId);
    if (!report) return { skipped: "report gone (the seeker was erased)" };
    const [f] = await tx.select({ roomId: forums.roomId, nameDe: topics.nameDe, nameEn: topics.nameEn }).from(forums).innerJoin(topics, eq(topics.id, forums.topicId)).where(eq(forums.topicId, report.topicId));
    if (!f?.roomId) throw new PermanentJobError("the forum has no room");
    const reason: ForumReportReason = (forumReportReasons as readonly string[]).includes(report.reason) ? (report.reason as ForumReportReason) : "other";
    const pools = await forumPoolRooms(tx, report.topicId);
    let sent = 0;
    for (const pool of pools) {
      const msgs = botMessages(pool.botLanguage);
      const text = msgs.forumReport({ forum: pool.botLanguage === "en" ? f.nameEn : f.nameDe, reason, link: matrixToEventLink(f.roomId, report.eventId), roomId: f.roomId, eventId: report.eventId });
      await deps.matrix.sendEvent(pool.roomId, "m.room.message", `lotse-job-${job.id}-${sent}`, { ...noticeContent(text), "org.lotse.forum_report": job.payload.reportId });
      sent++;
    }
    log.info({ topicId: report.topicId, pools: sent }, "forum report told to the moderators");
    return { pools: sent };
  };
}

export type ForumJobKind = "forum.create_room" | "forum.invite" | "forum.sync_staff" | "forum.report_notice";

export function forumJobHandlers(deps: ForumJobDeps): SomeJobHandlers<ForumJobKind> {
  return {
    "forum.create_room": forumCreateRoomHandler(deps),
    "forum.invite": forumInviteHandler(deps),
    "forum.sync_staff": forumSyncStaffHandler(deps),
    "forum.report_notice": forumReportNoticeHandler(deps),
  };
}
