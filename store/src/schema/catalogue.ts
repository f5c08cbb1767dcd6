// The catalogue: topics, agencies (their topics and postcode ranges), counselors and their
// memberships, platform admins, and the audit log of every administrative change.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  char,
  index,
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
import type { TopicNames } from "../topicNames.ts";

export const topics = pgTable("topics", {
  id: text("id").primaryKey(),
  nameDe: text("name_de").notNull(),
  nameEn: text("name_en").notNull(),
  /** Names in the further seeker languages ({"de-leicht"?, tr?, ar?, uk?}; see topicNames.ts). */
  names: jsonb("names").$type<TopicNames>().notNull().default(sql`'{}'::jsonb`),
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
    /** The language the bot writes in for this agency (BotLanguage: de | en), unless a counselor chose their own. */
    botLanguage: text("bot_language").notNull().default("de"),
    // The public profile an agency admin keeps (console "Profil"); shown to seekers where the app lists agencies.
    phone: text("phone"),
    /** Opening hours in the agency's own words (free text, e.g. "Mo–Fr 9–12 Uhr"). */
    openingHours: text("opening_hours"),
    website: text("website"),
    accessibilityNotes: text("accessibility_notes"),
    /** Services offered on site (e.g. "Schuldnerberatung vor Ort", "Dolmetschen"), one entry each. */
    onSiteServices: text("on_site_services").array().notNull().default(sql`'{}'::text[]`),
    /** The agency's short link `/a/<slug>` (social-media profiles); null = none yet. */
    slug: text("slug"),
    /** https origins allowed to embed the agency's entry card (CSP frame-ancestors); none = nobody. */
    embedOrigins: text("embed_origins").array().notNull().default(sql`'{}'::text[]`),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("agencies_pool_room_uq").on(t.poolRoomId), uniqueIndex("agencies_slug_uq").on(t.slug)],
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
  /** The language the bot answers this counselor in (`!sprache`); null = the agency's. */
  botLanguage: text("bot_language"),
  /** On live duty (live chat without registration) until then; null or past = not on duty. */
  liveDutyUntil: timestamp("live_duty_until", { withTimezone: true }),
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
