// What job handlers share: the Matrix error code of a failed call, and creating a room that an
// earlier attempt may already have made. (Payloads are typed and checked by the job catalogue.)
import { LOTSE_ROOM_STATE_TYPE } from "@lotse/policies";
import type { Logger } from "pino";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { PermanentJobError } from "./jobErrors.ts";

/** The Matrix `errcode` of a failed call, if it has one. */
export function errcodeOf(err: unknown): string | undefined {
  const code = typeof err === "object" && err !== null ? (err as { errcode?: unknown }).errcode : undefined;
  return typeof code === "string" ? code : undefined;
}

/**
 * A room creation that a crash cut short. createRoom is one request, but Synapse performs it as
 * many steps (create event, memberships, initial state, alias); when Synapse restarts or loses its
 * database in between, the alias can exist while the room lacks its marker, or even the bot's own
 * membership. The alias belongs to the appservice's exclusive namespace, so no one else made it.
 * For the first attempts such a room counts as still being made (an earlier request may still be
 * running in Synapse after the bridge itself was killed); from attempt HALF_ROOM_ATTEMPTS on —
 * about half a minute later with the worker's backoff — it is abandoned: the alias is removed,
 * the bot leaves what it can, and the room is made again under the same alias.
 */
export const HALF_ROOM_ATTEMPTS = 6;

export type AliasedRoom = {
  roomId: string;
  /** The room's `org.lotse.room` marker; undefined when it has none or the bot cannot read it. */
  marker: Record<string, unknown> | undefined;
};

/** What the room behind one of the bridge's aliases is. */
export async function inspectAliasedRoom(matrix: MatrixRoomApi, alias: string): Promise<AliasedRoom> {
  const roomId = await matrix.resolveAlias(alias);
  try {
    return { roomId, marker: await matrix.getStateContent(roomId, LOTSE_ROOM_STATE_TYPE, "") };
  } catch (err) {
    // The bot is not (yet) a member of a room its own alias names: a half-made room.
    if (errcodeOf(err) === "M_FORBIDDEN") return { roomId, marker: undefined };
    throw err;
  }
}

/** Gives up a half-made room: its alias is removed and the bot leaves it (if it got in at all). */
export async function abandonHalfRoom(matrix: MatrixRoomApi, alias: string, roomId: string, log: Logger): Promise<void> {
  if (!matrix.deleteAlias) throw new Error(`alias ${alias} names a half-made room and this Matrix API cannot remove aliases`);
  await matrix.deleteAlias(alias);
  await matrix.leaveRoom(roomId, "unvollständig angelegt").catch(() => {});
  log.warn({ roomId }, "a half-made room (creation cut short by a crash) was abandoned; making it again");
}

/** Does the room's marker carry every key/value of `expected`? */
export function markerMatches(found: Record<string, unknown> | undefined, expected: Record<string, unknown>): boolean {
  return found !== undefined && Object.entries(expected).every(([k, v]) => found[k] === v);
}

/**
 * createRoom, or — if an earlier attempt made it (alias taken) — the room that carries `marker`.
 * A room behind the alias without the marker is waited for, then abandoned and made again (see
 * HALF_ROOM_ATTEMPTS); `attempts` is the job's attempt count, this one included.
 */
export async function createOrAdopt(
  matrix: MatrixRoomApi,
  body: Parameters<MatrixRoomApi["createRoom"]>[0],
  alias: string,
  marker: Record<string, unknown>,
  log: Logger,
  attempts = 1,
): Promise<{ roomId: string; created: boolean }> {
  try {
    return { roomId: await matrix.createRoom(body), created: true };
  } catch (err) {
    if (errcodeOf(err) !== "M_ROOM_IN_USE") throw err;
  }
  const found = await inspectAliasedRoom(matrix, alias);
  if (markerMatches(found.marker, marker)) {
    log.info({ roomId: found.roomId }, "room existed already (earlier attempt); adopted");
    return { roomId: found.roomId, created: false };
  }
  if (found.marker !== undefined && found.marker["kind"] !== undefined) {
    // A complete room of ours with another marker: something outside the bridge interfered.
    throw new PermanentJobError(`alias ${alias} resolves to ${found.roomId}, which carries another room's marker`);
  }
  // Transient: the creation may still be running in Synapse; the retry looks again.
  if (attempts < HALF_ROOM_ATTEMPTS) throw new Error(`alias ${alias} resolves to ${found.roomId}, which lacks the expected marker (yet)`);
  await abandonHalfRoom(matrix, alias, found.roomId, log);
  return { roomId: await matrix.createRoom(body), created: true };
}
