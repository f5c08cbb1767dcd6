import { describe, expect, it } from "vitest";
import { defaultLoginThrottlePolicy, loginLockSeconds } from "../src/loginThrottle.ts";
import { defaultRetentionPolicy, quarantineUntil, retentionCutoffs } from "../src/retention.ts";

describe("loginLockSeconds", () => {
  const p = { freeFailures: 5, baseDelaySeconds: 30, maxDelaySeconds: 900, resetAfterSeconds: 86_400 };
  it("is free for the first failures, then doubles up to the maximum", () => {
    expect([0, 1, 5].map((n) => loginLockSeconds(n, p))).toEqual([0, 0, 0]);
    expect([6, 7, 8, 9, 10].map((n) => loginLockSeconds(n, p))).toEqual([30, 60, 120, 240, 480]);
    expect(loginLockSeconds(11, p)).toBe(900);
    expect(loginLockSeconds(10_000, p)).toBe(900);
  });
  it("has a default policy that locks after five failures", () => {
    expect(loginLockSeconds(5)).toBe(0);
    expect(loginLockSeconds(6)).toBe(defaultLoginThrottlePolicy.baseDelaySeconds);
  });
});

describe("retention", () => {
  it("computes cutoffs from the injected clock", () => {
    const now = new Date("2026-06-01T00:00:00Z");
    const c = retentionCutoffs(now, { ...defaultRetentionPolicy, unusedRegistrationDays: 30, closedCaseDays: 1 });
    expect(c.unusedRegistrationBefore.toISOString()).toBe("2026-05-02T00:00:00.000Z");
    expect(c.closedCaseBefore.toISOString()).toBe("2026-05-31T00:00:00.000Z");
  });
  it("quarantines a pseudonym for the configured days", () => {
    expect(quarantineUntil(new Date("2026-01-01T00:00:00Z"), { pseudonymQuarantineDays: 10 }).toISOString()).toBe("2026-01-11T00:00:00.000Z");
  });
});
