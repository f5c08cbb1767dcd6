// npm run bench:load — the whole platform at Caritas scale, under conversation load, beside bare
// Synapse in the same run.
//
// Starts its own stack (instance "bench-load": PostgreSQL, Synapse, coturn, the API and the bridge
// as real processes; ports from LOTSE_TEST_PORT_BASE, default 27000) and then:
//
//   1. Seeds Caritas scale (× LOTSE_LOAD_SCALE, default 1): the full-scale catalogue (1,600
//      agencies, 22 topics, 4,600 counselors, every region's postcode ranges); the 4,600 counselors
//      as homeserver users (Synapse's admin API); 57,000 seekers as homeserver users in the
//      appservice's namespace (the way the API registers them); a pool room for every agency,
//      made by the bridge through the outbox, every counselor of the agency invited; and a backlog
//      of LOTSE_LOAD_BACKLOG cases (default 200 × scale) through the API (registration, case, room).
//      Each part's time is printed.
//   2. Steady state, step by step (LOTSE_LOAD_STEPS, default 10,25,50,100,200 conversations at
//      once, LOTSE_LOAD_STEP_S seconds each, default 60): every conversation is a seeker and a
//      counselor client, each long-polling /sync and sending an event the size and shape of a
//      Megolm message (`m.room.encrypted`, 1.2 KB of random ciphertext: the server sees what it
//      would see) every LOTSE_LOAD_MESSAGE_S seconds (default 10, with jitter). Delivery latency is
//      from the start of the send until the other side's sync returns the event.
//        - "lotse": real case rooms — the seeker registered through the API, its case opened
//          through the API at one of the seeded agencies (a different one per counselor client, so
//          each case invites a real-sized pool), the room made by the bridge, the case taken
//          through the staff API and joined by its counselor only — with the bridge running (it
//          receives every event of these rooms from Synapse).
//        - "bare": the same traffic in plain rooms the seeker makes itself with the counselor
//          invited, users outside the appservice's namespace (Synapse alone).
//      The clients, the probe and the making of a lotse conversation live in
//      bench/shared/traffic.ts (npm run chaos runs the same conversations through its faults).
//      Per step and variant: p50/p99 latency, errors, CPU (% of one core) and memory (PSS) of
//      Synapse, the bridge, the API and PostgreSQL, the database sizes. The knee per variant: the
//      largest step with p99 ≤ 1 s and no errors.
//      Beside them, LOTSE_LOAD_CRYPTO_PAIRS (default 3) pairs of real matrix-js-sdk clients with
//      Rust crypto in real, Megolm-encrypted case rooms, in a process of their own
//      (bench/load/cryptoPairs.ts, cryptoClients.ts), write real text messages at the same rate
//      during every step of both variants (so both carry their traffic alike): latency send →
//      decrypted by the other side, and the clients' CPU and memory.
//   3. How cost grows: one counselor's initial /sync with 0, 100, 250 and 500 rooms; the bridge's
//      start-up time and memory with everything seeded.
//
// Last line: `load scale=… knee_lotse=… knee_bare=… …`. Figures are for this machine at this
// moment: the bench prints the load average next to them.
import { randomBytes } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { startService, type Service } from "../../scripts/src/children.ts";
import { registerAdminWithSharedSecret } from "../../scripts/src/matrixAdmin.ts";
import { seedDemo } from "../../scripts/src/seedDemo.ts";
import { FULL_SCALE, seedFullScale } from "../../scripts/src/seedFullScale.ts";
import { infraFacts, processEnv, startInfrastructure, testPorts } from "../../scripts/src/stack.ts";
import { createDb, enqueue } from "../../store/src/index.ts";
import {
  LatencyProbe,
  apiSeeker as apiSeekerAt,
  autoJoin,
  joinRoom,
  joinedBy,
  makeCounselor,
  ok,
  openLotseConversation,
  percentile,
  rand,
  startConversation as startConversationWith,
  syncLoop,
  type Client,
  type Conversation,
  type Target,
} from "../shared/traffic.ts";
import { http, sleep, until } from "../shared/net.ts";
import { cryptoLastLine, cryptoStepLine, cryptoSummary, startCryptoPairs } from "./cryptoPairs.ts";

