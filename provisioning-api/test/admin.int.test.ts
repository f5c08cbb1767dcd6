// Admin routes: the role × route authorization matrix (generated from one table), and what the
// routes do: changes with their audit entries in the same transaction, soft delete, ranges per
// topic visible to the very next search, agency admins confined to their own agencies.
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedTopics, topicSeeds, type DbHandle } from "@lotse/store";
import type { StaffPrincipal } from "../src/plugins/staffAuth.ts";
import { bearer, buildTestApp, openDb, signJwt, stack, testConfig } from "./helpers.ts";
import { insertAgency, insertCounselor, staffToken, retireAgenciesCreatedSince } from "./authHelpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let testTopic: string;

const fileStarted = new Date();

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
  testTopic = `adm-${randomUUID().slice(0, 8)}`;
  await db.sql`insert into topics (id, name_de, name_en) values (${testTopic}, 'Admintest', 'Admin test')`;
  await app.lotseRouting.sync();
});

afterAll(async () => {
  if (db !== undefined) await retireAgenciesCreatedSince(db, fileStarted);
  await app?.close();
  await db?.close();
});

const randomUserId = (p = "u") => `@${p}_${randomBytes(5).toString("hex")}:localhost`;

// ---------------------------------------------------------------------------------------------
// The matrix

type Who = "anonymous" | "seeker" | "counselor" | "adminOwn" | "adminOther" | "platform";
const everyone: Who[] = ["anonymous", "seeker", "counselor", "adminOwn", "adminOther", "platform"];

type Ctx = { agencyA: string; agencyB: string; counselorInA: string; extraAdmin: string };

type Row = {
  route: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: (c: Ctx) => string;
  body?: (c: Ctx) => unknown;
  allowed: Who[];
  ok: number;
};

const table: Row[] = [
  { route: "list agencies", method: "GET", url: () => "/v1/admin/agencies", allowed: ["adminOwn", "adminOther", "platform"], ok: 200 },
  { route: "create agency", method: "POST", url: () => "/v1/admin/agencies", body: () => ({ name: `Neu ${randomUUID()}`, city: "Bonn" }), allowed: ["platform"], ok: 201 },
  { route: "get agency", method: "GET", url: (c) => `/v1/admin/agencies/${c.agencyA}`, allowed: ["adminOwn", "platform"], ok: 200 },
  { route: "update agency", method: "PATCH", url: (c) => `/v1/admin/agencies/${c.agencyA}`, body: () => ({ city: "Bonn" }), allowed: ["adminOwn", "platform"], ok: 200 },
  { route: "delete agency", method: "DELETE", url: (c) => `/v1/admin/agencies/${c.agencyA}`, allowed: ["platform"], ok: 204 },
  {
    route: "set ranges",
    method: "PUT",
    url: (c) => `/v1/admin/agencies/${c.agencyA}/topics/sucht/ranges`,
    body: () => ({ ranges: [{ from: "10000", to: "10999" }] }),
    allowed: ["adminOwn", "platform"],
    ok: 200,
  },
  { route: "remove topic", method: "DELETE", url: (c) => `/v1/admin/agencies/${c.agencyA}/topics/schulden`, allowed: ["adminOwn", "platform"], ok: 204 },
  { route: "list members", method: "GET", url: (c) => `/v1/admin/agencies/${c.agencyA}/members`, allowed: ["adminOwn", "platform"], ok: 200 },
  {
    route: "grant role",
    method: "POST",
    url: (c) => `/v1/admin/agencies/${c.agencyA}/members`,
    body: () => ({ matrixUserId: randomUserId("new"), role: "counselor" }),
    allowed: ["adminOwn", "platform"],
    ok: 201,
  },
  {
    route: "revoke role",
    method: "DELETE",
    url: (c) => `/v1/admin/agencies/${c.agencyA}/members/${c.counselorInA}/roles/counselor`,
    allowed: ["adminOwn", "platform"],
    ok: 204,
  },
  { route: "list counselors", method: "GET", url: () => "/v1/admin/counselors", allowed: ["adminOwn", "adminOther", "platform"], ok: 200 },
  {
    route: "update counselor",
    method: "PATCH",
    url: (c) => `/v1/admin/counselors/${c.counselorInA}`,
    body: () => ({ displayName: "Neuer Name" }),
    allowed: ["adminOwn", "platform"],
    ok: 204,
  },
  { route: "list topics", method: "GET", url: () => "/v1/admin/topics", allowed: ["platform"], ok: 200 },
  { route: "update topic", method: "PATCH", url: () => `/v1/admin/topics/${testTopic}`, body: () => ({ minAge: 14 }), allowed: ["platform"], ok: 200 },
  { route: "list platform admins", method: "GET", url: () => "/v1/admin/platform-admins", allowed: ["platform"], ok: 200 },
  { route: "add platform admin", method: "POST", url: () => "/v1/admin/platform-admins", body: () => ({ matrixUserId: randomUserId("pa") }), allowed: ["platform"], ok: 201 },
  { route: "remove platform admin", method: "DELETE", url: (c) => `/v1/admin/platform-admins/${encodeURIComponent(c.extraAdmin)}`, allowed: ["platform"], ok: 204 },
  { route: "audit log", method: "GET", url: () => "/v1/admin/audit", allowed: ["platform"], ok: 200 },
  { route: "export agencies CSV", method: "GET", url: () => "/v1/admin/export/agencies.csv", allowed: ["platform"], ok: 200 },
  { route: "export counselors CSV", method: "GET", url: () => "/v1/admin/export/counselors.csv", allowed: ["platform"], ok: 200 },
];

