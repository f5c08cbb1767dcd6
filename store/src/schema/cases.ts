// Cases and their history. Lifecycle rules live in policies/src/caseLifecycle.ts.
import { sql } from "drizzle-orm";
import {
  bigserial,
  char,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { agencies, counselors, topics } from "./catalogue.ts";
import { seekers } from "./seekers.ts";

export const cases = pgTable(
  "cases",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Null once the seeker deleted the account (the case stays, anonymous, until its retention ends). */
    seekerId: uuid("seeker_id").references(() => seekers.id, { onDelete: "set null" }),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    /** Short number shown in pool notices and typed in commands (`!take 42`). */
    caseNumber: integer("case_number").notNull().generatedAlwaysAsIdentity(),
    /** CaseStatus from @lotse/policies: new | in_progress | closed | archived. */
    status: text("status").notNull().default("new"),
    roomId: text("room_id"),
    /** First two digits of the seeker's postcode: all a pool notice may show of where they are. */
    postcodeRegion: char("postcode_region", { length: 2 }),
    assignedCounselorId: uuid("assigned_counselor_id").references(() => counselors.id),
    supervisionRoomId: text("supervision_room_id"),
    takenAt: timestamp("taken_at", { withTimezone: true }),
    /** First counselor message in the room (seen by the bridge as an encrypted event's sender). */
    firstAnswerAt: timestamp("first_answer_at", { withTimezone: true }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("cases_seeker_idx").on(t.seekerId),
    index("cases_agency_status_idx").on(t.agencyId, t.status),
    uniqueIndex("cases_case_number_uq").on(t.caseNumber),
    uniqueIndex("cases_room_uq").on(t.roomId),
  ],
);

/** Every transition of a case: who, when, from which status to which. Append-only. */
export const caseEvents = pgTable(
  "case_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    caseId: uuid("case_id")
      .notNull()
      .references(() => cases.id, { onDelete: "cascade" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Matrix user id of the counselor, "seeker" or "system". */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("case_events_case_idx").on(t.caseId, t.at)],
);
