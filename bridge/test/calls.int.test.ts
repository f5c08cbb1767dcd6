// Calls belong in case rooms only (issue 13): the bridge's pool rooms refuse call signalling and
// group calls for everyone but the bot — also pool rooms made before that rule, once they are
// synced — and case rooms carry `io.element.functional_members`, so that Element sees the 1:1 room
// of seeker and counselor and offers its call buttons; old case rooms get it on their next sync.
// Real Synapse and PostgreSQL, the bridge as a child process, a counselor as a plain HTTP client.
import { FUNCTIONAL_MEMBERS_STATE_TYPE } from "@lotse/policies";
import { cases, createDb, type DbHandle, enqueue } from "@lotse/store";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  anyTopicId,
  registerSecrets,
  type BridgeProcess,
  createSeeker,
  type MatrixSession,
  matrixRequest,
  openCase,
  randomLetters,
  roomState,
  startWithPoolCounselor,
  waitFor,
} from "@lotse/test-support";

const stack = inject("lotseStack");
let dbh: DbHandle;
let bridge: BridgeProcess;
let agencyId: string;
let topicId: string;
let session: MatrixSession;
let poolRoomId: string;

const asCounselor = (method: string, path: string, body: unknown) => matrixRequest(stack.homeserverUrl, session.accessToken, method, path, body);

