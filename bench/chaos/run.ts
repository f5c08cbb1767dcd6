// npm run chaos — faults under load, counted.
//
// Starts its own stack (instance "chaos": PostgreSQL, Synapse, API and bridge as real processes,
// ports from LOTSE_TEST_PORT_BASE, default 18000, + the usual offsets) with the demo agencies, and
// keeps three kinds of work going the whole time, as clients would:
//   - seekers register and open cases through the API (two at a time, about one case a second; a request that fails for
//     lack of an answer is retried, after checking whether the first try went through),
//   - a counselor types commands in the pool room (`!cases`, `!take N` for the newest waiting case),
//   - a second counselor writes plain messages in the same pool room,
//   - LOTSE_CHAOS_CONVERSATIONS (default 10) conversations in real case rooms, the traffic of
//     `npm run bench:load` (bench/shared/traffic.ts): the seeker registered through the API opens a
//     case at a second agency, a counselor takes it and joins; both long-poll /sync and send a
//     Megolm-sized `m.room.encrypted` with a unique marker every LOTSE_CHAOS_MESSAGE_S seconds
//     (default 5, ± 50 %) each. A send without an answer, or refused with one, is retried with the
//     same transaction id until the homeserver confirms it (as a real client does); a sync error
//     backs off (up to 5 s) and resumes with the same `since`. Delivery latency is from the start
//     of the send until the other side's sync returns the event.
// Matrix sends use one transaction id per message, so a retry after a lost answer cannot make a
// second event. During this the faults come one after the other, each after a calm spell:
//   1. `kill -9` of the bridge (a supervisor starts it again after 5 s, as compose's `restart:` does),
//   2. a restart of Synapse,
//   3. a restart of PostgreSQL (fast shutdown: every connection is cut), followed by the runbook's
//      restart of Synapse (docs/operations.md: Synapse does not recover from it by itself),
//   4. the API stopped for LOTSE_CHAOS_API_DOWN_S seconds (default 60).
// Then the load stops and the bench waits until everything has settled (every case has its room,
// no room job pending, every command answered, every conversation message in the other side's
// sync), up to 15 minutes, and counts against the databases, the pool room's timeline and the
// conversations' sync and room history:
//   - lost: a case without a room, a failed room job, a command without an answer, a message that
//     never arrived (a conversation message: neither the receiving side's sync nor the room's
//     history has it); duplicated: a case with two rooms in Synapse, a command answered twice, a
//     message stored twice (a conversation marker in two events).
// Each item is counted under the fault during which it was started (or "calm" between faults);
// per window also the conversations' delivery latency p50/p99 (a fault's figure is its disruption).
// Last line: `chaos faults=4 lost=… duplicated=… settled_s=…`, conversation messages included.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createDb } from "../../store/src/index.ts";
import { startService, type Service } from "../../scripts/src/children.ts";
import { seedDemo } from "../../scripts/src/seedDemo.ts";
import { infraFacts, processEnv, startInfrastructure, testPorts } from "../../scripts/src/stack.ts";
import { http, sleep, until } from "../shared/net.ts";
import {
  makeCounselor,
  markerOf,
  megolmContent,
  openLotseConversation,
  percentile,
  rand,
  roomHistory,
  startConversation,
  syncLoop,
  type Client,
  type Conversation,
  type SyncHooks,
} from "../shared/traffic.ts";

const API_DOWN_S = Number(process.env["LOTSE_CHAOS_API_DOWN_S"] ?? 60);
const CALM_S = Number(process.env["LOTSE_CHAOS_CALM_S"] ?? 20);
/** Pause of each of the two case openers between cases (about one new case per second in all). */
const OPEN_PAUSE_MS = Number(process.env["LOTSE_CHAOS_OPEN_PAUSE_MS"] ?? 1500);
const CONVERSATIONS = Number(process.env["LOTSE_CHAOS_CONVERSATIONS"] ?? 10);
const MESSAGE_S = Number(process.env["LOTSE_CHAOS_MESSAGE_S"] ?? 5);
const log = (m: string) => console.error(`[chaos] ${new Date().toISOString().slice(11, 19)} ${m}`);

