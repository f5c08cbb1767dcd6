// The system of record: every table Lotse keeps in PostgreSQL. The provisioning API owns the
// schema and its migrations; the bridge reads cases and works the room_jobs outbox.
import { sql } from "drizzle-orm";
import {
  char,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

export const topics = pgTable("topics", {
  id: text("id").primaryKey(),
  nameDe: text("name_de").notNull(),
  nameEn: text("name_en").notNull(),
});

export const agencies = pgTable("agencies", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  city: text("city").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const agencyTopics = pgTable(
  "agency_topics",
  {
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.topicId] })],
);

/** Inclusive five-digit postcode ranges an agency serves (simple model; full routing is its own issue). */
export const agencyPostcodeRanges = pgTable(
  "agency_postcode_ranges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    fromPostcode: char("from_postcode", { length: 5 }).notNull(),
    toPostcode: char("to_postcode", { length: 5 }).notNull(),
  },
  (t) => [index("agency_postcode_ranges_range_idx").on(t.fromPostcode, t.toPostcode)],
);

export const counselors = pgTable("counselors", {
  id: uuid("id").primaryKey().defaultRandom(),
  agencyId: uuid("agency_id")
    .notNull()
    .references(() => agencies.id, { onDelete: "cascade" }),
  matrixUserId: text("matrix_user_id").notNull().unique(),
  displayName: text("display_name").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const seekers = pgTable(
  "seekers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The pseudonym as chosen (display name in Matrix). */
    username: text("username").notNull(),
    /** Case- and confusable-folded pseudonym; uniqueness is enforced on this. */
    usernameKey: text("username_key").notNull(),
    passwordHash: text("password_hash").notNull(),
    /** Optional, for notifications only; never shown to anyone, never logged. */
    email: text("email"),
    /** Random localpart in the bridge's exclusive namespace; never derived from the pseudonym. */
    matrixLocalpart: text("matrix_localpart").notNull(),
    /** Topic chosen at registration (the client preselects it when searching agencies). */
    topicId: text("topic_id").references(() => topics.id),
    /** Postcode given at registration (five digits); used only to suggest agencies. */
    postcode: char("postcode", { length: 5 }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("seekers_username_key_uq").on(t.usernameKey),
    uniqueIndex("seekers_matrix_localpart_uq").on(t.matrixLocalpart),
  ],
);

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seekerId: uuid("seeker_id")
      .notNull()
      .references(() => seekers.id),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    /** CaseStatus from @lotse/policies. */
    status: text("status").notNull().default("new"),
    roomId: text("room_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("cases_seeker_idx").on(t.seekerId)],
);

/**
 * The outbox of Matrix work. A row is written in the same transaction as the state change that
 * needs it; the bridge claims rows (FOR UPDATE SKIP LOCKED, with a lease) and records the result.
 * `idempotencyKey` makes "one job per intent" a database guarantee.
 */
export const roomJobs = pgTable(
  "room_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** RoomJobKind from @lotse/policies. */
    kind: text("kind").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    caseId: uuid("case_id").references(() => cases.id),
    payload: jsonb("payload").notNull().default(sql`'{}'::jsonb`),
    /** RoomJobStatus from @lotse/policies: pending | running | done | failed. */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    runAfter: timestamp("run_after", { withTimezone: true }).notNull().defaultNow(),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lockedBy: text("locked_by"),
    lastError: text("last_error"),
    result: jsonb("result"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("room_jobs_idempotency_uq").on(t.idempotencyKey),
    index("room_jobs_claim_idx").on(t.status, t.runAfter),
  ],
);

/** Channel the API notifies (inside the writing transaction) when room jobs are added. */
export const ROOM_JOBS_CHANNEL = "lotse_room_jobs";
