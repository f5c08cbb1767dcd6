// The forum view model's pure parts: a first post's title line, and a forum room's messages grouped
// into threads (m.thread answers under their first post, most recently active first).
import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../src/domain/chat.ts";
import { firstPostBody, splitFirstPost, threadsOf } from "../src/domain/ForumFlow.ts";

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
