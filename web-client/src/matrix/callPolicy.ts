// Who may ring the seeker, decided from the bot's room state alone (pure; used by calls.ts). The
// homeserver cannot enforce it: inside an encrypted case room a call event is an `m.room.encrypted`
// like every message, so power levels cannot tell calls apart. The seeker's app is where the rule
// holds: only the counselor the case is with, while the case is open.

/** The platform's markers (policies/src/roomTemplate.ts, caseRoomTemplate.ts); only the bot may set them. */
export const ROOM_MARKER = "org.lotse.room";
export const CASE_STATUS = "org.lotse.case_status";

/**
 * The counselor who has this case while it is open (`in_progress`), from the contents of the
 * room's marker and case-status state; null while the case waits in the pool, once it is closed,
 * and in any room that is not a case (groups, private words).
 */
export function caseCounselor(marker: unknown, status: unknown): string | null {
  if (!isObject(marker) || marker.kind !== "case") return null;
  if (!isObject(status) || status.status !== "in_progress") return null;
  const counselor = status.counselor;
  if (!isObject(counselor) || typeof counselor.userId !== "string" || counselor.userId === "") return null;
  return counselor.userId;
}

/** A call from `caller` may ring: it comes from the counselor who has the case. */
export function mayRing(marker: unknown, status: unknown, caller: string | undefined): boolean {
  const counselor = caseCounselor(marker, status);
  return counselor !== null && caller === counselor;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
