// The scheduled retention clean-up (periods from policies/src/retention.ts). It decides by an
// injected clock (`now`), so tests move time instead of waiting. What goes, and why:
//   unused_registration  a seeker who never opened a case, registered before the cutoff
//   inactive_seeker      a seeker whose last sign-in/refresh (or registration) is before the cutoff
//   closed_case          a closed/archived case closed before the cutoff: its case room and
//                        supervision room are deleted with their history on the homeserver
//                        (Synapse admin API), then the case's rows
//   expired_quarantine   quarantined pseudonyms whose quarantine is over
//   expired_session      refresh tokens past their expiry
//   stale_login_throttle failed-login counters older than the throttle's reset period
//   finished_group       groups that are over (a one-off group's session ended, or the group was
//                        deleted) longer than the policy's period ago: their room and whisper
//                        rooms deleted on the homeserver, then the group's rows (seats, experts,
//                        whispers cascade)
//   ended_whisper        whisper rooms of still running groups that ended that long ago
//   processed_event      the bridge's record of an event it acted on, older than the bookkeeping
//                        period (Synapse re-sends unacknowledged transactions within minutes)
//   settled_room_job     a room job done or failed longer ago than the bookkeeping period (its
//                        idempotency key has long done its work; pending and running jobs stay)
//   old_forum_report     a seeker's report of a forum post made longer ago than the policy's
//                        period (it links a seeker to a post; its notice went out long ago)
// Seekers are erased exactly as by their own request (erasureRepository.ts). A dry run lists the
// items (kind, internal id, reason — no personal data) and changes nothing; a real run records
// its counts in cleanup_runs.
import { and, eq, inArray, lt, or, sql } from "drizzle-orm";
import { defaultLoginThrottlePolicy, retentionCutoffs, type RetentionPolicy } from "@lotse/policies";
import { cases, cleanupRuns, forumReports, groups, loginThrottle, processedEvents, pseudonymQuarantine, refreshTokens, roomJobs, whisperRooms, type LotseDb, finishedGroupsBefore, eraseSeeker } from "@lotse/store";
import type { HomeserverClient } from "../matrix/homeserverClient.ts";
import type { SynapseAdmin } from "./synapseAdmin.ts";

export const cleanupKinds = [
  "unused_registration",
  "inactive_seeker",
  "closed_case",
  "expired_quarantine",
  "expired_session",
  "stale_login_throttle",
  "finished_group",
  "ended_whisper",
  "processed_event",
  "settled_room_job",
  "old_forum_report",
] as const;
export type CleanupKind = (typeof cleanupKinds)[number];

export type CleanupItem = { kind: CleanupKind; id: string; reason: string };

export type CleanupDeps = {
  db: LotseDb;
  homeserver: Pick<HomeserverClient, "deactivateUser">;
  /** Needed for closed cases (room purge); without it they are skipped and counted as failures. */
  admin: Pick<SynapseAdmin, "purgeRoom" | "deleteUserMedia"> | null;
  serverName: string;
  policy: RetentionPolicy;
};

export type CleanupOptions = {
  now: Date;
  dryRun: boolean;
  /** Restrict the run to these seekers/cases/groups (operators removing particular records; tests). */
  scope?: { seekerIds?: string[]; caseIds?: string[]; groupIds?: string[] };
};

export type CleanupReport = {
  asOf: string;
  dryRun: boolean;
  counts: Record<CleanupKind, number>;
  /** Files erased seekers had uploaded, deleted from the homeserver with them (needs the admin token). */
  deletedSeekerMedia: number;
  items: CleanupItem[];
  failures: { kind: CleanupKind; id: string; error: string }[];
};

const zeroCounts = (): Record<CleanupKind, number> => Object.fromEntries(cleanupKinds.map((k) => [k, 0])) as Record<CleanupKind, number>;

