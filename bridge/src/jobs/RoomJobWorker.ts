// Works the `room_jobs` outbox: claims jobs, runs the handler of their kind, records the outcome.
//
// Wake-ups: LISTEN on ROOM_JOBS_CHANNEL (the API notifies in the writing transaction), a poll
// every `pollMs` as a fallback (lost notifications, delayed retries), and one sweep at start-up,
// which resumes whatever a crashed process left behind.
//
// Crash safety — why a row lock and a short claim lease, not a long lease:
//   1. Claim (short transaction A): `SELECT … FOR UPDATE SKIP LOCKED` one claimable row, apply the
//      policies' `claim()` (status running, attempts + 1, lease = a few seconds, a fresh claim
//      token in locked_by) and COMMIT. The attempt is counted durably before any work starts, so
//      a job that kills the process cannot crash-loop forever (see decideClaim: an orphan with no
//      attempts left is failed).
//   2. Work (transaction B): lock the row again (`FOR UPDATE … AND locked_by = token`), run the
//      handler in a savepoint, and write the outcome (done + the handler's own rows, or the
//      retry/failed state) in the same transaction. The row lock is held for the whole attempt.
//      B waits for the lock instead of skipping a locked row: another slot's claim query (A') may
//      hold it for an instant — PostgreSQL keeps the lock on a row that FOR UPDATE locked and then
//      found no longer matching (it had just become `running` with a live lease). Skipping there
//      left the job `running` until its lease ran out (a SIGTERM right then left an orphan).
// While a live worker works a job, its row lock makes every other claimer SKIP it, whatever the
// lease says. If the process dies (SIGKILL, OOM, power), PostgreSQL drops its connections and with
// them the row lock; the row is left `running` with a lease that ran out seconds after the claim,
// so the next sweep re-claims it at once. Recovery therefore takes seconds, not a long lease.
// The lease exists only for the instant between A's commit and B's lock; if another worker
// re-claims in that instant, the claim token no longer matches and the first worker backs off.
// Work done twice in such an overlap is harmless because every handler is idempotent (the case
// room alias is the key, see CaseRoomJob.ts).
//
// A transaction B holds one pooled connection per in-flight job; the pool is sized for that.
import { randomUUID } from "node:crypto";
import { type RetryPolicy, succeed } from "@lotse/policies";
import { type JobKind, type LotseDb, type LotseSql, parseJob, type ParsedJob, ROOM_JOBS_CHANNEL, roomJobs } from "@lotse/store";
import { and, asc, eq, lte, or } from "drizzle-orm";
import type { Logger } from "pino";
import { classifyError, describeError, PermanentJobError } from "./jobErrors.ts";
import { bridgeRetryPolicy, decideClaim, jobStateFromRow, stateAfterError } from "./jobTransitions.ts";
import type { JobContext, JobHandler, JobHandlers, JobResult, LotseTx } from "./jobTypes.ts";
import type { RoomJobState } from "@lotse/policies";

export type RoomJobWorkerOptions = {
  db: LotseDb;
  sql: LotseSql;
  handlers: JobHandlers;
  log: Logger;
  concurrency: number;
  pollMs: number;
  /** leaseMs is the claim grace (see above); defaults to bridgeRetryPolicy(). */
  policy?: RetryPolicy;
  /** Written into locked_by next to the claim token, for operators. */
  workerId?: string;
  /** Metrics (metrics.ts): every attempt's kind, outcome and duration. */
  observe?: JobObserver;
};

/** What the worker reports for metrics. */
export type JobObserver = { attempted(kind: string, outcome: "done" | "retry" | "failed", seconds: number): void };

/** A claimed row as stored: its kind and payload are checked against the catalogue before a handler runs. */
type ClaimedRow = { id: string; kind: string; caseId: string | null; payload: unknown; attempts: number };

type Claimed = { job: ClaimedRow; state: RoomJobState; lockedBy: string };

