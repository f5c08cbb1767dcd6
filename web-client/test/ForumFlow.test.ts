// The forum view model: a first post's title line, a forum room's messages grouped into threads
// (m.thread answers under their first post, most recently active first), and the flow against a
// stand-in API (list, threads, join, report).
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../src/domain/chat.ts";
import { ApiError } from "../src/api/ApiError.ts";
import { ForumFlow, firstPostBody, splitFirstPost, threadsOf } from "../src/domain/ForumFlow.ts";
import type { SeekerFlow } from "../src/domain/SeekerFlow.ts";

const msg = (key: string, body: string, ts: number, threadRoot?: string): ChatMessage => ({
  key,
  body,
  mine: false,
  ts,
  delivery: "sent",
  locked: false,
  ...(threadRoot === undefined ? {} : { threadRoot }),
});

describe("forum threads", () => {
  it("takes the first non-empty line as the title and keeps the rest as the text", () => {
    expect(splitFirstPost("\n  Mahnungen?  \nDrei Briefe\nund mehr")).toEqual({ title: "Mahnungen?", text: "Drei Briefe\nund mehr" });
    expect(splitFirstPost("   ")).toEqual({ title: "", text: "" });
    expect(firstPostBody("  Mahnungen   und  Briefe ", " Text ")).toBe("Mahnungen und Briefe\nText");
    expect(firstPostBody("Nur ein Titel", "  ")).toBe("Nur ein Titel");
  });

  it("groups answers under their first post, newest activity first, and leaves out what it cannot place", () => {
    const threads = threadsOf([
      msg("$a", "Erstes Thema\nText A", 1),
      msg("$b", "Zweites Thema", 2),
      msg("$r1", "Antwort auf A", 5, "$a"),
      msg("$r2", "Antwort auf etwas Unbekanntes", 6, "$gone"),
      { ...msg("$c", "", 7), locked: true },
    ]);
    expect(threads.map((t) => [t.title, t.text, t.replies.map((r) => r.key), t.lastTs])).toEqual([
      ["Erstes Thema", "Text A", ["$r1"], 5],
      ["Zweites Thema", "", [], 2],
    ]);
  });
});

describe("the forum view model against a stand-in API", () => {
  type Call = { method: string; path: string; body?: unknown };
  function setup(answers: Record<string, unknown>) {
    const calls: Call[] = [];
    const opened: string[] = [];
    const engine = { open: async (id: string) => void opened.push(id), send: async () => undefined };
    const flow = {
      api: {
        call: async (method: string, path: string, _token?: string, body?: unknown) => {
          calls.push({ method, path, body });
          const a = answers[`${method} ${path}`];
          if (a instanceof Error) throw a;
          if (a === undefined) throw new ApiError(404, "LOTSE_NOT_FOUND", "no");
          return a;
        },
      },
      authed: <T>(f: (t: string) => Promise<T>) => f("token"),
      chatEngine: async () => engine,
      engine,
    };
    return { ff: new ForumFlow(flow as unknown as SeekerFlow), calls, opened };
  }
  const list = { topic: { id: "schulden", name: { de: "Schulden", en: "Debts" } }, encrypted: false, threadCount: 1, complete: true, threads: [] };

  it("loads the list on the first visit and again when coming back to it", async () => {
    const { ff, calls } = setup({ "GET /v1/forums": [], "GET /v1/forums/schulden/threads": list });
    await ff.show(null);
    expect(ff.state.forums).toEqual({ status: "ready", value: [] });
    await ff.show("schulden");
    expect(ff.state.threads).toEqual({ status: "ready", value: list });
    await ff.show(null);
    expect(calls.map((c) => c.path)).toEqual(["/v1/forums", "/v1/forums/schulden/threads", "/v1/forums"]);
  });

  it("joins and opens the forum's conversation; a temporary account is told in words", async () => {
    const ok = setup({ "GET /v1/forums/schulden/threads": list, "POST /v1/forums/schulden/join": { roomId: "!r" } });
    await ok.ff.show("schulden");
    await ok.ff.join();
    expect(ok.ff.state).toMatchObject({ roomId: "!r", joining: false, joinError: null });
    expect(ok.opened).toEqual(["!r"]);
    const temp = setup({ "GET /v1/forums/schulden/threads": list, "POST /v1/forums/schulden/join": new ApiError(403, "LOTSE_TEMPORARY_ACCOUNT", "no") });
    await temp.ff.show("schulden");
    await temp.ff.join();
    expect(temp.ff.state).toMatchObject({ roomId: null, joinError: "temporary" });
  });

  it("reports after a confirmation, with the reason chosen; too many reports are said so", async () => {
    const { ff, calls } = setup({ "GET /v1/forums/schulden/threads": list, "POST /v1/forums/schulden/reports": { reportId: "x" } });
    await ff.show("schulden");
    ff.askReport("$post");
    ff.chooseReason("insult");
    await ff.confirmReport();
    expect(calls.at(-1)).toEqual({ method: "POST", path: "/v1/forums/schulden/reports", body: { eventId: "$post", reason: "insult" } });
    expect(ff.state).toMatchObject({ report: null, reported: ["$post"] });
    const limited = setup({ "GET /v1/forums/schulden/threads": list, "POST /v1/forums/schulden/reports": new ApiError(429, "LOTSE_RATE_LIMITED", "slow") });
    await limited.ff.show("schulden");
    limited.ff.askReport("$post");
    await limited.ff.confirmReport();
    expect(limited.ff.state.report).toMatchObject({ key: "$post", error: "too_many", busy: false });
  });
});
