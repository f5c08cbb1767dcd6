// The forum screens ("Austausch", issue 15), loaded on demand (ui/lazyForums.tsx): the list of
// forums, one forum's thread titles for visitors, and for members the threads themselves — read,
// start, answer, report a post (after a confirmation) — with the way to personal counseling on the
// forum's topic. A plain sentence says when a forum is not end-to-end encrypted.
import { useEffect, useMemo, useState } from "preact/hooks";
import type { ChatMessage } from "../domain/chat.ts";
import { ForumFlow, type ForumState, type ForumThread, type ReportReason, threadsOf } from "../domain/ForumFlow.ts";
import type { FlowState, SeekerFlow } from "../domain/SeekerFlow.ts";
import { forumCatalogues, type ForumMessages } from "../i18n/forums.ts";
import { intlLocale } from "../i18n/locale.ts";
import { localName } from "../i18n/topics.ts";
import { useConversation } from "./ChatStep.tsx";
import { StepHeading } from "./Field.tsx";
import "./forum.css";

const REASONS: ReportReason[] = ["spam", "insult", "danger", "personal_data", "other"];

const forumFlows = new WeakMap<SeekerFlow, ForumFlow>();

function useForumFlow(flow: SeekerFlow): [ForumFlow, ForumState] {
  const ff = useMemo(() => {
    let f = forumFlows.get(flow);
    if (f === undefined) {
      f = new ForumFlow(flow);
      forumFlows.set(flow, f);
    }
    return f;
  }, [flow]);
  const [state, setState] = useState(ff.state);
  useEffect(() => ff.subscribe(setState), [ff]);
  return [ff, state];
}

