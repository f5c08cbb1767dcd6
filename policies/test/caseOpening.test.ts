import { describe, expect, it } from "vitest";
import { caseOpeningRetryAfterSeconds } from "../src/index.ts";

const now = new Date("2026-11-22T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

describe("case opening limit per seeker", () => {
  it("allows openings below the limit", () => {
    expect(caseOpeningRetryAfterSeconds([], now)).toBe(0);
    expect(caseOpeningRetryAfterSeconds([hoursAgo(1), hoursAgo(2)], now, { perSeeker: 3, windowHours: 24 })).toBe(0);
  });

  it("refuses at the limit until the oldest opening in the window leaves it", () => {
    const opened = [hoursAgo(1), hoursAgo(20), hoursAgo(5)];
    expect(caseOpeningRetryAfterSeconds(opened, now, { perSeeker: 3, windowHours: 24 })).toBe(4 * 3600);
    expect(caseOpeningRetryAfterSeconds(opened, now, { perSeeker: 2, windowHours: 24 })).toBe(19 * 3600);
  });

  it("ignores openings outside the window (and in the future)", () => {
    const opened = [hoursAgo(30), hoursAgo(25), hoursAgo(1), new Date(now.getTime() + 3_600_000)];
    expect(caseOpeningRetryAfterSeconds(opened, now, { perSeeker: 2, windowHours: 24 })).toBe(0);
  });

  it("never answers 0 while refusing", () => {
    expect(caseOpeningRetryAfterSeconds([new Date(now.getTime() - 24 * 3_600_000 + 10)], now, { perSeeker: 1, windowHours: 24 })).toBe(1);
  });
});
