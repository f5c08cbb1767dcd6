// The system of record: every table Lotse keeps in PostgreSQL. The provisioning API owns the
// schema and its migrations; the bridge reads cases and works the room_jobs outbox.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  char,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";

export const topics = pgTable("topics", {
  id: text("id").primaryKey(),
  nameDe: text("name_de").notNull(),
  nameEn: text("name_en").notNull(),
  /** Digits a (partial) postcode needs before routing matches by prefix (1–5; 5 = full postcodes only). */
  minPostcodeLength: smallint("min_postcode_length").notNull().default(5),
  /** Fallback ("white spot") agency when no local agency serves a postcode; null = none. */
  whiteSpotAgencyId: uuid("white_spot_agency_id").references((): AnyPgColumn => agencies.id, { onDelete: "set null" }),
  minAge: smallint("min_age"),
  maxAge: smallint("max_age"),
});

export const agencies = pgTable(
  "agencies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    city: text("city").notNull(),
    address: text("address"),
    postcode: char("postcode", { length: 5 }),
    description: text("description"),
    /** ISO 639-1 codes of the languages counselors of this agency speak. */
    languages: text("languages").array().notNull().default(sql`'{de}'::text[]`),
    /** Offline agencies are not offered to seekers. */
    online: boolean("online").notNull().default(true),
    /** Team agencies keep the whole team in a case room after a counselor takes it. */
    teamAgency: boolean("team_agency").notNull().default(false),
    /** Server name of the agency's own homeserver (federation); null = the central homeserver. */
    homeserverServerName: text("homeserver_server_name"),
    /** The agency's pool room (created by the bridge). */
    poolRoomId: text("pool_room_id"),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("agencies_pool_room_uq").on(t.poolRoomId)],
);

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

/** Inclusive five-digit postcode ranges an agency serves, per topic. */
export const agencyPostcodeRanges = pgTable(
  "agency_postcode_ranges",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    topicId: text("topic_id")
      .notNull()
      .references(() => topics.id),
    fromPostcode: char("from_postcode", { length: 5 }).notNull(),
    toPostcode: char("to_postcode", { length: 5 }).notNull(),
  },
  (t) => [
    index("agency_postcode_ranges_topic_range_idx").on(t.topicId, t.fromPostcode, t.toPostcode),
    index("agency_postcode_ranges_agency_idx").on(t.agencyId),
  ],
);

/** A person who counsels: a Matrix account on the central or an agency's homeserver. */
export const counselors = pgTable("counselors", {
  id: uuid("id").primaryKey().defaultRandom(),
  matrixUserId: text("matrix_user_id").notNull().unique(),
  displayName: text("display_name").notNull(),
  /** Absence: while set, seekers see this message and new pool cases are marked. */
  awayMessage: text("away_message"),
  awaySince: timestamp("away_since", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** AgencyRole from @lotse/policies: counselor | main_counselor | supervisor | group_moderator | agency_admin. */
export const agencyMemberships = pgTable(
  "agency_memberships",
  {
    agencyId: uuid("agency_id")
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    counselorId: uuid("counselor_id")
      .notNull()
      .references(() => counselors.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.counselorId, t.role] }),
    index("agency_memberships_counselor_idx").on(t.counselorId),
  ],
);

/** Platform administrators (any homeserver), identified by Matrix user id. */
export const platformAdmins = pgTable("platform_admins", {
  matrixUserId: text("matrix_user_id").primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Who changed what, when: every administrative change. Append-only. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Matrix user id of the actor, or "system". */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    details: jsonb("details").notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index("audit_log_entity_idx").on(t.entityType, t.entityId), index("audit_log_at_idx").on(t.at)],
);

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
    /** Last "you have a new answer" e-mail (rate limit for notifications). */
    lastNotifiedAt: timestamp("last_notified_at", { withTimezone: true }),
    /**
     * Bumped by "log out everywhere", a password change and a detected refresh-token theft: access
     * tokens carry the version they were issued with and stop working once it is behind.
     */
    tokenVersion: integer("token_version").notNull().default(0),
    /** Last sign-in, token refresh or registration (the retention clean-up's inactivity clock). */
    lastActiveAt: timestamp("last_active_at", { withTimezone: true }),
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

/**
 * Refresh tokens (opaque; only their SHA-256 is stored). Each use rotates the token: the used row
 * gets used_at and a new row joins the same family. Presenting a used token again revokes the
 * whole family (the token was stolen, or the client replayed it).
 */
export const refreshTokens = pgTable(
  "refresh_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    seekerId: uuid("seeker_id")
      .notNull()
      .references(() => seekers.id, { onDelete: "cascade" }),
    familyId: uuid("family_id").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("refresh_tokens_hash_uq").on(t.tokenHash),
    index("refresh_tokens_seeker_idx").on(t.seekerId),
    index("refresh_tokens_family_idx").on(t.familyId),
  ],
);

/**
 * Failed sign-ins per pseudonym key (keyed by a hash of the key, so the table holds no pseudonym;
 * unknown pseudonyms are counted the same way as existing ones). Shared by all API processes.
 */
export const loginThrottle = pgTable("login_throttle", {
  keyHash: text("key_hash").primaryKey(),
  failures: integer("failures").notNull().default(0),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/** Pseudonyms of deleted accounts (as a hash of the key) that nobody may register until `until`. */
export const pseudonymQuarantine = pgTable("pseudonym_quarantine", {
  keyHash: text("key_hash").primaryKey(),
  until: timestamp("until", { withTimezone: true }).notNull(),
});

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

/** Channel the API notifies (inside the writing transaction) when room jobs are added. */
export const ROOM_JOBS_CHANNEL = "lotse_room_jobs";

// ---------------------------------------------------------------------------------------------
// Group chats and whisper rooms (issue 5). Rules (templates, schedule, phases) live in
// policies/src/groupRooms.ts; the bridge shapes the rooms through the room_jobs outbox.

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
