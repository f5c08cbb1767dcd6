// The routes behind the agency admin's console screens (issue 14): the profile fields of migration
// 0011 with their validation, the routing check that asks the live routing index (the seeker
// search's own), the agency's audit log with who / what / when filters, and the agency-scoped CSV
// import (preview, all or nothing, typed line errors) and export, and for platform admins the policy
// list's bans read from its Matrix room. Always: an agency admin reaches their own agency only, and
// nothing of another agency shows in an answer.
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@lotse/store";
import { bearer, buildTestApp, openDb, stack, testConfig } from "./helpers.ts";
import { insertAgency, insertCounselor, retireAgenciesCreatedSince, staffToken } from "./authHelpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let topic: string;
let agencyA: string;
let agencyB: string;
let nameB: string;
let adminA: string;
let adminB: string;
let adminAUser: string;
const fileStarted = new Date();
const hex = (n = 5) => randomBytes(n).toString("hex");
const uid = (p: string) => `@${p}_${hex()}:localhost`;

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
  topic = `con-${randomUUID().slice(0, 8)}`;
  await db.sql`insert into topics (id, name_de, name_en) values (${topic}, 'Konsolentest', 'Console test')`;
  agencyA = await insertAgency(db, `Konsole A ${hex()}`);
  nameB = `Konsole B ${hex()}`;
  agencyB = await insertAgency(db, nameB);
  adminAUser = uid("leitung_a");
  const a = await insertCounselor(db, adminAUser, [{ agencyId: agencyA, role: "agency_admin" }]);
  const bUser = uid("leitung_b");
  const b = await insertCounselor(db, bUser, [{ agencyId: agencyB, role: "agency_admin" }]);
  adminA = staffToken(app, { userId: adminAUser, counselorId: a, roles: [{ role: "agency_admin", agencyId: agencyA }] });
  adminB = staffToken(app, { userId: bUser, counselorId: b, roles: [{ role: "agency_admin", agencyId: agencyB }] });
  await app.lotseRouting.sync();
});

afterAll(async () => {
  if (db !== undefined) await retireAgenciesCreatedSince(db, fileStarted);
  await app?.close();
  await db?.close();
});

const patch = (token: string, id: string, body: unknown) => app.inject({ method: "PATCH", url: `/v1/admin/agencies/${id}`, headers: bearer(token), payload: body as object });
const check = (token: string, id: string, postcode: string, t = topic) =>
  app.inject({ url: `/v1/admin/agencies/${id}/routing-check?topic=${t}&postcode=${postcode}`, headers: bearer(token) });
const putRanges = (token: string, id: string, ranges: { from: string; to: string }[]) =>
  app.inject({ method: "PUT", url: `/v1/admin/agencies/${id}/topics/${topic}/ranges`, headers: bearer(token), payload: { ranges } });

describe("agency profile", () => {
  it("stores phone, opening hours, website, accessibility notes and on-site services, and refuses bad values whole", async () => {
    const profile = {
      phone: "+49 221 / 123 45-6",
      openingHours: "Mo–Fr 9–12 Uhr, Do 14–18 Uhr",
      website: `https://beratung-${hex()}.example/kontakt`,
      accessibilityNotes: "Eingang ebenerdig, Aufzug zum 2. Stock",
      onSiteServices: ["Schuldnerberatung vor Ort", "Dolmetschen"],
      address: "Hauptstraße 1",
      languages: ["de", "tr"],
      online: true,
      teamAgency: true,
      homeserverServerName: "beratung.example",
    };
    const res = await patch(adminA, agencyA, profile);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject(profile);
    const got = await app.inject({ url: `/v1/admin/agencies/${agencyA}`, headers: bearer(adminA) });
    expect(got.json()).toMatchObject(profile);

    // A bad field refuses the whole patch: the good name beside it is not written either.
    for (const [field, value] of [
      ["phone", "ruf mich an"],
      ["website", "javascript:alert(1)"],
      ["onSiteServices", ["Dolmetschen", "Dolmetschen"]],
      ["openingHours", "x".repeat(1001)],
    ] as const) {
      const bad = await patch(adminA, agencyA, { name: `Nie geschrieben ${hex()}`, [field]: value });
      expect(bad.statusCode, field).toBe(400);
      expect(bad.json()).toMatchObject({ errcode: "LOTSE_INVALID_INPUT", error: expect.stringContaining(`body/${field}`) });
    }
    const [row] = await db.sql<{ name: string; phone: string }[]>`select name, phone from agencies where id = ${agencyA}`;
    expect(row!.name).toMatch(/^Konsole A /);
    expect(row!.phone).toBe(profile.phone);

    // Cleared with null; another agency's admin gets nowhere.
    expect((await patch(adminA, agencyA, { phone: null, website: null })).json()).toMatchObject({ phone: null, website: null });
    expect((await patch(adminB, agencyA, { phone: "0221 1" })).statusCode).toBe(403);
    expect((await app.inject({ url: `/v1/admin/agencies/${agencyA}`, headers: bearer(adminB) })).statusCode).toBe(403);
  });
});

