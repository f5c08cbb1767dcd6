// When a group meets, in words: by the clock (running now) or weekday and time in the language.
import { describe, expect, it } from "vitest";
import type { GroupSummary } from "../src/api/types.ts";
import { catalogues } from "./catalogues.ts";
import { groupRunning, groupStartsOn, groupWhen } from "../src/ui/groupTime.ts";

function group(startsAt: string, endsAt: string, phase = "before"): GroupSummary {
  return {
    groupId: "g1",
    title: "T",
    topic: { id: "debt", name: { de: "Schulden", en: "Debt" } },
    agencyId: null,
    description: "",
    rules: "",
    phase,
    startsAt,
    endsAt,
    durationMinutes: 60,
    repeatWeekly: true,
    maxParticipants: 5,
    seatsLeft: 5,
    encrypted: true,
  };
}

// Thursday 3 December 2026, 18:00 in Berlin (17:00 UTC).
const g = group("2026-12-03T17:00:00.000Z", "2026-12-03T18:00:00.000Z");
const start = Date.parse(g.startsAt);

describe("groupTime", () => {
  it("is running from the start to the end, by the clock", () => {
    expect(groupRunning(g, start - 1)).toBe(false);
    expect(groupRunning(g, start)).toBe(true);
    expect(groupRunning(g, Date.parse(g.endsAt) - 1)).toBe(true);
    expect(groupRunning(g, Date.parse(g.endsAt))).toBe(false);
  });

  it("falls back to the API's phase when the time is unreadable", () => {
    expect(groupRunning(group("", "", "open"), start)).toBe(true);
    expect(groupRunning(group("", "", "before"), start)).toBe(false);
  });

  it("says 'running now' or weekday and time in the chosen language", () => {
    expect(groupWhen(g, start + 60_000, "de-sie", catalogues["de-sie"])).toBe("Läuft gerade");
    expect(groupWhen(g, start + 60_000, "en", catalogues.en)).toBe("Running now");
    const de = groupWhen(g, start - 86_400_000, "de-sie", catalogues["de-sie"]);
    expect(de).toMatch(/^Donnerstag, 3\. Dezember, \d{2}:\d{2} Uhr$/u);
    expect(groupWhen(g, start - 86_400_000, "en", catalogues.en)).toMatch(/Thursday/u);
    expect(groupStartsOn(g, "de-du", catalogues["de-du"])).toMatch(/^am Donnerstag, 3\. Dezember um \d{2}:\d{2} Uhr$/u);
  });
});
