// The live chat without registration (issue 12). A live chat is a case (the encrypted case room,
// the pool, `!take` — all as usual) whose seeker is a temporary account; this row adds what the
// queue and the erasure need. It goes with the seeker (erasure) or when they keep their access
// (the case becomes an ordinary case). Waits are kept apart, without any reference to a seeker or
// a case, for the waiting-time estimate and the statistics.
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies, topics } from "./catalogue.ts";
import { cases } from "./cases.ts";
import { seekers } from "./seekers.ts";

export const liveChats = pgTable(
  "live_chats",
  {
    caseId: uuid("case_id")
      .primaryKey()
      .references(() => cases.id, { onDelete: "cascade" }),
    /** The temporary account (one live chat each). */
    seekerId: uuid("seeker_id")
      .notNull()
      .unique()
      .references(() => seekers.id, { onDelete: "cascade" }),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    queuedAt: timestamp("queued_at", { withTimezone: true }).notNull().defaultNow(),
    /** Last sign of the seeker's app (its status polls); the idle rule counts from here. */
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the chat ended (the seeker left, it went idle, the counselor closed it): erase next. */
    endedAt: timestamp("ended_at", { withTimezone: true }),
    /** seeker_left | idle | closed */
    endReason: text("end_reason"),
  },
  (t) => [index("live_chats_agency_topic_idx").on(t.agencyId, t.topicId, t.queuedAt)],
);

/** How long live chats waited until a counselor took them (or that nobody did): no seeker, no case. */
export const liveChatWaits = pgTable(
  "live_chat_waits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    /** The hour the chat was queued (no finer: nothing to match against other records). */
    queuedHour: timestamp("queued_hour", { withTimezone: true }).notNull(),
    /** Seconds from queueing to a counselor taking it; null = nobody took it. */
    waitSeconds: integer("wait_seconds"),
    taken: boolean("taken").notNull(),
  },
  (t) => [index("live_chat_waits_agency_idx").on(t.agencyId, t.queuedHour)],
);

/**
 * Temporary accounts started per network address and hour. The address is kept only as a keyed
 * hash (HMAC with the API's secret) and only for the current hour; old windows are deleted.
 */
export const liveStartThrottle = pgTable(
  "live_start_throttle",
  {
    keyHash: text("key_hash").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.keyHash, t.windowStart] })],
);
