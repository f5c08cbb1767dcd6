// Backup and restore of everything that cannot be regenerated: both PostgreSQL databases (the
// platform's and Synapse's) as pg_dump custom-format archives, and Synapse's media store as a tar.
// Secrets (var/<instance>/secrets.json, docker/.env, docker/synapse/signing.key) are not in the
// backup: keep them separately, they are what protects it.
//   npm run backup  -- [--instance dev] --out DIR
//   npm run restore -- [--instance dev] --from DIR      (local stack stopped; see docs/deployment.md)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pgBinDir } from "./postgres.ts";
import { run } from "./proc.ts";

export type BackupTarget = {
  /** Superuser URLs of the two databases. */
  lotseDatabaseUrl: string;
  synapseDatabaseUrl: string;
  /** Synapse's media store on the host. */
  mediaDir: string;
};

export type BackupManifest = { createdAt: string; databases: string[]; media: boolean; format: 1 };

function pgEnv(url: string): NodeJS.ProcessEnv {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || "5432",
    PGUSER: decodeURIComponent(u.username),
    PGPASSWORD: decodeURIComponent(u.password),
    PGDATABASE: u.pathname.slice(1),
  };
}

export async function backup(target: BackupTarget, outDir: string): Promise<BackupManifest> {
  mkdirSync(outDir, { recursive: true, mode: 0o700 });
  const bin = pgBinDir();
  for (const [name, url] of [["lotse", target.lotseDatabaseUrl], ["synapse", target.synapseDatabaseUrl]] as const) {
    await run(join(bin, "pg_dump"), ["--format=custom", "--no-owner", `--file=${join(outDir, `${name}.dump`)}`], { env: pgEnv(url) });
  }
  const media = existsSync(target.mediaDir);
  if (media) await run("tar", ["-C", target.mediaDir, "-czf", join(outDir, "media.tar.gz"), "."]);
  const manifest: BackupManifest = { createdAt: new Date().toISOString(), databases: ["lotse", "synapse"], media, format: 1 };
  writeFileSync(join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return manifest;
}

/**
 * Restores into existing, empty databases (created but not migrated; Synapse not running).
 * Restoring over data is refused: a restore is for an empty instance.
 */
export async function restore(target: BackupTarget, fromDir: string): Promise<BackupManifest> {
  const manifestFile = join(fromDir, "manifest.json");
  if (!existsSync(manifestFile)) throw new Error(`${fromDir} is not a Lotse backup (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as BackupManifest;
  if (manifest.format !== 1) throw new Error(`unsupported backup format ${String(manifest.format)}`);
  const bin = pgBinDir();
  for (const [name, url] of [["lotse", target.lotseDatabaseUrl], ["synapse", target.synapseDatabaseUrl]] as const) {
    const tables = await run(join(bin, "psql"), ["-Atc", "select count(*) from pg_tables where schemaname = 'public'"], { env: pgEnv(url) });
    if (Number(tables.trim()) > 0) throw new Error(`database ${name} is not empty; restore needs an empty instance`);
    await run(join(bin, "pg_restore"), ["--no-owner", "--exit-on-error", `--dbname=${new URL(url).pathname.slice(1)}`, join(fromDir, `${name}.dump`)], {
      env: pgEnv(url),
    });
  }
  if (manifest.media) {
    mkdirSync(target.mediaDir, { recursive: true });
    if (readdirSync(target.mediaDir).length > 0) throw new Error(`media store ${target.mediaDir} is not empty`);
    await run("tar", ["-C", target.mediaDir, "-xzf", join(fromDir, "media.tar.gz")]);
  }
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startDatabases, startInfrastructure, devPorts, synapseMediaDir } = await import("./stack.ts");
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { instance: { type: "string", default: "dev" }, out: { type: "string" }, from: { type: "string" } },
  });
  const mode = positionals[0];
  try {
    if (mode === "backup") {
      if (!values.out) throw new Error("--out DIR is required");
      const dbs = await startDatabases({ instance: values.instance!, ports: devPorts });
      try {
        await backup(
          { lotseDatabaseUrl: dbs.databaseUrl, synapseDatabaseUrl: dbs.synapseDatabaseUrl, mediaDir: synapseMediaDir(values.instance!) },
          values.out,
        );
      } finally {
        await dbs.postgres.stop();
      }
      console.log(`backup written to ${values.out}`);
    } else if (mode === "restore") {
      if (!values.from) throw new Error("--from DIR is required");
      const infra = await startInfrastructure({ instance: values.instance!, ports: devPorts, restoreFrom: values.from });
      await infra.stop();
      console.log(`restored ${values.from} into instance ${values.instance}`);
    } else {
      throw new Error("usage: backup.ts backup --out DIR | restore --from DIR [--instance NAME]");
    }
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
