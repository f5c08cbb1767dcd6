// Group chats and whisper rooms (issue 5). Rules (templates, schedule, phases) live in
// policies/src/groupRooms.ts; the bridge shapes the rooms through the room_jobs outbox.
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { agencies, counselors, topics } from "./catalogue.ts";
import { seekers } from "./seekers.ts";

/** A moderated group chat at fixed times; one Matrix room for every occurrence. */
export const groups = pgTable(
  "groups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    /** The agency whose group moderator created the group. */
    agencyId: uuid("agency_id").references(() => agencies.id),
    description: text("description").notNull().default(""),
    rules: text("rules").notNull().default(""),
    /** First occurrence; repeating groups recur every 7 days at the same local (Europe/Berlin) time. */
    startsAt: timestamp("starts_at", { withTimezone: true }).notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    repeatWeekly: boolean("repeat_weekly").notNull().default(false),
    maxParticipants: integer("max_participants").notNull(),
    encrypted: boolean("encrypted").notNull().default(true),
    /** Topics and agencies the group is listed under (besides its own topic / agency). */
    listingTopicIds: text("listing_topic_ids").array().notNull().default(sql`'{}'::text[]`),
    listingAgencyIds: uuid("listing_agency_ids").array().notNull().default(sql`'{}'::uuid[]`),
    /** The group room (created by the bridge, job group.create_room). */
    roomId: text("room_id"),
    /** Moderators' unencrypted control room for bot commands (optional; commands work in any command chat). */
    controlRoomId: text("control_room_id"),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => counselors.id),
    /** The phase the bridge last applied to the room ("before" | "open" | "after") and for which occurrence. */
    appliedPhase: text("applied_phase").notNull().default("before"),
    appliedOccurrence: timestamp("applied_occurrence", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("groups_room_uq").on(t.roomId), index("groups_topic_idx").on(t.topicId)],
);

/** Counselors who moderate a group (the creator first). */
export const groupModerators = pgTable(
  "group_moderators",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    counselorId: uuid("counselor_id")
      .notNull()
      .references(() => counselors.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.counselorId] })],
);

/** Seekers in a group. A row with left_at set is history; joining again reopens it. */
export const groupParticipants = pgTable(
  "group_participants",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    seekerId: uuid("seeker_id")
      .notNull()
      .references(() => seekers.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
    leftAt: timestamp("left_at", { withTimezone: true }),
    /** Why the seat was given up: "left" | "session_ended" | "removed". */
    leftReason: text("left_reason"),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.seekerId] }), index("group_participants_seeker_idx").on(t.seekerId)],
);

/** A counselor brought in as expert for one occurrence of a group. */
export const groupExperts = pgTable(
  "group_experts",
  {
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    counselorId: uuid("counselor_id")
      .notNull()
      .references(() => counselors.id, { onDelete: "cascade" }),
    /** Start of the occurrence the expert is invited for. */
    occurrence: timestamp("occurrence", { withTimezone: true }).notNull(),
    addedBy: uuid("added_by").references(() => counselors.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp("removed_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.counselorId, t.occurrence] })],
);

/** A one-to-one encrypted room between a participant and a moderator of a group. */
export const whisperRooms = pgTable(
  "whisper_rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    groupId: uuid("group_id")
      .notNull()
      .references(() => groups.id, { onDelete: "cascade" }),
    seekerId: uuid("seeker_id")
      .notNull()
      .references(() => seekers.id, { onDelete: "cascade" }),
    moderatorId: uuid("moderator_id")
      .notNull()
      .references(() => counselors.id),
    /** "seeker" | "moderator": who asked for it. */
    startedBy: text("started_by").notNull(),
    roomId: text("room_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** "seeker" | "moderator" | "session_ended" | "left_group". */
    endedBy: text("ended_by"),
  },
  (t) => [
    uniqueIndex("whisper_rooms_room_uq").on(t.roomId),
    uniqueIndex("whisper_rooms_open_uq").on(t.groupId, t.seekerId).where(sql`${t.endedAt} is null`),
  ],
);