export class RoomJobWorker {
  private readonly opts: RoomJobWorkerOptions;
  private readonly policy: RetryPolicy;
  private readonly workerId: string;
  private readonly slots = new Set<Promise<void>>();
  private wakeSeq = 0;
  private stopping = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;

  constructor(opts: RoomJobWorkerOptions) {
    this.opts = opts;
    this.policy = opts.policy ?? bridgeRetryPolicy();
    this.workerId = opts.workerId ?? `bridge-${process.pid}`;
  }

  /** Subscribes to notifications, starts polling and sweeps once. Rejects if LISTEN fails. */
  async start(): Promise<void> {
    const sub = await this.opts.sql.listen(
      ROOM_JOBS_CHANNEL,
      () => this.wake(),
      // Called on the first LISTEN and after every reconnect: notifications sent while the
      // connection was down are lost, so sweep.
      () => this.wake(),
    );
    this.unlisten = () => sub.unlisten();
    this.pollTimer = setInterval(() => this.wake(), this.opts.pollMs);
    this.wake();
  }

  /** Stops claiming, waits for in-flight jobs to finish. Does not close the database. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    await this.unlisten?.().catch((err: unknown) => this.opts.log.warn({ err: describeError(err) }, "unlisten failed"));
    this.unlisten = undefined;
    while (this.slots.size > 0) await Promise.all([...this.slots]);
  }

  /** Number of jobs being claimed or worked right now (for tests and metrics). */
  get busy(): number {
    return this.slots.size;
  }

  private wake(): void {
    if (this.stopping) return;
    this.wakeSeq++;
    while (this.slots.size < this.opts.concurrency) {
      const slot: Promise<void> = this.runSlot().finally(() => this.slots.delete(slot));
      this.slots.add(slot);
    }
  }

  /** Claims and works jobs until none is claimable and no wake-up came in meanwhile. */
  private async runSlot(): Promise<void> {
    while (!this.stopping) {
      const seq = this.wakeSeq;
      let claimed: Claimed | "none" | "settled";
      try {
        claimed = await this.claimNext();
      } catch (err) {
        // Database unreachable or similar: the next poll tries again.
        this.opts.log.error({ err: describeError(err) }, "claiming a room job failed");
        return;
      }
      if (claimed === "none") {
        if (seq === this.wakeSeq) return;
        continue;
      }
      if (claimed === "settled") continue;
      try {
        await this.work(claimed);
      } catch (err) {
        // The outcome could not be written (connection lost mid-transaction). The row stays
        // `running` without a lock and is re-claimed once its short lease has run out.
        this.opts.log.error({ jobId: claimed.job.id, err: describeError(err) }, "recording a room job outcome failed");
      }
    }
  }

