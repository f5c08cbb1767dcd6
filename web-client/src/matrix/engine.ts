// The encrypted chat engine: matrix-js-sdk with its Rust crypto (WebAssembly), IndexedDB stores.
// Loaded only after sign-in (see domain/chat.ts). Everything protocol-specific stays in this
// folder; what leaves it are the plain types of domain/chat.ts.
//
// History on a new browser: at registration the engine sets up secret storage with a key derived
// on this device from the seeker's password (PBKDF2-SHA-512 over the password and the account's
// own chat user id as salt) and a server-side key backup whose key is kept in that secret
// storage. On a browser without local keys, the same derivation unlocks the secret storage, loads
// the backup key and restores every message key. A password change stores the backup key again
// under a key derived from the new password, replacing the old one.
import {
  ClientEvent,
  createClient,
  EventStatus,
  EventType,
  IndexedDBStore,
  KnownMembership,
  MatrixEventEvent,
  MsgType,
  RoomEvent,
  RoomMemberEvent,
  RoomStateEvent,
  SyncState,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from "matrix-js-sdk";
import type { SecretStorageKeyDescription } from "matrix-js-sdk/lib/secret-storage.js";
import { AttachmentSendError } from "../domain/chat.ts";
import type { AttachmentRoomKind, AttachmentType } from "../domain/attachments.ts";
import type {
  ChatEngine,
  ChatMessage,
  ChatSession,
  Conversation,
  EngineStartOptions,
  EngineState,
} from "../domain/chat.ts";
import { hasLeft } from "../domain/quickExit.ts";
import { attachmentOf, decryptFile, encryptFile, prepareFile, safeMimeType } from "./attachments.ts";
import { MatrixCalls } from "./calls.ts";
import { CASE_STATUS } from "./callPolicy.ts";
import { deriveHistoryKey } from "./historyKey.ts";
import { quietLogger, silenceSdkGlobalLogger } from "./quietLogger.ts";

// Before anything of the SDK logs: no identifiers in the seeker's browser console.
silenceSdkGlobalLogger();

const SYNC_DB_NAME = "lotse-sync";
const CRYPTO_DB_PREFIX = "lotse-crypto";
const SESSION_KEY_PREFIX = "lotse.chat.";
const JOIN_TIMEOUT_MS = 90_000;
const HISTORY_PAGE = 100;
const HISTORY_MAX_PAGES = 10;

export async function startChatEngine(options: EngineStartOptions): Promise<ChatEngine> {
  const session = await reusableSession(options);
  const engine = new MatrixChatEngine(session, options);
  await engine.start();
  return engine;
}

/** Deletes every store this engine may have left in the browser (after sign-out elsewhere). */
export async function wipeLocalChatData(): Promise<void> {
  forgetStoredSessions();
  await deleteDatabases();
}

/** A chat session plus the random key that encrypts its crypto store in IndexedDB. */
type StoredSession = ChatSession & { storeKey: string };

/**
 * The chat session lives where the API token lives: in this tab's sessionStorage (it survives a
 * reload, not the tab). With it is a random key that encrypts the crypto store on disk, so once
 * the tab is closed neither the chat token nor the message keys left in IndexedDB can be used by
 * the next person at this computer; the next start finds no session and deletes those stores.
 * A session opened earlier in this tab for the same account is reused (same keys, no new device
 * on every reload); otherwise, or when the homeserver no longer accepts it, a new one is opened.
 */
async function reusableSession(options: EngineStartOptions): Promise<{ session: StoredSession; reused: boolean }> {
  const storageKey = SESSION_KEY_PREFIX + options.accountKey;
  const stored = readStoredSession(storageKey);
  if (stored !== null && (await sessionStillValid(stored))) return { session: stored, reused: true };
  // A different account (or a dead session, or a closed tab) may have left stores behind: start clean.
  forgetStoredSessions();
  await deleteDatabases();
  const opened = await options.openSession();
  const session: StoredSession = {
    homeserverUrl: opened.homeserverUrl,
    userId: opened.userId,
    accessToken: opened.accessToken,
    deviceId: opened.deviceId,
    relayOnly: opened.relayOnly !== false,
    storeKey: toBase64(crypto.getRandomValues(new Uint8Array(32))),
  };
  try {
    if (!hasLeft()) sessionStorage.setItem(storageKey, JSON.stringify(session));
  } catch {
    // Without storage the session lasts for this page view only.
  }
  return { session, reused: false };
}

function readStoredSession(key: string): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (raw === null) return null;
    const v = JSON.parse(raw) as Partial<StoredSession>;
    if (
      typeof v.homeserverUrl === "string" &&
      typeof v.userId === "string" &&
      typeof v.accessToken === "string" &&
      typeof v.deviceId === "string" &&
      typeof v.storeKey === "string" &&
      fromBase64(v.storeKey).length === 32 &&
      (v.relayOnly === undefined || typeof v.relayOnly === "boolean")
    ) {
      return v as StoredSession;
    }
  } catch {
    // unreadable: treated as absent
  }
  return null;
}

