// The view model of the peer-exchange forums ("Austausch", issue 15), loaded on demand with the
// forum screens (ui/lazyForums.tsx), so nothing here weighs on the first page. Visitors see the
// forum list and thread titles (public API); signed-in seekers join a forum (the bot invites them)
// and then read and write in its room through the chat engine: a thread is a first post (title =
// its first line) and the answers related to it with `m.thread`. Reporting a post names it to the
// moderators (POST /v1/forums/:topic/reports), never its content. Plain TypeScript with immutable
// snapshots and listeners, like SeekerFlow; the views read `state` and call the methods.
import { isApiError } from "../api/ApiError.ts";
import type { ChatMessage } from "./chat.ts";
import type { SeekerFlow, Loadable } from "./SeekerFlow.ts";

export type ForumSummary = {
  topic: { id: string; name: { de: string; en: string } };
  threadCount: number;
  complete: boolean;
  lastActivityAt: string | null;
  encrypted: boolean;
};

export type ForumThreadTitle = { threadId: string; title: string; replies: number; lastActivityAt: string };

export type ForumThreadList = {
  topic: { id: string; name: { de: string; en: string } };
  encrypted: boolean;
  threadCount: number;
  complete: boolean;
  threads: ForumThreadTitle[];
};

export type ReportReason = "spam" | "insult" | "danger" | "personal_data" | "other";

export type ForumState = {
  forums: Loadable<ForumSummary[]>;
  threads: Loadable<ForumThreadList>;
  /** The forum's room once joined (this session); null before. */
  roomId: string | null;
  joining: boolean;
  joinError: "failed" | "temporary" | null;
  /** The open thread (its first post's key), or null: the list of threads. */
  threadId: string | null;
  report: { key: string; reason: ReportReason; busy: boolean; error: "failed" | "too_many" | null } | null;
  /** Keys of posts reported in this session (the view says thank you next to them). */
  reported: string[];
};

/** A thread as the member's screen shows it: the first post, its title line, the answers. */
export type ForumThread = { root: ChatMessage; title: string; text: string; replies: ChatMessage[]; lastTs: number };

/** Title line and the rest of a first post (the title is its first non-empty line). */
export function splitFirstPost(body: string): { title: string; text: string } {
  const lines = body.split(/\r?\n/u);
  const at = lines.findIndex((l) => l.trim() !== "");
  if (at === -1) return { title: "", text: "" };
  return { title: lines[at]!.trim(), text: lines.slice(at + 1).join("\n").trim() };
}

/** The first post's body as sent: the title line, then the text. */
export function firstPostBody(title: string, text: string): string {
  const t = title.replace(/\s+/gu, " ").trim();
  const rest = text.trim();
  return rest === "" ? t : `${t}\n${rest}`;
}

/** Messages of a forum room grouped into threads, most recently active first. */
export function threadsOf(messages: readonly ChatMessage[]): ForumThread[] {
  const byRoot = new Map<string, ForumThread>();
  for (const m of messages) {
    if (m.threadRoot !== undefined || m.locked) continue;
    const { title, text } = splitFirstPost(m.body);
    if (title === "") continue;
    byRoot.set(m.key, { root: m, title, text, replies: [], lastTs: m.ts });
  }
  for (const m of messages) {
    if (m.threadRoot === undefined) continue;
    const thread = byRoot.get(m.threadRoot);
    if (thread === undefined) continue;
    thread.replies.push(m);
    thread.lastTs = Math.max(thread.lastTs, m.ts);
  }
  return [...byRoot.values()].sort((a, b) => b.lastTs - a.lastTs);
}

const encode = encodeURIComponent;

export class ForumFlow {
  #state: ForumState = { forums: { status: "loading" }, threads: { status: "loading" }, roomId: null, joining: false, joinError: null, threadId: null, report: null, reported: [] };
  readonly #listeners = new Set<(s: ForumState) => void>();
  readonly #flow: SeekerFlow;
  /** The forum shown; undefined until the first show(). */
  #topicId: string | null | undefined = undefined;
  #seq = 0;

  constructor(flow: SeekerFlow) {
    this.#flow = flow;
  }

  get state(): ForumState {
    return this.#state;
  }

