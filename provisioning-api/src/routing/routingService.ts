// The API process's in-memory routing index. Loaded once at start; kept current by the
// "lotse_routing" notifications the database triggers send (migration 0003) for every change of
// topics, agencies, agency topics and postcode ranges — from this process, other API processes,
// imports or hand-written SQL. A notification names the agency (or topic); the service reloads just
// that agency's rows and patches the index (policies: patchRoutingAgencies — an attribute change is
// O(1), a range change re-cuts only the topics concerned). Notifications arriving in a burst are
// folded into one reload and one patch.
//
// Read-your-writes: admin routes call `refreshAgencies(ids)` after their commit and before they
// answer, so the next search on this process sees the edit; other processes see it as soon as the
// notification arrives (milliseconds). `sync()` waits until every change committed before the
// call is in the index (tests, the bench).
import { randomUUID } from "node:crypto";
import {
  buildRoutingIndex,
  patchRoutingAgencies,
  patchRoutingTopics,
  routeAgencies,
  type AgencyUpdate,
  type RoutingAgency,
  type RoutingIndex,
  type RoutingQuery,
  type RoutingRange,
  type RoutingResult,
  type RoutingTopic,
} from "@lotse/policies";
import type { FastifyInstance } from "fastify";
import type { DbHandle } from "@lotse/store";

export const ROUTING_CHANNEL = "lotse_routing";

