// Peer-exchange forums (issue 15): one persistent room per topic (made by the bridge when the
// first seeker joins), the seekers who joined, and the posts they reported. Rules (template,
// power levels, titles, report limit) live in policies/src/forumRooms.ts; what is written in a
// forum stays on the homeserver — no post, title or author is stored here.
import { index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { topics } from "./catalogue.ts";
import { seekers } from "./seekers.ts";

export const forums = pgTable(
  "forums",
  {
    topicId: text("topic_id")
      .primaryKey()
      .references(() => topics.id, { onDelete: "cascade" }),
    /** The forum room (created by the bridge, job forum.create_room). */
    roomId: text("room_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("forums_room_uq").on(t.roomId)],
);

/** Seekers who joined a forum (the bot invites them; erased with the seeker). */
export const forumMembers = pgTable(
  "forum_members",
  {
    topicId: text("topic_id")
      .notNull()
      .references(() => forums.topicId, { onDelete: "cascade" }),
    seekerId: uuid("seeker_id")
      .notNull()
      .references(() => seekers.id, { onDelete: "cascade" }),
    joinedAt: timestamp("joined_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.seekerId] }), index("forum_members_seeker_idx").on(t.seekerId)],
);

/** A seeker's report of a forum post: the event id and a reason from a fixed list, never content. */
export const forumReports = pgTable(
  "forum_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    topicId: text("topic_id")
      .notNull()
      .references(() => forums.topicId, { onDelete: "cascade" }),
    eventId: text("event_id").notNull(),
    /** ForumReportReason of @lotse/policies. */
    reason: text("reason").notNull(),
    seekerId: uuid("seeker_id")
      .notNull()
      .references(() => seekers.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("forum_reports_once_uq").on(t.seekerId, t.eventId), index("forum_reports_seeker_time_idx").on(t.seekerId, t.createdAt)],
);
