// How a case's room is named and keyed on Matrix. The alias is the idempotency key of room
// creation: it is derived from the case id alone, so every attempt for one case asks Synapse for
// the same alias, and a second createRoom fails with M_ROOM_IN_USE instead of making a twin room.
// The case id is hashed so the alias (visible to room members as the canonical alias) does not
// expose internal ids. Pure.
import { createHash } from "node:crypto";

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isCaseId(value: unknown): value is string {
  return typeof value === "string" && uuidRe.test(value);
}

/**
 * `lotse_case_<32 hex chars>`: the first 128 bits of SHA-256 over the lower-cased case id.
 * The `lotse_` prefix keeps it inside the appservice's exclusive alias namespace (`#lotse_.*`).
 */
export function caseRoomAliasLocalpart(caseId: string): string {
  const digest = createHash("sha256").update(`lotse-case-room:${caseId.toLowerCase()}`).digest("hex");
  return `lotse_case_${digest.slice(0, 32)}`;
}

export function caseRoomAlias(caseId: string, serverName: string): string {
  return `#${caseRoomAliasLocalpart(caseId)}:${serverName}`;
}

export function matrixUserId(localpart: string, serverName: string): string {
  return `@${localpart}:${serverName}`;
}

/** `lotse_pool_<32 hex>`: the idempotency alias of an agency's pool room. */
export function poolRoomAliasLocalpart(agencyId: string): string {
  const digest = createHash("sha256").update(`lotse-pool-room:${agencyId.toLowerCase()}`).digest("hex");
  return `lotse_pool_${digest.slice(0, 32)}`;
}

export function poolRoomAlias(agencyId: string, serverName: string): string {
  return `#${poolRoomAliasLocalpart(agencyId)}:${serverName}`;
}

/** `lotse_sup_<32 hex>`: the idempotency alias of a case's supervision room. */
export function supervisionRoomAliasLocalpart(caseId: string): string {
  const digest = createHash("sha256").update(`lotse-supervision-room:${caseId.toLowerCase()}`).digest("hex");
  return `lotse_sup_${digest.slice(0, 32)}`;
}

export function supervisionRoomAlias(caseId: string, serverName: string): string {
  return `#${supervisionRoomAliasLocalpart(caseId)}:${serverName}`;
}