/** What would go at `now` (changes nothing). */
export async function planCleanup(deps: CleanupDeps, opts: Pick<CleanupOptions, "now" | "scope">): Promise<CleanupItem[]> {
  const { db, policy } = deps;
  const c = retentionCutoffs(opts.now, policy);
  const seekerScope = opts.scope?.seekerIds;
  const caseScope = opts.scope?.caseIds;
  const seekerFilter = seekerScope === undefined ? sql`true` : seekerScope.length === 0 ? sql`false` : sql`s.id in ${seekerScope}`;
  const items: CleanupItem[] = [];

  const unused = await db.execute<{ id: string }>(sql`
    select s.id from seekers s
     where s.created_at < ${c.unusedRegistrationBefore.toISOString()}::timestamptz
       and not exists (select 1 from cases k where k.seeker_id = s.id)
       and ${seekerFilter}
     order by s.created_at`);
  for (const r of unused) items.push({ kind: "unused_registration", id: r.id, reason: `no case opened within ${policy.unusedRegistrationDays} days of registration` });

  const inactive = await db.execute<{ id: string }>(sql`
    select s.id from seekers s
     where coalesce(s.last_active_at, s.created_at) < ${c.inactiveSeekerBefore.toISOString()}::timestamptz
       and exists (select 1 from cases k where k.seeker_id = s.id)
       and ${seekerFilter}
     order by s.created_at`);
  for (const r of inactive) items.push({ kind: "inactive_seeker", id: r.id, reason: `no sign-in for ${policy.inactiveSeekerDays} days` });

  const closedWhere = and(
    inArray(cases.status, ["closed", "archived"]),
    sql`coalesce(${cases.closedAt}, ${cases.archivedAt}, ${cases.updatedAt}) < ${c.closedCaseBefore.toISOString()}::timestamptz`,
    caseScope === undefined ? undefined : caseScope.length === 0 ? sql`false` : inArray(cases.id, caseScope),
  );
  const closed = await db.select({ id: cases.id }).from(cases).where(closedWhere).orderBy(cases.closedAt);
  for (const r of closed) items.push({ kind: "closed_case", id: r.id, reason: `closed more than ${policy.closedCaseDays} days ago` });

  // Housekeeping (not limited by scope: these rows name nobody).
  if (opts.scope === undefined) {
    const q = await db.select({ id: pseudonymQuarantine.keyHash }).from(pseudonymQuarantine).where(lt(pseudonymQuarantine.until, opts.now));
    for (const r of q) items.push({ kind: "expired_quarantine", id: r.id.slice(0, 16), reason: "quarantine over" });
    const t = await db.select({ id: refreshTokens.id }).from(refreshTokens).where(lt(refreshTokens.expiresAt, opts.now));
    for (const r of t) items.push({ kind: "expired_session", id: r.id, reason: "refresh token expired" });
    const staleBefore = new Date(opts.now.getTime() - defaultLoginThrottlePolicy.resetAfterSeconds * 1000);
    const l = await db
      .select({ id: loginThrottle.keyHash })
      .from(loginThrottle)
      .where(and(lt(loginThrottle.lastFailureAt, staleBefore), or(sql`${loginThrottle.lockedUntil} is null`, lt(loginThrottle.lockedUntil, opts.now))));
    for (const r of l) items.push({ kind: "stale_login_throttle", id: r.id.slice(0, 16), reason: "failed sign-ins too old to count" });
    const why = `bookkeeping older than ${policy.bookkeepingDays} days`;
    for (const r of await db.select({ id: processedEvents.eventId }).from(processedEvents).where(processedBefore(c.bookkeepingBefore))) {
      items.push({ kind: "processed_event", id: r.id, reason: why });
    }
    for (const r of await db.select({ id: roomJobs.id }).from(roomJobs).where(settledJobsBefore(c.bookkeepingBefore))) {
      items.push({ kind: "settled_room_job", id: r.id, reason: why });
    }
    for (const r of await db.select({ id: forumReports.id }).from(forumReports).where(lt(forumReports.createdAt, c.forumReportBefore))) {
      items.push({ kind: "old_forum_report", id: r.id, reason: `forum report older than ${policy.forumReportDays} days` });
    }
  }
  if (opts.scope === undefined || opts.scope.groupIds !== undefined) {
    items.push(...(await planFinishedGroups(deps, c.finishedGroupBefore, opts.scope?.groupIds)));
  }
  return items;
}