describe("routing check", () => {
  it("answers from the live routing index like the seeker search, counts other agencies without naming them", async () => {
    expect((await putRanges(adminA, agencyA, [{ from: "50600", to: "50699" }])).statusCode).toBe(200);
    expect((await check(adminA, agencyA, "50667")).json()).toEqual({ offered: true, whiteSpot: false, otherAgencies: 0, reason: null });
    expect((await check(adminA, agencyA, "51000")).json()).toEqual({ offered: false, whiteSpot: false, otherAgencies: 0, reason: "no_agency_in_area" });

    // The range moves: the very next check (and search) follows.
    expect((await putRanges(adminA, agencyA, [{ from: "51000", to: "51099" }])).statusCode).toBe(200);
    expect((await check(adminA, agencyA, "51000")).json()).toMatchObject({ offered: true });
    expect((await check(adminA, agencyA, "50667")).json()).toMatchObject({ offered: false });
    const search = await app.inject({ url: `/v1/agencies?topic=${topic}&postcode=51000&order=stable` });
    expect(search.json().map((a: { id: string }) => a.id)).toEqual([agencyA]);

    // Another agency in the same area: counted, never named.
    expect((await putRanges(adminB, agencyB, [{ from: "51000", to: "51999" }])).statusCode).toBe(200);
    const both = await check(adminA, agencyA, "51000");
    expect(both.json()).toEqual({ offered: true, whiteSpot: false, otherAgencies: 1, reason: null });
    expect(both.body).not.toContain(agencyB);
    expect(both.body).not.toContain(nameB);

    // Typed errors; another agency's admin cannot ask on A's behalf.
    expect((await check(adminA, agencyA, "5x")).json().errcode).toBe("LOTSE_INVALID_INPUT");
    expect((await check(adminA, agencyA, "510")).json()).toMatchObject({ errcode: "LOTSE_INVALID_INPUT", error: expect.stringContaining("at least 5 digits") });
    expect((await check(adminA, agencyA, "51000", `nope-${hex(3)}`)).json().errcode).toBe("LOTSE_UNKNOWN_TOPIC");
    expect((await check(adminB, agencyA, "51000")).statusCode).toBe(403);
  });
});

describe("the agency's audit log", () => {
  it("lists the agency's own changes only, filtered by who, what and when", async () => {
    await patch(adminA, agencyA, { openingHours: `Di 10–12 Uhr ${hex()}` });
    await patch(adminB, agencyB, { openingHours: "Mi 10–12 Uhr" });
    const all = await app.inject({ url: `/v1/admin/agencies/${agencyA}/audit`, headers: bearer(adminA) });
    expect(all.statusCode).toBe(200);
    const entries = all.json() as { actor: string; action: string; entityId: string; at: string }[];
    expect(entries.length).toBeGreaterThanOrEqual(3);
    expect(entries.every((e) => e.entityId === agencyA)).toBe(true);
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(["agency.update", "agency.ranges.replace"]));
    expect(all.body).not.toContain(agencyB);

    const q = (query: string) => app.inject({ url: `/v1/admin/agencies/${agencyA}/audit?${query}`, headers: bearer(adminA) });
    const ranges = (await q("action=agency.ranges")).json() as { action: string }[];
    expect(ranges.length).toBeGreaterThanOrEqual(2);
    expect(ranges.every((e) => e.action === "agency.ranges.replace")).toBe(true);
    const part = adminAUser.slice(1, 14).toUpperCase();
    expect(((await q(`actor=${encodeURIComponent(part)}`)).json() as unknown[]).length).toBe(entries.length);
    expect((await q("actor=niemand_%25")).json()).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await q(`from=${encodeURIComponent(future)}`)).json()).toEqual([]);
    const window = (await q(`from=${encodeURIComponent(fileStarted.toISOString())}&to=${encodeURIComponent(future)}`)).json() as unknown[];
    expect(window.length).toBe(entries.length);
    expect((await q(`from=${encodeURIComponent(future)}&to=${encodeURIComponent(fileStarted.toISOString())}`)).json().errcode).toBe("LOTSE_INVALID_INPUT");
    expect((await q("action=DROP TABLE")).json().errcode).toBe("LOTSE_INVALID_INPUT");

    expect((await app.inject({ url: `/v1/admin/agencies/${agencyA}/audit`, headers: bearer(adminB) })).statusCode).toBe(403);
    expect((await app.inject({ url: "/v1/admin/audit", headers: bearer(adminA) })).statusCode).toBe(403);
  });
});

