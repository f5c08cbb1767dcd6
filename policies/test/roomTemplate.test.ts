// The createRoom body every room kind shares: version 12, the bot as creator (never invited),
// invite-only without guests, encryption where the kind wants it (and then the private_chat
// preset), the marker, the ACL, the kind's own state in a fixed place.
import { describe, expect, it } from "vitest";
import { defaultPlatformPolicy } from "../src/platformPolicy.ts";
import { LOTSE_ROOM_STATE_TYPE, platformRoomCreateBody, serverAclFor, templatePowerLevels, templateStructureState } from "../src/roomTemplate.ts";

const bot = "@lotse:central.example";
const anna = "@anna:agency.example";
const pl = templatePowerLevels(defaultPlatformPolicy.rooms.pool.powerLevels, {}, { events: {}, eventsDefault: 0 });

describe("platform room body", () => {
  it("an encrypted kind: private_chat, encryption first, marker, ACL of the bot's and the invitees' servers", () => {
    const body = platformRoomCreateBody({
      botUserId: bot,
      marker: { kind: "supervision", caseId: "c1" },
      name: "Room",
      invite: [anna, bot, anna],
      template: defaultPlatformPolicy.rooms.supervision,
      powerLevels: pl,
      aliasLocalpart: "lotse_x",
    });
    expect(body).toMatchObject({ room_version: "12", preset: "private_chat", visibility: "private", is_direct: false, name: "Room", room_alias_name: "lotse_x" });
    expect(body.invite).toEqual([anna]);
    expect(body.creation_content).toEqual({ "m.federate": true });
    expect(body.initial_state.map((e) => e.type)).toEqual([
      "m.room.encryption",
      "m.room.history_visibility",
      "m.room.join_rules",
      "m.room.guest_access",
      LOTSE_ROOM_STATE_TYPE,
      "m.room.server_acl",
    ]);
    expect(body.initial_state.at(-1)?.content).toEqual(serverAclFor([bot, anna]));
    expect(body.power_level_content_override).toBe(pl);
  });

  it("an unencrypted kind: public_chat (no homeserver default encrypts it), topic before the marker, own state after it", () => {
    const body = platformRoomCreateBody({
      botUserId: bot,
      marker: { kind: "pool", agencyId: "a1" },
      name: "Pool",
      invite: [],
      template: defaultPlatformPolicy.rooms.pool,
      powerLevels: pl,
      topic: "Topic",
      state: [{ type: "org.example.own", state_key: "", content: { x: 1 } }],
      aclAlso: ["@ex:experts.example"],
    });
    expect(body.preset).toBe("public_chat");
    expect(body.room_alias_name).toBeUndefined();
    expect(body.initial_state.map((e) => e.type)).toEqual([
      "m.room.history_visibility",
      "m.room.join_rules",
      "m.room.guest_access",
      "m.room.topic",
      LOTSE_ROOM_STATE_TYPE,
      "org.example.own",
      "m.room.server_acl",
    ]);
    expect(body.initial_state.at(-1)?.content).toEqual(serverAclFor([bot, "@ex:experts.example"]));
  });

  it("a kind without an ACL", () => {
    const body = platformRoomCreateBody({ botUserId: bot, marker: { kind: "policy_list" }, name: "L", invite: [], template: defaultPlatformPolicy.rooms.policy_list, powerLevels: pl, aclAlso: false });
    expect(body.initial_state.some((e) => e.type === "m.room.server_acl")).toBe(false);
  });

  it("the structure events are the template's data", () => {
    expect(templateStructureState({ historyVisibility: "joined", joinRule: "invite", guestAccess: "forbidden", encryption: false })).toEqual([
      { type: "m.room.history_visibility", state_key: "", content: { history_visibility: "joined" } },
      { type: "m.room.join_rules", state_key: "", content: { join_rule: "invite" } },
      { type: "m.room.guest_access", state_key: "", content: { guest_access: "forbidden" } },
    ]);
  });
});
