// Registration and login against the real, migrated database: every bad input gets its typed
// error and writes no row; pseudonym uniqueness holds across case and separator variants.
import type { FastifyInstance, InjectOptions } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { seekers, type DbHandle } from "@lotse/store";
import {
  bearer,
  buildTestApp,
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
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s), db);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function register(body: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: "POST", url: "/v1/seekers", payload: body as object, headers });
}

describe("POST /v1/seekers", () => {
  it("registers a seeker: argon2id hash, random localpart, key, no e-mail in the answer", async () => {
    const username = uniquePseudonym("Mia");
    const before = await rowCounts(db);
    const res = await register({ ...REGISTRATION_DEFAULTS, username, email: "mia@example.org" });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(["expiresIn", "refreshExpiresIn", "refreshToken", "seekerId", "token"]);
    expect(res.body).not.toContain("mia@example.org");
    expect((await rowCounts(db)).seekers).toBe(before.seekers + 1);

    const [row] = await db.db.select().from(seekers).where(eq(seekers.id, body.seekerId));
    expect(row).toBeDefined();
    expect(row!.username).toBe(username);
    expect(row!.usernameKey).toBe(username.toLowerCase());
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(REGISTRATION_DEFAULTS.password);
    expect(row!.email).toBe("mia@example.org");
    expect(row!.matrixLocalpart).toMatch(/^lotse_[0-9a-f]{20,}$/);
    expect(row!.matrixLocalpart.toLowerCase()).not.toContain("mia");
    expect(row!.topicId).toBe("sucht");
    expect(row!.postcode).toBe("10115");

    // The token works on a protected route and names this seeker.
    const cases = await app.inject({ url: "/v1/cases", headers: bearer(body.token) });
    expect(cases.statusCode).toBe(200);
    const claims = JSON.parse(Buffer.from(body.token.split(".")[1], "base64url").toString());
    expect(claims).toMatchObject({ sub: body.seekerId, role: "seeker" });
    expect(claims.exp - claims.iat).toBe(900);
    expect(body.expiresIn).toBe(900);
  });

  it("trims the pseudonym and stores no e-mail when none is given", async () => {
    const username = uniquePseudonym("Lu");
    const res = await register({ ...REGISTRATION_DEFAULTS, username: `  ${username} ` });
    expect(res.statusCode).toBe(201);
    const [row] = await db.db.select().from(seekers).where(eq(seekers.id, res.json().seekerId));
    expect(row!.username).toBe(username);
    expect(row!.email).toBeNull();
  });

  it("gives every seeker a different random Matrix localpart", async () => {
    const a = await register({ ...REGISTRATION_DEFAULTS, username: uniquePseudonym() });
    const b = await register({ ...REGISTRATION_DEFAULTS, username: uniquePseudonym() });
    const rows = await db.db.select({ l: seekers.matrixLocalpart }).from(seekers).where(eq(seekers.id, a.json().seekerId));
    const rows2 = await db.db.select({ l: seekers.matrixLocalpart }).from(seekers).where(eq(seekers.id, b.json().seekerId));
    expect(rows[0]!.l).not.toBe(rows2[0]!.l);
  });

  describe("taken pseudonyms (409, no row written)", () => {
    const base = `Anna_${uniquePseudonym("B").slice(2)}`; // e.g. Anna_qwertzuiop
    beforeAll(async () => {
      const res = await register({ ...REGISTRATION_DEFAULTS, username: base });
      expect(res.statusCode).toBe(201);
    });

    it.each([
      ["exact", (n: string) => n],
      ["lower case, space", (n: string) => n.toLowerCase().replace("_", " ")],
      ["upper case, dash", (n: string) => n.toUpperCase().replace("_", "-")],
      ["mixed case, separator run", (n: string) => n.replace("Anna_", "aNNa-_")],
      ["full-width letters (NFKC)", (n: string) => n.replace("A", "Ａ")],
    ])("%s", async (_label, variant) => {
      const before = await rowCounts(db);
      const res = await register({ ...REGISTRATION_DEFAULTS, username: variant(base) });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toEqual({ errcode: "LOTSE_USERNAME_TAKEN", error: expect.any(String) });
      expect(await rowCounts(db)).toEqual(before);
    });

    it("concurrent registrations of one name: exactly one wins", async () => {
      const name = uniquePseudonym("Race");
      const results = await Promise.all(
        [name, name.toLowerCase(), name.toUpperCase()].map((u) => register({ ...REGISTRATION_DEFAULTS, username: u })),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    });
  });

  describe("bad input (typed error, no row written)", () => {
    const ok = () => ({ ...REGISTRATION_DEFAULTS, username: uniquePseudonym() });
    const cases: [string, () => InjectOptions, number, string][] = [
      ["malformed JSON", () => ({ method: "POST", url: "/v1/seekers", headers: { "content-type": "application/json" }, payload: '{"username": "x",' }), 400, "LOTSE_BAD_JSON"],
      ["empty JSON body", () => ({ method: "POST", url: "/v1/seekers", headers: { "content-type": "application/json" }, payload: "" }), 400, "LOTSE_BAD_JSON"],
      ["JSON array instead of object", () => ({ method: "POST", url: "/v1/seekers", payload: [ok()] }), 400, "LOTSE_INVALID_INPUT"],
      ["missing password", () => { const { password: _p, ...b } = ok(); return { method: "POST", url: "/v1/seekers", payload: b }; }, 400, "LOTSE_INVALID_INPUT"],
      ["missing username", () => { const { username: _u, ...b } = ok(); return { method: "POST", url: "/v1/seekers", payload: b }; }, 400, "LOTSE_INVALID_INPUT"],
      ["username is a number", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), username: 12345 } }), 400, "LOTSE_INVALID_INPUT"],
      ["password is a number", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), password: 123456789 } }), 400, "LOTSE_INVALID_INPUT"],
      ["password too short", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), password: "1234567" } }), 400, "LOTSE_INVALID_INPUT"],
      ["password too long", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), password: "x".repeat(1025) } }), 400, "LOTSE_INVALID_INPUT"],
      ["email not an e-mail", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), email: "not-an-email" } }), 400, "LOTSE_INVALID_INPUT"],
      ["postcode 4 digits", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), postcode: "1011" } }), 400, "LOTSE_INVALID_INPUT"],
      ["postcode as number", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), postcode: 10115 } }), 400, "LOTSE_INVALID_INPUT"],
      ["pseudonym with e-mail", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), username: "anna@example.org" } }), 400, "LOTSE_INVALID_PSEUDONYM"],
      ["pseudonym with phone number", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), username: "Anna 0170123456" } }), 400, "LOTSE_INVALID_PSEUDONYM"],
      ["pseudonym with link", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), username: "www.anna.de" } }), 400, "LOTSE_INVALID_PSEUDONYM"],
      ["pseudonym too short", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), username: "Al" } }), 400, "LOTSE_INVALID_PSEUDONYM"],
      ["unknown topic", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), topic: "no-such-topic" } }), 404, "LOTSE_UNKNOWN_TOPIC"],
      ["1 MB body", () => ({ method: "POST", url: "/v1/seekers", payload: { ...ok(), padding: "x".repeat(1024 * 1024) } }), 413, "LOTSE_TOO_LARGE"],
      ["text/plain body", () => ({ method: "POST", url: "/v1/seekers", headers: { "content-type": "text/plain" }, payload: "hello" }), 415, "LOTSE_UNSUPPORTED_MEDIA_TYPE"],
    ];

    it.each(cases)("%s", async (_label, request, status, errcode) => {
      const before = await rowCounts(db);
      const res = await app.inject(request());
      expect(res.statusCode).toBe(status);
      const body = res.json();
      expect(body).toEqual({ errcode, error: expect.any(String) });
      expect(await rowCounts(db)).toEqual(before);
    });

    it("names the offending field in validation errors", async () => {
      const res = await register({ ...ok(), password: "short" });
      expect(res.json().error).toContain("password");
      const res2 = await register({ ...ok(), postcode: "abcde" });
      expect(res2.json().error).toContain("postcode");
    });

    it("passes the pseudonym rule's message through", async () => {
      const res = await register({ ...ok(), username: "anna@example.org" });
      expect(res.json().error).toBe("The pseudonym must not contain an e-mail address.");
    });
  });
});