type Log = { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

type AgencyRow = {
  id: string;
  name: string;
  city: string;
  languages: string[];
  online: boolean;
  deleted: boolean;
  topic_ids: string[];
};
type RangeRow = { agency_id: string; topic_id: string; from_postcode: string; to_postcode: string };
type TopicRow = { id: string; min_postcode_length: number; white_spot_agency_id: string | null };

export class RoutingService {
  readonly #db: DbHandle;
  readonly #log: Log;
  #index: RoutingIndex = buildRoutingIndex({ topics: [], agencies: [], ranges: [] });
  #unlisten: (() => Promise<void>) | undefined;
  #dirtyAgencies = new Set<string>();
  #dirtyTopics = false;
  #fullReload = false;
  #syncWaiters = new Map<string, () => void>();
  #draining: Promise<void> | undefined;
  #loaded = false;
  #stopped = false;

  constructor(db: DbHandle, log: Log) {
    this.#db = db;
    this.#log = log;
  }

  get index(): RoutingIndex {
    return this.#index;
  }

  /** Topic ids in the index (the route tells unknown topics apart). */
  hasTopic(topicId: string): boolean {
    return this.#index.topicSettings.has(topicId);
  }

  route(query: RoutingQuery): RoutingResult {
    return routeAgencies(this.#index, query);
  }

  /** True once the index holds the catalogue (false while the database was unreachable). */
  get ready(): boolean {
    return this.#loaded;
  }

  /**
   * LISTEN first (so nothing between load and listen is missed), then load everything. When the
   * database is unreachable the app still starts (health answers 503) and this retries.
   */
  async start(): Promise<void> {
    try {
      await this.#startOnce();
    } catch (err) {
      this.#log.warn({ err: { name: (err as Error).name, code: (err as { code?: unknown }).code } }, "routing index not loaded yet; retrying");
      this.#retryStart();
    }
  }

  #retryStart(): void {
    const timer = setTimeout(() => {
      if (this.#stopped) return;
      this.#startOnce().catch(() => this.#retryStart());
    }, 2000);
    timer.unref();
  }

  async #startOnce(): Promise<void> {
    if (this.#unlisten === undefined) {
      const listener = await this.#db.sql.listen(
      ROUTING_CHANNEL,
        (payload) => this.#onNotify(payload),
        () => {
          // Called on the first LISTEN and after every reconnect: anything may have been missed.
          if (this.#loaded) {
            this.#fullReload = true;
            this.#kick();
          }
        },
      );
      this.#unlisten = () => listener.unlisten();
    }
    await this.#loadAll();
    this.#loaded = true;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const resolve of this.#syncWaiters.values()) resolve();
    this.#syncWaiters.clear();
    await this.#draining?.catch(() => {});
    await this.#unlisten?.().catch(() => {});
  }

  /** Reloads these agencies now (after an admin write's commit, before answering). */
  async refreshAgencies(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.#dirtyAgencies.add(id);
    this.#kick();
    await this.#draining;
  }

  async refreshTopics(): Promise<void> {
    this.#dirtyTopics = true;
    this.#kick();
    await this.#draining;
  }

  /** Resolves once every change committed before this call is in the index. */
  async sync(timeoutMs = 10_000): Promise<void> {
    const nonce = randomUUID();
    const seen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#syncWaiters.delete(nonce);
        reject(new Error("routing sync timed out"));
      }, timeoutMs);
      this.#syncWaiters.set(nonce, () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await this.#db.sql`select pg_notify(${ROUTING_CHANNEL}, ${"sync:" + nonce})`;
    await seen;
    await this.#draining;
  }

  #onNotify(payload: string): void {
    if (payload.startsWith("agency:")) this.#dirtyAgencies.add(payload.slice(7));
    else if (payload.startsWith("topic:")) this.#dirtyTopics = true;
    else if (payload.startsWith("sync:")) {
      // Notifications arrive in commit order: everything before the marker is queued already.
      const resolve = this.#syncWaiters.get(payload.slice(5));
      if (resolve !== undefined) {
        this.#syncWaiters.delete(payload.slice(5));
        this.#kick();
        void (this.#draining ?? Promise.resolve()).then(resolve);
      }
      return;
    } else this.#fullReload = true;
    this.#kick();
  }

  #kick(): void {
    if (this.#draining !== undefined || this.#stopped) return;
    this.#draining = (async () => {
      // Yield first, so that `finally` below always runs after this assignment.
      await Promise.resolve();
      try {
        while (!this.#stopped && (this.#fullReload || this.#dirtyTopics || this.#dirtyAgencies.size > 0)) {
          if (this.#fullReload) {
            this.#fullReload = false;
            this.#dirtyTopics = false;
            this.#dirtyAgencies.clear();
            await this.#loadAll();
            continue;
          }
          const started = performance.now();
          const topics = this.#dirtyTopics;
          const ids = [...this.#dirtyAgencies];
          this.#dirtyTopics = false;
          this.#dirtyAgencies.clear();
          const topicList = topics ? await this.#loadTopics() : undefined;
          const updates = ids.length > 0 ? await this.#loadAgencies(ids) : [];
          // Synchronous from here: a search sees the old index or the new one, never a mix.
          let next = this.#index;
          if (topicList !== undefined) next = patchRoutingTopics(next, topicList);
          next = patchRoutingAgencies(next, updates);
          this.#index = next;
          this.#log.info(
            { agencies: ids.length, topics, ms: Math.round(performance.now() - started) },
            "routing index patched",
          );
        }
      } catch (err) {
        // Retry as a full reload shortly (database briefly away); searches keep the last index.
        this.#log.error({ err: { name: (err as Error).name, code: (err as { code?: unknown }).code } }, "routing index refresh failed");
        this.#fullReload = true;
        setTimeout(() => this.#kick(), 1000).unref();
      } finally {
        this.#draining = undefined;
      }
    })();
  }

  async #loadTopics(): Promise<RoutingTopic[]> {
    const rows = await this.#db.sql<TopicRow[]>`
      select id, min_postcode_length, white_spot_agency_id from topics`;
    return rows.map((t) => ({ id: t.id, minPostcodeLength: t.min_postcode_length, whiteSpotAgencyId: t.white_spot_agency_id }));
  }

  /** The agencies now (null ids: all of them) with all their ranges. */
  async #loadAgencies(ids: string[] | null): Promise<AgencyUpdate[]> {
    const sql = this.#db.sql;
    const where = ids === null ? sql`true` : sql`a.id = any(${ids}::uuid[])`;
    const agencies = await sql<AgencyRow[]>`
      select a.id, a.name, a.city, a.languages, a.online, a.deleted_at is not null as deleted,
             coalesce(array(select t.topic_id from agency_topics t where t.agency_id = a.id), '{}') as topic_ids
        from agencies a where ${where}`;
    const rangeWhere = ids === null ? sql`true` : sql`agency_id = any(${ids}::uuid[])`;
    const ranges = await sql<RangeRow[]>`
      select agency_id, topic_id, from_postcode, to_postcode from agency_postcode_ranges where ${rangeWhere}`;
    const byAgency = new Map<string, RoutingRange[]>();
    for (const r of ranges) {
      let list = byAgency.get(r.agency_id);
      if (list === undefined) byAgency.set(r.agency_id, (list = []));
      list.push({ agencyId: r.agency_id, topicId: r.topic_id, from: r.from_postcode, to: r.to_postcode });
    }
    const found = new Map<string, RoutingAgency>();
    for (const a of agencies) {
      found.set(a.id, { id: a.id, name: a.name, city: a.city, languages: a.languages, online: a.online, deleted: a.deleted, topicIds: a.topic_ids });
    }
    const all = ids ?? [...found.keys()];
    return all.map((id) => ({ id, agency: found.get(id) ?? null, ranges: byAgency.get(id) ?? [] }));
  }

  async #loadAll(): Promise<void> {
    const started = performance.now();
    const topics = await this.#loadTopics();
    const updates = await this.#loadAgencies(null);
    this.#index = buildRoutingIndex({
      topics,
      agencies: updates.flatMap((u) => (u.agency === null ? [] : [u.agency])),
      ranges: updates.flatMap((u) => u.ranges),
    });
    this.#log.info(
      { agencies: updates.length, ranges: this.#index.rangeCount, ms: Math.round(performance.now() - started) },
      "routing index loaded",
    );
  }
}

declare module "fastify" {
  interface FastifyInstance {
    lotseRouting: RoutingService;
  }
}

/** Starts the routing index on the root app (before the routes) and stops it with the app. */
export async function registerRouting(app: FastifyInstance, db: DbHandle): Promise<void> {
  const service = new RoutingService(db, app.log);
  await service.start();
  app.decorate("lotseRouting", service);
  app.addHook("onClose", async () => {
    await service.stop();
  });
}
