// The audit log: who changed what, when. Written in the same transaction as the change itself, so
// there is no change without its entry and no entry without its change.
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { LotseDb } from "../db.ts";
import { auditLog } from "../schema/catalogue.ts";

/** A drizzle handle or transaction (both have insert/select). */
export type DbOrTx = Pick<LotseDb, "insert" | "select" | "update" | "delete" | "execute">;

export type AuditEntry = {
  actor: string;
  action: string;
  entityType: "agency" | "agency_ranges" | "agency_topic" | "topic" | "counselor" | "membership" | "platform_admin" | "import";
  entityId: string | null;
  details?: Record<string, unknown>;
};

export async function writeAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actor: entry.actor,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details ?? {},
  });
}

export type AuditView = {
  id: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  details: unknown;
};

export async function listAudit(
  db: LotseDb,
  filter: { entityType?: string | undefined; entityId?: string | undefined; limit: number },
): Promise<AuditView[]> {
  const conds: SQL[] = [];
  if (filter.entityType !== undefined) conds.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId !== undefined) conds.push(eq(auditLog.entityId, filter.entityId));
  const rows = await db
    .select()
    .from(auditLog)
    .where(conds.length > 0 ? and(...conds) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit);
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    details: r.details,
  }));
}
