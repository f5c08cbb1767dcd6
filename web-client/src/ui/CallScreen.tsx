// The call screens: the incoming call (accept with camera, with sound only, decline), the running
// call (pictures, duration, mute, camera off, hang up, the other side's microphone and camera
// state) and how it ended, in plain words — all in one modal dialog above whatever screen the
// seeker is on. Plus the "ask for a call" button of a case's conversation. Loaded on demand after
// sign-in (ui/lazyCalls.tsx), with its texts (i18n/calls.ts) and styles (call.css).
import { useEffect, useRef, useState } from "preact/hooks";
import { CallRequestRefused, type CallController, type CallView } from "../domain/call.ts";
import { callCatalogues, type CallMessages } from "../i18n/calls.ts";
import type { Locale } from "../i18n/locale.ts";
import "./call.css";

export function useCallView(controller: CallController): CallView | null {
  const [, setTick] = useState(0);
  useEffect(() => controller.subscribe(() => setTick((t) => t + 1)), [controller]);
  return controller.current;
}

/** "m:ss" (or "h:mm:ss") of a number of seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

function MediaView({ stream, kind, label, muted }: { stream: MediaStream | null; kind: "video" | "audio"; label?: string; muted?: boolean }) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el === null) return;
    if (el.srcObject !== stream) el.srcObject = stream;
    if (stream !== null) void el.play().catch(() => {});
  }, [stream]);
  if (kind === "audio") return <audio ref={ref} autoPlay />;
  return <video ref={ref} class={muted ? "call__video call__video--self" : "call__video"} autoPlay playsInline muted aria-label={label} />;
}

function Duration({ since, t }: { since: number; t: CallMessages }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return (
    <p class="call__duration" role="timer">
      {t.duration(clock((now - since) / 1000))}
    </p>
  );
}

const endText = (view: CallView, t: CallMessages): string =>
  ({
    you_hung_up: t.endYouHungUp,
    they_hung_up: t.endTheyHungUp,
    you_declined: t.endYouDeclined,
    missed: t.endMissed,
    answered_elsewhere: t.endAnsweredElsewhere,
    failed: t.endFailed,
  })[view.end ?? "failed"];

const problemText = (view: CallView, t: CallMessages): string | null =>
  view.problem === null
    ? null
    : {
        media_denied: t.problemMediaDenied,
        no_device: t.problemNoDevice,
        no_connection: t.problemNoConnection,
        answer_not_sent: t.problemAnswerNotSent,
      }[view.problem];

/**
 * While a call rings, the tab says so in its title (seen in a background tab), and when the page
 * is not in front and the seeker has allowed notifications, a system notification appears (no
 * sound file, no names: the browser's own). Both go as soon as the ringing stops.
 */
function useRingingSignals(ringingId: string | null, t: CallMessages): void {
  useEffect(() => {
    if (ringingId === null) return;
    const title = document.title;
    document.title = t.ringingTitle;
    let notice: Notification | null = null;
    const background = document.visibilityState !== "visible" || !document.hasFocus();
    if (background && typeof Notification !== "undefined" && Notification.permission === "granted") {
      try {
        notice = new Notification(t.incomingHeading, { body: t.ringingNotice, tag: "lotse-call", requireInteraction: true });
        notice.onclick = () => {
          window.focus();
          notice?.close();
        };
      } catch {
        // Some browsers allow notifications from service workers only: the title still rings.
      }
    }
    return () => {
      document.title = title;
      notice?.close();
    };
  }, [ringingId]);
}

/** The call dialog, open while a call rings, runs, or has just ended. */
export function CallLayer({ controller, locale }: { controller: CallController; locale: Locale }) {
  const view = useCallView(controller);
  const dialog = useRef<HTMLDialogElement>(null);
  const t = callCatalogues[locale];
  const open = view !== null;
  useEffect(() => {
    const el = dialog.current;
    if (el === null) return;
    if (open && !el.open) el.showModal();
    if (!open && el.open) el.close();
  }, [open]);
  useRingingSignals(view?.phase === "ringing" ? view.id : null, t);
  // Move focus to the heading whenever the dialog's content changes its kind (ring → call → end).
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (view !== null) heading.current?.focus();
  }, [view?.id, view?.phase === "ringing", view?.phase === "ended"]);

  return (
    <dialog
      ref={dialog}
      class="call"
      aria-labelledby="call-heading"
      // Escape must not close a ringing or running call (two Escapes are the quick exit).
      onCancel={(e) => e.preventDefault()}
    >
      {view !== null && <CallContent view={view} controller={controller} t={t} heading={heading} />}
    </dialog>
  );
}

