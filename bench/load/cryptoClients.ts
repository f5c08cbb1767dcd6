// The real E2EE clients of `npm run bench:load`, in a process of their own (started by
// bench/load/cryptoPairs.ts) so that their CPU and memory are measured apart from the bench's
// opaque traffic: matrix-js-sdk with its Rust crypto (WebAssembly), the way the seeker app's engine
// (web-client/src/matrix/engine.ts) runs it, in-memory stores. Pairs of clients — a seeker and a
// counselor in one real case room, Megolm-encrypted from the room's creation — send each other a
// real text message every LOTSE_LOAD_MESSAGE_S seconds (the opaque clients' rate and jitter) while
// a step runs. Latency: from the start of `sendMessage` (which encrypts, and shares the Megolm key
// where needed) until the other client has decrypted the event (its `Event.decrypted`).
//
// Protocol: JSON lines. stdin, from the bench: `{id, cmd: "pair", roomId, seeker, counselor}` (the
// sessions: homeserverUrl, userId, accessToken, deviceId), `{id, cmd: "start"}`, `{id, cmd:
// "stop"}`, `{id, cmd: "quit"}`. stdout, to the bench: `{id, ok: true, …}` or `{id, ok: false,
// error}`; `stop` answers with the step's figures (CryptoStepFigures). Diagnostics go to stderr.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { MatrixSession } from "../../test-support/src/matrixClient.ts";

// stdout is the protocol's: the SDK's chatter (some of its parts log through console.log/info/debug
// whatever the level set in test-support) goes nowhere, its warnings and errors to stderr.
const answerLine = process.stdout.write.bind(process.stdout);
console.log = console.info = console.debug = () => {};
console.warn = (...args: unknown[]) => console.error(...args);

const MB = 1048576;
/** RSS of node alone, then with the SDK loaded (imported here, after the first reading). */
const nodeRssMb = process.memoryUsage().rss / MB;
const { joinInvitedRoom, onDecryptedMessage, startE2eeClient, stopClient, until } = await import("../../test-support/src/matrixClient.ts");
const baseRssMb = process.memoryUsage().rss / MB;

type Client = Awaited<ReturnType<typeof startE2eeClient>>;
type Pair = { roomId: string; seeker: Client; counselor: Client };

/** What `stop` answers: one step of the crypto clients. */
export type CryptoStepFigures = {
  pairs: number;
  clients: number;
  /** Send start → decrypted by the other client, ms, sorted. */
  latencies: number[];
  sent: number;
  /** Sends that failed, plus messages not decrypted by the other side within 10 s after the step. */
  errors: number;
  /** This process's CPU over the step, % of one core (user + system, all threads). */
  cpuPct: number;
  rssMb: number;
  pssMb: number;
  /** RSS of this process before its first client: node alone, and with the SDK loaded. */
  nodeRssMb: number;
  baseRssMb: number;
  seconds: number;
};

export type CryptoRequest =
  | { id: number; cmd: "pair"; roomId: string; seeker: MatrixSession; counselor: MatrixSession }
  | { id: number; cmd: "start" }
  | { id: number; cmd: "stop" }
  | { id: number; cmd: "quit" };

const MESSAGE_S = Number(process.env["LOTSE_LOAD_MESSAGE_S"] ?? 10);
const log = (m: string) => console.error(`[crypto-clients] ${m}`);
function pssMb(): number {
  try {
    return Number(/^Pss:\s+(\d+)/mu.exec(readFileSync("/proc/self/smaps_rollup", "utf8"))?.[1] ?? 0) / 1024;
  } catch {
    return NaN;
  }
}

const pairs: Pair[] = [];
/** Messages on their way: marker → send start and the client that must decrypt it. */
const inFlight = new Map<string, { t: number; to: string }>();
let latencies: number[] = [];
let sent = 0;
let errors = 0;
let active = false;
let senders: Promise<void>[] = [];
let stepStart = { t: 0, cpu: process.cpuUsage() };

/** A German counseling-sized text (about 300 characters) with the marker the receiver looks for. */
function text(marker: string): string {
  return `[${marker}] Danke für Ihre Nachricht. Ich kann gut verstehen, dass Sie sich gerade Sorgen machen. Wir können gerne gemeinsam überlegen, welche nächsten Schritte für Sie passen — zum Beispiel ein Gespräch in der Beratungsstelle oder weitere Nachrichten hier. Schreiben Sie mir, was Ihnen im Moment am wichtigsten ist.`;
}
const MARKER = /^\[([0-9a-f]{32})\]/u;

function listen(client: Client) {
  const me = client.getUserId();
  onDecryptedMessage(client, ({ sender, body }) => {
    if (sender === me) return;
    const marker = MARKER.exec(body)?.[1];
    const entry = marker === undefined ? undefined : inFlight.get(marker);
    if (entry === undefined || entry.to !== me) return;
    inFlight.delete(marker!);
    latencies.push(Date.now() - entry.t);
  });
}