describe("the agency's team as CSV", () => {
  const HEADER = "matrix_user_id,display_name,roles";
  const post = (token: string, id: string, csv: string, dryRun = false) =>
    app.inject({ method: "POST", url: `/v1/admin/agencies/${id}/import/counselors${dryRun ? "?dryRun=true" : ""}`, headers: { ...bearer(token), "content-type": "text/csv" }, payload: csv });
  const counts = async () => {
    const [r] = await db.sql<{ c: number; m: number; a: number }[]>`
      select (select count(*)::int from counselors) as c, (select count(*)::int from agency_memberships) as m, (select count(*)::int from audit_log) as a`;
    return r!;
  };
  const rolesIn = async (userId: string, agencyId: string) =>
    (await db.sql<{ role: string }[]>`
      select m.role from agency_memberships m join counselors c on c.id = m.counselor_id
      where c.matrix_user_id = ${userId} and m.agency_id = ${agencyId} order by m.role`).map((r) => r.role);

  it("previews, refuses bad lines with numbers and typed reasons writing nothing, then imports into the own agency only", async () => {
    const newbie = uid("neu");
    const onlyInB = uid("nur_b");
    await insertCounselor(db, onlyInB, [{ agencyId: agencyB, role: "counselor" }]);
    const [nameBefore] = await db.sql<{ n: string }[]>`select display_name as n from counselors where matrix_user_id = ${onlyInB}`;

    const bad = [
      HEADER,
      `${newbie},Neu Person,${agencyA}:counselor`,
      `kein-matrix-konto,Bert,${agencyA}:counselor`, // 3
      `${uid("x")},Clara,${agencyA}:chef`, // 4
      `${uid("y")},Deniz,${agencyB}:counselor`, // 5: another agency
      `${newbie},Doppelt,${agencyA}:counselor`, // 6
      `${uid("z")},Emil`, // 7
    ].join("\n");
    const before = await counts();
    for (const dryRun of [true, false]) {
      const res = await post(adminA, agencyA, bad, dryRun);
      expect(res.statusCode).toBe(400);
      expect(res.json().errcode).toBe("LOTSE_IMPORT_INVALID");
      expect(res.json().lines).toEqual([
        { line: 3, code: "invalid_field", field: "matrix_user_id", reason: expect.any(String) },
        { line: 4, code: "unknown_role", field: "roles", reason: expect.any(String) },
        { line: 5, code: "other_agency", field: "roles", reason: expect.any(String) },
        { line: 6, code: "duplicate", field: "matrix_user_id", reason: expect.any(String) },
        { line: 7, code: "field_count", reason: expect.any(String) },
      ]);
    }
    expect(await counts()).toEqual(before);

    const good = [HEADER, `${newbie},Neu Person,${agencyA}:counselor|${agencyA}:supervisor`, `${onlyInB},Umbenannt,${agencyA}:counselor`].join("\n");
    const preview = await post(adminA, agencyA, good, true);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toEqual({ created: 1, updated: 1 });
    expect(await counts()).toEqual(before);

    const done = await post(adminA, agencyA, good);
    expect(done.json()).toEqual({ created: 1, updated: 1 });
    expect(await rolesIn(newbie, agencyA)).toEqual(["counselor", "supervisor"]);
    expect(await rolesIn(onlyInB, agencyA)).toEqual(["counselor"]);
    // B's membership untouched, and the name of someone who was not A's is not A's to change.
    expect(await rolesIn(onlyInB, agencyB)).toEqual(["counselor"]);
    const [nameAfter] = await db.sql<{ n: string }[]>`select display_name as n from counselors where matrix_user_id = ${onlyInB}`;
    expect(nameAfter!.n).toBe(nameBefore!.n);
    const audit = (await app.inject({ url: `/v1/admin/agencies/${agencyA}/audit?action=import.counselors`, headers: bearer(adminA) })).json();
    expect(audit[0]).toMatchObject({ actor: adminAUser, details: { created: 1, updated: 1 } });

    // The export lists A's team with A's roles only, and importing it again changes no role.
    const exported = await app.inject({ url: `/v1/admin/agencies/${agencyA}/export/counselors.csv`, headers: bearer(adminA) });
    expect(exported.headers["content-type"]).toContain("text/csv");
    expect(exported.body).toContain(`${newbie},Neu Person,${agencyA}:counselor|${agencyA}:supervisor`);
    expect(exported.body).toContain(adminAUser);
    expect(exported.body).not.toContain(agencyB);
    const again = await post(adminA, agencyA, exported.body);
    expect(again.statusCode, again.body).toBe(200);
    expect(await rolesIn(newbie, agencyA)).toEqual(["counselor", "supervisor"]);

    // Another agency's admin: neither import nor export of A.
    expect((await post(adminB, agencyA, good)).statusCode).toBe(403);
    expect((await app.inject({ url: `/v1/admin/agencies/${agencyA}/export/counselors.csv`, headers: bearer(adminB) })).statusCode).toBe(403);
  });
});