function CallContent({
  view,
  controller,
  t,
  heading,
}: {
  view: CallView;
  controller: CallController;
  t: CallMessages;
  heading: preact.RefObject<HTMLHeadingElement>;
}) {
  const problem = problemText(view, t);
  if (view.phase === "ringing") {
    return (
      <div class="call__inner call__inner--ringing">
        <h2 id="call-heading" ref={heading} tabIndex={-1}>
          {t.incomingHeading}
        </h2>
        <p>{t.incomingLead(view.offersVideo)}</p>
        <div class="call__actions">
          {view.offersVideo && (
            <button type="button" class="button" onClick={() => void controller.accept({ video: true })}>
              {t.acceptVideo}
            </button>
          )}
          <button type="button" class={view.offersVideo ? "button button--secondary" : "button"} onClick={() => void controller.accept({ video: false })}>
            {t.acceptAudio}
          </button>
          <button type="button" class="button button--danger" onClick={() => controller.decline()}>
            {t.decline}
          </button>
        </div>
      </div>
    );
  }
  if (view.phase === "ended") {
    return (
      <div class="call__inner call__inner--ended">
        <h2 id="call-heading" ref={heading} tabIndex={-1}>
          {t.endedHeading}
        </h2>
        <p role="status">{endText(view, t)}</p>
        {problem !== null && (
          <p class="notice notice--error" role="alert">
            {problem}
          </p>
        )}
        <div class="call__actions">
          <button type="button" class="button" onClick={() => controller.dismiss()}>
            {t.close}
          </button>
        </div>
      </div>
    );
  }
  const status = [
    view.remoteMicMuted ? t.remoteMuted : "",
    view.micMuted ? t.selfMuted : "",
    view.sendingVideo && view.cameraOff ? t.selfCameraOff : "",
  ].filter((s) => s !== "");
  return (
    <div class="call__inner call__inner--live">
      <h2 id="call-heading" ref={heading} tabIndex={-1}>
        {t.connectedHeading}
      </h2>
      {view.phase === "connected" && view.connectedAt !== null ? <Duration since={view.connectedAt} t={t} /> : <p role="status">{t.connecting}</p>}
      <div class="call__stage">
        <MediaView stream={view.remoteStream} kind="audio" />
        {view.remoteHasVideo ? (
          <MediaView stream={view.remoteStream} kind="video" label={t.remoteVideoLabel} />
        ) : (
          <p class="call__placeholder" role="status">
            {view.offersVideo ? t.remoteCameraOff : t.audioOnly}
          </p>
        )}
        {view.sendingVideo && !view.cameraOff && <MediaView stream={view.localStream} kind="video" label={t.localVideoLabel} muted />}
      </div>
      <p class="call__state" role="status" aria-live="polite">
        {status.map((s) => (
          <span key={s}>{s} </span>
        ))}
      </p>
      <div class="call__controls">
        <button type="button" class="button button--secondary" aria-pressed={view.micMuted} onClick={() => void controller.setMicMuted(!view.micMuted)}>
          {t.mute}
        </button>
        {view.sendingVideo && (
          <button type="button" class="button button--secondary" aria-pressed={view.cameraOff} onClick={() => void controller.setCameraOff(!view.cameraOff)}>
            {t.cameraOff}
          </button>
        )}
        <button type="button" class="button button--danger" onClick={() => controller.hangUp()}>
          {t.hangUp}
        </button>
      </div>
    </div>
  );
}

/** "Ask for a call" in a case's conversation: only where a counselor has taken the case. */
export function CallRequest({ controller, conversationId, locale }: { controller: CallController; conversationId: string; locale: Locale }) {
  useCallView(controller);
  const t = callCatalogues[locale];
  const [state, setState] = useState<"idle" | "busy" | "sent" | "failed">("idle");
  if (!controller.canRequestCall(conversationId)) return null;
  const ask = async () => {
    setState("busy");
    // The call comes later, maybe while this tab is in the background: the browser may ask once
    // whether this page may show a notification then (the seeker can say no; the title still rings).
    if (typeof Notification !== "undefined" && Notification.permission === "default") void Notification.requestPermission().catch(() => {});
    try {
      await controller.requestCall(conversationId, t.requestMessage);
      setState("sent");
    } catch (err) {
      setState(err instanceof CallRequestRefused && err.reason === "not_taken" ? "idle" : "failed");
    }
  };
  return (
    <div class="call-request">
      {state === "sent" ? (
        <p role="status">{t.requestSent}</p>
      ) : (
        <>
          <button type="button" class="button button--secondary" disabled={state === "busy"} aria-describedby="call-request-hint" onClick={() => void ask()}>
            {t.requestButton}
          </button>
          <p id="call-request-hint" class="field__hint">
            {t.requestHint}
          </p>
          {state === "failed" && (
            <p class="field__error" role="alert">
              {t.requestFailed}
            </p>
          )}
        </>
      )}
    </div>
  );
}
