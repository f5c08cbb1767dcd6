// The seeker's own account against the real database and Synapse: changing the password (old one
// stops working, new one works, wrong old password changes nothing) and deleting the account
// (erasure: no row names the seeker, cases closed with a pool notice job, chat user deactivated
// with erasure, pseudonym quarantined, nothing changed when the homeserver is down).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { caseEvents, cases, counselors, groupParticipants, groups, roomJobs, seekers, whisperRooms, type DbHandle } from "@lotse/store";
import { bearer, buildTestApp, createAgency, openDb, REGISTRATION_DEFAULTS, rowCounts, stack, testConfig, uniquePseudonym } from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;

beforeAll(async () => {
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s), db);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function registered(password = REGISTRATION_DEFAULTS.password) {
  const username = uniquePseudonym("Kim");
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username, password } });
  expect(res.statusCode).toBe(201);
  const body = res.json() as { seekerId: string; token: string };
  return { username, password, ...body };
}

const login = (username: string, password: string) =>
  app.inject({ method: "POST", url: "/v1/login", payload: { username, password } });

describe("POST /v1/seekers/me/password", () => {
  it("changes the password: the old one fails, the new one works", async () => {
    const s = await registered();
    const res = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      headers: bearer(s.token),
      payload: { oldPassword: s.password, newPassword: "a brand new passphrase" },
    });
    expect(res.statusCode).toBe(204);
    expect((await login(s.username, s.password)).json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    expect((await login(s.username, "a brand new passphrase")).statusCode).toBe(200);
  });

  it("refuses a wrong old password and changes nothing", async () => {
    const s = await registered();
    const [before] = await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId));
    const res = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      headers: bearer(s.token),
      payload: { oldPassword: "not the password", newPassword: "a brand new passphrase" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    const [after] = await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId));
    expect(after!.passwordHash).toBe(before!.passwordHash);
    expect((await login(s.username, s.password)).statusCode).toBe(200);
  });

  it("needs a token and a long enough new password", async () => {
    const s = await registered();
    const noToken = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      payload: { oldPassword: s.password, newPassword: "a brand new passphrase" },
    });
    expect(noToken.statusCode).toBe(401);
    const short = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      headers: bearer(s.token),
      payload: { oldPassword: s.password, newPassword: "short" },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ errcode: "LOTSE_INVALID_INPUT" });
    expect((await login(s.username, s.password)).statusCode).toBe(200);
  });
});

/** A seat in a group (with a whisper room) for the seeker, as the group routes would leave it. */
async function groupSeat(seekerId: string): Promise<{ groupId: string; title: string }> {
  const [c] = await db.db.insert(counselors).values({ matrixUserId: `@mod_${uniquePseudonym("m").toLowerCase()}:example.org`, displayName: "Moderatorin" }).returning({ id: counselors.id });
  const title = `Gruppe ${uniquePseudonym("G")}`;
  const [g] = await db.db
    .insert(groups)
    // Long over and deleted: no bridge's group scanner (other test files) will act on it.
    .values({ title, topicId: REGISTRATION_DEFAULTS.topic, startsAt: new Date("2020-01-01T10:00:00Z"), durationMinutes: 60, maxParticipants: 8, createdBy: c!.id, deletedAt: new Date() })
    .returning({ id: groups.id });
  await db.db.insert(groupParticipants).values({ groupId: g!.id, seekerId });
  await db.db.insert(whisperRooms).values({ groupId: g!.id, seekerId, moderatorId: c!.id, startedBy: "seeker" });
  return { groupId: g!.id, title };
}

