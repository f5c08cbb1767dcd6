import { botMessagesDe } from "../src/bot/botMessagesDe.ts";
import { botMessagesEn } from "../src/bot/botMessagesEn.ts";
import { plainText } from "../src/bot/notice.ts";
import { describe, expect, it } from "vitest";
import {
  banRuleFor,
  FloodCounter,
  floodDecision,
  floodLimitFor,
  floodLowestLimit,
  globMatches,
  isImmune,
  isModerationCommand,
  isPolicyBanReason,
  liftMutePowerLevels,
  mayPost,
  moderationHelp,
  moderationMistakeReply,
  mutePowerLevels,
  mutedLevel,
  parseModerationCommand,
  policyBanReason,
  policyRuleOf,
  type RoomAuthority,
  unmutePowerLevels,
} from "../src/moderation.ts";
import { caseRoomPowerLevels } from "../src/caseRoomTemplate.ts";
import { defaultPlatformPolicy as policy } from "../src/platformPolicy.ts";

const bot = "@lotse:example.org";
const seeker = "@lotse_abc:example.org";
const counselor = "@anna:example.org";
const room: RoomAuthority = {
  creators: [bot],
  powerLevels: caseRoomPowerLevels({ botUserId: bot, seekerUserId: seeker, counselorUserIds: [counselor] }),
};
const ctx = { botUserId: bot, policy };

describe("who may post, who is immune", () => {
  it("seekers and counselors may post in a case room; a muted seeker may not", () => {
    expect(mayPost(room, seeker)).toBe(true);
    expect(mayPost(room, seeker, "m.room.encrypted")).toBe(true);
    const mute = mutePowerLevels(room, seeker, ctx)!;
    const muted = { ...room, powerLevels: mute.content };
    expect(mayPost(muted, seeker)).toBe(false);
    expect(mayPost(muted, seeker, "m.room.encrypted")).toBe(false);
    expect(mayPost(muted, seeker, "m.reaction")).toBe(false);
    expect(mayPost(muted, counselor)).toBe(true);
  });

  it("never mutes the bot, a moderator, an immune user or a platform admin", () => {
    expect(isImmune(room, bot, ctx)).toBe(true);
    expect(isImmune(room, counselor, ctx)).toBe(true);
    expect(mutePowerLevels(room, bot, ctx)).toBeUndefined();
    expect(mutePowerLevels(room, counselor, ctx)).toBeUndefined();
    expect(isImmune(room, seeker, ctx)).toBe(false);
    expect(isImmune(room, seeker, { ...ctx, policy: { ...policy, moderation: { ...policy.moderation, immuneUsers: [seeker] } } })).toBe(true);
    expect(isImmune(room, seeker, { ...ctx, platformAdmins: [seeker] })).toBe(true);
    // a higher moderator level makes a 50 an ordinary member
    expect(isImmune(room, counselor, { ...ctx, policy: { ...policy, moderation: { ...policy.moderation, moderatorLevel: 75 } } })).toBe(false);
  });

  it("mutes below the lowest message level, also when a room lowers one type", () => {
    expect(mutedLevel({ events_default: 0 })).toBe(-1);
    expect(mutedLevel({ events_default: 0, events: { "m.room.encrypted": -5 } })).toBe(-6);
    expect(mutedLevel(undefined)).toBe(-1);
    // a read-only room (a group before its start): still negative, never a promotion
    expect(mutedLevel({ events_default: 50, users_default: 0 })).toBe(-1);
  });
});

describe("mute expiry", () => {
  it("restores the earlier entry, or removes the entry when there was none", () => {
    const mute = mutePowerLevels(room, seeker, ctx)!;
    expect(mute.previousLevel).toBe(0);
    expect(unmutePowerLevels(mute.content, seeker, mute)?.users?.[seeker]).toBe(0);
    const noEntry: RoomAuthority = { creators: [bot], powerLevels: { users: {}, events_default: 0 } };
    const m2 = mutePowerLevels(noEntry, "@x:y", ctx)!;
    expect(m2.previousLevel).toBeUndefined();
    expect(unmutePowerLevels(m2.content, "@x:y", m2)?.users).toEqual({});
  });

  it("leaves a level alone that a moderator changed meanwhile", () => {
    const mute = mutePowerLevels(room, seeker, ctx)!;
    const changed = { ...mute.content, users: { ...mute.content.users, [seeker]: 10 } };
    expect(unmutePowerLevels(changed, seeker, mute)).toBeUndefined();
  });

  it("!unmute lifts a mute and is a no-op for someone not muted", () => {
    const mute = mutePowerLevels(room, seeker, ctx)!;
    expect(liftMutePowerLevels(mute.content, seeker)?.users?.[seeker]).toBeUndefined();
    expect(liftMutePowerLevels(room.powerLevels, seeker)).toBeUndefined();
  });
});

