// Seekers exist only inside platform rooms (issue 7): a real seeker session (POST
// /v1/matrix/session) tries to create rooms, open a direct chat, invite a counselor and accept a
// counselor's invitation into a room the platform did not build. The homeserver's seeker guard
// module (scripts/synapse/lotse_seeker_guard.py) refuses each with 403; where a homeserver lets
// one through (without the module), the bridge (a real child process) undoes it at once, acting
// as the seeker — each test accepts either and checks the end state. The case room keeps working.
// The bridge's side on its own: bridge/test/seekerGuard.int.test.ts.
import { randomBytes, randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemo, type DemoAccounts } from "@lotse/scripts";
import { passwordLogin, until, type MatrixSession, registerSecrets, randomLetters } from "@lotse/test-support";
import { callApi, startPlatform, type Platform } from "../src/platform.ts";

const stack = inject("lotseStack");

type Raw = { status: number; body: Record<string, unknown> };

async function mx(session: { accessToken: string }, method: string, path: string, body?: unknown): Promise<Raw> {
  const res = await fetch(`${stack.homeserverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${session.accessToken}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

const enc = encodeURIComponent;

async function joinedRooms(session: MatrixSession): Promise<string[]> {
  const r = await mx(session, "GET", "/_matrix/client/v3/joined_rooms");
  expect(r.status).toBe(200);
  return r.body.joined_rooms as string[];
}

/** Membership of `userId` in `roomId` as `viewer` sees it (undefined when the viewer cannot see). */
async function membershipOf(viewer: MatrixSession, roomId: string, userId: string): Promise<string | undefined> {
  const r = await mx(viewer, "GET", `/_matrix/client/v3/rooms/${enc(roomId)}/state/m.room.member/${enc(userId)}`);
  return r.status === 200 ? (r.body.membership as string) : undefined;
}

/** The user's current membership in the room as Synapse's database records it. */
async function synapseMembership(roomId: string, userId: string): Promise<string | undefined> {
  const sql = postgres(stack.synapseDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ membership: string }[]>`select membership from local_current_membership where room_id = ${roomId} and user_id = ${userId}`;
    return rows[0]?.membership;
  } finally {
    await sql.end();
  }
}

describe("seekers exist only inside platform rooms", () => {
  let platform: Platform;
  let demo: DemoAccounts;
  let seeker: MatrixSession;
  let counselor: MatrixSession;
  let caseRoomId: string;

  beforeAll(async () => {
    demo = await seedDemo(stack);
    platform = await startPlatform(stack);
    const agency = demo.agencies[0]!;
    const topic = agency.topicIds[0]!;
    const c = demo.counselors.find((x) => x.agencyId === agency.id)!;
    counselor = await passwordLogin(stack.homeserverUrl, c.userId, c.password);
    const pseudonym = `Nebel ${randomLetters(10)}`;
    const password = `pw-${randomUUID()}`;
    const reg = await callApi<{ token: string }>(platform.apiUrl, "POST", "/v1/seekers", {
      body: { username: pseudonym, password, topic, postcode: agency.samplePostcode },
    });
    expect(reg.status).toBe(201);
    const s = await callApi<MatrixSession>(platform.apiUrl, "POST", "/v1/matrix/session", { token: reg.body.token });
    expect(s.status).toBe(200);
    seeker = { ...s.body, homeserverUrl: stack.homeserverUrl };
    registerSecrets(stack, [pseudonym], "pseudonym");
    registerSecrets(stack, [password, c.password], "password");
    registerSecrets(stack, [reg.body.token, seeker.accessToken, counselor.accessToken], "token");

    // A platform room: the seeker's case room, joined like the web app does.
    const opened = await callApi<{ caseId: string }>(platform.apiUrl, "POST", "/v1/cases", { token: reg.body.token, body: { topic, agencyId: agency.id } });
    expect(opened.status).toBe(201);
    caseRoomId = await until(
      "the case room",
      async () => {
        const list = await callApi<{ caseId: string; roomId: string | null }[]>(platform.apiUrl, "GET", "/v1/cases", { token: reg.body.token });
        return list.body.find((x) => x.caseId === opened.body.caseId)?.roomId ?? undefined;
      },
      90_000,
    );
    await until("the seeker joins the case room", async () => ((await mx(seeker, "POST", `/_matrix/client/v3/join/${enc(caseRoomId)}`, {})).status === 200 ? true : undefined), 60_000);
  }, 240_000);

  afterAll(async () => {
    await platform?.stop();
  });

  it("the homeserver itself refuses: a seeker creates no room, nobody invites a seeker into a room the bot did not build, a seeker joins none", async () => {
    // What the seeker guard module (loaded by every Synapse of the project) blocks outright.
    const dm = await mx(seeker, "POST", "/_matrix/client/v3/createRoom", { preset: "trusted_private_chat", is_direct: true, invite: [counselor.userId] });
    expect(dm.status).toBe(403);
    expect(dm.body.errcode).toBe("M_FORBIDDEN");
    const own = await mx(counselor, "POST", "/_matrix/client/v3/createRoom", { preset: "public_chat" });
    expect(own.status).toBe(200);
    const roomId = own.body.room_id as string;
    expect((await mx(counselor, "POST", `/_matrix/client/v3/rooms/${enc(roomId)}/invite`, { user_id: seeker.userId })).status).toBe(403);
    expect((await mx(seeker, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, {})).status).toBe(403);
    // A counselor's room dressed up as a platform room (the marker set by the counselor) does not pass.
    const fake = await mx(counselor, "POST", "/_matrix/client/v3/createRoom", {
      preset: "public_chat",
      initial_state: [{ type: "org.lotse.room", state_key: "", content: { kind: "case", caseId: randomUUID() } }],
    });
    expect(fake.status).toBe(200);
    expect((await mx(seeker, "POST", `/_matrix/client/v3/join/${enc(fake.body.room_id as string)}`, {})).status).toBe(403);
  }, 120_000);

  it("a direct chat the seeker opens is closed: the seeker is taken out, the invitation withdrawn, nobody can join", async () => {
    const created = await mx(seeker, "POST", "/_matrix/client/v3/createRoom", { preset: "private_chat", is_direct: true, invite: [counselor.userId] });
    // Refused outright (a homeserver rule) or created and then undone by the bridge.
    if (created.status !== 200) {
      expect(created.status).toBe(403);
      return;
    }
    const roomId = created.body.room_id as string;
    await until("the seeker is out of the room it created", async () => ((await joinedRooms(seeker)).includes(roomId) ? undefined : true), 90_000);
    // The invitation was withdrawn (Synapse's own record of the counselor's membership), and the
    // room is invite-only with nobody left in it: joining fails (403, or 404: no member to join through).
    await until("the counselor's invitation is withdrawn", async () => ((await synapseMembership(roomId, counselor.userId)) === "leave" ? true : undefined), 60_000);
    const join = await mx(counselor, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, {});
    expect([403, 404]).toContain(join.status);
    const send = await mx(counselor, "PUT", `/_matrix/client/v3/rooms/${enc(roomId)}/send/m.room.message/${randomUUID()}`, { msgtype: "m.text", body: "hallo" });
    expect(send.status).toBe(403);
    // Nor can the seeker go back in.
    expect([403, 404]).toContain((await mx(seeker, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, {})).status);
    expect(await synapseMembership(roomId, seeker.userId)).toBe("leave");
  }, 180_000);

  it("a trusted direct chat (the invitee becomes a co-creator the bridge cannot remove): the counselor still cannot reach the seeker through it", async () => {
    const created = await mx(seeker, "POST", "/_matrix/client/v3/createRoom", { preset: "trusted_private_chat", is_direct: true, invite: [counselor.userId] });
    if (created.status !== 200) {
      expect(created.status).toBe(403);
      return;
    }
    const roomId = created.body.room_id as string;
    await until("the seeker is out of the room it created", async () => ((await joinedRooms(seeker)).includes(roomId) ? undefined : true), 90_000);
    const join = await mx(counselor, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, {});
    if (join.status === 200) {
      // In room version 12 a trusted chat's invitee is an additional creator: nobody can withdraw
      // the invitation. The counselor gets in — and finds nobody. Inviting the seeker back fails
      // at the bridge: the invitation is rejected as the seeker.
      const back = await mx(counselor, "POST", `/_matrix/client/v3/rooms/${enc(roomId)}/invite`, { user_id: seeker.userId });
      expect(back.status).toBe(200);
      await until("the seeker's invitation is rejected", async () => ((await membershipOf(counselor, roomId, seeker.userId)) === "leave" ? true : undefined), 90_000);
    } else {
      expect([403, 404]).toContain(join.status);
    }
    expect(await joinedRooms(seeker)).not.toContain(roomId);
    expect(await synapseMembership(roomId, seeker.userId)).toBe("leave");
  }, 180_000);

  it("an invitation the seeker sends is refused or withdrawn", async () => {
    // Inside the case room, the homeserver refuses a seeker's invitation (power levels, and the
    // seeker guard module).
    const inCase = await mx(seeker, "POST", `/_matrix/client/v3/rooms/${enc(caseRoomId)}/invite`, { user_id: counselor.userId });
    expect(inCase.status).toBe(403);
    expect(await synapseMembership(caseRoomId, counselor.userId)).not.toBe("join");
    const created = await mx(seeker, "POST", "/_matrix/client/v3/createRoom", { preset: "public_chat" });
    if (created.status !== 200) {
      expect(created.status).toBe(403); // the homeserver's seeker guard module: no rooms for seekers
      return;
    }
    const roomId = created.body.room_id as string;
    // Race the bridge: the invitation either gets through (and is then withdrawn) or the seeker
    // is already out (403).
    const invite = await mx(seeker, "POST", `/_matrix/client/v3/rooms/${enc(roomId)}/invite`, { user_id: counselor.userId });
    expect([200, 403]).toContain(invite.status);
    await until("the seeker is out of the room", async () => ((await joinedRooms(seeker)).includes(roomId) ? undefined : true), 90_000);
    if (invite.status === 200) {
      await until("the invitation is withdrawn", async () => ((await synapseMembership(roomId, counselor.userId)) === "leave" ? true : undefined), 60_000);
    }
    expect([403, 404]).toContain((await mx(counselor, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, {})).status);
  }, 180_000);

  it("a counselor cannot bring the seeker into the counselor's own room: the invitation is refused or rejected as the seeker", async () => {
    const created = await mx(counselor, "POST", "/_matrix/client/v3/createRoom", { preset: "private_chat" });
    expect(created.status).toBe(200);
    const roomId = created.body.room_id as string;
    const invite = await mx(counselor, "POST", `/_matrix/client/v3/rooms/${enc(roomId)}/invite`, { user_id: seeker.userId });
    if (invite.status === 200) {
      await until("the seeker's invitation is rejected", async () => ((await membershipOf(counselor, roomId, seeker.userId)) === "leave" ? true : undefined), 90_000);
      // The rejection was the bridge's, once: its processed_events row is there.
      const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
      try {
        const rows = await sql`select event_id from processed_events where room_id = ${roomId} and event_id like 'seeker-guard:%'`;
        expect(rows.length).toBeGreaterThanOrEqual(1);
      } finally {
        await sql.end();
      }
    } else {
      expect(invite.status).toBe(403); // the homeserver's seeker guard module
      expect(await membershipOf(counselor, roomId, seeker.userId)).toBeUndefined();
    }
    expect(await joinedRooms(seeker)).not.toContain(roomId);
    const sneak = await mx(seeker, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, {});
    expect(sneak.status).toBe(403); // invite-only room, no invitation
  }, 180_000);

  it("a public room a counselor opens: the seeker cannot join it, or is taken out at once", async () => {
    const created = await mx(counselor, "POST", "/_matrix/client/v3/createRoom", { preset: "public_chat" });
    expect(created.status).toBe(200);
    const roomId = created.body.room_id as string;
    const join = await mx(seeker, "POST", `/_matrix/client/v3/join/${enc(roomId)}`, {});
    if (join.status === 200) {
      await until("the seeker is taken out", async () => ((await membershipOf(counselor, roomId, seeker.userId)) === "leave" ? true : undefined), 90_000);
    } else {
      expect(join.status).toBe(403); // the homeserver's seeker guard module
    }
    expect(await joinedRooms(seeker)).not.toContain(roomId);
    // Nor may a seeker create an alias (homeserver rule) — in any namespace.
    const alias = await mx(seeker, "PUT", `/_matrix/client/v3/directory/room/${enc(`#seeker_${randomUUID().slice(0, 8)}:${stack.serverName}`)}`, { room_id: caseRoomId });
    expect(alias.status).toBe(403);
  }, 180_000);

  it("the case room keeps working: the seeker is still in it and can write", async () => {
    expect(await joinedRooms(seeker)).toContain(caseRoomId);
    expect(await membershipOf(seeker, caseRoomId, seeker.userId)).toBe("join");
    const sent = await mx(seeker, "PUT", `/_matrix/client/v3/rooms/${enc(caseRoomId)}/send/m.room.message/${randomUUID()}`, { msgtype: "m.text", body: "ping" });
    expect(sent.status).toBe(200);
  });
});
