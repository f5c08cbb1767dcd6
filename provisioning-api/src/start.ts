// start(config): the whole API process minus env and signals — connect, migrate, seed topics,
// build the app, listen. Returns the app and a close() that releases everything it opened.
import type { FastifyInstance } from "fastify";
import type { PlatformPolicy } from "@lotse/policies";
import { buildApp, type BuildAppOptions } from "./app.ts";
import type { ApiConfig } from "./config.ts";
import { createDb, runMigrations, seedTopics } from "@lotse/store";
import { PasswordHasher } from "./domain/passwords.ts";
import { HomeserverClient } from "./matrix/homeserverClient.ts";
import { SynapseAdmin } from "./cleanup/synapseAdmin.ts";
import { collectProcessMetrics, serveMetrics } from "./plugins/metrics.ts";

export type StartedApi = {
  app: FastifyInstance;
  /** The metrics listener's port when LOTSE_API_METRICS_PORT is set (0 picks a free one). */
  metricsPort: number | undefined;
  close(): Promise<void>;
};

export async function start(config: ApiConfig, opts: BuildAppOptions & { policy?: PlatformPolicy } = {}): Promise<StartedApi> {
  await runMigrations(config.databaseUrl);
  const db = createDb(config.databaseUrl);
  try {
    await seedTopics(db.db);
    const homeserver = new HomeserverClient({
      baseUrl: config.homeserverUrl,
      asToken: config.asToken,
      timeoutMs: config.homeserverTimeoutMs,
    });
    const synapseAdmin = config.synapseAdminToken
      ? new SynapseAdmin({ baseUrl: config.homeserverUrl, adminToken: config.synapseAdminToken, timeoutMs: config.homeserverTimeoutMs })
      : null;
    const app = await buildApp({ config, db, homeserver, synapseAdmin, passwords: new PasswordHasher(), ...(opts.policy ? { policy: opts.policy } : {}) }, opts);
    if (synapseAdmin === null) app.log.warn("LOTSE_SYNAPSE_ADMIN_TOKEN is not set: an erased seeker's uploads stay on the homeserver");
    await app.listen({ host: config.host, port: config.port });
    app.lotseLiveSweeper?.start(config.liveSweepMs);
    let metrics: Awaited<ReturnType<typeof serveMetrics>> | undefined;
    if (config.metricsPort !== undefined) {
      collectProcessMetrics(app.metricsRegistry, "lotse_api_");
      try {
        metrics = await serveMetrics(app.metricsRegistry, config.metricsHost, config.metricsPort);
      } catch (err) {
        await app.close();
        throw err;
      }
    }
    const address = metrics?.server.address();
    let closed: Promise<void> | undefined;
    return {
      app,
      metricsPort: typeof address === "object" && address !== null ? address.port : undefined,
      close: () =>
        (closed ??= (async () => {
          try {
            await metrics?.close();
            await app.close();
          } finally {
            await db.close();
          }
        })()),
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
