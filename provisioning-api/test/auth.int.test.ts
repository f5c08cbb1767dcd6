// POST /v1/auth/matrix against the real Synapse: a counselor obtains an OpenID token from their
// homeserver and signs in; forged, unknown, untrusted and mismatched tokens are refused with typed
// errors; staff and seeker tokens never pass as each other.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../scripts/src/seedDemo.ts";
import type { DbHandle } from "@lotse/store";
import { staffTokenKey } from "../src/plugins/staffAuth.ts";
import { bearer, buildTestApp, JWT_SECRET, openDb, REGISTRATION_DEFAULTS, signJwt, stack, testConfig, uniquePseudonym } from "./helpers.ts";
import { insertAgency, insertCounselor, matrixUser, requestOpenIdToken, staffToken, retireAgenciesCreatedSince } from "./authHelpers.ts";

let db: DbHandle;
let app: FastifyInstance;

const fileStarted = new Date();
/** The demo agencies (seeded here when this file runs first) stay: later files use them. */
let demoAgencyIds: string[] = [];

beforeAll(async () => {
  db = openDb(stack());
  const s = stack();
  // "other.example" is trusted but points at the same Synapse: its tokens name localhost users.
  app = await buildTestApp(
    testConfig(s, { LOTSE_TRUSTED_HOMESERVERS: `${s.serverName}=${s.homeserverUrl},other.example=${s.homeserverUrl},down.example=http://127.0.0.1:1` }),
    db,
  );
});

afterAll(async () => {
  if (db !== undefined) await retireAgenciesCreatedSince(db, fileStarted, demoAgencyIds);
  await app?.close();
  await db?.close();
});

const signIn = (payload: unknown) => app.inject({ method: "POST", url: "/v1/auth/matrix", payload: payload as object });

