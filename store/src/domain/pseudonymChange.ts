// A seeker's new pseudonym (PATCH /v1/seekers/me, issue 17). The caller has checked the pseudonym
// rule; here: the names no seeker may imitate (the agencies' names, for that check), then in one
// transaction — the seeker's row locked, the new name's key not quarantined, the row updated (the
// unique index on username_key decides a race for the same name), the old name quarantined per
// the retention policy when its key changes — and, still inside the transaction, the homeserver
// sets the name everywhere (the appservice through the seeker guard: profile and the seeker's
// membership in every joined room). If the homeserver fails, the transaction rolls back: the old
// name stays on both sides, nothing half-written.
import { and, eq, gt, ne, sql } from "drizzle-orm";
import { quarantineUntil } from "@lotse/policies";
import type { LotseDb } from "../db.ts";
import { agencies } from "../schema/catalogue.ts";
import { pseudonymQuarantine, seekers } from "../schema/seekers.ts";
import { quarantineKeyHash, quarantinePseudonym } from "./quarantine.ts";

export type PseudonymChangeDeps = {
  db: LotseDb;
  /** Ensures the seeker's Matrix user and sets its display name (the API's homeserver client). */
  homeserver: { ensureUser(localpart: string): Promise<void>; setDisplayName(userId: string, name: string): Promise<void> };
  serverName: string;
  pseudonymQuarantineDays: number;
};

export type PseudonymChangeResult = "changed" | "unchanged" | "taken" | "quarantined" | "gone";

/** The agencies' names: no seeker may call themselves like one (the pseudonym rule's reserved names). */
export async function agencyNames(db: LotseDb): Promise<string[]> {
  const rows = await db.select({ name: agencies.name }).from(agencies);
  return rows.map((r) => r.name);
}

const UNIQUE_VIOLATION = "23505";

export async function changePseudonym(
  deps: PseudonymChangeDeps,
  seekerId: string,
  next: { pseudonym: string; key: string },
  now: Date = new Date(),
): Promise<PseudonymChangeResult> {
  try {
    return await deps.db.transaction(async (tx) => {
      const [seeker] = await tx
        .select({ username: seekers.username, usernameKey: seekers.usernameKey, matrixLocalpart: seekers.matrixLocalpart })
        .from(seekers)
        .where(eq(seekers.id, seekerId))
        .for("update");
      if (seeker === undefined) return "gone";
      if (seeker.username === next.pseudonym) return "unchanged";
      const keyChanges = seeker.usernameKey !== next.key;
      if (keyChanges) {
        const blocked = await tx
          .select({ k: pseudonymQuarantine.keyHash })
          .from(pseudonymQuarantine)
          .where(and(eq(pseudonymQuarantine.keyHash, quarantineKeyHash(next.key)), gt(pseudonymQuarantine.until, sql`now()`)));
        if (blocked.length > 0) return "quarantined";
        const [holder] = await tx.select({ id: seekers.id }).from(seekers).where(and(eq(seekers.usernameKey, next.key), ne(seekers.id, seekerId)));
        if (holder) return "taken";
      }
      await tx.update(seekers).set({ username: next.pseudonym, usernameKey: next.key }).where(eq(seekers.id, seekerId));
      if (keyChanges) {
        await quarantinePseudonym(tx, seeker.usernameKey, quarantineUntil(now, { pseudonymQuarantineDays: deps.pseudonymQuarantineDays }));
      }
      await deps.homeserver.ensureUser(seeker.matrixLocalpart);
      await deps.homeserver.setDisplayName(`@${seeker.matrixLocalpart}:${deps.serverName}`, next.pseudonym);
      return "changed";
    });
  } catch (err) {
    // Another seeker took the same name between our check and the update.
    if (isUniqueViolation(err)) return "taken";
    throw err;
  }
}

function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e !== null && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
  }
  return false;
}
