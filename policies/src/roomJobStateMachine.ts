// The life of a room job in the outbox. Pure: the bridge's worker and the API's repository decide
// transitions with these functions, and the SQL only stores the outcome.
//
//   pending ──claim──▶ running ──succeed──▶ done
//      ▲                  │
//      └──retry (backoff)─┤
//                         └──fail (attempts exhausted or permanent error)──▶ failed
//   running with an expired lease (the worker died) is claimable again.

export const roomJobStatuses = ["pending", "running", "done", "failed"] as const;
export type RoomJobStatus = (typeof roomJobStatuses)[number];

export type RoomJobState = {
  status: RoomJobStatus;
  attempts: number;
  runAfter: Date;
  lockedUntil: Date | null;
};

export type RetryPolicy = {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  leaseMs: number;
};

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 12,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  leaseMs: 60_000,
};

export class RoomJobTransitionError extends Error {
  constructor(from: RoomJobStatus, action: string) {
    super(`room job: cannot ${action} from ${from}`);
    this.name = "RoomJobTransitionError";
  }
}

export function isClaimable(job: RoomJobState, now: Date): boolean {
  if (job.status === "pending") return job.runAfter.getTime() <= now.getTime();
  if (job.status === "running") return job.lockedUntil !== null && job.lockedUntil.getTime() <= now.getTime();
  return false;
}

export function claim(job: RoomJobState, now: Date, policy: RetryPolicy = defaultRetryPolicy): RoomJobState {
  if (!isClaimable(job, now)) throw new RoomJobTransitionError(job.status, "claim");
  return {
    status: "running",
    attempts: job.attempts + 1,
    runAfter: job.runAfter,
    lockedUntil: new Date(now.getTime() + policy.leaseMs),
  };
}

export function succeed(job: RoomJobState): RoomJobState {
  if (job.status !== "running") throw new RoomJobTransitionError(job.status, "succeed");
  return { ...job, status: "done", lockedUntil: null };
}

/** Exponential backoff with a cap: 1 s, 2 s, 4 s, … up to maxDelayMs. */
export function retryDelayMs(attempts: number, policy: RetryPolicy = defaultRetryPolicy): number {
  const exp = Math.max(0, attempts - 1);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(exp, 30));
}

/**
 * After a failed attempt: retry later, or give up when the error is permanent or the attempts
 * are exhausted. A failed job stays visible for an operator; nothing is dropped silently.
 */
export function fail(
  job: RoomJobState,
  now: Date,
  opts: { permanent?: boolean } = {},
  policy: RetryPolicy = defaultRetryPolicy,
): RoomJobState {
  if (job.status !== "running") throw new RoomJobTransitionError(job.status, "fail");
  if (opts.permanent || job.attempts >= policy.maxAttempts) {
    return { ...job, status: "failed", lockedUntil: null };
  }
  return {
    status: "pending",
    attempts: job.attempts,
    runAfter: new Date(now.getTime() + retryDelayMs(job.attempts, policy)),
    lockedUntil: null,
  };
}

export const caseStatuses = ["new", "in_progress", "closed", "archived"] as const;
export type CaseStatus = (typeof caseStatuses)[number];