describe("POST /v1/auth/matrix", () => {
  it("signs in a real counselor with roles from the database; the token opens admin routes", async () => {
    const s = stack();
    const agencyA = await insertAgency(db);
    const agencyB = await insertAgency(db);
    const user = await matrixUser(s, "counselor");
    const counselorId = await insertCounselor(db, user.userId, [
      { agencyId: agencyA, role: "counselor" },
      { agencyId: agencyA, role: "agency_admin" },
      { agencyId: agencyB, role: "supervisor" },
    ]);
    const openid = await requestOpenIdToken(s, user);
    expect(openid).toMatchObject({ token_type: "Bearer", matrix_server_name: s.serverName });

    const res = await signIn(openid);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.userId).toBe(user.userId);
    expect(body.expiresIn).toBe(900);
    expect(body.roles).toEqual(
      expect.arrayContaining([
        { role: "counselor", agencyId: agencyA },
        { role: "agency_admin", agencyId: agencyA },
        { role: "supervisor", agencyId: agencyB },
      ]),
    );
    expect(body.roles).toHaveLength(3);

    const claims = JSON.parse(Buffer.from(body.token.split(".")[1], "base64url").toString());
    expect(claims).toMatchObject({ sub: user.userId, aud: "lotse-staff", typ: "staff", cid: counselorId });
    expect(claims.exp - claims.iat).toBe(900);

    const list = await app.inject({ url: "/v1/admin/agencies", headers: bearer(body.token) });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((a: { id: string }) => a.id)).toEqual([agencyA]);
  });

  it("a platform admin who is no counselor signs in with counselorId null", async () => {
    const s = stack();
    const user = await matrixUser(s, "padmin");
    await db.sql`insert into platform_admins (matrix_user_id) values (${user.userId})`;
    const res = await signIn(await requestOpenIdToken(s, user));
    expect(res.statusCode).toBe(200);
    expect(res.json().roles).toEqual([{ role: "platform_admin", agencyId: null }]);
  });

  it("a Matrix account without any role → 403 LOTSE_NOT_STAFF", async () => {
    const s = stack();
    const user = await matrixUser(s, "nobody");
    const res = await signIn(await requestOpenIdToken(s, user));
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ errcode: "LOTSE_NOT_STAFF", error: expect.any(String) });
  });

  it("memberships of a deleted agency give no role", async () => {
    const s = stack();
    const agency = await insertAgency(db);
    const user = await matrixUser(s, "gone");
    await insertCounselor(db, user.userId, [{ agencyId: agency, role: "agency_admin" }]);
    await db.sql`update agencies set deleted_at = now() where id = ${agency}`;
    const res = await signIn(await requestOpenIdToken(s, user));
    expect(res.json().errcode).toBe("LOTSE_NOT_STAFF");
  });

  it("forged or unknown token → 401 LOTSE_INVALID_OPENID_TOKEN", async () => {
    const res = await signIn({ access_token: "forgedforgedforged", token_type: "Bearer", matrix_server_name: stack().serverName, expires_in: 3600 });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ errcode: "LOTSE_INVALID_OPENID_TOKEN", error: expect.any(String) });
  });

  it("a Matrix access token is not an OpenID token → 401", async () => {
    const s = stack();
    const user = await matrixUser(s, "wrongkind");
    await insertCounselor(db, user.userId, [{ agencyId: await insertAgency(db), role: "counselor" }]);
    const res = await signIn({ access_token: user.accessToken, token_type: "Bearer", matrix_server_name: s.serverName, expires_in: 3600 });
    expect(res.json().errcode).toBe("LOTSE_INVALID_OPENID_TOKEN");
  });

  it("expired (expires_in ≤ 0) or wrong token type → 401 LOTSE_INVALID_OPENID_TOKEN", async () => {
    const s = stack();
    const user = await matrixUser(s, "expired");
    const openid = await requestOpenIdToken(s, user);
    for (const bad of [{ ...openid, expires_in: 0 }, { ...openid, expires_in: -5 }, { ...openid, token_type: "Mac" }]) {
      const res = await signIn(bad);
      expect(res.statusCode).toBe(401);
      expect(res.json().errcode).toBe("LOTSE_INVALID_OPENID_TOKEN");
    }
  });

  it("untrusted server name → 401 LOTSE_UNTRUSTED_HOMESERVER (no request is derived from it)", async () => {
    const s = stack();
    const openid = await requestOpenIdToken(s, await matrixUser(s, "untrusted"));
    for (const name of ["evil.example", "127.0.0.1:8008", "__proto__", "constructor", "localhost/../x"]) {
      const res = await signIn({ ...openid, matrix_server_name: name });
      expect(res.statusCode).toBe(401);
      expect(res.json().errcode).toBe("LOTSE_UNTRUSTED_HOMESERVER");
    }
  });

  it("token valid on a trusted server but for a user of another server → 401 LOTSE_SERVER_NAME_MISMATCH", async () => {
    const s = stack();
    const user = await matrixUser(s, "mismatch");
    await insertCounselor(db, user.userId, [{ agencyId: await insertAgency(db), role: "counselor" }]);
    const openid = await requestOpenIdToken(s, user);
    const res = await signIn({ ...openid, matrix_server_name: "other.example" });
    expect(res.statusCode).toBe(401);
    expect(res.json().errcode).toBe("LOTSE_SERVER_NAME_MISMATCH");
  });

  it("GET /v1/auth/matrix/homeservers lists exactly the trusted list, without sign-in; the console's path through it leaves no device", async () => {
    const s = stack();
    const res = await app.inject({ method: "GET", url: "/v1/auth/matrix/homeservers" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      homeservers: [
        { serverName: "down.example", baseUrl: "http://127.0.0.1:1" },
        { serverName: "other.example", baseUrl: s.homeserverUrl },
        { serverName: s.serverName, baseUrl: s.homeserverUrl },
      ].sort((a, b) => (a.serverName < b.serverName ? -1 : 1)),
    });

    // What the staff console does: resolve the base URL from the typed Matrix ID's server name,
    // log in there, request an OpenID token, exchange it, log the Matrix session out again.
    const user = await matrixUser(s, "console");
    await insertCounselor(db, user.userId, [{ agencyId: await insertAgency(db), role: "agency_admin" }]);
    const base = (res.json().homeservers as { serverName: string; baseUrl: string }[])
      .find((h) => h.serverName === user.userId.slice(user.userId.indexOf(":") + 1))?.baseUrl;
    expect(base).toBe(s.homeserverUrl);
    const session = { userId: user.userId, accessToken: user.accessToken };
    const signedIn = await signIn(await requestOpenIdToken(s, session));
    expect(signedIn.statusCode).toBe(200);
    const logout = await fetch(`${base}/_matrix/client/v3/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${user.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(logout.status).toBe(200);
    // The Matrix session is gone; the staff token still works.
    const whoami = await fetch(`${base}/_matrix/client/v3/account/whoami`, { headers: { authorization: `Bearer ${user.accessToken}` } });
    expect(whoami.status).toBe(401);
    const me = await app.inject({ method: "GET", url: "/v1/staff/cases", headers: { authorization: `Bearer ${signedIn.json().token}` } });
    expect(me.statusCode).not.toBe(401);
  });

  it("LOTSE_STAFF_HOMESERVER_URL: the console is told the public address of the platform's own homeserver; others and the API's own check keep the trusted list", async () => {
    const s = stack();
    const pub = await buildTestApp(
      testConfig(s, { LOTSE_TRUSTED_HOMESERVERS: `${s.serverName}=${s.homeserverUrl},other.example=https://other.example`, LOTSE_STAFF_HOMESERVER_URL: "https://lotse.example.org" }),
      db,
    );
    try {
      const res = await pub.inject({ method: "GET", url: "/v1/auth/matrix/homeservers" });
      expect(res.json().homeservers).toEqual(
        [
          { serverName: "other.example", baseUrl: "https://other.example" },
          { serverName: s.serverName, baseUrl: "https://lotse.example.org" },
        ].sort((a, b) => (a.serverName < b.serverName ? -1 : 1)),
      );
      // Token checks still go to the internal address: a real sign-in works.
      const user = await matrixUser(s, "publicconsole");
      await insertCounselor(db, user.userId, [{ agencyId: await insertAgency(db), role: "agency_admin" }]);
      const openid = await requestOpenIdToken(s, { userId: user.userId, accessToken: user.accessToken });
      const signedIn = await pub.inject({ method: "POST", url: "/v1/auth/matrix", payload: openid });
      expect(signedIn.statusCode).toBe(200);
    } finally {
      await pub.close();
    }
  });

  it("trusted homeserver unreachable → 503 LOTSE_HOMESERVER_UNAVAILABLE", async () => {
    const res = await signIn({ access_token: "whatever", token_type: "Bearer", matrix_server_name: "down.example", expires_in: 3600 });
    expect(res.statusCode).toBe(503);
    expect(res.json().errcode).toBe("LOTSE_HOMESERVER_UNAVAILABLE");
  });

  it("malformed body → 400 LOTSE_INVALID_INPUT", async () => {
    const res = await signIn({ access_token: "x", token_type: "Bearer" });
    expect(res.statusCode).toBe(400);
    expect(res.json().errcode).toBe("LOTSE_INVALID_INPUT");
  });
});