const SCALE = Number(process.env["LOTSE_LOAD_SCALE"] ?? 1);
const STEPS = (process.env["LOTSE_LOAD_STEPS"] ?? "10,25,50,100,200").split(",").map((s) => Number(s.trim())).filter((n) => n > 0);
const STEP_S = Number(process.env["LOTSE_LOAD_STEP_S"] ?? 60);
const MESSAGE_S = Number(process.env["LOTSE_LOAD_MESSAGE_S"] ?? 10);
const SEEKERS = Math.round(57_000 * SCALE);
const BACKLOG = Number(process.env["LOTSE_LOAD_BACKLOG"] ?? Math.round(200 * SCALE));
const SYNC_ROOMS = [0, 100, 250, 500];
const CONCURRENCY = 8;
const MAX_C = Math.max(...STEPS);

const t00 = Date.now();
const log = (m: string) => console.error(`[load] ${((Date.now() - t00) / 1000).toFixed(0).padStart(5)} s  ${m}`);

// ---- the stack ------------------------------------------------------------------------------
const ports = testPorts(Number(process.env["LOTSE_TEST_PORT_BASE"] ?? 27000));
const infra = await startInfrastructure({ instance: "bench-load", ports, fresh: true, testRateLimits: true, log: () => {} });
const hs = infra.homeserverUrl;
const apiUrl = `http://127.0.0.1:${ports.api}`;
const serverName = infra.serverName;
const demo = await seedDemo({ ...infra, registrationSharedSecret: infra.secrets.registrationSharedSecret });
const adminToken = await registerAdminWithSharedSecret({
  homeserverUrl: hs,
  sharedSecret: infra.secrets.registrationSharedSecret,
  localpart: `loadadmin${rand(4)}`,
  password: rand(16),
});
const env = {
  ...processEnv(infraFacts(infra)),
  LOTSE_LOG_LEVEL: "warn",
  // Every client of this bench is 127.0.0.1: per-address limits would measure the limiter.
  LOTSE_RATE_LIMIT_MAX: "1000000",
  LOTSE_SYNAPSE_ADMIN_TOKEN: adminToken,
};
const logDir = join(infra.dir, "logs");
const startBridge = () => startService({ name: "bridge", args: ["bridge/src/main.ts"], env, logDir });
let bridgeRestarting = false;
/** A process that exits by itself ends the bench: its figures would mean nothing. */
function watched(s: Service, planned: () => boolean): Service {
  void s.exited.then((code) => {
    if (!planned() && !stopping) {
      console.error(`${s.name} exited by itself (code ${code}); see ${s.logFile}`);
      void shutdown(1);
    }
  });
  return s;
}
let bridge: Service = watched(startBridge(), () => bridgeRestarting);
const api: Service = watched(startService({ name: "api", args: ["provisioning-api/src/main.ts"], env, logDir }), () => false);
const { db, sql, close } = createDb(infra.databaseUrl, { max: 4 });

let stopping = false;
async function shutdown(code: number) {
  stopping = true;
  await Promise.allSettled([bridge.stop(), api.stop()]);
  await close().catch(() => undefined);
  await infra.stop();
  process.exit(code);
}
process.on("SIGTERM", () => void shutdown(143));
process.on("SIGINT", () => void shutdown(130));
// A failure anywhere stops the stack too (no Synapse or PostgreSQL left running).
for (const ev of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(ev, (err) => {
    console.error(err);
    void shutdown(1);
  });
}

// ---- HTTP ------------------------------------------------------------------------------------
/** Runs `work(i)` for i < n with `parallel` at once; returns the elapsed seconds. */
async function pool(n: number, parallel: number, work: (i: number) => Promise<void>): Promise<number> {
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallel, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
  return (Date.now() - t0) / 1000;
}
const q = encodeURIComponent;

