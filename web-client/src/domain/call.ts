// Calls as the rest of the app sees them: plain types, no protocol. The counselor starts a call
// (from their own Matrix client); the seeker's app rings, and the seeker accepts with the camera,
// with sound only, or declines. The seeker never starts a call: in a case a counselor has taken,
// they can ask for one with a message (`requestCall`). The implementation lives in
// src/matrix/calls.ts and comes with the chat engine, so nothing of it loads before sign-in.

export type CallPhase =
  /** The counseling side is calling: accept or decline. */
  | "ringing"
  /** Accepted; camera/microphone are being opened or the connection is being made. */
  | "connecting"
  | "connected"
  | "ended";

/** Why a call could not go on, in terms the seeker can act on. */
export type CallProblem =
  /** The browser (or the seeker) did not allow the camera or the microphone. */
  | "media_denied"
  /** No microphone (or camera) found. */
  | "no_device"
  /** The two sides could not reach each other (network, firewall). */
  | "no_connection"
  /** Accepting did not get through (the answer could not be sent); the call is ended here. */
  | "answer_not_sent";

/** How a call ended. */
export type CallEnd = "you_hung_up" | "they_hung_up" | "you_declined" | "missed" | "answered_elsewhere" | "failed";

export type CallView = {
  /** Changes with every new call (for keys and focus). */
  id: string;
  /** The case's conversation the call belongs to. */
  conversationId: string;
  phase: CallPhase;
  /** The counseling side calls with video. */
  offersVideo: boolean;
  /** When media started to flow (for the duration), else null. */
  connectedAt: number | null;
  micMuted: boolean;
  cameraOff: boolean;
  /** This side sends video (accepted with the camera). */
  sendingVideo: boolean;
  /** The other side's microphone / camera are off (what they told us). */
  remoteMicMuted: boolean;
  remoteCameraOff: boolean;
  /** The other side sends video. */
  remoteHasVideo: boolean;
  localStream: MediaStream | null;
  remoteStream: MediaStream | null;
  problem: CallProblem | null;
  end: CallEnd | null;
};

/** Why asking for a call was refused. */
export type CallRequestRefusal =
  /** Nobody has taken the case yet (or it is closed): there is nobody to call back. */
  | "not_taken"
  /** The conversation is not ready (still connecting, or not encrypted yet). */
  | "not_ready";

export class CallRequestRefused extends Error {
  readonly reason: CallRequestRefusal;
  constructor(reason: CallRequestRefusal) {
    super(`call request refused: ${reason}`);
    this.name = "CallRequestRefused";
    this.reason = reason;
  }
}

export interface CallController {
  /** The call on screen (ringing, running or just ended), or null. */
  readonly current: CallView | null;
  subscribe(listener: () => void): () => void;
  /** Accepts the ringing call, with the camera (`video`) or with sound only. */
  accept(opts: { video: boolean }): Promise<void>;
  decline(): void;
  hangUp(): void;
  setMicMuted(muted: boolean): Promise<void>;
  setCameraOff(off: boolean): Promise<void>;
  /** Closes the "call ended" notice. */
  dismiss(): void;
  /** A counselor has taken this case and it is open: only then a call can be asked for. */
  canRequestCall(conversationId: string): boolean;
  /**
   * Posts the request (`text`, in the seeker's language) as an ordinary message in the case's
   * conversation — encrypted like every message; the counselor reads it in their client.
   * Throws `CallRequestRefused` when nobody has taken the case.
   */
  requestCall(conversationId: string, text: string): Promise<void>;
}
