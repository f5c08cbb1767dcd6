// The generated Synapse configuration, checked against the running homeserver.
import { describe, expect, inject, it } from "vitest";
import { seedDemo } from "../src/seedDemo.ts";

const stack = inject("lotseStack");

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${stack.homeserverUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("local stack", () => {
  it("seeds demo counselors who can sign in with a password, idempotently", async () => {
    const opts = {
      databaseUrl: stack.databaseUrl,
      homeserverUrl: stack.homeserverUrl,
      serverName: stack.serverName,
      registrationSharedSecret: stack.registrationSharedSecret,
    };
    const first = await seedDemo(opts);
    const again = await seedDemo(opts);
    expect(again).toEqual(first);
    expect(first.agencies.length).toBeGreaterThanOrEqual(3);
    for (const agency of first.agencies) {
      expect(first.counselors.filter((c) => c.agencyId === agency.id).length).toBeGreaterThanOrEqual(2);
    }
    const c = first.counselors[0]!;
    const login = await post("/_matrix/client/v3/login", {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: c.userId },
      password: c.password,
    });
    expect(login.status).toBe(200);
    expect(login.body.user_id).toBe(c.userId);
    const wrong = await post("/_matrix/client/v3/login", {
      type: "m.login.password",
      identifier: { type: "m.id.user", user: c.userId },
      password: "not-the-password",
    });
    expect(wrong.status).toBe(403);
  });

  it("keeps public registration closed but lets the appservice register in its namespace", async () => {
    const open = await post("/_matrix/client/v3/register", { username: "intruder", password: "x".repeat(16) });
    expect(open.status).toBe(403);
    const localpart = `${stack.userPrefix}${Date.now().toString(36)}`;
    const asReg = await post("/_matrix/client/v3/register", { type: "m.login.application_service", username: localpart }, stack.asToken);
    expect(asReg.status).toBe(200);
    expect(asReg.body.user_id).toBe(`@${localpart}:${stack.serverName}`);
    const outside = await post("/_matrix/client/v3/register", { type: "m.login.application_service", username: "notours" }, stack.asToken);
    expect(outside.status).toBe(400);
  });
});