// ---- processes: CPU and memory from /proc ------------------------------------------------------
const CLK_TCK = 100;
function pidOnPort(port: number): number | undefined {
  const out = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const m = /pid=(\d+)/u.exec(out);
  return m ? Number(m[1]) : undefined;
}
function childrenOf(pid: number): number[] {
  const kids: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/u.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) kids.push(Number(d));
    } catch {
      // gone
    }
  }
  return kids;
}
function ticksAndRss(pids: number[]): { ticks: number; pssKb: number } {
  let ticks = 0;
  let pssKb = 0;
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]);
      // PSS: shared pages (PostgreSQL's shared buffers) split among the processes sharing them.
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      pssKb += Number(/^Pss:\s+(\d+)/mu.exec(rollup)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return { ticks, pssKb };
}
type ProcName = "synapse" | "bridge" | "api" | "postgres";
function processPids(): Record<ProcName, number[]> {
  const synapse = pidOnPort(ports.synapse);
  const pg = pidOnPort(ports.postgres);
  return {
    synapse: synapse === undefined ? [] : [synapse],
    bridge: bridge.proc.pid === undefined ? [] : [bridge.proc.pid],
    api: api.proc.pid === undefined ? [] : [api.proc.pid],
    postgres: pg === undefined ? [] : [pg, ...childrenOf(pg)],
  };
}
type Usage = Record<ProcName, { cpuPct: number; pssMb: number }>;
function usageMeter(): () => Usage {
  const t0 = Date.now();
  const start = Object.fromEntries(Object.entries(processPids()).map(([k, pids]) => [k, ticksAndRss(pids).ticks])) as Record<ProcName, number>;
  return () => {
    const secs = (Date.now() - t0) / 1000;
    const now = processPids();
    const out = {} as Usage;
    for (const k of Object.keys(now) as ProcName[]) {
      const { ticks, pssKb } = ticksAndRss(now[k]);
      out[k] = { cpuPct: Math.round(((ticks - start[k]) / CLK_TCK / secs) * 100), pssMb: Math.round(pssKb / 1024) };
    }
    return out;
  };
}
async function dbSizes(): Promise<{ lotseMb: number; synapseMb: number }> {
  const rows = await sql<{ datname: string; bytes: string }[]>`select datname, pg_database_size(datname)::text as bytes from pg_database`;
  const size = (name: string) => Math.round(Number(rows.find((r) => r.datname === name)?.bytes ?? 0) / 1048576);
  const lotseDb = new URL(infra.databaseUrl).pathname.slice(1);
  const synapseDb = new URL(infra.synapseDatabaseUrl).pathname.slice(1);
  return { lotseMb: size(lotseDb), synapseMb: size(synapseDb) };
}

// ---- 1. seeding ----------------------------------------------------------------------------------
const seedTimes: { what: string; n: number; s: number }[] = [];
await until("the API", async () => ((await http("GET", `${apiUrl}/health`)).status === 200 ? true : undefined), 120_000);
log(`stack up (load average ${loadavg()[0]!.toFixed(1)}); seeding at scale ${SCALE}`);