async function freshContext(): Promise<Ctx> {
  const agencyA = await insertAgency(db);
  const agencyB = await insertAgency(db);
  await db.sql`insert into agency_topics (agency_id, topic_id) values (${agencyA}, 'schulden')`;
  const counselorInA = await insertCounselor(db, randomUserId("c"), [{ agencyId: agencyA, role: "counselor" }]);
  const extraAdmin = randomUserId("extra");
  await db.sql`insert into platform_admins (matrix_user_id) values (${extraAdmin})`;
  return { agencyA, agencyB, counselorInA, extraAdmin };
}

function tokenFor(who: Who, c: Ctx): string | undefined {
  const roles: Record<Exclude<Who, "anonymous" | "seeker">, StaffPrincipal["roles"]> = {
    counselor: [{ role: "counselor", agencyId: c.agencyA }, { role: "supervisor", agencyId: c.agencyA }],
    adminOwn: [{ role: "agency_admin", agencyId: c.agencyA }],
    adminOther: [{ role: "agency_admin", agencyId: c.agencyB }, { role: "counselor", agencyId: c.agencyA }],
    platform: [{ role: "platform_admin", agencyId: null }],
  };
  if (who === "anonymous") return undefined;
  if (who === "seeker") {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ sub: randomUUID(), role: "seeker", iat: now, exp: now + 600 });
  }
  return staffToken(app, { roles: roles[who] });
}

