// Pseudonyms of deleted accounts stay blocked for a while (policies' retention:
// pseudonymQuarantineDays, LOTSE_PSEUDONYM_QUARANTINE_DAYS), so nobody can take over a name that
// counselors and other seekers knew. Stored as a hash of the pseudonym key, not the pseudonym.
import { createHash } from "node:crypto";
import { and, eq, gt, sql } from "drizzle-orm";
import type { LotseDb, LotseTx as Tx } from "../db.ts";
import { pseudonymQuarantine } from "../schema/seekers.ts";

export function quarantineKeyHash(usernameKey: string): string {
  return createHash("sha256").update(`lotse-pseudonym-quarantine:${usernameKey}`, "utf8").digest("hex");
}

export async function isQuarantined(db: LotseDb | Tx, usernameKey: string): Promise<boolean> {
  const rows = await db
    .select({ k: pseudonymQuarantine.keyHash })
    .from(pseudonymQuarantine)
    .where(and(eq(pseudonymQuarantine.keyHash, quarantineKeyHash(usernameKey)), gt(pseudonymQuarantine.until, sql`now()`)));
  return rows.length > 0;
}

export async function quarantinePseudonym(db: LotseDb | Tx, usernameKey: string, until: Date): Promise<void> {
  await db
    .insert(pseudonymQuarantine)
    .values({ keyHash: quarantineKeyHash(usernameKey), until })
    .onConflictDoUpdate({ target: pseudonymQuarantine.keyHash, set: { until } });
}
