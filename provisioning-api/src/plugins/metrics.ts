// Prometheus metrics of the API (prom-client): request durations by route pattern, method and
// status. The label is Fastify's route *pattern* ("/v1/bookings/:bookingId"), never the URL, so
// no id, token or query string reaches a label; unmatched requests share one label. Each app has
// its own registry (tests build many apps in one process); start.ts serves it on a separate,
// internal listener (LOTSE_API_METRICS_PORT), never on the public port.
import { createServer, type Server } from "node:http";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { collectDefaultMetrics, Histogram, Registry } from "prom-client";

declare module "fastify" {
  interface FastifyInstance {
    metricsRegistry: Registry;
  }
}

/** Seconds; from a health check (~1 ms) to a slow homeserver round trip. */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const metricsPlugin = fp(
  async (app: FastifyInstance) => {
    const registry = new Registry();
    const requestDuration = new Histogram({
      name: "lotse_api_request_duration_seconds",
      help: "Duration of API requests by route pattern, method and status code",
      labelNames: ["route", "method", "status"] as const,
      buckets: durationBuckets,
      registers: [registry],
    });
    app.decorate("metricsRegistry", registry);
    app.addHook("onResponse", async (request, reply) => {
      const route = request.routeOptions.url ?? "unmatched";
      requestDuration.observe({ route, method: request.method, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    });
  },
  { name: "lotse-metrics" },
);

/** Adds the process's CPU, memory, event-loop and GC metrics to a registry (once per process). */
export function collectProcessMetrics(registry: Registry, prefix: string): void {
  collectDefaultMetrics({ register: registry, prefix });
}

/** Serves GET /metrics of a registry on its own listener; anything else is 404. */
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
