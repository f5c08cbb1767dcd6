// The encrypted chat as the rest of the app sees it: plain types and one lazy loader. The engine
// itself (matrix-js-sdk with its Rust crypto in WebAssembly) lives in src/matrix/ and is loaded
// with a dynamic import() only after sign-in, so the landing and registration pages never
// download it. Nothing in these types names the protocol underneath: a conversation is keyed by
// the case, a message has a text, a side and a delivery state.

import type { AttachmentInfo, AttachmentRoomKind, AttachmentType } from "./attachments.ts";
import type { CallController } from "./call.ts";

export type DeliveryState = "sent" | "sending" | "failed";

export type ChatMessage = {
  /** Stable key for rendering (the event's id, or its local id while sending). */
  key: string;
  body: string;
  /** Written by the seeker (this account), or by the counseling side. */
  mine: boolean;
  /** Milliseconds since the epoch. */
  ts: number;
  delivery: DeliveryState;
  /** The text could not be unlocked (yet); shown as a placeholder. */
  locked: boolean;
  /** The writer's chosen name (pseudonym) when they set one; never an account id. */
  senderName?: string;
  /** Mine, and someone on the other side has read up to it (their read receipt). */
  readByOthers?: boolean;
  /** A photo or document (encrypted; `body` is then its name). Opened with `openAttachment`. */
  attachment?: AttachmentInfo;
  /** In a forum: the key of the thread's first post this message answers (absent: it starts a thread or is no thread's). */
  threadRoot?: string;
};

/** Why a file could not be sent after it passed the app's checks. */
export class AttachmentSendError extends Error {
  readonly reason: "size" | "quota" | "unreadable" | "failed";
  constructor(reason: AttachmentSendError["reason"]) {
    super(`attachment not sent: ${reason}`);
    this.name = "AttachmentSendError";
    this.reason = reason;
  }
}

export type Conversation = {
  /** "connecting": joining and loading; "ready": messages below are complete enough to show. */
  phase: "connecting" | "ready" | "failed";
  messages: ChatMessage[];
  /** Key of the first message the seeker has not seen yet, if any. */
  firstUnreadKey: string | null;
  /** Someone on the other side is typing right now (their typing notification). */
  othersTyping: boolean;
};

export type EngineState = {
  phase: "starting" | "ready" | "failed";
  /** Set when older messages could not be unlocked on this browser (recovery failed). */
  historyLocked: boolean;
};

export interface ChatEngine {
  readonly state: EngineState;
  /** Calls from the counselor (domain/call.ts); absent where the browser cannot make calls. */
  readonly calls?: CallController;
  subscribe(listener: () => void): () => void;
  /**
   * Joins the conversation if needed and keeps `conversation(id)` up to date. Conversations are
   * encrypted; only a group the platform lists as unencrypted is opened with `encrypted: false`.
   */
  open(conversationId: string, opts?: { encrypted?: boolean }): Promise<void>;
  conversation(conversationId: string): Conversation;
  /** Sends a text; `threadRoot`: as an answer in that thread (forums). */
  send(conversationId: string, text: string, opts?: { threadRoot?: string }): Promise<void>;
  retry(conversationId: string, key: string): Promise<void>;
  /**
   * Sends a file the app has checked (domain/attachments.ts): photos are re-encoded first (no
   * EXIF or other metadata), then encrypted in the browser and uploaded as ciphertext; the key
   * travels only inside the encrypted message. Throws AttachmentSendError.
   */
  sendAttachment(conversationId: string, file: Blob, type: AttachmentType, opts: { name: string; maxBytes: number; kind: AttachmentRoomKind }): Promise<void>;
  /** Downloads and decrypts a message's attachment (integrity checked). */
  openAttachment(conversationId: string, messageKey: string): Promise<Blob>;
  /** The seeker has seen everything in this conversation. */
  markRead(conversationId: string): void;
  /**
   * The seeker is (or stopped) typing: a typing notification the other side's client shows
   * (standard Matrix typing, as in Element). Case conversations only; groups never send it.
   */
  typing(conversationId: string, typing: boolean): void;
  /** Number of unseen messages from the counseling side. */
  unreadCount(conversationId: string): number;
  /**
   * Unlocks the saved history with the password typed again (after the engine started without it
   * on a fresh chat session): "wrong_password" when it does not open the protected history.
   */
  unlockHistory(password: string): Promise<"ok" | "wrong_password">;
  /** Re-protects the saved history with a key derived from the new password. */
  changePassword(newPassword: string): Promise<void>;
  /** Stops syncing; `wipe` also ends this browser's access and deletes every local key and store. */
  stop(opts: { wipe: boolean }): Promise<void>;
}

/** What the engine needs to start; `password` only right after sign-in (to set up or unlock history). */
export type EngineStartOptions = {
  apiToken: string;
  /** Opens a new chat session (POST /v1/matrix/session). */
  openSession: () => Promise<ChatSession>;
  password: string | null;
  /** True right after registration: set up the history protection instead of restoring it. */
  newAccount: boolean;
  /** A live chat's temporary account: no password, nothing to restore (a password later sets up the protection). */
  temporary?: boolean;
  /** Used to key the stored session: one per account in this browser. */
  accountKey: string;
  /** A case's status changed in its conversation (a counselor took or closed it): reload the cases. */
  onCaseStatusChanged?: () => void;
};

export type ChatSession = {
  homeserverUrl: string;
  userId: string;
  accessToken: string;
  deviceId: string;
  /**
   * Calls send media only through the platform's TURN relay, never directly (platform policy
   * `calls.seekerRelayOnly`, on unless the API says otherwise): the counselor's client never sees
   * the seeker's IP address.
   */
  relayOnly?: boolean;
};

/** Loads the engine module on demand (a separate chunk) and starts it. */
export async function loadChatEngine(options: EngineStartOptions): Promise<ChatEngine> {
  const module = await import("../matrix/engine.ts");
  return module.startChatEngine(options);
}

/** Deletes whatever the engine left in this browser, without loading it when nothing is there. */
export async function wipeChatData(): Promise<void> {
  const module = await import("../matrix/engine.ts");
  await module.wipeLocalChatData();
}
