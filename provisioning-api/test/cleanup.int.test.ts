// The retention clean-up against the real database and Synapse, with an injected clock: unused
// registrations, inactive seekers and closed cases (room deleted with its history through the
// Synapse admin API) go when — and only when — their period has passed; a dry run lists what would
// go (ids and reasons, no personal data) and changes nothing; every real run is recorded (counts).
import { execFile } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { defaultRetentionPolicy } from "@lotse/policies";
import { caseEvents, cases, cleanupRuns, counselors, forumReports, forums, groups, processedEvents, roomJobs, seekers, topics, whisperRooms, type DbHandle } from "@lotse/store";
import { HomeserverClient } from "../src/matrix/homeserverClient.ts";
import { loadCleanupConfig } from "../src/cleanup/cleanupConfig.ts";
import { runCleanup, type CleanupDeps } from "../src/cleanup/retentionCleanup.ts";
import { SynapseAdmin } from "../src/cleanup/synapseAdmin.ts";
import { ConfigError } from "../src/config.ts";
import { bearer, buildTestApp, createAgency, openDb, REGISTRATION_DEFAULTS, stack, testConfig, uniquePseudonym } from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let adminToken: string;
let deps: CleanupDeps;
const DAY = 86_400_000;
const policy = { ...defaultRetentionPolicy, unusedRegistrationDays: 30, inactiveSeekerDays: 365, closedCaseDays: 180 };

