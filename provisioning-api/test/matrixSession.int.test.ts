// POST /v1/matrix/session against the stack's real Synapse: a working access token for a random,
// namespaced Matrix user whose display name is the pseudonym, and no password in Synapse.
import type { FastifyInstance } from "fastify";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@lotse/store";
import { bearer, buildTestApp, openDb, REGISTRATION_DEFAULTS, rowCounts, stack, testConfig, uniquePseudonym } from "./helpers.ts";

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

async function registerSeeker(username: string): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username } });
  expect(res.statusCode).toBe(201);
  return res.json().token;
}

async function hs(path: string, accessToken?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${stack().homeserverUrl}${path}`, {
    headers: accessToken === undefined ? {} : { authorization: `Bearer ${accessToken}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("POST /v1/matrix/session", () => {
  it("returns a working session for a random namespaced user named by the pseudonym", async () => {
    const s = stack();
    const pseudonym = uniquePseudonym("Jonas");
    const token = await registerSeeker(pseudonym);

    const res = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const session = res.json();
    expect(Object.keys(session).sort()).toEqual(["accessToken", "deviceId", "homeserverUrl", "relayOnly", "userId"]);
    // The seeker's app calls through the TURN relay only (policy calls.seekerRelayOnly, default on).
    expect(session.relayOnly).toBe(true);
    expect(session.homeserverUrl).toBe(s.homeserverUrl);
    expect(session.userId).toMatch(new RegExp(`^@${s.userPrefix}[0-9a-f]{20,}:${s.serverName.replace(/\./g, "\\.")}$`));
    expect(session.userId.toLowerCase()).not.toContain(pseudonym.toLowerCase());
    expect(session.userId.toLowerCase()).not.toContain("jonas");

    const whoami = await hs("/_matrix/client/v3/account/whoami", session.accessToken);
    expect(whoami.status).toBe(200);
    expect(whoami.body).toMatchObject({ user_id: session.userId, device_id: session.deviceId });

    const profile = await hs(`/_matrix/client/v3/profile/${encodeURIComponent(session.userId)}/displayname`, session.accessToken);
    expect(profile.body["displayname"]).toBe(pseudonym);

    // A second session: same user (M_USER_IN_USE is fine), a new device, both tokens valid.
    const again = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(token) });
    expect(again.statusCode).toBe(200);
    expect(again.json().userId).toBe(session.userId);
    expect(again.json().deviceId).not.toBe(session.deviceId);
    expect((await hs("/_matrix/client/v3/account/whoami", again.json().accessToken)).status).toBe(200);

    // Synapse never learnt a password for this user.
    const synapseDb = postgres(s.synapseDatabaseUrl, { max: 1, onnotice: () => {} });
    try {
      const rows = await synapseDb<{ password_hash: string | null }[]>`select password_hash from users where name = ${session.userId}`;
      expect(rows).toHaveLength(1);
      // Synapse stores "" (or NULL) for appservice-registered users: no hash of anything.
      expect(rows[0]!.password_hash ?? "").toBe("");
    } finally {
      await synapseDb.end();
    }
  });

  it("returns homeserverUrl = LOTSE_PUBLIC_HOMESERVER_URL when configured", async () => {
    const pub = await buildTestApp(testConfig(stack(), { LOTSE_PUBLIC_HOMESERVER_URL: "https://matrix.example.org" }), db);
    try {
      const token = await registerSeeker(uniquePseudonym("Pub"));
      const res = await pub.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(token) });
      expect(res.statusCode).toBe(200);
      expect(res.json().homeserverUrl).toBe("https://matrix.example.org");
    } finally {
      await pub.close();
    }
  });

  it("homeserver unreachable → 503 LOTSE_HOMESERVER_UNAVAILABLE", async () => {
    const down = await buildTestApp(testConfig(stack(), { LOTSE_HOMESERVER_URL: "http://127.0.0.1:1" }), db);
    try {
      const token = await registerSeeker(uniquePseudonym("Down"));
      const before = await rowCounts(db);
      const res = await down.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(token) });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ errcode: "LOTSE_HOMESERVER_UNAVAILABLE", error: expect.any(String) });
      expect(await rowCounts(db)).toEqual(before);
    } finally {
      await down.close();
    }
  });

  it("a wrong appservice token is a 503 too (no Matrix internals leak)", async () => {
    const wrong = await buildTestApp(testConfig(stack(), { LOTSE_AS_TOKEN: "not-the-as-token" }), db);
    try {
      const token = await registerSeeker(uniquePseudonym("Wrong"));
      const res = await wrong.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(token) });
      expect(res.statusCode).toBe(503);
      expect(res.json().errcode).toBe("LOTSE_HOMESERVER_UNAVAILABLE");
      expect(res.body).not.toContain("M_");
    } finally {
      await wrong.close();
    }
  });

  it("requires a seeker token", async () => {
    const res = await app.inject({ method: "POST", url: "/v1/matrix/session" });
    expect(res.statusCode).toBe(401);
    expect(res.json().errcode).toBe("LOTSE_UNAUTHORIZED");
  });
});
