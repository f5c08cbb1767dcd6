// Prometheus metrics of the bridge (prom-client), served on their own internal listener
// (LOTSE_BRIDGE_METRICS_PORT): how deep the outbox is and how long its oldest due job has waited,
// per kind; job attempts by outcome; how far behind the homeserver's events the bridge acts
// (appservice transaction lag) and how long each event handler takes (commands included).
// Labels are job kinds from the catalogue and handler names from the declared list — never a
// room, user, case or event id.
import { createServer, type Server } from "node:http";
import { jobKinds, roomJobs, type LotseDb } from "@lotse/store";
import { inArray, sql } from "drizzle-orm";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { EventObserver } from "./events/EventRouter.ts";
import type { JobObserver } from "./jobs/RoomJobWorker.ts";

const knownKinds = new Set<string>(jobKinds);
/** A kind label from the catalogue; a stray row's kind never becomes a label of its own. */
const kindLabel = (kind: string) => (knownKinds.has(kind) ? kind : "unknown");

type OutboxRow = { kind: string; status: string; n: number; oldestDue: number | null };

export type BridgeMetrics = { registry: Registry; jobs: JobObserver; events: EventObserver };

export function createBridgeMetrics(db: LotseDb, opts: { processMetrics?: boolean } = {}): BridgeMetrics {
  const registry = new Registry();
  if (opts.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "lotse_bridge_" });

  const attempts = new Counter({
    name: "lotse_bridge_job_attempts_total",
    help: "Room job attempts by kind and outcome (done, retry, failed)",
    labelNames: ["kind", "outcome"] as const,
    registers: [registry],
  });
  const jobDuration = new Histogram({
    name: "lotse_bridge_job_duration_seconds",
    help: "Duration of room job attempts by kind",
    labelNames: ["kind"] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const lag = new Histogram({
    name: "lotse_bridge_event_lag_seconds",
    help: "From an event's origin_server_ts to the bridge acting on it (appservice transaction lag)",
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const handling = new Histogram({
    name: "lotse_bridge_event_handling_seconds",
    help: "Time an event handler took for one event, by handler (commands, moderation, guard …) and outcome",
    labelNames: ["handler", "outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });

  // Read from PostgreSQL when scraped: the outbox is shared by every bridge replica and written
  // by the API, so only the database knows its depth. prom-client collects gauges concurrently,
  // so both share one query per scrape.
  let reading: Promise<OutboxRow[]> | undefined;
  const readOutbox = () => {
    reading ??= db
      .select({
        kind: roomJobs.kind,
        status: roomJobs.status,
        n: sql<number>`count(*)::int`,
        oldestDue: sql<number | null>`extract(epoch from now() - min(${roomJobs.runAfter}) filter (where ${roomJobs.status} = 'pending' and ${roomJobs.runAfter} <= now()))::float8`,
      })
      .from(roomJobs)
      .where(inArray(roomJobs.status, ["pending", "running", "failed"]))
      .groupBy(roomJobs.kind, roomJobs.status)
      .finally(() => {
        reading = undefined;
      });
    return reading;
  };
  new Gauge({
    name: "lotse_bridge_outbox_jobs",
    help: "Room jobs not done, by kind and status (pending includes jobs scheduled for later)",
    labelNames: ["kind", "status"] as const,
    registers: [registry],
    async collect() {
      const rows = await readOutbox();
      this.reset();
      for (const r of rows) this.inc({ kind: kindLabel(r.kind), status: r.status }, r.n);
    },
  });
  new Gauge({
    name: "lotse_bridge_outbox_oldest_due_seconds",
    help: "Age of the oldest due pending room job by kind (seconds since it became due)",
    labelNames: ["kind"] as const,
    registers: [registry],
    async collect() {
      const rows = await readOutbox();
      this.reset();
      const oldestByKind = new Map<string, number>();
      for (const r of rows) {
        if (r.oldestDue === null) continue;
        const kind = kindLabel(r.kind);
        oldestByKind.set(kind, Math.max(oldestByKind.get(kind) ?? 0, r.oldestDue));
      }
      for (const [kind, seconds] of oldestByKind) this.set({ kind }, seconds);
    },
  });

  return {
    registry,
    jobs: {
      attempted(kind, outcome, seconds) {
        attempts.inc({ kind: kindLabel(kind), outcome });
        jobDuration.observe({ kind: kindLabel(kind) }, seconds);
      },
    },
    events: {
      received(originServerTs) {
        lag.observe(Math.max(0, (Date.now() - originServerTs) / 1000));
      },
      handled(handler, outcome, seconds) {
        handling.observe({ handler, outcome }, seconds);
      },
    },
  };
}

/** Serves GET /metrics of the registry on its own listener; anything else is 404. */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<{ server: Server; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.method !== "GET" || (req.url ?? "").split("?")[0] !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { "content-type": registry.contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
