// The bridge's tables: the room_jobs outbox, the events it has acted on, counselors' command chats
// and the reminders already raised. Written by both services, worked by the bridge.
import { sql } from "drizzle-orm";
import {
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
import { cases } from "./cases.ts";

/** Reminders already raised for a case (one per threshold). */
export const caseReminders = pgTable(
  "case_reminders",
  {
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    thresholdHours: integer("threshold_hours").notNull(),
    sentAt: timestamp("sent_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.thresholdHours] })],
);

/** Direct chats between a counselor and the bot (command channel outside encrypted rooms). */
export const botDirectRooms = pgTable("bot_direct_rooms", {
  matrixUserId: text("matrix_user_id").primaryKey(),
  roomId: text("room_id").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Matrix events the bridge has acted on (commands, membership changes). Homeservers re-send
 * appservice transactions after a restart; this makes acting on an event happen once.
 */
export const processedEvents = pgTable("processed_events", {
  eventId: text("event_id").primaryKey(),
  roomId: text("room_id").notNull(),
  processedAt: timestamp("processed_at", { withTimezone: true }).notNull().defaultNow(),
  outcome: jsonb("outcome"),
});

/**
 * The outbox of Matrix work. A row is written in the same transaction as the state change that
 * needs it; the bridge claims rows (FOR UPDATE SKIP LOCKED, with a lease) and records the result.
 * `idempotencyKey` makes "one job per intent" a database guarantee.
 */
export const roomJobs = pgTable(
  "room_jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** JobKind of the job catalogue (store/src/outbox/jobCatalogue.ts). */
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