{
  const t0 = Date.now();
  const summary = await seedFullScale({ databaseUrl: infra.databaseUrl, serverName });
  seedTimes.push({ what: `catalogue (${summary.agencies} agencies, ${summary.ranges} ranges, ${summary.counselors} counselor rows)`, n: summary.agencies, s: (Date.now() - t0) / 1000 });
}
// Scale below 1: keep a matching share of the catalogue's agencies and counselors on Synapse.
const agencyRows = await sql<{ id: string }[]>`select id from agencies order by id limit ${Math.round(FULL_SCALE.agencies * SCALE) + demo.agencies.length}`;
const counselorRows = await sql<{ matrix_user_id: string }[]>`
  select c.matrix_user_id from counselors c
  where c.matrix_user_id not in ${sql(demo.counselors.map((c) => c.userId).concat([demo.platformAdmin.userId]))}
  order by c.id limit ${Math.round(FULL_SCALE.counselors * SCALE)}`;
{
  const s = await pool(counselorRows.length, CONCURRENCY, async (i) => {
    const userId = counselorRows[i]!.matrix_user_id;
    const r = await http("PUT", `${hs}/_synapse/admin/v2/users/${q(userId)}`, { displayname: `Beratung ${i}` }, adminToken);
    if (r.status !== 200 && r.status !== 201) throw new Error(`counselor ${i}: ${r.status}`);
  });
  seedTimes.push({ what: "counselors on Synapse (admin API)", n: counselorRows.length, s });
  log(`${counselorRows.length} counselors registered in ${s.toFixed(0)} s`);
}
{
  const s = await pool(SEEKERS, CONCURRENCY, async (i) => {
    const r = await http("POST", `${hs}/_matrix/client/v3/register`, { type: "m.login.application_service", username: `${infra.userPrefix}load${i}_${rand(3)}`, inhibit_login: true }, infra.secrets.asToken);
    if (r.status !== 200) throw new Error(`seeker ${i}: ${r.status} ${JSON.stringify(r.json)}`);
    if (i > 0 && i % 10_000 === 0) log(`  … ${i} seekers`);
  });
  seedTimes.push({ what: "seekers on Synapse (appservice)", n: SEEKERS, s });
  log(`${SEEKERS} seekers registered in ${s.toFixed(0)} s`);
}
{
  const t0 = Date.now();
  await db.transaction(async (tx) => {
    for (const a of agencyRows) await enqueue(tx, "agency.ensure_pool_room", { agencyId: a.id }, { key: `agency.ensure_pool_room:${a.id}` });
  });
  const ids = agencyRows.map((a) => a.id);
  let last = -1;
  await until(
    "every pool room",
    async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from agencies where id in ${sql(ids)} and pool_room_id is not null`;
      if (row!.n !== last && row!.n % 100 < (last % 100)) log(`  … ${row!.n} pool rooms`);
      last = row!.n;
      return row!.n === ids.length ? true : undefined;
    },
    6 * 3600_000,
    2000,
  );
  const s = (Date.now() - t0) / 1000;
  seedTimes.push({ what: "pool rooms by the bridge (outbox), counselors invited", n: ids.length, s });
  log(`${ids.length} pool rooms in ${s.toFixed(0)} s`);
}

// Seekers through the API (registration, Matrix session, case; the bridge makes the room).
const agency = demo.agencies[0]!;
const topic = agency.topicIds[0]!;
const demoTarget: Target = { id: agency.id, topic, postcode: agency.samplePostcode };
const stack = { hs, apiUrl, sql };
const apiSeeker = (target: Target = demoTarget) => apiSeekerAt(apiUrl, target);
{
  const s = await pool(BACKLOG, 4, async () => {
    await apiSeeker();
  });
  await until(
    "the backlog's rooms",
    async () => {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from cases where room_id is null`;
      return row!.n === 0 ? true : undefined;
    },
    3600_000,
    1000,
  );
  const total = (Date.now() - t00) / 1000;
  seedTimes.push({ what: "backlog cases through the API, rooms by the bridge", n: BACKLOG, s });
  log(`backlog of ${BACKLOG} cases in ${s.toFixed(0)} s (all rooms made; ${total.toFixed(0)} s since start)`);
}

// ---- 2. steady state -------------------------------------------------------------------------
// Counselors for the conversations: one client per five conversations, each in its own agency.
const COUNSELORS = Math.max(2, Math.ceil(MAX_C / 5));
const counselors: Client[] = [];
const staffTokens = new Map<string, string>();
// Conversations are spread over agencies as they are in life (at Caritas scale an agency has about
// three counselors): each load counselor joins a different seeded agency (its pool room exists),
// and the seekers of its conversations choose that agency, a topic it serves and a postcode in its
// range. (All in one agency, every new case would invite all load counselors and every take remove
// them again — a first full-scale run measured that churn instead of conversations.)
const targets = await sql<Target[]>`
  select distinct on (a.id) a.id, r.topic_id as topic, r.from_postcode as postcode
  from agencies a
  join agency_postcode_ranges r on r.agency_id = a.id
  join agency_topics t on t.agency_id = a.id and t.topic_id = r.topic_id
  where a.online and a.pool_room_id is not null and a.deleted_at is null and a.id <> ${agency.id}
  order by a.id, r.topic_id
  limit ${COUNSELORS}`;