describe("flood protection", () => {
  it("counts per room and sender within a sliding minute, ignoring re-sent events", () => {
    const c = new FloodCounter(() => 3);
    const t = 1_000_000;
    expect(c.record("!r", "@a", "$1", t).count).toBe(1);
    expect(c.record("!r", "@a", "$1", t).count).toBe(1);
    expect(c.record("!r", "@b", "$2", t).count).toBe(1);
    expect(c.record("!r2", "@a", "$3", t).count).toBe(1);
    c.record("!r", "@a", "$4", t + 10_000);
    expect(c.record("!r", "@a", "$5", t + 20_000)).toEqual({ count: 3, exceeded: false });
    expect(c.record("!r", "@a", "$6", t + 30_000)).toEqual({ count: 4, exceeded: true });
    // a minute after the first, it has left the window
    expect(c.record("!r", "@a", "$7", t + 60_000)).toEqual({ count: 4, exceeded: true });
    expect(c.record("!r", "@a", "$8", t + 95_000)).toEqual({ count: 2, exceeded: false });
    c.reset("!r", "@a");
    expect(c.record("!r", "@a", "$9", t + 96_000).count).toBe(1);
    c.prune(t + 200_000);
    expect(c.size).toBe(0);
  });

  it("acts only above the limit, in watched room kinds, never against the immune", () => {
    const over = { count: 61, exceeded: true };
    expect(floodDecision({ verdict: over, roomKind: "case", immune: false, policy })).toEqual({ act: true, action: "mute", muteMinutes: 10, notifyModerators: true });
    expect(floodDecision({ verdict: over, roomKind: "case", immune: true, policy })).toEqual({ act: false, why: "immune" });
    expect(floodDecision({ verdict: over, roomKind: "pool", immune: false, policy })).toEqual({ act: false, why: "room_kind" });
    expect(floodDecision({ verdict: over, roomKind: undefined, immune: false, policy })).toEqual({ act: false, why: "room_kind" });
    expect(floodDecision({ verdict: { count: 60, exceeded: true }, roomKind: "case", immune: false, policy })).toEqual({ act: false, why: "under_limit" });
    expect(floodDecision({ verdict: over, roomKind: "case", immune: false, policy: { ...policy, flood: { ...policy.flood, enabled: false } } })).toEqual({ act: false, why: "disabled" });
  });

  it("gives case rooms their own headroom: a call's signalling counts there, the group limit stays", () => {
    // 21 events in a minute: over the limit of a group or supervision room, not of a 1:1 case room.
    const burst = { count: 21, exceeded: true };
    expect(floodLimitFor("case", policy)).toBe(60);
    expect(floodLimitFor("group", policy)).toBe(20);
    expect(floodLowestLimit(policy)).toBe(20);
    expect(floodDecision({ verdict: burst, roomKind: "case", immune: false, policy })).toEqual({ act: false, why: "under_limit" });
    expect(floodDecision({ verdict: burst, roomKind: "group", immune: false, policy })).toMatchObject({ act: true, action: "mute" });
    expect(floodDecision({ verdict: burst, roomKind: "supervision", immune: false, policy })).toMatchObject({ act: true });
    // A pasted burst in a case room is still stopped.
    expect(floodDecision({ verdict: { count: 61, exceeded: true }, roomKind: "case", immune: false, policy })).toMatchObject({ act: true, action: "mute" });
    // The operator can lower it again.
    const strict = { ...policy, flood: { ...policy.flood, caseRoomEventsPerMinute: 20 } };
    expect(floodDecision({ verdict: burst, roomKind: "case", immune: false, policy: strict })).toMatchObject({ act: true });
  });
});

