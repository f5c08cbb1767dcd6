// Topics, agency search, health, OpenAPI, unknown routes, database outage, rate limits, CORS,
// and what the logs must never contain.
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, topicSeeds, type DbHandle } from "@lotse/store";
import { loggerOptions } from "../src/logging.ts";
import {
  bearer,
  buildTestApp,
  createAgency,
  openDb,
  REGISTRATION_DEFAULTS,
  rowCounts,
  stack,
  testConfig,
  uniquePseudonym,
} from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("GET /v1/topics", () => {
  it("returns the 22 seeded topics with their names in every language", async () => {
    const res = await app.inject({ url: "/v1/topics" });
    expect(res.statusCode).toBe(200);
    const topics = res.json() as { id: string; name: { de: string; en: string } }[];
    for (const seed of topicSeeds) {
      expect(topics).toContainEqual({ id: seed.id, name: { de: seed.nameDe, en: seed.nameEn, ...seed.names } });
    }
  });
});

describe("GET /v1/agencies", () => {
  let inRange: { id: string; name: string; city: string };
  let edge: { id: string; name: string; city: string };
  let otherTopic: { id: string };
  let otherArea: { id: string };
  beforeAll(async () => {
    // A topic of our own, so agencies other runs or the demo data created do not interfere.
    const topic = `test-${crypto.randomUUID().slice(0, 8)}`;
    await db.sql`insert into topics (id, name_de, name_en) values (${topic}, 'Testthema', 'Test topic')`;
    inRange = await createAgency(db.db, { topics: [topic], ranges: [["20000", "20999"], ["50000", "50999"]], city: "Hamburg" });
    edge = await createAgency(db.db, { topics: [topic, "sucht"], ranges: [["20999", "21000"]], city: "Kiel" });
    otherTopic = await createAgency(db.db, { topics: ["sucht"], ranges: [["20000", "20999"]] });
    otherArea = await createAgency(db.db, { topics: [topic], ranges: [["30000", "30999"]] });
    // Rows written straight to the database reach the in-memory routing index by NOTIFY.
    await app.lotseRouting.sync();
    (globalThis as Record<string, unknown>)["__topic"] = topic;
  });
  const topic = () => (globalThis as Record<string, unknown>)["__topic"] as string;

  it("returns agencies serving the topic whose ranges contain the postcode (inclusive)", async () => {
    const ids = async (postcode: string) => {
      const res = await app.inject({ url: `/v1/agencies?topic=${topic()}&postcode=${postcode}` });
      expect(res.statusCode).toBe(200);
      return (res.json() as { id: string }[]).map((a) => a.id).sort();
    };
    expect(await ids("20500")).toEqual([inRange.id]);
    expect(await ids("20999")).toEqual([inRange.id, edge.id].sort());
    expect(await ids("21000")).toEqual([edge.id]);
    expect(await ids("50000")).toEqual([inRange.id]);
    expect(await ids("19999")).toEqual([]);
    expect(await ids("30000")).toEqual([otherArea.id]);
    expect(await ids("20000")).not.toContain(otherTopic.id);
  });

  it("answers with id, name, city, languages and the white-spot flag", async () => {
    const res = await app.inject({ url: `/v1/agencies?topic=${topic()}&postcode=20500` });
    expect(res.json()).toEqual([{ id: inRange.id, name: inRange.name, city: "Hamburg", languages: ["de"], whiteSpot: false }]);
  });

  it.each([
    ["postcode with 4 digits (topic minimum 5)", "postcode=2050", 400, "LOTSE_INVALID_INPUT"],
    ["postcode with letters", "postcode=2050a", 400, "LOTSE_INVALID_INPUT"],
    ["postcode with 6 digits", "postcode=205000", 400, "LOTSE_INVALID_INPUT"],
    ["no postcode", "", 400, "LOTSE_INVALID_INPUT"],
  ])("%s → 400", async (_l, q, status, errcode) => {
    const res = await app.inject({ url: `/v1/agencies?topic=${topic()}&${q}` });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ errcode, error: expect.stringContaining("postcode") });
  });

  it("unknown topic → 404 LOTSE_UNKNOWN_TOPIC", async () => {
    const res = await app.inject({ url: "/v1/agencies?topic=no-such-topic&postcode=20500" });
    expect(res.statusCode).toBe(404);
    expect(res.json().errcode).toBe("LOTSE_UNKNOWN_TOPIC");
  });
});

