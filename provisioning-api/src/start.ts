// start(config): the whole API process minus env and signals — connect, migrate, seed topics,
// build the app, listen. Returns the app and a close() that releases everything it opened.
import type { FastifyInstance } from "fastify";
import type { PlatformPolicy } from "@lotse/policies";
import { buildApp, type BuildAppOptions } from "./app.ts";
import type { ApiConfig } from "./config.ts";
import { createDb, runMigrations, seedTopics } from "@lotse/store";
import { PasswordHasher } from "./domain/passwords.ts";
import { HomeserverClient } from "./matrix/homeserverClient.ts";

export type StartedApi = { app: FastifyInstance; close(): Promise<void> };

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
    const app = await buildApp({ config, db, homeserver, passwords: new PasswordHasher(), ...(opts.policy ? { policy: opts.policy } : {}) }, opts);
    await app.listen({ host: config.host, port: config.port });
    let closed: Promise<void> | undefined;
    return {
      app,
      close: () =>
        (closed ??= (async () => {
          try {
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