const send = (roomId: string, type: string, content: Record<string, unknown>) =>
  asCounselor("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${type}/${randomLetters(12)}`, content);
const putState = (roomId: string, type: string, stateKey: string, content: Record<string, unknown>) =>
  asCounselor("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${type}/${encodeURIComponent(stateKey)}`, content);

async function powerLevels(roomId: string): Promise<{ events: Record<string, number> } & Record<string, unknown>> {
  const state = await roomState(stack.homeserverUrl, stack.asToken, roomId);
  return state.find((e) => e.type === "m.room.power_levels")!.content as { events: Record<string, number> };
}

/** Sets a state event as the bot (as a room made before a rule would have it). */
async function botPutState(roomId: string, type: string, content: Record<string, unknown>) {
  expect((await matrixRequest(stack.homeserverUrl, stack.asToken, "PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${type}/`, content)).status).toBe(200);
}

const invite = { call_id: "c1", version: "1", lifetime: 60000, offer: { type: "offer", sdp: "v=0" } };

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
  topicId = await anyTopicId(dbh.db);
  ({ agencyId, bridge, poolRoomId, session } = await startWithPoolCounselor(dbh.db, stack, "Beraterin Calls"));
}, 240_000);

afterAll(async () => {
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
});

describe("calls in the pool room", () => {
  it("are refused by the homeserver, while plain messages go through", async () => {
    expect((await send(poolRoomId, "m.room.message", { msgtype: "m.text", body: "Guten Morgen" })).status).toBe(200);
    const call = await send(poolRoomId, "m.call.invite", invite);
    expect(call.status).toBe(403);
    expect(call.json.errcode).toBe("M_FORBIDDEN");
    // Group calls and call widgets are state events: refused as well.
    expect((await putState(poolRoomId, "org.matrix.msc3401.call", "c1", { "m.intent": "m.room" })).status).toBe(403);
    expect((await putState(poolRoomId, "im.vector.modular.widgets", "jitsi", { type: "jitsi", url: "https://example.org" })).status).toBe(403);
  });

  it("are refused in a pool room made before the rule once the bridge syncs it", async () => {
    const before = await powerLevels(poolRoomId);
    const events = { ...before.events };
    for (const t of Object.keys(events)) if (t.startsWith("m.call.") || t.includes("msc3401") || t.includes("widgets") || t.endsWith(".member")) delete events[t];
    await botPutState(poolRoomId, "m.room.power_levels", { ...before, events });
    expect((await send(poolRoomId, "m.call.invite", invite)).status).toBe(200);

    await dbh.db.transaction((tx) => enqueue(tx, "agency.sync_pool", { agencyId }, { key: `test:sync_pool:${randomLetters(10)}` }));
    const after = await waitFor("call events raised", async () => {
      const pl = await powerLevels(poolRoomId);
      return pl.events["m.call.invite"] === 100 ? pl : undefined;
    });
    expect(after.events["org.matrix.msc3401.call"]).toBe(100);
    // Nothing else changed: the other levels are the room's own.
    expect(after.users).toEqual(before.users);
    expect(after.events["m.room.name"]).toBe(before.events["m.room.name"]);
    expect((await send(poolRoomId, "m.call.invite", invite)).status).toBe(403);
  });
});

describe("case rooms", () => {
  it("name the bot a functional member, so Element offers calls between seeker and counselor", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    const { caseId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
    const roomId = await waitFor("case room", async () => (await dbh.db.select().from(cases).where(eq(cases.id, caseId)))[0]?.roomId ?? undefined);
    const fm = async () => (await roomState(stack.homeserverUrl, stack.asToken, roomId)).find((e) => e.type === FUNCTIONAL_MEMBERS_STATE_TYPE)?.content;
    const bot = `@${stack.botLocalpart}:${stack.serverName}`;
    expect(await fm()).toEqual({ service_members: [bot] });
    // Calls are allowed here: the counselor's invitation to a call goes through.
    expect((await powerLevels(roomId)).events["m.call.invite"]).toBeUndefined();

    // A case room made before the state existed gets it on its next sync.
    await botPutState(roomId, FUNCTIONAL_MEMBERS_STATE_TYPE, {});
    expect(await fm()).toEqual({});
    await dbh.db.transaction((tx) => enqueue(tx, "case.sync_room", { caseId }, { key: `test:sync_room:${randomLetters(10)}`, caseId }));
    await waitFor("functional members restored", async () => ((await fm()) as { service_members?: string[] } | undefined)?.service_members?.[0] === bot);
  });
});

describe("supervision rooms (encrypted) never carry calls", () => {
  it("refuse group calls and call widgets (state, never encrypted); name no functional member; an encrypted event is all the server sees of anything else", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    const { caseId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
    await waitFor("case room", async () => (await dbh.db.select().from(cases).where(eq(cases.id, caseId)))[0]?.roomId ?? undefined);
    await dbh.db.transaction((tx) => enqueue(tx, "case.supervision_room", { caseId, supervisorUserId: session.userId }, { key: `test:supervision:${randomLetters(10)}`, caseId }));
    const supRoom = await waitFor("supervision room", async () => (await dbh.db.select().from(cases).where(eq(cases.id, caseId)))[0]?.supervisionRoomId ?? undefined);
    await waitFor("the counselor in the supervision room", async () => (await asCounselor("POST", `/_matrix/client/v3/join/${encodeURIComponent(supRoom)}`, {})).status === 200);
    const state = await roomState(stack.homeserverUrl, stack.asToken, supRoom);
    expect(state.find((e) => e.type === "m.room.encryption")).toBeDefined();
    // Element counts the bot as a person here: no 1:1 call button; its group call would need state.
    expect(state.find((e) => e.type === FUNCTIONAL_MEMBERS_STATE_TYPE)).toBeUndefined();
    for (const [type, key, content] of [
      ["org.matrix.msc3401.call", "c1", { "m.intent": "m.room" }],
      ["org.matrix.msc3401.call.member", session.userId, { memberships: [] }],
      ["m.call.member", session.userId, { memberships: [] }],
      ["m.rtc.member", session.userId, {}],
      ["im.vector.modular.widgets", "jitsi", { type: "jitsi", url: "https://example.org" }],
    ] as const) {
      const res = await putState(supRoom, type, key, content);
      expect(res.status, type).toBe(403);
    }
    // What the homeserver cannot refuse: an `m.call.invite` inside the encrypted room is an
    // `m.room.encrypted` like every message (the seeker's app is where that rule holds; see
    // web-client/src/matrix/callPolicy.ts). Plain (unencrypted) call events are refused.
    expect((await send(supRoom, "m.call.invite", invite)).status).toBe(403);
    expect((await send(supRoom, "m.room.encrypted", { algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AAAA", session_id: "s", device_id: "D" })).status).toBe(200);
  });
});

describe("TURN credentials", () => {
  const turn = (token?: string) =>
    fetch(`${stack.homeserverUrl}/_matrix/client/v3/voip/turnServer`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } });

  it("are refused without a session (401, typed) and handed to a signed-in user for a short time", async () => {
    const none = await turn();
    expect(none.status).toBe(401);
    expect(((await none.json()) as { errcode: string }).errcode).toBe("M_MISSING_TOKEN");
    const forged = `syt_${randomLetters(24)}`;
    // The log scan of the run fails if any log holds the forged token.
    registerSecrets(stack, [forged], "token");
    const bad = await turn(forged);
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { errcode: string }).errcode).toBe("M_UNKNOWN_TOKEN");

    const ok = await turn(session.accessToken);
    expect(ok.status).toBe(200);
    const creds = (await ok.json()) as { uris: string[]; username: string; password: string; ttl: number };
    expect(creds.uris.length).toBeGreaterThan(0);
    expect(creds.uris.every((u) => u.startsWith("turn:") || u.startsWith("turns:"))).toBe(true);
    // The TURN REST scheme: "<expiry>:<user>", a password derived from the shared secret.
    expect(creds.username).toMatch(/^\d+:@/u);
    expect(creds.username.endsWith(`:${session.userId}`)).toBe(true);
    expect(creds.ttl).toBeGreaterThan(0);
    registerSecrets(stack, [creds.password], "token");
  });
});
