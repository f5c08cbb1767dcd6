// Writing to the outbox: a room job is a row written in the same transaction as the state change
// that needs it, and the bridge is woken (NOTIFY) when that transaction commits. The idempotency
// key makes "one job per intent" a database guarantee: a second enqueue with the same key is a
// no-op.
import { sql } from "drizzle-orm";
import type { LotseTx } from "../db.ts";
import { ROOM_JOBS_CHANNEL, roomJobs } from "../schema/bridge.ts";
import type { JobKind, JobPayload } from "./jobCatalogue.ts";

export type EnqueueOptions = {
  /** The job's idempotency key (unique across all kinds; by convention `<kind>:<id of the intent>`). */
  key: string;
  /** The case the job belongs to, if any (erasure and retention find jobs by it). */
  caseId?: string | null;
  /** Not before this time (delayed jobs: unmute, retries planned by the writer). */
  runAfter?: Date;
};

/** Adds a room job of `kind`; returns its id, or null when a job with the same key exists. */
export async function enqueue<K extends JobKind>(tx: LotseTx, kind: K, payload: JobPayload<K>, opts: EnqueueOptions): Promise<string | null> {
  const [row] = await tx
    .insert(roomJobs)
    .values({
      kind,
      idempotencyKey: opts.key,
      caseId: opts.caseId ?? null,
      payload,
      ...(opts.runAfter ? { runAfter: opts.runAfter } : {}),
    })
    .onConflictDoNothing({ target: roomJobs.idempotencyKey })
    .returning({ id: roomJobs.id });
  if (!row) return null;
  await tx.execute(sql`select pg_notify(${ROOM_JOBS_CHANNEL}, ${row.id})`);
  return row.id;
}
