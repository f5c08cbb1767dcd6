// Seekers' sessions against the real database: refresh-token rotation, theft detection (a rotated
// token presented again ends the family and every access token), logout of one session, logout
// everywhere, the per-pseudonym login throttle (unknown pseudonyms alike, reset on success,
// shared through PostgreSQL), security headers, CORS and the body limit.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { loginThrottle, refreshTokens, seekers, type DbHandle, loginKeyHash } from "@lotse/store";
import { hashRefreshToken } from "../src/repositories/sessionsRepository.ts";
import { pseudonymKey } from "@lotse/policies";
import { bearer, buildTestApp, openDb, REGISTRATION_DEFAULTS, signJwt, stack, testConfig, uniquePseudonym } from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let app2: FastifyInstance;

beforeAll(async () => {
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s), db);
  // A second API process (own app, own pool): throttle and revocations must hold across both.
  app2 = await buildTestApp(testConfig(s), openDb(s));
});

afterAll(async () => {
  await app?.close();
  await app2?.close();
  await db?.close();
});

type Session = { token: string; refreshToken: string; expiresIn: number; refreshExpiresIn: number };

async function registered() {
  const username = uniquePseudonym("Rafa");
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username } });
  expect(res.statusCode).toBe(201);
  return { username, ...(res.json() as Session & { seekerId: string }) };
}

const refresh = (a: FastifyInstance, refreshToken: string) => a.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken } });
const cases = (token: string) => app.inject({ url: "/v1/cases", headers: bearer(token) });
const login = (a: FastifyInstance, username: string, password: string) =>
  a.inject({ method: "POST", url: "/v1/login", payload: { username, password } });