if (targets.length === 0) throw new Error("no seeded agency with a pool room for the conversations");
const targetOf = new Map<string, Target>();
{
  await pool(COUNSELORS, 4, async (i) => {
    const target = targets[i % targets.length]!;
    const { client, staffToken } = await makeCounselor(stack, {
      sharedSecret: infra.secrets.registrationSharedSecret,
      serverName,
      localpart: `loadberatung${i}_${rand(3)}`,
      displayName: `Beratung ${i}`,
      agencyId: target.id,
    });
    counselors[i] = client;
    targetOf.set(client.userId, target);
    staffTokens.set(client.userId, staffToken);
  });
}

// The latency probe: a marker in the event's `session_id` (opaque to the server, like Megolm's);
// the conversation machinery lives in bench/shared/traffic.ts.
const probe = new LatencyProbe();
const isStopping = () => stopping;
const startSync = (c: Client, onInvite?: (roomId: string) => void) => void syncLoop(hs, c, probe.syncHooks(isStopping, onInvite), isStopping);
const send = probe.sender(hs);
const startConversation = (conv: Conversation, isActive: () => boolean) => startConversationWith(conv, { messageS: MESSAGE_S, isActive: () => isActive() && !stopping, send });

// A counselor accepts only the rooms of the cases they took (the pool's invitations to waiting cases
// stay unanswered, as in Element): `joinRoom` in the conversation, not on every invitation.
for (const c of counselors) startSync(c);

const lotseConvs: Conversation[] = [];
const bareConvs: Conversation[] = [];
async function addLotseConversation(i: number): Promise<void> {
  const counselor = counselors[i % counselors.length]!;
  const conv = await openLotseConversation(stack, { counselor, staffToken: staffTokens.get(counselor.userId)!, target: targetOf.get(counselor.userId)!, startSync });
  lotseConvs.push(conv);
}
async function addBareConversation(i: number): Promise<void> {
  const userId = `@plain${i}_${rand(3)}:${serverName}`;
  await ok("plain user", http("PUT", `${hs}/_synapse/admin/v2/users/${q(userId)}`, { displayname: `Ratsuchende ${i}` }, adminToken), 201);
  const login = await ok("plain login", http("POST", `${hs}/_synapse/admin/v1/users/${q(userId)}/login`, {}, adminToken));
  const seeker: Client = { userId, token: login.access_token as string, rooms: new Set() };
  const counselor = counselors[i % counselors.length]!;
  const created = await ok(
    "createRoom",
    http(
      "POST",
      `${hs}/_matrix/client/v3/createRoom`,
      { preset: "private_chat", invite: [counselor.userId], initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }] },
      seeker.token,
    ),
  );
  const roomId = created.room_id as string;
  await joinRoom(hs, counselor, roomId);
  await joinedBy(hs, counselor, roomId);
  startSync(seeker, autoJoin(hs, seeker));
  bareConvs.push({ roomId, seeker, counselor });
}

// Real E2EE clients beside the opaque traffic, in a process of their own, agencies of their own.
const cryptoPairs = await startCryptoPairs({
  homeserverUrl: hs,
  apiUrl,
  serverName,
  registrationSharedSecret: infra.secrets.registrationSharedSecret,
  sql,
  excludeAgencyIds: [agency.id, ...targets.map((t) => t.id)],
  apiSeeker,
  log,
});

