// The operator's media policy reaches the homeserver (issue 17): a policy file with a smaller
// file size and day quota than the defaults, read as the stack reads LOTSE_POLICY_FILE, turned
// into the seeker guard module's config by the same code as `npm start` and `npm run config`, and
// a second Synapse started with it: a seeker's upload the shared test stack (defaults: 10 MB)
// accepts is refused there, a smaller one passes, and the day's quota ends further uploads.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadPlatformPolicy } from "@lotse/policies";
import { randomLetters } from "@lotse/test-support";
import type { RunningSynapse } from "../../scripts/src/synapse.ts";
import { startSecondSynapse } from "../src/secondSynapse.ts";
import { seekerMediaFromPolicy } from "../../scripts/src/synapseConfig.ts";

const stack = inject("lotseStack");

async function registerSeeker(homeserverUrl: string, asToken: string): Promise<string> {
  const res = await fetch(`${homeserverUrl}/_matrix/client/v3/register`, {
    method: "POST",
    headers: { authorization: `Bearer ${asToken}`, "content-type": "application/json" },
    body: JSON.stringify({ type: "m.login.application_service", username: `lotse_media_${randomLetters(8).toLowerCase()}` }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

async function upload(homeserverUrl: string, token: string, size: number): Promise<{ status: number; errcode?: string }> {
  const res = await fetch(`${homeserverUrl}/_matrix/media/v3/upload`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
    body: Buffer.alloc(size, 7),
  });
  const body = (await res.json().catch(() => ({}))) as { errcode?: string };
  return { status: res.status, ...(body.errcode !== undefined ? { errcode: body.errcode } : {}) };
}

describe("the operator's media policy in the homeserver's seeker guard", () => {
  let synapse: RunningSynapse | undefined;
  let url = "";
  let asToken = "";

  beforeAll(async () => {
    const dir = join(stack.dataDir, "media-policy");
    mkdirSync(dir, { recursive: true });
    const policyFile = join(dir, "policy.yaml");
    writeFileSync(policyFile, "media:\n  seekerMaxFileBytes: 2048\n  seekerDailyBytes: 5000\n");
    const policy = loadPlatformPolicy({ LOTSE_POLICY_FILE: policyFile });
    const second = await startSecondSynapse(stack, { name: "media-policy", portOffset: 770, config: { seekerMedia: seekerMediaFromPolicy(policy) } });
    synapse = second.synapse;
    asToken = second.secrets.asToken;
    url = synapse.url;
  }, 240_000);

  afterAll(async () => {
    await synapse?.stop();
  });

  // Runs first: the module creates its names table on the first name it is given. Found by
  // bench:load at full scale — two seekers' first sessions at once after a start made the second
  // fail with a 500 (PostgreSQL's CREATE TABLE IF NOT EXISTS is not safe against a concurrent one).
  it("names the first seekers of a fresh homeserver at once, none refused", async () => {
    const users = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const localpart = `lotse_name_${randomLetters(10).toLowerCase()}`;
        const res = await fetch(`${url}/_matrix/client/v3/register`, {
          method: "POST",
          headers: { authorization: `Bearer ${asToken}`, "content-type": "application/json" },
          body: JSON.stringify({ type: "m.login.application_service", username: localpart, inhibit_login: true }),
        });
        expect(res.status).toBe(200);
        return `@${localpart}:localhost`;
      }),
    );
    const statuses = await Promise.all(
      users.map(async (userId, i) => {
        const res = await fetch(`${url}/_synapse/client/lotse/seeker_name`, {
          method: "PUT",
          headers: { authorization: `Bearer ${asToken}`, "content-type": "application/json" },
          body: JSON.stringify({ user_id: userId, displayname: `Erste ${i} ${randomLetters(6)}` }),
        });
        return res.status;
      }),
    );
    expect(statuses).toEqual(users.map(() => 200));
  });

  it("refuses a file the defaults accept, takes a smaller one, and ends the day's quota", async () => {
    // The shared stack (default policy) takes 3,000 bytes from a seeker …
    const onDefaults = await registerSeeker(stack.homeserverUrl, stack.asToken);
    expect((await upload(stack.homeserverUrl, onDefaults, 3000)).status).toBe(200);
    // … the stack with the operator's policy does not.
    const seeker = await registerSeeker(url, asToken);
    expect(await upload(url, seeker, 3000)).toMatchObject({ status: 413, errcode: "M_TOO_LARGE" });
    expect((await upload(url, seeker, 2000)).status).toBe(200);
    expect((await upload(url, seeker, 2000)).status).toBe(200);
    // 4,000 of 5,000 bytes used today: another 2,000 is over the quota.
    expect(await upload(url, seeker, 2000)).toMatchObject({ status: 403, errcode: "M_USER_LIMIT_EXCEEDED" });
    // The module tells the seeker's client the smaller limit.
    const config = await fetch(`${url}/_matrix/client/v1/media/config`, { headers: { authorization: `Bearer ${seeker}` } });
    expect(await config.json()).toMatchObject({ "m.upload.size": 2048 });
  });
});
