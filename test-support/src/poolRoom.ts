// The common start of the bridge tests that work in an agency's pool room: a new agency with one
// counselor, the bridge started (its start-up sweep makes the pool room and invites the pool), the
// counselor signed in with a plain HTTP session and in the pool room. Plus the plain Matrix request
// those tests make with such a session (or with the appservice token, as a user of its namespace).
import { agencies, type LotseDb } from "@lotse/store";
import type { TestStackInfo } from "@lotse/scripts";
import { eq } from "drizzle-orm";
import { BridgeProcess, bridgeEnv } from "./bridgeProcess.ts";
import { createEmptyAgency, createStaff, type Staff } from "./fixtures.ts";
import { type MatrixSession, passwordLogin } from "./matrixClient.ts";
import { waitFor } from "./wait.ts";

export type MatrixAnswer = { status: number; json: any };

/** One client-server API request; `asUser`: masquerade as a user of the appservice's namespace (with the AS token). */
export async function matrixRequest(homeserverUrl: string, token: string, method: string, path: string, body?: unknown, asUser?: string): Promise<MatrixAnswer> {
  const q = asUser ? `${path.includes("?") ? "&" : "?"}user_id=${encodeURIComponent(asUser)}` : "";
  const res = await fetch(`${homeserverUrl}${path}${q}`, {
    method,
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

/** The agency's pool room, once the bridge has made it. */
export async function waitForPoolRoom(db: LotseDb, agencyId: string): Promise<string> {
  return waitFor("pool room", async () => (await db.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, agencyId)))[0]?.poolRoomId ?? undefined);
}

export type PoolSetup = { agencyId: string; counselor: Staff; bridge: BridgeProcess; poolRoomId: string; session: MatrixSession };

/** A new agency, one counselor, the bridge running, the counselor signed in and joined to the pool room. */
export async function startWithPoolCounselor(db: LotseDb, stack: TestStackInfo, displayName: string, env: Record<string, string> = {}): Promise<PoolSetup> {
  const agencyId = await createEmptyAgency(db);
  const counselor = await createStaff(db, stack, agencyId, "counselor", displayName);
  const bridge = await BridgeProcess.start(bridgeEnv(stack, env));
  const poolRoomId = await waitForPoolRoom(db, agencyId);
  const session = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);
  await waitFor(
    "the counselor in the pool room",
    async () => (await matrixRequest(stack.homeserverUrl, session.accessToken, "POST", `/_matrix/client/v3/join/${encodeURIComponent(poolRoomId)}`, {})).status === 200,
  );
  return { agencyId, counselor, bridge, poolRoomId, session };
}

/**
 * Types a bot command in a room (pool room or command chat) as the session's user and returns the
 * plain body of the bot's reply to it (the reply names the command's event).
 */
export async function botCommand(session: MatrixSession, roomId: string, botUserId: string, text: string, timeoutMs = 60_000): Promise<string> {
  const room = encodeURIComponent(roomId);
  const txn = `cmd${Date.now()}${Math.random().toString(36).slice(2)}`;
  const sent = await matrixRequest(session.homeserverUrl, session.accessToken, "PUT", `/_matrix/client/v3/rooms/${room}/send/m.room.message/${txn}`, { msgtype: "m.text", body: text });
  if (sent.status !== 200) throw new Error(`sending ${text} answered ${sent.status}`);
  const eventId = sent.json.event_id as string;
  type Ev = { sender: string; content: { body?: string; "m.relates_to"?: { "m.in_reply_to"?: { event_id?: string } } } };
  return waitFor(
    `the reply to ${text}`,
    async () => {
      const page = await matrixRequest(session.homeserverUrl, session.accessToken, "GET", `/_matrix/client/v3/rooms/${room}/messages?dir=b&limit=50`);
      return (page.json.chunk as Ev[]).find((e) => e.sender === botUserId && e.content["m.relates_to"]?.["m.in_reply_to"]?.event_id === eventId)?.content.body;
    },
    timeoutMs,
  );
}
