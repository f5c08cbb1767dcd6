// The bridge's half of "seekers exist only inside platform rooms" on its own (the homeserver's
// module refuses the same things first, so the real-Synapse test in tests/test/seekerGuard
// rarely reaches the bridge): the command preprocessor gets the events a homeserver without the
// module would send, acts through a recording fake of the Matrix API (as the seeker, by
// masquerading), once per event — a re-sent appservice transaction changes nothing — and leaves
// platform rooms alone. Real PostgreSQL (processed_events, cases).
import { randomBytes } from "node:crypto";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type DbHandle } from "@lotse/store";
import { inboundEventRouter as commandPreprocessor, type EventRouter as Preprocessor } from "../src/events/inboundEvents.ts";
import type { Membership, MatrixRoomApi } from "../src/matrix/MatrixRoomApi.ts";

const stack = inject("lotseStack");
const server = stack.serverName;
const bot = `@${stack.botLocalpart}:${server}`;
const seeker = `@${stack.userPrefix}${randomBytes(8).toString("hex")}:${server}`;
const counselor = `@berater_${randomBytes(4).toString("hex")}:${server}`;

type Call = { as: string; op: string; roomId: string; arg?: unknown };

/** Records every call; rooms are described by their creator, marker and members. */
class FakeMatrix implements MatrixRoomApi {
  readonly botUserId = bot;
  readonly calls: Call[];
  readonly rooms: Map<string, { creator: string; marker?: Record<string, unknown>; members: Map<string, Membership> }>;
  private readonly actingAs: string;
  failNext: Error | undefined;

  constructor(calls: Call[] = [], rooms = new Map<string, { creator: string; marker?: Record<string, unknown>; members: Map<string, Membership> }>(), as = bot) {
    this.calls = calls;
    this.rooms = rooms;
    this.actingAs = as;
  }
  asUser(userId: string): MatrixRoomApi {
    const f = new FakeMatrix(this.calls, this.rooms, userId);
    f.failNext = this.failNext;
    this.failNext = undefined;
    return f;
  }
  private record(op: string, roomId: string, arg?: unknown): void {
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = undefined;
      throw e;
    }
    this.calls.push({ as: this.actingAs, op, roomId, ...(arg === undefined ? {} : { arg }) });
  }
  async roomCreator(roomId: string) {
    return this.rooms.get(roomId)?.creator;
  }
  async getStateContent(roomId: string, type: string) {
    return type === "org.lotse.room" ? this.rooms.get(roomId)?.marker : undefined;
  }
  async getMemberships(roomId: string) {
    return new Map(this.rooms.get(roomId)?.members ?? []);
  }
  async sendState(roomId: string, type: string, _k: string, content: Record<string, unknown>) {
    this.record(`state:${type}`, roomId, content);
  }
  async kick(roomId: string, userId: string) {
    this.record("kick", roomId, userId);
    this.rooms.get(roomId)?.members.set(userId, "leave");
  }
  async leaveRoom(roomId: string) {
    this.record("leave", roomId);
    this.rooms.get(roomId)?.members.set(this.actingAs, "leave");
  }
  async ensureUserRegistered() {}
  async createRoom(): Promise<string> {
    throw new Error("not used");
  }
  async resolveAlias(): Promise<string> {
    throw new Error("not used");
  }
  async invite() {}
  async sendEvent() {
    return "";
  }
  async joinRoom() {}
}

let handle: DbHandle;
let matrix: FakeMatrix;
let pre: Preprocessor;
const log = pino({ level: "silent" });
let n = 0;
const eventId = () => `$guard-test-${randomBytes(6).toString("hex")}-${n++}`;
const roomId = () => `!guard-test-${randomBytes(6).toString("hex")}:${server}`;

beforeAll(() => {
  handle = createDb(stack.databaseUrl, { max: 2 });
  matrix = new FakeMatrix();
  pre = commandPreprocessor({ db: handle.db, matrix, log, userPrefix: stack.userPrefix });
});

afterAll(async () => {
  await handle?.close();
});

function callsIn(room: string): string[] {
  return matrix.calls.filter((c) => c.roomId === room).map((c) => `${c.as === seeker ? "seeker" : c.as}:${c.op}${typeof c.arg === "string" ? `:${c.arg === counselor ? "counselor" : c.arg}` : ""}`);
}

