// Retention: every real run of the clean-up (counts only).
import { sql } from "drizzle-orm";
import {
  bigserial,
  integer,
  jsonb,
  pgTable,
  timestamp,
} from "drizzle-orm/pg-core";

/** Every real run of the retention clean-up: when, and how many of each kind went (counts only). */
export const cleanupRuns = pgTable("cleanup_runs", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull(),
  finishedAt: timestamp("finished_at", { withTimezone: true }).notNull().defaultNow(),
  /** The clean-up's clock ("now" it decided by; differs from started_at only in tests). */
  asOf: timestamp("as_of", { withTimezone: true }).notNull(),
  counts: jsonb("counts").notNull().default(sql`'{}'::jsonb`),
  failures: integer("failures").notNull().default(0),
});