const infra = await startInfrastructure({ instance: "chaos", ports: testPorts(), fresh: true, testRateLimits: true, log });
const demo = await seedDemo({ ...infra, registrationSharedSecret: infra.secrets.registrationSharedSecret });
const env = {
  ...processEnv(infraFacts(infra)),
  LOTSE_LOG_LEVEL: "warn",
  // Registration and case opening are limited per client IP; every client of this bench is 127.0.0.1.
  LOTSE_RATE_LIMIT_MAX: "1000000",
};
const logDir = join(infra.dir, "logs");
const startBridge = () => startService({ name: "bridge", args: ["bridge/src/main.ts"], env, logDir });
const startApi = () => startService({ name: "api", args: ["provisioning-api/src/main.ts"], env, logDir });
// A supervisor as compose's `restart: unless-stopped` or systemd would be: a process that exits
// on its own is started again after 5 s; such unplanned exits are counted and printed.
const unplannedExits: string[] = [];
let planned = false;
let shuttingDown = false;
function supervised(name: string, start: () => Service, onNew: (s: Service) => void): Service {
  const s = start();
  void s.exited.then(async (code) => {
    if (planned || shuttingDown) return;
    unplannedExits.push(`${name} (exit ${code})`);
    log(`${name} exited on its own (code ${code}); the supervisor starts it again`);
    await sleep(5000);
    if (!shuttingDown) onNew(supervised(name, start, onNew));
  });
  return s;
}
let bridge: Service = supervised("bridge", startBridge, (s) => (bridge = s));
let api: Service = supervised("api", startApi, (s) => (api = s));
const { sql, close } = createDb(infra.databaseUrl, { max: 2 });
const apiUrl = `http://127.0.0.1:${infra.ports.api}`;
const hs = infra.homeserverUrl;

// ---- phases: every item remembers the phase it was started in -------------------------------
type Phase = { name: string; from: number; to?: number };
const phases: Phase[] = [{ name: "calm", from: Date.now() }];
const phase = () => phases[phases.length - 1]!.name;
function enter(name: string) {
  phases[phases.length - 1]!.to = Date.now();
  phases.push({ name, from: Date.now() });
}

// ---- small HTTP clients ---------------------------------------------------------------------
/** Retries while the other side does not answer or answers 5xx/429 (a client's patience). */
async function patiently<T>(what: string, attempt: () => Promise<T | "retry">, stop: () => boolean): Promise<T | undefined> {
  for (let i = 0; ; i++) {
    if (stop()) return undefined;
    try {
      const r = await attempt();
      if (r !== "retry") return r;
    } catch {
      // no answer: the process is down or restarting
    }
    await sleep(Math.min(2000, 200 * (i + 1)));
    if (i > 2000) throw new Error(`${what}: gave up`);
  }
}

async function matrixLogin(userId: string, password: string): Promise<string> {
  const r = await http("POST", `${hs}/_matrix/client/v3/login`, { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password });
  if (r.status !== 200) throw new Error(`login ${userId}: ${r.status}`);
  return r.json.access_token as string;
}

const agency = demo.agencies[0]!;
const [c1, c2] = demo.counselors.filter((c) => c.agencyId === agency.id);
if (!c1 || !c2) throw new Error("the demo agency needs two counselors");
const poolRoomId = await (async () => {
  for (;;) {
    const rows = await sql<{ pool: string | null }[]>`select pool_room_id as pool from agencies where id = ${agency.id}`;
    if (rows[0]?.pool) return rows[0].pool;
    await sleep(200);
  }
})();
const tok1 = await matrixLogin(c1.userId, c1.password);
const tok2 = await matrixLogin(c2.userId, c2.password);
for (const t of [tok1, tok2]) {
  await patiently("join pool room", async () => ((await http("POST", `${hs}/_matrix/client/v3/join/${encodeURIComponent(poolRoomId)}`, {}, t)).status === 200 ? true : "retry"), () => false);
}
log(`stack up; pool room of ${agency.name} joined by two counselors`);

