// npm run chaos — faults under load, counted.
//
// Starts its own stack (instance "chaos": PostgreSQL, Synapse, API and bridge as real processes,
// ports from LOTSE_TEST_PORT_BASE, default 18000, + the usual offsets) with the demo agencies, and
// keeps three kinds of work going the whole time, as clients would:
//   - seekers register and open cases through the API (two at a time, about one case a second; a request that fails for
//     lack of an answer is retried, after checking whether the first try went through),
//   - a counselor types commands in the pool room (`!cases`, `!take N` for the newest waiting case),
//   - a second counselor writes plain messages in the same pool room.
// Matrix sends use one transaction id per message, so a retry after a lost answer cannot make a
// second event. During this the faults come one after the other, each after a calm spell:
//   1. `kill -9` of the bridge (a supervisor starts it again after 5 s, as compose's `restart:` does),
//   2. a restart of Synapse,
//   3. a restart of PostgreSQL (fast shutdown: every connection is cut), followed by the runbook's
//      restart of Synapse (docs/operations.md: Synapse does not recover from it by itself),
//   4. the API stopped for LOTSE_CHAOS_API_DOWN_S seconds (default 60).
// Then the load stops and the bench waits until everything has settled (every case has its room,
// no room job pending, every command answered), up to 15 minutes, and counts against the
// databases and the pool room's timeline:
//   - lost: a case without a room, a failed room job, a command without an answer, a message that
//     never arrived; duplicated: a case with two rooms in Synapse, a command answered twice, a
//     message stored twice.
// Each item is counted under the fault during which it was started (or "calm" between faults).
// Last line: `chaos faults=4 lost=… duplicated=… settled_s=…`.
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { createDb } from "../../store/src/index.ts";
import { startService, type Service } from "../../scripts/src/children.ts";
import { seedDemo } from "../../scripts/src/seedDemo.ts";
import { infraFacts, processEnv, startInfrastructure, testPorts } from "../../scripts/src/stack.ts";
import { http, sleep, until } from "../shared/net.ts";

const API_DOWN_S = Number(process.env["LOTSE_CHAOS_API_DOWN_S"] ?? 60);
const CALM_S = Number(process.env["LOTSE_CHAOS_CALM_S"] ?? 20);
/** Pause of each of the two case openers between cases (about one new case per second in all). */
const OPEN_PAUSE_MS = Number(process.env["LOTSE_CHAOS_OPEN_PAUSE_MS"] ?? 1500);
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

const workers = [opener(1), opener(2), commander(), talker()];

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
log(`load stopped: ${openedCases.length} cases, ${commands.length} commands, ${messages.length} messages`);

// ---- settle, then count ---------------------------------------------------------------------
type TimelineEvent = { event_id: string; sender: string; type: string; content: Record<string, any> };
async function poolTimeline(): Promise<TimelineEvent[]> {
  const out: TimelineEvent[] = [];
  let from: string | undefined;
  for (;;) {
    const q = new URLSearchParams({ dir: "b", limit: "1000", ...(from ? { from } : {}) });
    const r = await http("GET", `${hs}/_matrix/client/v3/rooms/${encodeURIComponent(poolRoomId)}/messages?${q}`, undefined, tok2);
    if (r.status !== 200) throw new Error(`messages: ${r.status}`);
    out.push(...(r.json.chunk as TimelineEvent[]));
    if (!r.json.end || r.json.chunk.length === 0) return out;
    from = r.json.end;
  }
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
    return commands.every((c) => (replies.get(c.eventId) ?? 0) > 0);
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

console.log("");
console.log("fault                  downtime_s  work_started  lost  duplicated");
const fmt = (name: string, down: string, r: Row) =>
  console.log(`${name.padEnd(22)} ${down.padStart(10)}  ${String(r.work).padStart(12)}  ${String(r.lost).padStart(4)}  ${String(r.duplicated).padStart(10)}`);
for (const f of results) fmt(f.fault, f.downtimeS.toFixed(1), row(f.fault));
fmt("calm (between faults)", "-", row("calm"));
console.log("");
console.log(`work: ${openedCases.length} cases opened (${openFailures} registrations refused), ${commands.length} commands, ${messages.length} pool messages`);
console.log(`failed room jobs: ${failed}${failedJobs.length ? " (" + failedJobs.map((j) => `${j.kind}: ${j.n}`).join(", ") + ")" : ""}`);
console.log(`settled ${(settledMs / 1000).toFixed(0)} s after the load stopped; processes alive: bridge ${bridge.alive()}, api ${api.alive()}`);
console.log(`unplanned process exits: ${unplannedExits.length ? unplannedExits.join(", ") : "none"}`);
const lost = [...rows.values()].reduce((a, r) => a + r.lost, 0) + failed;
const duplicated = [...rows.values()].reduce((a, r) => a + r.duplicated, 0);
console.log(`chaos faults=${results.length} lost=${lost} duplicated=${duplicated} unplanned_exits=${unplannedExits.length} settled_s=${(settledMs / 1000).toFixed(0)}`);

shuttingDown = true;
await bridge.stop();
await api.stop();
await close();
await infra.stop();
process.exit(lost === 0 && duplicated === 0 && unplannedExits.length === 0 ? 0 : 1);
