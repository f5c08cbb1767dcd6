// The event router's pure behaviour: which handlers see which events, and what an error does.
import { DrizzleQueryError } from "drizzle-orm";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { type EventHandler, eventRouter, isRetryableEventError, parseInboundEvent } from "../src/events/EventRouter.ts";

const bot = "@lotse:test";
const log = pino({ level: "silent" });
const ev = (type: string, extra: Record<string, unknown> = {}) => ({ event_id: `$${Math.random()}`, room_id: "!r:test", sender: "@anna:test", type, content: { body: "x" }, ...extra });

function recorder(name: string, eventTypes: string[], fail?: unknown): EventHandler & { seen: string[] } {
  const seen: string[] = [];
  return {
    name,
    eventTypes,
    seen,
    handle: async (e) => {
      seen.push(e.type);
      if (fail) throw fail;
    },
  };
}

describe("the event router", () => {
  it("hands each event to the handlers that declared its type, in order, and lists their types once", async () => {
    const order: string[] = [];
    const a: EventHandler = { name: "a", eventTypes: ["m.room.member", "m.room.message"], handle: async () => void order.push("a") };
    const b: EventHandler = { name: "b", eventTypes: ["m.room.message"], handle: async () => void order.push("b") };
    const c: EventHandler = { name: "c", eventTypes: ["m.room.encrypted"], handle: async () => void order.push("c") };
    const router = eventRouter({ handlers: [a, b, c], botUserId: bot, log });
    expect(router.getSupportedEventTypes().sort()).toEqual(["m.room.encrypted", "m.room.member", "m.room.message"]);
    await router.processEvent(ev("m.room.message"));
    await router.processEvent(ev("m.room.encrypted"));
    await router.processEvent(ev("m.room.topic"));
    expect(order).toEqual(["a", "b", "c"]);
  });

  it("drops the bot's own events and events without id, room, sender or type", async () => {
    const h = recorder("h", ["m.room.message"]);
    const router = eventRouter({ handlers: [h], botUserId: bot, log });
    await router.processEvent(ev("m.room.message", { sender: bot }));
    await router.processEvent({ type: "m.room.message", room_id: "!r:test", sender: "@a:test" });
    await router.processEvent(null);
    expect(h.seen).toEqual([]);
  });

  it("parses state keys and timestamps once; content is always an object", () => {
    expect(parseInboundEvent({ ...ev("m.room.member"), state_key: "", origin_server_ts: 5, content: "no" })).toMatchObject({ state_key: "", origin_server_ts: 5, content: {} });
    expect(parseInboundEvent(ev("m.room.message"))?.state_key).toBeUndefined();
  });

  it("re-throws what a re-send can cure (the transaction is retried) and logs and drops the rest", async () => {
    const transient = Object.assign(new Error("connection lost"), { code: "08006" });
    const broken = Object.assign(new Error("syntax"), { code: "42601" });
    const after = recorder("after", ["m.room.message"]);
    const dropping = eventRouter({ handlers: [recorder("bad", ["m.room.message"], broken), after], botUserId: bot, log });
    await expect(dropping.processEvent(ev("m.room.message"))).resolves.toBeUndefined();
    expect(after.seen).toEqual(["m.room.message"]);
    const retrying = eventRouter({ handlers: [recorder("flaky", ["m.room.message"], transient)], botUserId: bot, log });
    await expect(retrying.processEvent(ev("m.room.message"))).rejects.toBe(transient);
    expect(isRetryableEventError({ code: "ECONNREFUSED" })).toBe(true);
    expect(isRetryableEventError({ code: "40P01" })).toBe(true);
    expect(isRetryableEventError({ code: "23505" })).toBe(false);
    expect(isRetryableEventError(new Error("plain"))).toBe(false);
    // drizzle wraps the driver's error; the code is on the cause.
    const pg = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
    expect(isRetryableEventError(new DrizzleQueryError("select 1", [], pg("57P01")))).toBe(true);
    expect(isRetryableEventError(new DrizzleQueryError("select 1", [], pg("23505")))).toBe(false);
  });

  it("logs the driver's message, not drizzle's wrapper that quotes the query's parameters", async () => {
    const lines: Record<string, unknown>[] = [];
    const recording = pino({ level: "info" }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) });
    const failing: EventHandler = {
      name: "a",
      eventTypes: ["m.room.message"],
      handle: async () => {
        throw new DrizzleQueryError("update counselors set away_message = $1", ["I am away until Monday"], Object.assign(new Error("invalid input syntax"), { code: "22P02" }));
      },
    };
    await eventRouter({ handlers: [failing], botUserId: bot, log: recording }).processEvent(ev("m.room.message"));
    expect(lines).toMatchObject([{ msg: "acting on an event failed", handler: "a", code: "22P02", err: "invalid input syntax", retry: false }]);
    expect(JSON.stringify(lines)).not.toContain("away until Monday");
  });
});
