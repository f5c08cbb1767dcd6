// The bridge's pool, supervision and command-chat templates take their data from the platform
// policy's rooms.* sections: the defaults give today's rooms, an operator's values show up.
import { describe, expect, it } from "vitest";
import { resolvePlatformPolicy } from "@lotse/policies";
import { commandChatCreateBody, poolRoomCreateBody, supervisionRoomCreateBody } from "../src/matrix/roomTemplates.ts";

const bot = "@lotse:example.org";
const anna = "@anna:agency.example";
const ben = "@ben:example.org";

function stateOf(body: { initial_state: { type: string; content: Record<string, unknown> }[] }, type: string) {
  return body.initial_state.find((e) => e.type === type)?.content;
}

describe("bridge room templates from the platform policy", () => {
  it("defaults: pool and command chat unencrypted with shared history, supervision encrypted with counselors at 50", () => {
    const pool = poolRoomCreateBody({ agencyId: "a1", agencyName: "Beratung", botUserId: bot, counselorUserIds: [anna], aliasLocalpart: "lotse_pool_a1" });
    expect(stateOf(pool, "m.room.encryption")).toBeUndefined();
    expect(stateOf(pool, "m.room.history_visibility")).toEqual({ history_visibility: "shared" });
    expect(stateOf(pool, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    expect(stateOf(pool, "m.room.guest_access")).toEqual({ guest_access: "forbidden" });
    expect(pool.power_level_content_override).toMatchObject({ users: {}, users_default: 0, redact: 0, kick: 100, ban: 100, invite: 100, state_default: 100 });

    const chat = commandChatCreateBody(bot, anna);
    expect(stateOf(chat, "m.room.history_visibility")).toEqual({ history_visibility: "shared" });
    expect(chat.power_level_content_override).toMatchObject({ users_default: 0, redact: 0, kick: 100 });

    const sup = supervisionRoomCreateBody({ caseId: "c1", caseNumber: 7, botUserId: bot, memberUserIds: [anna, ben], aliasLocalpart: "lotse_sup_c1" });
    expect(stateOf(sup, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(stateOf(sup, "m.room.history_visibility")).toEqual({ history_visibility: "invited" });
    expect(sup.power_level_content_override).toMatchObject({ users: { [anna]: 50, [ben]: 50 }, redact: 50, kick: 100, ban: 100 });
    // No calls in the bot-held rooms: 1:1 VoIP and group calls/widgets need the bot's level.
    for (const body of [pool, chat, sup]) {
      for (const type of ["m.call.invite", "m.call.answer", "org.matrix.msc3401.call", "m.call.member", "im.vector.modular.widgets"]) {
        expect(body.power_level_content_override.events[type], type).toBe(100);
      }
    }
  });

  it("an operator's rooms.* values are what the rooms get", () => {
    const r = resolvePlatformPolicy({
      rooms: {
        pool: { historyVisibility: "joined", powerLevels: { bot: 90, redact: "bot" } },
        command_chat: { historyVisibility: "invited" },
        supervision: { historyVisibility: "joined", powerLevels: { staff: 60, kick: "staff", ban: "staff" } },
      },
    });
    if (!r.ok) throw new Error(r.errors.join("; "));
    const pool = poolRoomCreateBody({ agencyId: "a1", agencyName: "Beratung", botUserId: bot, counselorUserIds: [anna], aliasLocalpart: "lotse_pool_a1" }, r.policy.rooms.pool);
    expect(stateOf(pool, "m.room.history_visibility")).toEqual({ history_visibility: "joined" });
    expect(pool.power_level_content_override).toMatchObject({ redact: 90, kick: 90, state_default: 90, invite: 90 });
    expect(pool.power_level_content_override.events["m.room.name"]).toBe(90);

    const chat = commandChatCreateBody(bot, anna, r.policy.rooms.command_chat);
    expect(stateOf(chat, "m.room.history_visibility")).toEqual({ history_visibility: "invited" });

    const sup = supervisionRoomCreateBody({ caseId: "c1", caseNumber: 7, botUserId: bot, memberUserIds: [anna], aliasLocalpart: "x" }, r.policy.rooms.supervision);
    expect(stateOf(sup, "m.room.history_visibility")).toEqual({ history_visibility: "joined" });
    expect(stateOf(sup, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(sup.power_level_content_override).toMatchObject({ users: { [anna]: 60 }, redact: 60, kick: 60, ban: 60, invite: 100 });
  });
});
