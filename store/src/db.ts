// Connecting to the system of record: a client factory, the one LotseDb/LotseTx type, migrations
// and topic seeding. The API, the bridge and the test harness all go through here, so that there
// is one way to connect and one migrations folder.
import { fileURLToPath } from "node:url";
import { sql as dsql } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as schema from "./schema/index.ts";
import { topicSeeds } from "./topics.ts";

export { schema };
export { topicSeeds, type TopicSeed } from "./topics.ts";

export type LotseDb = PostgresJsDatabase<typeof schema>;
export type LotseSql = postgres.Sql;

/** A transaction (or savepoint) of LotseDb: what every domain operation runs in. */
export type LotseTx = Parameters<Parameters<LotseDb["transaction"]>[0]>[0];

export type CreateDbOptions = {
  /** Pool size (postgres.js `max`); default 10. */
  max?: number;
  /** Seconds an idle connection stays open; default 30. */
  idleTimeout?: number;
  /** Seconds to wait for a connection; default 10. */
  connectTimeout?: number;
};

export type DbHandle = {
  db: LotseDb;
  sql: LotseSql;
  close(): Promise<void>;
};

/** The migrations folder shipped with this package (store/drizzle). */
export const migrationsFolder = fileURLToPath(new URL("../drizzle", import.meta.url));

export function createDb(databaseUrl: string, opts: CreateDbOptions = {}): DbHandle {
  const sql = postgres(databaseUrl, {
    max: opts.max ?? 10,
    idle_timeout: opts.idleTimeout ?? 30,
    connect_timeout: opts.connectTimeout ?? 10,
    // Server notices ("relation already exists, skipping") are not worth a log line.
    onnotice: () => {},
  });
  const db = drizzle(sql, { schema });
  return {
    db,
    sql,
    close: () => sql.end({ timeout: 5 }),
  };
}

// Arbitrary constant: serialises concurrent migrators (API start-up, test harness, bridge) on one
// cluster, because drizzle's migrator itself does not lock.
const MIGRATION_LOCK_KEY = 0x4c6f747365; // "Lotse"

/** Applies pending migrations with its own single-connection client, then closes it. */
export async function runMigrations(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle(sql), { migrationsFolder });
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/**
 * Idempotent seeding of the topic areas (ids stable): a missing topic is inserted; of an existing
 * one only the further names (`names`) are filled, for locales it has none in — `excluded.names ||
 * topics.names` lets the stored (admin-edited) names win, so an upgrade brings the shipped names to
 * an existing installation without overwriting edits. German and English names stay as stored.
 */
export async function seedTopics(db: LotseDb | LotseTx): Promise<void> {
  await db
    .insert(schema.topics)
    .values([...topicSeeds])
    .onConflictDoUpdate({
      target: schema.topics.id,
      set: { names: dsql`excluded.names || topics.names` },
    });
}
