import { describe, expect, it } from "vitest";
import { caseRoomCreateBody, caseRoomPowerLevels } from "../src/caseRoomTemplate.ts";
import { LOTSE_ROOM_STATE_TYPE, serverAclFor, serverHostOf } from "../src/roomTemplate.ts";

const members = {
  botUserId: "@lotse:hs",
  seekerUserId: "@lotse_abc:hs",
  counselorUserIds: ["@anna:hs", "@ben:agency.example"],
};

describe("case room power levels", () => {
  it("gives counselors 50, the seeker 0, and never lists the creator (room v12)", () => {
    const pl = caseRoomPowerLevels({ ...members, counselorUserIds: [...members.counselorUserIds, "@lotse:hs"] });
    expect(pl.users).toEqual({ "@anna:hs": 50, "@ben:agency.example": 50, "@lotse_abc:hs": 0 });
    expect(pl.users["@lotse:hs"]).toBeUndefined();
  });
  it("reserves structure (invite, kick, ban, state, encryption, visibility) for the bot", () => {
    const pl = caseRoomPowerLevels(members);
    for (const level of [pl.invite, pl.kick, pl.ban, pl.state_default]) expect(level).toBe(100);
    for (const type of ["m.room.power_levels", "m.room.encryption", "m.room.history_visibility", "m.room.join_rules", LOTSE_ROOM_STATE_TYPE]) {
      expect(pl.events[type]).toBe(100);
    }
    expect(pl.events_default).toBe(0);
  });
});

describe("case room create body", () => {
  const body = caseRoomCreateBody({ ...members, caseId: "c-1", name: "Beratung", aliasLocalpart: "lotse_case_x" });
  it("is a v12, invite-only, encrypted room with history visible from the invitation", () => {
    expect(body.room_version).toBe("12");
    expect(body.preset).toBe("private_chat");
    expect(body.visibility).toBe("private");
    const state = Object.fromEntries(body.initial_state.map((e) => [e.type, e.content]));
    expect(state["m.room.encryption"]).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(state["m.room.history_visibility"]).toEqual({ history_visibility: "invited" });
    expect(state["m.room.join_rules"]).toEqual({ join_rule: "invite" });
    expect(state["m.room.guest_access"]).toEqual({ guest_access: "forbidden" });
    expect(state[LOTSE_ROOM_STATE_TYPE]).toEqual({ kind: "case", caseId: "c-1" });
    // Element counts seeker and counselor only: a 1:1 room, with its call buttons.
    expect(state["io.element.functional_members"]).toEqual({ service_members: [members.botUserId] });
    // Calls are what case rooms are for: no call event type is held back.
    expect(body.power_level_content_override.events["m.call.invite"]).toBeUndefined();
  });
  it("invites seeker and counselors once each, never the bot", () => {
    const b = caseRoomCreateBody({ ...members, counselorUserIds: ["@anna:hs", "@anna:hs", "@lotse:hs"], caseId: "c", name: "n" });
    expect(b.invite).toEqual(["@lotse_abc:hs", "@anna:hs"]);
  });
  it("carries the idempotency alias only when given", () => {
    expect(body.room_alias_name).toBe("lotse_case_x");
    expect(caseRoomCreateBody({ ...members, caseId: "c", name: "n" }).room_alias_name).toBeUndefined();
  });
});

describe("server ACL", () => {
  it("admits exactly the members' servers (with and without port), no wildcards, no IP literals", () => {
    const body = caseRoomCreateBody({
      botUserId: "@lotse:central.example",
      seekerUserId: "@lotse_x:central.example",
      counselorUserIds: ["@anna:agency.example:8448", "@ben:central.example"],
      caseId: "c",
      name: "n",
    });
    const acl = body.initial_state.find((e) => e.type === "m.room.server_acl")!.content;
    expect(acl).toEqual({ allow: ["agency.example", "agency.example:8448", "central.example"], deny: [], allow_ip_literals: false });
  });
  it("parses server parts", () => {
    expect(serverHostOf("@a:example.org")).toBe("example.org");
    expect(serverHostOf("@a:example.org:8448")).toBe("example.org");
    expect(serverHostOf("@a:[::1]:8448")).toBe("[::1]");
    expect(serverAclFor(["@a:x", "@b:x"]).allow).toEqual(["x"]);
  });
});
