// Opening and listing cases: the case row, its room job and the NOTIFY are written together;
// bad input and bad tokens get typed errors and write nothing.
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agencies, cases, roomJobs, ROOM_JOBS_CHANNEL, topicSeeds, type DbHandle } from "@lotse/store";
import {
  bearer,
  buildTestApp,
  createAgency,
  JWT_SECRET,
  openDb,
  REGISTRATION_DEFAULTS,
  rowCounts,
  signJwt,
  stack,
  testConfig,
  uniquePseudonym,
} from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let token: string;
let seekerId: string;
let agency: { id: string; name: string; city: string };
let otherAgency: { id: string; name: string; city: string };

beforeAll(async () => {
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s), db);
  const res = await app.inject({
    method: "POST",
    url: "/v1/seekers",
    payload: { ...REGISTRATION_DEFAULTS, username: uniquePseudonym("Case") },
  });
  expect(res.statusCode).toBe(201);
  ({ token, seekerId } = res.json());
  agency = await createAgency(db.db, { topics: ["sucht", "schulden"], ranges: [["10000", "14999"]], city: "Berlin" });
  otherAgency = await createAgency(db.db, { topics: ["trauer"], ranges: [["00000", "99999"]] });
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

function openCase(body: unknown, headers: Record<string, string> = bearer(token)) {
  return app.inject({ method: "POST", url: "/v1/cases", payload: body as object, headers });
}

