// What a counselor's ordinary Matrix client can learn about a seeker: exactly the pseudonym and a
// random ID. The walk goes over every endpoint a normal client uses (profile, room members and
// state, user directory, presence, device keys, sync) and checks what comes back.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { seedDemo, type DemoAccounts } from "@lotse/scripts";
import { joinInvitedRoom, passwordLogin, startE2eeClient, stopClient, until, type MatrixSession, registerSecrets, randomLetters } from "@lotse/test-support";
import { callApi, startPlatform, type Platform } from "../src/platform.ts";

const stack = inject("lotseStack");

describe("anonymity: a counselor's view of a seeker", () => {
  let platform: Platform;
  let demo: DemoAccounts;
  const clients: MatrixClient[] = [];
  beforeAll(async () => {
    demo = await seedDemo(stack);
    platform = await startPlatform(stack);
  });
  afterAll(async () => {
    for (const c of clients) await stopClient(c);
    await platform?.stop();
  });

  async function newSeeker(agency: DemoAccounts["agencies"][number], withCase: boolean) {
    const pseudonym = `Morgenrot ${randomLetters(10)}`;
    const email = `geheim-${randomBytes(4).toString("hex")}@example.org`;
    const reg = await callApi<{ token: string }>(platform.apiUrl, "POST", "/v1/seekers", {
      body: { username: pseudonym, password: "ein langes Passwort", email, topic: agency.topicIds[0], postcode: agency.samplePostcode },
    });
    expect(reg.status).toBe(201);
    const session = (await callApi<MatrixSession>(platform.apiUrl, "POST", "/v1/matrix/session", { token: reg.body.token })).body;
    registerSecrets(stack, [pseudonym], "pseudonym");
    registerSecrets(stack, [email], "email");
    registerSecrets(stack, ["ein langes Passwort"], "password");
    registerSecrets(stack, [reg.body.token, session.accessToken], "token");
    let roomId: string | undefined;
    if (withCase) {
      const opened = await callApi<{ caseId: string }>(platform.apiUrl, "POST", "/v1/cases", {
        token: reg.body.token,
        body: { topic: agency.topicIds[0], agencyId: agency.id },
      });
      roomId = await until(
        "case room",
        async () =>
          (await callApi<{ caseId: string; roomId: string | null }[]>(platform.apiUrl, "GET", "/v1/cases", { token: reg.body.token })).body.find(
            (c) => c.caseId === opened.body.caseId,
          )?.roomId ?? undefined,
        60_000,
      );
    }
    return { pseudonym, email, session, roomId, postcode: agency.samplePostcode };
  }

  it("shows the pseudonym and a random ID — nothing else — on every endpoint a client uses", async () => {
    const agency = demo.agencies[2]!;
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;
    const seeker = await newSeeker(agency, true);
    const other = await newSeeker(agency, false);
    const seekerClient = await startE2eeClient({ ...seeker.session, homeserverUrl: stack.homeserverUrl });
    clients.push(seekerClient);
    await joinInvitedRoom(seekerClient, seeker.roomId!);
    const c = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);
    const hs = stack.homeserverUrl;
    const seen: string[] = [];
    const get = async (path: string, token = c.accessToken, init: RequestInit = {}) => {
      const res = await fetch(`${hs}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...(init.headers ?? {}) } });
      const text = await res.text();
      seen.push(text);
      return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    };
    const sid = encodeURIComponent(seeker.session.userId);
    await get(`/_matrix/client/v3/rooms/${encodeURIComponent(seeker.roomId!)}/join`, c.accessToken, { method: "POST", body: "{}" });

    // Profile: exactly the pseudonym, no avatar; a seeker the counselor shares no room with: nothing.
    const profile = await get(`/_matrix/client/v3/profile/${sid}`);
    expect(profile).toEqual({ status: 200, body: { displayname: seeker.pseudonym } });
    const otherProfile = await get(`/_matrix/client/v3/profile/${encodeURIComponent(other.session.userId)}`);
    expect(otherProfile.status).toBeGreaterThanOrEqual(403);
    const anonymousProfile = await fetch(`${hs}/_matrix/client/v3/profile/${sid}`);
    expect(anonymousProfile.status).toBe(401);

    // User directory: counselors do not find seekers, seekers find nobody.
    const search = await get("/_matrix/client/v3/user_directory/search", c.accessToken, {
      method: "POST",
      body: JSON.stringify({ search_term: seeker.pseudonym.split(" ")[0], limit: 50 }),
    });
    expect(search.body.results).toEqual([]);
    const seekerSearch = await get("/_matrix/client/v3/user_directory/search", seeker.session.accessToken, {
      method: "POST",
      body: JSON.stringify({ search_term: counselor.userId.slice(1, 8), limit: 50 }),
    });
    expect(seekerSearch.body.results).toEqual([]);

    // Presence: off.
    const presence = await get(`/_matrix/client/v3/presence/${sid}/status`);
    expect(presence.body.last_active_ago).toBeUndefined();
    expect(presence.body.currently_active).toBeUndefined();

    // Room: the member event carries the pseudonym only.
    const state = await get(`/_matrix/client/v3/rooms/${encodeURIComponent(seeker.roomId!)}/state/m.room.member/${sid}`);
    expect(state.body).toEqual({ membership: "join", displayname: seeker.pseudonym });
    const members = await get(`/_matrix/client/v3/rooms/${encodeURIComponent(seeker.roomId!)}/joined_members`);
    expect((members.body.joined as Record<string, unknown>)[seeker.session.userId]).toEqual({ display_name: seeker.pseudonym, avatar_url: null });

    // Devices: keys for encryption, but no device name (no browser, no OS, no pseudonym).
    const keys = await get("/_matrix/client/v3/keys/query", c.accessToken, { method: "POST", body: JSON.stringify({ device_keys: { [seeker.session.userId]: [] } }) });
    const devices = (keys.body.device_keys as Record<string, Record<string, { unsigned?: Record<string, unknown> }>>)[seeker.session.userId]!;
    expect(Object.keys(devices).length).toBeGreaterThan(0);
    for (const d of Object.values(devices)) expect(d.unsigned?.device_display_name).toBeUndefined();

    // A full sync of the counselor's account.
    await get("/_matrix/client/v3/sync?timeout=0");

    // Nowhere: the e-mail address, the postcode, the seeker's IP address, the other seeker's name.
    const everything = seen.join("\n");
    for (const secret of [seeker.email, other.email, seeker.postcode, other.pseudonym, "127.0.0.1", "user_agent"]) {
      expect(everything.includes(secret), `a counselor's client saw ${secret}`).toBe(false);
    }
    // The localpart is random, not derived from the pseudonym.
    expect(seeker.session.userId.toLowerCase()).not.toContain(seeker.pseudonym.split(" ")[0]!.toLowerCase());
  });
});
