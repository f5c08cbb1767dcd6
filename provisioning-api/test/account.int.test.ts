// The seeker's own account against the real database and Synapse: changing the password (old one
// stops working, new one works, wrong old password changes nothing) and deleting the account
// (personal data gone, cases closed, chat user deactivated, login fails).
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { cases, seekers, type DbHandle } from "../src/db/index.ts";
import { bearer, buildTestApp, createAgency, openDb, REGISTRATION_DEFAULTS, stack, testConfig, uniquePseudonym } from "./helpers.ts";

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

async function registered(password = REGISTRATION_DEFAULTS.password) {
  const username = uniquePseudonym("Kim");
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username, password } });
  expect(res.statusCode).toBe(201);
  const body = res.json() as { seekerId: string; token: string };
  return { username, password, ...body };
}

const login = (username: string, password: string) =>
  app.inject({ method: "POST", url: "/v1/login", payload: { username, password } });

describe("POST /v1/seekers/me/password", () => {
  it("changes the password: the old one fails, the new one works", async () => {
    const s = await registered();
    const res = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      headers: bearer(s.token),
      payload: { oldPassword: s.password, newPassword: "a brand new passphrase" },
    });
    expect(res.statusCode).toBe(204);
    expect((await login(s.username, s.password)).json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    expect((await login(s.username, "a brand new passphrase")).statusCode).toBe(200);
  });

  it("refuses a wrong old password and changes nothing", async () => {
    const s = await registered();
    const [before] = await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId));
    const res = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      headers: bearer(s.token),
      payload: { oldPassword: "not the password", newPassword: "a brand new passphrase" },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });
    const [after] = await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId));
    expect(after!.passwordHash).toBe(before!.passwordHash);
    expect((await login(s.username, s.password)).statusCode).toBe(200);
  });

  it("needs a token and a long enough new password", async () => {
    const s = await registered();
    const noToken = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      payload: { oldPassword: s.password, newPassword: "a brand new passphrase" },
    });
    expect(noToken.statusCode).toBe(401);
    const short = await app.inject({
      method: "POST",
      url: "/v1/seekers/me/password",
      headers: bearer(s.token),
      payload: { oldPassword: s.password, newPassword: "short" },
    });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ errcode: "LOTSE_INVALID_INPUT" });
    expect((await login(s.username, s.password)).statusCode).toBe(200);
  });
});

describe("DELETE /v1/seekers/me", () => {
  it("removes personal data, closes cases, deactivates the chat user; login fails afterwards", async () => {
    const agency = await createAgency(db.db, { topics: [REGISTRATION_DEFAULTS.topic], ranges: [["10000", "10999"]] });
    const s = await registered();
    const session = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: bearer(s.token) });
    expect(session.statusCode).toBe(200);
    const matrix = session.json() as { userId: string; accessToken: string };
    const opened = await app.inject({
      method: "POST",
      url: "/v1/cases",
      headers: bearer(s.token),
      payload: { topic: REGISTRATION_DEFAULTS.topic, agencyId: agency.id },
    });
    expect(opened.statusCode).toBe(201);

    const wrong = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(s.token), payload: { password: "nope nope" } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });

    const res = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(s.token), payload: { password: s.password } });
    expect(res.statusCode).toBe(204);

    const [row] = await db.db.select().from(seekers).where(eq(seekers.id, s.seekerId));
    expect(row!.username).not.toBe(s.username);
    expect(row!.email).toBeNull();
    expect(row!.postcode).toBeNull();
    const rows = await db.db.select().from(cases).where(eq(cases.seekerId, s.seekerId));
    expect(rows.map((c) => c.status)).toEqual(["closed"]);
    expect((await login(s.username, s.password)).json()).toMatchObject({ errcode: "LOTSE_BAD_CREDENTIALS" });

    // The chat user is gone: its token no longer works.
    const whoami = await fetch(`${stack().homeserverUrl}/_matrix/client/v3/account/whoami`, {
      headers: { authorization: `Bearer ${matrix.accessToken}` },
    });
    expect(whoami.status).toBe(401);

    // A token issued before the deletion opens nothing any more.
    for (const [method, url] of [["GET", "/v1/cases"], ["POST", "/v1/matrix/session"], ["POST", "/v1/cases"]] as const) {
      const stale = await app.inject({ method, url, headers: bearer(s.token), ...(method === "POST" && url === "/v1/cases" ? { payload: { topic: "schulden", agencyId: "6f1c0a8e-7d5b-4c1e-9a3f-0c1a2b3c4d01" } } : {}) });
      expect(stale.statusCode, `${method} ${url}`).toBe(401);
    }

    // The pseudonym is free again.
    const again = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: s.username } });
    expect(again.statusCode).toBe(201);
  });
});
