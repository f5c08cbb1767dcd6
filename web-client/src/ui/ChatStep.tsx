// A case's conversation: messages with day separators, sending state, retry on failure, an
// "unread" marker, and the composer (the first message is the enquiry).
import { useEffect, useRef, useState } from "preact/hooks";
import type { ChatEngine, ChatMessage, Conversation } from "../domain/chat.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { caseStatusLabel } from "../domain/caseStatus.ts";
import { withSeparators } from "../domain/chatView.ts";
import { Field, StepHeading } from "./Field.tsx";
import { intlLocale } from "../i18n/locale.ts";
import type { Messages } from "../i18n/messages.ts";
import { localName } from "../i18n/topics.ts";
import { CallRequestSlot } from "./lazyCalls.tsx";
import { AttachmentComposerSlot, AttachmentSlot } from "./lazyAttachments.tsx";

export function useConversation(engine: ChatEngine | null, id: string | null): Conversation | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (engine === null) return;
    return engine.subscribe(() => setTick((t) => t + 1));
  }, [engine]);
  if (engine === null || id === null) return null;
  return engine.conversation(id);
}

/** `live`: the conversation of a live chat (LiveStep.tsx frames it; no way back to a case list). */
export function ChatStep({ flow, state, live = false }: { flow: SeekerFlow; state: FlowState; live?: boolean }) {
  const caseId = state.chat.caseId;
  const summary = state.cases.status === "ready" ? state.cases.value.find((c) => c.caseId === caseId) : undefined;
  const conversationId = caseId === null ? null : flow.conversationIdOf(caseId);
  const engine = state.chat.engine === "ready" ? flow.engine : null;
  const conversation = useConversation(engine, conversationId);
  const [draft, setDraft] = useState("");
  const [unreadMarker, setUnreadMarker] = useState<string | null | undefined>(undefined);
  const listEnd = useRef<HTMLDivElement>(null);
  const t = flow.t;
  const intl = intlLocale(state.locale);
  const dayFormat = new Intl.DateTimeFormat(intl, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const timeFormat = new Intl.DateTimeFormat(intl, { hour: "2-digit", minute: "2-digit" });

  const ready = conversation?.phase === "ready";
  // Freeze the unread marker when the conversation first becomes ready, then mark as read.
  useEffect(() => {
    if (!ready || conversation === null || conversationId === null || engine === null) return;
    if (unreadMarker === undefined) setUnreadMarker(conversation.firstUnreadKey);
    engine.markRead(conversationId);
  }, [ready, conversation?.messages.length]);
  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: "end" });
  }, [conversation?.messages.length]);

  // Typing notifications (case conversations only): renewed every 4 s while the seeker types, ended
  // on sending, on an empty draft and when the screen closes.
  const lastTyping = useRef(0);
  const setTyping = (typing: boolean) => {
    if (engine === null || conversationId === null || !ready) return;
    const now = Date.now();
    if (typing && now - lastTyping.current < 4_000) return;
    if (!typing && lastTyping.current === 0) return;
    lastTyping.current = typing ? now : 0;
    engine.typing(conversationId, typing);
  };
  useEffect(() => () => setTyping(false), [conversationId, ready]);

  const failed = state.chat.failed || state.chat.engine === "failed" || conversation?.phase === "failed";
  const empty = ready && conversation.messages.length === 0;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (text === "" || !ready || engine === null || conversationId === null) return;
    setDraft("");
    setTyping(false);
    void engine.send(conversationId, text);
  };

  return (
    <section aria-labelledby="step-heading" class="chat">
      <StepHeading>{summary !== undefined ? summary.agency.name : t.chatHeadingFallback}</StepHeading>
      {summary !== undefined && (
        <p class="chat__meta">
          {localName(summary.topic.name, state.locale)} · <span>{caseStatusLabel(summary.status, summary.answered, t).label}</span>
        </p>
      )}
      {summary?.absenceMessage != null && summary.absenceMessage !== "" && (
        <p class="notice">
          <strong>{t.absencePrefix}</strong>
          {summary.absenceMessage}
        </p>
      )}
      {!live && engine !== null && engine.state.historyLocked && <UnlockHistory flow={flow} state={state} />}
      {ready && <CallRequestSlot flow={flow} state={state} conversationId={conversationId} />}

      {failed ? (
        <div class="notice notice--error" role="alert">
          <p>{t.chatLoadFailed}</p>
          <button type="button" class="button button--secondary" onClick={() => flow.retryChat()}>
            {t.tryAgain}
          </button>
        </div>
      ) : !ready ? (
        <p role="status" class="lead">
          {state.chat.waiting ? t.chatPreparing : t.chatLoading}
        </p>
      ) : empty ? (
        <p class="lead">{t.chatEmptyLead}</p>
      ) : null}

      {ready && conversation.messages.length > 0 && (
        <ol class="messages" aria-label={t.chatMessagesLabel}>
          {withSeparators(conversation.messages, unreadMarker ?? null, (ts) => dayFormat.format(new Date(ts))).map((item) =>
            item.kind === "day" ? (
              <li key={`day-${item.label}`} class="messages__day">
                <span>{item.label}</span>
              </li>
            ) : item.kind === "unread" ? (
              <li key="unread" class="messages__unread">
                <span>{t.chatNewMessages}</span>
              </li>
            ) : (
              <MessageItem
                key={item.message.key}
                message={item.message}
                t={t}
                time={timeFormat.format(new Date(item.message.ts))}
                showRead
                renderAttachment={(m) => <AttachmentSlot engine={engine} conversationId={conversationId} message={m} locale={state.locale} />}
                onRetry={() => conversationId !== null && void engine?.retry(conversationId, item.message.key)}
              />
            ),
          )}
        </ol>
      )}
      <p class="chat__typing" role="status" aria-live="polite">
        {ready && conversation.othersTyping ? t.chatCounselorTyping : ""}
      </p>
      <div ref={listEnd} />

      <form class="form composer" onSubmit={onSubmit} noValidate>
        <label for="field-message">{empty ? t.chatEnquiryLabel : t.chatMessageLabel}</label>
        <textarea
          id="field-message"
          name="message"
          rows={empty ? 6 : 3}
          value={draft}
          disabled={!ready}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setTyping(e.currentTarget.value.trim() !== "");
          }}
          onBlur={() => setTyping(false)}
        />
        <button type="submit" class="button" disabled={!ready || draft.trim() === ""}>
          {empty ? t.chatSendEnquiry : t.chatSend}
        </button>
      </form>
      <AttachmentComposerSlot flow={flow} state={state} engine={engine} conversationId={conversationId} kind="case" disabled={!ready} />
      {!live && (
        <div class="actions">
          <button type="button" class="link-button" onClick={() => flow.showCases()}>
            {t.chatBackToCases}
          </button>
        </div>
      )}
    </section>
  );
}

