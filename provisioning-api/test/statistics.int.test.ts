// GET /v1/staff/statistics on the real PostgreSQL: seeded cases with known first-answer times give
// the expected weekly figures per topic; counts of 1–4 come back as "< 5" and percentiles only over
// at least five answered cases; cases of other agencies and outside [from, to) do not count; only
// the agency's admins and platform admins may read them, and nothing identifies a seeker.
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@lotse/store";
import { bearer, buildTestApp, openDb, stack, testConfig } from "./helpers.ts";
import { insertAgency, insertCounselor, retireAgenciesCreatedSince, staffToken } from "./authHelpers.ts";

let db: DbHandle;
let app: FastifyInstance;
const fileStarted = new Date();

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
});

afterAll(async () => {
  if (db !== undefined) await retireAgenciesCreatedSince(db, fileStarted);
  await app?.close();
  await db?.close();
});

/** A case opened at `createdAt`, answered `answerMinutes` later (or never), in `status` (closed at `closedAt`, default when opened). */
async function seedCase(agencyId: string, topicId: string, createdAt: string, status: string, answerMinutes: number | null, closedAt?: string): Promise<void> {
  await db.sql`
    insert into cases (agency_id, topic_id, status, created_at, first_answer_at, closed_at)
    values (${agencyId}, ${topicId}, ${status}, ${createdAt}::timestamptz,
            ${answerMinutes === null ? null : new Date(Date.parse(createdAt) + answerMinutes * 60_000).toISOString()}::timestamptz,
            ${status === "closed" ? (closedAt ?? createdAt) : null}::timestamptz)`;
}

describe("GET /v1/staff/statistics", () => {
  it("weekly figures per topic from seeded cases; small counts suppressed; other agencies and other weeks left out", async () => {
    const agency = await insertAgency(db);
    const other = await insertAgency(db);
    // Monday 2026-11-02, 10:00 Berlin (09:00 UTC): seven "sucht" cases, five answered and closed
    // after 10…50 minutes, two still waiting.
    const monday = "2026-11-02T09:00:00Z";
    for (const m of [10, 20, 30, 40, 50]) await seedCase(agency, "sucht", monday, "closed", m);
    await seedCase(agency, "sucht", "2026-11-04T12:00:00Z", "new", null);
    await seedCase(agency, "sucht", "2026-11-08T20:00:00Z", "in_progress", null); // Sunday evening: same week
    // Three "schulden" cases the same week: every count below five.
    for (const m of [5, 15]) await seedCase(agency, "schulden", monday, "in_progress", m);
    await seedCase(agency, "schulden", monday, "new", null);
    // Not counted: another agency, and a case before `from`.
    for (let i = 0; i < 6; i++) await seedCase(other, "sucht", monday, "new", null);
    await seedCase(agency, "sucht", "2026-10-25T09:00:00Z", "new", null);

    const admin = staffToken(app, { roles: [{ role: "agency_admin", agencyId: agency }] });
    const res = await app.inject({
      method: "GET",
      url: `/v1/staff/statistics?agencyId=${agency}&from=2026-10-26T00:00:00Z&to=2026-11-16T00:00:00Z`,
      headers: bearer(admin),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.rows).toEqual([
      { week: "2026-11-02", topicId: "schulden", opened: "< 5", open: "< 5", waiting: "< 5", closed: 0, firstAnswerP50Minutes: null, firstAnswerP90Minutes: null },
      { week: "2026-11-02", topicId: "sucht", opened: 7, open: "< 5", waiting: "< 5", closed: 5, firstAnswerP50Minutes: 30, firstAnswerP90Minutes: 46 },
    ]);
    // Per week over all topics: the total counted before suppression (10 = 7 + 3, exact though
    // "schulden" alone is "< 5"); percentiles over the seven answered cases.
    const weekly = await app.inject({
      method: "GET",
      url: `/v1/staff/statistics?agencyId=${agency}&from=2026-10-26T00:00:00Z&to=2026-11-16T00:00:00Z&by=week`,
      headers: bearer(admin),
    });
    expect(weekly.json().rows).toEqual([
      { week: "2026-11-02", topicId: "*", opened: 10, open: 5, waiting: "< 5", closed: 5, firstAnswerP50Minutes: 20, firstAnswerP90Minutes: 44 },
    ]);
    // Nothing that could identify a seeker or a case.
    expect(res.body).not.toMatch(/seeker|caseId|caseNumber|counselor/i);
    expect(new Set(res.body.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g))).toEqual(new Set([agency]));

    // A platform admin reads it too; the default range is the last 12 weeks (the seeded weeks are not in it).
    const platform = staffToken(app, { roles: [{ role: "platform_admin", agencyId: null }] });
    const recent = await app.inject({ method: "GET", url: `/v1/staff/statistics?agencyId=${agency}`, headers: bearer(platform) });
    expect(recent.statusCode).toBe(200);
    expect(Date.parse(recent.json().to) - Date.parse(recent.json().from)).toBe(12 * 7 * 24 * 3_600_000);
  });

  it("counselors, admins of another agency and anonymous callers are refused; a bad range is a typed 400", async () => {
    const agency = await insertAgency(db);
    const url = `/v1/staff/statistics?agencyId=${agency}`;
    const counselor = staffToken(app, { roles: [{ role: "counselor", agencyId: agency }] });
    const otherAdmin = staffToken(app, { roles: [{ role: "agency_admin", agencyId: randomUUID() }] });
    expect((await app.inject({ method: "GET", url, headers: bearer(counselor) })).statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url, headers: bearer(otherAdmin) })).statusCode).toBe(403);
    expect((await app.inject({ method: "GET", url })).statusCode).toBe(401);

    const admin = staffToken(app, { roles: [{ role: "agency_admin", agencyId: agency }] });
    for (const range of ["from=2026-11-10T00:00:00Z&to=2026-11-01T00:00:00Z", "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"]) {
      const res = await app.inject({ method: "GET", url: `${url}&${range}`, headers: bearer(admin) });
      expect(res.statusCode).toBe(400);
      expect(res.json().errcode).toBe("LOTSE_BAD_REQUEST");
    }
    const bad = await app.inject({ method: "GET", url: `/v1/staff/statistics?agencyId=not-a-uuid`, headers: bearer(admin) });
    expect(bad.statusCode).toBe(400);
  });
});

