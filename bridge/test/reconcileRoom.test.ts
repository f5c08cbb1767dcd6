// reconcileRoom's removals and invitations are idempotent against a room that changed since its
// memberships were read: found by bench:load at full scale, where a take's `case.sync_room` failed for good with
// "M_FORBIDDEN: The target user is not in the room" and left the rest of the pool in the room.
import { describe, expect, it } from "vitest";
import type { DesiredRoomState } from "@lotse/policies";
import type { Membership, MatrixRoomApi } from "../src/matrix/MatrixRoomApi.ts";
import { reconcileRoom } from "../src/matrix/reconcileRoom.ts";

const ROOM = "!case:test";
const BOT = "@lotse:test";

/** A room in memory; `goneBeforeKick` leave on their own between the read and the bot's kick. */
function fakeRoom(initial: Record<string, Membership>, goneBeforeKick: readonly string[] = [], joinedBeforeInvite: readonly string[] = []) {
  const members = new Map<string, Membership>(Object.entries(initial));
  const kicked: string[] = [];
  const api: MatrixRoomApi = {
    botUserId: BOT,
    getMemberships: async () => new Map(members),
    getStateContent: async () => undefined,
    invite: async (_room: string, userId: string) => {
      if (joinedBeforeInvite.includes(userId)) {
        members.set(userId, "join");
        throw Object.assign(new Error(`M_FORBIDDEN: ${userId} is already in the room.`), { errcode: "M_FORBIDDEN", statusCode: 403 });
      }
      if (userId === "@banned:test") throw Object.assign(new Error("M_FORBIDDEN: user is banned from the room"), { errcode: "M_FORBIDDEN", statusCode: 403 });
      members.set(userId, "invite");
    },
    kick: async (_room: string, userId: string) => {
      if (goneBeforeKick.includes(userId)) {
        members.set(userId, "leave");
        throw Object.assign(new Error("M_FORBIDDEN: The target user is not in the room"), { errcode: "M_FORBIDDEN", statusCode: 403 });
      }
      if (userId === "@stubborn:test") throw Object.assign(new Error("M_FORBIDDEN: You cannot kick this user"), { errcode: "M_FORBIDDEN", statusCode: 403 });
      members.set(userId, "leave");
      kicked.push(userId);
    },
    sendState: async () => undefined,
    sendEvent: async () => "$event",
    joinRoom: async () => undefined,
    leaveRoom: async () => undefined,
    ensureUserRegistered: async () => undefined,
    createRoom: async () => ROOM,
    resolveAlias: async () => undefined,
  } as unknown as MatrixRoomApi;
  return { api, members, kicked };
}

const desired = (members: string[]): DesiredRoomState => ({
  members,
  removeOthers: { keep: [], reason: "Fall übernommen" },
  serverAcl: { allow: ["test"], deny: [], allow_ip_literals: false },
  state: [],
});

describe("reconcileRoom removals", () => {
  it("takes a member who left meanwhile as removed and goes on with the others", async () => {
    const room = fakeRoom({ [BOT]: "join", "@anna:test": "join", "@ben:test": "invite", "@cem:test": "invite", "@dora:test": "join" }, ["@ben:test"]);
    const r = await reconcileRoom(room.api, ROOM, desired(["@anna:test"]));
    expect(room.kicked).toEqual(["@cem:test", "@dora:test"]);
    expect(r.removed).toEqual(["@cem:test", "@dora:test"]);
    expect(room.members.get("@ben:test")).toBe("leave");
    expect(room.members.get("@anna:test")).toBe("join");
  });

  it("still fails when the user it could not remove is in the room", async () => {
    const room = fakeRoom({ [BOT]: "join", "@anna:test": "join", "@stubborn:test": "join" });
    await expect(reconcileRoom(room.api, ROOM, desired(["@anna:test"]))).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
  });
});

describe("reconcileRoom invitations", () => {
  it("takes a member who joined meanwhile as present and invites the others", async () => {
    const room = fakeRoom({ [BOT]: "join" }, [], ["@anna:test"]);
    const r = await reconcileRoom(room.api, ROOM, desired(["@anna:test", "@ben:test"]));
    expect(r.invited).toEqual(["@ben:test"]);
    expect(room.members.get("@anna:test")).toBe("join");
    expect(room.members.get("@ben:test")).toBe("invite");
  });

  it("still fails when the invitation is refused and the user is not in the room", async () => {
    const room = fakeRoom({ [BOT]: "join" });
    await expect(reconcileRoom(room.api, ROOM, desired(["@banned:test"]))).rejects.toMatchObject({ errcode: "M_FORBIDDEN" });
  });
});