describe("POST /v1/login", () => {
  const username = uniquePseudonym("Kim");
  let seekerId: string;
  beforeAll(async () => {
    const res = await register({ ...REGISTRATION_DEFAULTS, username });
    seekerId = res.json().seekerId;
  });

  it("signs in with the pseudonym in any case/separator variant", async () => {
    for (const u of [username, username.toLowerCase().replace("_", " "), `  ${username.toUpperCase()}  `]) {
      const res = await app.inject({ method: "POST", url: "/v1/login", payload: { username: u, password: REGISTRATION_DEFAULTS.password } });
      expect(res.statusCode).toBe(200);
      const claims = JSON.parse(Buffer.from(res.json().token.split(".")[1], "base64url").toString());
      expect(claims.sub).toBe(seekerId);
    }
  });

  it.each([
    ["wrong password", () => ({ username, password: "wrong password" })],
    ["unknown user", () => ({ username: uniquePseudonym("Nobody"), password: REGISTRATION_DEFAULTS.password })],
  ])("rejects %s with LOTSE_BAD_CREDENTIALS", async (_l, body) => {
    const res = await app.inject({ method: "POST", url: "/v1/login", payload: body() });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ errcode: "LOTSE_BAD_CREDENTIALS", error: "Unknown username or wrong password." });
  });

  it("rejects malformed input", async () => {
    const res = await app.inject({ method: "POST", url: "/v1/login", payload: { username } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errcode).toBe("LOTSE_INVALID_INPUT");
  });
});