describe("POST /v1/cases", () => {
  it("refuses an agency that is offline (409, nothing written)", async () => {
    const offline = await createAgency(db.db, { topics: ["sucht"], ranges: [["10000", "10999"]] });
    await db.db.update(agencies).set({ online: false }).where(eq(agencies.id, offline.id));
    const before = await rowCounts(db);
    const res = await openCase({ topic: "sucht", agencyId: offline.id });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ errcode: "LOTSE_CONFLICT", error: expect.stringContaining("not taking enquiries online") });
    expect(await rowCounts(db)).toEqual(before);
  });

  it("limits the cases one seeker opens in 24 hours (429 + Retry-After, nothing written); other seekers are not affected", async () => {
    const limited = await buildTestApp(testConfig(stack(), { LOTSE_CASES_PER_SEEKER_PER_DAY: "2" }), db);
    try {
      const register = async () =>
        (await limited.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: uniquePseudonym("Limit") } })).json() as {
          token: string;
          seekerId: string;
        };
      const busy = await register();
      const open = (t: string) => limited.inject({ method: "POST", url: "/v1/cases", payload: { topic: "sucht", agencyId: agency.id }, headers: bearer(t) });
      const first = await open(busy.token);
      expect(first.statusCode, first.body).toBe(201);
      expect((await open(busy.token)).statusCode).toBe(201);
      const before = await rowCounts(db);
      const third = await open(busy.token);
      expect(third.statusCode).toBe(429);
      expect(third.json()).toEqual({ errcode: "LOTSE_RATE_LIMITED", error: expect.any(String) });
      const retry = Number(third.headers["retry-after"]);
      expect(retry).toBeGreaterThan(23 * 3600);
      expect(retry).toBeLessThanOrEqual(24 * 3600);
      expect(await rowCounts(db)).toEqual(before);
      // A case opened a day ago no longer counts.
      await db.db.update(cases).set({ createdAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(cases.seekerId, busy.seekerId));
      expect((await open(busy.token)).statusCode).toBe(201);
      expect((await open((await register()).token)).statusCode).toBe(201);
    } finally {
      await limited.close();
    }
  });

  it("writes case + room job + NOTIFY together; GET /v1/cases lists it first", async () => {
    const received: string[] = [];
    const listener = await db.sql.listen(ROOM_JOBS_CHANNEL, (payload) => received.push(payload));
    try {
      const before = await rowCounts(db);
      const res = await openCase({ topic: "sucht", agencyId: agency.id });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toEqual({ caseId: expect.any(String), caseNumber: expect.any(Number), roomId: null, status: "new" });
      expect(await rowCounts(db)).toEqual({ ...before, cases: before.cases + 1, roomJobs: before.roomJobs + 1 });

      const [c] = await db.db.select().from(cases).where(eq(cases.id, body.caseId));
      expect(c).toMatchObject({ seekerId, agencyId: agency.id, topicId: "sucht", status: "new", roomId: null });
      const jobs = await db.db.select().from(roomJobs).where(eq(roomJobs.caseId, body.caseId));
      expect(jobs).toHaveLength(1);
      const job = jobs[0]!;
      expect(job).toMatchObject({
        kind: "case.create_room",
        idempotencyKey: `case.create_room:${body.caseId}`,
        payload: { caseId: body.caseId },
      });

      // NOTIFY is delivered on commit; wait for it (the bridge may have claimed the job already,
      // which does not matter here).
      const deadline = Date.now() + 5000;
      while (!received.includes(job.id) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
      expect(received).toContain(job.id);

      // A second case; the list is newest first and shows agency and topic.
      const second = await openCase({ topic: "schulden", agencyId: agency.id });
      expect(second.statusCode).toBe(201);
      const list = await app.inject({ url: "/v1/cases", headers: bearer(token) });
      expect(list.statusCode).toBe(200);
      const items = list.json();
      expect(items.map((i: { caseId: string }) => i.caseId)).toEqual([second.json().caseId, body.caseId]);
      expect(items[1]).toEqual({
        caseId: body.caseId,
        caseNumber: body.caseNumber,
        roomId: null,
        status: "new",
        absenceMessage: null,
        answered: false,
        agency: { id: agency.id, name: agency.name, city: "Berlin" },
        // German and English always, the further seeker languages of the standard topic too.
        topic: { id: "sucht", name: { de: "Sucht", en: "Addiction", ...topicSeeds.find((t) => t.id === "sucht")!.names } },
      });
    } finally {
      await listener.unlisten();
    }
  });

  it("lists only the signed-in seeker's cases", async () => {
    const other = await app.inject({
      method: "POST",
      url: "/v1/seekers",
      payload: { ...REGISTRATION_DEFAULTS, username: uniquePseudonym("Other") },
    });
    const otherToken = other.json().token;
    const list = await app.inject({ url: "/v1/cases", headers: bearer(otherToken) });
    expect(list.json()).toEqual([]);
    const created = await openCase({ topic: "trauer", agencyId: otherAgency.id }, bearer(otherToken));
    expect(created.statusCode).toBe(201);
    const mine = await app.inject({ url: "/v1/cases", headers: bearer(token) });
    expect(mine.json().some((c: { caseId: string }) => c.caseId === created.json().caseId)).toBe(false);
  });

  it("writes neither case nor job when the job insert fails (one transaction)", async () => {
    const doomed = await createAgency(db.db, { topics: ["sucht"], ranges: [["10000", "10999"]] });
    const fn = `lotse_test_fail_${doomed.id.replace(/-/g, "")}`;
    await db.sql.unsafe(`
      create function ${fn}() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from cases where id = new.case_id and agency_id = '${doomed.id}') then
          raise exception 'injected failure';
        end if;
        return new;
      end $$;
      create trigger ${fn} before insert on room_jobs for each row execute function ${fn}();`);
    try {
      const before = await rowCounts(db);
      const res = await openCase({ topic: "sucht", agencyId: doomed.id });
      expect(res.statusCode).toBe(500);
      expect(res.json()).toEqual({ errcode: "LOTSE_INTERNAL", error: "Internal server error." });
      expect(res.body).not.toContain("injected");
      expect(await rowCounts(db)).toEqual(before);
    } finally {
      await db.sql.unsafe(`drop trigger ${fn} on room_jobs; drop function ${fn}();`);
    }
  });

  describe("bad input and bad tokens (typed error, no row written)", () => {
    const past = () => Math.floor(Date.now() / 1000) - 60;
    const now = () => Math.floor(Date.now() / 1000);
    const badCases: [string, () => InjectOptions, number, string][] = [
      ["malformed JSON", () => ({ method: "POST", url: "/v1/cases", headers: { ...bearer(token), "content-type": "application/json" }, payload: "{" }), 400, "LOTSE_BAD_JSON"],
      ["missing agencyId", () => ({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "sucht" } }), 400, "LOTSE_INVALID_INPUT"],
      ["agencyId wrong type", () => ({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "sucht", agencyId: 42 } }), 400, "LOTSE_INVALID_INPUT"],
      ["non-uuid agencyId", () => ({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "sucht", agencyId: "not-a-uuid" } }), 400, "LOTSE_INVALID_INPUT"],
      ["1 MB body", () => ({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "sucht", agencyId: agency.id, pad: "x".repeat(1 << 20) } }), 413, "LOTSE_TOO_LARGE"],
      ["unknown topic", () => ({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "no-such-topic", agencyId: agency.id } }), 404, "LOTSE_UNKNOWN_TOPIC"],
      ["unknown agency", () => ({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "sucht", agencyId: "00000000-0000-4000-8000-000000000000" } }), 404, "LOTSE_UNKNOWN_AGENCY"],
      ["agency not serving topic", () => ({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "trauer", agencyId: agency.id } }), 400, "LOTSE_AGENCY_TOPIC_MISMATCH"],
      ["no token", () => ({ method: "POST", url: "/v1/cases", payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_UNAUTHORIZED"],
      ["not a bearer header", () => ({ method: "POST", url: "/v1/cases", headers: { authorization: `Basic ${token}` }, payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_UNAUTHORIZED"],
      ["garbage token", () => ({ method: "POST", url: "/v1/cases", headers: bearer("not.a.jwt"), payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_UNAUTHORIZED"],
      ["token signed with another secret", () => ({ method: "POST", url: "/v1/cases", headers: bearer(signJwt({ sub: seekerId, role: "seeker", iat: now(), exp: now() + 600 }, "another-secret-another-secret-xx")), payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_UNAUTHORIZED"],
      ["alg none token", () => ({ method: "POST", url: "/v1/cases", headers: bearer(signJwt({ sub: seekerId, role: "seeker", iat: now(), exp: now() + 600 }, JWT_SECRET, "none")), payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_UNAUTHORIZED"],
      ["token with another role", () => ({ method: "POST", url: "/v1/cases", headers: bearer(signJwt({ sub: seekerId, role: "admin", iat: now(), exp: now() + 600 })), payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_UNAUTHORIZED"],
      ["token of a seeker that does not exist", () => ({ method: "POST", url: "/v1/cases", headers: bearer(signJwt({ sub: "00000000-0000-4000-8000-000000000000", role: "seeker", iat: now(), exp: now() + 600 })), payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_UNAUTHORIZED"],
      ["expired token", () => ({ method: "POST", url: "/v1/cases", headers: bearer(signJwt({ sub: seekerId, role: "seeker", iat: past() - 600, exp: past() })), payload: { topic: "sucht", agencyId: agency.id } }), 401, "LOTSE_TOKEN_EXPIRED"],
    ];

    it.each(badCases)("%s", async (_label, request, status, errcode) => {
      const before = await rowCounts(db);
      const res = await app.inject(request());
      expect(res.statusCode).toBe(status);
      expect(res.json()).toEqual({ errcode, error: expect.any(String) });
      expect(await rowCounts(db)).toEqual(before);
    });

    it.each([
      ["no token", {}, "LOTSE_UNAUTHORIZED"],
      ["bad token", bearer("abc.def.ghi"), "LOTSE_UNAUTHORIZED"],
      ["expired token", bearer(signJwt({ sub: "00000000-0000-4000-8000-000000000000", role: "seeker", iat: 1000, exp: 2000 })), "LOTSE_TOKEN_EXPIRED"],
    ])("GET /v1/cases with %s → 401", async (_l, headers, errcode) => {
      const res = await app.inject({ url: "/v1/cases", headers });
      expect(res.statusCode).toBe(401);
      expect(res.json().errcode).toBe(errcode);
    });
  });
});
