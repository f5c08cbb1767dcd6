// What job handlers share: the Matrix error code of a failed call, and creating a room that an
// earlier attempt may already have made. (Payloads are typed and checked by the job catalogue.)
import { LOTSE_ROOM_STATE_TYPE } from "@lotse/policies";
import type { Logger } from "pino";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";

/** The Matrix `errcode` of a failed call, if it has one. */
export function errcodeOf(err: unknown): string | undefined {
  const code = typeof err === "object" && err !== null ? (err as { errcode?: unknown }).errcode : undefined;
  return typeof code === "string" ? code : undefined;
}

/** createRoom, or — if an earlier attempt made it (alias taken) — the room that carries `marker`. */
export async function createOrAdopt(
  matrix: MatrixRoomApi,
  body: Parameters<MatrixRoomApi["createRoom"]>[0],
  alias: string,
  marker: Record<string, unknown>,
  log: Logger,
): Promise<{ roomId: string; created: boolean }> {
  try {
    return { roomId: await matrix.createRoom(body), created: true };
  } catch (err) {
    if (errcodeOf(err) !== "M_ROOM_IN_USE") throw err;
  }
  const roomId = await matrix.resolveAlias(alias);
  const found = await matrix.getStateContent(roomId, LOTSE_ROOM_STATE_TYPE, "");
  for (const [k, v] of Object.entries(marker)) {
    // Transient: another worker may be creating that very room right now (the alias exists
    // before the initial state is readable); the retry finds it complete.
    if (found?.[k] !== v) throw new Error(`alias ${alias} resolves to ${roomId}, which lacks the expected marker (yet)`);
  }
  log.info({ roomId }, "room existed already (earlier attempt); adopted");
  return { roomId, created: false };
}
