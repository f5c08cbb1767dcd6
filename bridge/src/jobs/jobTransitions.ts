// The bridge's use of the policies' room job state machine: converting rows to states and the
// decisions the worker takes after an error or when it finds an orphaned job. Pure.
import { claim, defaultRetryPolicy, fail, type RetryPolicy, type RoomJobState, type RoomJobStatus, roomJobStatuses } from "@lotse/policies";
import type { ErrorClass } from "./jobErrors.ts";

/**
 * How long a fresh claim is protected before the worker takes the row lock. The row lock, not
 * the lease, protects a job while it is worked (see RoomJobWorker.ts); the lease only covers the
 * moment between committing the claim and locking the row. So it can be short, and that is what
 * makes recovery after a crash fast.
 */
export const defaultClaimGraceMs = 5_000;

export function bridgeRetryPolicy(base: RetryPolicy = defaultRetryPolicy, claimGraceMs = defaultClaimGraceMs): RetryPolicy {
  return { ...base, leaseMs: claimGraceMs };
}

export type JobRowState = {
  status: string;
  attempts: number;
  runAfter: Date;
  lockedUntil: Date | null;
};

export function isRoomJobStatus(s: string): s is RoomJobStatus {
  return (roomJobStatuses as readonly string[]).includes(s);
}

export function jobStateFromRow(row: JobRowState): RoomJobState {
  if (!isRoomJobStatus(row.status)) throw new Error(`room job has an unknown status "${row.status}"`);
  return { status: row.status, attempts: row.attempts, runAfter: row.runAfter, lockedUntil: row.lockedUntil };
}

export type ClaimDecision =
  | { action: "claim"; next: RoomJobState; orphaned: boolean }
  | { action: "give_up"; next: RoomJobState };

/**
 * A claimable row becomes ours, unless it is an orphan (status running: its worker died mid-
 * attempt) that has used up its attempts. Counting the dead attempt is what stops a job that
 * crashes the process from crash-looping forever: each start-up that finds it spends one attempt.
 */
export function decideClaim(state: RoomJobState, now: Date, policy: RetryPolicy): ClaimDecision {
  const orphaned = state.status === "running";
  if (orphaned && state.attempts >= policy.maxAttempts) {
    return { action: "give_up", next: fail(state, now, { permanent: true }, policy) };
  }
  return { action: "claim", next: claim(state, now, policy), orphaned };
}

/** After a failed attempt: the state machine's verdict, with a homeserver's retry_after honoured. */
export function stateAfterError(state: RoomJobState, now: Date, cls: ErrorClass, policy: RetryPolicy): RoomJobState {
  const next = fail(state, now, { permanent: cls.kind === "permanent" }, policy);
  if (next.status === "pending" && cls.kind === "transient" && cls.retryAfterMs !== undefined) {
    const earliest = now.getTime() + Math.min(cls.retryAfterMs, policy.maxDelayMs);
    if (next.runAfter.getTime() < earliest) return { ...next, runAfter: new Date(earliest) };
  }
  return next;
}