/** A Synapse server admin, registered with the shared secret (as an operator would). */
async function registerAdmin(): Promise<string> {
  const s = stack();
  const endpoint = `${s.homeserverUrl}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string };
  const user = `cleanupadmin${randomBytes(4).toString("hex")}`;
  const password = randomBytes(16).toString("hex");
  const mac = createHmac("sha1", s.registrationSharedSecret).update(`${nonce}\0${user}\0${password}\0admin`).digest("hex");
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username: user, password, admin: true, mac }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function register() {
  const username = uniquePseudonym("Ret");
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username, email: `${username}@example.org` } });
  expect(res.statusCode).toBe(201);
  return { username, ...(res.json() as { seekerId: string; token: string }) };
}

async function botCreateRoom(): Promise<string> {
  const s = stack();
  const res = await fetch(`${s.homeserverUrl}/_matrix/client/v3/createRoom`, {
    method: "POST",
    headers: { authorization: `Bearer ${s.asToken}`, "content-type": "application/json" },
    body: JSON.stringify({ preset: "private_chat", name: "retention test" }),
  });
  expect(res.status).toBe(200);
  const roomId = ((await res.json()) as { room_id: string }).room_id;
  await fetch(`${s.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/t${Date.now()}`, {
    method: "PUT",
    headers: { authorization: `Bearer ${s.asToken}`, "content-type": "application/json" },
    body: JSON.stringify({ msgtype: "m.notice", body: "history that must go" }),
  });
  return roomId;
}

async function roomKnownToSynapse(roomId: string): Promise<boolean> {
  const res = await fetch(`${stack().homeserverUrl}/_synapse/admin/v1/rooms/${encodeURIComponent(roomId)}`, { headers: { authorization: `Bearer ${adminToken}` } });
  return res.status === 200;
}

beforeAll(async () => {
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s), db);
  adminToken = await registerAdmin();
  deps = {
    db: db.db,
    homeserver: new HomeserverClient({ baseUrl: s.homeserverUrl, asToken: s.asToken, timeoutMs: 10_000 }),
    admin: new SynapseAdmin({ baseUrl: s.homeserverUrl, adminToken, timeoutMs: 10_000 }),
    serverName: s.serverName,
    policy,
  };
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.close();
});

const exists = async (seekerId: string) => (await db.db.select({ id: seekers.id }).from(seekers).where(eq(seekers.id, seekerId))).length === 1;
const runsCount = async () => (await db.db.select({ n: sql<number>`count(*)::int` }).from(cleanupRuns))[0]!.n;

describe("retention clean-up", () => {
  it("removes unused registrations, inactive seekers and closed cases only after their periods (injected clock); dry runs change nothing", async () => {
    const agency = await createAgency(db.db, { topics: [REGISTRATION_DEFAULTS.topic], ranges: [["10000", "10999"]] });
    const unused = await register();
    const active = await register();
    const withClosedCase = await register();
    const openedActive = await app.inject({ method: "POST", url: "/v1/cases", headers: bearer(active.token), payload: { topic: "sucht", agencyId: agency.id } });
    expect(openedActive.statusCode).toBe(201);
    const opened = await app.inject({ method: "POST", url: "/v1/cases", headers: bearer(withClosedCase.token), payload: { topic: "sucht", agencyId: agency.id } });
    const caseId = (opened.json() as { caseId: string }).caseId;
    const roomId = await botCreateRoom();
    await db.db.update(cases).set({ roomId, status: "closed", closedAt: new Date() }).where(eq(cases.id, caseId));
    expect(await roomKnownToSynapse(roomId)).toBe(true);
    const scope = { seekerIds: [unused.seekerId, active.seekerId, withClosedCase.seekerId], caseIds: [caseId, (openedActive.json() as { caseId: string }).caseId] };
    const t0 = Date.now();

    // Day 10: nothing is due.
    const early = await runCleanup(deps, { now: new Date(t0 + 10 * DAY), dryRun: true, scope });
    expect(early.items).toEqual([]);

    // Day 40, dry run: the unused registration would go; nothing changes, nothing is recorded.
    const runsBefore = await runsCount();
    const dry = await runCleanup(deps, { now: new Date(t0 + 40 * DAY), dryRun: true, scope });
    expect(dry.items).toEqual([{ kind: "unused_registration", id: unused.seekerId, reason: "no case opened within 30 days of registration" }]);
    expect(dry.counts.unused_registration).toBe(1);
    const dryJson = JSON.stringify(dry);
    for (const s of [unused, active, withClosedCase]) {
      expect(dryJson).not.toContain(s.username);
      expect(dryJson).not.toContain(`${s.username}@example.org`);
    }
    expect(await exists(unused.seekerId)).toBe(true);
    expect(await runsCount()).toBe(runsBefore);

    // Day 40, real run: it goes (erased like a deletion by the seeker) and the run is recorded.
    const real = await runCleanup(deps, { now: new Date(t0 + 40 * DAY), dryRun: false, scope });
    expect(real.failures).toEqual([]);
    expect(real.counts).toMatchObject({ unused_registration: 1, inactive_seeker: 0, closed_case: 0 });
    expect(await exists(unused.seekerId)).toBe(false);
    expect(await exists(active.seekerId)).toBe(true);
    const [run] = await db.db.select().from(cleanupRuns).orderBy(sql`${cleanupRuns.id} desc`).limit(1);
    expect(run!.counts).toMatchObject({ unused_registration: 1 });
    expect(run!.asOf.getTime()).toBe(t0 + 40 * DAY);
    expect(JSON.stringify(run)).not.toContain(unused.seekerId);
    expect(await runsCount()).toBe(runsBefore + 1);
    // Its pseudonym is quarantined like any deleted one.
    const again = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: unused.username } });
    expect(again.json()).toMatchObject({ errcode: "LOTSE_PSEUDONYM_QUARANTINED" });

    // Day 200: the closed case is due; without an admin token it cannot be purged — a recorded failure, the case stays.
    const noAdmin = await runCleanup({ ...deps, admin: null }, { now: new Date(t0 + 200 * DAY), dryRun: false, scope });
    expect(noAdmin.failures.map((f) => [f.kind, f.id])).toEqual([["closed_case", caseId]]);
    expect(await db.db.select().from(cases).where(eq(cases.id, caseId))).toHaveLength(1);
    const [failedRun] = await db.db.select().from(cleanupRuns).orderBy(sql`${cleanupRuns.id} desc`).limit(1);
    expect(failedRun!.failures).toBe(1);

    // With the admin token: room deleted with its history on the homeserver, the case's rows gone.
    const purged = await runCleanup(deps, { now: new Date(t0 + 200 * DAY), dryRun: false, scope });
    expect(purged.failures).toEqual([]);
    expect(purged.counts.closed_case).toBe(1);
    expect(await roomKnownToSynapse(roomId)).toBe(false);
    expect(await db.db.select().from(cases).where(eq(cases.id, caseId))).toHaveLength(0);
    expect(await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId))).toHaveLength(0);
    // The seeker with that (now removed) case is not due yet: active within a year.
    expect(await exists(withClosedCase.seekerId)).toBe(true);

    // Day 400: both remaining seekers are inactive; the one whose case is gone counts as unused.
    const late = await runCleanup(deps, { now: new Date(t0 + 400 * DAY), dryRun: true, scope });
    expect(late.items.map((i) => [i.kind, i.id]).sort()).toEqual(
      [["inactive_seeker", active.seekerId], ["unused_registration", withClosedCase.seekerId]].sort(),
    );
    const lateReal = await runCleanup(deps, { now: new Date(t0 + 400 * DAY), dryRun: false, scope });
    expect(lateReal.failures).toEqual([]);
    expect(await exists(active.seekerId)).toBe(false);
    // The inactive seeker's open case was closed with the usual event.
    const [activeCase] = await db.db.select().from(cases).where(eq(cases.id, scope.caseIds[1]!));
    expect(activeCase).toMatchObject({ status: "closed", seekerId: null });
    const ev = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, scope.caseIds[1]!));
    expect(ev.find((e) => e.action === "seeker_deleted")?.details).toEqual({ reason: "inactive" });
  });

  it("removes groups that are over and ended whisper rooms after their period, rooms first (injected clock)", async () => {
    const [mod] = await db.db.insert(counselors).values({ matrixUserId: `@mod${randomBytes(4).toString("hex")}:${stack().serverName}`, displayName: "Moderatorin" }).returning({ id: counselors.id });
    const seeker = await register();
    const t0 = Date.now();
    const insertGroup = async (repeatWeekly: boolean) => {
      const [g] = await db.db
        .insert(groups)
        .values({ title: "Retention", topicId: "sucht", startsAt: new Date(t0 - 2 * 3_600_000), durationMinutes: 60, repeatWeekly, maxParticipants: 5, createdBy: mod!.id, roomId: await botCreateRoom() })
        .returning({ id: groups.id, roomId: groups.roomId });
      return g!;
    };
    const oneOff = await insertGroup(false);
    const weekly = await insertGroup(true);
    const whisperRoomId = await botCreateRoom();
    const [whisper] = await db.db
      .insert(whisperRooms)
      .values({ groupId: weekly.id, seekerId: seeker.seekerId, moderatorId: mod!.id, startedBy: "seeker", roomId: whisperRoomId, endedAt: new Date(t0 - 3_600_000), endedBy: "seeker" })
      .returning({ id: whisperRooms.id });
    const scope = { seekerIds: [], caseIds: [], groupIds: [oneOff.id, weekly.id] };

    // Within the period: nothing.
    expect((await runCleanup(deps, { now: new Date(t0 + (policy.finishedGroupDays - 1) * DAY), dryRun: true, scope })).items).toEqual([]);
    // After it: the one-off group and the weekly group's ended whisper — not the weekly group itself.
    const due = new Date(t0 + (policy.finishedGroupDays + 1) * DAY);
    const dry = await runCleanup(deps, { now: due, dryRun: true, scope });
    expect(dry.items.map((i) => [i.kind, i.id])).toEqual([
      ["finished_group", oneOff.id],
      ["ended_whisper", whisper!.id],
    ]);
    expect(await roomKnownToSynapse(oneOff.roomId!)).toBe(true);
    const real = await runCleanup(deps, { now: due, dryRun: false, scope });
    expect(real.failures).toEqual([]);
    expect(real.counts).toMatchObject({ finished_group: 1, ended_whisper: 1 });
    expect(await roomKnownToSynapse(oneOff.roomId!)).toBe(false);
    expect(await roomKnownToSynapse(whisperRoomId)).toBe(false);
    expect(await roomKnownToSynapse(weekly.roomId!)).toBe(true);
    expect(await db.db.select({ id: groups.id }).from(groups).where(eq(groups.id, oneOff.id))).toEqual([]);
    expect(await db.db.select({ id: groups.id }).from(groups).where(eq(groups.id, weekly.id))).toHaveLength(1);
    expect(await db.db.select({ id: whisperRooms.id }).from(whisperRooms).where(eq(whisperRooms.id, whisper!.id))).toEqual([]);
  });

  it("an unscoped dry run at the real clock lists housekeeping only for fresh data and touches nothing", async () => {
    const fresh = await register();
    const before = await runsCount();
    const r = await runCleanup(deps, { now: new Date(), dryRun: true });
    expect(r.dryRun).toBe(true);
    expect(r.items.find((i) => i.id === fresh.seekerId)).toBeUndefined();
    expect(Object.keys(r.counts).sort()).toEqual(
      ["closed_case", "ended_whisper", "expired_quarantine", "expired_session", "finished_group", "inactive_seeker", "old_forum_report", "processed_event", "settled_room_job", "stale_login_throttle", "unused_registration"].sort(),
    );
    expect(await runsCount()).toBe(before);
  });

  it("deletes an erased seeker's uploads on the homeserver and counts them in the report and the recorded run", async () => {
    const s = stack();
    const gone = await register();
    const kept = await register();
    const upload = async (token: string) => {
      const res = await fetch(`${s.homeserverUrl}/_matrix/media/v3/upload`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
        body: randomBytes(512),
      });
      expect(res.status).toBe(200);
      return ((await res.json()) as { content_uri: string }).content_uri;
    };
    const matrixToken = async (token: string) => {
      const res = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(token) });
      expect(res.statusCode).toBe(200);
      return (res.json() as { accessToken: string }).accessToken;
    };
    const goneToken = await matrixToken(gone.token);
    const goneMedia = [await upload(goneToken), await upload(goneToken), await upload(goneToken)];
    const keptMedia = await upload(await matrixToken(kept.token));
    const mediaStatus = async (mxc: string) => {
      const [server, id] = mxc.replace("mxc://", "").split("/");
      return (await fetch(`${s.homeserverUrl}/_matrix/client/v1/media/download/${server}/${id}`, { headers: { authorization: `Bearer ${adminToken}` } })).status;
    };
    for (const mxc of [...goneMedia, keptMedia]) expect(await mediaStatus(mxc)).toBe(200);
    // Both never opened a case; only the first is in scope: its registration is over 30 days old.
    const report = await runCleanup(deps, { now: new Date(Date.now() + 40 * DAY), dryRun: false, scope: { seekerIds: [gone.seekerId], caseIds: [] } });
    expect(report.failures).toEqual([]);
    expect(report.counts.unused_registration).toBe(1);
    expect(report.deletedSeekerMedia).toBe(3);
    const [run] = await db.db.select().from(cleanupRuns).orderBy(sql`${cleanupRuns.id} desc`).limit(1);
    expect(run!.counts).toMatchObject({ unused_registration: 1, seeker_media: 3 });
    for (const mxc of goneMedia) expect(await mediaStatus(mxc)).toBe(404);
    expect(await mediaStatus(keptMedia)).toBe(200);
    // A dry run counts no media (nothing is deleted).
    const dry = await runCleanup(deps, { now: new Date(Date.now() + 40 * DAY), dryRun: true, scope: { seekerIds: [kept.seekerId], caseIds: [] } });
    expect(dry.deletedSeekerMedia).toBe(0);
    expect(await mediaStatus(keptMedia)).toBe(200);
  });

  it("removes the bridge's bookkeeping older than its period: processed events, done and failed jobs — never pending or running ones", async () => {
    const tag = randomBytes(6).toString("hex");
    const old = new Date(Date.now() - (defaultRetentionPolicy.bookkeepingDays + 5) * DAY);
    const recent = new Date(Date.now() - (defaultRetentionPolicy.bookkeepingDays - 5) * DAY);
    await db.db.insert(processedEvents).values([
      { eventId: `$old-${tag}`, roomId: "!r:test", processedAt: old },
      { eventId: `$recent-${tag}`, roomId: "!r:test", processedAt: recent },
    ]);
    const job = (status: string, at: Date, name: string) => ({ kind: "room.send_notice", idempotencyKey: `test-bookkeeping:${name}:${tag}`, payload: { roomId: "!r:test", body: "x" }, status, createdAt: at, updatedAt: at });
    await db.db.insert(roomJobs).values([job("done", old, "old-done"), job("failed", old, "old-failed"), job("pending", old, "old-pending"), job("running", old, "old-running"), job("done", recent, "recent-done")]);
    const ours = async () => ({
      events: (await db.db.select({ id: processedEvents.eventId }).from(processedEvents).where(sql`${processedEvents.eventId} like ${`%-${tag}`}`)).map((r) => r.id).sort(),
      jobs: (await db.db.select({ key: roomJobs.idempotencyKey }).from(roomJobs).where(sql`${roomJobs.idempotencyKey} like ${`test-bookkeeping:%:${tag}`}`)).map((r) => r.key.split(":")[1]).sort(),
    });

    const dry = await runCleanup(deps, { now: new Date(), dryRun: true });
    expect(dry.items.filter((i) => i.kind === "processed_event").map((i) => i.id)).toContain(`$old-${tag}`);
    expect(dry.items.filter((i) => i.kind === "processed_event").map((i) => i.id)).not.toContain(`$recent-${tag}`);
    expect((await ours()).jobs).toHaveLength(5);

    const real = await runCleanup(deps, { now: new Date(), dryRun: false });
    expect(real.counts.processed_event).toBeGreaterThanOrEqual(1);
    expect(real.counts.settled_room_job).toBeGreaterThanOrEqual(2);
    expect(await ours()).toEqual({ events: [`$recent-${tag}`], jobs: ["old-pending", "old-running", "recent-done"] });
  });

  it("removes forum reports older than their period (which seeker reported which post) and keeps recent ones", async () => {
    const tag = randomBytes(6).toString("hex");
    const topicId = `cleanup-forum-${tag}`;
    await db.db.insert(topics).values({ id: topicId, nameDe: `Aufräumthema ${tag}`, nameEn: `Clean-up topic ${tag}` });
    await db.db.insert(forums).values({ topicId, roomId: `!forum-${tag}:test` });
    const reporter = await register();
    const old = new Date(Date.now() - (defaultRetentionPolicy.forumReportDays + 2) * DAY);
    const recent = new Date(Date.now() - (defaultRetentionPolicy.forumReportDays - 2) * DAY);
    const [gone, kept] = await db.db
      .insert(forumReports)
      .values([
        { topicId, eventId: `$old-${tag}`, reason: "spam", seekerId: reporter.seekerId, createdAt: old },
        { topicId, eventId: `$recent-${tag}`, reason: "spam", seekerId: reporter.seekerId, createdAt: recent },
      ])
      .returning({ id: forumReports.id });
    const ours = async () => (await db.db.select({ e: forumReports.eventId }).from(forumReports).where(eq(forumReports.topicId, topicId))).map((r) => r.e).sort();

    const dry = await runCleanup(deps, { now: new Date(), dryRun: true });
    const listed = dry.items.filter((i) => i.kind === "old_forum_report").map((i) => i.id);
    expect(listed).toContain(gone!.id);
    expect(listed).not.toContain(kept!.id);
    expect(await ours()).toHaveLength(2);

    const real = await runCleanup(deps, { now: new Date(), dryRun: false });
    expect(real.counts.old_forum_report).toBeGreaterThanOrEqual(1);
    expect(await ours()).toEqual([`$recent-${tag}`]);
    // A shorter period from the environment reaches the recent one too.
    expect(loadCleanupConfig({ LOTSE_DATABASE_URL: "postgres://x/y", LOTSE_HOMESERVER_URL: "http://127.0.0.1:8008", LOTSE_SERVER_NAME: "localhost", LOTSE_AS_TOKEN: "t", LOTSE_RETENTION_FORUM_REPORT_DAYS: "7" }).policy.forumReportDays).toBe(7);
    await runCleanup({ ...deps, policy: { ...deps.policy, forumReportDays: defaultRetentionPolicy.forumReportDays - 5 } }, { now: new Date(), dryRun: false });
    expect(await ours()).toEqual([]);
    await db.db.delete(topics).where(eq(topics.id, topicId));
  });

  it("`npm run cleanup -- --dry-run` runs as its own process and prints the report as JSON", async () => {
    const s = stack();
    const main = fileURLToPath(new URL("../src/cleanup/main.ts", import.meta.url));
    const before = await runsCount();
    const { stdout } = await promisify(execFile)(process.execPath, [main, "--dry-run"], {
      env: {
        PATH: process.env.PATH ?? "",
        LOTSE_DATABASE_URL: s.databaseUrl,
        LOTSE_HOMESERVER_URL: s.homeserverUrl,
        LOTSE_SERVER_NAME: s.serverName,
        LOTSE_AS_TOKEN: s.asToken,
        LOTSE_SYNAPSE_ADMIN_TOKEN: adminToken,
      },
      timeout: 120_000,
    });
    const report = JSON.parse(stdout) as { dryRun: boolean; counts: Record<string, number>; failures: unknown[] };
    expect(report.dryRun).toBe(true);
    expect(report.failures).toEqual([]);
    expect(typeof report.counts["closed_case"]).toBe("number");
    expect(await runsCount()).toBe(before);
  });

  it("reads its periods from the environment and names a bad variable", () => {
    const base = { LOTSE_DATABASE_URL: "postgres://x/y", LOTSE_HOMESERVER_URL: "http://127.0.0.1:8008", LOTSE_SERVER_NAME: "localhost", LOTSE_AS_TOKEN: "t" };
    expect(loadCleanupConfig(base).policy).toEqual(defaultRetentionPolicy);
    expect(loadCleanupConfig({ ...base, LOTSE_RETENTION_CLOSED_CASE_DAYS: "7" }).policy.closedCaseDays).toBe(7);
    expect(loadCleanupConfig(base).adminToken).toBeNull();
    try {
      loadCleanupConfig({ ...base, LOTSE_RETENTION_INACTIVE_SEEKER_DAYS: "soon" });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variable).toBe("LOTSE_RETENTION_INACTIVE_SEEKER_DAYS");
    }
  });
});
