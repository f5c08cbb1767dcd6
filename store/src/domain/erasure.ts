// Erasing a seeker — on their request (DELETE /v1/seekers/me) and by the retention clean-up. What
// happens, in this order:
//   0. Every file the seeker uploaded is deleted from the homeserver (Synapse's admin API, when
//      the caller has an admin token; issue 17). If that fails, nothing else happens (retry).
//   1. The Matrix user is deactivated with erasure (appservice): profile gone, it leaves every
//      room, its messages are hidden from later joiners. If the homeserver fails, nothing else
//      happens and the caller may retry (no partial state in PostgreSQL).
//   2. In one transaction: the seeker's open cases are closed (a case event "seeker_deleted" and a
//      room job that tells the agency's pool room — never the encrypted case room); room jobs
//      whose payload names the seeker (e-mail notifications) are deleted; the pseudonym is
//      quarantined (as a hash of its key); its login-throttle row goes; the seeker's row is
//      deleted — refresh tokens and group participations go with it (ON DELETE CASCADE), the
//      cases keep no reference (seeker_id set null) and stay, anonymous, until their retention
//      period ends (the clean-up then purges the room on the homeserver and deletes the rows).
import { and, eq, inArray, sql } from "drizzle-orm";
import { quarantineUntil, type ErasureReason } from "@lotse/policies";
import type { LotseDb } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { roomJobs } from "../schema/bridge.ts";
import { caseEvents, cases } from "../schema/cases.ts";
import { caseRecommendations } from "../schema/localHelp.ts";
import { loginThrottle, seekers } from "../schema/seekers.ts";
import { loginKeyHash } from "./loginThrottle.ts";
import { quarantinePseudonym } from "./quarantine.ts";

export type ErasureDeps = {
  db: LotseDb;
  /** Deactivates the Matrix user with erasure (the API's homeserver client; the store has no Matrix code). */
  homeserver: { deactivateUser(userId: string): Promise<unknown> };
  serverName: string;
  pseudonymQuarantineDays: number;
  /** Deletes the user's uploads on the homeserver (Synapse's admin API); null: no admin token configured. */
  media?: { deleteUserMedia(userId: string): Promise<number> } | null;
};

export type ErasureResult = { erased: true; closedCases: number; deletedMedia: number } | { erased: false };

export async function eraseSeeker(deps: ErasureDeps, seekerId: string, reason: ErasureReason, now: Date = new Date()): Promise<ErasureResult> {
  const [seeker] = await deps.db
    .select({ id: seekers.id, usernameKey: seekers.usernameKey, matrixLocalpart: seekers.matrixLocalpart })
    .from(seekers)
    .where(eq(seekers.id, seekerId));
  if (seeker === undefined) return { erased: false };

  const userId = `@${seeker.matrixLocalpart}:${deps.serverName}`;
  // Throws: the caller reports it; nothing was changed (files already deleted stay deleted).
  const deletedMedia = deps.media ? await deps.media.deleteUserMedia(userId) : 0;
  // Throws HomeserverUnavailableError / MatrixApiError: the caller reports it; nothing was changed.
  await deps.homeserver.deactivateUser(userId);

  return deps.db.transaction(async (tx) => {
    const open = await tx
      .select({ id: cases.id, status: cases.status })
      .from(cases)
      .where(and(eq(cases.seekerId, seeker.id), inArray(cases.status, ["new", "in_progress"])))
      .for("update");
    if (open.length > 0) {
      await tx
        .update(cases)
        .set({ status: "closed", closedAt: now, updatedAt: now })
        .where(inArray(cases.id, open.map((c) => c.id)));
      await tx.insert(caseEvents).values(
        open.map((c) => ({ caseId: c.id, at: now, actor: "system", action: "seeker_deleted", fromStatus: c.status, toStatus: "closed", details: { reason } })),
      );
      for (const c of open) {
        await enqueue(tx, "case.seeker_deleted_notice", { caseId: c.id }, { key: `case.seeker_deleted_notice:${c.id}`, caseId: c.id });
      }
    }
    // Recommendations were for this seeker alone: nobody reads them once the account is gone.
    await tx.delete(caseRecommendations).where(inArray(caseRecommendations.caseId, tx.select({ id: cases.id }).from(cases).where(eq(cases.seekerId, seeker.id))));
    // Jobs that name the seeker (e.g. notification mails) would otherwise keep the id.
    await tx.delete(roomJobs).where(sql`${roomJobs.payload}::text like ${`%${seeker.id}%`}`);
    await quarantinePseudonym(tx, seeker.usernameKey, quarantineUntil(now, { pseudonymQuarantineDays: deps.pseudonymQuarantineDays }));
    await tx.delete(loginThrottle).where(eq(loginThrottle.keyHash, loginKeyHash(seeker.usernameKey)));
    await tx.delete(seekers).where(eq(seekers.id, seeker.id));
    return { erased: true, closedCases: open.length, deletedMedia };
  });
}
