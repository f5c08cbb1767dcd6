import { describe, expect, it } from "vitest";
import { groupRoomAliasLocalpart, whisperRoomAliasLocalpart } from "../src/groups/groupIdentity.ts";
import { groupCommandHelp, groupMistakeReply, parseGroupCommand, parseStartTime } from "../src/groups/groupCommandParse.ts";
import { botMessagesDe, botMessagesEn, plainText } from "@lotse/policies";
import { groupScanIntervalMs } from "../src/groups/GroupScheduler.ts";

describe("group commands", () => {
  it("are recognised only by their own words", () => {
    expect(parseGroupCommand("!take 3")).toBeUndefined();
    expect(parseGroupCommand("hello")).toBeUndefined();
    expect(parseGroupCommand("!groups")).toEqual({ ok: true, command: { kind: "groups" } });
  });

  it("!group create with Berlin wall time (winter and summer) and a title with spaces", () => {
    const p = parseGroupCommand("!group create 2026-11-24T18:00 90 12 weekly ernaehrung Kinderernährung am Dienstag");
    expect(p).toEqual({
      ok: true,
      command: { kind: "group_create", startsAt: new Date("2026-11-24T17:00:00Z"), durationMinutes: 90, maxParticipants: 12, repeatWeekly: true, topicId: "ernaehrung", title: "Kinderernährung am Dienstag" },
    });
    expect(parseStartTime("2026-07-01T18:00")).toEqual(new Date("2026-07-01T16:00:00Z"));
    expect(parseStartTime("2026-07-01T18:00:00Z")).toEqual(new Date("2026-07-01T18:00:00Z"));
    expect(parseStartTime("2026-13-01T18:00")).toBeUndefined();
    expect(parseStartTime("tomorrow")).toBeUndefined();
  });

  it("answers malformed commands with their usage, in the counselor's language", () => {
    const reply = (body: string, msgs = botMessagesDe) => {
      const p = parseGroupCommand(body);
      if (!p || p.ok) throw new Error(`expected a refused parse of ${body}`);
      return plainText(groupMistakeReply(msgs, p));
    };
    expect(reply("!group create 2026-11-24T18:00 90", botMessagesEn)).toContain("Usage: !group create");
    expect(reply("!gruppe neu 2026-11-24T18:00 90")).toContain("So geht es: !gruppe neu <JJJJ-MM-TTTHH:MM>");
    expect(reply("!group create soon 90 12 weekly t T", botMessagesEn)).toContain("not a start time");
    expect(reply("!group create soon 90 12 weekly t T")).toBe("„soon“ ist keine Startzeit wie 2026-11-24T18:00 (Berliner Zeit).");
    expect(reply("!group create 2026-11-24T18:00 90 12 daily t T", botMessagesEn)).toContain('"once" or "weekly"');
    expect(reply("!gruppe neu 2026-11-24T18:00 90 12 täglich t T")).toContain("„einmal“ oder „wöchentlich“");
    expect(reply("!whisper abcd", botMessagesEn)).toContain("Usage: !whisper");
    expect(reply("!flüstern abcd")).toContain("So geht es: !flüstern <Gruppe> <Pseudonym>");
    expect(reply("!expert abcd", botMessagesEn)).toContain("Usage: !expert");
  });

  it("knows the German names", () => {
    expect(parseGroupCommand("!gruppen")).toEqual({ ok: true, command: { kind: "groups" } });
    expect(parseGroupCommand("!gruppe neu 2026-11-24T18:00 90 12 wöchentlich ernaehrung Titel")).toMatchObject({ ok: true, command: { kind: "group_create", repeatWeekly: true, title: "Titel" } });
    expect(parseGroupCommand("!fluestern 1a2b Anna")).toEqual({ ok: true, command: { kind: "whisper", group: "1a2b", pseudonym: "Anna" } });
    expect(parseGroupCommand("!flüsternende 1a2b Anna")).toEqual({ ok: true, command: { kind: "endwhisper", group: "1a2b", pseudonym: "Anna" } });
    expect(parseGroupCommand("!experte 1a2b @x:y")).toEqual({ ok: true, command: { kind: "expert", group: "1a2b", counselor: "@x:y" } });
    expect(groupCommandHelp(botMessagesDe)).toContain("- `!flüstern <Gruppe> <Pseudonym>` – ein privater Flüsterraum mit einer teilnehmenden Person (auch !whisper)");
  });

  it("!whisper, !endwhisper and !expert take the rest of the line as the name", () => {
    expect(parseGroupCommand("!whisper 1a2b3c4d Anna B")).toEqual({ ok: true, command: { kind: "whisper", group: "1a2b3c4d", pseudonym: "Anna B" } });
    expect(parseGroupCommand("!endwhisper 1a2b3c4d Anna")).toEqual({ ok: true, command: { kind: "endwhisper", group: "1a2b3c4d", pseudonym: "Anna" } });
    expect(parseGroupCommand("!expert 1a2b3c4d @dr_x:localhost")).toEqual({ ok: true, command: { kind: "expert", group: "1a2b3c4d", counselor: "@dr_x:localhost" } });
  });
});

describe("group room identity and scheduler config", () => {
  it("aliases are in the appservice namespace, stable per id, distinct per kind", () => {
    const id = "0b8f2a4e-1111-4222-8333-944455556666";
    expect(groupRoomAliasLocalpart(id)).toMatch(/^lotse_group_[0-9a-f]{32}$/);
    expect(groupRoomAliasLocalpart(id.toUpperCase())).toBe(groupRoomAliasLocalpart(id));
    expect(whisperRoomAliasLocalpart(id).slice(-32)).not.toBe(groupRoomAliasLocalpart(id).slice(-32));
  });

  it("LOTSE_GROUP_SCAN_MS: default 15 s, 0 = off, errors name the variable", () => {
    expect(groupScanIntervalMs({})).toBe(15_000);
    expect(groupScanIntervalMs({ LOTSE_GROUP_SCAN_MS: "0" })).toBe(0);
    expect(groupScanIntervalMs({ LOTSE_GROUP_SCAN_MS: "5000" })).toBe(5000);
    expect(() => groupScanIntervalMs({ LOTSE_GROUP_SCAN_MS: "50" })).toThrow(/LOTSE_GROUP_SCAN_MS/);
    expect(() => groupScanIntervalMs({ LOTSE_GROUP_SCAN_MS: "x" })).toThrow(/LOTSE_GROUP_SCAN_MS/);
  });
});
