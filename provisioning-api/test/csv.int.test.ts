// CSV import/export of agencies (with ranges per topic) and counselors (with roles): all or
// nothing, every bad line reported with its number and reason, exports that the import accepts.
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@lotse/store";
import { bearer, buildTestApp, openDb, stack, testConfig } from "./helpers.ts";
import { insertAgency, staffToken, retireAgenciesCreatedSince } from "./authHelpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let token: string;
let actor: string;

const fileStarted = new Date();

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
  actor = `@csv_${randomBytes(4).toString("hex")}:localhost`;
  token = staffToken(app, { userId: actor, roles: [{ role: "platform_admin", agencyId: null }] });
});

afterAll(async () => {
  if (db !== undefined) await retireAgenciesCreatedSince(db, fileStarted);
  await app?.close();
  await db?.close();
});

/** The header before the profile columns: still imported (the profiles stay as they are). */
const HEADER = "id,name,city,address,postcode,description,languages,online,team_agency,homeserver_server_name,topics";
/** What the export writes: the profile a visit needs after the routing columns (issue 15). */
const EXPORT_HEADER = `${HEADER},phone,opening_hours,website,accessibility_notes,on_site_services`;

const post = (kind: "agencies" | "counselors", csv: string, t = token) =>
  app.inject({ method: "POST", url: `/v1/admin/import/${kind}`, headers: { ...bearer(t), "content-type": "text/csv" }, payload: csv });

async function counts() {
  const [r] = await db.sql<{ agencies: number; ranges: number; counselors: number; memberships: number; audit: number }[]>`
    select (select count(*)::int from agencies) as agencies, (select count(*)::int from agency_postcode_ranges) as ranges,
           (select count(*)::int from counselors) as counselors, (select count(*)::int from agency_memberships) as memberships,
           (select count(*)::int from audit_log) as audit`;
  return r!;
}