describe("refresh tokens", () => {
  it("registration and login answer with token, expiresIn, refreshToken, refreshExpiresIn; only a hash is stored", async () => {
    const s = await registered();
    expect(s.expiresIn).toBe(900);
    expect(s.refreshExpiresIn).toBe(14 * 86_400);
    expect(s.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await db.db.select().from(refreshTokens).where(eq(refreshTokens.seekerId, s.seekerId));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashRefreshToken(s.refreshToken));
    expect(JSON.stringify(rows)).not.toContain(s.refreshToken);
    const l = await login(app, s.username, REGISTRATION_DEFAULTS.password);
    expect(l.statusCode).toBe(200);
    expect(Object.keys(l.json()).sort()).toEqual(["expiresIn", "refreshExpiresIn", "refreshToken", "token"]);
  });

  it("rotates: a refresh gives a new pair that works; the old refresh token is used up", async () => {
    const s = await registered();
    const r1 = await refresh(app, s.refreshToken);
    expect(r1.statusCode).toBe(200);
    const p1 = r1.json() as Session;
    expect(p1.refreshToken).not.toBe(s.refreshToken);
    expect((await cases(p1.token)).statusCode).toBe(200);
    // The first pair's access token still works (same version) until it expires.
    expect((await cases(s.token)).statusCode).toBe(200);
    const r2 = await refresh(app2, p1.refreshToken);
    expect(r2.statusCode).toBe(200);
  });

  it("reuse of a rotated token revokes the whole family and every access token of the seeker", async () => {
    const s = await registered();
    const p1 = (await refresh(app, s.refreshToken)).json() as Session;
    // The thief replays the first refresh token (on another API process).
    const stolen = await refresh(app2, s.refreshToken);
    expect(stolen.statusCode).toBe(401);
    expect(stolen.json()).toMatchObject({ errcode: "LOTSE_REFRESH_TOKEN_REUSED" });
    // The legitimate client's newer refresh token is dead too, and so are the access tokens.
    const r = await refresh(app, p1.refreshToken);
    expect(r.json()).toMatchObject({ errcode: "LOTSE_INVALID_REFRESH_TOKEN" });
    expect((await cases(p1.token)).json()).toMatchObject({ errcode: "LOTSE_SESSION_REVOKED" });
    expect((await cases(s.token)).statusCode).toBe(401);
    // Signing in again works.
    const l = await login(app, s.username, REGISTRATION_DEFAULTS.password);
    expect(l.statusCode).toBe(200);
    expect((await cases((l.json() as Session).token)).statusCode).toBe(200);
  });

  it("unknown, malformed and expired refresh tokens are typed errors", async () => {
    expect((await refresh(app, "x".repeat(43))).json()).toMatchObject({ errcode: "LOTSE_INVALID_REFRESH_TOKEN" });
    expect((await app.inject({ method: "POST", url: "/v1/auth/refresh", payload: {} })).json()).toMatchObject({ errcode: "LOTSE_INVALID_INPUT" });
    expect((await app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken: "x".repeat(600) } })).statusCode).toBe(400);
    const s = await registered();
    await db.db.update(refreshTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(refreshTokens.seekerId, s.seekerId));
    const r = await refresh(app, s.refreshToken);
    expect(r.statusCode).toBe(401);
    expect(r.json()).toMatchObject({ errcode: "LOTSE_INVALID_REFRESH_TOKEN" });
  });

  it("logout ends this session only; it is idempotent and says nothing about unknown tokens", async () => {
    const s = await registered();
    const other = (await login(app, s.username, REGISTRATION_DEFAULTS.password)).json() as Session;
    const out = await app.inject({ method: "POST", url: "/v1/auth/logout", payload: { refreshToken: s.refreshToken } });
    expect(out.statusCode).toBe(204);
    expect((await refresh(app, s.refreshToken)).statusCode).toBe(401);
    expect((await app.inject({ method: "POST", url: "/v1/auth/logout", payload: { refreshToken: s.refreshToken } })).statusCode).toBe(204);
    expect((await app.inject({ method: "POST", url: "/v1/auth/logout", payload: { refreshToken: "nope" } })).statusCode).toBe(204);
    // The other sign-in lives on.
    expect((await refresh(app, other.refreshToken)).statusCode).toBe(200);
  });

  it("logout-all ends every session: refresh tokens, access tokens issued before, and the Matrix devices", async () => {
    const s = await registered();
    const other = (await login(app, s.username, REGISTRATION_DEFAULTS.password)).json() as Session;
    const chat = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(s.token) });
    expect(chat.statusCode).toBe(200);
    const matrixToken = (chat.json() as { accessToken: string }).accessToken;
    const whoami = () => fetch(`${stack().homeserverUrl}/_matrix/client/v3/account/whoami`, { headers: { authorization: `Bearer ${matrixToken}` } });
    expect((await whoami()).status).toBe(200);
    expect((await app.inject({ method: "POST", url: "/v1/auth/logout-all" })).json()).toMatchObject({ errcode: "LOTSE_UNAUTHORIZED" });
    const out = await app2.inject({ method: "POST", url: "/v1/auth/logout-all", headers: bearer(other.token) });
    expect(out.statusCode).toBe(204);
    for (const t of [s.token, other.token]) expect((await cases(t)).json()).toMatchObject({ errcode: "LOTSE_SESSION_REVOKED" });
    for (const t of [s.refreshToken, other.refreshToken]) expect((await refresh(app, t)).statusCode).toBe(401);
    const [row] = await db.db.select({ v: seekers.tokenVersion }).from(seekers).where(eq(seekers.id, s.seekerId));
    expect(row!.v).toBe(1);
    // The chat session (Matrix device) is logged out too.
    expect((await whoami()).status).toBe(401);
    // A new sign-in carries the new version and works.
    const again = (await login(app, s.username, REGISTRATION_DEFAULTS.password)).json() as Session;
    expect((await cases(again.token)).statusCode).toBe(200);
  });

  it("a password change ends every session", async () => {
    const s = await registered();
    const res = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      headers: bearer(s.token),
      payload: { oldPassword: REGISTRATION_DEFAULTS.password, newPassword: "another long passphrase" },
    });
    expect(res.statusCode).toBe(204);
    expect((await cases(s.token)).json()).toMatchObject({ errcode: "LOTSE_SESSION_REVOKED" });
    expect((await refresh(app, s.refreshToken)).statusCode).toBe(401);
  });

  it("a token with a version from the future or of the wrong type is refused", async () => {
    const s = await registered();
    const now = Math.floor(Date.now() / 1000);
    const future = signJwt({ sub: s.seekerId, role: "seeker", ver: 7, iat: now, exp: now + 600 });
    expect((await cases(future)).json()).toMatchObject({ errcode: "LOTSE_SESSION_REVOKED" });
    const bad = signJwt({ sub: s.seekerId, role: "seeker", ver: "0", iat: now, exp: now + 600 });
    expect((await cases(bad)).json()).toMatchObject({ errcode: "LOTSE_UNAUTHORIZED" });
    // Tokens from before versions existed count as version 0.
    const legacy = signJwt({ sub: s.seekerId, role: "seeker", iat: now, exp: now + 600 });
    expect((await cases(legacy)).statusCode).toBe(200);
  });
});