// ---- conversations in case rooms (bench/shared/traffic.ts) -------------------------------------
// At a second agency, so that the case openers' churn at the first one does not invite these
// counselors; one counselor client per five conversations.
type ConvMessage = {
  phase: string;
  marker: string;
  roomId: string;
  startedAt: number;
  tries: number;
  /** Tries answered with an error / not answered at all. */
  refused: number;
  unanswered: number;
  /** When the try that got the confirmation started. */
  lastTryAt?: number;
  answeredAt?: number;
  eventId?: string;
  gaveUp?: boolean;
  /** Event ids the receiving side's sync returned with this marker, and the first's latency. */
  syncIds: Set<string>;
  latencyMs?: number;
  /** The event's origin_server_ts: before `lastTryAt`, an earlier try made it and lost its answer. */
  originTs?: number;
};
const convMessages = new Map<string, ConvMessage>();
const syncErrors = new Map<string, number>();
let convSyncDone = false;
const convHooks = (onInvite?: (roomId: string) => void): SyncHooks => ({
  onInvite,
  onEvent: (c, _roomId, ev, now) => {
    const marker = markerOf(ev);
    if (marker === undefined || ev.sender === c.userId) return;
    const m = convMessages.get(marker);
    if (!m) return;
    if (m.syncIds.size === 0) {
      m.latencyMs = now - m.startedAt;
      m.originTs = ev.origin_server_ts as number;
    }
    m.syncIds.add(ev.event_id as string);
  },
  onError: (_c, attempt) => {
    syncErrors.set(phase(), (syncErrors.get(phase()) ?? 0) + 1);
    return Math.min(5000, 250 * 2 ** attempt);
  },
});
const convStack = { hs, apiUrl, sql };
const convAgency = demo.agencies.find((a) => a.id !== agency.id)!;
const convTarget = { id: convAgency.id, topic: convAgency.topicIds[0]!, postcode: convAgency.samplePostcode };
const convCounselors: { client: Client; staffToken: string }[] = [];
for (let i = 0; i < Math.ceil(CONVERSATIONS / 5); i++) {
  const made = await makeCounselor(convStack, {
    sharedSecret: infra.secrets.registrationSharedSecret,
    serverName: infra.serverName,
    localpart: `chaosberatung${i}_${rand(3)}`,
    displayName: `Beratung ${i}`,
    agencyId: convAgency.id,
  });
  convCounselors.push(made);
  void syncLoop(hs, made.client, convHooks(), () => convSyncDone);
}
const conversations: Conversation[] = [];
await Promise.all(
  Array.from({ length: Math.min(4, CONVERSATIONS) }, async (_, k) => {
    for (let i = k; i < CONVERSATIONS; i += 4) {
      const { client, staffToken } = convCounselors[i % convCounselors.length]!;
      conversations.push(
        await openLotseConversation(convStack, {
          counselor: client,
          staffToken,
          target: convTarget,
          namePrefix: "Chaos",
          startSync: (seeker, onInvite) => void syncLoop(hs, seeker, convHooks(onInvite), () => convSyncDone),
        }),
      );
    }
  }),
);
log(`${conversations.length} conversations in case rooms of ${convAgency.name}`);

/** One Matrix message, sent until the homeserver confirms it; the same txn id every time. */
async function sendOnce(token: string, body: string): Promise<string> {
  const txn = randomBytes(12).toString("hex");
  const r = await patiently(
    "send",
    async () => {
      const res = await http("PUT", `${hs}/_matrix/client/v3/rooms/${encodeURIComponent(poolRoomId)}/send/m.room.message/${txn}`, { msgtype: "m.text", body }, token);
      return res.status === 200 ? (res.json.event_id as string) : "retry";
    },
    () => false,
  );
  return r!;
}

// ---- the load -------------------------------------------------------------------------------
let stopping = false;
type Item = { phase: string };
const openedCases: (Item & { caseId: string; caseNumber: number })[] = [];
const commands: (Item & { eventId: string; text: string })[] = [];
const messages: (Item & { eventId: string; marker: string })[] = [];
let openFailures = 0;