describe("GET /v1/staff/statistics/overview", () => {
  const hex = () => randomUUID().replaceAll("-", "").slice(0, 10);
  const seeker = async () =>
    (await db.sql<{ id: string }[]>`
      insert into seekers (username, username_key, password_hash, matrix_localpart) values (${`S${hex()}`}, ${`s${hex()}`}, 'x', ${`lotse_${hex()}`}) returning id`)[0]!.id;
  const group = async (agencyId: string, createdBy: string, startsAt: string, repeatWeekly: boolean, deletedAt: string | null = null) =>
    (await db.sql<{ id: string }[]>`
      insert into groups (title, topic_id, agency_id, starts_at, duration_minutes, repeat_weekly, max_participants, created_by, deleted_at)
      values ('Gruppe', 'sucht', ${agencyId}, ${startsAt}::timestamptz, 60, ${repeatWeekly}, 20, ${createdBy}, ${deletedAt}::timestamptz) returning id`)[0]!.id;
  const seat = async (groupId: string, joinedAt: string, leftAt: string | null) => {
    await db.sql`insert into group_participants (group_id, seeker_id, joined_at, left_at) values (${groupId}, ${await seeker()}, ${joinedAt}::timestamptz, ${leftAt}::timestamptz)`;
  };
  const wait = async (agencyId: string, queuedHour: string, waitSeconds: number | null) => {
    await db.sql`insert into live_chat_waits (agency_id, topic_id, queued_hour, wait_seconds, taken) values (${agencyId}, 'sucht', ${queuedHour}::timestamptz, ${waitSeconds}, ${waitSeconds !== null})`;
  };

  it("open cases by age, cases by topic, group sessions and participants, live-chat waits — from seeded rows, small counts as \"< 5\"", async () => {
    const agency = await insertAgency(db);
    const other = await insertAgency(db);
    const moderator = await insertCounselor(db, `@overview_${hex()}:${stack().serverName}`, [{ agencyId: agency, role: "group_moderator" }]);
    // Period: three weeks, 2026-10-26 … 2026-11-16 (the end is the moment the ages are taken at).
    for (let i = 0; i < 6; i++) await seedCase(agency, "sucht", "2026-11-14T12:00:00Z", "in_progress", 30); // 1.5 days old
    await seedCase(agency, "sucht", "2026-11-15T12:00:00Z", "new", null); // half a day
    for (let i = 0; i < 2; i++) await seedCase(agency, "schulden", "2026-11-10T12:00:00Z", "new", null); // 5.5 days
    for (let i = 0; i < 5; i++) await seedCase(agency, "schulden", "2026-11-01T12:00:00Z", "closed", 60);
    // The backlog: open at the period's end whenever opened — one opened before the period (27.5
    // days at the end) and four opened before it and closed only after its end (24.5 days) …
    await seedCase(agency, "sucht", "2026-10-20T12:00:00Z", "new", null);
    for (let i = 0; i < 4; i++) await seedCase(agency, "schulden", "2026-10-22T12:00:00Z", "closed", 60, "2026-11-20T12:00:00Z");
    // … five waiting since September; three from then closed within the period do not count.
    for (let i = 0; i < 5; i++) await seedCase(agency, "sucht", "2026-09-01T12:00:00Z", "new", null);
    for (let i = 0; i < 3; i++) await seedCase(agency, "sucht", "2026-09-01T12:00:00Z", "closed", 60, "2026-11-10T12:00:00Z");
    for (let i = 0; i < 3; i++) await seedCase(other, "sucht", "2026-11-14T12:00:00Z", "new", null);

    // A weekly group (Tuesdays 18:00 Berlin): six seekers in the first two sessions, one more who
    // left after the first, one who came for the third; a one-off group with two; a deleted weekly
    // group whose last session was in the period; another agency's group.
    const weekly = await group(agency, moderator, "2026-10-27T17:00:00Z", true);
    for (let i = 0; i < 6; i++) await seat(weekly, "2026-10-20T10:00:00Z", "2026-11-05T00:00:00Z");
    await seat(weekly, "2026-10-20T10:00:00Z", "2026-10-28T00:00:00Z");
    await seat(weekly, "2026-11-05T10:00:00Z", null);
    const once = await group(agency, moderator, "2026-11-04T10:00:00Z", false);
    for (let i = 0; i < 2; i++) await seat(once, "2026-11-01T10:00:00Z", null);
    await group(agency, moderator, "2026-10-20T17:00:00Z", true, "2026-10-30T00:00:00Z");
    const foreign = await group(other, moderator, "2026-11-04T10:00:00Z", false);
    for (let i = 0; i < 6; i++) await seat(foreign, "2026-11-01T10:00:00Z", null);

    // Live chats: week of 2 Nov, six taken after 1…6 minutes and one nobody took; week of 9 Nov, two.
    for (const m of [1, 2, 3, 4, 5, 6]) await wait(agency, "2026-11-03T09:00:00Z", m * 60);
    await wait(agency, "2026-11-03T10:00:00Z", null);
    for (const m of [1, 2]) await wait(agency, "2026-11-10T09:00:00Z", m * 60);
    for (let i = 0; i < 9; i++) await wait(other, "2026-11-03T09:00:00Z", 30);

    const admin = staffToken(app, { roles: [{ role: "agency_admin", agencyId: agency }] });
    const period = "from=2026-10-26T00:00:00Z&to=2026-11-16T00:00:00Z";
    const res = await app.inject({ method: "GET", url: `/v1/staff/statistics/overview?agencyId=${agency}&${period}`, headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.openByAge).toEqual([
      { bucket: "under_1d", cases: "< 5" },
      { bucket: "1d_2d", cases: 6 },
      { bucket: "2d_7d", cases: "< 5" },
      { bucket: "7d_28d", cases: 5 },
      { bucket: "over_28d", cases: 5 },
    ]);
    expect([...body.byTopic].sort((a: { topicId: string }, b: { topicId: string }) => a.topicId.localeCompare(b.topicId))).toMatchObject([
      { topicId: "schulden", opened: 7, open: "< 5", closed: 5 },
      { topicId: "sucht", opened: 7, open: 7, closed: 0 },
    ]);
    expect(body.groups).toEqual([
      { week: "2026-10-26", sessions: 2, participants: 7, perSession: 3.5 },
      { week: "2026-11-02", sessions: 2, participants: 8, perSession: 4 },
      { week: "2026-11-09", sessions: 1, participants: "< 5", perSession: null },
    ]);
    expect(body.liveWaits).toEqual([
      { week: "2026-11-02", chats: 7, taken: 6, notTaken: "< 5", waitP50Seconds: 210, waitP90Seconds: 330 },
      { week: "2026-11-09", chats: "< 5", taken: "< 5", notTaken: 0, waitP50Seconds: null, waitP90Seconds: null },
    ]);
    expect(new Set(res.body.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g))).toEqual(new Set([agency]));

    // All agencies: platform admins only; the other agency's rows count there.
    expect((await app.inject({ method: "GET", url: `/v1/staff/statistics/overview?${period}`, headers: bearer(admin) })).statusCode).toBe(403);
    const platform = staffToken(app, { roles: [{ role: "platform_admin", agencyId: null }] });
    const all = await app.inject({ method: "GET", url: `/v1/staff/statistics/overview?${period}`, headers: bearer(platform) });
    expect(all.statusCode).toBe(200);
    expect(all.json().agencyId).toBeNull();
    const week2 = all.json().liveWaits.find((w: { week: string }) => w.week === "2026-11-02");
    expect(week2.chats).toBeGreaterThanOrEqual(16);
    const weekly2 = all.json().groups.find((w: { week: string }) => w.week === "2026-11-02");
    expect(weekly2.participants).toBeGreaterThanOrEqual(14);
    const everyWeek = await app.inject({ method: "GET", url: `/v1/staff/statistics?by=week&${period}`, headers: bearer(platform) });
    expect(everyWeek.statusCode).toBe(200);
    expect(everyWeek.json().rows.find((r: { week: string }) => r.week === "2026-11-09").opened).toBeGreaterThanOrEqual(12);
    expect((await app.inject({ method: "GET", url: `/v1/staff/statistics?${period}`, headers: bearer(admin) })).statusCode).toBe(403);

    const counselor = staffToken(app, { roles: [{ role: "counselor", agencyId: agency }] });
    expect((await app.inject({ method: "GET", url: `/v1/staff/statistics/overview?agencyId=${agency}`, headers: bearer(counselor) })).statusCode).toBe(403);
    const bad = await app.inject({ method: "GET", url: `/v1/staff/statistics/overview?agencyId=${agency}&from=2026-11-16T00:00:00Z&to=2026-10-26T00:00:00Z`, headers: bearer(admin) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errcode).toBe("LOTSE_BAD_REQUEST");
  });
});

describe("GET /v1/admin/agencies/:id/members/:counselorId/open-cases", () => {
  it("lists the agency's open cases assigned to the counselor (not closed ones, not other agencies'); removal leaves them assigned", async () => {
    const agency = await insertAgency(db);
    const other = await insertAgency(db);
    const userId = `@stats_${randomUUID().slice(0, 8)}:${stack().serverName}`;
    const counselorId = await insertCounselor(db, userId, [{ agencyId: agency, role: "counselor" }, { agencyId: other, role: "counselor" }]);
    const assign = async (agencyId: string, status: string) => {
      const [r] = await db.sql<{ case_number: number }[]>`
        insert into cases (agency_id, topic_id, status, assigned_counselor_id) values (${agencyId}, 'sucht', ${status}, ${counselorId}) returning case_number`;
      return Number(r!.case_number);
    };
    const a = await assign(agency, "in_progress");
    const b = await assign(agency, "new");
    await assign(agency, "closed");
    await assign(other, "in_progress");

    const admin = staffToken(app, { roles: [{ role: "agency_admin", agencyId: agency }] });
    const url = `/v1/admin/agencies/${agency}/members/${counselorId}/open-cases`;
    const res = await app.inject({ method: "GET", url, headers: bearer(admin) });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ openCases: 2, cases: [{ caseNumber: a, status: "in_progress" }, { caseNumber: b, status: "new" }].sort((x, y) => x.caseNumber - y.caseNumber) });

    const removed = await app.inject({ method: "DELETE", url: `/v1/admin/agencies/${agency}/members/${counselorId}/roles/counselor`, headers: bearer(admin) });
    expect(removed.statusCode).toBe(204);
    expect((await app.inject({ method: "GET", url, headers: bearer(admin) })).json().openCases).toBe(2);

    const otherAdmin = staffToken(app, { roles: [{ role: "agency_admin", agencyId: other }] });
    expect((await app.inject({ method: "GET", url, headers: bearer(otherAdmin) })).statusCode).toBe(403);
  });
});
