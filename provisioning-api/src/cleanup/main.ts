// `npm run cleanup [-- --dry-run]`: the retention clean-up, run by the operator's scheduler (a
// daily cron job or systemd timer). Prints the report as JSON (kinds, counts, internal ids and
// reasons — no personal data); exits 1 if any item failed (the next run retries it).
import { createDb } from "@lotse/store";
import { HomeserverClient } from "../matrix/homeserverClient.ts";
import { loadCleanupConfig } from "./cleanupConfig.ts";
import { runCleanup } from "./retentionCleanup.ts";
import { SynapseAdmin } from "./synapseAdmin.ts";

const dryRun = process.argv.includes("--dry-run");
const config = loadCleanupConfig(process.env);
const db = createDb(config.databaseUrl, { max: 2 });
try {
  const report = await runCleanup(
    {
      db: db.db,
      homeserver: new HomeserverClient({ baseUrl: config.homeserverUrl, asToken: config.asToken, timeoutMs: 10_000 }),
      admin: config.adminToken === null ? null : new SynapseAdmin({ baseUrl: config.homeserverUrl, adminToken: config.adminToken, timeoutMs: 10_000 }),
      serverName: config.serverName,
      policy: config.policy,
    },
    { now: new Date(), dryRun },
  );
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  process.exitCode = report.failures.length > 0 ? 1 : 0;
} finally {
  await db.close();
}