async function opener(n: number) {
  for (let i = 0; !stopping; i++) {
    const p = phase();
    const username = `Chaos ${randomBytes(5).toString("hex").replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!)}`;
    const password = randomBytes(12).toString("base64url");
    const topic = agency.topicIds[0]!;
    const postcode = agency.samplePostcode;
    // Register; a retry after a lost answer finds the name taken and signs in instead.
    const token = await patiently(
      "register",
      async () => {
        const r = await http("POST", `${apiUrl}/v1/seekers`, { username, password, topic, postcode });
        if (r.status === 201) return r.json.token as string;
        if (r.status === 409) {
          const l = await http("POST", `${apiUrl}/v1/login`, { username, password });
          return l.status === 200 ? (l.json.token as string) : "retry";
        }
        if (r.status >= 500 || r.status === 429) return "retry";
        throw Object.assign(new Error(`register ${r.status} ${JSON.stringify(r.json)}`), { fatal: true });
      },
      () => stopping,
    ).catch((e) => {
      openFailures++;
      log(`opener ${n}: ${String(e)}`);
      return undefined;
    });
    if (!token) continue;
    // Open the case; before a retry, look whether the first try went through.
    const opened = await patiently(
      "open case",
      async () => {
        const mine = await http("GET", `${apiUrl}/v1/cases`, undefined, token);
        if (mine.status !== 200) return "retry";
        if (mine.json.length > 0) return { caseId: mine.json[0].caseId as string, caseNumber: mine.json[0].caseNumber as number };
        const r = await http("POST", `${apiUrl}/v1/cases`, { topic, agencyId: agency.id }, token);
        if (r.status === 201) return { caseId: r.json.caseId as string, caseNumber: r.json.caseNumber as number };
        return "retry";
      },
      () => stopping,
    ).catch(() => undefined);
    if (opened) openedCases.push({ phase: p, ...opened });
    await sleep(OPEN_PAUSE_MS);
  }
}

async function commander() {
  for (let i = 0; !stopping; i++) {
    const p = phase();
    const waiting = openedCases.length > 0 && i % 2 === 1 ? openedCases[openedCases.length - 1]!.caseNumber : undefined;
    const text = waiting === undefined ? "!cases" : `!take ${waiting}`;
    const eventId = await sendOnce(tok1, text);
    commands.push({ phase: p, eventId, text });
    await sleep(1500);
  }
}

async function talker() {
  for (let i = 0; !stopping; i++) {
    const p = phase();
    const marker = `chaos-${i}-${randomBytes(6).toString("hex")}`;
    const eventId = await sendOnce(tok2, `Kurze Abstimmung im Team (${marker})`);
    messages.push({ phase: p, eventId, marker });
    await sleep(1000);
  }
}

/** One conversation message: the same content and transaction id on every try, until the
 * homeserver confirms it (or 15 minutes have passed: then it counts as lost unless it arrived). */
async function sendConv(from: Client, conv: Conversation): Promise<void> {
  const marker = rand(16);
  const txn = `chaos${rand(10)}`;
  const content = megolmContent(marker);
  const m: ConvMessage = { phase: phase(), marker, roomId: conv.roomId, startedAt: Date.now(), tries: 0, refused: 0, unanswered: 0, syncIds: new Set() };
  convMessages.set(marker, m);
  for (;;) {
    m.tries++;
    const tryAt = Date.now();
    try {
      const r = await http("PUT", `${hs}/_matrix/client/v3/rooms/${encodeURIComponent(conv.roomId)}/send/m.room.encrypted/${txn}`, content, from.token, 30_000);
      if (r.status === 200) {
        m.eventId = r.json.event_id as string;
        m.answeredAt = Date.now();
        m.lastTryAt = tryAt;
        return;
      }
      m.refused++;
    } catch {
      // no answer: Synapse is down or restarting
      m.unanswered++;
    }
    if (Date.now() - m.startedAt > 900_000) {
      m.gaveUp = true;
      return;
    }
    await sleep(Math.min(5000, 250 * 2 ** Math.min(m.tries, 5)));
  }
}

const workers = [
  opener(1),
  opener(2),
  commander(),
  talker(),
  ...conversations.map((conv) => startConversation(conv, { messageS: MESSAGE_S, isActive: () => !stopping, send: sendConv })),
];