type StepResult = { variant: string; c: number; p50: number; p99: number; n: number; sent: number; errors: number; usage: Usage; load: number };
const stepResults: StepResult[] = [];
async function runStep(variant: "lotse" | "bare", c: number) {
  const convs = variant === "lotse" ? lotseConvs : bareConvs;
  const add = variant === "lotse" ? addLotseConversation : addBareConversation;
  const t0 = Date.now();
  const have = convs.length;
  await pool(c - have, 4, (i) => add(have + i));
  log(`${variant}: ${c} conversations ready (${c - have} new in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  probe.reset();
  let active = true;
  const meter = usageMeter();
  // The real clients write during both variants' steps, so both carry their traffic alike.
  await cryptoPairs.stepStart();
  const running = convs.slice(0, c).map((conv) => startConversation(conv, () => active));
  await sleep(STEP_S * 1000);
  active = false;
  const usage = meter();
  const cryptoStep = cryptoPairs.stepStop(c, variant);
  await Promise.all(running);
  // Events still on their way are counted as they arrive, up to 10 s more; the rest are errors.
  await until("the last deliveries", async () => (probe.sentAt.size === 0 ? true : undefined), 10_000).catch(() => undefined);
  const lost = probe.sentAt.size;
  const { stats } = probe;
  const sorted = [...stats.latencies].sort((a, b) => a - b);
  const r: StepResult = { variant, c, p50: percentile(sorted, 50), p99: percentile(sorted, 99), n: sorted.length, sent: stats.sent, errors: stats.errors + lost, usage, load: loadavg()[0]! };
  stepResults.push(r);
  log(`${variant} C=${c}: p50 ${r.p50} ms, p99 ${r.p99} ms over ${r.n} deliveries, ${r.errors} errors; synapse ${usage.synapse.cpuPct}% bridge ${usage.bridge.cpuPct}% api ${usage.api.cpuPct}% pg ${usage.postgres.cpuPct}% (load ${r.load.toFixed(1)})`);
  const crypto = await cryptoStep;
  if (crypto) log(`${variant} C=${c} ${cryptoStepLine(crypto)}`);
}
for (const c of STEPS) {
  await runStep("lotse", c);
  await runStep("bare", c);
}
await cryptoPairs.stop();

// ---- 3. growth ---------------------------------------------------------------------------------
const syncTimes: { rooms: number; ms: number }[] = [];
{
  const heavy = counselors[0]!;
  const heavyPassword = rand(12);
  const plain = await ok("heavy user", http("PUT", `${hs}/_synapse/admin/v2/users/${q(`@heavy_${rand(3)}:${serverName}`)}`, { password: heavyPassword }, adminToken), 201);
  const heavyId = plain.name as string;
  const heavyToken = (await ok("heavy login", http("POST", `${hs}/_synapse/admin/v1/users/${q(heavyId)}/login`, {}, adminToken))).access_token as string;
  let made = 0;
  const filter = JSON.stringify({ room: { timeline: { limit: 10 }, state: { lazy_load_members: true } } });
  for (const target of SYNC_ROOMS) {
    await pool(target - made, 4, async () => {
      const room = await ok("past case", http("POST", `${hs}/_matrix/client/v3/createRoom`, { preset: "private_chat", invite: [heavy.userId], initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }] }, heavyToken));
      for (let k = 0; k < 3; k++) {
        await http("PUT", `${hs}/_matrix/client/v3/rooms/${q(room.room_id)}/send/m.room.encrypted/${rand(8)}`, { algorithm: "m.megolm.v1.aes-sha2", ciphertext: randomBytes(900).toString("base64"), device_id: "X", sender_key: "Y", session_id: rand(8) }, heavyToken);
      }
    });
    made = target;
    // A new device each time (a password login: Synapse's admin login makes tokens without a
    // device): Synapse answers a repeated identical sync of one device from its response cache.
    const fresh = (await ok("heavy login", http("POST", `${hs}/_matrix/client/v3/login`, { type: "m.login.password", identifier: { type: "m.id.user", user: heavyId }, password: heavyPassword }))).access_token as string;
    const t0 = Date.now();
    const synced = await ok("initial sync", http("GET", `${hs}/_matrix/client/v3/sync?filter=${q(filter)}`, undefined, fresh, 600_000));
    const ms = Date.now() - t0;
    const joined = Object.keys(synced.rooms?.join ?? {}).length;
    // The figure is only one if the answer has every room (a cached answer would not).
    if (joined < target) throw new Error(`initial sync with ${target} rooms returned ${joined}`);
    syncTimes.push({ rooms: target, ms });
    log(`initial sync with ${target} rooms: ${ms} ms`);
  }
}
let bridgeStartS = NaN;
let bridgePssMb = NaN;
{
  bridgeRestarting = true;
  await bridge.stop();
  const t0 = Date.now();
  bridge = watched(startBridge(), () => false);
  bridgeRestarting = false;
  await until("the bridge", async () => {
    await fetch(`http://127.0.0.1:${ports.appservice}/_matrix/app/v1/ping`, { method: "POST", signal: AbortSignal.timeout(2000) });
    return true;
  }, 300_000, 100);
  bridgeStartS = (Date.now() - t0) / 1000;
  await sleep(5000); // let it settle before reading its memory (a figure, not a wait for a state)
  bridgePssMb = ticksAndRss([bridge.proc.pid!]).pssKb / 1024;
}
const sizes = await dbSizes();

