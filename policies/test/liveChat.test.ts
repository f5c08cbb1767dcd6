import { describe, expect, it } from "vitest";
import { chooseLiveAgency, defaultLiveChatPolicy, estimateWait, liveDutyUntil, MIN_WAITS_FOR_ESTIMATE, parseLiveCommand } from "../src/liveChat.ts";
import { botMessagesDe, botMessagesEn } from "../src/index.ts";

describe("chooseLiveAgency", () => {
  it("takes the routed agency when it has someone on duty", () => {
    const c = chooseLiveAgency([
      { agencyId: "a", onDuty: 3, waiting: 0, routed: false },
      { agencyId: "b", onDuty: 1, waiting: 5, routed: true },
    ]);
    expect(c?.agencyId).toBe("b");
  });
  it("otherwise the fewest waiting per counselor on duty, then the most on duty, then the id", () => {
    expect(chooseLiveAgency([{ agencyId: "a", onDuty: 1, waiting: 2, routed: false }, { agencyId: "b", onDuty: 2, waiting: 2, routed: false }])?.agencyId).toBe("b");
    expect(chooseLiveAgency([{ agencyId: "b", onDuty: 1, waiting: 0, routed: false }, { agencyId: "a", onDuty: 1, waiting: 0, routed: false }])?.agencyId).toBe("a");
    expect(chooseLiveAgency([{ agencyId: "a", onDuty: 0, waiting: 0, routed: true }])).toBeUndefined();
    expect(chooseLiveAgency([])).toBeUndefined();
  });
});

describe("estimateWait", () => {
  const waits = [60, 120, 180, 240, 300, 360, 420, 480];
  it("is unknown with too few earlier waits or nobody on duty", () => {
    expect(estimateWait({ position: 1, onDuty: 1, recentWaitSeconds: waits.slice(0, MIN_WAITS_FOR_ESTIMATE - 1) })).toEqual({ kind: "unknown" });
    expect(estimateWait({ position: 1, onDuty: 0, recentWaitSeconds: waits })).toEqual({ kind: "unknown" });
  });
  it("gives the middle half of earlier waits, scaled by the rounds ahead", () => {
    // Quartiles of the waits: 165 s and 375 s → 3 to 6 minutes for the next in line.
    expect(estimateWait({ position: 1, onDuty: 1, recentWaitSeconds: waits })).toEqual({ kind: "minutes", low: 3, high: 6 });
    expect(estimateWait({ position: 3, onDuty: 1, recentWaitSeconds: waits })).toEqual({ kind: "minutes", low: 8, high: 19 });
    // Two counselors on duty: the third in line is in the second round.
    expect(estimateWait({ position: 3, onDuty: 2, recentWaitSeconds: waits })).toEqual({ kind: "minutes", low: 6, high: 13 });
    expect(estimateWait({ position: 1, onDuty: 1, recentWaitSeconds: [1, 1, 1, 1, 1] })).toEqual({ kind: "minutes", low: 1, high: 1 });
  });
});

describe("liveDutyUntil", () => {
  const now = new Date("2026-12-04T10:00:00Z");
  it("ends with the consultation slot running now, else after the default, or after the given minutes (capped)", () => {
    expect(liveDutyUntil(now, [new Date("2026-12-04T10:45:00Z"), new Date("2026-12-04T09:59:00Z")])).toEqual(new Date("2026-12-04T10:45:00Z"));
    expect(liveDutyUntil(now, [])).toEqual(new Date(now.getTime() + defaultLiveChatPolicy.dutyDefaultMinutes * 60_000));
    expect(liveDutyUntil(now, [new Date("2026-12-04T10:45:00Z")], defaultLiveChatPolicy, 30)).toEqual(new Date("2026-12-04T10:30:00Z"));
    expect(liveDutyUntil(now, [], defaultLiveChatPolicy, 100_000)).toEqual(new Date(now.getTime() + defaultLiveChatPolicy.dutyMaxMinutes * 60_000));
  });
});

describe("parseLiveCommand", () => {
  it("reads the German and English commands", () => {
    expect(parseLiveCommand("!dienst")).toEqual({ ok: true, command: { kind: "duty_status" } });
    expect(parseLiveCommand("!dienst an")).toEqual({ ok: true, command: { kind: "duty_on" } });
    expect(parseLiveCommand("!Duty ON 45")).toEqual({ ok: true, command: { kind: "duty_on", minutes: 45 } });
    expect(parseLiveCommand("!dienst aus")).toEqual({ ok: true, command: { kind: "duty_off" } });
    expect(parseLiveCommand("!warteschlange")).toEqual({ ok: true, command: { kind: "queue" } });
    expect(parseLiveCommand("!queue")).toEqual({ ok: true, command: { kind: "queue" } });
  });
  it("refuses what it cannot read, and ignores other messages", () => {
    expect(parseLiveCommand("!dienst vielleicht")).toEqual({ ok: false, mistake: { kind: "unknown_verb", shown: "vielleicht" } });
    expect(parseLiveCommand("!dienst an bald")).toEqual({ ok: false, mistake: { kind: "not_minutes", shown: "bald" } });
    expect(parseLiveCommand("!dienst an 0")).toEqual({ ok: false, mistake: { kind: "not_minutes", shown: "0" } });
    expect(parseLiveCommand("!take 12")).toBeUndefined();
    expect(parseLiveCommand("Dienst an")).toBeUndefined();
  });
  it("has words for every mistake in both catalogues", () => {
    for (const msgs of [botMessagesDe, botMessagesEn]) {
      expect(msgs.live.mistake({ kind: "unknown_verb", shown: "x" })).toContain("x");
      expect(msgs.live.mistake({ kind: "not_minutes", shown: "y" })).toContain("y");
    }
  });
});