describe("GET /health", () => {
  it("is 200 with the real stack", async () => {
    const res = await app.inject({ url: "/health" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: "ok", db: "ok", homeserver: "ok" });
  });

  it("is 503 with an unreachable homeserver", async () => {
    const down = await buildTestApp(testConfig(stack(), { LOTSE_HOMESERVER_URL: "http://127.0.0.1:1" }), db);
    try {
      const res = await down.inject({ url: "/health" });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: "degraded", db: "ok", homeserver: "down" });
    } finally {
      await down.close();
    }
  });

  it("is 503 with an unreachable database, and routes answer 503 LOTSE_UNAVAILABLE", async () => {
    const deadDb = createDb("postgres://nobody@127.0.0.1:1/none", { connectTimeout: 2 });
    const down = await buildTestApp(testConfig(stack()), deadDb);
    try {
      const health = await down.inject({ url: "/health" });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: "degraded", db: "down", homeserver: "ok" });
      const topics = await down.inject({ url: "/v1/topics" });
      expect(topics.statusCode).toBe(503);
      expect(topics.json()).toEqual({ errcode: "LOTSE_UNAVAILABLE", error: expect.any(String) });
      expect(topics.body).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    } finally {
      await down.close();
      await deadDb.close();
    }
  });
});

describe("misc", () => {
  it("serves an OpenAPI document at /docs/json", async () => {
    const res = await app.inject({ url: "/docs/json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of ["/health", "/v1/topics", "/v1/agencies", "/v1/seekers", "/v1/login", "/v1/matrix/session", "/v1/cases"]) {
      expect(doc.paths).toHaveProperty(p);
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("unknown route → 404 LOTSE_NOT_FOUND", async () => {
    const res = await app.inject({ url: "/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ errcode: "LOTSE_NOT_FOUND", error: expect.any(String) });
  });

  it("CORS: allows the configured origins only", async () => {
    const preflight = (origin: string) =>
      app.inject({
        method: "OPTIONS",
        url: "/v1/seekers",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
      });
    const ok = await preflight("http://localhost:8080");
    expect(ok.headers["access-control-allow-origin"]).toBe("http://localhost:8080");
    const bad = await preflight("https://evil.example");
    expect(bad.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("rate-limits login and registration with LOTSE_RATE_LIMITED", async () => {
    const limited = await buildTestApp(testConfig(stack(), { LOTSE_RATE_LIMIT_MAX: "2" }), db);
    try {
      const login = () => limited.inject({ method: "POST", url: "/v1/login", payload: { username: "nobody here", password: "whatever1" } });
      expect((await login()).statusCode).toBe(401);
      expect((await login()).statusCode).toBe(401);
      const third = await login();
      expect(third.statusCode).toBe(429);
      expect(third.json()).toEqual({ errcode: "LOTSE_RATE_LIMITED", error: expect.any(String) });

      const before = await rowCounts(db);
      const reg = () => limited.inject({ method: "POST", url: "/v1/seekers", payload: { username: "x" } });
      await reg();
      await reg();
      const r3 = await reg();
      expect(r3.statusCode).toBe(429);
      expect(await rowCounts(db)).toEqual(before);
      // Other routes are not limited.
      expect((await limited.inject({ url: "/v1/topics" })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("logs no pseudonym, password, e-mail, token or postcode", async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logged = await buildTestApp(testConfig(stack()), db, { ...loggerOptions("trace"), stream });
    try {
      const username = uniquePseudonym("Secretname");
      const email = `${crypto.randomUUID()}@example.org`;
      const password = "a very secret password";
      const reg = await logged.inject({
        method: "POST",
        url: "/v1/seekers",
        payload: { ...REGISTRATION_DEFAULTS, username, password, email, postcode: "13579" },
      });
      expect(reg.statusCode).toBe(201);
      const { token } = reg.json();
      await logged.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username, password, email } }); // 409
      await logged.inject({ method: "POST", url: "/v1/login", payload: { username, password } });
      await logged.inject({ method: "POST", url: "/v1/login", payload: { username, password: `${password}x` } });
      await logged.inject({ url: "/v1/cases", headers: bearer(token) });
      await logged.inject({ url: "/v1/agencies?topic=suizid&postcode=13579" });
      // A route with an id in its path: the log has the pattern, not the case's id.
      const agency = await createAgency(db.db, { topics: ["sucht"], ranges: [["13000", "13999"]] });
      const opened = await logged.inject({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "sucht", agencyId: agency.id } });
      expect(opened.statusCode).toBe(201);
      const { caseId } = opened.json() as { caseId: string };
      expect((await logged.inject({ url: `/v1/cases/${caseId}/local-help`, headers: bearer(token) })).statusCode).toBe(200);
      await logged.inject({ url: `/v1/no-such-route/${caseId}` });
      // Only strings and keys count: numbers (timestamps, response times) can contain any five
      // digits by chance and made this test flaky.
      const strings = (v: unknown): string[] =>
        typeof v === "string"
          ? [v]
          : v && typeof v === "object"
            ? Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)])
            : [];
      const text = lines.flatMap((l) => strings(JSON.parse(l))).join("\n");
      expect(lines.length).toBeGreaterThan(5);
      expect(text).toContain("/v1/cases/:caseId/local-help");
      for (const secret of [username, username.toLowerCase(), email, password, token, token.split(".")[2]!, "13579", "suizid", caseId, agency.id]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await logged.close();
    }
  });
});