/** Groups over and whisper rooms ended before `before` (groupsRepository decides what is over). */
async function planFinishedGroups(deps: CleanupDeps, before: Date, groupScope: string[] | undefined): Promise<CleanupItem[]> {
  const { groups: over, whispers } = await finishedGroupsBefore(deps.db, before);
  const inScope = (groupId: string) => groupScope === undefined || groupScope.includes(groupId);
  const days = deps.policy.finishedGroupDays;
  return [
    ...over
      .filter((g) => inScope(g.groupId))
      .map((g): CleanupItem => ({ kind: "finished_group", id: g.groupId, reason: g.reason === "deleted" ? `deleted more than ${days} days ago` : `its only session ended more than ${days} days ago` })),
    ...whispers
      .filter((w) => inScope(w.groupId))
      .map((w): CleanupItem => ({ kind: "ended_whisper", id: w.whisperId, reason: `whisper ended more than ${days} days ago` })),
  ];
}

/** Runs the clean-up at `now`: plans, then (unless dryRun) removes and records the counts. */
export async function runCleanup(deps: CleanupDeps, opts: CleanupOptions): Promise<CleanupReport> {
  const startedAt = new Date();
  const items = await planCleanup(deps, opts);
  const counts = zeroCounts();
  const failures: CleanupReport["failures"] = [];
  if (opts.dryRun) {
    for (const it of items) counts[it.kind]++;
    return { asOf: opts.now.toISOString(), dryRun: true, counts, deletedSeekerMedia: 0, items, failures };
  }
  const erasure = { db: deps.db, homeserver: deps.homeserver, media: deps.admin, serverName: deps.serverName, pseudonymQuarantineDays: deps.policy.pseudonymQuarantineDays };
  let deletedSeekerMedia = 0;
  for (const it of items) {
    try {
      switch (it.kind) {
        case "unused_registration":
        case "inactive_seeker": {
          const r = await eraseSeeker(erasure, it.id, it.kind === "inactive_seeker" ? "inactive" : "unused_registration", opts.now);
          if (r.erased) {
            counts[it.kind]++;
            deletedSeekerMedia += r.deletedMedia;
          }
          break;
        }
        case "closed_case":
          if (await removeClosedCase(deps, it.id)) counts.closed_case++;
          break;
        case "finished_group":
          if (await removeFinishedGroup(deps, it.id)) counts.finished_group++;
          break;
        case "ended_whisper":
          if (await removeEndedWhisper(deps, it.id)) counts.ended_whisper++;
          break;
        case "expired_quarantine":
        case "expired_session":
        case "stale_login_throttle":
        case "processed_event":
        case "settled_room_job":
        case "old_forum_report":
          break; // bulk below
      }
    } catch (err) {
      failures.push({ kind: it.kind, id: it.id, error: err instanceof Error ? err.message : String(err) });
    }
  }
  if (opts.scope === undefined) {
    const staleBefore = new Date(opts.now.getTime() - defaultLoginThrottlePolicy.resetAfterSeconds * 1000);
    counts.expired_quarantine = (await deps.db.delete(pseudonymQuarantine).where(lt(pseudonymQuarantine.until, opts.now)).returning({ k: pseudonymQuarantine.keyHash })).length;
    counts.expired_session = (await deps.db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, opts.now)).returning({ k: refreshTokens.id })).length;
    counts.stale_login_throttle = (
      await deps.db
        .delete(loginThrottle)
        .where(and(lt(loginThrottle.lastFailureAt, staleBefore), or(sql`${loginThrottle.lockedUntil} is null`, lt(loginThrottle.lockedUntil, opts.now))))
        .returning({ k: loginThrottle.keyHash })
    ).length;
    const cutoffs = retentionCutoffs(opts.now, deps.policy);
    counts.processed_event = (await deps.db.delete(processedEvents).where(processedBefore(cutoffs.bookkeepingBefore)).returning({ k: processedEvents.eventId })).length;
    counts.settled_room_job = (await deps.db.delete(roomJobs).where(settledJobsBefore(cutoffs.bookkeepingBefore)).returning({ k: roomJobs.id })).length;
    counts.old_forum_report = (await deps.db.delete(forumReports).where(lt(forumReports.createdAt, cutoffs.forumReportBefore)).returning({ k: forumReports.id })).length;
  }
  await deps.db.insert(cleanupRuns).values({ startedAt, asOf: opts.now, counts: { ...counts, seeker_media: deletedSeekerMedia }, failures: failures.length });
  return { asOf: opts.now.toISOString(), dryRun: false, counts, deletedSeekerMedia, items, failures };
}

