// A counselor's Matrix client in the browser, for the call tests and the call bench: matrix-js-sdk
// with its Rust crypto (the case room is encrypted) and its WebRTC calls, as Element does them. It
// needs a real browser (WebRTC), so tests/src/callPage.ts bundles this page with Vite and serves
// it; the test drives it through `window.counselors` (page.evaluate). Several clients can live in
// one page (a pool counselor and the one who takes the case).
import { ClientEvent, createClient, createNewMatrixCall, KnownMembership, SyncState, type MatrixCall, type MatrixClient } from "matrix-js-sdk";
import { logger as sdkLogger, type Logger } from "matrix-js-sdk/lib/logger.js";
import { CallEvent } from "matrix-js-sdk/lib/webrtc/call.js";

// Errors only, unless the page is opened with ?log=debug (the bench does, to tell a failed call's story).
const verbose = new URLSearchParams(location.search).get("log") === "debug";
(sdkLogger as unknown as { setLevel(level: string, persist?: boolean): void }).setLevel(verbose ? "debug" : "error", false);
const quiet: Logger = {
  trace: () => {},
  debug: (...m: unknown[]) => verbose && console.debug("[counselor]", ...m),
  info: (...m: unknown[]) => verbose && console.info("[counselor]", ...m),
  warn: (...m: unknown[]) => verbose && console.warn("[counselor]", ...m),
  error: (...m: unknown[]) => console.error("[counselor]", ...m),
  getChild: () => quiet,
};

export type Session = { homeserverUrl: string; userId: string; accessToken: string; deviceId: string };

export type CallSnapshot = {
  state: string;
  hangupParty: string | null;
  hangupReason: string | null;
  remoteAudioMuted: boolean | null;
  remoteVideoMuted: boolean | null;
  /** When the call reached "connected" (performance.now()), for the bench. */
  connectedAt: number | null;
  invitedAt: number | null;
};

export type CallStats = {
  audioBytesReceived: number;
  videoBytesReceived: number;
  /** The ICE candidate types of the pair in use: "host", "srflx", "relay". */
  localCandidate: string | null;
  remoteCandidate: string | null;
};

class Counselor {
  readonly client: MatrixClient;
  call: MatrixCall | null = null;
  connectedAt: number | null = null;
  invitedAt: number | null = null;

  constructor(session: Session, forceTURN: boolean) {
    this.client = createClient({
      baseUrl: session.homeserverUrl,
      userId: session.userId,
      accessToken: session.accessToken,
      deviceId: session.deviceId,
      logger: quiet,
      forceTURN,
    });
  }

  async start(): Promise<void> {
    const client = this.client;
    await client.initRustCrypto({ useIndexedDB: false });
    const prepared = new Promise<void>((resolve, reject) => {
      const onSync = (state: SyncState) => {
        if (state === SyncState.Prepared || state === SyncState.Syncing) {
          client.off(ClientEvent.Sync, onSync);
          resolve();
        } else if (state === SyncState.Error) reject(new Error("sync failed"));
      };
      client.on(ClientEvent.Sync, onSync);
    });
    await client.startClient({ initialSyncLimit: 10, lazyLoadMembers: false });
    await prepared;
  }

  /** The client's view: joined to the room with its encryption known, and TURN credentials fetched. */
  ready(roomId: string): boolean {
    const room = this.client.getRoom(roomId);
    return room !== null && room.getMyMembership() === KnownMembership.Join && room.hasEncryptionStateEvent() && this.client.getTurnServers().length > 0;
  }

  /** Decrypted message bodies of the room, oldest first. */
  async messages(roomId: string): Promise<string[]> {
    const events = this.client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
    await Promise.all(events.map((e) => this.client.decryptEventIfNeeded(e)));
    return events.filter((e) => e.getType() === "m.room.message").map((e) => String(e.getContent().body ?? ""));
  }

  /** How many call events arrived encrypted and were decrypted (proof they went through the room E2EE). */
  encryptedCallEvents(roomId: string): number {
    const events = this.client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
    return events.filter((e) => e.getWireType() === "m.room.encrypted" && e.getType().startsWith("m.call.")).length;
  }

  async placeCall(roomId: string, video: boolean): Promise<void> {
    const call = createNewMatrixCall(this.client, roomId, { forceTURN: this.client.forceTURN });
    if (call === null) throw new Error("this browser cannot make calls");
    this.call = call;
    this.connectedAt = null;
    this.invitedAt = performance.now();
    call.on(CallEvent.State, (state) => {
      if (state === "connected" && this.connectedAt === null) this.connectedAt = performance.now();
    });
    call.on(CallEvent.Error, (err) => console.error("[counselor] call error", err.code, err.message));
    await call.placeCall(true, video);
  }

  snapshot(): CallSnapshot | null {
    const call = this.call;
    if (call === null) return null;
    const remote = call.remoteUsermediaFeed;
    return {
      state: call.state,
      hangupParty: call.hangupParty ?? null,
      hangupReason: call.hangupReason ?? null,
      remoteAudioMuted: remote?.isAudioMuted() ?? null,
      remoteVideoMuted: remote?.isVideoMuted() ?? null,
      connectedAt: this.connectedAt,
      invitedAt: this.invitedAt,
    };
  }

  async stats(): Promise<CallStats | null> {
    const pc = this.call?.peerConn;
    return pc === undefined ? null : peerStats(pc);
  }
}