describe("authorization matrix (role × route)", () => {
  for (const row of table) {
    for (const who of everyone) {
      const expected = who === "anonymous" || who === "seeker" ? 401 : row.allowed.includes(who) ? row.ok : 403;
      it(`${row.route} (${row.method}) as ${who} → ${expected}`, async () => {
        const c = await freshContext();
        const token = tokenFor(who, c);
        const body = row.body?.(c);
        const res = await app.inject({
          method: row.method,
          url: row.url(c),
          headers: token === undefined ? {} : bearer(token),
          ...(body === undefined ? {} : { payload: body as object }),
        });
        expect(res.statusCode, res.body).toBe(expected);
        if (expected === 401) expect(res.json().errcode).toBe("LOTSE_UNAUTHORIZED");
        if (expected === 403) expect(res.json().errcode).toBe("LOTSE_FORBIDDEN");
      });
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Behaviour

async function auditFor(entityId: string) {
  return db.sql<{ actor: string; action: string; entity_type: string; details: Record<string, unknown> }[]>`
    select actor, action, entity_type, details from audit_log where entity_id = ${entityId} order by id`;
}

describe("admin routes", () => {
  it("agency admin sets ranges per topic; the next search sees them, with an audit entry", async () => {
    const agency = await insertAgency(db, `Ranges ${randomUUID()}`);
    const userId = randomUserId("aa");
    const token = staffToken(app, { userId, roles: [{ role: "agency_admin", agencyId: agency }] });
    await app.lotseRouting.sync();
    const search = async () =>
      (await app.inject({ url: `/v1/agencies?topic=${testTopic}&postcode=53111` })).json().map((a: { id: string }) => a.id);
    expect(await search()).not.toContain(agency);

    const res = await app.inject({
      method: "PUT",
      url: `/v1/admin/agencies/${agency}/topics/${testTopic}/ranges`,
      headers: bearer(token),
      payload: { ranges: [{ from: "53000", to: "53999" }, { from: "10115", to: "10115" }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().topics).toEqual([{ topicId: testTopic, ranges: [{ from: "10115", to: "10115" }, { from: "53000", to: "53999" }] }]);
    // No sync: the route refreshed this process's index before answering.
    expect(await search()).toContain(agency);

    const audit = await auditFor(agency);
    expect(audit).toEqual([
      { actor: userId, action: "agency.ranges.replace", entity_type: "agency_ranges", details: { topicId: testTopic, ranges: ["53000-53999", "10115-10115"] } },
    ]);

    // Going offline is visible to the next search as well.
    const off = await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${agency}`, headers: bearer(token), payload: { online: false } });
    expect(off.statusCode).toBe(200);
    expect(off.json().online).toBe(false);
    expect(await search()).not.toContain(agency);
    expect((await auditFor(agency)).map((a) => a.action)).toEqual(["agency.ranges.replace", "agency.update"]);
  });

  it("sets the agency's bot language (German by default); the bridge is asked to rename the pool room; anything else is refused", async () => {
    const agency = await insertAgency(db);
    const token = staffToken(app, { roles: [{ role: "agency_admin", agencyId: agency }] });
    const get = await app.inject({ method: "GET", url: `/v1/admin/agencies/${agency}`, headers: bearer(token) });
    expect(get.json().botLanguage).toBe("de");
    const en = await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${agency}`, headers: bearer(token), payload: { botLanguage: "en" } });
    expect(en.statusCode).toBe(200);
    expect(en.json().botLanguage).toBe("en");
    const [row] = await db.sql<{ bot_language: string }[]>`select bot_language from agencies where id = ${agency}`;
    expect(row!.bot_language).toBe("en");
    const jobs = await db.sql<{ n: number }[]>`select count(*)::int as n from room_jobs where kind = 'agency.sync_pool' and payload->>'agencyId' = ${agency}`;
    expect(jobs[0]!.n).toBe(1);
    const bad = await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${agency}`, headers: bearer(token), payload: { botLanguage: "fr" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errcode).toBe("LOTSE_INVALID_INPUT");
    const [after] = await db.sql<{ bot_language: string }[]>`select bot_language from agencies where id = ${agency}`;
    expect(after!.bot_language).toBe("en");
  });

  it("rejects bad ranges and unknown topics without writing anything (no audit entry)", async () => {
    const agency = await insertAgency(db);
    const token = staffToken(app, { roles: [{ role: "agency_admin", agencyId: agency }] });
    const put = (topic: string, ranges: unknown) =>
      app.inject({ method: "PUT", url: `/v1/admin/agencies/${agency}/topics/${topic}/ranges`, headers: bearer(token), payload: { ranges } });
    expect((await put(testTopic, [{ from: "20000", to: "10000" }])).json().errcode).toBe("LOTSE_INVALID_INPUT");
    expect((await put(testTopic, [{ from: "2000", to: "10000" }])).json().errcode).toBe("LOTSE_INVALID_INPUT");
    expect((await put("no-such-topic", [{ from: "10000", to: "10000" }])).json().errcode).toBe("LOTSE_UNKNOWN_TOPIC");
    expect(await auditFor(agency)).toEqual([]);
    const [n] = await db.sql<{ n: number }[]>`select count(*)::int as n from agency_postcode_ranges where agency_id = ${agency}`;
    expect(n!.n).toBe(0);
  });

  it("platform admin creates an agency with topics and ranges, then soft-deletes it", async () => {
    const userId = randomUserId("pa");
    const token = staffToken(app, { userId, roles: [{ role: "platform_admin", agencyId: null }] });
    const created = await app.inject({
      method: "POST",
      url: "/v1/admin/agencies",
      headers: bearer(token),
      payload: { name: `Create ${randomUUID()}`, city: "Bonn", languages: ["de", "ar"], topics: [{ topicId: testTopic, ranges: [{ from: "53100", to: "53199" }] }] },
    });
    expect(created.statusCode).toBe(201);
    const a = created.json();
    expect(a).toMatchObject({ city: "Bonn", languages: ["de", "ar"], online: true, deleted: false, topics: [{ topicId: testTopic, ranges: [{ from: "53100", to: "53199" }] }] });
    const found = await app.inject({ url: `/v1/agencies?topic=${testTopic}&postcode=53111&language=ar` });
    expect(found.json().map((x: { id: string }) => x.id)).toEqual([a.id]);

    const del = await app.inject({ method: "DELETE", url: `/v1/admin/agencies/${a.id}`, headers: bearer(token) });
    expect(del.statusCode).toBe(204);
    expect((await app.inject({ url: `/v1/agencies?topic=${testTopic}&postcode=53111&language=ar` })).json()).toEqual([]);
    const [row] = await db.sql<{ deleted_at: Date | null }[]>`select deleted_at from agencies where id = ${a.id}`;
    expect(row!.deleted_at).not.toBeNull();
    expect((await app.inject({ method: "DELETE", url: `/v1/admin/agencies/${a.id}`, headers: bearer(token) })).statusCode).toBe(404);
    const listed = await app.inject({ url: "/v1/admin/agencies?includeDeleted=true", headers: bearer(token) });
    expect(listed.json().find((x: { id: string }) => x.id === a.id)).toMatchObject({ deleted: true });
    expect((await auditFor(a.id)).map((x) => [x.actor, x.action])).toEqual([
      [userId, "agency.create"],
      [userId, "agency.delete"],
    ]);
  });

  it("agency admins see only their own agencies and their members", async () => {
    const mine = await insertAgency(db);
    const theirs = await insertAgency(db);
    const inMine = randomUserId("m");
    const inTheirs = randomUserId("t");
    await insertCounselor(db, inMine, [{ agencyId: mine, role: "counselor" }]);
    await insertCounselor(db, inTheirs, [{ agencyId: theirs, role: "counselor" }]);
    const token = staffToken(app, { roles: [{ role: "agency_admin", agencyId: mine }, { role: "counselor", agencyId: theirs }] });
    const agencies = (await app.inject({ url: "/v1/admin/agencies", headers: bearer(token) })).json();
    expect(agencies.map((a: { id: string }) => a.id)).toEqual([mine]);
    const people = (await app.inject({ url: "/v1/admin/counselors?limit=1000", headers: bearer(token) })).json();
    expect(people.map((p: { matrixUserId: string }) => p.matrixUserId)).toEqual([inMine]);
    const otherGet = await app.inject({ url: `/v1/admin/agencies/${theirs}`, headers: bearer(token) });
    expect(otherGet.statusCode).toBe(403);
  });

  it("lists agencies a page at a time, found by name, town, short name or postcode; X-Total-Count counts every match", async () => {
    const token = staffToken(app, { userId: randomUserId("pa"), roles: [{ role: "platform_admin", agencyId: null }] });
    const tag = randomUUID().slice(0, 13);
    const names = ["Anna", "Bernd", "Clara", "Dora", "Emil"].map((n) => `Seite ${tag} ${n}`);
    const ids: string[] = [];
    for (const name of names) ids.push(await insertAgency(db, name));
    const other = randomUUID().slice(0, 13);
    const literal = await insertAgency(db, `Prozent ${other} 100%_x`);
    const deleted = await insertAgency(db, `Seite ${tag} Fritz`);
    await db.sql`update agencies set deleted_at = now() where id = ${deleted}`;
    const town = `Ort${randomUUID().slice(0, 8)}`;
    const slug = `kurz-${randomUUID().slice(0, 8)}`;
    await db.sql`update agencies set city = ${town}, slug = ${slug}, postcode = '98765' where id = ${ids[2]!}`;
    const list = async (query: string) => {
      const res = await app.inject({ url: `/v1/admin/agencies?${query}`, headers: bearer(token) });
      expect(res.statusCode, query).toBe(200);
      return { ids: (res.json() as { id: string }[]).map((a) => a.id), total: Number(res.headers["x-total-count"]) };
    };
    const q = encodeURIComponent(tag.toUpperCase());
    expect(await list(`q=${q}&limit=2`)).toEqual({ ids: ids.slice(0, 2), total: 5 });
    expect(await list(`q=${q}&limit=2&offset=2`)).toEqual({ ids: ids.slice(2, 4), total: 5 });
    expect(await list(`q=${q}&limit=2&offset=4`)).toEqual({ ids: ids.slice(4), total: 5 });
    expect(await list(`q=${q}&limit=2&offset=6`)).toEqual({ ids: [], total: 5 });
    expect(await list(`q=${q}&includeDeleted=true`)).toEqual({ ids: [...ids, deleted], total: 6 });
    expect(await list(`q=${encodeURIComponent(town.toLowerCase())}`)).toEqual({ ids: [ids[2]], total: 1 });
    expect(await list(`q=${slug}`)).toEqual({ ids: [ids[2]], total: 1 });
    // `%` and `_` are plain characters, not wildcards.
    expect(await list(`q=${encodeURIComponent(`${other} 100%_`)}`)).toEqual({ ids: [literal], total: 1 });
    expect(await list(`q=${encodeURIComponent(`${other} 1_0%`)}`)).toEqual({ ids: [], total: 0 });
    expect((await list(`q=98765`)).ids).toContain(ids[2]);
    // Without limit: every agency, total included.
    const all = await list("");
    expect(all.total).toBe(all.ids.length);
    expect(all.ids).toEqual(expect.arrayContaining(ids));
    // An agency admin's search stays inside their own agencies.
    const own = staffToken(app, { roles: [{ role: "agency_admin", agencyId: ids[0]! }] });
    const res = await app.inject({ url: `/v1/admin/agencies?q=${q}`, headers: bearer(own) });
    expect(res.json().map((a: { id: string }) => a.id)).toEqual([ids[0]]);
    expect(res.headers["x-total-count"]).toBe("1");
    for (const bad of ["limit=0", "limit=501", "offset=-1", "limit=x", `q=${"x".repeat(101)}`]) {
      const r = await app.inject({ url: `/v1/admin/agencies?${bad}`, headers: bearer(token) });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().errcode, bad).toBe("LOTSE_INVALID_INPUT");
    }
  });

  it("grants and revokes roles, creating the counselor on first use; sign-in roles follow", async () => {
    const agency = await insertAgency(db);
    const actor = randomUserId("aa");
    const token = staffToken(app, { userId: actor, roles: [{ role: "agency_admin", agencyId: agency }] });
    const newcomer = randomUserId("n");
    const grant = await app.inject({
      method: "POST",
      url: `/v1/admin/agencies/${agency}/members`,
      headers: bearer(token),
      payload: { matrixUserId: newcomer, displayName: "Neu", role: "main_counselor" },
    });
    expect(grant.statusCode).toBe(201);
    const { counselorId, created } = grant.json();
    expect(created).toBe(true);
    const members = (await app.inject({ url: `/v1/admin/agencies/${agency}/members`, headers: bearer(token) })).json();
    expect(members).toEqual([{ id: counselorId, matrixUserId: newcomer, displayName: "Neu", memberships: [{ agencyId: agency, role: "main_counselor" }] }]);
    const revoke = await app.inject({
      method: "DELETE",
      url: `/v1/admin/agencies/${agency}/members/${counselorId}/roles/main_counselor`,
      headers: bearer(token),
    });
    expect(revoke.statusCode).toBe(204);
    const actions = await db.sql<{ action: string; actor: string }[]>`
      select action, actor from audit_log where (entity_id = ${agency} or entity_id = ${counselorId}) order by id`;
    expect(actions.map((a) => a.action)).toEqual(["counselor.create", "membership.grant", "membership.revoke"]);
    expect(new Set(actions.map((a) => a.actor))).toEqual(new Set([actor]));
  });

  it("topic settings: platform admin sets minimum postcode length and white spot; search follows", async () => {
    const token = staffToken(app, { roles: [{ role: "platform_admin", agencyId: null }] });
    const ws = await insertAgency(db, `Weißer Fleck ${randomUUID()}`);
    await db.sql`insert into agency_topics (agency_id, topic_id) values (${ws}, ${testTopic})`;
    const patch = await app.inject({
      method: "PATCH",
      url: `/v1/admin/topics/${testTopic}`,
      headers: bearer(token),
      payload: { minPostcodeLength: 2, whiteSpotAgencyId: ws },
    });
    expect(patch.statusCode).toBe(200);
    expect(patch.json()).toMatchObject({ id: testTopic, minPostcodeLength: 2, whiteSpotAgencyId: ws });
    // The agency_topics row came by NOTIFY; the topic change was refreshed by the route.
    await app.lotseRouting.sync();
    const res = await app.inject({ url: `/v1/agencies?topic=${testTopic}&postcode=99` });
    expect(res.json()).toEqual([expect.objectContaining({ id: ws, whiteSpot: true })]);
    const bad = await app.inject({ method: "PATCH", url: `/v1/admin/topics/${testTopic}`, headers: bearer(token), payload: { minAge: 20, maxAge: 10 } });
    expect(bad.json().errcode).toBe("LOTSE_INVALID_INPUT");
    const gone = await app.inject({ method: "PATCH", url: `/v1/admin/topics/${testTopic}`, headers: bearer(token), payload: { whiteSpotAgencyId: randomUUID() } });
    expect(gone.json().errcode).toBe("LOTSE_UNKNOWN_AGENCY");
    const reset = await app.inject({ method: "PATCH", url: `/v1/admin/topics/${testTopic}`, headers: bearer(token), payload: { minPostcodeLength: 5, whiteSpotAgencyId: null } });
    expect(reset.statusCode).toBe(200);
  });
});

describe("topic names in every seeker language", () => {
  const auditCount = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where entity_id = ${testTopic}`)[0]!.n;
  const publicName = async () => {
    const res = await app.inject({ url: "/v1/topics" });
    return (res.json() as { id: string; name: Record<string, string> }[]).find((t) => t.id === testTopic)?.name;
  };

  it("platform admin writes names (trimmed), seekers read them, null removes one; audited", async () => {
    const actor = randomUserId("pa");
    const token = staffToken(app, { userId: actor, roles: [{ role: "platform_admin", agencyId: null }] });
    const patch = (payload: object) => app.inject({ method: "PATCH", url: `/v1/admin/topics/${testTopic}`, headers: bearer(token), payload });

    const set = await patch({ names: { "de-leicht": "Hilfe beim Test", tr: "  Yönetici testi ", ar: "اختبار الإدارة", uk: "Тест адміністратора" } });
    expect(set.statusCode, set.body).toBe(200);
    const written = { de: "Admintest", en: "Admin test", "de-leicht": "Hilfe beim Test", tr: "Yönetici testi", ar: "اختبار الإدارة", uk: "Тест адміністратора" };
    expect(set.json().name).toEqual(written);
    const listed = await app.inject({ url: "/v1/admin/topics", headers: bearer(token) });
    expect((listed.json() as { id: string; name: unknown }[]).find((t) => t.id === testTopic)?.name).toEqual(written);
    expect(await publicName()).toEqual(written);
    const [audit] = (await auditFor(testTopic)).filter((a) => a.action === "topic.update").slice(-1);
    expect(audit).toMatchObject({ actor, entity_type: "topic", details: { names: { tr: "Yönetici testi" } } });

    // Partial: null removes Turkish, the others stay; nameDe in the same request.
    const removed = await patch({ nameDe: "Admintest", names: { tr: null } });
    expect(removed.statusCode, removed.body).toBe(200);
    const { tr: _tr, ...withoutTr } = written;
    expect(await publicName()).toEqual(withoutTr);
  });

  it("refuses an unknown locale, a blank or a too long name with nothing written (no audit entry)", async () => {
    const token = staffToken(app, { roles: [{ role: "platform_admin", agencyId: null }] });
    await db.sql`update topics set names = '{"uk": "Тест"}'::jsonb where id = ${testTopic}`;
    const before = await publicName();
    const auditsBefore = await auditCount();
    for (const names of [{ fr: "Sujet" }, { tr: "   " }, { tr: "" }, { ar: "ا".repeat(201) }, { en: "Twice" }, { tr: 5 }]) {
      const res = await app.inject({ method: "PATCH", url: `/v1/admin/topics/${testTopic}`, headers: bearer(token), payload: { nameDe: "Geändert", names } });
      expect(res.statusCode, JSON.stringify(names)).toBe(400);
      expect(res.json().errcode).toBe("LOTSE_INVALID_INPUT");
    }
    expect(await publicName()).toEqual(before);
    expect(before).toEqual({ de: "Admintest", en: "Admin test", uk: "Тест" });
    expect(await auditCount()).toBe(auditsBefore);
  });

  it("seeding fills the standard names only where a topic has none (an admin's edit stays)", async () => {
    const seed = topicSeeds.find((t) => t.id === "schulden")!;
    const rollback = new Error("rollback");
    // In a transaction that is rolled back: the standard topic is shared with the other test files.
    const after = await db.db
      .transaction(async (tx) => {
        await tx.execute(sql`update topics set names = '{"tr": "Borç sorunları"}'::jsonb, name_de = 'Schulden und Geld', name_en = 'Debt and money' where id = 'schulden'`);
        await seedTopics(tx);
        const [row] = await tx.execute<{ names: Record<string, string>; name_de: string; name_en: string }>(sql`select names, name_de, name_en from topics where id = 'schulden'`);
        expect([row!.name_de, row!.name_en]).toEqual(["Schulden und Geld", "Debt and money"]);
        throw Object.assign(rollback, { names: row!.names });
      })
      .catch((e: unknown) => {
        if (e !== rollback) throw e;
        return (e as Error & { names: Record<string, string> }).names;
      });
    expect(after).toEqual({ ...seed.names, tr: "Borç sorunları" });
  });
});

describe("pool rooms follow admin changes (outbox jobs in the same transaction)", () => {
  it("creating an agency asks for its pool room; granting and revoking roles ask for a pool sync", async () => {
    const token = staffToken(app, { roles: [{ role: "platform_admin", agencyId: null }] });
    const created = await app.inject({ method: "POST", url: "/v1/admin/agencies", headers: bearer(token), payload: { name: `Pool ${randomUUID()}`, city: "Kiel" } });
    const agencyId = created.json().id as string;
    const jobs = async () =>
      (await db.sql<{ kind: string }[]>`select kind from room_jobs where payload->>'agencyId' = ${agencyId} order by created_at, kind`).map((j) => j.kind);
    expect(await jobs()).toEqual(["agency.ensure_pool_room"]);
    const grant = await app.inject({
      method: "POST",
      url: `/v1/admin/agencies/${agencyId}/members`,
      headers: bearer(token),
      payload: { matrixUserId: randomUserId("pool"), role: "counselor" },
    });
    expect(grant.statusCode).toBe(201);
    expect(await jobs()).toEqual(["agency.ensure_pool_room", "agency.sync_pool"]);
    const again = await app.inject({
      method: "POST",
      url: `/v1/admin/agencies/${agencyId}/members`,
      headers: bearer(token),
      payload: { matrixUserId: (await db.sql<{ m: string }[]>`select c.matrix_user_id as m from counselors c join agency_memberships am on am.counselor_id = c.id where am.agency_id = ${agencyId}`)[0]!.m, role: "counselor" },
    });
    expect(again.json().created).toBe(false);
    expect(await jobs()).toHaveLength(2); // nothing changed, no job
    const revoke = await app.inject({
      method: "DELETE",
      url: `/v1/admin/agencies/${agencyId}/members/${grant.json().counselorId}/roles/counselor`,
      headers: bearer(token),
    });
    expect(revoke.statusCode).toBe(204);
    expect(await jobs()).toEqual(["agency.ensure_pool_room", "agency.sync_pool", "agency.sync_pool"]);
  });
});
