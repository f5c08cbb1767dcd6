// Seekers' sessions: a short-lived access JWT plus an opaque refresh token (32 random bytes,
// base64url; only its SHA-256 is stored). Refreshing rotates: the presented token is marked used
// and a new one joins the same family. A used or revoked token presented again means it was
// copied (theft, or a client that replays): the whole family is revoked and the seeker's token
// version moves on, so the access tokens issued from it stop working too. Logout revokes one
// family; logout-all, a password change and account deletion revoke all (revokeAllSessions).
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { refreshTokens, seekers, type LotseDb, type LotseTx as Tx } from "@lotse/store";
import { signSeekerToken } from "../plugins/auth.ts";

type DbOrTx = LotseDb | Tx;

export type SessionTokens = {
  /** The access JWT (as `token` for backward compatibility). */
  token: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  refreshToken: string;
  /** Seconds until the refresh token expires (unless it is used or revoked before). */
  refreshExpiresIn: number;
};

export type SessionTtls = { accessSeconds: number; refreshSeconds: number };

export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export async function tokenVersionOf(db: DbOrTx, seekerId: string): Promise<{ version: number; temporary: boolean } | undefined> {
  const [row] = await db.select({ v: seekers.tokenVersion, t: seekers.temporary }).from(seekers).where(eq(seekers.id, seekerId)).limit(1);
  return row === undefined ? undefined : { version: row.v, temporary: row.t };
}

/** A new access token and refresh token; a new family unless `familyId` continues one. */
export async function issueSession(
  app: FastifyInstance,
  db: DbOrTx,
  seeker: { id: string; tokenVersion: number },
  ttls: SessionTtls,
  familyId: string = randomUUID(),
): Promise<SessionTokens> {
  const refreshToken = randomBytes(32).toString("base64url");
  await db.insert(refreshTokens).values({
    seekerId: seeker.id,
    familyId,
    tokenHash: hashRefreshToken(refreshToken),
    expiresAt: sql`now() + make_interval(secs => ${ttls.refreshSeconds})`,
  });
  await db.update(seekers).set({ lastActiveAt: sql`now()` }).where(eq(seekers.id, seeker.id));
  return {
    token: signSeekerToken(app, seeker.id, seeker.tokenVersion),
    expiresIn: ttls.accessSeconds,
    refreshToken,
    refreshExpiresIn: ttls.refreshSeconds,
  };
}

export type RotateResult = { ok: true; tokens: SessionTokens } | { ok: false; reason: "invalid" | "reused" };

/** Exchanges a refresh token for a new pair (see the file comment). */
export async function rotateSession(app: FastifyInstance, db: LotseDb, presented: string, ttls: SessionTtls): Promise<RotateResult> {
  const hash = hashRefreshToken(presented);
  // The outcome is decided and written in one transaction; a detected reuse commits its revocation.
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({
        id: refreshTokens.id,
        seekerId: refreshTokens.seekerId,
        familyId: refreshTokens.familyId,
        usedAt: refreshTokens.usedAt,
        revokedAt: refreshTokens.revokedAt,
        expired: sql<boolean>`${refreshTokens.expiresAt} <= now()`,
      })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, hash))
      .for("update");
    if (row === undefined) return { ok: false, reason: "invalid" } as const;
    if (row.usedAt !== null || row.revokedAt !== null) {
      // A copy of a rotated (or revoked) token: end the family and every access token of the seeker.
      await tx
        .update(refreshTokens)
        .set({ revokedAt: sql`now()` })
        .where(and(eq(refreshTokens.familyId, row.familyId), isNull(refreshTokens.revokedAt)));
      if (row.usedAt !== null) {
        await tx.update(seekers).set({ tokenVersion: sql`${seekers.tokenVersion} + 1` }).where(eq(seekers.id, row.seekerId));
      }
      return { ok: false, reason: row.usedAt !== null ? "reused" : "invalid" } as const;
    }
    if (row.expired) return { ok: false, reason: "invalid" } as const;
    await tx.update(refreshTokens).set({ usedAt: sql`now()` }).where(eq(refreshTokens.id, row.id));
    const current = await tokenVersionOf(tx, row.seekerId);
    if (current === undefined) return { ok: false, reason: "invalid" } as const;
    const tokens = await issueSession(app, tx, { id: row.seekerId, tokenVersion: current.version }, ttls, row.familyId);
    return { ok: true, tokens } as const;
  });
}

/** Revokes the family of this refresh token (logout of one session); false if the token is unknown. */
export async function revokeSessionOf(db: LotseDb, presented: string): Promise<boolean> {
  const rows = await db.execute<{ family_id: string }>(sql`
    update refresh_tokens set revoked_at = now()
     where family_id = (select family_id from refresh_tokens where token_hash = ${hashRefreshToken(presented)})
       and revoked_at is null
    returning family_id`);
  return rows.length > 0;
}

/** Ends every session of the seeker: refresh tokens revoked, access tokens invalid (version + 1). */
export async function revokeAllSessions(db: DbOrTx, seekerId: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(refreshTokens.seekerId, seekerId), isNull(refreshTokens.revokedAt)));
  await db.update(seekers).set({ tokenVersion: sql`${seekers.tokenVersion} + 1` }).where(eq(seekers.id, seekerId));
}
