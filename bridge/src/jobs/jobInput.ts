// What every job handler needs: typed payload fields (a bad payload is a permanent failure — it
// would fail again) and the Matrix error code of a failed call.
import { LOTSE_ROOM_STATE_TYPE } from "@lotse/policies";
import type { Logger } from "pino";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { PermanentJobError } from "./jobErrors.ts";
import type { JobInput } from "./jobTypes.ts";

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function field(job: JobInput, name: string): unknown {
  return typeof job.payload === "object" && job.payload !== null ? (job.payload as Record<string, unknown>)[name] : undefined;
}

export function uuidField(job: JobInput, name: string): string {
  const v = field(job, name);
  if (typeof v !== "string" || !uuidRe.test(v)) throw new PermanentJobError(`payload.${name} is missing or not a uuid`);
  return v;
}

export function stringField(job: JobInput, name: string): string {
  const v = field(job, name);
  if (typeof v !== "string" || v.length === 0) throw new PermanentJobError(`payload.${name} is missing`);
  return v;
}

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