/** Rows of any table in the lotse database whose text form contains `needle` (table → count). */
async function rowsMentioning(needle: string): Promise<Record<string, number>> {
  const tables = await db.sql<{ t: string }[]>`
    select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
  const out: Record<string, number> = {};
  for (const { t } of tables) {
    const [r] = await db.sql<{ n: number }[]>`select count(*)::int as n from ${db.sql(t)} x where x::text ilike ${`%${needle}%`}`;
    if (r && r.n > 0) out[t] = r.n;
  }
  return out;
}

describe("DELETE /v1/seekers/me", () => {
  it("erases the seeker: no row names them, cases closed with a pool notice job, chat user deactivated and erased, pseudonym quarantined", async () => {
    const agency = await createAgency(db.db, { topics: [REGISTRATION_DEFAULTS.topic], ranges: [["10000", "10999"]] });
    const username = uniquePseudonym("Kim");
    const email = `${username.toLowerCase()}@example.org`;
    const reg = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username, email } });
    expect(reg.statusCode).toBe(201);
    const s = { username, password: REGISTRATION_DEFAULTS.password, ...(reg.json() as { seekerId: string; token: string; refreshToken: string }) };
    const session = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(s.token) });
    expect(session.statusCode).toBe(200);
    const matrix = session.json() as { userId: string; accessToken: string };
    const opened = await app.inject({
      method: "POST",
      url: "/v1/cases",
      headers: bearer(s.token),
      payload: { topic: REGISTRATION_DEFAULTS.topic, agencyId: agency.id },
    });
    expect(opened.statusCode).toBe(201);
    const caseId = (opened.json() as { caseId: string }).caseId;
    // A pending notification mail names the seeker in its payload (as the bridge queues it).
    await db.db.insert(roomJobs).values({ kind: "seeker.notify_mail", idempotencyKey: `test-mail:${s.seekerId}`, caseId, payload: { seekerId: s.seekerId } });
    // A group seat and a whisper room.
    await groupSeat(s.seekerId);
    // And a failed sign-in left a throttle row.
    await login(s.username, "wrong password here");
    const localpart = matrix.userId.slice(1, matrix.userId.indexOf(":"));
    for (const needle of [s.seekerId, s.username, email, localpart]) expect(Object.keys(await rowsMentioning(needle)).length, needle).toBeGreaterThan(0);

    const wrong = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(s.token), payload: { password: "nope nope" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    expect(await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId))).toHaveLength(1);

    const res = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(s.token), payload: { password: s.password } });
    expect(res.statusCode).toBe(204);

    // No row anywhere holds the seeker's id, pseudonym, e-mail address or Matrix localpart.
    for (const needle of [s.seekerId, s.username, email, localpart]) expect(await rowsMentioning(needle), needle).toEqual({});

    // The case stays for the agency, closed and anonymous; the pool room is told by a job.
    const [kase] = await db.db.select().from(cases).where(eq(cases.id, caseId));
    expect(kase).toMatchObject({ status: "closed", seekerId: null });
    expect(kase!.closedAt).not.toBeNull();
    const events = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(events.find((e) => e.action === "seeker_deleted")).toMatchObject({ actor: "system", toStatus: "closed", details: { reason: "request" } });
    const jobs = await db.db.select().from(roomJobs).where(eq(roomJobs.caseId, caseId));
    expect(jobs.map((j) => j.kind)).toContain("case.seeker_deleted_notice");
    expect(jobs.find((j) => j.kind === "case.seeker_deleted_notice")!.payload).toEqual({ caseId });

    expect((await login(s.username, s.password)).json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    const refreshed = await app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken: s.refreshToken } });
    expect(refreshed.json()).toMatchObject({ errcode: "LOTSE_INVALID_REFRESH_TOKEN" });

    // The chat user is gone: its token no longer works, and its profile no longer shows the pseudonym.
    const whoami = await fetch(`${stack().homeserverUrl}/_matrix/client/v3/account/whoami`, {
      headers: { authorization: `Bearer ${matrix.accessToken}` },
    });
    expect(whoami.status).toBe(401);
    const profile = await fetch(`${stack().homeserverUrl}/_matrix/client/v3/profile/${encodeURIComponent(matrix.userId)}`, {
      headers: { authorization: `Bearer ${stack().asToken}` },
    });
    expect(await profile.text()).not.toContain(s.username);

    // A token issued before the deletion opens nothing any more.
    for (const [method, url] of [["GET", "/v1/cases"], ["POST", "/v1/matrix/session"], ["POST", "/v1/cases"], ["GET", "/v1/seekers/me/export"]] as const) {
      const stale = await app.inject({ method, url, headers: bearer(s.token), ...(method === "POST" && url === "/v1/cases" ? { payload: { topic: "schulden", agencyId: "6f1c0a8e-7d5b-4c1e-9a3f-0c1a2b3c4d01" } } : {}) });
      expect(stale.statusCode, `${method} ${url}`).toBe(401);
    }

    // The pseudonym is quarantined (in any case/separator variant); nothing is written by the refusal.
    const before = await rowCounts(db);
    for (const name of [s.username, s.username.toUpperCase()]) {
      const again = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: name } });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ errcode: "LOTSE_PSEUDONYM_QUARANTINED" });
    }
    expect(await rowCounts(db)).toEqual(before);
  });

  it("releases the pseudonym when the quarantine is over (LOTSE_PSEUDONYM_QUARANTINE_DAYS=0)", async () => {
    const noQuarantine = await buildTestApp(testConfig(stack(), { LOTSE_PSEUDONYM_QUARANTINE_DAYS: "0" }), db);
    try {
      const username = uniquePseudonym("Jo");
      const reg = await noQuarantine.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username } });
      const { token } = reg.json() as { token: string };
      const del = await noQuarantine.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(token), payload: { password: REGISTRATION_DEFAULTS.password } });
      expect(del.statusCode).toBe(204);
      const again = await noQuarantine.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username } });
      expect(again.statusCode).toBe(201);
    } finally {
      await noQuarantine.close();
    }
  });

  it("changes nothing when the chat server is unreachable (503, the seeker can retry)", async () => {
    const s = await registered();
    const down = await buildTestApp(testConfig(stack(), { LOTSE_HOMESERVER_URL: "http://127.0.0.1:9", LOTSE_HOMESERVER_TIMEOUT_MS: "2000" }), db);
    try {
      const res = await down.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(s.token), payload: { password: s.password } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ errcode: "LOTSE_HOMESERVER_UNAVAILABLE" });
    } finally {
      await down.close();
    }
    expect(await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId))).toHaveLength(1);
    expect((await login(s.username, s.password)).statusCode).toBe(200);
    // Retried against the real homeserver, it succeeds (the user never had a chat session: fine).
    const res = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(s.token), payload: { password: s.password } });
    expect(res.statusCode).toBe(204);
    expect(await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId))).toHaveLength(0);
  });
});

describe("GET /v1/seekers/me/export", () => {
  it("returns everything stored about the seeker, schema-typed, without the password hash or staff ids", async () => {
    const agency = await createAgency(db.db, { topics: [REGISTRATION_DEFAULTS.topic], ranges: [["10000", "10999"]] });
    const username = uniquePseudonym("Exa");
    const email = `${username.toLowerCase()}@example.org`;
    const reg = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username, email } });
    const { seekerId, token } = reg.json() as { seekerId: string; token: string };
    const opened = await app.inject({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: REGISTRATION_DEFAULTS.topic, agencyId: agency.id } });
    const { caseId } = opened.json() as { caseId: string };
    await db.db.insert(caseEvents).values({ caseId, actor: "@counselor:example.org", action: "take", fromStatus: "new", toStatus: "in_progress" });

    const res = await app.inject({ url: "/v1/seekers/me/export", headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    const body = res.json();
    expect(body.account).toMatchObject({ seekerId, pseudonym: username, topic: "sucht", postcode: "10115" });
    expect(body.account.matrixUserId).toMatch(/^@lotse_[0-9a-f]+:/);
    expect(body.notifications).toMatchObject({ email, emailNotifications: true, lastNotifiedAt: null });
    expect(body.sessions).toHaveLength(1);
    expect(body.groups).toEqual([]);
    expect(body.forums).toEqual([]);
    expect(body.forumReports).toEqual([]);
    const seat = await groupSeat(seekerId);
    const withGroup = (await app.inject({ url: "/v1/seekers/me/export", headers: bearer(token) })).json();
    expect(withGroup.groups).toHaveLength(1);
    expect(withGroup.groups[0]).toMatchObject({ groupId: seat.groupId, title: seat.title, leftAt: null, whisperRooms: [{ startedBy: "seeker", endedAt: null }] });
    expect(body.cases).toHaveLength(1);
    expect(body.cases[0]).toMatchObject({ caseId, status: "new", agency: { id: agency.id, name: agency.name }, counselorAssigned: false });
    expect(body.cases[0].events.map((e: { by: string }) => e.by)).toContain("counselor");
    expect(res.body).not.toContain("@counselor:example.org");
    const [row] = await db.db.select({ h: seekers.passwordHash }).from(seekers).where(eq(seekers.id, seekerId));
    expect(res.body).not.toContain(row!.h);
    expect(res.body).not.toContain("$argon2");
    // Another seeker's export holds nothing of this one.
    const other = await registered();
    const theirs = await app.inject({ url: "/v1/seekers/me/export", headers: bearer(other.token) });
    expect(theirs.json().cases).toEqual([]);
    expect(theirs.body).not.toContain(username);
    expect((await app.inject({ url: "/v1/seekers/me/export" })).json()).toMatchObject({ errcode: "LOTSE_UNAUTHORIZED" });
  });
});
