// 1:1 calls in the seeker's app: matrix-js-sdk's MatrixCall (`m.call.*` events, sent encrypted in
// the encrypted case room; media DTLS-SRTP browser to browser, relayed by the platform's TURN
// server when needed — the SDK fetches its credentials from the homeserver's /voip/turnServer and
// renews them; no fallback STUN server of a third party is ever used). Part of the chat engine's
// chunk, so nothing of it loads before sign-in.
//
// Policy (callPolicy.ts), enforced here because the homeserver cannot see call events inside an
// encrypted room: the seeker never starts a call; only the counselor who has the case (the bot's
// `org.lotse.case_status` state names them) can ring. Any other call —
// in a group, from a pool counselor before anyone took the case, in a closed case — is dropped
// without a word to the caller (not even a "declined": it would tell them the seeker is online).
import { ClientEvent, CallEvent, CallFeedEvent, EventType, RoomStateEvent, type MatrixCall, type MatrixClient, type MatrixEvent } from "matrix-js-sdk";
import { CallErrorCode, CallParty, CallState, type CallError } from "matrix-js-sdk/lib/webrtc/call.js";
import { CallEventHandlerEvent } from "matrix-js-sdk/lib/webrtc/callEventHandler.js";
import type { CallFeed } from "matrix-js-sdk/lib/webrtc/callFeed.js";
import { CallRequestRefused, type CallController, type CallEnd, type CallProblem, type CallView } from "../domain/call.ts";
import { CASE_STATUS, ROOM_MARKER, caseCounselor, mayRing } from "./callPolicy.ts";

type InviteInfo = { sender: string; video: boolean };

/** What the calls need of the chat engine. */
export type CallEngineHooks = {
  /** Posts a text message into a conversation (asking for a call). */
  send: (conversationId: string, text: string) => Promise<void>;
  /**
   * Clears what the SDK holds unsent in the conversation (see engine.ts): refused call events are
   * dropped, unsent messages sent again. False while the homeserver still refuses (muted).
   */
  flushUnsent: (conversationId: string) => Promise<boolean>;
};

export class MatrixCalls implements CallController {
  readonly #client: MatrixClient;
  readonly #send: (conversationId: string, text: string) => Promise<void>;
  readonly #flushUnsent: (conversationId: string) => Promise<boolean>;
  readonly #listeners = new Set<() => void>();
  /** Who sent each call invite and whether it offers video (from the decrypted invite). */
  readonly #invites = new Map<string, InviteInfo>();
  #call: MatrixCall | null = null;
  #view: CallView | null = null;
  #unwire: (() => void)[] = [];
  #declined = false;
  #problem: CallProblem | null = null;
  #emitQueued = false;