function toBase64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

async function sessionStillValid(session: ChatSession): Promise<boolean> {
  try {
    const res = await fetch(`${session.homeserverUrl.replace(/\/+$/u, "")}/_matrix/client/v3/account/whoami`, {
      headers: { authorization: `Bearer ${session.accessToken}` },
      credentials: "omit",
    });
    if (!res.ok) return false;
    const body = (await res.json()) as { user_id?: string; device_id?: string };
    return body.user_id === session.userId && body.device_id === session.deviceId;
  } catch {
    // Offline: keep using it; the sync loop will retry.
    return true;
  }
}

function forgetStoredSessions(): void {
  try {
    // localStorage too: earlier versions kept the chat session there.
    for (const storage of [sessionStorage, localStorage]) {
      for (let i = storage.length - 1; i >= 0; i--) {
        const key = storage.key(i);
        if (key !== null && key.startsWith(SESSION_KEY_PREFIX)) storage.removeItem(key);
      }
    }
  } catch {
    // nothing stored
  }
}

async function deleteDatabases(): Promise<void> {
  const names = [
    `matrix-js-sdk:${SYNC_DB_NAME}`,
    `${CRYPTO_DB_PREFIX}::matrix-sdk-crypto`,
    `${CRYPTO_DB_PREFIX}::matrix-sdk-crypto-meta`,
  ];
  await Promise.all(
    names.map(
      (name) =>
        new Promise<void>((resolve) => {
          try {
            const req = indexedDB.deleteDatabase(name);
            req.onsuccess = req.onerror = req.onblocked = () => resolve();
          } catch {
            resolve();
          }
        }),
    ),
  );
}

type ConversationEntry = { phase: Conversation["phase"]; roomId: string; encrypted: boolean };

class MatrixChatEngine implements ChatEngine {
  #state: EngineState = { phase: "starting", historyLocked: false };
  readonly #listeners = new Set<() => void>();
  readonly #session: StoredSession;
  readonly #reused: boolean;
  readonly #options: EngineStartOptions;
  readonly #client: MatrixClient;
  readonly #conversations = new Map<string, ConversationEntry>();
  readonly #cache = new Map<string, Conversation>();
  #historyKey: Uint8Array<ArrayBuffer> | null = null;
  #emitQueued = false;
  /** Incoming calls (matrix/calls.ts); listening from before the first sync, so no invite is missed. */
  #calls: MatrixCalls | undefined;

