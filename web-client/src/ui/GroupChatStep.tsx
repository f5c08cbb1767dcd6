// A group's conversation and the private word with its moderator: the same message list as a
// case's chat, with the writers' chosen names (never account ids). Before the start the seeker can
// read along; writing opens at the start time (the platform refuses messages before it, too).
import { useEffect, useRef, useState } from "preact/hooks";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { withSeparators } from "../domain/chatView.ts";
import { FormError, StepHeading } from "./Field.tsx";
import { intlLocale } from "../i18n/locale.ts";
import { localName } from "../i18n/topics.ts";
import { MessageItem, useConversation } from "./ChatStep.tsx";
import { AttachmentComposerSlot, AttachmentSlot } from "./lazyAttachments.tsx";
import { useNow } from "./useNow.ts";
import { groupRunning, groupStartsOn, groupWhen } from "./groupTime.ts";

export function GroupChatStep({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = flow.t;
  const g = state.group;
  const summary = flow.groupById(g.groupId);
  const whisper = g.view === "whisper" && g.whisperId !== null;
  const conversationId = whisper ? g.whisperId : g.conversationId;
  const engine = state.chat.engine === "ready" ? flow.engine : null;
  const conversation = useConversation(engine, conversationId);
  const now = useNow();
  const [draft, setDraft] = useState("");
  const listEnd = useRef<HTMLDivElement>(null);
  const intl = intlLocale(state.locale);
  const dayFormat = new Intl.DateTimeFormat(intl, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  const timeFormat = new Intl.DateTimeFormat(intl, { hour: "2-digit", minute: "2-digit" });

  const ready = conversation?.phase === "ready";
  // Before the start only the group's own conversation is read-only; the private word needs a running session anyway.
  const running = summary === undefined ? true : groupRunning(summary, now);
  const canWrite = ready && (whisper || running);
  useEffect(() => {
    if (ready && conversationId !== null && engine !== null) engine.markRead(conversationId);
  }, [ready, conversation?.messages.length]);
  useEffect(() => {
    listEnd.current?.scrollIntoView({ block: "end" });
  }, [conversation?.messages.length]);
  useEffect(() => setDraft(""), [conversationId]);

  const failed = state.chat.failed || state.chat.engine === "failed" || conversation?.phase === "failed";
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const text = draft.trim();
    if (text === "" || !canWrite || engine === null || conversationId === null) return;
    setDraft("");
    void engine.send(conversationId, text);
  };
  const closedHint = !whisper && summary !== undefined && !running ? t.groupBeforeStart(groupStartsOn(summary, state.locale, t)) : null;

  return (
    <section aria-labelledby="step-heading" class="chat">
      <StepHeading>{whisper ? t.whisperHeading : (summary?.title ?? t.groupHeadingFallback)}</StepHeading>
      {whisper ? (
        <p class="lead">{t.whisperLead}</p>
      ) : (
        summary !== undefined && (
          <p class="chat__meta">
            {localName(summary.topic.name, state.locale)} · <span>{groupWhen(summary, now, state.locale, t)}</span>
          </p>
        )
      )}
      {closedHint !== null && (
        <p class="notice" id="group-closed-hint">
          {closedHint}
        </p>
      )}

      {failed ? (
        <div class="notice notice--error" role="alert">
          <p>{t.chatLoadFailed}</p>
          <button type="button" class="button button--secondary" onClick={() => flow.retryGroupConversation()}>
            {t.tryAgain}
          </button>
        </div>
      ) : !ready ? (
        <p role="status" class="lead">
          {conversationId === null || g.joining ? t.groupJoining : t.chatLoading}
        </p>
      ) : conversation.messages.length === 0 ? (
        <p class="lead">{t.groupEmpty}</p>
      ) : null}

      {ready && conversation.messages.length > 0 && (
        <ol class="messages" aria-label={whisper ? t.whisperHeading : t.groupMessagesLabel}>
          {withSeparators(conversation.messages, null, (ts) => dayFormat.format(new Date(ts))).map((item) =>
            item.kind === "day" ? (
              <li key={`day-${item.label}`} class="messages__day">
                <span>{item.label}</span>
              </li>
            ) : item.kind === "unread" ? null : (
              <MessageItem
                key={item.message.key}
                message={item.message}
                t={t}
                who={whisper ? t.whisperModerator : (item.message.senderName ?? t.groupParticipant)}
                time={timeFormat.format(new Date(item.message.ts))}
                renderAttachment={(m) => <AttachmentSlot engine={engine} conversationId={conversationId} message={m} locale={state.locale} />}
                onRetry={() => conversationId !== null && void engine?.retry(conversationId, item.message.key)}
              />
            ),
          )}
        </ol>
      )}
      <div ref={listEnd} />

      <form class="form composer" onSubmit={onSubmit} noValidate>
        <label for="field-message">{t.chatMessageLabel}</label>
        <textarea
          id="field-message"
          name="message"
          rows={3}
          value={draft}
          disabled={!canWrite}
          aria-describedby={closedHint !== null ? "group-closed-hint" : undefined}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit" class="button" disabled={!canWrite || draft.trim() === ""}>
          {t.chatSend}
        </button>
      </form>
      {(whisper || summary?.encrypted !== false) && (
        <AttachmentComposerSlot flow={flow} state={state} engine={engine} conversationId={conversationId} kind={whisper ? "whisper" : "group"} disabled={!canWrite} />
      )}

      <FormError message={g.whisperError ?? undefined} />
      <div class="actions">
        {whisper ? (
          <>
            <button type="button" class="button button--secondary" disabled={g.whisperBusy} onClick={() => void flow.endWhisper()}>
              {g.whisperBusy ? t.busy : t.whisperEnd}
            </button>
            <button type="button" class="link-button" onClick={() => flow.showGroupConversation()}>
              {t.whisperBackToGroup}
            </button>
          </>
        ) : (
          <>
            {g.whisperId !== null ? (
              <button type="button" class="button button--secondary" onClick={() => flow.showWhisper()}>
                {t.whisperOpenAgain}
              </button>
            ) : (
              running &&
              g.groupId !== null && (
                <button
                  type="button"
                  class="button button--secondary"
                  aria-describedby="whisper-hint"
                  disabled={g.whisperBusy}
                  onClick={() => void flow.askWhisper()}
                >
                  {g.whisperBusy ? t.busy : t.whisperAsk}
                </button>
              )
            )}
            <button type="button" class="link-button" onClick={() => flow.showGroups()}>
              {t.groupBackToList}
            </button>
          </>
        )}
      </div>
      {!whisper && g.whisperId === null && running && (
        <p class="field__hint" id="whisper-hint">
          {t.whisperAskHint}
        </p>
      )}
    </section>
  );
}