  constructor(client: MatrixClient, hooks: CallEngineHooks) {
    this.#client = client;
    this.#send = hooks.send;
    this.#flushUnsent = hooks.flushUnsent;
    client.on(ClientEvent.ReceivedVoipEvent, this.#onVoipEvent);
    client.on(CallEventHandlerEvent.Incoming, this.#onIncoming);
    // The case's status (taken or not) decides whether a call can be asked for.
    client.on(RoomStateEvent.Events, this.#onState);
  }

  get current(): CallView | null {
    return this.#view;
  }

  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async accept({ video }: { video: boolean }): Promise<void> {
    const call = this.#call;
    if (call === null || call.state !== CallState.Ringing) return;
    this.#problem = null;
    this.#update({ phase: "connecting", problem: null });
    // Whatever a refused moment left unsent (e.g. while a moderator had muted the seeker) would
    // hold the answer back: cleared first. Still refused: the answer would be refused too.
    if (!(await this.#flushUnsent(call.roomId))) {
      this.#problem = "answer_not_sent";
      call.hangup(CallErrorCode.UserHangup, true);
      this.#refresh();
      return;
    }
    if (call.state !== CallState.Ringing) return;
    this.#watchPath(call);
    await call.answer(true, video && (this.#view?.offersVideo ?? false));
    this.#refresh();
  }

  /**
   * Ends the call in plain words when no path can exist: relayed only (the seeker's address stays
   * hidden) and the TURN server not reachable, gathering ends without a single candidate of ours;
   * or the connection checks fail before the call ever connected (the SDK would restart ICE
   * forever and leave the seeker on "connecting"). Observes the connection's own events.
   */
  #watchPath(call: MatrixCall): void {
    const pc = call.peerConn;
    if (pc === undefined) return;
    let candidates = 0;
    let connected = false;
    const fail = () => {
      if (call.callHasEnded() || connected) return;
      this.#problem = "no_connection";
      call.hangup(CallErrorCode.IceFailed, false);
      this.#refresh();
    };
    const onCandidate = (e: RTCPeerConnectionIceEvent) => {
      if (e.candidate !== null && e.candidate.candidate !== "") candidates++;
    };
    const onGathering = () => {
      if (pc.iceGatheringState === "complete" && candidates === 0) fail();
    };
    const onIce = () => {
      if (pc.iceConnectionState === "connected" || pc.iceConnectionState === "completed") connected = true;
      else if (pc.iceConnectionState === "failed") fail();
    };
    pc.addEventListener("icecandidate", onCandidate);
    pc.addEventListener("icegatheringstatechange", onGathering);
    pc.addEventListener("iceconnectionstatechange", onIce);
    this.#unwire.push(() => {
      pc.removeEventListener("icecandidate", onCandidate);
      pc.removeEventListener("icegatheringstatechange", onGathering);
      pc.removeEventListener("iceconnectionstatechange", onIce);
    });
  }

  decline(): void {
    const call = this.#call;
    if (call === null || call.state !== CallState.Ringing) return;
    this.#declined = true;
    call.reject();
  }

  hangUp(): void {
    const call = this.#call;
    if (call === null || call.callHasEnded()) return;
    call.hangup(CallErrorCode.UserHangup, false);
  }

  async setMicMuted(muted: boolean): Promise<void> {
    await this.#call?.setMicrophoneMuted(muted);
    this.#refresh();
  }

  async setCameraOff(off: boolean): Promise<void> {
    await this.#call?.setLocalVideoMuted(off);
    this.#refresh();
  }

  dismiss(): void {
    if (this.#view?.phase !== "ended") return;
    this.#view = null;
    this.#emit();
  }

  canRequestCall(conversationId: string): boolean {
    return this.#counselorOf(conversationId) !== null;
  }

  async requestCall(conversationId: string, text: string): Promise<void> {
    if (!this.canRequestCall(conversationId)) throw new CallRequestRefused("not_taken");
    try {
      await this.#send(conversationId, text);
    } catch {
      throw new CallRequestRefused("not_ready");
    }
  }

  /** Ends a running call and stops listening (sign-out). */
  stop(): void {
    this.hangUp();
    this.#client.off(ClientEvent.ReceivedVoipEvent, this.#onVoipEvent);
    this.#client.off(CallEventHandlerEvent.Incoming, this.#onIncoming);
    this.#client.off(RoomStateEvent.Events, this.#onState);
    this.#unwireCall();
  }

  /**
   * The counselor who has this case while it is open, from the bot's status state; null while the
   * case waits in the pool, when it is closed, or when the conversation is not a case at all.
   */
  #counselorOf(roomId: string): string | null {
    const state = this.#caseState(roomId);
    return state === null ? null : caseCounselor(state.marker, state.status);
  }

  #caseState(roomId: string): { marker: unknown; status: unknown } | null {
    const room = this.#client.getRoom(roomId);
    if (room === null) return null;
    return {
      marker: room.currentState.getStateEvents(ROOM_MARKER, "")?.getContent(),
      status: room.currentState.getStateEvents(CASE_STATUS, "")?.getContent(),
    };
  }

  readonly #onState = (event: MatrixEvent): void => {
    if (event.getType() === CASE_STATUS || event.getType() === ROOM_MARKER) this.#emit();
  };

  /** Runs before the SDK handles a (decrypted) call event: remember who invites, and how. */
  readonly #onVoipEvent = (event: MatrixEvent): void => {
    if (event.getType() !== "m.call.invite") return;
    const content = event.getContent() as { call_id?: unknown; offer?: { sdp?: unknown } };
    const sender = event.getSender();
    if (typeof content.call_id !== "string" || sender === undefined) return;
    const sdp = typeof content.offer?.sdp === "string" ? content.offer.sdp : "";
    this.#invites.set(content.call_id, { sender, video: /^m=video /mu.test(sdp) });
  };

