// Seekers and what keeps their accounts safe: refresh tokens, the login throttle, the pseudonym
// quarantine of deleted accounts.
import {
  boolean,
  char,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { topics } from "./catalogue.ts";

export const seekers = pgTable(
  "seekers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The pseudonym as chosen (display name in Matrix). */
    username: text("username").notNull(),
    /** Case- and confusable-folded pseudonym; uniqueness is enforced on this. */
    usernameKey: text("username_key").notNull(),
    /** Null for a temporary live-chat account (no password; it cannot sign in). */
    passwordHash: text("password_hash"),
    /** A temporary live-chat account: erased when its chat ends, unless the seeker keeps it. */
    temporary: boolean("temporary").notNull().default(false),
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