/** Bytes received per kind and the candidate pair in use, from an RTCPeerConnection's stats. */
export async function peerStats(pc: RTCPeerConnection): Promise<CallStats> {
  const report = await pc.getStats();
  const out: CallStats = { audioBytesReceived: 0, videoBytesReceived: 0, localCandidate: null, remoteCandidate: null };
  let pairId: string | undefined;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === "inbound-rtp") {
      const bytes = Number(s.bytesReceived ?? 0);
      if (s.kind === "audio") out.audioBytesReceived += bytes;
      if (s.kind === "video") out.videoBytesReceived += bytes;
    }
    if (s.type === "transport" && typeof s.selectedCandidatePairId === "string") pairId = s.selectedCandidatePairId;
  });
  const pair = pairId === undefined ? undefined : (report.get(pairId) as Record<string, unknown> | undefined);
  if (pair !== undefined) {
    out.localCandidate = String((report.get(String(pair.localCandidateId)) as Record<string, unknown> | undefined)?.candidateType ?? "") || null;
    out.remoteCandidate = String((report.get(String(pair.remoteCandidateId)) as Record<string, unknown> | undefined)?.candidateType ?? "") || null;
  }
  return out;
}

const counselors = new Map<string, Counselor>();

function get(name: string): Counselor {
  const c = counselors.get(name);
  if (c === undefined) throw new Error(`no counselor ${name}`);
  return c;
}

const api = {
  async start(name: string, session: Session, opts: { forceTURN?: boolean } = {}): Promise<void> {
    const c = new Counselor(session, opts.forceTURN ?? false);
    counselors.set(name, c);
    await c.start();
  },
  ready: (name: string, roomId: string) => get(name).ready(roomId),
  messages: (name: string, roomId: string) => get(name).messages(roomId),
  send: async (name: string, roomId: string, body: string) => {
    await get(name).client.sendMessage(roomId, { msgtype: "m.text", body } as never);
  },
  encryptedCallEvents: (name: string, roomId: string) => get(name).encryptedCallEvents(roomId),
  /** The client knows this device of that user (so what it encrypts next reaches the device). */
  knowsDevice: async (name: string, userId: string, deviceId: string): Promise<boolean> => {
    const devices = await get(name).client.getCrypto()!.getUserDeviceInfo([userId], true);
    return devices.get(userId)?.has(deviceId) ?? false;
  },
  /** Relay only from the next call on (the SDK's forceTURN: `iceTransportPolicy: "relay"`). */
  setForceTURN: (name: string, force: boolean) => get(name).client.setForceTURN(force),
  placeCall: (name: string, roomId: string, video: boolean) => get(name).placeCall(roomId, video),
  snapshot: (name: string) => get(name).snapshot(),
  /**
   * Milliseconds from placing the current call until its first media bytes arrived from the other
   * side (inbound audio, from getStats, polled every 20 ms): the bench's "invite to media".
   */
  mediaAfterInvite: async (name: string, timeoutMs = 60_000): Promise<number> => {
    const c = get(name);
    const started = c.invitedAt;
    if (started === null) throw new Error("no call placed");
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const pc = c.call?.peerConn;
      if (pc !== undefined && (await peerStats(pc)).audioBytesReceived > 0) return performance.now() - started;
      if (performance.now() > deadline) throw new Error("no media");
      await new Promise((r) => setTimeout(r, 20));
    }
  },
  stats: (name: string) => get(name).stats(),
  /** The current call's id (the test registers it for the log scan: call metadata in no log). */
  callId: (name: string) => get(name).call?.callId ?? null,
  /**
   * What the other side told this client of its network addresses in the current call: every
   * candidate it signalled (its answer's SDP and its `m.call.candidates`, decrypted), and the
   * types of the remote candidates the connection knows (getStats: signalled ones and peer-reflexive
   * ones learnt from connectivity checks).
   */
  remoteCandidates: async (name: string, roomId: string): Promise<{ signalled: string[]; known: { type: string; port: number }[] }> => {
    const c = get(name);
    const callId = c.call?.callId;
    const me = c.client.getUserId();
    const events = c.client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
    await Promise.all(events.map((e) => c.client.decryptEventIfNeeded(e)));
    const signalled: string[] = [];
    for (const e of events) {
      const content = e.getContent() as { call_id?: string; candidates?: { candidate?: string }[]; answer?: { sdp?: string } };
      if (e.getSender() === me || content.call_id !== callId) continue;
      if (e.getType() === "m.call.candidates") for (const cand of content.candidates ?? []) if (cand.candidate) signalled.push(cand.candidate);
      if (e.getType() === "m.call.answer") {
        for (const line of String(content.answer?.sdp ?? "").split(/\r?\n/u)) if (line.startsWith("a=candidate:")) signalled.push(line.slice(2));
      }
    }
    const known: { type: string; port: number }[] = [];
    const pc = c.call?.peerConn;
    if (pc !== undefined) {
      (await pc.getStats()).forEach((s: Record<string, unknown>) => {
        if (s.type === "remote-candidate") known.push({ type: String(s.candidateType), port: Number(s.port) });
      });
    }
    return { signalled, known };
  },
  setMicrophoneMuted: async (name: string, muted: boolean) => void (await get(name).call?.setMicrophoneMuted(muted)),
  setVideoMuted: async (name: string, muted: boolean) => void (await get(name).call?.setLocalVideoMuted(muted)),
  hangUp: (name: string) => get(name).call?.hangup("user_hangup" as never, false),
  stop: (name: string) => {
    counselors.get(name)?.client.stopClient();
    counselors.delete(name);
  },
};

export type CounselorPageApi = typeof api;
(globalThis as unknown as { counselors: CounselorPageApi }).counselors = api;
document.getElementById("ready")!.textContent = "bereit";