  readonly #onIncoming = (call: MatrixCall): void => {
    const invite = this.#invites.get(call.callId);
    this.#invites.delete(call.callId);
    const state = this.#caseState(call.roomId);
    if (invite === undefined || state === null || !mayRing(state.marker, state.status, invite.sender)) {
      // Not the case's counselor: dropped here only, nothing is sent.
      call.hangup(CallErrorCode.UserHangup, true);
      return;
    }
    if (this.#call !== null && !this.#call.callHasEnded()) {
      call.hangup(CallErrorCode.UserBusy, false);
      return;
    }
    this.#unwireCall();
    this.#call = call;
    this.#declined = false;
    this.#problem = null;
    this.#view = {
      id: call.callId,
      conversationId: call.roomId,
      phase: "ringing",
      offersVideo: invite.video,
      connectedAt: null,
      micMuted: false,
      cameraOff: false,
      sendingVideo: false,
      remoteMicMuted: false,
      remoteCameraOff: !invite.video,
      remoteHasVideo: false,
      localStream: null,
      remoteStream: null,
      problem: null,
      end: null,
    };
    this.#wire(call);
    this.#refresh();
  };

  #wire(call: MatrixCall): void {
    const refresh = () => this.#refresh();
    const onError = (error: CallError) => {
      if (error.code === CallErrorCode.NoUserMedia) {
        this.#problem = /NotFound|Overconstrained|NotReadable/u.test(error.message) ? "no_device" : "media_denied";
        // The SDK ends the call here without telling the caller, who would hear it ring on for a
        // minute: decline it for them (the seeker sees why, and can write).
        void this.#client
          .sendEvent(call.roomId, EventType.CallReject, { call_id: call.callId, party_id: call.ourPartyId, version: 1 } as never)
          .catch(() => {});
      } else if (error.code === CallErrorCode.IceFailed) {
        this.#problem = "no_connection";
      } else if (error.code === CallErrorCode.SendAnswer || error.code === CallErrorCode.UnknownDevices) {
        // The SDK puts the call back to ringing, but its answer() never sends again (it keeps the
        // local stream and returns): end the call here and say so; the counselor can call again.
        this.#problem = "answer_not_sent";
        queueMicrotask(() => call.hangup(CallErrorCode.UserHangup, true));
      }
      this.#refresh();
    };
    // The other side's microphone and camera state arrive as feed mute changes.
    let watched: CallFeed | undefined;
    const onFeeds = () => {
      const remote = call.remoteUsermediaFeed;
      if (remote !== watched) {
        watched?.off(CallFeedEvent.MuteStateChanged, refresh);
        watched?.off(CallFeedEvent.NewStream, refresh);
        remote?.on(CallFeedEvent.MuteStateChanged, refresh);
        remote?.on(CallFeedEvent.NewStream, refresh);
        watched = remote;
      }
      refresh();
    };
    call.on(CallEvent.State, refresh);
    call.on(CallEvent.Hangup, refresh);
    call.on(CallEvent.FeedsChanged, onFeeds);
    call.on(CallEvent.Error, onError);
    this.#unwire.push(() => {
      call.off(CallEvent.State, refresh);
      call.off(CallEvent.Hangup, refresh);
      call.off(CallEvent.FeedsChanged, onFeeds);
      call.off(CallEvent.Error, onError);
      watched?.off(CallFeedEvent.MuteStateChanged, refresh);
      watched?.off(CallFeedEvent.NewStream, refresh);
    });
    onFeeds();
  }

  #unwireCall(): void {
    for (const off of this.#unwire.splice(0)) off();
  }

  /** Reads the call's state into the view. */
  #refresh(): void {
    const call = this.#call;
    const view = this.#view;
    if (call === null || view === null || view.id !== call.callId) return;
    const remote = call.remoteUsermediaFeed;
    const remoteStream = call.remoteUsermediaStream ?? null;
    const wasPhase = view.phase;
    let phase = view.phase;
    switch (call.state) {
      case CallState.Ringing:
        phase = "ringing";
        break;
      case CallState.Connected:
        phase = "connected";
        break;
      case CallState.Ended:
        phase = "ended";
        break;
      case CallState.Fledgling:
        break;
      default:
        // Waiting for camera/microphone, answering, connecting.
        phase = "connecting";
    }
    const ended = phase === "ended";
    const reason = call.hangupReason;
    if (ended && this.#problem === null && (reason === CallErrorCode.IceFailed || reason === CallErrorCode.SignallingFailed)) {
      this.#problem = "no_connection";
    }
    const next: CallView = {
      ...view,
      phase,
      connectedAt: view.connectedAt ?? (phase === "connected" ? Date.now() : null),
      micMuted: call.isMicrophoneMuted(),
      // Once the seeker sends video it stays a video call for the controls: turning the camera
      // off stops the track (the SDK frees the camera), and the button must still turn it on.
      sendingVideo: view.sendingVideo || call.hasLocalUserMediaVideoTrack,
      cameraOff: view.sendingVideo || call.hasLocalUserMediaVideoTrack ? call.isLocalVideoMuted() : true,
      remoteMicMuted: remote?.isAudioMuted() ?? false,
      remoteCameraOff: remote?.isVideoMuted() ?? !view.offersVideo,
      remoteHasVideo: remoteStream !== null && remoteStream.getVideoTracks().length > 0 && !(remote?.isVideoMuted() ?? true),
      localStream: ended ? null : (call.localUsermediaStream ?? null),
      remoteStream: ended ? null : remoteStream,
      problem: this.#problem,
      end: ended ? (view.end ?? this.#endOf(call, wasPhase)) : null,
    };
    this.#view = next;
    if (ended) {
      this.#unwireCall();
      this.#call = null;
    }
    this.#emit();
  }

  #endOf(call: MatrixCall, before: CallView["phase"]): CallEnd {
    const reason = call.hangupReason;
    if (this.#problem !== null || reason === CallErrorCode.NoUserMedia) return "failed";
    if (reason === CallErrorCode.AnsweredElsewhere) return "answered_elsewhere";
    if (this.#declined) return "you_declined";
    if (before === "ringing") return call.hangupParty === CallParty.Local && reason === CallErrorCode.UserHangup ? "you_declined" : "missed";
    return call.hangupParty === CallParty.Local ? "you_hung_up" : "they_hung_up";
  }

  #update(patch: Partial<CallView>): void {
    if (this.#view === null) return;
    this.#view = { ...this.#view, ...patch };
    this.#emit();
  }

  #emit(): void {
    if (this.#emitQueued) return;
    this.#emitQueued = true;
    queueMicrotask(() => {
      this.#emitQueued = false;
      for (const listener of this.#listeners) listener();
    });
  }
}