export function ForumScreen({ flow, state }: { flow: SeekerFlow; state: FlowState }) {
  const t = forumCatalogues[state.locale];
  const [ff, fs] = useForumFlow(flow);
  const topicId = state.forum.topicId;
  useEffect(() => {
    void ff.show(topicId);
  }, [topicId]);
  // The app asked for the heading's focus before this screen had loaded: give it now.
  useEffect(() => document.getElementById("step-heading")?.focus(), []);
  const dateFormat = new Intl.DateTimeFormat(intlLocale(state.locale), { day: "numeric", month: "long", year: "numeric" });
  const formatDate = (iso: string | number) => dateFormat.format(new Date(iso));

  if (topicId === null) {
    return (
      <section aria-labelledby="step-heading">
        <StepHeading>{t.heading}</StepHeading>
        <p class="lead">{t.lead}</p>
        {fs.forums.status === "loading" && (
          <p role="status" class="lead">
            {t.loading}
          </p>
        )}
        {fs.forums.status === "failed" && <Failed t={t} retry={() => void ff.loadForums()} />}
        {fs.forums.status === "ready" && (
          <ul class="forum-list" aria-label={t.listLabel}>
            {fs.forums.value.map((f) => (
              <li key={f.topic.id} class="forum-list__item">
                <button type="button" class="link-button forum-list__name" onClick={() => flow.showForums(f.topic.id)}>
                  {localName(f.topic.name, state.locale)}
                </button>
                <p class="forum-list__meta">
                  {t.threadCount(f.threadCount)} · {f.lastActivityAt === null ? t.noActivity : t.lastActive(formatDate(f.lastActivityAt))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  const list = fs.threads.status === "ready" ? fs.threads.value : null;
  const topic = list?.topic ?? (fs.forums.status === "ready" ? fs.forums.value.find((f) => f.topic.id === topicId)?.topic : undefined);
  const topicName = topic === undefined ? "" : localName(topic.name, state.locale);
  return (
    <section aria-labelledby="step-heading" class="forum">
      <StepHeading>{t.forumHeading(topicName)}</StepHeading>
      <p>
        <button type="button" class="link-button" onClick={() => flow.showForums(null)}>
          {t.backToList}
        </button>
      </p>
      {list !== null && !list.encrypted && (
        <p class="notice" id="forum-not-encrypted">
          {t.notEncrypted}
        </p>
      )}
      {fs.threads.status === "loading" && (
        <p role="status" class="lead">
          {t.loading}
        </p>
      )}
      {fs.threads.status === "failed" && <Failed t={t} retry={() => void ff.loadThreads()} />}
      {list !== null && (fs.roomId === null ? <VisitorView flow={flow} state={state} ff={ff} fs={fs} t={t} formatDate={formatDate} /> : <MemberView flow={flow} state={state} ff={ff} fs={fs} t={t} formatDate={formatDate} />)}
      <div class="forum__counseling">
        <p>{t.personalCounselingLead}</p>
        <button type="button" class="button button--secondary" onClick={() => flow.beginCounselingOn(topicId)}>
          {t.personalCounseling}
        </button>
      </div>
    </section>
  );
}

type ViewProps = { flow: SeekerFlow; state: FlowState; ff: ForumFlow; fs: ForumState; t: ForumMessages; formatDate: (d: string | number) => string };

function Failed({ t, retry }: { t: ForumMessages; retry: () => void }) {
  return (
    <div class="notice notice--error" role="alert">
      <p>{t.loadFailed}</p>
      <button type="button" class="button button--secondary" onClick={retry}>
        {t.tryAgain}
      </button>
    </div>
  );
}

/** Titles only (the public list), and the way in: sign in, or join. */
function VisitorView({ flow, state, ff, fs, t, formatDate }: ViewProps) {
  const list = fs.threads.status === "ready" ? fs.threads.value : null;
  if (list === null) return null;
  const topicId = list.topic.id;
  return (
    <>
      {list.encrypted ? (
        <p class="lead">{t.encryptedCountsOnly(list.threadCount)}</p>
      ) : list.threads.length === 0 ? (
        <p class="lead">{t.noThreads}</p>
      ) : (
        <ul class="forum-threads" aria-label={t.threadsLabel}>
          {list.threads.map((th) => (
            <li key={th.threadId} class="forum-threads__item">
              <p class="forum-threads__title">{th.title}</p>
              <p class="forum-list__meta">
                {t.replies(th.replies)} · {t.lastActive(formatDate(th.lastActivityAt))}
              </p>
            </li>
          ))}
        </ul>
      )}
      {!state.signedIn ? (
        <div class="actions">
          <p>{t.visitorHint}</p>
          <button type="button" class="button" onClick={() => flow.signInForForum(topicId)}>
            {t.signInToJoin}
          </button>
        </div>
      ) : (
        <div class="actions">
          <button type="button" class="button" disabled={fs.joining} onClick={() => void ff.join()}>
            {fs.joining ? t.joining : t.join}
          </button>
          {fs.joinError !== null && (
            <p class="form-error" role="alert">
              {fs.joinError === "temporary" ? t.temporaryRefused : t.joinFailed}
            </p>
          )}
        </div>
      )}
    </>
  );
}

/** A member's view: the threads from the forum's room, one thread, writing, reporting. */
function MemberView({ flow, state, ff, fs, t, formatDate }: ViewProps) {
  const engine = state.chat.engine === "ready" ? flow.engine : null;
  const conversation = useConversation(engine, fs.roomId);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [titleError, setTitleError] = useState(false);
  const [answer, setAnswer] = useState("");
  const ready = conversation?.phase === "ready";
  const threads = ready ? threadsOf(conversation.messages) : [];
  const open = fs.threadId === null ? undefined : threads.find((th) => th.root.key === fs.threadId);

  if (conversation?.phase === "failed" || state.chat.engine === "failed") return <Failed t={t} retry={() => void ff.join()} />;
  if (!ready) {
    return (
      <p role="status" class="lead">
        {t.joining}
      </p>
    );
  }
  if (open !== undefined) {
    return (
      <article class="forum-thread" aria-labelledby="thread-title">
        <h2 id="thread-title">{open.title}</h2>
        <Post message={open.root} body={open.text} ff={ff} fs={fs} t={t} formatDate={formatDate} />
        <h3>{t.threadRepliesLabel}</h3>
        <ol class="forum-replies" aria-label={t.threadRepliesLabel}>
          {open.replies.map((m) => (
            <li key={m.key}>
              <Post message={m} body={m.body} ff={ff} fs={fs} t={t} formatDate={formatDate} />
            </li>
          ))}
        </ol>
        <form
          class="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (answer.trim() === "") return;
            void ff.reply(answer);
            setAnswer("");
          }}
        >
          <label for="field-forum-reply">{t.replyLabel}</label>
          <textarea id="field-forum-reply" name="reply" rows={3} value={answer} onInput={(e) => setAnswer(e.currentTarget.value)} />
          <button type="submit" class="button" disabled={answer.trim() === ""}>
            {t.sendReply}
          </button>
        </form>
        <p>
          <button type="button" class="link-button" onClick={() => ff.openThread(null)}>
            {t.backToThreads}
          </button>
        </p>
      </article>
    );
  }
  return (
    <>
      {threads.length === 0 ? (
        <p class="lead">{t.noThreads}</p>
      ) : (
        <ul class="forum-threads" aria-label={t.threadsLabel}>
          {threads.map((th: ForumThread) => (
            <li key={th.root.key} class="forum-threads__item">
              <button type="button" class="link-button forum-threads__title" onClick={() => ff.openThread(th.root.key)}>
                {th.title}
              </button>
              <p class="forum-list__meta">
                {t.replies(th.replies.length)} · {t.lastActive(formatDate(th.lastTs))}
              </p>
            </li>
          ))}
        </ul>
      )}
      <form
        class="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (title.trim() === "") {
            setTitleError(true);
            return;
          }
          void ff.startThread(title, text);
          setTitle("");
          setText("");
          setTitleError(false);
        }}
      >
        <h2>{t.newThreadHeading}</h2>
        <div class={titleError ? "field field--invalid" : "field"}>
          <label for="field-forum-title">{t.titleLabel}</label>
          <input
            id="field-forum-title"
            name="title"
            type="text"
            maxLength={120}
            value={title}
            aria-invalid={titleError}
            aria-describedby={titleError ? "field-forum-title-error" : undefined}
            onInput={(e) => setTitle(e.currentTarget.value)}
          />
          {titleError && (
            <p class="field__error" id="field-forum-title-error">
              {t.titleMissing}
            </p>
          )}
        </div>
        <div class="field">
          <label for="field-forum-text">{t.textLabel}</label>
          <textarea id="field-forum-text" name="text" rows={4} value={text} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <button type="submit" class="button">
          {t.startThread}
        </button>
      </form>
    </>
  );
}

function Post({ message, body, ff, fs, t, formatDate }: { message: ChatMessage; body: string; ff: ForumFlow; fs: ForumState; t: ForumMessages; formatDate: (d: string | number) => string }) {
  const reporting = fs.report !== null && fs.report.key === message.key ? fs.report : null;
  const reported = fs.reported.includes(message.key);
  return (
    <div class={message.mine ? "message message--mine forum-post" : "message forum-post"}>
      <p class="message__who">{message.mine ? t.you : (message.senderName ?? t.member)}</p>
      {body !== "" && <p class="message__body">{body}</p>}
      <p class="message__meta">
        {formatDate(message.ts)}
        {message.mine && message.delivery === "sending" && ` · ${t.sending}`}
        {message.mine && message.delivery === "failed" && ` · ${t.notSent}`}
      </p>
      {reported ? (
        <p role="status" class="field__hint">
          {t.reportDone}
        </p>
      ) : (
        !message.mine &&
        reporting === null &&
        message.key.startsWith("$") && (
          <button type="button" class="link-button" onClick={() => ff.askReport(message.key)}>
            {t.report}
          </button>
        )
      )}
      {reporting !== null && (
        <div class="forum-report" role="group" aria-labelledby={`report-${message.key}`}>
          <h3 id={`report-${message.key}`}>{t.reportHeading}</h3>
          <p>{t.reportQuestion}</p>
          <fieldset>
            <legend>{t.reasonLegend}</legend>
            {REASONS.map((r) => (
              <label key={r} class="radio">
                <input type="radio" name={`reason-${message.key}`} value={r} checked={reporting.reason === r} onChange={() => ff.chooseReason(r)} /> {t.reasons[r]}
              </label>
            ))}
          </fieldset>
          {reporting.error !== null && (
            <p class="form-error" role="alert">
              {reporting.error === "too_many" ? t.reportTooMany : t.reportFailed}
            </p>
          )}
          <div class="actions">
            <button type="button" class="button" disabled={reporting.busy} onClick={() => void ff.confirmReport()}>
              {t.reportConfirm}
            </button>
            <button type="button" class="button button--secondary" onClick={() => ff.cancelReport()}>
              {t.reportCancel}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