  constructor(opened: { session: StoredSession; reused: boolean }, options: EngineStartOptions) {
    this.#session = opened.session;
    this.#reused = opened.reused;
    this.#options = options;
    const store = new IndexedDBStore({ indexedDB: globalThis.indexedDB, dbName: SYNC_DB_NAME, localStorage: globalThis.localStorage });
    this.#client = createClient({
      baseUrl: this.#session.homeserverUrl,
      userId: this.#session.userId,
      accessToken: this.#session.accessToken,
      deviceId: this.#session.deviceId,
      store,
      logger: quietLogger,
      // A request that never returns (a connection lost without a reset, a stalled proxy) fails
      // after a minute: without a timeout it would leave its message "wird gesendet" forever — and
      // every message written after it too, since the SDK's scheduler sends messages one after
      // another in a single queue. Failed, it is shown as not sent, with a retry, and the queue
      // moves on. The SDK's own long requests keep their timeouts (the sync's long poll, the
      // crypto's requests at 60 s, uploads while they progress).
      localTimeoutMs: 60_000,
      // Calls relay media through the platform's TURN server only (policy calls.seekerRelayOnly):
      // the seeker's browser offers no host or server-reflexive address, so the counselor's client
      // never learns the seeker's IP address. A session stored before the flag existed: relay too.
      forceTURN: this.#session.relayOnly !== false,
      timelineSupport: true,
      cryptoCallbacks: {
        getSecretStorageKey: async ({ keys }) => {
          const key = this.#historyKey;
          if (key === null) return null;
          for (const [keyId, info] of Object.entries(keys) as [string, SecretStorageKeyDescription][]) {
            if (await this.#client.secretStorage.checkKey(key, info)) return [keyId, key];
          }
          return null;
        },
      },
    });
  }

  get state(): EngineState {
    return this.#state;
  }

  get calls(): MatrixCalls | undefined {
    return this.#calls;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async start(): Promise<void> {
    const client = this.#client;
    await (client.store as IndexedDBStore).startup();
    await client.initRustCrypto({ cryptoDatabasePrefix: CRYPTO_DB_PREFIX, storageKey: fromBase64(this.#session.storeKey) });
    const emit = () => this.#emit();
    client.on(RoomEvent.Timeline, emit);
    client.on(RoomEvent.LocalEchoUpdated, emit);
    client.on(RoomEvent.Receipt, emit);
    client.on(RoomMemberEvent.Typing, emit);
    client.on(RoomEvent.MyMembership, emit);
    client.on(MatrixEventEvent.Decrypted, emit);
    client.on(RoomEvent.LocalEchoUpdated, this.#onLocalEcho);
    // The bot's case status (taken, closed): the case list and the chat header follow at once.
    client.on(RoomStateEvent.Events, (event) => {
      if (event.getType() === CASE_STATUS && this.#state.phase === "ready") this.#options.onCaseStatusChanged?.();
    });
    if (client.supportsVoip()) {
      this.#calls = new MatrixCalls(client, { send: (id, text) => this.send(id, text), flushUnsent: (id) => this.#flushUnsent(id) });
    }
    const prepared = new Promise<void>((resolve, reject) => {
      const onSync = (state: SyncState) => {
        if (state === SyncState.Prepared || state === SyncState.Syncing) {
          client.off(ClientEvent.Sync, onSync);
          resolve();
        } else if (state === SyncState.Error && client.getSyncStateData()?.error?.name === "M_UNKNOWN_TOKEN") {
          reject(new Error("chat session rejected"));
        }
      };
      client.on(ClientEvent.Sync, onSync);
    });
    await client.startClient({ initialSyncLimit: 30, lazyLoadMembers: true, pendingEventOrdering: "detached" as never });
    await prepared;
    try {
      if (this.#options.password !== null) {
        this.#historyKey = await deriveHistoryKey(this.#options.password, this.#session.userId);
        await this.#setUpOrRestoreHistory();
      } else if (!this.#reused && this.#options.temporary !== true) {
        this.#state = { ...this.#state, historyLocked: true };
      }
    } catch {
      // The chat works without the history of other browsers; say so instead of failing.
      this.#state = { ...this.#state, historyLocked: true };
    } finally {
      this.#historyKey = null;
    }
    this.#state = { ...this.#state, phase: "ready" };
    this.#emit();
  }

  async #setUpOrRestoreHistory(): Promise<void> {
    const crypto = this.#client.getCrypto();
    if (crypto === undefined) throw new Error("no crypto");
    const hasStorage = (await this.#client.secretStorage.getDefaultKeyId()) !== null;
    if (!hasStorage) {
      await this.#protectHistory(true);
      return;
    }
    if (this.#reused && (await crypto.getSessionBackupPrivateKey()) !== null) {
      await crypto.checkKeyBackupAndEnable();
      return;
    }
    await crypto.loadSessionBackupPrivateKeyFromSecretStorage();
    await crypto.checkKeyBackupAndEnable();
    await crypto.restoreKeyBackup();
  }

  /** Stores the backup key in secret storage under a key derived from the current password. */
  async #protectHistory(newBackup: boolean): Promise<void> {
    const crypto = this.#client.getCrypto();
    const key = this.#historyKey;
    if (crypto === undefined || key === null) throw new Error("not ready");
    await crypto.bootstrapSecretStorage({
      setupNewSecretStorage: true,
      setupNewKeyBackup: newBackup,
      createSecretStorageKey: async () => ({ keyInfo: { name: "lotse" }, privateKey: key }),
    });
  }

  async unlockHistory(password: string): Promise<"ok" | "wrong_password"> {
    const secretStorage = this.#client.secretStorage;
    const key = await deriveHistoryKey(password, this.#session.userId);
    const keyId = await secretStorage.getDefaultKeyId();
    if (keyId !== null) {
      const info = await secretStorage.getKey(keyId);
      if (info === null || info === undefined || !(await secretStorage.checkKey(key, info[1]))) return "wrong_password";
    }
    this.#historyKey = key;
    try {
      await this.#setUpOrRestoreHistory();
    } finally {
      this.#historyKey = null;
    }
    await this.#retryLockedMessages();
    this.#state = { ...this.#state, historyLocked: false };
    this.#emit();
    return "ok";
  }

  /** Tries again to decrypt what could not be decrypted before the keys came back. */
  async #retryLockedMessages(): Promise<void> {
    const crypto = this.#client.getCrypto();
    if (crypto === undefined) return;
    const failed = [...this.#conversations.keys()]
      .flatMap((id) => this.#client.getRoom(id)?.getLiveTimeline().getEvents() ?? [])
      .filter((ev) => ev.isDecryptionFailure());
    await Promise.all(
      failed.map((ev) => ev.attemptDecryption(crypto as unknown as Parameters<MatrixEvent["attemptDecryption"]>[0], { isRetry: true }).catch(() => undefined)),
    );
  }

  async changePassword(newPassword: string): Promise<void> {
    const crypto = this.#client.getCrypto();
    if (crypto === undefined) throw new Error("no crypto");
    this.#historyKey = await deriveHistoryKey(newPassword, this.#session.userId);
    try {
      const hasBackupKey = (await crypto.getSessionBackupPrivateKey()) !== null;
      await this.#protectHistory(!hasBackupKey);
    } finally {
      this.#historyKey = null;
    }
  }

  async open(conversationId: string, opts: { encrypted?: boolean } = {}): Promise<void> {
    const existing = this.#conversations.get(conversationId);
    if (existing !== undefined && existing.phase !== "failed") return;
    const encrypted = opts.encrypted ?? true;
    const entry: ConversationEntry = { phase: "connecting", roomId: conversationId, encrypted };
    this.#conversations.set(conversationId, entry);
    this.#emit();
    try {
      const room = await this.#joined(conversationId, encrypted);
      await this.#loadHistory(room);
      entry.phase = "ready";
    } catch {
      entry.phase = "failed";
    }
    this.#emit();
  }

  async #joined(roomId: string, encrypted: boolean): Promise<Room> {
    const client = this.#client;
    const deadline = Date.now() + JOIN_TIMEOUT_MS;
    for (;;) {
      const room = client.getRoom(roomId);
      if (room?.getMyMembership() === KnownMembership.Join && (room.hasEncryptionStateEvent() || !encrypted)) return room;
      if (room?.getMyMembership() !== KnownMembership.Join) {
        try {
          await client.joinRoom(roomId);
        } catch {
          // Not invited yet (the conversation is still being prepared): try again shortly.
        }
      }
      if (Date.now() > deadline) throw new Error("join timed out");
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  async #loadHistory(room: Room): Promise<void> {
    const timeline = room.getLiveTimeline();
    for (let page = 0; page < HISTORY_MAX_PAGES; page++) {
      const more = await this.#client.paginateEventTimeline(timeline, { backwards: true, limit: HISTORY_PAGE });
      if (!more) break;
    }
    await Promise.all(
      timeline.getEvents().map((ev) => (ev.isEncrypted() ? this.#client.decryptEventIfNeeded(ev) : undefined)),
    );
    // Keys saved by another browser after this one restored: fetch them once more.
    const crypto = this.#client.getCrypto();
    if (crypto !== undefined && timeline.getEvents().some((ev) => ev.isDecryptionFailure())) {
      if ((await crypto.getSessionBackupPrivateKey()) !== null) await crypto.restoreKeyBackup().catch(() => undefined);
    }
  }

  conversation(conversationId: string): Conversation {
    const cached = this.#cache.get(conversationId);
    if (cached !== undefined) return cached;
    const entry = this.#conversations.get(conversationId);
    const room = this.#client.getRoom(conversationId);
    const me = this.#session.userId;
    const messages: ChatMessage[] = [];
    let firstUnreadKey: string | null = null;
    if (room !== null && entry !== undefined) {
      const events = [...room.getLiveTimeline().getEvents(), ...room.getPendingEvents()];
      const seen = new Set<string>();
      for (const ev of events) {
        const message = toMessage(ev, me, room);
        if (message === null || seen.has(message.key)) continue;
        seen.add(message.key);
        messages.push(message);
        const id = ev.getId();
        if (firstUnreadKey === null && !message.mine && id !== undefined && !room.hasUserReadEvent(me, id)) {
          firstUnreadKey = message.key;
        }
      }
    }
    // Read state: my messages up to the newest event someone else has read (their read receipt
    // may point at a later event, e.g. their own answer, as Element sends it).
    if (room !== null) {
      const timeline = room.getLiveTimeline().getEvents();
      const position = new Map(timeline.map((e, i) => [e.getId(), i] as const));
      let readTo = -1;
      for (const member of room.getJoinedMembers()) {
        if (member.userId === me) continue;
        const upTo = room.getEventReadUpTo(member.userId);
        const i = upTo === null ? undefined : position.get(upTo);
        if (i !== undefined && i > readTo) readTo = i;
      }
      const read = new Set(timeline.slice(0, readTo + 1).filter((e) => e.getSender() === me).map((e) => e.getId()));
      for (const m of messages) if (m.mine && read.has(m.key)) m.readByOthers = true;
    }
    const othersTyping = room !== null && room.getMembers().some((m) => m.typing && m.userId !== me);
    const conversation: Conversation = { phase: entry?.phase ?? "connecting", messages, firstUnreadKey, othersTyping };
    this.#cache.set(conversationId, conversation);
    return conversation;
  }

  unreadCount(conversationId: string): number {
    const c = this.conversation(conversationId);
    if (c.firstUnreadKey === null) return 0;
    const index = c.messages.findIndex((m) => m.key === c.firstUnreadKey);
    return c.messages.slice(index).filter((m) => !m.mine).length;
  }

  /**
   * A refused event (the homeserver said no: the seeker was muted) stays in the room's pending list
   * as NOT_SENT, and matrix-js-sdk then holds every later event of the room unsent behind it
   * ("messages in the same state") — after an unmute the next message and the next call's answer
   * would fail as well. Call signalling that did not get through is of no use later: it is
   * discarded at once. Messages the seeker wrote are kept (shown as not sent, with a retry).
   */
  readonly #onLocalEcho = (event: MatrixEvent, room: Room): void => {
    // On the next task: the SDK's call code cancels a refused answer itself right after this
    // notification (a second cancel would throw inside its error handling and swallow the error).
    if (event.status === EventStatus.NOT_SENT) setTimeout(() => this.#discardUnsentCallEvents(room), 0);
  };

  #discardUnsentCallEvents(room: Room): void {
    for (const ev of room.getPendingEvents()) {
      if (ev.status === EventStatus.NOT_SENT && ev.getType().startsWith("m.call.")) {
        try {
          this.#client.cancelPendingEvent(ev);
        } catch {
          // already gone
        }
      }
    }
  }

  /**
   * Before something new goes out: unsent call signalling is dropped, the seeker's unsent messages
   * are sent again in their order (they go first, as written). False while one is still refused —
   * whatever comes next would be held behind it.
   */
  async #flushUnsent(conversationId: string): Promise<boolean> {
    const room = this.#client.getRoom(conversationId);
    if (room === null) return true;
    this.#discardUnsentCallEvents(room);
    for (const ev of room.getPendingEvents()) {
      if (ev.status !== EventStatus.NOT_SENT) continue;
      try {
        await this.#client.resendEvent(ev, room);
      } catch {
        this.#discardUnsentCallEvents(room);
        this.#emit();
        return false;
      }
    }
    return true;
  }

  async send(conversationId: string, text: string, opts: { threadRoot?: string } = {}): Promise<void> {
    const room = this.#client.getRoom(conversationId);
    // Never send into a conversation whose encryption is not confirmed (unless opened as unencrypted).
    const entry = this.#conversations.get(conversationId);
    if (room === null || entry === undefined || (entry.encrypted && !room.hasEncryptionStateEvent())) throw new Error("not ready");
    await this.#flushUnsent(conversationId);
    try {
      const root = opts.threadRoot;
      // A forum thread's answer: the m.thread relation, with the fallback reply older clients show.
      const content =
        root === undefined
          ? { msgtype: MsgType.Text, body: text }
          : { msgtype: MsgType.Text, body: text, "m.relates_to": { rel_type: "m.thread", event_id: root, is_falling_back: true, "m.in_reply_to": { event_id: root } } };
      await this.#client.sendMessage(conversationId, content as never);
    } catch {
      // The event stays pending with NOT_SENT; the view offers a retry.
      this.#emit();
    }
  }

  async sendAttachment(
    conversationId: string,
    file: Blob,
    type: AttachmentType,
    opts: { name: string; maxBytes: number; kind: AttachmentRoomKind },
  ): Promise<void> {
    const room = this.#client.getRoom(conversationId);
    const entry = this.#conversations.get(conversationId);
    // Only into encrypted conversations: in an unencrypted room the file's key would be readable
    // by the homeserver.
    if (room === null || entry === undefined || !entry.encrypted || !room.hasEncryptionStateEvent()) throw new AttachmentSendError("failed");
    let prepared: Awaited<ReturnType<typeof prepareFile>>;
    try {
      prepared = await prepareFile(file, type);
    } catch {
      throw new AttachmentSendError("unreadable");
    }
    if (prepared.bytes.byteLength > opts.maxBytes) throw new AttachmentSendError("size");
    const { ciphertext, info } = await encryptFile(prepared.bytes);
    let url: string;
    try {
      // Ciphertext only, with no file name and a neutral type: the homeserver learns the size.
      const uploaded = await this.#client.uploadContent(new Blob([ciphertext], { type: "application/octet-stream" }), {
        type: "application/octet-stream",
        includeFilename: false,
      });
      url = uploaded.content_uri;
    } catch (err) {
      const e = err as { httpStatus?: number; errcode?: string };
      if (e.httpStatus === 413 || e.errcode === "M_TOO_LARGE") throw new AttachmentSendError("size");
      if (e.errcode === "M_USER_LIMIT_EXCEEDED" || e.errcode === "M_LIMIT_EXCEEDED") throw new AttachmentSendError("quota");
      throw new AttachmentSendError("failed");
    }
    const image = type !== "application/pdf";
    const content = {
      msgtype: image ? MsgType.Image : MsgType.File,
      body: opts.name,
      filename: opts.name,
      file: { ...info, url, mimetype: type },
      info: {
        mimetype: type,
        size: prepared.bytes.byteLength,
        ...(prepared.width !== undefined && prepared.height !== undefined ? { w: prepared.width, h: prepared.height } : {}),
      },
    };
    try {
      await this.#client.sendMessage(conversationId, content as never);
    } catch {
      // Pending with NOT_SENT like a text; the view offers a retry (the upload is not repeated).
      this.#emit();
    }
  }

  async openAttachment(conversationId: string, messageKey: string): Promise<Blob> {
    const room = this.#client.getRoom(conversationId);
    if (room === null) throw new Error("no conversation");
    const ev = [...room.getLiveTimeline().getEvents(), ...room.getPendingEvents()].find((e) => (e.getId() ?? e.getTxnId()) === messageKey);
    if (ev === undefined || ev.isDecryptionFailure()) throw new Error("no attachment");
    const content = ev.getContent() as Record<string, unknown>;
    const attachment = attachmentOf(content);
    const file = content["file"] as (Parameters<typeof decryptFile>[1] & { url?: string }) | undefined;
    const url = file?.url ?? (content["url"] as string | undefined);
    if (attachment === undefined || url === undefined) throw new Error("no attachment");
    // Authenticated media (the homeserver answers new media only with the token in the header).
    const http = this.#client.mxcUrlToHttp(url, undefined, undefined, undefined, false, true, true);
    if (http === null) throw new Error("bad media url");
    const res = await fetch(http, { headers: { authorization: `Bearer ${this.#session.accessToken}` }, credentials: "omit" });
    if (!res.ok) throw new Error(`media ${res.status}`);
    const bytes = await res.arrayBuffer();
    // Encrypted (`file`): decrypted here, the ciphertext's SHA-256 checked first. Unencrypted
    // (`url`, only in a room without encryption): as it came.
    const plain = file?.url !== undefined ? await decryptFile(bytes, file) : bytes;
    return new Blob([plain], { type: safeMimeType(attachment.mimeType) });
  }

  async retry(conversationId: string, key: string): Promise<void> {
    const room = this.#client.getRoom(conversationId);
    const ev = room?.getPendingEvents().find((e) => (e.getId() ?? e.getTxnId()) === key);
    if (room === null || ev === undefined) return;
    try {
      await this.#client.resendEvent(ev, room);
    } catch {
      this.#emit();
    }
  }

  markRead(conversationId: string): void {
    const room = this.#client.getRoom(conversationId);
    if (room === null) return;
    const events = room.getLiveTimeline().getEvents();
    const last = [...events].reverse().find((e) => e.getId()?.startsWith("$") && e.getSender() !== this.#session.userId);
    if (last === undefined || room.hasUserReadEvent(this.#session.userId, last.getId()!)) return;
    void this.#client.sendReadReceipt(last).catch(() => {});
  }

  typing(conversationId: string, typing: boolean): void {
    const entry = this.#conversations.get(conversationId);
    if (entry === undefined || this.#client.getRoom(conversationId) === null) return;
    // Lasts 6 s unless renewed; the composer renews it while the seeker keeps typing.
    void this.#client.sendTyping(conversationId, typing, 6_000).catch(() => {});
  }

  async stop({ wipe }: { wipe: boolean }): Promise<void> {
    const client = this.#client;
    this.#calls?.stop();
    client.stopClient();
    if (wipe) {
      await client.logout(true).catch(() => {});
      await client.clearStores({ cryptoDatabasePrefix: CRYPTO_DB_PREFIX }).catch(() => {});
      await wipeLocalChatData();
    }
  }

  #emit(): void {
    this.#cache.clear();
    if (this.#emitQueued) return;
    this.#emitQueued = true;
    queueMicrotask(() => {
      this.#emitQueued = false;
      for (const listener of this.#listeners) listener();
    });
  }
}

/** A member's display name (their pseudonym); nothing when only the account id is known. */
function pseudonymOf(room: Room, userId: string | undefined): string | undefined {
  if (userId === undefined) return undefined;
  const name = room.getMember(userId)?.rawDisplayName?.trim();
  if (name === undefined || name === "" || name === userId || name.startsWith("@") || name.includes(":")) return undefined;
  return name;
}

function toMessage(ev: MatrixEvent, me: string, room: Room): ChatMessage | null {
  const type = ev.getType();
  const locked = ev.isDecryptionFailure() || type === EventType.RoomMessageEncrypted;
  if (!locked && type !== EventType.RoomMessage) return null;
  if (ev.isRedacted()) return null;
  const body = locked ? "" : ev.getContent().body;
  if (!locked && typeof body !== "string") return null;
  const attachment = locked ? undefined : attachmentOf(ev.getContent());
  const status = ev.status;
  const delivery =
    status === null || status === EventStatus.SENT ? "sent" : status === EventStatus.NOT_SENT ? "failed" : "sending";
  return {
    key: ev.getId() ?? ev.getTxnId() ?? `${ev.getTs()}`,
    body: body ?? "",
    mine: ev.getSender() === me,
    ts: ev.getTs(),
    delivery,
    locked,
    ...(attachment === undefined ? {} : { attachment }),
    ...(() => {
      const name = pseudonymOf(room, ev.getSender());
      return name === undefined ? {} : { senderName: name };
    })(),
    ...(() => {
      const rel = ev.getWireContent()["m.relates_to"] as { rel_type?: unknown; event_id?: unknown } | undefined;
      return rel?.rel_type === "m.thread" && typeof rel.event_id === "string" ? { threadRoot: rel.event_id } : {};
    })(),
  };
}
