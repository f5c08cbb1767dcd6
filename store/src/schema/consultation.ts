// Consultation hours and bookings (live counseling). The rules — wall-time slots across DST,
// overlaps, the booking decision — are in policies/src/consultationHours.ts; these tables keep
// the agency's published slots, its blocked days and the seekers' bookings.
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agencies, counselors } from "./catalogue.ts";
import { cases } from "./cases.ts";
import { seekers } from "./seekers.ts";

/**
 * A slot of an agency's consultation hours: weekly (weekday + local start time) or one-off
 * (startsAt), never both. Removed slots are deleted; their future bookings are cancelled with them.
 */
export const consultationSlots = pgTable(
  "consultation_slots",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    counselorId: uuid("counselor_id")
      .notNull()
      .references(() => counselors.id, { onDelete: "cascade" }),
    /** ISO weekday 1 (Monday) … 7 (Sunday) of a weekly slot. */
    weekday: smallint("weekday"),
    /** Local start "HH:MM" of a weekly slot, in the policy's time zone. */
    startTime: text("start_time"),
    /** Start of a one-off slot. */
    startsAt: timestamp("starts_at", { withTimezone: true }),
    minutes: integer("minutes").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("consultation_slots_agency_idx").on(t.agencyId),
    check(
      "consultation_slots_kind_ck",
      sql`(${t.weekday} is not null and ${t.startTime} is not null and ${t.startsAt} is null) or (${t.weekday} is null and ${t.startTime} is null and ${t.startsAt} is not null)`,
    ),
  ],
);

/** Whole local days (holidays) on which an agency offers no consultation hours. */
export const consultationBlockedDays = pgTable(
  "consultation_blocked_days",
  {
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    /** Local date "YYYY-MM-DD" in the policy's time zone. */
    day: text("day").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.agencyId, t.day] })],
);

/**
 * A seeker's booking of one occurrence of a slot. `occurrenceKey` names the occurrence for good
 * (policies' occurrenceKey); the partial unique index makes "one seeker per occurrence" the
 * database's decision, whatever races. The case carries the slot's counselor from the start.
 */
export const bookings = pgTable(
  "bookings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    /** Erasure of the seeker deletes the booking with them. */
    seekerId: uuid("seeker_id")
      .notNull()
      .references(() => seekers.id, { onDelete: "cascade" }),
    slotId: uuid("slot_id").references(() => consultationSlots.id, { onDelete: "set null" }),
    occurrenceKey: text("occurrence_key").notNull(),
    counselorId: uuid("counselor_id")
      .notNull()
      .references(() => counselors.id, { onDelete: "cascade" }),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    endsAt: timestamp("ends_at", { withTimezone: true }).notNull(),
    /** BookingStatus: booked | cancelled | held | no_show_seeker | no_show_counselor | no_show_both. */
    status: text("status").notNull().default("booked"),
    /** The seeker asked for a reminder e-mail (sent only if they left an address; no content). */
    remindByEmail: boolean("remind_by_email").notNull().default(false),
    cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
    /** Who cancelled: "seeker" | "agency" (slot removed, day blocked). */
    cancelledBy: text("cancelled_by"),
    /**
     * First sign of each side in the case room around the appointment (any event they sent, seen
     * by the bridge — it never reads content): the no-show decision after the grace period.
     */
    seekerSeenAt: timestamp("seeker_seen_at", { withTimezone: true }),
    counselorSeenAt: timestamp("counselor_seen_at", { withTimezone: true }),
    /** When the appointment's outcome (held or a no-show) was recorded. */
    settledAt: timestamp("settled_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("bookings_occurrence_uq").on(t.occurrenceKey).where(sql`${t.status} = 'booked'`),
    index("bookings_seeker_idx").on(t.seekerId),
    index("bookings_agency_starts_idx").on(t.agencyId, t.startsAt),
  ],
);
