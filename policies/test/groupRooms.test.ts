import { describe, expect, it } from "vitest";
import {
  decideGroupJoin,
  groupInputViolation,
  groupPhaseAt,
  groupPowerLevels,
  groupRoomCreateBody,
  instantOfWallTime,
  LOTSE_GROUP_STATE_TYPE,
  LOTSE_ROOM_STATE_TYPE,
  occurrenceStart,
  seatsLeft,
  seekerMayPost,
  wallTimeIn,
  whisperRoomCreateBody,
} from "../src/index.ts";

const bot = "@lotse:localhost";
const mod = "@mod:localhost";
const expert = "@expert:localhost";
const min = 60_000;

describe("group schedule", () => {
  // Tuesday 2026-03-17 18:00 in Berlin (CET, UTC+1) = 17:00 UTC.
  const weekly = { startsAt: new Date("2026-03-17T17:00:00Z"), durationMinutes: 90, repeatWeekly: true };
  const once = { ...weekly, repeatWeekly: false };

  it("a one-off group: before, open from the start (inclusive) to the end (exclusive), then after", () => {
    expect(groupPhaseAt(once, new Date("2026-03-17T16:59:59Z")).phase).toBe("before");
    expect(groupPhaseAt(once, new Date("2026-03-17T17:00:00Z")).phase).toBe("open");
    expect(groupPhaseAt(once, new Date("2026-03-17T18:29:59Z")).phase).toBe("open");
    const after = groupPhaseAt(once, new Date("2026-03-17T18:30:00Z"));
    expect(after).toEqual({ phase: "after", occurrence: once.startsAt, endsAt: new Date("2026-03-17T18:30:00Z"), nextOccurrence: null });
    expect(groupPhaseAt(once, new Date("2027-01-01T00:00:00Z")).phase).toBe("after");
  });

  it("before the first session the next occurrence is the start", () => {
    const p = groupPhaseAt(weekly, new Date("2026-03-01T00:00:00Z"));
    expect(p.phase).toBe("before");
    expect(p.nextOccurrence).toEqual(weekly.startsAt);
    expect(p.endsAt).toEqual(new Date(weekly.startsAt.getTime() + 90 * min));
  });

  it("a weekly group is closed between sessions and reopens a week later", () => {
    const between = groupPhaseAt(weekly, new Date("2026-03-20T12:00:00Z"));
    expect(between.phase).toBe("before");
    expect(between.occurrence).toEqual(new Date("2026-03-24T17:00:00Z"));
    const open2 = groupPhaseAt(weekly, new Date("2026-03-24T17:30:00Z"));
    expect(open2.phase).toBe("open");
    expect(open2.occurrence).toEqual(new Date("2026-03-24T17:00:00Z"));
    expect(open2.nextOccurrence).toEqual(new Date("2026-03-31T16:00:00Z"));
  });

  it("keeps 18:00 Berlin time across the change to summer time (UTC 17:00 → 16:00)", () => {
    // DST starts on Sunday 2026-03-29: the session of 2026-03-31 is at 16:00 UTC.
    expect(occurrenceStart(weekly, 1)).toEqual(new Date("2026-03-24T17:00:00Z"));
    expect(occurrenceStart(weekly, 2)).toEqual(new Date("2026-03-31T16:00:00Z"));
    expect(groupPhaseAt(weekly, new Date("2026-03-31T16:00:00Z")).phase).toBe("open");
    // An hour later in UTC terms than a naive +7 days would say, the session is already running.
    expect(groupPhaseAt(weekly, new Date("2026-03-31T16:59:00Z")).phase).toBe("open");
    expect(groupPhaseAt(weekly, new Date("2026-03-31T17:30:00Z")).phase).toBe("before");
    for (let n = 0; n < 60; n++) {
      const w = wallTimeIn(occurrenceStart(weekly, n), "Europe/Berlin");
      expect([w.hour, w.minute]).toEqual([18, 0]);
    }
  });

  it("and back to winter time in October (UTC 16:00 → 17:00)", () => {
    const summer = { startsAt: new Date("2026-10-20T16:00:00Z"), durationMinutes: 60, repeatWeekly: true };
    expect(occurrenceStart(summer, 1)).toEqual(new Date("2026-10-27T17:00:00Z"));
    expect(groupPhaseAt(summer, new Date("2026-10-27T16:30:00Z")).phase).toBe("before");
    expect(groupPhaseAt(summer, new Date("2026-10-27T17:30:00Z")).phase).toBe("open");
  });

  it("finds the right session many weeks later (estimate corrected around DST)", () => {
    for (let n = 0; n < 120; n += 7) {
      const start = occurrenceStart(weekly, n);
      const p = groupPhaseAt(weekly, new Date(start.getTime() + 5 * min));
      expect(p.phase).toBe("open");
      expect(p.occurrence).toEqual(start);
      expect(groupPhaseAt(weekly, new Date(start.getTime() - 1)).occurrence).toEqual(start);
    }
  });

  it("wall times skipped or repeated by DST resolve deterministically", () => {
    // 2026-03-29 02:30 does not exist in Berlin; 2026-10-25 02:30 exists twice.
    const gap = instantOfWallTime({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, ms: 0 }, "Europe/Berlin");
    expect(gap.toISOString()).toBe("2026-03-29T01:30:00.000Z"); // 03:30 CEST
    const twice = instantOfWallTime({ year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0, ms: 0 }, "Europe/Berlin");
    expect(twice.toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("seekers may post only while open", () => {
    expect(seekerMayPost("open")).toBe(true);
    expect(seekerMayPost("before")).toBe(false);
    expect(seekerMayPost("after")).toBe(false);
  });
});

describe("seats", () => {
  it("refuses when full, lets a participant re-join, refuses after the end", () => {
    expect(decideGroupJoin({ maxParticipants: 2, activeParticipants: 1, alreadyParticipant: false, phase: "before" })).toEqual({ ok: true, alreadyParticipant: false });
    expect(decideGroupJoin({ maxParticipants: 2, activeParticipants: 2, alreadyParticipant: false, phase: "open" })).toMatchObject({ ok: false, reason: "full" });
    expect(decideGroupJoin({ maxParticipants: 2, activeParticipants: 2, alreadyParticipant: true, phase: "open" })).toEqual({ ok: true, alreadyParticipant: true });
    expect(decideGroupJoin({ maxParticipants: 5, activeParticipants: 0, alreadyParticipant: false, phase: "after" })).toMatchObject({ ok: false, reason: "ended" });
    expect(seatsLeft(5, 7)).toBe(0);
    expect(seatsLeft(5, 2)).toBe(3);
  });
});

describe("group input", () => {
  const ok = { title: "Kinderernährung", description: "", rules: "", startsAt: new Date(), durationMinutes: 60, maxParticipants: 10 };
  it("names the offending field", () => {
    expect(groupInputViolation(ok)).toBeNull();
    expect(groupInputViolation({ ...ok, title: "  " })?.field).toBe("title");
    expect(groupInputViolation({ ...ok, durationMinutes: 5 })?.field).toBe("durationMinutes");
    expect(groupInputViolation({ ...ok, durationMinutes: 60.5 })?.field).toBe("durationMinutes");
    expect(groupInputViolation({ ...ok, maxParticipants: 1 })?.field).toBe("maxParticipants");
    expect(groupInputViolation({ ...ok, maxParticipants: 1000 })?.field).toBe("maxParticipants");
    expect(groupInputViolation({ ...ok, startsAt: new Date("nope") })?.field).toBe("startsAt");
    expect(groupInputViolation({ ...ok, rules: "x".repeat(5000) })?.field).toBe("rules");
    // A one-off session already over is refused; a weekly group may have started in the past.
    const past = { ...ok, startsAt: new Date("2026-01-01T10:00:00Z") };
    const now = new Date("2026-01-01T11:00:00Z");
    expect(groupInputViolation(past, undefined, now)?.field).toBe("startsAt");
    expect(groupInputViolation({ ...past, repeatWeekly: true }, undefined, now)).toBeNull();
    expect(groupInputViolation(past, undefined, new Date("2026-01-01T10:59:00Z"))).toBeNull();
  });
});

describe("group room templates", () => {
  it("power levels: seekers write only while open; moderators moderate; structure is the bot's", () => {
    const before = groupPowerLevels({ botUserId: bot, moderatorUserIds: [mod], phase: "before" });
    const open = groupPowerLevels({ botUserId: bot, moderatorUserIds: [mod], expertUserIds: [expert], phase: "open" });
    const after = groupPowerLevels({ botUserId: bot, moderatorUserIds: [mod], phase: "after" });
    expect(before.events_default).toBe(50);
    expect(after.events_default).toBe(50);
    expect(open.events_default).toBe(0);
    expect(open.users_default).toBe(0);
    expect(open.users).toEqual({ [mod]: 50, [expert]: 10 });
    expect(before.users).toEqual({ [mod]: 50 });
    for (const pl of [before, open]) {
      expect(pl.users[bot]).toBeUndefined();
      expect([pl.kick, pl.ban, pl.redact, pl.events["m.room.power_levels"]]).toEqual([50, 50, 50, 50]);
      expect([pl.invite, pl.state_default, pl.events["m.room.encryption"], pl.events["m.room.join_rules"], pl.events[LOTSE_ROOM_STATE_TYPE]]).toEqual([100, 100, 100, 100, 100]);
      expect(pl.events["m.room.message"]).toBeUndefined();
      // Groups carry no calls.
      expect([pl.events["m.call.invite"], pl.events["org.matrix.msc3401.call"], pl.events["im.vector.modular.widgets"]]).toEqual([100, 100, 100]);
    }
    // A moderator who is also listed as expert keeps moderator power.
    expect(groupPowerLevels({ botUserId: bot, moderatorUserIds: [mod], expertUserIds: [mod], phase: "open" }).users[mod]).toBe(50);
  });

  it("group room: encryption per flag, invite-only, no guests, joined history, marker and group state", () => {
    const phase = groupPhaseAt({ startsAt: new Date("2030-01-01T17:00:00Z"), durationMinutes: 60, repeatWeekly: true }, new Date("2029-12-01T00:00:00Z"));
    const spec = { groupId: "g1", title: "Kinderernährung", description: "Essen", rules: "Be kind", botUserId: bot, moderatorUserIds: [mod, bot, mod], phase, aliasLocalpart: "lotse_group_x" };
    const enc = groupRoomCreateBody({ ...spec, encrypted: true });
    const plain = groupRoomCreateBody({ ...spec, encrypted: false });
    const st = (b: typeof enc, t: string) => b.initial_state.find((e) => e.type === t)?.content;
    expect(enc.room_version).toBe("12");
    expect(enc.invite).toEqual([mod]);
    expect(enc.preset).toBe("private_chat");
    expect(st(enc, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(plain.preset).toBe("public_chat");
    expect(st(plain, "m.room.encryption")).toBeUndefined();
    for (const b of [enc, plain]) {
      expect(st(b, "m.room.join_rules")).toEqual({ join_rule: "invite" });
      expect(st(b, "m.room.guest_access")).toEqual({ guest_access: "forbidden" });
      expect(st(b, "m.room.history_visibility")).toEqual({ history_visibility: "joined" });
      expect(st(b, LOTSE_ROOM_STATE_TYPE)).toEqual({ kind: "group", groupId: "g1" });
      expect(st(b, LOTSE_GROUP_STATE_TYPE)).toMatchObject({ phase: "before", title: "Kinderernährung", rules: "Be kind" });
      expect(b.power_level_content_override.events_default).toBe(50);
      expect(b.visibility).toBe("private");
      expect(b.room_alias_name).toBe("lotse_group_x");
    }
  });

  it("whisper room: encrypted, exactly the seeker and the moderator, nobody else can be invited", () => {
    const b = whisperRoomCreateBody({ whisperId: "w", groupId: "g", groupTitle: "T", botUserId: bot, seekerUserId: "@lotse_s:localhost", moderatorUserId: mod });
    expect(b.invite).toEqual(["@lotse_s:localhost", mod]);
    expect(b.initial_state.find((e) => e.type === "m.room.encryption")?.content).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(b.initial_state.find((e) => e.type === "m.room.join_rules")?.content).toEqual({ join_rule: "invite" });
    expect(b.initial_state.find((e) => e.type === LOTSE_ROOM_STATE_TYPE)?.content).toEqual({ kind: "whisper", groupId: "g", whisperId: "w" });
    expect(b.power_level_content_override.invite).toBe(100);
    expect(b.power_level_content_override.users).toEqual({ [mod]: 50, "@lotse_s:localhost": 0 });
    expect(b.power_level_content_override.events["m.call.invite"]).toBe(100);
  });

  it("admit exactly the servers of their members: the bot's (seekers live there), moderators' and experts' homeservers", () => {
    const acl = (b: { initial_state: { type: string; content: unknown }[] }) => b.initial_state.find((e) => e.type === "m.room.server_acl")?.content;
    const phase = groupPhaseAt({ startsAt: new Date("2026-03-17T17:00:00Z"), durationMinutes: 90, repeatWeekly: false }, new Date("2026-03-17T12:00:00Z"));
    const group = groupRoomCreateBody({
      groupId: "g1",
      title: "T",
      description: "",
      rules: "",
      encrypted: true,
      botUserId: bot,
      moderatorUserIds: ["@mod:agency.example:8448"],
      expertUserIds: ["@expert:other.example"],
      phase,
    });
    expect(acl(group)).toEqual({ allow: ["agency.example", "agency.example:8448", "localhost", "other.example"], deny: [], allow_ip_literals: false });
    const whisper = whisperRoomCreateBody({ whisperId: "w", groupId: "g", groupTitle: "T", botUserId: bot, seekerUserId: "@lotse_s:localhost", moderatorUserId: "@mod:agency.example" });
    expect(acl(whisper)).toEqual({ allow: ["agency.example", "localhost"], deny: [], allow_ip_literals: false });
  });
});
