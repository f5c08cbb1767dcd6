// Forum rooms (issue 15): template, staff power levels (mutes kept), titles, report limit.
import { describe, expect, it } from "vitest";
import { decideForumReport, defaultPlatformPolicy, forumRoomCreateBody, forumStaffPowerLevels, LOTSE_ROOM_STATE_TYPE, matrixToEventLink, threadTitleOf } from "../src/index.ts";

const bot = "@lotse:example.org";

describe("forum room template", () => {
  it("is invite-only, unencrypted by default, history shared with members, staff at moderator level, calls refused", () => {
    const body = forumRoomCreateBody({ topicId: "schulden", name: "Austausch · Schulden", topic: "…", botUserId: bot, staffUserIds: ["@anna:example.org", "@ben:agency.example"] });
    const state = Object.fromEntries(body.initial_state.map((e) => [e.type, e.content]));
    expect(body.preset).toBe("public_chat");
    expect(state["m.room.encryption"]).toBeUndefined();
    expect(state["m.room.history_visibility"]).toEqual({ history_visibility: "shared" });
    expect(state["m.room.join_rules"]).toEqual({ join_rule: "invite" });
    expect(state[LOTSE_ROOM_STATE_TYPE]).toEqual({ kind: "forum", topicId: "schulden" });
    expect((state["m.room.server_acl"] as { allow: string[] }).allow).toContain("agency.example");
    const pl = body.power_level_content_override;
    expect(pl.users).toEqual({ "@anna:example.org": 50, "@ben:agency.example": 50 });
    expect([pl.users_default, pl.events_default, pl.kick, pl.ban, pl.redact, pl.invite]).toEqual([0, 0, 50, 50, 50, 100]);
    expect(pl.events["m.call.invite"]).toBe(100);
    expect(body.invite).toEqual(["@anna:example.org", "@ben:agency.example"]);
  });

  it("encrypts when the policy says so", () => {
    const body = forumRoomCreateBody({ topicId: "t", name: "n", topic: "", botUserId: bot, staffUserIds: [], policy: { ...defaultPlatformPolicy.forums, encrypted: true } });
    expect(body.preset).toBe("private_chat");
    expect(body.initial_state.find((e) => e.type === "m.room.encryption")).toBeDefined();
  });

  it("brings staff in line and keeps mutes and other entries", () => {
    const current = { users: { "@old:x": 50, "@muted:x": -1, "@anna:x": 50, "@seeker:x": 0 }, users_default: 0 };
    expect(forumStaffPowerLevels(current, ["@anna:x", "@muted:x", "@new:x"], bot)?.users).toEqual({ "@muted:x": -1, "@anna:x": 50, "@seeker:x": 0, "@new:x": 50 });
    expect(forumStaffPowerLevels({ users: { "@anna:x": 50 } }, ["@anna:x"], bot)).toBeNull();
  });
});

describe("thread titles and reports", () => {
  it("shows the first non-empty line, collapsed and cut", () => {
    expect(threadTitleOf("\n  Wie   geht ihr damit um?\nText")).toBe("Wie geht ihr damit um?");
    expect(threadTitleOf("x".repeat(200), 10)).toBe(`${"x".repeat(9)}…`);
    expect(threadTitleOf(undefined)).toBeNull();
    expect(threadTitleOf("  \n ")).toBeNull();
  });

  it("limits reports per hour and says when the next one is possible", () => {
    const now = new Date("2026-12-04T10:00:00Z");
    const policy = { ...defaultPlatformPolicy.forums, reportsPerHour: 2 };
    const minsAgo = (m: number) => new Date(now.getTime() - m * 60_000);
    expect(decideForumReport([minsAgo(50)], now, policy)).toEqual({ ok: true });
    expect(decideForumReport([minsAgo(50), minsAgo(10)], now, policy)).toEqual({ ok: false, reason: "rate_limited", retryAfterSeconds: 600 });
    expect(decideForumReport([minsAgo(70), minsAgo(61)], now, policy)).toEqual({ ok: true });
  });

  it("links to an event with matrix.to", () => {
    expect(matrixToEventLink("!abc:example.org", "$ev/1")).toBe("https://matrix.to/#/!abc%3Aexample.org/%24ev%2F1");
  });
});
