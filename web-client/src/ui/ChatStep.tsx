// A case's conversation: messages with day separators, sending state, retry on failure, an
// "unread" marker, and the composer (the first message is the enquiry).
import { useEffect, useRef, useState } from "preact/hooks";
import type { ChatEngine, ChatMessage, Conversation } from "../domain/chat.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { caseStatusLabel } from "../domain/caseStatus.ts";
import { withSeparators } from "../domain/chatView.ts";
import { StepHeading } from "./Field.tsx";

const timeFormat = new Intl.DateTimeFormat("de-DE", { hour: "2-digit", minute: "2-digit" });

function useConversation(engine: ChatEngine | null, id: string | null): Conversation | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (engine === null) return;
    return engine.subscribe(() => setTick((t) => t + 1));
  }, [engine]);
  if (engine === null || id === null) return null;
  return engine.conversation(id);
}

export function ChatStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const caseId = state.chat.caseId;
  const summary = state.cases.status === "ready" ? state.cases.value.find((c) => c.caseId === caseId) : undefined;
  const conversationId = caseId === null ? null : flow.conversationIdOf(caseId);
  const engine = state.chat.engine === "ready" ? flow.engine : null;
  const conversation = useConversation(engine, conversationId);
  const [draft, setDraft] = useState("");
  const [unreadMarker, setUnreadMarker] = useState<string | null | undefined>(undefined);
  const listEnd = useRef<HTMLDivElement>(null);

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

  const failed = state.chat.failed || state.chat.engine === "failed" || conversation?.phase === "failed";
  const empty = ready && conversation.messages.length === 0;
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (text === "" || !ready || engine === null || conversationId === null) return;
    setDraft("");
    void engine.send(conversationId, text);
  };

  return (
    <section aria-labelledby="step-heading" class="chat">
      <StepHeading>{summary !== undefined ? summary.agency.name : "Deine Beratung"}</StepHeading>
      {summary !== undefined && (
        <p class="chat__meta">
          {summary.topic.name.de} · <span>{caseStatusLabel(summary.status).label}</span>
        </p>
      )}
      {summary?.absenceMessage != null && summary.absenceMessage !== "" && (
        <p class="notice">
          <strong>Nachricht deiner Beratung: </strong>
          {summary.absenceMessage}
        </p>
      )}
      {engine !== null && engine.state.historyLocked && (
        <p class="notice">Ältere Nachrichten können auf diesem Gerät gerade nicht angezeigt werden.</p>
      )}

      {failed ? (
        <div class="notice notice--error" role="alert">
          <p>Die Unterhaltung kann gerade nicht geladen werden. Bitte versuch es gleich noch einmal.</p>
          <button type="button" class="button button--secondary" onClick={() => flow.retryChat()}>
            Noch einmal versuchen
          </button>
        </div>
      ) : !ready ? (
        <p role="status" class="lead">
          {state.chat.waiting
            ? "Deine Unterhaltung wird vorbereitet. Das dauert nur einen Moment …"
            : "Deine Nachrichten werden sicher geladen …"}
        </p>
      ) : empty ? (
        <p class="lead">
          Schreib hier deine Anfrage. Erzähl in deinen eigenen Worten, was dich beschäftigt – so viel
          oder so wenig, wie du möchtest.
        </p>
      ) : null}

      {ready && conversation.messages.length > 0 && (
        <ol class="messages" aria-label="Nachrichten">
          {withSeparators(conversation.messages, unreadMarker ?? null).map((item) =>
            item.kind === "day" ? (
              <li key={`day-${item.label}`} class="messages__day">
                <span>{item.label}</span>
              </li>
            ) : item.kind === "unread" ? (
              <li key="unread" class="messages__unread">
                <span>Neue Nachrichten</span>
              </li>
            ) : (
              <MessageItem
                key={item.message.key}
                message={item.message}
                onRetry={() => conversationId !== null && void engine?.retry(conversationId, item.message.key)}
              />
            ),
          )}
        </ol>
      )}
      <div ref={listEnd} />

      <form class="form composer" onSubmit={onSubmit} noValidate>
        <label for="field-message">{empty ? "Deine Anfrage" : "Deine Nachricht"}</label>
        <textarea
          id="field-message"
          name="message"
          rows={empty ? 6 : 3}
          value={draft}
          disabled={!ready}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={!ready || draft.trim() === ""}>
          {empty ? "Anfrage senden" : "Senden"}
        </button>
      </form>
      <div class="actions">
        <button type="button" class="link-button" onClick={() => flow.showCases()}>
          Zu meinen Anfragen
        </button>
      </div>
    </section>
  );
}

function MessageItem({ message, onRetry }: { message: ChatMessage; onRetry: () => void }) {
  return (
    <li class={message.mine ? "message message--mine" : "message"}>
      <p class="message__who">{message.mine ? "Du" : "Beratung"}</p>
      {message.locked ? (
        <p class="message__body message__body--locked">Diese Nachricht kann hier noch nicht angezeigt werden.</p>
      ) : (
        <p class="message__body">{message.body}</p>
      )}
      <p class="message__meta">
        {timeFormat.format(new Date(message.ts))}
        {message.mine && message.delivery === "sending" && " · wird gesendet …"}
        {message.mine && message.delivery === "sent" && " · gesendet"}
      </p>
      {message.delivery === "failed" && (
        <p class="message__failed" role="alert">
          Nicht gesendet.{" "}
          <button type="button" class="link-button" onClick={onRetry}>
            Noch einmal senden
          </button>
        </p>
      )}
    </li>
  );
}
