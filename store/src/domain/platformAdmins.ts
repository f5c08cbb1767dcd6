// Platform administrators: who may run the platform-wide policy list. Every change is audited and
// asks the bridge (same transaction) to bring the policy-list room in line.
import { asc, eq } from "drizzle-orm";
import type { LotseDb } from "../db.ts";
import { platformAdmins } from "../schema/catalogue.ts";
import { writeAudit } from "./audit.ts";
import { requestPolicyRoomSync } from "./moderation.ts";

export async function listPlatformAdmins(db: LotseDb): Promise<string[]> {
  const rows = await db.select().from(platformAdmins).orderBy(asc(platformAdmins.matrixUserId));
  return rows.map((r) => r.matrixUserId);
}

export async function addPlatformAdmin(db: LotseDb, actor: string, matrixUserId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.insert(platformAdmins).values({ matrixUserId }).onConflictDoNothing().returning();
    if (rows.length === 0) return false;
    await writeAudit(tx, { actor, action: "platform_admin.add", entityType: "platform_admin", entityId: matrixUserId });
    await requestPolicyRoomSync(tx);
    return true;
  });
}

export async function removePlatformAdmin(db: LotseDb, actor: string, matrixUserId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.delete(platformAdmins).where(eq(platformAdmins.matrixUserId, matrixUserId)).returning();
    if (rows.length === 0) return false;
    await writeAudit(tx, { actor, action: "platform_admin.remove", entityType: "platform_admin", entityId: matrixUserId });
    await requestPolicyRoomSync(tx);
    return true;
  });
}