  /** Transaction A. "settled" = an orphan was given up on (nothing to work). */
  private async claimNext(): Promise<Claimed | "none" | "settled"> {
    return this.opts.db.transaction(async (tx) => {
      const now = new Date();
      const [row] = await tx
        .select()
        .from(roomJobs)
        .where(
          or(
            and(eq(roomJobs.status, "pending"), lte(roomJobs.runAfter, now)),
            and(eq(roomJobs.status, "running"), lte(roomJobs.lockedUntil, now)),
          ),
        )
        .orderBy(asc(roomJobs.runAfter))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!row) return "none" as const;

      const decision = decideClaim(jobStateFromRow(row), now, this.policy);
      if (decision.action === "give_up") {
        await tx
          .update(roomJobs)
          .set({
            status: decision.next.status,
            lockedUntil: null,
            lockedBy: null,
            lastError: `gave up: the worker died during each of ${row.attempts} attempts (last: ${row.lastError ?? "no error recorded"})`.slice(0, 1000),
            updatedAt: now,
          })
          .where(eq(roomJobs.id, row.id));
        this.opts.log.error({ jobId: row.id, kind: row.kind, attempts: row.attempts }, "room job failed: its worker died on every attempt");
        this.opts.observe?.attempted(row.kind, "failed", 0);
        return "settled" as const;
      }

      const lockedBy = `${this.workerId}/${randomUUID()}`;
      const next = decision.next;
      await tx
        .update(roomJobs)
        .set({
          status: next.status,
          attempts: next.attempts,
          lockedUntil: next.lockedUntil,
          lockedBy,
          ...(decision.orphaned ? { lastError: `attempt ${row.attempts} was interrupted (worker died)` } : {}),
          updatedAt: now,
        })
        .where(eq(roomJobs.id, row.id));
      if (decision.orphaned) {
        this.opts.log.warn({ jobId: row.id, kind: row.kind, attempts: next.attempts }, "resuming a room job whose worker died");
      }
      return {
        job: { id: row.id, kind: row.kind, caseId: row.caseId, payload: row.payload, attempts: next.attempts },
        state: next,
        lockedBy,
      };
    });
  }

  /** Transaction B: holds the row lock for the whole attempt and writes its outcome. */
  private async work({ job, state, lockedBy }: Claimed): Promise<void> {
    const log = this.opts.log.child({ jobId: job.id, kind: job.kind, attempt: job.attempts });
    const startedAt = performance.now();
    await this.opts.db.transaction(async (tx) => {
      const [mine] = await tx
        .select({ id: roomJobs.id })
        .from(roomJobs)
        .where(and(eq(roomJobs.id, job.id), eq(roomJobs.status, "running"), eq(roomJobs.lockedBy, lockedBy)))
        .for("update");
      if (!mine) {
        log.warn("room job was re-claimed by another worker before it could be locked; leaving it");
        return;
      }

      try {
        // A row of an unknown kind or with a payload that fails its schema would fail on every
        // attempt: a permanent failure, recorded with the reason (never the payload itself).
        const parsed = parseJob(job.kind, job.payload);
        if (!parsed.ok) throw new PermanentJobError(parsed.reason);
        // A savepoint: if the handler fails after writing, its writes are undone but the
        // transaction (and the row lock) survive to record the failure.
        const result = await tx.transaction((sp) => runHandler(this.opts.handlers, parsed.job, { tx: sp, job, log }));
        const next = succeed(state);
        await tx
          .update(roomJobs)
          .set({ status: next.status, lockedUntil: next.lockedUntil, lockedBy: null, lastError: null, result, updatedAt: new Date() })
          .where(eq(roomJobs.id, job.id));
        log.info({ durationMs: Math.round(performance.now() - startedAt) }, "room job done");
        this.opts.observe?.attempted(job.kind, "done", (performance.now() - startedAt) / 1000);
      } catch (err) {
        const now = new Date();
        const cls = classifyError(err);
        const next = stateAfterError(state, now, cls, this.policy);
        const lastError = describeError(err, cls).slice(0, 1000);
        await tx
          .update(roomJobs)
          .set({ status: next.status, runAfter: next.runAfter, lockedUntil: next.lockedUntil, lockedBy: null, lastError, updatedAt: now })
          .where(eq(roomJobs.id, job.id));
        this.opts.observe?.attempted(job.kind, next.status === "failed" ? "failed" : "retry", (performance.now() - startedAt) / 1000);
        if (next.status === "failed") log.error({ error: lastError }, "room job failed");
        else log.warn({ error: lastError, retryAt: next.runAfter.toISOString() }, "room job attempt failed; will retry");
      }
    });
  }
}

/** Calls the handler of the job's kind with the typed payload (the map guarantees one per kind). */
function runHandler(handlers: JobHandlers, parsed: ParsedJob, ctx: { tx: LotseTx; job: ClaimedRow; log: JobContext["log"] }): Promise<JobResult> {
  // TypeScript cannot correlate handlers[kind] with the payload of that same kind; parseJob did.
  const handler = handlers[parsed.kind] as JobHandler<JobKind>;
  return handler({ tx: ctx.tx, log: ctx.log, job: { id: ctx.job.id, kind: parsed.kind, caseId: ctx.job.caseId, payload: parsed.payload, attempts: ctx.job.attempts } });
}
