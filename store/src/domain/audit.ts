// The audit log: who changed what, when. Written in the same transaction as the change itself, so
// there is no change without its entry and no entry without its change.
import { and, desc, eq, gte, ilike, inArray, like, lt, type SQL } from "drizzle-orm";
import type { LotseDb } from "../db.ts";
import { auditLog } from "../schema/catalogue.ts";

/** A drizzle handle or transaction (both have insert/select). */
export type DbOrTx = Pick<LotseDb, "insert" | "select" | "update" | "delete" | "execute">;

export type AuditEntry = {
  actor: string;
  action: string;
  entityType: "agency" | "agency_ranges" | "agency_topic" | "topic" | "counselor" | "membership" | "platform_admin" | "import" | "consultation_hours" | "policy_ban";
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

/** Entry types that belong to one agency: their entityId is the agency's id. */
export const agencyAuditEntityTypes = ["agency", "agency_ranges", "agency_topic", "membership", "import", "consultation_hours"] as const;

export type AuditFilter = {
  entityType?: string | undefined;
  entityId?: string | undefined;
  /** Only what concerns this agency (its profile, ranges, topics, memberships, its own imports). */
  agencyId?: string | undefined;
  /** Part of the actor's Matrix ID, any case ("anna" finds @anna:server). */
  actor?: string | undefined;
  /** An action or the start of one ("agency." finds agency.update, agency.ranges.replace, …). */
  action?: string | undefined;
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
  limit: number;
};

/** LIKE's own characters in user input match themselves. */
export function likeLiteral(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listAudit(db: LotseDb, filter: AuditFilter): Promise<AuditView[]> {
  const conds: SQL[] = [];
  if (filter.entityType !== undefined) conds.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId !== undefined) conds.push(eq(auditLog.entityId, filter.entityId));
  if (filter.agencyId !== undefined) {
    conds.push(eq(auditLog.entityId, filter.agencyId), inArray(auditLog.entityType, [...agencyAuditEntityTypes]));
  }
  if (filter.actor !== undefined && filter.actor !== "") conds.push(ilike(auditLog.actor, `%${likeLiteral(filter.actor)}%`));
  if (filter.action !== undefined && filter.action !== "") conds.push(like(auditLog.action, `${likeLiteral(filter.action)}%`));
  if (filter.from !== undefined) conds.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) conds.push(lt(auditLog.at, filter.to));
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
