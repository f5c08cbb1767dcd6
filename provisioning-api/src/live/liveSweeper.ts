// The live sweeper: erases live chats that are over (issue 12). Runs in the API process every
// LOTSE_API_LIVE_SWEEP_MS and at once when a seeker leaves; each round asks the store which chats
// are due (ended, closed by a counselor, or idle — policies' liveChat.idleMinutes) and erases each:
//   1. the temporary Matrix user is deactivated with erasure (appservice),
//   2. the case room (and a supervision room, if any) is deleted with its whole history (Synapse
//      admin API — why the API needs LOTSE_SYNAPSE_ADMIN_TOKEN for the live chat),
//   3. the rows go: case, case events, jobs, the temporary seeker with its tokens (the wait is kept
//      anonymously for the estimate).
// Every step is safe to repeat, and the state that says "erase this" is the row itself: a crash
// or an unreachable homeserver leaves the row, and the next round (of any API process) finishes it.
// The log names case ids and counts only — no pseudonym, no Matrix user id.
import type { FastifyBaseLogger } from "fastify";
import type { LiveChatPolicy } from "@lotse/policies";
import { deleteLiveChatRows, liveChatsToErase, type LotseDb } from "@lotse/store";
import type { SynapseAdmin } from "../cleanup/synapseAdmin.ts";
import type { HomeserverClient } from "../matrix/homeserverClient.ts";

export type LiveSweeperDeps = {
  db: LotseDb;
  homeserver: Pick<HomeserverClient, "deactivateUser">;
  admin: Pick<SynapseAdmin, "purgeRoom">;
  serverName: string;
  policy: LiveChatPolicy;
  log: FastifyBaseLogger;
};

export type SweepReport = { erased: number; failed: number };

export class LiveSweeper {
  readonly #deps: LiveSweeperDeps;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<SweepReport> | undefined;
  #again = false;
  #intervalMs = 0;
  #stopped = true;

  constructor(deps: LiveSweeperDeps) {
    this.#deps = deps;
  }

  /** One round: every due live chat erased (or left for the next round if a step failed). */
  async runOnce(now: Date = new Date()): Promise<SweepReport> {
    const { db, log } = this.#deps;
    const due = await liveChatsToErase(db, now, this.#deps.policy);
    let erased = 0;
    let failed = 0;
    for (const e of due) {
      try {
        await this.#deps.homeserver.deactivateUser(`@${e.matrixLocalpart}:${this.#deps.serverName}`);
        for (const roomId of e.roomIds) await this.#deps.admin.purgeRoom(roomId);
        if (await db.transaction((tx) => deleteLiveChatRows(tx, e))) erased++;
      } catch (err) {
        failed++;
        log.warn({ caseId: e.caseId, err: err instanceof Error ? err.message : String(err) }, "live chat erasure failed; retried next round");
      }
    }
    if (due.length > 0) log.info({ erased, failed }, "live chats erased");
    return { erased, failed };
  }

  /** Runs a round every `intervalMs` until stop(). */
  start(intervalMs: number): void {
    this.#intervalMs = intervalMs;
    this.#stopped = false;
    this.#schedule(intervalMs);
  }

  /** A round now (a seeker just left), if the loop runs; coalesced with a round in progress. */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running?.catch(() => undefined);
  }

  #schedule(ms: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
    this.#timer.unref();
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    this.#running = this.runOnce().catch((err: unknown) => {
      this.#deps.log.warn({ err: err instanceof Error ? err.message : String(err) }, "live sweep failed; retried next round");
      return { erased: 0, failed: 0 };
    });
    await this.#running;
    this.#running = undefined;
    if (this.#stopped) return;
    const again = this.#again;
    this.#again = false;
    this.#schedule(again ? 0 : this.#intervalMs);
  }
}