describe("policy lists", () => {
  it("matches glob entities against whole user ids", () => {
    expect(globMatches("@spam*:example.org", "@spammer:example.org")).toBe(true);
    expect(globMatches("@spam*:example.org", "@spammer:example.org.evil")).toBe(false);
    expect(globMatches("@a?c:x", "@abc:x")).toBe(true);
    expect(globMatches("@a.c:x", "@abc:x")).toBe(false);
    expect(globMatches("*:evil.example", "@anyone:evil.example")).toBe(true);
  });

  it("reads rules from state content; empty content is a removed rule", () => {
    expect(policyRuleOf("k", {})).toBeUndefined();
    expect(policyRuleOf("k", undefined)).toBeUndefined();
    const rule = policyRuleOf("k", { entity: "@bad:x", recommendation: "m.ban", reason: "spam" })!;
    expect(banRuleFor([rule], "@bad:x")).toBe(rule);
    expect(banRuleFor([rule], "@good:x")).toBeUndefined();
    expect(banRuleFor([{ ...rule, recommendation: "org.example.watch" }], "@bad:x")).toBeUndefined();
    expect(banRuleFor([{ ...rule, recommendation: "org.matrix.mjolnir.ban" }], "@bad:x")).toBeDefined();
    expect(isPolicyBanReason(policyBanReason(rule))).toBe(true);
    expect(isPolicyBanReason("spam")).toBe(false);
  });
});

describe("moderation commands", () => {
  it("parses each command", () => {
    expect(parseModerationCommand("!mute !abc:example.org @lotse_x:example.org 15", policy)).toEqual({
      ok: true,
      command: { kind: "mute", room: "!abc:example.org", target: "@lotse_x:example.org", minutes: 15 },
    });
    expect(parseModerationCommand("!MUTE #lotse_group_x:example.org Sonnenblume", policy)).toMatchObject({ ok: true, command: { minutes: 10, target: "Sonnenblume" } });
    expect(parseModerationCommand("!ban !r:x @a:x too many links", policy)).toMatchObject({ ok: true, command: { kind: "ban", reason: "too many links" } });
    expect(parseModerationCommand("!redact !r:x $ev123 off topic", policy)).toMatchObject({ ok: true, command: { kind: "redact", eventId: "$ev123", reason: "off topic" } });
    expect(parseModerationCommand("!unmute !r:x @a:x", policy)).toMatchObject({ ok: true, command: { kind: "unmute" } });
    // room version 12 ids have no server part
    expect(parseModerationCommand("!kick !Ok2Bl6cp7O4_CgliKtg4jQTK_d2DKSL2q71OHqZ @a:x", policy)).toMatchObject({ ok: true, command: { room: "!Ok2Bl6cp7O4_CgliKtg4jQTK_d2DKSL2q71OHqZ" } });
  });

  it("is not a moderation command: other commands and talk", () => {
    expect(isModerationCommand("!Ban !r:x @a:x")).toBe(true);
    expect(isModerationCommand("!take 3")).toBe(false);
    expect(isModerationCommand("!sperren !r:x @a:x")).toBe(true);
    expect(parseModerationCommand("!löschen !r:x $ev1", policy)).toMatchObject({ ok: true, command: { kind: "redact", eventId: "$ev1" } });
    expect(isModerationCommand("ban him")).toBe(false);
    expect(parseModerationCommand("!take 3", policy)).toBeUndefined();
    expect(parseModerationCommand("hello", policy)).toBeUndefined();
  });

  it("explains what is wrong", () => {
    const reply = (s: string, msgs = botMessagesEn) => {
      const r = parseModerationCommand(s, policy);
      return r && !r.ok ? plainText(moderationMistakeReply(msgs, r)) : "";
    };
    expect(reply("!mute")).toContain("The room is missing. Usage: !mute <room> <user> [minutes]");
    expect(reply("!mute", botMessagesDe)).toBe("Der Raum fehlt. So geht es: !mute <Raum> <Person> [Minuten] – eine Person für einige Minuten stumm schalten (Standard aus den Plattformregeln).");
    expect(reply("!stumm !r:x @a:x 99999", botMessagesDe)).toContain("Höchstens 10080 Minuten.");
    expect(reply("!mute lobby @a:x")).toContain("is not a room id or alias");
    expect(reply("!mute #lobby @a:x")).toContain("is not a room id or alias");
    expect(reply("!mute !r:x")).toContain("The person is missing");
    expect(reply("!mute !r:x @a:x ten")).toContain("is not a number of minutes");
    expect(reply("!mute !r:x @a:x 0")).toContain("is not a number of minutes");
    expect(reply("!mute !r:x @a:x 99999")).toContain("At most 10080 minutes");
    expect(reply("!redact !r:x notanevent")).toContain("is not an event id");
    expect(moderationHelp(botMessagesEn)).toContain("!unban <room> <user>");
    expect(moderationHelp(botMessagesDe)).toContain("- `!ban <Raum> <Person> [Grund]` – eine Person entfernen und dauerhaft aussperren (auch !sperren)");
  });
});
