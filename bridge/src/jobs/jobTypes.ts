// The contract between the room job worker and the handlers of each job kind. A handler runs
// inside the worker's transaction (which holds the job's row lock), reads what it needs through
// `tx`, does its Matrix work, writes its own domain rows through `tx`, and returns the job's
// result. The worker then marks the job done in the same transaction, so "room recorded" and
// "job done" commit together or not at all.
import type { LotseDb } from "@lotse/store";
import type { Logger } from "pino";

export type LotseTx = Parameters<Parameters<LotseDb["transaction"]>[0]>[0];

export type JobInput = {
  id: string;
  kind: string;
  caseId: string | null;
  payload: unknown;
  /** Attempts so far, this one included. */
  attempts: number;
};

export type JobContext = { tx: LotseTx; job: JobInput; log: Logger };

export type JobResult = Record<string, unknown>;

export type JobHandler = (ctx: JobContext) => Promise<JobResult>;
