import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../src/domain/chat.ts";
import { withSeparators } from "../src/domain/chatView.ts";
import { accountKeyOf } from "../src/domain/SeekerFlow.ts";

const msg = (key: string, iso: string, mine = false): ChatMessage => ({
  key,
  body: key,
  mine,
  ts: Date.parse(iso),
  delivery: "sent",
  locked: false,
});
const isoDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);

describe("withSeparators", () => {
  it("puts a day separator before the first message of each day and the marker before the first unread", () => {
    const items = withSeparators(
      [msg("a", "2026-11-20T10:00:00Z", true), msg("b", "2026-11-20T11:00:00Z"), msg("c", "2026-11-21T09:00:00Z")],
      "c",
      isoDay,
    );
    expect(items.map((i) => (i.kind === "message" ? i.message.key : i.kind === "day" ? i.label : "unread"))).toEqual([
      "2026-11-20",
      "a",
      "b",
      "2026-11-21",
      "unread",
      "c",
    ]);
  });

  it("shows no marker when everything was seen", () => {
    const items = withSeparators([msg("a", "2026-11-20T10:00:00Z")], null, isoDay);
    expect(items.some((i) => i.kind === "unread")).toBe(false);
  });
});

describe("accountKeyOf", () => {
  it("reads the token's subject, and falls back for anything unreadable", () => {
    const payload = btoa(JSON.stringify({ sub: "6f1c2a9e-0000-4000-8000-000000000001", role: "seeker" }))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/u, "");
    expect(accountKeyOf(`h.${payload}.s`)).toBe("6f1c2a9e-0000-4000-8000-000000000001");
    expect(accountKeyOf("not a token")).toBe("default");
  });
});
