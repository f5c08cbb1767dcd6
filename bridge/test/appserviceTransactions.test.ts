// The appservice listener (matrix-bot-sdk, patched: patches/matrix-bot-sdk@0.8.0.patch) when
// acting on a transaction fails: the bridge's event router throws to have the homeserver re-send
// (its database unreachable), or the SDK's own homeserver call fails (the homeserver restarting).
// Unpatched, that was an unhandled rejection that ended the bridge (seen in `npm run chaos` when
// Synapse restarted) and the transaction never got an answer. Now: 500, the process lives on, and
// the re-sent transaction is acted on. Real HTTP against the SDK's listener; no homeserver needed.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Appservice, MemoryStorageProvider } from "matrix-bot-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const hsToken = `hs_${Math.random().toString(36).slice(2)}`;
let appservice: Appservice;
let port: number;
let failNext = 0;
const seen: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
// A homeserver that hangs up on every request, as a restarting Synapse does.
let deadHomeserver: Server;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const p = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

function putTransaction(txnId: string, events: unknown[]) {
  return fetch(`http://127.0.0.1:${port}/_matrix/app/v1/transactions/${txnId}`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${hsToken}` },
    body: JSON.stringify({ events }),
  });
}

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  deadHomeserver = createServer((req) => req.socket.destroy());
  await new Promise<void>((r) => deadHomeserver.listen(0, "127.0.0.1", r));
  port = await freePort();
  appservice = new Appservice({
    homeserverName: "example.test",
    homeserverUrl: `http://127.0.0.1:${(deadHomeserver.address() as AddressInfo).port}`,
    port,
    bindAddress: "127.0.0.1",
    registration: {
      id: "test",
      url: `http://127.0.0.1:${port}`,
      as_token: "as_token",
      hs_token: hsToken,
      sender_localpart: "bot",
      namespaces: { users: [{ exclusive: true, regex: "@lotse_.*:example.test" }], aliases: [], rooms: [] },
      rate_limited: false,
    },
    storage: new MemoryStorageProvider(),
  });
  appservice.addPreprocessor({
    getSupportedEventTypes: () => ["m.room.message"],
    async processEvent(event: { event_id: string }) {
      if (failNext > 0) {
        failNext--;
        throw new Error("database unreachable");
      }
      seen.push(event.event_id);
    },
  });
  // begin() listens first, then registers the bot at the (dead) homeserver: that part fails.
  await appservice.begin().catch(() => {});
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  appservice.stop();
  await new Promise<void>((r) => deadHomeserver.close(() => r()));
});

const message = (id: string) => ({ type: "m.room.message", event_id: id, room_id: "!r:example.test", sender: "@anna:example.test", content: { body: "…" } });
const member = (id: string) => ({
  type: "m.room.member",
  event_id: id,
  room_id: "!r:example.test",
  sender: "@bot:example.test",
  state_key: "@lotse_x:example.test",
  content: { membership: "invite" },
});

describe("appservice transactions that fail", () => {
  it("answer 500 when an event handler asks for a re-send, and act on the re-sent transaction", async () => {
    failNext = 1;
    const first = await putTransaction("t1", [message("$a")]);
    expect(first.status).toBe(500);
    expect(seen).toEqual([]);
    const again = await putTransaction("t1", [message("$a")]);
    expect(again.status).toBe(200);
    expect(seen).toEqual(["$a"]);
    expect(unhandled).toEqual([]);
  });

  it("answer 500 when the SDK's own homeserver call fails (membership of a namespaced user), without an unhandled rejection", async () => {
    const res = await putTransaction("t2", [member("$m")]);
    expect(res.status).toBe(500);
    // Give a stray rejection the turn of the event loop it would need to surface.
    await new Promise((r) => setImmediate(r));
    expect(unhandled).toEqual([]);
  });
});
