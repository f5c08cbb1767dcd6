// An operator's policy file (LOTSE_POLICY_FILE) changes what the running API accepts: with
// pseudonym.maxLength lowered, registration refuses a pseudonym that the default policy takes; with
// calls.seekerRelayOnly off, the chat session tells the seeker's app it may call directly.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPlatformPolicy, type PlatformPolicy } from "@lotse/policies";
import { buildApp } from "../src/app.ts";
import type { DbHandle } from "@lotse/store";
import { PasswordHasher } from "../src/domain/passwords.ts";
import { HomeserverClient } from "../src/matrix/homeserverClient.ts";
import { openDb, randomLetters, REGISTRATION_DEFAULTS, rowCounts, stack, testConfig } from "./helpers.ts";

let db: DbHandle;
let defaultApp: FastifyInstance;
let strictApp: FastifyInstance;

async function appWith(policy: PlatformPolicy | undefined): Promise<FastifyInstance> {
  const config = testConfig(stack());
  const homeserver = new HomeserverClient({ baseUrl: config.homeserverUrl, asToken: config.asToken, timeoutMs: config.homeserverTimeoutMs });
  return buildApp({ config, db, homeserver, passwords: new PasswordHasher(), ...(policy ? { policy } : {}) }, { logger: false });
}

beforeAll(async () => {
  db = openDb(stack());
  const dir = mkdtempSync(join(tmpdir(), "lotse-policy-override-"));
  const file = join(dir, "policy.yaml");
  writeFileSync(file, "pseudonym:\n  maxLength: 10\ncalls:\n  seekerRelayOnly: false\nmedia:\n  seekerMaxFileBytes: 2097152\n  allowedTypes: [application/pdf]\n  attachmentRoomKinds: [case, whisper]\n");
  const policy = loadPlatformPolicy({ LOTSE_POLICY_FILE: file });
  expect(policy.pseudonym.maxLength).toBe(10);
  defaultApp = await appWith(undefined);
  strictApp = await appWith(policy);
});

afterAll(async () => {
  await defaultApp?.close();
  await strictApp?.close();
  await db?.close();
});

describe("API with an operator's policy file", () => {
  it("media: the attachment policy the seeker app reads follows the file (types, size, conversations)", async () => {
    const strict = await strictApp.inject({ method: "GET", url: "/v1/attachments/policy" });
    expect(strict.statusCode).toBe(200);
    expect(strict.json()).toEqual({ allowedTypes: ["application/pdf"], maxFileBytes: 2 * 1024 * 1024, roomKinds: ["case", "whisper"] });
    const defaults = await defaultApp.inject({ method: "GET", url: "/v1/attachments/policy" });
    expect(defaults.json()).toEqual({ allowedTypes: ["image/jpeg", "image/png", "application/pdf"], maxFileBytes: 10 * 1024 * 1024, roomKinds: ["case"] });
  });

  it("pseudonym.maxLength 10: a 14-character pseudonym is refused (no row), the default policy takes it", async () => {
    const long = `Mia${randomLetters(11)}`;
    expect(long).toHaveLength(14);
    const before = await rowCounts(db);
    const refused = await strictApp.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: long } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errcode: "LOTSE_INVALID_PSEUDONYM" });
    expect(refused.json().error).toContain("at most 10 characters");
    expect((await rowCounts(db)).seekers).toBe(before.seekers);

    const accepted = await defaultApp.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: long } });
    expect(accepted.statusCode).toBe(201);

    // A short one still registers with the strict policy.
    const short = `Li${randomLetters(6)}`;
    const ok = await strictApp.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: short } });
    expect(ok.statusCode).toBe(201);
  });

  it("calls.seekerRelayOnly: the chat session says relay only by default, and not with the operator's file", async () => {
    for (const [app, relayOnly] of [[defaultApp, true], [strictApp, false]] as const) {
      const reg = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: `Ru${randomLetters(6)}` } });
      expect(reg.statusCode).toBe(201);
      const session = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: { authorization: `Bearer ${reg.json().token}` } });
      expect(session.statusCode).toBe(200);
      expect(session.json().relayOnly).toBe(relayOnly);
    }
  });
});
