// A second homeserver beside the shared test stack, for the tests that need Synapse configured
// differently (an operator's media policy, single sign-on): its own database (dropped and made
// afresh), its own secrets and port, the stack's PostgreSQL, the same appservice namespace.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import type { TestStackInfo } from "@lotse/scripts";
import { startSynapse, type RunningSynapse } from "../../scripts/src/synapse.ts";
import type { SynapseConfigInput } from "../../scripts/src/synapseConfig.ts";
import { ensureDatabase } from "../../scripts/src/postgres.ts";
import { loadOrCreateSecrets, type StackSecrets } from "../../scripts/src/secrets.ts";

export async function startSecondSynapse(
  stack: TestStackInfo,
  opts: { name: string; portOffset: number; serverName?: string; config?: Partial<SynapseConfigInput> },
): Promise<{ synapse: RunningSynapse; secrets: StackSecrets }> {
  const dir = join(stack.dataDir, opts.name);
  mkdirSync(dir, { recursive: true });
  const hostDir = join(dir, "synapse");
  const secrets = loadOrCreateSecrets(hostDir);
  const dbName = `synapse_${opts.name.replace(/-/g, "_")}`;
  const admin = postgres(stack.adminDatabaseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${dbName}`);
  } finally {
    await admin.end();
  }
  await ensureDatabase(stack.adminDatabaseUrl, dbName, { collateC: true });
  const port = stack.apiPort - 90 + opts.portOffset;
  const pg = new URL(stack.adminDatabaseUrl);
  const synapse = await startSynapse({
    hostDir,
    instanceKey: `${opts.name}-${port}`,
    config: {
      serverName: opts.serverName ?? "localhost",
      port,
      publicBaseUrl: `http://127.0.0.1:${port}/`,
      database: { host: "127.0.0.1", port: Number(pg.port), user: "postgres", password: decodeURIComponent(pg.password), database: dbName },
      appservice: { url: "http://127.0.0.1:9", asToken: secrets.asToken, hsToken: secrets.hsToken, senderLocalpart: "lotse", userPrefix: "lotse_" },
      registrationSharedSecret: secrets.registrationSharedSecret,
      macaroonSecretKey: secrets.macaroonSecretKey,
      formSecret: secrets.formSecret,
      testRateLimits: true,
      ...opts.config,
    },
  });
  return { synapse, secrets };
}