/** Both clients see both as joined: only then does a sender share its Megolm key with the other. */
async function bothJoined(pair: Pair): Promise<void> {
  const ids = [pair.seeker.getUserId()!, pair.counselor.getUserId()!];
  for (const c of [pair.seeker, pair.counselor]) {
    const missing = () => ids.filter((id) => c.getRoom(pair.roomId)?.getMember(id)?.membership !== "join").join(", ");
    await until(
      `both members joined in ${pair.roomId} as ${c.getUserId()} sees it`,
      () => {
        const room = c.getRoom(pair.roomId);
        return room !== null && room.hasEncryptionStateEvent() && ids.every((id) => room.getMember(id)?.membership === "join") ? true : undefined;
      },
      180_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message} (not joined in its view: ${missing() || "none, but no encryption state"})`);
    });
  }
}

async function pair(req: Extract<CryptoRequest, { cmd: "pair" }>): Promise<object> {
  const t0 = Date.now();
  // Start-up of one client: the Rust crypto's initialisation (keys made and uploaded) and the
  // first sync.
  const started = async (session: MatrixSession) => {
    const t = Date.now();
    const client = await startE2eeClient(session);
    return { client, ms: Date.now() - t };
  };
  const [s, c] = await Promise.all([started(req.seeker), started(req.counselor)]);
  const seeker = s.client;
  const counselor = c.client;
  listen(seeker);
  listen(counselor);
  // One after the other, as in life (the seeker is in the room long before a counselor takes the
  // case). Both at once, a run with 8 pairs once had a seeker whose client never saw the
  // counselor's join (the join landed while Synapse computed the seeker's own join sync).
  await joinInvitedRoom(seeker, req.roomId, 180_000);
  await joinInvitedRoom(counselor, req.roomId, 180_000);
  const p: Pair = { roomId: req.roomId, seeker, counselor };
  await bothJoined(p);
  pairs.push(p);
  return { pairs: pairs.length, startMs: [s.ms, c.ms], readyMs: Date.now() - t0 };
}

async function side(roomId: string, from: Client, to: Client): Promise<void> {
  const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  // The same jitter as the opaque clients: a random start, then 0.5–1.5 × the interval.
  await wait(Math.random() * MESSAGE_S * 1000);
  while (active) {
    const marker = randomBytes(16).toString("hex");
    inFlight.set(marker, { t: Date.now(), to: to.getUserId()! });
    sent++;
    try {
      await from.sendMessage(roomId, { msgtype: "m.text", body: text(marker) } as never);
    } catch (err) {
      errors++;
      inFlight.delete(marker);
      log(`send failed: ${(err as Error).message}`);
    }
    await wait(MESSAGE_S * 1000 * (0.5 + Math.random()));
  }
}

function start(): object {
  latencies = [];
  sent = 0;
  errors = 0;
  inFlight.clear();
  active = true;
  stepStart = { t: Date.now(), cpu: process.cpuUsage() };
  senders = pairs.flatMap((p) => [side(p.roomId, p.seeker, p.counselor), side(p.roomId, p.counselor, p.seeker)]);
  return {};
}

async function stop(): Promise<CryptoStepFigures> {
  active = false;
  const seconds = (Date.now() - stepStart.t) / 1000;
  const cpu = process.cpuUsage(stepStart.cpu);
  const rssMb = process.memoryUsage().rss / MB;
  const pss = pssMb();
  await Promise.all(senders);
  // Messages still on their way are counted as they are decrypted, up to 10 s more (the opaque
  // clients' rule); the rest are errors.
  await until("the last decryptions", () => (inFlight.size === 0 ? true : undefined), 10_000).catch(() => undefined);
  const lost = inFlight.size;
  inFlight.clear();
  return {
    pairs: pairs.length,
    clients: pairs.length * 2,
    latencies: [...latencies].sort((a, b) => a - b),
    sent,
    errors: errors + lost,
    cpuPct: Math.round(((cpu.user + cpu.system) / 1e6 / seconds) * 100),
    rssMb: Math.round(rssMb),
    pssMb: Math.round(pss),
    nodeRssMb: Math.round(nodeRssMb),
    baseRssMb: Math.round(baseRssMb),
    seconds,
  };
}

function answer(msg: object) {
  answerLine(`${JSON.stringify(msg)}\n`);
}

async function quit(): Promise<never> {
  active = false;
  for (const p of pairs) {
    await stopClient(p.seeker);
    await stopClient(p.counselor);
  }
  process.exit(0);
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (line.trim() === "") return;
  const req = JSON.parse(line) as CryptoRequest;
  const work: Promise<object> =
    req.cmd === "pair" ? pair(req) : req.cmd === "start" ? Promise.resolve(start()) : req.cmd === "stop" ? stop() : quit();
  work.then(
    (result) => answer({ id: req.id, ok: true, ...result }),
    (err: unknown) => answer({ id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) }),
  );
});
// The bench gone (stdin closed): nothing left to measure for.
lines.on("close", () => void quit());