  subscribe(listener: (s: ForumState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Follows the app's choice of forum (null: the list). */
  async show(topicId: string | null): Promise<void> {
    if (topicId === this.#topicId && (topicId === null ? this.#state.forums.status !== "failed" : this.#state.threads.status !== "failed")) {
      // Back on the list: its counts may have changed.
      if (topicId === null) await this.loadForums();
      return;
    }
    this.#topicId = topicId;
    this.#set({ threadId: null, report: null, roomId: null, joinError: null, joining: false });
    if (topicId === null) await this.loadForums();
    else await this.loadThreads();
  }

  async loadForums(): Promise<void> {
    const seq = ++this.#seq;
    this.#set({ forums: { status: "loading" } });
    try {
      const forums = await this.#flow.api.call<ForumSummary[]>("GET", "/v1/forums");
      if (seq === this.#seq) this.#set({ forums: { status: "ready", value: forums } });
    } catch (err) {
      if (seq === this.#seq) this.#set({ forums: { status: "failed", message: String(isApiError(err) ? err.errcode : err) } });
    }
  }

  async loadThreads(): Promise<void> {
    const topicId = this.#topicId;
    if (topicId === null || topicId === undefined) return;
    const seq = ++this.#seq;
    this.#set({ threads: { status: "loading" } });
    try {
      const list = await this.#flow.api.call<ForumThreadList>("GET", `/v1/forums/${encode(topicId)}/threads`);
      if (seq === this.#seq) this.#set({ threads: { status: "ready", value: list } });
    } catch (err) {
      if (seq === this.#seq) this.#set({ threads: { status: "failed", message: String(isApiError(err) ? err.errcode : err) } });
    }
  }

  /** Joins the forum (the bot invites the seeker) and opens its room in the chat engine. */
  async join(): Promise<void> {
    const topicId = this.#topicId;
    if (topicId === null || topicId === undefined || this.#state.joining) return;
    this.#set({ joining: true, joinError: null });
    let roomId: string;
    try {
      roomId = (await this.#flow.authed((t) => this.#flow.api.call<{ roomId: string }>("POST", `/v1/forums/${encode(topicId)}/join`, t))).roomId;
    } catch (err) {
      this.#set({ joining: false, joinError: isApiError(err) && err.errcode === "LOTSE_TEMPORARY_ACCOUNT" ? "temporary" : "failed" });
      return;
    }
    const engine = await this.#flow.chatEngine();
    if (engine === null || this.#topicId !== topicId) {
      this.#set({ joining: false, joinError: engine === null ? "failed" : null });
      return;
    }
    const encrypted = this.#state.threads.status === "ready" ? this.#state.threads.value.encrypted : false;
    this.#set({ roomId });
    await engine.open(roomId, { encrypted });
    this.#set({ joining: false });
  }

  openThread(key: string | null): void {
    this.#set({ threadId: key, report: null });
  }

  /** Starts a thread: the title line, then the text. */
  async startThread(title: string, text: string): Promise<void> {
    const roomId = this.#state.roomId;
    const engine = this.#flow.engine;
    if (roomId === null || engine === null || title.trim() === "") return;
    await engine.send(roomId, firstPostBody(title, text));
  }

  async reply(text: string): Promise<void> {
    const roomId = this.#state.roomId;
    const engine = this.#flow.engine;
    const root = this.#state.threadId;
    if (roomId === null || engine === null || root === null || text.trim() === "") return;
    await engine.send(roomId, text.trim(), { threadRoot: root });
  }

  /** Asks for the confirmation before a post is reported. */
  askReport(key: string): void {
    this.#set({ report: { key, reason: "other", busy: false, error: null } });
  }

  chooseReason(reason: ReportReason): void {
    if (this.#state.report !== null) this.#set({ report: { ...this.#state.report, reason } });
  }

  cancelReport(): void {
    this.#set({ report: null });
  }

  async confirmReport(): Promise<void> {
    const report = this.#state.report;
    const topicId = this.#topicId;
    if (report === null || report.busy || topicId === null || topicId === undefined) return;
    this.#set({ report: { ...report, busy: true, error: null } });
    try {
      await this.#flow.authed((t) => this.#flow.api.call("POST", `/v1/forums/${encode(topicId)}/reports`, t, { eventId: report.key, reason: report.reason }));
      this.#set({ report: null, reported: [...this.#state.reported, report.key] });
    } catch (err) {
      this.#set({ report: { ...report, busy: false, error: isApiError(err) && err.status === 429 ? "too_many" : "failed" } });
    }
  }

  #set(patch: Partial<ForumState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const l of this.#listeners) l(this.#state);
  }
}
