// Requests to the bridge's moderation (bridge/src/moderation/): outbox jobs written in the same
// transaction as the change that needs them.
import { randomUUID } from "node:crypto";
import type { LotseTx } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";

/** Platform admins changed: invite the new ones to the policy-list room, take the level from removed ones. */
export async function requestPolicyRoomSync(tx: LotseTx): Promise<void> {
  await enqueue(tx, "moderation.ensure_policy_room", {}, { key: `moderation.ensure_policy_room:${randomUUID()}` });
}
