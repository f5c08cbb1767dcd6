// A PostgreSQL cluster for the local stack, owned by the checkout (var/<instance>/pg), started as
// the `postgres` system user because PostgreSQL refuses to run as root. Password auth
// (scram-sha-256) even on loopback; the password lives in the instance's secrets.
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { run, waitFor } from "./proc.ts";

export type PostgresCluster = {
  port: number;
  /** Superuser URL for database `db` (default "postgres"). */
  url(db?: string): string;
  stop(): Promise<void>;
};

export function pgBinDir(): string {
  const base = "/usr/lib/postgresql";
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error("PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)");
  }
  return join(base, versions[0]!, "bin");
}

function asPostgres(bin: string, args: string[]): Promise<string> {
  return run("runuser", ["-u", "postgres", "--", bin, ...args]);
}

export async function startPostgres(opts: {
  dataDir: string;
  port: number;
  password: string;
  log?: (msg: string) => void;
}): Promise<PostgresCluster> {
  const bin = pgBinDir();
  const { dataDir, port, password } = opts;
  const log = opts.log ?? (() => {});
  // Socket, password file and server log live in a directory the postgres user owns.
  const socketDir = join(dataDir, "..", "pg-run");
  mkdirSync(socketDir, { recursive: true });
  chownSync(socketDir, pgUid(), pgGid());
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    log(`initdb ${dataDir}`);
    mkdirSync(dataDir, { recursive: true });
    chownSync(dataDir, pgUid(), pgGid());
    const pwfile = join(socketDir, ".pwfile");
    writeFileSync(pwfile, password + "\n", { mode: 0o600 });
    chownSync(pwfile, pgUid(), pgGid());
    await asPostgres(join(bin, "initdb"), [
      "-D", dataDir, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${pwfile}`,
      "-E", "UTF8", "--locale=C.UTF-8",
    ]).finally(() => rmSync(pwfile, { force: true }));
  }
  const url = (db = "postgres") =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`;
  const ready = async () => {
    const sql = postgres(url(), { max: 1, connect_timeout: 2, onnotice: () => {} });
    try {
      await sql`select 1`;
      return true;
    } finally {
      await sql.end({ timeout: 1 });
    }
  };
  if (!(await ready().catch(() => false))) {
    log(`starting PostgreSQL on 127.0.0.1:${port}`);
    await asPostgres(join(bin, "pg_ctl"), [
      "-D", dataDir, "-l", join(socketDir, "postgres.log"), "-w", "-t", "60",
      // Errors are logged tersely and without their statement: a unique violation's DETAIL names
      // the key (e.g. a folded pseudonym) and Synapse's statements carry their values inline.
      "-o", `-p ${port} -k ${socketDir} -c listen_addresses=127.0.0.1 -c fsync=${process.env.CI ? "off" : "on"} -c log_error_verbosity=terse -c log_min_error_statement=panic`,
      "start",
    ]);
    await waitFor("PostgreSQL", ready, { timeoutMs: 30_000 });
  }
  return {
    port,
    url,
    async stop() {
      await asPostgres(join(bin, "pg_ctl"), ["-D", dataDir, "-m", "fast", "-w", "stop"]).catch(() => {});
    },
  };
}

/** Creates a database if missing. `collateC` for Synapse, which requires C collation. */
export async function ensureDatabase(adminUrl: string, name: string, opts: { collateC?: boolean } = {}) {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`select 1 from pg_database where datname = ${name}`;
    if (rows.length === 0) {
      const extra = opts.collateC ? ` ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0` : "";
      await sql.unsafe(`CREATE DATABASE ${name}${extra}`);
    }
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function pgIds(): { uid: number; gid: number } {
  const line = readFileSync("/etc/passwd", "utf8").split("\n").find((l) => l.startsWith("postgres:"));
  if (!line) throw new Error("system user `postgres` missing (apt-get install postgresql)");
  const parts = line.split(":");
  return { uid: Number(parts[2]), gid: Number(parts[3]) };
}
const pgUid = () => pgIds().uid;
const pgGid = () => pgIds().gid;