describe("the policy list's bans", () => {
  it("reads the m.policy.rule.user rules of the policy-list room for platform admins only", async () => {
    const s = stack();
    const as = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${s.homeserverUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${s.asToken}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const platform = staffToken(app, { roles: [{ role: "platform_admin", agencyId: null }] });
    const alias = `#${s.userPrefix}policy:${s.serverName}`;
    // The room as the bridge makes it (or the bridge's own, when another test's bridge made it).
    let dir = await as("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    if (dir.status === 404) {
      const before = await app.inject({ url: "/v1/admin/policy-bans", headers: bearer(platform) });
      expect(before.json()).toEqual({ roomExists: false, rules: [] });
      const created = await as("POST", "/_matrix/client/v3/createRoom", { room_alias_name: `${s.userPrefix}policy`, preset: "private_chat" });
      expect(created.status).toBe(200);
      dir = await as("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    }
    const roomId = dir.json.room_id as string;
    const entity = `@stoerer_${hex()}:${s.serverName}`;
    const key = `rule:${hex()}`;
    const put = (content: unknown) => as("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.policy.rule.user/${encodeURIComponent(key)}`, content);
    expect((await put({ entity, recommendation: "m.ban", reason: "Beleidigungen" })).status).toBe(200);
    try {
      const res = await app.inject({ url: "/v1/admin/policy-bans", headers: bearer(platform) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().roomExists).toBe(true);
      expect(res.json().rules).toContainEqual({ entity, recommendation: "m.ban", reason: "Beleidigungen" });
      expect((await app.inject({ url: "/v1/admin/policy-bans", headers: bearer(adminA) })).statusCode).toBe(403);
    } finally {
      // A removed rule is an empty state event: gone from the list.
      await put({});
    }
    const after = await app.inject({ url: "/v1/admin/policy-bans", headers: bearer(platform) });
    expect(after.json().rules.map((r: { entity: string }) => r.entity)).not.toContain(entity);
  });

  it("platform admins write a ban with its reason and lift it again: the rule in the policy-list room, an audit row each; bad input writes nothing", async () => {
    const s = stack();
    const as = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(`${s.homeserverUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${s.asToken}`, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const alias = `#${s.userPrefix}policy:${s.serverName}`;
    let dir = await as("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    if (dir.status === 404) {
      await as("POST", "/_matrix/client/v3/createRoom", { room_alias_name: `${s.userPrefix}policy`, preset: "private_chat" });
      dir = await as("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    }
    const roomId = dir.json.room_id as string;
    const stateOf = async (key: string) => as("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.policy.rule.user/${encodeURIComponent(key)}`);
    const platformUser = `@plattform_${hex()}:${s.serverName}`;
    await db.sql`insert into platform_admins (matrix_user_id) values (${platformUser})`;
    const platform = staffToken(app, { userId: platformUser, roles: [{ role: "platform_admin", agencyId: null }] });
    const auditCount = async () => Number((await db.sql<{ n: number }[]>`select count(*)::int as n from audit_log where entity_type = 'policy_ban'`)[0]!.n);
    const ruleCount = async () => ((await app.inject({ url: "/v1/admin/policy-bans", headers: bearer(platform) })).json().rules as unknown[]).length;
    try {
      // Refused, nothing written: not a Matrix ID, a glob that catches a platform admin or the bot, no reason; not a platform admin.
      const [audits, rules] = [await auditCount(), await ruleCount()];
      for (const body of [
        { entity: "keine-id", reason: "x" },
        { entity: `@plattform_*:${s.serverName}`, reason: "zu breit" },
        { entity: "@*:*", reason: "alle" },
        { entity: `@x_${hex()}:${s.serverName}`, reason: "   " },
        { entity: `@x_${hex()}:${s.serverName}` },
      ]) {
        const res = await app.inject({ method: "POST", url: "/v1/admin/policy-bans", headers: bearer(platform), payload: body });
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().errcode).toBe("LOTSE_INVALID_INPUT");
      }
      const entity = `@stoerer_${hex()}:${s.serverName}`;
      expect((await app.inject({ method: "POST", url: "/v1/admin/policy-bans", headers: bearer(adminA), payload: { entity, reason: "x" } })).statusCode).toBe(403);
      expect([await auditCount(), await ruleCount()]).toEqual([audits, rules]);

      // Written: the state event a Matrix client would set, and who did it in the audit log.
      const added = await app.inject({ method: "POST", url: "/v1/admin/policy-bans", headers: bearer(platform), payload: { entity, reason: "Beleidigungen" } });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json()).toEqual({ entity, recommendation: "m.ban", reason: "Beleidigungen" });
      expect((await stateOf(`rule:${entity}`)).json).toEqual({ entity, recommendation: "m.ban", reason: "Beleidigungen" });
      expect((await app.inject({ url: "/v1/admin/policy-bans", headers: bearer(platform) })).json().rules).toContainEqual({ entity, recommendation: "m.ban", reason: "Beleidigungen" });
      const [add] = await db.sql<{ actor: string; action: string; entity_id: string; details: { reason: string } }[]>`
        select actor, action, entity_id, details from audit_log where entity_type = 'policy_ban' and entity_id = ${entity} order by id`;
      expect(add).toMatchObject({ actor: platformUser, action: "policy_ban.add", entity_id: entity, details: { reason: "Beleidigungen" } });

      // A rule a Matrix client wrote under its own state key is lifted too.
      const other = `@anderer_${hex()}:${s.serverName}`;
      await as("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.policy.rule.user/${encodeURIComponent(`eigener-schluessel-${hex()}`)}`, { entity: other, recommendation: "m.ban", reason: "aus Element" });
      for (const e of [entity, other]) {
        const del = await app.inject({ method: "DELETE", url: `/v1/admin/policy-bans/${encodeURIComponent(e)}`, headers: bearer(platform) });
        expect(del.statusCode, del.body).toBe(204);
      }
      expect((await stateOf(`rule:${entity}`)).json).toEqual({});
      const after = (await app.inject({ url: "/v1/admin/policy-bans", headers: bearer(platform) })).json().rules.map((r: { entity: string }) => r.entity);
      expect(after).not.toContain(entity);
      expect(after).not.toContain(other);
      const actions = await db.sql<{ action: string }[]>`select action from audit_log where entity_type = 'policy_ban' and entity_id = any(${[entity, other]}::text[]) order by id`;
      expect(actions.map((a) => a.action)).toEqual(["policy_ban.add", "policy_ban.remove", "policy_ban.remove"]);
      // Nothing left to lift: 404, no audit row.
      const again = await app.inject({ method: "DELETE", url: `/v1/admin/policy-bans/${encodeURIComponent(entity)}`, headers: bearer(platform) });
      expect(again.statusCode).toBe(404);
      expect(await auditCount()).toBe(audits + 3);
    } finally {
      await db.sql`delete from platform_admins where matrix_user_id = ${platformUser}`;
    }
  });
});