const processedBefore = (before: Date) => lt(processedEvents.processedAt, before);
const settledJobsBefore = (before: Date) => and(inArray(roomJobs.status, ["done", "failed"]), lt(roomJobs.updatedAt, before));

/** Purges the case's rooms on the homeserver, then deletes the case with its events, reminders and jobs. */
async function removeClosedCase(deps: CleanupDeps, caseId: string): Promise<boolean> {
  if (deps.admin === null) throw new Error("no Synapse admin token (LOTSE_SYNAPSE_ADMIN_TOKEN): the case room cannot be purged");
  const [kase] = await deps.db.select({ roomId: cases.roomId, supervisionRoomId: cases.supervisionRoomId }).from(cases).where(sql`${cases.id} = ${caseId}`);
  if (kase === undefined) return false;
  for (const roomId of [kase.roomId, kase.supervisionRoomId]) if (roomId !== null) await deps.admin.purgeRoom(roomId);
  return deps.db.transaction(async (tx) => {
    // Still closed (nobody reopened it meanwhile)?
    const locked = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(sql`${cases.id} = ${caseId}`, inArray(cases.status, ["closed", "archived"])))
      .for("update");
    if (locked.length === 0) return false;
    await tx.delete(roomJobs).where(sql`${roomJobs.caseId} = ${caseId}`);
    await tx.delete(cases).where(sql`${cases.id} = ${caseId}`);
    return true;
  });
}

/** Deletes a finished group's room and whisper rooms on the homeserver, then its rows (cascading). */
async function removeFinishedGroup(deps: CleanupDeps, groupId: string): Promise<boolean> {
  if (deps.admin === null) throw new Error("no Synapse admin token (LOTSE_SYNAPSE_ADMIN_TOKEN): the group's rooms cannot be purged");
  const [g] = await deps.db.select({ roomId: groups.roomId }).from(groups).where(eq(groups.id, groupId));
  if (g === undefined) return false;
  const ws = await deps.db.select({ roomId: whisperRooms.roomId }).from(whisperRooms).where(eq(whisperRooms.groupId, groupId));
  for (const roomId of [g.roomId, ...ws.map((w) => w.roomId)]) if (roomId !== null) await deps.admin.purgeRoom(roomId);
  return deps.db.transaction(async (tx) => {
    await tx.delete(roomJobs).where(sql`${roomJobs.payload}->>'groupId' = ${groupId}`);
    return (await tx.delete(groups).where(eq(groups.id, groupId)).returning({ id: groups.id })).length === 1;
  });
}

/** Deletes an ended whisper room on the homeserver, then its row. */
async function removeEndedWhisper(deps: CleanupDeps, whisperId: string): Promise<boolean> {
  if (deps.admin === null) throw new Error("no Synapse admin token (LOTSE_SYNAPSE_ADMIN_TOKEN): the whisper room cannot be purged");
  const [w] = await deps.db.select({ roomId: whisperRooms.roomId, endedAt: whisperRooms.endedAt }).from(whisperRooms).where(eq(whisperRooms.id, whisperId));
  if (w === undefined || w.endedAt === null) return false;
  if (w.roomId !== null) await deps.admin.purgeRoom(w.roomId);
  return (await deps.db.delete(whisperRooms).where(eq(whisperRooms.id, whisperId)).returning({ id: whisperRooms.id })).length === 1;
}
