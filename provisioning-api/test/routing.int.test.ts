// GET /v1/agencies from the in-memory routing index: response shape, reasons, white spots,
// language filter, prefixes, order, and that changes reach the index — written by hand in SQL,
// seen by this process and by a second API process (LISTEN/NOTIFY).
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@lotse/store";
import { buildTestApp, createAgency, openDb, stack, testConfig } from "./helpers.ts";
import { retireAgenciesCreatedSince } from "./authHelpers.ts";

let db: DbHandle;
let db2: DbHandle;
let app: FastifyInstance;
let other: FastifyInstance;
let topic: string;

async function search(a: FastifyInstance, query: string) {
  const res = await a.inject({ url: `/v1/agencies?topic=${topic}&${query}` });
  return { status: res.statusCode, body: res.json() as { id: string; whiteSpot: boolean; languages: string[] }[], headers: res.headers };
}
const ids = async (a: FastifyInstance, query: string) => (await search(a, query)).body.map((x) => x.id).sort();

const fileStarted = new Date();

beforeAll(async () => {
  db = openDb(stack());
  db2 = openDb(stack());
  topic = `rt-${randomUUID().slice(0, 8)}`;
  await db.sql`insert into topics (id, name_de, name_en, min_postcode_length) values (${topic}, 'Routingtest', 'Routing test', 3)`;
  app = await buildTestApp(testConfig(stack()), db);
  other = await buildTestApp(testConfig(stack()), db2);
});

afterAll(async () => {
  if (db !== undefined) await retireAgenciesCreatedSince(db, fileStarted);
  await app?.close();
  await other?.close();
  await db?.close();
  await db2?.close();
});

describe("routing index", () => {
  let a: { id: string };
  let b: { id: string };

  it("sees agencies written in SQL after the notification, in this and another process", async () => {
    a = await createAgency(db.db, { topics: [topic], ranges: [["40000", "40499"]], city: "Düsseldorf" });
    b = await createAgency(db.db, { topics: [topic], ranges: [["40500", "40999"], ["41000", "41000"]], city: "Neuss" });
    await db.sql`update agencies set languages = '{de,tr}' where id = ${b.id}`;
    await app.lotseRouting.sync();
    await other.lotseRouting.sync();
    for (const x of [app, other]) {
      expect(await ids(x, "postcode=40210")).toEqual([a.id]);
      expect(await ids(x, "postcode=41000")).toEqual([b.id]);
      expect(await ids(x, "postcode=404")).toEqual([a.id]);
      expect(await ids(x, "postcode=409")).toEqual([b.id]);
    }
  });

  it("matches prefixes from the topic's minimum length; shorter is 400 naming the postcode", async () => {
    expect(await ids(app, "postcode=410")).toEqual([b.id]);
    const res = await search(app, "postcode=40");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errcode: "LOTSE_INVALID_INPUT", error: expect.stringContaining("at least 3 digits") });
  });

  it("filters by language and returns each agency's languages", async () => {
    const res = await search(app, "postcode=409&language=tr");
    expect(res.body).toEqual([expect.objectContaining({ id: b.id, languages: ["de", "tr"], whiteSpot: false })]);
    const none = await search(app, "postcode=40210&language=tr");
    expect(none.body).toEqual([]);
    expect(none.headers["x-lotse-routing-reason"]).toBe("no_agency_for_language");
  });

  it("empty result carries a machine-readable reason", async () => {
    const res = await search(app, "postcode=80331");
    expect(res.status).toBe(200);
    expect(res.body).toEqual([]);
    expect(res.headers["x-lotse-routing-reason"]).toBe("no_agency_in_area");
  });

  it("taking an agency offline or deleting it removes it from the next search (both processes)", async () => {
    await db.sql`update agencies set online = false where id = ${a.id}`;
    await app.lotseRouting.sync();
    await other.lotseRouting.sync();
    expect(await ids(app, "postcode=40210")).toEqual([]);
    expect(await ids(other, "postcode=40210")).toEqual([]);
    await db.sql`update agencies set online = true, deleted_at = now() where id = ${a.id}`;
    await other.lotseRouting.sync();
    expect(await ids(other, "postcode=40210")).toEqual([]);
    await db.sql`update agencies set deleted_at = null where id = ${a.id}`;
    await other.lotseRouting.sync();
    expect(await ids(other, "postcode=40210")).toEqual([a.id]);
  });

  it("range edits and removed ranges are picked up", async () => {
    await db.sql`update agency_postcode_ranges set to_postcode = '40599' where agency_id = ${a.id}`;
    await db.sql`delete from agency_postcode_ranges where agency_id = ${b.id} and from_postcode = '40500'`;
    await other.lotseRouting.sync();
    expect(await ids(other, "postcode=40550")).toEqual([a.id]);
    expect(await ids(other, "postcode=40800")).toEqual([]);
  });

  it("falls back to the topic's white-spot agency, flagged in body and header", async () => {
    const ws = await createAgency(db.db, { topics: [topic], ranges: [], city: "Bundesweit" });
    await db.sql`update topics set white_spot_agency_id = ${ws.id} where id = ${topic}`;
    await other.lotseRouting.sync();
    const res = await search(other, "postcode=80331");
    expect(res.body).toEqual([expect.objectContaining({ id: ws.id, whiteSpot: true })]);
    expect(res.headers["x-lotse-routing"]).toBe("white_spot");
    expect(res.headers["x-lotse-routing-reason"]).toBeUndefined();
    // A local match wins over the white spot.
    expect(await ids(other, "postcode=40210")).toEqual([a.id]);
  });

  it("order=stable is by name; a seed gives a reproducible shuffle; default order varies", async () => {
    const many = [];
    for (let i = 0; i < 6; i++) many.push(await createAgency(db.db, { topics: [topic], ranges: [["70000", "70999"]] }));
    await app.lotseRouting.sync();
    const names = async (q: string) => (await app.inject({ url: `/v1/agencies?topic=${topic}&postcode=70173&${q}` })).json().map((x: { name: string }) => x.name) as string[];
    const stable = await names("order=stable");
    expect(stable).toEqual([...stable].sort());
    expect(stable).toHaveLength(6);
    expect(await names("seed=7")).toEqual(await names("seed=7"));
    const firsts = new Set<string>();
    for (let i = 0; i < 60; i++) firsts.add((await names(""))[0]!);
    // 60 fair shuffles of 6 agencies with only one distinct first agency: p = 6 * (1/6)^60.
    expect(firsts.size).toBeGreaterThan(1);
  });

  it("unknown topic → 404 LOTSE_UNKNOWN_TOPIC, a topic added later is known after the notification", async () => {
    const later = `rt-${randomUUID().slice(0, 8)}`;
    expect((await app.inject({ url: `/v1/agencies?topic=${later}&postcode=10115` })).json().errcode).toBe("LOTSE_UNKNOWN_TOPIC");
    await db.sql`insert into topics (id, name_de, name_en) values (${later}, 'Später', 'Later')`;
    await app.lotseRouting.sync();
    const res = await app.inject({ url: `/v1/agencies?topic=${later}&postcode=10115` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["x-lotse-routing-reason"]).toBe("no_agency_in_area");
  });
});