describe("agencies CSV", () => {
  it("a file with three bad lines imports nothing and names the three lines with reasons", async () => {
    const name = `Import ${randomUUID()}`;
    const csv = [
      HEADER,
      `,${name} 1,Köln,,50667,,de,true,false,,sucht:50000-50999`,
      `,${name} 2,Köln,,5066,,de,true,false,,sucht:50000-50999`, // line 3: postcode
      `,${name} 3,Köln,,,,de,true,false,,keine-ahnung:50000-50999`, // line 4: unknown topic
      `,${name} 4,Köln,,,,de,maybe,false,,sucht:50000-50999`, // line 5: online
      `,${name} 5,"Köln, Innenstadt",,,"Beschreibung, mit Komma",de|tr,true,false,,sucht:50000-50999 51000-51099;schulden:`,
    ].join("\n");
    const before = await counts();
    const res = await post("agencies", csv);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.errcode).toBe("LOTSE_IMPORT_INVALID");
    expect(body.lines).toEqual([
      { line: 3, code: "invalid_field", field: "postcode", reason: expect.stringContaining("postcode") },
      { line: 4, code: "unknown_topic", field: "topics", reason: expect.stringContaining("unknown topic keine-ahnung") },
      { line: 5, code: "invalid_field", field: "online", reason: expect.stringContaining("online") },
    ]);
    expect(await counts()).toEqual(before);
  });

  it("reports reversed ranges, duplicate ids, wrong field counts and a wrong header", async () => {
    const id = randomUUID();
    const csv = [
      HEADER,
      `${id},A,Köln,,,,de,true,false,,sucht:50999-50000`,
      `${id},B,Köln,,,,de,true,false,,sucht:50000-50999`,
      `${id},C,Köln,,,,de,true,false,,sucht:50000-50999`,
      `,D,Köln,,,,de,true,false`,
    ].join("\n");
    const res = await post("agencies", csv);
    expect(res.json().lines).toEqual([
      { line: 2, code: "bad_topics", field: "topics", reason: expect.stringContaining("ends before it starts") },
      { line: 4, code: "duplicate", field: "id", reason: "id: same agency as line 3" },
      { line: 5, code: "field_count", reason: "expected 11 fields, found 9" },
    ]);
    const wrongHeader = await post("agencies", "name,city\nA,B");
    expect(wrongHeader.json().lines).toEqual([{ line: 1, code: "header", reason: expect.stringContaining("header must be") }]);
  });

  it("imports a valid file in one go: agencies, topics, ranges, audit; the next search finds them", async () => {
    const topic = `csv-${randomUUID().slice(0, 8)}`;
    await db.sql`insert into topics (id, name_de, name_en) values (${topic}, 'CSV', 'CSV')`;
    await app.lotseRouting.sync();
    const fixedId = randomUUID();
    const csv = [
      HEADER,
      `${fixedId},CSV Eins,Bonn,Markt 1,53111,"Zeile 1\nZeile 2",de|ar,true,true,agency.example,${topic}:53000-53999`,
      `,CSV Zwei,Bonn,,,,de,true,false,,${topic}:53100-53199 53500-53599`,
    ].join("\n");
    const res = await post("agencies", csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0 });
    const found = await app.inject({ url: `/v1/agencies?topic=${topic}&postcode=53150&order=stable` });
    expect(found.json().map((a: { name: string }) => a.name)).toEqual(["CSV Eins", "CSV Zwei"]);
    const one = await db.sql`select name, description, languages, team_agency, homeserver_server_name from agencies where id = ${fixedId}`;
    expect(one[0]).toEqual({ name: "CSV Eins", description: "Zeile 1\nZeile 2", languages: ["de", "ar"], team_agency: true, homeserver_server_name: "agency.example" });
    const audit = await db.sql<{ action: string }[]>`select action from audit_log where actor = ${actor} order by id desc limit 3`;
    expect(audit.map((a) => a.action)).toEqual(["import.agencies", "agency.import", "agency.import"]);
  });

  it("round trip: the export imports without change (updates only) and exports the same file", async () => {
    const agency = await insertAgency(db, `Roundtrip "quoted", ${randomUUID()}`);
    await db.sql`insert into agency_topics (agency_id, topic_id) values (${agency}, 'sucht'), (${agency}, 'trauer')`;
    await db.sql`insert into agency_postcode_ranges (agency_id, topic_id, from_postcode, to_postcode) values (${agency}, 'sucht', '10000', '10999'), (${agency}, 'sucht', '12000', '12099')`;
    const first = await app.inject({ url: "/v1/admin/export/agencies.csv", headers: bearer(token) });
    expect(first.statusCode).toBe(200);
    expect(first.headers["content-type"]).toMatch(/^text\/csv/);
    expect(first.body.split("\n")[0]).toBe(EXPORT_HEADER);
    expect(first.body).toContain(`${agency},"Roundtrip ""quoted"", `);
    expect(first.body).toMatch(new RegExp(`${agency},.*,sucht:10000-10999 12000-12099;trauer:,,,,,\\n`));
    const [live] = await db.sql<{ n: number }[]>`select count(*)::int as n from agencies where deleted_at is null`;
    const re = await post("agencies", first.body);
    expect(re.statusCode, re.body).toBe(200);
    expect(re.json().created).toBe(0);
    expect(re.json().updated).toBe(live!.n);
    const second = await app.inject({ url: "/v1/admin/export/agencies.csv", headers: bearer(token) });
    expect(second.body).toBe(first.body);
  });

  it("only platform admins import; an agency admin gets 403 and nothing changes", async () => {
    const agencyAdmin = staffToken(app, { roles: [{ role: "agency_admin", agencyId: randomUUID() }] });
    const before = await counts();
    const res = await post("agencies", `${HEADER}\n,X,Y,,,,de,true,false,,`, agencyAdmin);
    expect(res.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe("counselors CSV", () => {
  it("three bad lines → nothing imported, three errors; then a valid file; round trip", async () => {
    const a = await insertAgency(db);
    const b = await insertAgency(db);
    const u = (n: string) => `@imp_${n}_${randomBytes(3).toString("hex")}:localhost`;
    const good1 = u("a");
    const good2 = u("b");
    const bad = [
      "matrix_user_id,display_name,roles",
      `${good1},CSV-Anna,${a}:counselor|${a}:agency_admin`,
      `not-a-user-id,CSV-Bert,${a}:counselor`, // 3
      `${u("c")},CSV-Clara,${a}:chief`, // 4
      `${u("d")},CSV-Deniz,${randomUUID()}:counselor`, // 5
      `${good2},CSV-Emil,${b}:supervisor`,
    ].join("\n");
    const before = await counts();
    const res = await post("counselors", bad);
    expect(res.statusCode).toBe(400);
    expect(res.json().lines).toEqual([
      { line: 3, code: "invalid_field", field: "matrix_user_id", reason: expect.stringContaining("matrix_user_id") },
      { line: 4, code: "unknown_role", field: "roles", reason: expect.stringContaining("unknown role chief") },
      { line: 5, code: "unknown_agency", field: "roles", reason: expect.stringContaining("unknown agency") },
    ]);
    expect(await counts()).toEqual(before);

    const ok = ["matrix_user_id,display_name,roles", `${good1},CSV-Anna,${a}:counselor|${a}:agency_admin`, `${good2},CSV-Emil,${b}:supervisor`].join("\n");
    const imported = await post("counselors", ok);
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ created: 2, updated: 0 });
    const roles = await db.sql<{ role: string }[]>`
      select m.role from agency_memberships m join counselors c on c.id = m.counselor_id where c.matrix_user_id = ${good1} order by m.role`;
    expect(roles.map((r) => r.role)).toEqual(["agency_admin", "counselor"]);

    const first = await app.inject({ url: "/v1/admin/export/counselors.csv", headers: bearer(token) });
    expect(first.body).toContain(`${good1},CSV-Anna,${a}:agency_admin|${a}:counselor`);
    const again = await post("counselors", first.body);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().created).toBe(0);
    const second = await app.inject({ url: "/v1/admin/export/counselors.csv", headers: bearer(token) });
    expect(second.body).toBe(first.body);
  });
});