/** Older messages need the password again (this browser's chat session was renewed). */
function UnlockHistory({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = flow.t;
  const u = state.unlock;
  return (
    <form
      class="notice form unlock"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void flow.unlockHistory();
      }}
    >
      <Field name="unlockPassword" label={t.unlockLabel} hint={t.unlockText} error={u.error ?? undefined}>
        {(control) => (
          <input
            {...control}
            type="password"
            autoComplete="current-password"
            value={u.password}
            onInput={(e) => flow.setUnlockPassword(e.currentTarget.value)}
          />
        )}
      </Field>
      <button type="submit" class="button button--secondary" disabled={u.busy}>
        {u.busy ? t.busy : t.unlockSubmit}
      </button>
    </form>
  );
}

export function MessageItem({
  message,
  onRetry,
  t,
  time,
  who,
  showRead = false,
  renderAttachment,
}: {
  message: ChatMessage;
  onRetry: () => void;
  t: Messages;
  time: string;
  /** Show "read" on own messages the other side has read (case conversations). */
  showRead?: boolean;
  /** Who wrote a message of the other side (default: the counseling side). */
  who?: string;
  /** Shows a photo or document (ui/Attachments.tsx); without it the attachment's name is shown. */
  renderAttachment?: (message: ChatMessage) => preact.JSX.Element;
}) {
  return (
    <li class={message.mine ? "message message--mine" : "message"}>
      <p class="message__who">{message.mine ? t.chatMe : (who ?? t.chatCounselor)}</p>
      {message.locked ? (
        <p class="message__body message__body--locked">{t.chatLocked}</p>
      ) : message.attachment !== undefined && renderAttachment !== undefined ? (
        renderAttachment(message)
      ) : (
        <p class="message__body">{message.body}</p>
      )}
      <p class="message__meta">
        {time}
        {message.mine && message.delivery === "sending" && ` · ${t.chatSending}`}
        {message.mine && message.delivery === "sent" && ` · ${showRead && message.readByOthers ? t.chatRead : t.chatSent}`}
      </p>
      {message.delivery === "failed" && (
        <p class="message__failed" role="alert">
          {t.chatNotSent}{" "}
          <button type="button" class="link-button" onClick={onRetry}>
            {t.chatResend}
          </button>
        </p>
      )}
    </li>
  );
}
