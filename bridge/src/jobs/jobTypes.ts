// The contract between the room job worker and the handlers of each job kind. A handler runs
// inside the worker's transaction (which holds the job's row lock), reads what it needs through
// `tx`, does its Matrix work, writes its own domain rows through `tx`, and returns the job's
// result. The worker then marks the job done in the same transaction, so "room recorded" and
// "job done" commit together or not at all.
//
// Kinds and payloads come from the one job catalogue (@lotse/store, outbox/jobCatalogue.ts): a
// handler's payload is typed by its kind and has been checked against the kind's schema before
// the handler runs. `JobHandlers` names every kind, so a kind without a handler does not compile.
import type { JobKind, JobPayload, LotseTx } from "@lotse/store";
import type { Logger } from "pino";

export type { LotseTx };

export type JobInput<K extends JobKind = JobKind> = {
  id: string;
  kind: K;
  caseId: string | null;
  payload: JobPayload<K>;
  /** Attempts so far, this one included. */
  attempts: number;
};

export type JobContext<K extends JobKind = JobKind> = { tx: LotseTx; job: JobInput<K>; log: Logger };

export type JobResult = Record<string, unknown>;

export type JobHandler<K extends JobKind> = (ctx: JobContext<K>) => Promise<JobResult>;

/** One handler per kind of the catalogue. */
export type JobHandlers = { readonly [K in JobKind]: JobHandler<K> };

/** Handlers of some kinds (what one area of the bridge contributes to the map). */
export type SomeJobHandlers<K extends JobKind> = Pick<JobHandlers, K>;
