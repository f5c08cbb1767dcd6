// Aliases that make group and whisper room creation idempotent (a second createRoom for the same
// group answers M_ROOM_IN_USE and the existing room is adopted), like caseRoomIdentity.ts. Pure.
import { createHash } from "node:crypto";

function digest(kind: string, id: string): string {
  return createHash("sha256").update(`lotse-${kind}-room:${id.toLowerCase()}`).digest("hex").slice(0, 32);
}

/** `lotse_group_<32 hex>` */
export function groupRoomAliasLocalpart(groupId: string): string {
  return `lotse_group_${digest("group", groupId)}`;
}

/** `lotse_whisper_<32 hex>` */
export function whisperRoomAliasLocalpart(whisperId: string): string {
  return `lotse_whisper_${digest("whisper", whisperId)}`;
}