// ---- the faults -----------------------------------------------------------------------------
const apiHealthy = async () => (await http("GET", `${apiUrl}/health`)).status === 200;
const synapseUp = async () => (await http("GET", `${hs}/_matrix/client/versions`)).status === 200;
/** The bridge is back when its appservice listener answers (any HTTP answer). */
const bridgeUp = async () => {
  await fetch(`http://127.0.0.1:${infra.ports.appservice}/_matrix/app/v1/ping`, { method: "POST", signal: AbortSignal.timeout(2000) });
  return true;
};

type FaultResult = { fault: string; downtimeS: number };
const results: FaultResult[] = [];
async function fault(name: string, act: () => Promise<void>) {
  await sleep(CALM_S * 1000);
  enter(name);
  const t0 = Date.now();
  log(`fault: ${name}`);
  await act();
  results.push({ fault: name, downtimeS: (Date.now() - t0) / 1000 });
  log(`recovered from ${name} after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  enter("calm");
}

await until("the bridge", bridgeUp, 60_000);
await fault("kill -9 bridge", async () => {
  planned = true;
  await bridge.kill();
  planned = false;
  await sleep(5000); // the supervisor's restart delay
  bridge = supervised("bridge", startBridge, (s) => (bridge = s));
  await until("the bridge back", bridgeUp, 120_000);
});
await fault("restart Synapse", async () => {
  await infra.restartSynapse();
  await until("Synapse back", synapseUp, 180_000);
});
await fault("restart PostgreSQL", async () => {
  await infra.restartPostgres();
  await until("API healthy again", apiHealthy, 180_000);
  // The runbook's step (docs/operations.md): Synapse 1.160 does not recover from a database
  // restart by itself — its in-memory state-group counter goes stale and every send into an
  // affected room answers 500 (unique violation on state_groups_persisting) until it restarts.
  await infra.restartSynapse();
  await until("Synapse answering", synapseUp, 180_000);
});
await fault(`API stopped ${API_DOWN_S} s`, async () => {
  planned = true;
  await api.stop();
  planned = false;
  await sleep(API_DOWN_S * 1000);
  api = supervised("api", startApi, (s) => (api = s));
  await until("the API back", apiHealthy, 120_000);
});
await sleep(CALM_S * 1000);
stopping = true;
enter("settling");
await Promise.all(workers);
log(`load stopped: ${openedCases.length} cases, ${commands.length} commands, ${messages.length} messages, ${convMessages.size} conversation messages`);

// ---- settle, then count ---------------------------------------------------------------------
type TimelineEvent = { event_id: string; sender: string; type: string; content: Record<string, any> };
const poolTimeline = (): Promise<TimelineEvent[]> => roomHistory(hs, tok2, poolRoomId);
/** The conversation rooms' histories (read by each seeker): marker → the event ids carrying it. */
async function conversationHistory(): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  for (const conv of conversations) {
    for (const ev of await roomHistory(hs, conv.seeker.token, conv.roomId)) {
      const marker = markerOf(ev);
      if (marker === undefined) continue;
      out.set(marker, (out.get(marker) ?? new Set()).add(ev.event_id as string));
    }
  }
  return out;
}
/** Conversation messages not (yet) in the receiving side's sync; once a minute has passed since
 * the homeserver confirmed them, the room's history stands in (a sync gap a client backfills). */
async function convUndelivered(): Promise<ConvMessage[]> {
  const missing = [...convMessages.values()].filter((m) => !m.gaveUp && (m.eventId === undefined || m.syncIds.size === 0));
  if (missing.some((m) => m.eventId === undefined || Date.now() - m.answeredAt! < 60_000)) return missing;
  if (missing.length === 0) return missing;
  const history = await conversationHistory();
  return missing.filter((m) => !history.has(m.marker));
}
const bot = `@${infra.botLocalpart}:${infra.serverName}`;
const replyCounts = (tl: TimelineEvent[]) => {
  const m = new Map<string, number>();
  for (const e of tl) {
    const to = e.sender === bot ? e.content?.["m.relates_to"]?.["m.in_reply_to"]?.event_id : undefined;
    if (typeof to === "string") m.set(to, (m.get(to) ?? 0) + 1);
  }
  return m;
};
const caseIds = openedCases.map((c) => c.caseId);
const t0 = Date.now();
const settledMs = await until(
  "everything settled",
  async () => {
    const roomless = (await sql<{ n: number }[]>`select count(*)::int as n from cases where id = any(${caseIds}) and room_id is null`)[0]!.n;
    const busy = (await sql<{ n: number }[]>`select count(*)::int as n from room_jobs where status in ('pending', 'running')`)[0]!.n;
    if (roomless > 0 || busy > 0) return false;
    const replies = replyCounts(await poolTimeline());
    if (!commands.every((c) => (replies.get(c.eventId) ?? 0) > 0)) return false;
    return (await convUndelivered()).length === 0;
  },
  900_000,
  200,
).then(() => Date.now() - t0, (e) => {
  log(String(e));
  return Date.now() - t0;
});

const timeline = await poolTimeline();
const replies = replyCounts(timeline);
const bodyCount = new Map<string, number>();
for (const e of timeline) {
  const m = /\((chaos-\d+-[0-9a-f]+)\)/.exec(String(e.content?.body ?? ""));
  if (m && e.sender === c2.userId) bodyCount.set(m[1]!, (bodyCount.get(m[1]!) ?? 0) + 1);
}
const roomsInSynapse = await (async () => {
  const { sql: s, close: closeSynapseDb } = createDb(infra.synapseDatabaseUrl, { max: 1 });
  try {
    const rows = await s<{ json: string }[]>`
      select ej.json from current_state_events cse join event_json ej using (event_id) where cse.type = 'org.lotse.room'`;
    const m = new Map<string, number>();
    for (const r of rows) {
      const id = (JSON.parse(r.json) as { content?: { caseId?: string } }).content?.caseId;
      if (id) m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  } finally {
    await closeSynapseDb();
  }
})();
const caseRows = await sql<{ id: string; roomId: string | null }[]>`select id, room_id as "roomId" from cases where id = any(${caseIds})`;
const roomOf = new Map(caseRows.map((r) => [r.id, r.roomId]));
const failedJobs = await sql<{ kind: string; n: number }[]>`select kind, count(*)::int as n from room_jobs where status = 'failed' group by kind`;

type Row = { work: number; lost: number; duplicated: number };
const rows = new Map<string, Row>();
const row = (p: string) => rows.get(p) ?? (rows.set(p, { work: 0, lost: 0, duplicated: 0 }), rows.get(p)!);
for (const c of openedCases) {
  const r = row(c.phase);
  r.work++;
  if (!roomOf.get(c.caseId)) r.lost++;
  if ((roomsInSynapse.get(c.caseId) ?? 0) > 1) r.duplicated++;
}
for (const c of commands) {
  const r = row(c.phase);
  r.work++;
  const n = replies.get(c.eventId) ?? 0;
  if (n === 0) r.lost++;
  if (n > 1) r.duplicated++;
}
for (const m of messages) {
  const r = row(m.phase);
  r.work++;
  const n = bodyCount.get(m.marker) ?? 0;
  if (n === 0) r.lost++;
  if (n > 1) r.duplicated++;
}
const failed = failedJobs.reduce((a, j) => a + j.n, 0);

// Conversation messages: arrived = the receiving side's sync or the room's history has the marker.
const convHistory = await conversationHistory();
convSyncDone = true;
type ConvRow = { sent: number; lost: number; duplicated: number; retried: number; latencies: number[] };
const convRows = new Map<string, ConvRow>();
const convRow = (p: string) => convRows.get(p) ?? (convRows.set(p, { sent: 0, lost: 0, duplicated: 0, retried: 0, latencies: [] }), convRows.get(p)!);
let historyOnly = 0;
let confirmedMissing = 0;
for (const m of convMessages.values()) {
  const r = convRow(m.phase);
  r.sent++;
  if (m.tries > 1) r.retried++;
  const ids = new Set([...m.syncIds, ...(convHistory.get(m.marker) ?? [])]);
  if (ids.size === 0) {
    r.lost++;
    if (m.eventId !== undefined) confirmedMissing++;
  }
  if (ids.size > 1) r.duplicated++;
  if (m.syncIds.size === 0 && ids.size > 0) historyOnly++;
  if (m.latencyMs !== undefined) r.latencies.push(m.latencyMs);
}
for (const r of convRows.values()) r.latencies.sort((a, b) => a - b);

console.log("");
console.log("                                  cases, commands, pool msgs | conversation messages (send start → other side's sync)");
console.log("fault                  downtime_s  work_started  lost  dup  |  sent  lost  dup  retried  sync_err  p50_ms  p99_ms");
const ms = (n: number) => (Number.isNaN(n) ? "-" : String(n));
const fmt = (name: string, down: string, phaseName: string) => {
  const r = row(phaseName);
  const c = convRow(phaseName);
  console.log(
    `${name.padEnd(22)} ${down.padStart(10)}  ${String(r.work).padStart(12)}  ${String(r.lost).padStart(4)}  ${String(r.duplicated).padStart(3)}  | ` +
      `${String(c.sent).padStart(5)}  ${String(c.lost).padStart(4)}  ${String(c.duplicated).padStart(3)}  ${String(c.retried).padStart(7)}  ${String(syncErrors.get(phaseName) ?? 0).padStart(8)}  ${ms(percentile(c.latencies, 50)).padStart(6)}  ${ms(percentile(c.latencies, 99)).padStart(6)}`,
  );
};
for (const f of results) fmt(f.fault, f.downtimeS.toFixed(1), f.fault);
fmt("calm (between faults)", "-", "calm");
if ((syncErrors.get("settling") ?? 0) > 0 || rows.has("settling") || convRows.has("settling")) fmt("settling", "-", "settling");
console.log("");
console.log(`work: ${openedCases.length} cases opened (${openFailures} registrations refused), ${commands.length} commands, ${messages.length} pool messages`);
console.log(
  `conversations: ${conversations.length} in case rooms, ${convMessages.size} messages (a message every ${MESSAGE_S} s per side), ` +
    `${[...convMessages.values()].filter((m) => m.tries > 1).length} needed a retry, ${historyOnly} arrived in the room but not in the other side's sync (a sync gap), ` +
    `${confirmedMissing} confirmed by the homeserver but missing`,
);
{
  const all = [...convMessages.values()];
  const sum = (f: (m: ConvMessage) => number) => all.reduce((a, m) => a + f(m), 0);
  const replayed = all.filter((m) => m.tries > 1 && m.originTs !== undefined && m.lastTryAt !== undefined && m.originTs < m.lastTryAt).length;
  console.log(
    `conversation retries: ${sum((m) => m.refused)} tries answered with an error, ${sum((m) => m.unanswered)} not answered; ` +
      `${replayed} messages confirmed by the homeserver's transaction-id deduplication (made by an earlier try whose answer was lost)`,
  );
}
console.log(`failed room jobs: ${failed}${failedJobs.length ? " (" + failedJobs.map((j) => `${j.kind}: ${j.n}`).join(", ") + ")" : ""}`);
console.log(`settled ${(settledMs / 1000).toFixed(0)} s after the load stopped; processes alive: bridge ${bridge.alive()}, api ${api.alive()}`);
console.log(`unplanned process exits: ${unplannedExits.length ? unplannedExits.join(", ") : "none"}`);
const convLost = [...convRows.values()].reduce((a, r) => a + r.lost, 0);
const convDuplicated = [...convRows.values()].reduce((a, r) => a + r.duplicated, 0);
const lost = [...rows.values()].reduce((a, r) => a + r.lost, 0) + failed + convLost;
const duplicated = [...rows.values()].reduce((a, r) => a + r.duplicated, 0) + convDuplicated;
console.log(
  `chaos faults=${results.length} lost=${lost} duplicated=${duplicated} unplanned_exits=${unplannedExits.length} settled_s=${(settledMs / 1000).toFixed(0)} ` +
    `conversation_messages=${convMessages.size} conversation_lost=${convLost} conversation_duplicated=${convDuplicated}`,
);

shuttingDown = true;
await bridge.stop();
await api.stop();
await close();
await infra.stop();
process.exit(lost === 0 && duplicated === 0 && unplannedExits.length === 0 ? 0 : 1);
