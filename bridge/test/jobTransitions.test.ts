import { defaultRetryPolicy, type RoomJobState } from "@lotse/policies";
import { describe, expect, it } from "vitest";
import { caseIdOfJob } from "../src/jobs/CaseRoomJob.ts";
import { PermanentJobError } from "../src/jobs/jobErrors.ts";
import { bridgeRetryPolicy, decideClaim, jobStateFromRow, stateAfterError } from "../src/jobs/jobTransitions.ts";

const now = new Date("2030-01-01T12:00:00Z");
const policy = bridgeRetryPolicy(defaultRetryPolicy, 5_000);
const at = (ms: number) => new Date(now.getTime() + ms);

describe("room job transitions (bridge side)", () => {
  it("uses a short claim lease: the row lock protects the work", () => {
    expect(policy.leaseMs).toBe(5_000);
    expect(policy.maxAttempts).toBe(defaultRetryPolicy.maxAttempts);
  });

  it("claims a due pending job and counts the attempt", () => {
    const d = decideClaim({ status: "pending", attempts: 0, runAfter: at(-1), lockedUntil: null }, now, policy);
    expect(d).toEqual({
      action: "claim",
      orphaned: false,
      next: { status: "running", attempts: 1, runAfter: at(-1), lockedUntil: at(5_000) },
    });
  });

  it("re-claims an orphan (worker died) and counts the dead attempt", () => {
    const d = decideClaim({ status: "running", attempts: 2, runAfter: at(-60_000), lockedUntil: at(-1) }, now, policy);
    expect(d.action).toBe("claim");
    expect(d.action === "claim" && d.orphaned).toBe(true);
    expect(d.next.attempts).toBe(3);
  });

  it("gives up on an orphan that has used all its attempts (no crash loop)", () => {
    const d = decideClaim(
      { status: "running", attempts: policy.maxAttempts, runAfter: at(-60_000), lockedUntil: at(-1) },
      now,
      policy,
    );
    expect(d).toEqual({
      action: "give_up",
      next: { status: "failed", attempts: policy.maxAttempts, runAfter: at(-60_000), lockedUntil: null },
    });
  });

  const running: RoomJobState = { status: "running", attempts: 1, runAfter: at(-1), lockedUntil: at(5_000) };

  it("fails at once on a permanent error", () => {
    expect(stateAfterError(running, now, { kind: "permanent", reason: "M_FORBIDDEN" }, policy).status).toBe("failed");
  });

  it("retries a transient error with backoff", () => {
    const next = stateAfterError(running, now, { kind: "transient", reason: "ECONNREFUSED" }, policy);
    expect(next).toEqual({ status: "pending", attempts: 1, runAfter: at(1_000), lockedUntil: null });
  });

  it("waits at least as long as the homeserver's retry_after", () => {
    const next = stateAfterError(running, now, { kind: "transient", reason: "M_LIMIT_EXCEEDED", retryAfterMs: 7_000 }, policy);
    expect(next.runAfter).toEqual(at(7_000));
    const shorter = stateAfterError(running, now, { kind: "transient", reason: "M_LIMIT_EXCEEDED", retryAfterMs: 10 }, policy);
    expect(shorter.runAfter).toEqual(at(1_000));
  });

  it("stops retrying when attempts are exhausted", () => {
    const last = { ...running, attempts: policy.maxAttempts };
    expect(stateAfterError(last, now, { kind: "transient", reason: "HTTP 502" }, policy).status).toBe("failed");
  });

  it("rejects rows with an unknown status", () => {
    expect(() => jobStateFromRow({ status: "weird", attempts: 0, runAfter: now, lockedUntil: null })).toThrow(/unknown status/);
  });
});

describe("caseIdOfJob", () => {
  const caseId = "3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60";
  it("reads the payload, falling back to the row", () => {
    expect(caseIdOfJob({ payload: { caseId }, caseId })).toBe(caseId);
    expect(caseIdOfJob({ payload: {}, caseId })).toBe(caseId);
    expect(caseIdOfJob({ payload: { caseId }, caseId: null })).toBe(caseId);
  });
  it("fails permanently on a missing or conflicting id", () => {
    expect(() => caseIdOfJob({ payload: {}, caseId: null })).toThrow(PermanentJobError);
    expect(() => caseIdOfJob({ payload: { caseId: "x" }, caseId: null })).toThrow(PermanentJobError);
    expect(() => caseIdOfJob({ payload: { caseId }, caseId: "3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f61" })).toThrow(PermanentJobError);
  });
});