describe("staff tokens vs seeker tokens", () => {
  it("a seeker token is refused on staff routes and a staff token on seeker routes", async () => {
    const reg = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: uniquePseudonym() } });
    const seekerToken = reg.json().token as string;
    const admin = staffToken(app, { roles: [{ role: "platform_admin", agencyId: null }] });
    const asStaff = await app.inject({ url: "/v1/admin/agencies", headers: bearer(seekerToken) });
    expect(asStaff.statusCode).toBe(401);
    expect(asStaff.json().errcode).toBe("LOTSE_UNAUTHORIZED");
    const asSeeker = await app.inject({ url: "/v1/cases", headers: bearer(admin) });
    expect(asSeeker.statusCode).toBe(401);
    expect((await app.inject({ url: "/v1/admin/agencies", headers: bearer(admin) })).statusCode).toBe(200);
  });

  it("staff claims signed with the seeker secret, with alg none, or expired are refused", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: "@x:localhost", aud: "lotse-staff", typ: "staff", cid: null, roles: [["platform_admin", null]], iat: now, exp: now + 600 };
    const key = staffTokenKey(JWT_SECRET);
    const cases: [string, string][] = [
      [signJwt(claims, JWT_SECRET), "LOTSE_UNAUTHORIZED"],
      [signJwt(claims, key, "none"), "LOTSE_UNAUTHORIZED"],
      [signJwt({ ...claims, aud: "something-else" }, key), "LOTSE_UNAUTHORIZED"],
      [signJwt({ ...claims, typ: "seeker" }, key), "LOTSE_UNAUTHORIZED"],
      [signJwt({ ...claims, roles: [["emperor", null]] }, key), "LOTSE_UNAUTHORIZED"],
      [signJwt({ ...claims, iat: now - 1000, exp: now - 100 }, key), "LOTSE_TOKEN_EXPIRED"],
    ];
    for (const [token, errcode] of cases) {
      const res = await app.inject({ url: "/v1/admin/agencies", headers: bearer(token) });
      expect(res.statusCode).toBe(401);
      expect(res.json().errcode).toBe(errcode);
    }
    // The same claims with the staff key pass: the cases above fail for the reason they test.
    expect((await app.inject({ url: "/v1/admin/agencies", headers: bearer(signJwt(claims, key)) })).statusCode).toBe(200);
  });
});

describe("demo accounts", () => {
  it("the demo agency admin and platform admin sign in with their Matrix passwords", async () => {
    const s = stack();
    const demo = await seedDemo(s);
    demoAgencyIds = demo.agencies.map((a) => a.id);
    const anna = demo.counselors.find((c) => c.roles.includes("agency_admin"))!;
    for (const account of [anna, demo.platformAdmin]) {
      const login = await fetch(`${s.homeserverUrl}/_matrix/client/v3/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: account.userId }, password: account.password }),
      });
      const { access_token } = (await login.json()) as { access_token: string };
      const res = await signIn(await requestOpenIdToken(s, { userId: account.userId, accessToken: access_token }));
      expect(res.statusCode).toBe(200);
      const roles = res.json().roles;
      if (account === anna) expect(roles).toEqual(expect.arrayContaining([{ role: "agency_admin", agencyId: anna.agencyId }]));
      else expect(roles).toContainEqual({ role: "platform_admin", agencyId: null });
    }
  });
});
