// Seekers: creation (uniqueness is the database's job, via the unique index on username_key) and
// look-ups by pseudonym key or id.
import { and, eq, isNull, ne, or } from "drizzle-orm";
import { seekers, type LotseDb } from "@lotse/store";
import { isUniqueViolation } from "../errorMapping.ts";

export type NewSeeker = {
  username: string;
  usernameKey: string;
  passwordHash: string;
  email: string | null;
  matrixLocalpart: string;
  topicId: string;
  postcode: string;
};

export type SeekerRow = typeof seekers.$inferSelect;

export const USERNAME_UNIQUE_CONSTRAINT = "seekers_username_key_uq";

/** Inserts the seeker; returns "taken" when the pseudonym key exists already. */
export async function insertSeeker(db: LotseDb, seeker: NewSeeker): Promise<{ id: string } | "taken"> {
  try {
    const rows = await db.insert(seekers).values(seeker).returning({ id: seekers.id });
    const row = rows[0];
    if (row === undefined) throw new Error("insert returned no row");
    return row;
  } catch (err) {
    if (isUniqueViolation(err, USERNAME_UNIQUE_CONSTRAINT)) return "taken";
    throw err;
  }
}

export async function findSeekerByKey(db: LotseDb, usernameKey: string): Promise<SeekerRow | undefined> {
  const rows = await db.select().from(seekers).where(eq(seekers.usernameKey, usernameKey)).limit(1);
  return rows[0];
}

/** Marks a deleted account's row (its personal data is overwritten, the row keeps the cases' history). */
export const DELETED_PASSWORD_HASH = "!deleted";

/** Not a deleted account (a temporary live-chat account has no password hash at all: null). */
const notDeleted = or(isNull(seekers.passwordHash), ne(seekers.passwordHash, DELETED_PASSWORD_HASH));

/** The seeker with this id, unless the account was deleted (a token issued before still verifies). */
export async function findSeekerById(db: LotseDb, id: string): Promise<SeekerRow | undefined> {
  const rows = await db
    .select()
    .from(seekers)
    .where(and(eq(seekers.id, id), notDeleted))
    .limit(1);
  return rows[0];
}
