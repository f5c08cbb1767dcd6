import { describe, expect, it } from "vitest";
import {
  claim,
  defaultRetryPolicy,
  fail,
  isClaimable,
  retryDelayMs,
  RoomJobTransitionError,
  succeed,
  type RoomJobState,
} from "../src/roomJobStateMachine.ts";

const t0 = new Date("2026-01-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const pending: RoomJobState = { status: "pending", attempts: 0, runAfter: t0, lockedUntil: null };

describe("room job state machine", () => {
  it("claims a due pending job, counting the attempt and taking a lease", () => {
    const running = claim(pending, t0);
    expect(running).toEqual({ status: "running", attempts: 1, runAfter: t0, lockedUntil: at(defaultRetryPolicy.leaseMs) });
  });
  it("does not claim a job before its time, a running job within its lease, or a finished job", () => {
    expect(isClaimable({ ...pending, runAfter: at(1) }, t0)).toBe(false);
    const running = claim(pending, t0);
    expect(isClaimable(running, at(1000))).toBe(false);
    expect(isClaimable(running, at(defaultRetryPolicy.leaseMs))).toBe(true);
    expect(isClaimable(succeed(running), at(10 ** 9))).toBe(false);
    expect(() => claim({ ...pending, status: "done" }, t0)).toThrow(RoomJobTransitionError);
  });
  it("retries with exponential backoff, capped", () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(40)).toBe(defaultRetryPolicy.maxDelayMs);
    const running = claim(pending, t0);
    expect(fail(running, t0)).toEqual({ status: "pending", attempts: 1, runAfter: at(1000), lockedUntil: null });
  });
  it("fails for good on a permanent error or when attempts are exhausted", () => {
    const running = claim(pending, t0);
    expect(fail(running, t0, { permanent: true }).status).toBe("failed");
    const last = { ...running, attempts: defaultRetryPolicy.maxAttempts };
    expect(fail(last, t0).status).toBe("failed");
  });
  it("only running jobs can succeed or fail", () => {
    expect(() => succeed(pending)).toThrow(RoomJobTransitionError);
    expect(() => fail(pending, t0)).toThrow(RoomJobTransitionError);
  });
});
