// Failed sign-ins per pseudonym, counted in PostgreSQL so that every API process sees the same
// count. Rows are keyed by a hash of the pseudonym key — existing or not, the same way — so the
// table holds no pseudonym and a lock says nothing about whether an account exists.
import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { loginLockSeconds, type LoginThrottlePolicy } from "@lotse/policies";
import type { LotseDb } from "../db.ts";
import { loginThrottle } from "../schema/seekers.ts";

export function loginKeyHash(usernameKey: string): string {
  return createHash("sha256").update(`lotse-login-throttle:${usernameKey}`, "utf8").digest("hex");
}

/** Whole seconds the pseudonym is still locked (0 = not locked). */
export async function lockedSeconds(db: LotseDb, keyHash: string): Promise<number> {
  const [row] = await db
    .select({ s: sql<number>`ceil(extract(epoch from (${loginThrottle.lockedUntil} - now())))::int` })
    .from(loginThrottle)
    .where(eq(loginThrottle.keyHash, keyHash));
  return row !== undefined && row.s !== null && row.s > 0 ? row.s : 0;
}

/** Counts a failure (a stale count starts again) and locks per the policy; returns the lock in seconds. */
export async function recordLoginFailure(db: LotseDb, keyHash: string, policy: LoginThrottlePolicy): Promise<number> {
  const rows = await db.execute<{ failures: number }>(sql`
    insert into login_throttle (key_hash, failures, last_failure_at) values (${keyHash}, 1, now())
    on conflict (key_hash) do update set
      failures = case when login_throttle.last_failure_at < now() - make_interval(secs => ${policy.resetAfterSeconds})
                      then 1 else login_throttle.failures + 1 end,
      last_failure_at = now()
    returning failures`);
  const failures = rows[0]?.failures ?? 1;
  const lock = loginLockSeconds(failures, policy);
  if (lock > 0) {
    await db
      .update(loginThrottle)
      .set({ lockedUntil: sql`now() + make_interval(secs => ${lock})` })
      .where(eq(loginThrottle.keyHash, keyHash));
  }
  return lock;
}

export async function clearLoginFailures(db: LotseDb, keyHash: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.keyHash, keyHash));
}