describe("login throttle", () => {
  const wrong = "definitely not the password";

  it("locks a pseudonym after five failures (429 + Retry-After), across API processes; even the right password waits", async () => {
    const s = await registered();
    for (let i = 0; i < 5; i++) {
      const r = await login(i % 2 === 0 ? app : app2, s.username, wrong);
      expect(r.json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    }
    // The sixth failure locks (30 s by default).
    expect((await login(app2, s.username, wrong)).json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    const locked = await login(app, s.username, REGISTRATION_DEFAULTS.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ errcode: "LOTSE_LOGIN_THROTTLED" });
    const retry = Number(locked.headers["retry-after"]);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(30);
    // Another pseudonym is not affected.
    const t = await registered();
    expect((await login(app, t.username, REGISTRATION_DEFAULTS.password)).statusCode).toBe(200);
    // The row holds no pseudonym.
    const rows = await db.db.select().from(loginThrottle).where(eq(loginThrottle.keyHash, loginKeyHash(pseudonymKey(s.username))));
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(s.username);
    // When the lock has passed (moved into the past here), the right password works and resets the count.
    await db.db.update(loginThrottle).set({ lockedUntil: new Date(Date.now() - 1000) }).where(eq(loginThrottle.keyHash, rows[0]!.keyHash));
    expect((await login(app, s.username, REGISTRATION_DEFAULTS.password)).statusCode).toBe(200);
    expect(await db.db.select().from(loginThrottle).where(eq(loginThrottle.keyHash, rows[0]!.keyHash))).toHaveLength(0);
  });

  it("an unknown pseudonym is throttled exactly the same way", async () => {
    const ghost = uniquePseudonym("Ghost");
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push((await login(app, ghost, wrong)).json().errcode as string);
    expect(answers).toEqual(Array(6).fill("LOTSE_BAD_CREDENTIALS"));
    const locked = await login(app, ghost, wrong);
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ errcode: "LOTSE_LOGIN_THROTTLED" });
    expect(Number(locked.headers["retry-after"])).toBeGreaterThan(0);
  });

  it("a success resets the count", async () => {
    const s = await registered();
    for (let i = 0; i < 4; i++) await login(app, s.username, wrong);
    expect((await login(app, s.username, REGISTRATION_DEFAULTS.password)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await login(app, s.username, wrong)).json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    expect((await login(app, s.username, REGISTRATION_DEFAULTS.password)).statusCode).toBe(200);
  });
});

describe("headers and limits", () => {
  it("sets security headers on every answer (errors too)", async () => {
    for (const res of [await app.inject({ url: "/v1/topics" }), await app.inject({ url: "/v1/nothing-here" })]) {
      expect(res.headers["content-security-policy"]).toContain("default-src 'none'");
      expect(res.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      expect(res.headers["referrer-policy"]).toBe("no-referrer");
      expect(res.headers["strict-transport-security"]).toContain("max-age=31536000");
      expect(res.headers["x-frame-options"]).toBe("SAMEORIGIN");
    }
  });

  it("CORS: the configured web origin is allowed, any other origin gets no allow header", async () => {
    const ok = await app.inject({ method: "OPTIONS", url: "/v1/login", headers: { origin: "http://localhost:8080", "access-control-request-method": "POST" } });
    expect(ok.headers["access-control-allow-origin"]).toBe("http://localhost:8080");
    const evil = await app.inject({ method: "OPTIONS", url: "/v1/login", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    expect(evil.headers["access-control-allow-origin"]).toBeUndefined();
    const get = await app.inject({ url: "/v1/topics", headers: { origin: "https://evil.example" } });
    expect(get.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("bodies over 64 KiB are refused with LOTSE_TOO_LARGE", async () => {
    const res = await app.inject({ method: "POST", url: "/v1/auth/refresh", payload: { refreshToken: "x".repeat(70 * 1024) } });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ errcode: "LOTSE_TOO_LARGE" });
  });
});
