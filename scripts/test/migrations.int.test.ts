// Upgrades: migrations run on every start; two replicas starting at once must not race.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { describe, expect, inject, it } from "vitest";
import { migrationsFolder, runMigrations } from "@lotse/store";
import { ensureDatabase } from "../src/postgres.ts";

const stack = inject("lotseStack");

describe("database migrations", () => {
  it("apply exactly once when several processes start at the same time", async () => {
    const name = `migrate_race_${randomBytes(4).toString("hex")}`;
    await ensureDatabase(stack.adminDatabaseUrl, name);
    const url = stack.adminDatabaseUrl.replace(/\/postgres$/, `/${name}`);
    await Promise.all([runMigrations(url), runMigrations(url), runMigrations(url), runMigrations(url)]);
    const journal = JSON.parse(readFileSync(join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    try {
      const applied = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
      expect(applied[0]!.n).toBe(journal.entries.length);
      const tables = await sql`select count(*)::int as n from pg_tables where schemaname = 'public' and tablename in ('cases', 'room_jobs', 'agency_memberships')`;
      expect(tables[0]!.n).toBe(3);
      await runMigrations(url); // and a later start is a no-op
      expect((await sql`select count(*)::int as n from drizzle.__drizzle_migrations`)[0]!.n).toBe(journal.entries.length);
    } finally {
      await sql.end();
      const admin = postgres(stack.adminDatabaseUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database ${name}`);
      await admin.end();
    }
  });
});
