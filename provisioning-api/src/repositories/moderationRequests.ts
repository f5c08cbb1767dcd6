// Requests to the bridge's moderation (bridge/src/moderation/): outbox jobs written in the same
// transaction as the change that needs them.
import { randomUUID } from "node:crypto";
import { enqueueRoomJob, type LotseTx } from "./staffCasesRepository.ts";

/** Job kind the bridge answers by bringing the platform policy-list room in line with platform_admins. */
export const JOB_ENSURE_POLICY_ROOM = "moderation.ensure_policy_room";

/** Platform admins changed: invite the new ones to the policy-list room, take the level from removed ones. */
export async function requestPolicyRoomSync(tx: LotseTx): Promise<void> {
  await enqueueRoomJob(tx, { kind: JOB_ENSURE_POLICY_ROOM, idempotencyKey: `${JOB_ENSURE_POLICY_ROOM}:${randomUUID()}`, payload: {} });
}
