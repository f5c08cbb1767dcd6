// The bridge's one seam for inbound Matrix events. Synapse pushes every event of interest to the
// appservice in transactions; this router is registered once as a matrix-bot-sdk *preprocessor* —
// not an event listener — on purpose: the SDK awaits preprocessors before it answers the
// homeserver's transaction, while listeners are fire-and-forget. So a transaction is acknowledged
// only after every handler's effect is committed; if the bridge dies first, Synapse re-sends the
// transaction after the restart, and each handler's `claimEvent` row (processed_events, in the same
// database transaction as its effect) makes the re-sent event a no-op for the handlers that had
// already acted.
//
// The router parses each event once, drops the bot's own events, hands the event to every handler
// that declared its type (in the declared order: the seeker guard first), and classifies errors
// once: a briefly unreachable database or network is worth a re-send (the error propagates and
// Synapse retries the transaction); anything else would fail again and block every later event
// behind it, so it is logged — never content — and dropped.
import type { Logger } from "pino";

/** An inbound event with the fields the bridge reads, their types checked. */
export type InboundEvent = {
  event_id: string;
  room_id: string;
  sender: string;
  type: string;
  /** Present on state events (the empty string is a state key). */
  state_key?: string;
  content: Record<string, unknown>;
  origin_server_ts?: number;
};

/** The event as the homeserver sent it, or undefined when it lacks an id, room, sender or type. */
export function parseInboundEvent(raw: unknown): InboundEvent | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const e = raw as Record<string, unknown>;
  if (typeof e.event_id !== "string" || typeof e.room_id !== "string" || typeof e.sender !== "string" || typeof e.type !== "string") return undefined;
  const content = typeof e.content === "object" && e.content !== null && !Array.isArray(e.content) ? (e.content as Record<string, unknown>) : {};
  return {
    event_id: e.event_id,
    room_id: e.room_id,
    sender: e.sender,
    type: e.type,
    ...(typeof e.state_key === "string" ? { state_key: e.state_key } : {}),
    content,
    ...(typeof e.origin_server_ts === "number" ? { origin_server_ts: e.origin_server_ts } : {}),
  };
}

/** A declared consumer of inbound events: its name (for logs), the event types it wants, what it does. */
export type EventHandler = {
  readonly name: string;
  readonly eventTypes: readonly string[];
  handle(event: InboundEvent): Promise<void>;
};

/**
 * Worth a re-send: PostgreSQL connection loss, shutdown, serialization failure or deadlock
 * (SQLSTATE 08…, 57P…, 40001, 40P01) and Node's network errors (ECONNREFUSED, ETIMEDOUT, …).
 */
export function isRetryableEventError(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && (/^(08|57P|40001|40P01)/.test(code) || /^E[A-Z]+$/.test(code));
}

// drizzle wraps every driver error in a DrizzleQueryError whose `code` is on its `cause` and whose
// message quotes the SQL and its parameters (which can be what a counselor wrote, e.g. `!away`'s
// message). So the code is looked for along the cause chain, and only the innermost message is
// logged (PostgreSQL's own text names constraints, never values).
function causes(err: unknown): object[] {
  const chain: object[] = [];
  for (let e = err; typeof e === "object" && e !== null && chain.length < 5; e = (e as { cause?: unknown }).cause) chain.push(e);
  return chain;
}

function errorCode(err: unknown): string | undefined {
  for (const e of causes(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function errorText(err: unknown): string {
  const innermost = causes(err).findLast((e) => e instanceof Error);
  return innermost instanceof Error ? innermost.message.slice(0, 200) : "error";
}

/** The matrix-bot-sdk IPreprocessor shape. */
export type EventRouter = {
  getSupportedEventTypes(): string[];
  processEvent(event: unknown): Promise<void>;
};

/** What the router reports for metrics (metrics.ts): lag on arrival, each handler's time and outcome. */
export type EventObserver = {
  received(originServerTs: number): void;
  handled(handler: string, outcome: "ok" | "failed" | "retry", seconds: number): void;
};

export function eventRouter(opts: { handlers: readonly EventHandler[]; botUserId: string; log: Logger; observe?: EventObserver }): EventRouter {
  const types = [...new Set(opts.handlers.flatMap((h) => h.eventTypes))];
  return {
    getSupportedEventTypes: () => [...types],
    async processEvent(raw) {
      const event = parseInboundEvent(raw);
      if (!event || event.sender === opts.botUserId) return;
      if (event.origin_server_ts !== undefined) opts.observe?.received(event.origin_server_ts);
      for (const handler of opts.handlers) {
        if (!handler.eventTypes.includes(event.type)) continue;
        const started = performance.now();
        try {
          await handler.handle(event);
          opts.observe?.handled(handler.name, "ok", (performance.now() - started) / 1000);
        } catch (err) {
          const retry = isRetryableEventError(err);
          opts.observe?.handled(handler.name, retry ? "retry" : "failed", (performance.now() - started) / 1000);
          // Never the event's content: its id, the handler, the error's code and message start.
          opts.log.error({ handler: handler.name, eventId: event.event_id, code: errorCode(err), err: errorText(err), retry }, "acting on an event failed");
          if (retry) throw err;
        }
      }
    },
  };
}