describe("seeker guard in the bridge (events a homeserver without the module would deliver)", () => {
  it("a room a seeker created: join rule set to invite, everyone else removed, then the seeker leaves — once, even when the transaction is re-sent", async () => {
    const room = roomId();
    matrix.rooms.set(room, { creator: seeker, members: new Map<string, Membership>([[seeker, "join"], [counselor, "invite"]]) });
    const create = { event_id: eventId(), room_id: room, sender: seeker, type: "m.room.create", state_key: "", content: {} };
    await pre.processEvent(create);
    expect(callsIn(room)).toEqual(["seeker:state:m.room.join_rules", "seeker:kick:counselor", "seeker:leave"]);
    await pre.processEvent(create); // Synapse re-sends the transaction after a crash
    expect(callsIn(room)).toHaveLength(3);
  }, 30_000);

  it("a seeker's invitation is withdrawn and the seeker leaves a room that is not a platform room", async () => {
    const room = roomId();
    matrix.rooms.set(room, { creator: counselor, members: new Map<string, Membership>([[seeker, "join"], [counselor, "invite"]]) });
    await pre.processEvent({ event_id: eventId(), room_id: room, sender: seeker, type: "m.room.member", state_key: counselor, content: { membership: "invite" } });
    expect(callsIn(room)).toEqual(["seeker:kick:counselor", "seeker:leave"]);
  });

  it("an invitation to a seeker into a counselor's room, or one dressed up with the marker, is rejected as the seeker", async () => {
    const plain = roomId();
    const fake = roomId();
    matrix.rooms.set(plain, { creator: counselor, members: new Map<string, Membership>([[counselor, "join"], [seeker, "invite"]]) });
    matrix.rooms.set(fake, { creator: counselor, marker: { kind: "case" }, members: new Map<string, Membership>([[counselor, "join"], [seeker, "invite"]]) });
    for (const room of [plain, fake]) {
      await pre.processEvent({ event_id: eventId(), room_id: room, sender: counselor, type: "m.room.member", state_key: seeker, content: { membership: "invite" } });
      expect(callsIn(room)).toEqual(["seeker:leave"]);
    }
    // A join the seeker's client managed before the bridge acted: taken out again.
    const joined = roomId();
    matrix.rooms.set(joined, { creator: counselor, members: new Map<string, Membership>([[counselor, "join"], [seeker, "join"]]) });
    await pre.processEvent({ event_id: eventId(), room_id: joined, sender: seeker, type: "m.room.member", state_key: seeker, content: { membership: "join" } });
    expect(callsIn(joined)).toEqual(["seeker:leave"]);
  });

  it("platform rooms are left alone: the bot's invitation, a join of a case room (database) or of a fresh bot room with a seekers' marker", async () => {
    const caseRoom = roomId();
    const [agency] = await handle.sql<{ id: string }[]>`insert into agencies (name, city) values (${`Guard ${randomBytes(4).toString("hex")}`}, 'Teststadt') returning id`;
    await handle.sql`update agencies set deleted_at = now() where id = ${agency!.id}`;
    await handle.sql`insert into cases (agency_id, topic_id, room_id) values (${agency!.id}, 'sucht', ${caseRoom})`;
    await pre.processEvent({ event_id: eventId(), room_id: caseRoom, sender: bot, type: "m.room.member", state_key: seeker, content: { membership: "invite" } });
    await pre.processEvent({ event_id: eventId(), room_id: caseRoom, sender: seeker, type: "m.room.member", state_key: seeker, content: { membership: "join" } });
    const fresh = roomId();
    matrix.rooms.set(fresh, { creator: bot, marker: { kind: "group" }, members: new Map<string, Membership>([[bot, "join"]]) });
    await pre.processEvent({ event_id: eventId(), room_id: fresh, sender: seeker, type: "m.room.member", state_key: seeker, content: { membership: "join" } });
    // Counselors' own rooms are none of the guard's business.
    const theirs = roomId();
    matrix.rooms.set(theirs, { creator: counselor, members: new Map() });
    await pre.processEvent({ event_id: eventId(), room_id: theirs, sender: counselor, type: "m.room.create", state_key: "", content: {} });
    expect([...callsIn(caseRoom), ...callsIn(fresh), ...callsIn(theirs)]).toEqual([]);
  });

  it("a failed Matrix call leaves no processed_events row: the re-sent transaction acts", async () => {
    const room = roomId();
    matrix.rooms.set(room, { creator: counselor, members: new Map<string, Membership>([[seeker, "invite"]]) });
    const ev = { event_id: eventId(), room_id: room, sender: counselor, type: "m.room.member", state_key: seeker, content: { membership: "invite" } };
    matrix.failNext = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    await expect(pre.processEvent(ev)).rejects.toThrow(/ECONNREFUSED/);
    const [row] = await handle.sql`select 1 from processed_events where event_id = ${`seeker-guard:${ev.event_id}`}`;
    expect(row).toBeUndefined();
    await pre.processEvent(ev);
    expect(callsIn(room)).toEqual(["seeker:leave"]);
    const [after] = await handle.sql`select 1 from processed_events where event_id = ${`seeker-guard:${ev.event_id}`}`;
    expect(after).toBeDefined();
  });
});