// ---- report ------------------------------------------------------------------------------------
const knee = (variant: string) => {
  let k = 0;
  for (const r of stepResults) if (r.variant === variant && r.errors === 0 && r.p99 <= 1000) k = Math.max(k, r.c);
  return k;
};
console.log(`\nbench:load — scale ${SCALE} (${counselorRows.length} counselors, ${SEEKERS} seekers, ${agencyRows.length} agencies on Synapse), a message every ${MESSAGE_S} s per side, ${STEP_S} s per step`);
console.log("\nseeding");
for (const s of seedTimes) console.log(`  ${s.what.padEnd(62)} ${String(s.n).padStart(7)} in ${s.s.toFixed(0).padStart(5)} s (${(s.n / Math.max(s.s, 0.001)).toFixed(1)}/s)`);
console.log("\nsteady state (latency send → other side's sync; CPU % of one core; PSS MB)");
console.log("  variant    C   p50 ms  p99 ms  deliveries errors | synapse   bridge    api       postgres  | load");
for (const r of stepResults) {
  const u = (k: ProcName) => `${String(r.usage[k].cpuPct).padStart(3)}%/${String(r.usage[k].pssMb).padStart(4)}`;
  console.log(`  ${r.variant.padEnd(6)} ${String(r.c).padStart(4)}  ${String(r.p50).padStart(6)}  ${String(r.p99).padStart(6)}  ${String(r.n).padStart(10)} ${String(r.errors).padStart(6)} | ${u("synapse")} ${u("bridge")} ${u("api")} ${u("postgres")} | ${r.load.toFixed(1)}`);
}
console.log(`  knee (largest C with p99 ≤ 1 s and no errors): lotse ${knee("lotse")}, bare ${knee("bare")}`);
for (const line of cryptoSummary(cryptoPairs.steps, cryptoPairs.startUp)) console.log(line);
console.log("\ngrowth");
for (const s of syncTimes) console.log(`  a counselor's initial sync with ${String(s.rooms).padStart(3)} rooms: ${s.ms} ms`);
console.log(`  bridge start-up with everything seeded: ${bridgeStartS.toFixed(1)} s, then ${bridgePssMb.toFixed(0)} MB PSS`);
console.log(`  database sizes: lotse ${sizes.lotseMb} MB, synapse ${sizes.synapseMb} MB`);
const pair = (c: number) => {
  const l = stepResults.find((r) => r.variant === "lotse" && r.c === c);
  const b = stepResults.find((r) => r.variant === "bare" && r.c === c);
  return l && b ? `${l.usage.synapse.cpuPct + l.usage.bridge.cpuPct + l.usage.api.cpuPct + l.usage.postgres.cpuPct}/${b.usage.synapse.cpuPct + b.usage.bridge.cpuPct + b.usage.api.cpuPct + b.usage.postgres.cpuPct}` : "-";
};
console.log(`\nload scale=${SCALE} knee_lotse=${knee("lotse")} knee_bare=${knee("bare")} cpu_lotse_vs_bare_at_max=${pair(MAX_C)} sync500_ms=${syncTimes.at(-1)?.ms ?? "-"} bridge_start_s=${bridgeStartS.toFixed(1)} ${cryptoLastLine(cryptoPairs.steps)} seconds=${((Date.now() - t00) / 1000).toFixed(0)}`);
await shutdown(0);
