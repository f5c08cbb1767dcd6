// Real Matrix clients for end-to-end tests: matrix-js-sdk with its Rust crypto (WASM), in-memory
// stores. Used to play the seeker's app and a counselor's Matrix client.
import * as sdk from "matrix-js-sdk";
import { logger as sdkGlobalLogger, type Logger } from "matrix-js-sdk/lib/logger.js";

export type MatrixSession = { homeserverUrl: string; userId: string; accessToken: string; deviceId: string };

// The SDK is chatty at debug level; tests only want its errors. Parts of the SDK log through its
// global loglevel logger rather than the client's, so quieten that one too.
(sdkGlobalLogger as unknown as { setLevel(level: string, persist?: boolean): void }).setLevel("error", false);
const quietLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (...msg: unknown[]) => console.error("[matrix-js-sdk]", ...msg),
  getChild: () => quietLogger,
};

export async function passwordLogin(homeserverUrl: string, userId: string, password: string): Promise<MatrixSession> {
  const res = await fetch(`${homeserverUrl}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password }),
  });
  if (!res.ok) throw new Error(`login ${userId}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { user_id: string; access_token: string; device_id: string };
  return { homeserverUrl, userId: body.user_id, accessToken: body.access_token, deviceId: body.device_id };
}

export async function startE2eeClient(session: MatrixSession): Promise<sdk.MatrixClient> {
  const client = sdk.createClient({
    baseUrl: session.homeserverUrl,
    userId: session.userId,
    accessToken: session.accessToken,
    deviceId: session.deviceId,
    logger: quietLogger,
  });
  await client.initRustCrypto({ useIndexedDB: false });
  const prepared = new Promise<void>((resolve, reject) => {
    const onSync = (state: sdk.SyncState) => {
      if (state === sdk.SyncState.Prepared || state === sdk.SyncState.Syncing) {
        client.off(sdk.ClientEvent.Sync, onSync);
        resolve();
      } else if (state === sdk.SyncState.Error) {
        reject(new Error(`sync failed for ${session.userId}`));
      }
    };
    client.on(sdk.ClientEvent.Sync, onSync);
  });
  await client.startClient({ initialSyncLimit: 20, lazyLoadMembers: false });
  await prepared;
  return client;
}

export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Joins a room the client is invited to. The waits (for the invitation, then for the joined room
 * with its encryption state in the client's sync) allow 90 s each: on a busy machine — three
 * homeservers in the federation test, other test stacks beside — a sync can take half a minute.
 */
export async function joinInvitedRoom(client: sdk.MatrixClient, roomId: string, timeoutMs = 90_000): Promise<sdk.Room> {
  await until(
    `invite to ${roomId} for ${client.getUserId()}`,
    () => (client.getRoom(roomId)?.getMyMembership() === sdk.KnownMembership.Invite ? true : undefined),
    timeoutMs,
  );
  // Across federation the invitee's server can show the invitation a moment before the room's
  // server answers a join with it ("not invited"): retry a few times before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      await client.joinRoom(roomId);
      break;
    } catch (err) {
      if (attempt >= 10 || (err as { errcode?: string }).errcode !== "M_FORBIDDEN") throw err;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  return until(
    `joined ${roomId}`,
    () => {
      const room = client.getRoom(roomId);
      return room && room.getMyMembership() === sdk.KnownMembership.Join && room.hasEncryptionStateEvent() ? room : undefined;
    },
    timeoutMs,
  );
}

/** Waits until a message whose decrypted body satisfies `match` shows up in the room's timeline. */
export async function waitForDecryptedText(
  client: sdk.MatrixClient,
  roomId: string,
  match: (body: string) => boolean,
  timeoutMs = 30_000,
): Promise<{ body: string; wasEncrypted: boolean; sender: string }> {
  let probes = 0;
  return until(
    `a decrypted message in ${roomId} for ${client.getUserId()}`,
    async () => {
      const room = client.getRoom(roomId);
      if (!room) return undefined;
      // Events from before a federated join are not in the joining server's timeline until the
      // client paginates back (the server then backfills them over federation).
      if (++probes % 10 === 0 && room.oldState.paginationToken !== null) await client.scrollback(room, 30).catch(() => {});
      for (const ev of room.getLiveTimeline().getEvents()) {
        if (ev.isEncrypted()) await client.decryptEventIfNeeded(ev);
        if (ev.getType() !== "m.room.message") continue;
        const body = ev.getContent().body;
        if (typeof body === "string" && match(body)) {
          return { body, wasEncrypted: ev.isEncrypted(), sender: ev.getSender() ?? "" };
        }
      }
      return undefined;
    },
    timeoutMs,
  );
}

/**
 * Calls `listener` for every message this client has decrypted (its `Event.decrypted`, as the web
 * app's engine listens to it): the clear body with room and sender. Failed decryptions are not
 * passed on — when the key arrives later the SDK decrypts the event again and it comes then.
 * Returns the unsubscribe function.
 */
export function onDecryptedMessage(
  client: sdk.MatrixClient,
  listener: (message: { roomId: string; sender: string; body: string; eventId: string }) => void,
): () => void {
  const handler = (ev: sdk.MatrixEvent) => {
    if (ev.isDecryptionFailure() || ev.getType() !== "m.room.message") return;
    const body = ev.getContent().body;
    if (typeof body !== "string") return;
    listener({ roomId: ev.getRoomId() ?? "", sender: ev.getSender() ?? "", body, eventId: ev.getId() ?? "" });
  };
  client.on(sdk.MatrixEventEvent.Decrypted, handler);
  return () => client.off(sdk.MatrixEventEvent.Decrypted, handler);
}

export async function stopClient(client: sdk.MatrixClient): Promise<void> {
  client.stopClient();
}
