// npm run bench:routing — agency search at national scale, over HTTP, against a baseline.
//
//   1. Starts its own PostgreSQL (instance "bench-routing", fresh, ports from
//      LOTSE_TEST_PORT_BASE, default 18000, + the usual offsets), migrates, seeds the 22 topics and
//      the full-scale catalogue (1,600 agencies, ~18,000 per-topic ranges, 4,600 counselors).
//   2. Starts the provisioning API (the real process, routing from its in-memory index) and the
//      baseline server (bench/routing/baselineServer.ts: the same search as one plain SQL BETWEEN
//      query per request, node:http, same database). Both log at "warn" (no request lines).
//   3. For each: warm-up, then autocannon at concurrency 32 for BENCH_SECONDS (default 15) over
//      2,000 deterministic (topic, postcode) searches; latency percentiles from every response's
//      own time (autocannon's histogram rounds to whole milliseconds). During the API's run an
//      admin edits an agency every 200 ms through the admin API (index patched under load).
//   4. Shows that an edit is visible to the next search: an admin PATCH (online=false) and the
//      very next search; a change written straight to SQL and the time until the API shows it
//      (NOTIFY).
// Last line: `routing p50_ms=… p99_ms=… rps=… baseline_p99_ms=… baseline_rps=…`.
import { createHmac, randomBytes } from "node:crypto";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { createDb, runMigrations, seedTopics, topicSeeds } from "../../store/src/index.ts";
import { staffTokenKey } from "../../provisioning-api/src/plugins/staffAuth.ts";
import { startService, type Service } from "../../scripts/src/children.ts";
import { seededRandom } from "../../policies/src/index.ts";
import { waitFor } from "../../scripts/src/proc.ts";
import { generateFullScale, seedFullScale } from "../../scripts/src/seedFullScale.ts";
import { startDatabases, testPorts } from "../../scripts/src/stack.ts";

const CONNECTIONS = 32;
const SECONDS = Number(process.env["BENCH_SECONDS"] ?? 15);
const WARMUP_SECONDS = 3;
/** Interval of agency edits during the routing run; 0 = none. */
const EDIT_MS = Number(process.env["BENCH_EDIT_MS"] ?? 200);
const log = (m: string) => console.error(`[bench] ${m}`);

function searchPaths(n: number): string[] {
  const rnd = seededRandom(4711);
  const topics = topicSeeds.map((t) => t.id);
  return Array.from({ length: n }, () => {
    const topic = topics[Math.floor(rnd() * topics.length)]!;
    const postcode = String(1000 + Math.floor(rnd() * 99_000)).padStart(5, "0");
    return `/v1/agencies?topic=${topic}&postcode=${postcode}`;
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)]!;
}

type Measured = { p50: number; p90: number; p99: number; max: number; rps: number; requests: number; non2xx: number; errors: number };

async function measure(baseUrl: string, paths: string[], seconds: number): Promise<Measured> {
  const times: number[] = [];
  let i = 0;
  const instance = autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    pipelining: 1,
    duration: seconds,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          i = (i + 1) % paths.length;
          return { ...req, method: "GET", path: paths[i]! };
        },
      },
    ],
  });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    times.push(responseTime);
  });
  const result = await instance;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p90: percentile(times, 90),
    p99: percentile(times, 99),
    max: times[times.length - 1] ?? NaN,
    rps: result.requests.total / seconds,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

function b64url(s: string | Buffer): string {
  return Buffer.from(s).toString("base64url");
}

/** A platform admin's staff token, signed as the API signs them (the bench knows the secret). */
function platformAdminToken(jwtSecret: string): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(
    JSON.stringify({ sub: "@bench:localhost", aud: "lotse-staff", typ: "staff", cid: null, roles: [["platform_admin", null]], iat: now, exp: now + 3600 }),
  );
  const sig = b64url(createHmac("sha256", staffTokenKey(jwtSecret)).update(`${head}.${body}`).digest());
  return `${head}.${body}.${sig}`;
}

const fmt = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "n/a");

async function main(): Promise<void> {
  const base = Number(process.env["LOTSE_TEST_PORT_BASE"] ?? 18000);
  const ports = testPorts(base);
  const apiPort = ports.api;
  const baselinePort = ports.api + 1;
  const dbs = await startDatabases({ instance: "bench-routing", ports, fresh: true, log });
  const services: Service[] = [];
  const logDir = join(dbs.dir, "logs");
  try {
    await runMigrations(dbs.databaseUrl);
    const handle = createDb(dbs.databaseUrl, { max: 2 });
    await seedTopics(handle.db);
    const seeded = await seedFullScale({ databaseUrl: dbs.databaseUrl, log });
    log(`seeded ${seeded.agencies} agencies, ${seeded.ranges} ranges, ${seeded.agencyTopics} agency topics, ${seeded.counselors} counselors, ${seeded.memberships} memberships in ${seeded.ms} ms`);

    const jwtSecret = randomBytes(32).toString("hex");
    const env = {
      LOTSE_DATABASE_URL: dbs.databaseUrl,
      LOTSE_HOMESERVER_URL: "http://127.0.0.1:1",
      LOTSE_SERVER_NAME: "localhost",
      LOTSE_AS_TOKEN: "bench-not-used",
      LOTSE_JWT_SECRET: jwtSecret,
      LOTSE_API_HOST: "127.0.0.1",
      LOTSE_API_PORT: String(apiPort),
      LOTSE_LOG_LEVEL: "warn",
    };
    const api = startService({ name: "provisioning-api", args: ["provisioning-api/src/main.ts"], env, logDir });
    services.push(api);
    const baseline = startService({
      name: "baseline",
      args: ["bench/routing/baselineServer.ts"],
      env: { LOTSE_DATABASE_URL: dbs.databaseUrl, PORT: String(baselinePort) },
      logDir,
    });
    services.push(baseline);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const baselineUrl = `http://127.0.0.1:${baselinePort}`;
    const t0 = Date.now();
    await waitFor("API", async () => (await fetch(`${apiUrl}/v1/topics`)).ok, { timeoutMs: 120_000, isAlive: api.alive });
    log(`API ready in ${Date.now() - t0} ms (index loaded at start)`);
    await waitFor("baseline", async () => (await fetch(`${baselineUrl}/v1/agencies?topic=sucht&postcode=50667`)).ok, { timeoutMs: 60_000, isAlive: baseline.alive });

    const paths = searchPaths(2000);
    // Both answer the same agencies (order aside) on a sample, so the comparison is like for like.
    for (const p of paths.slice(0, 200)) {
      const a = ((await (await fetch(`${apiUrl}${p}&order=stable`)).json()) as { id: string }[]).map((x) => x.id).sort();
      const b = ((await (await fetch(`${baselineUrl}${p}`)).json()) as { id: string }[]).map((x) => x.id).sort();
      if (a.join() !== b.join()) {
        // The API adds the white-spot agency where nothing local matches; SQL has no such rule.
        if (!(b.length === 0 && a.length === 1)) throw new Error(`API and baseline disagree on ${p}`);
      }
    }
    log("API and baseline agree on 200 sample searches");

    // Edit visibility.
    const token = platformAdminToken(jwtSecret);
    const data = generateFullScale();
    const probe = data.ranges.find((r) => r.topic_id === "sucht")!;
    const probePath = `/v1/agencies?topic=sucht&postcode=${probe.from_postcode}`;
    const ids = async (url: string) => ((await (await fetch(url)).json()) as { id: string }[]).map((x) => x.id);
    const patch = (online: boolean) =>
      fetch(`${apiUrl}/v1/admin/agencies/${probe.agency_id}`, {
        method: "PATCH",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ online }),
      });
    const wasListed = (await ids(`${apiUrl}${probePath}`)).includes(probe.agency_id);
    const off = await patch(false);
    const goneNext = !(await ids(`${apiUrl}${probePath}`)).includes(probe.agency_id);
    const on = await patch(true);
    const backNext = (await ids(`${apiUrl}${probePath}`)).includes(probe.agency_id);
    const viaApi = wasListed && off.ok && goneNext && on.ok && backNext;
    const sqlStart = performance.now();
    await handle.sql`update agencies set online = false where id = ${probe.agency_id}`;
    let sqlVisibleMs = NaN;
    for (let k = 0; k < 2000; k++) {
      if (!(await ids(`${apiUrl}${probePath}`)).includes(probe.agency_id)) {
        sqlVisibleMs = performance.now() - sqlStart;
        break;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    await handle.sql`update agencies set online = true where id = ${probe.agency_id}`;
    log(`edit via admin API visible to the very next search: ${viaApi ? "yes" : "NO"}; edit in SQL visible after ${fmt(sqlVisibleMs)} ms (NOTIFY)`);

    // Load.
    log(`baseline (plain SQL BETWEEN): warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s at concurrency ${CONNECTIONS}`);
    await measure(baselineUrl, paths, WARMUP_SECONDS);
    const sqlResult = await measure(baselineUrl, paths, SECONDS);
    log(`routing API: warm-up ${WARMUP_SECONDS} s, then ${SECONDS} s at concurrency ${CONNECTIONS}, an agency edit every ${EDIT_MS} ms`);
    await measure(apiUrl, paths, WARMUP_SECONDS);
    let edits = 0;
    let editFailures = 0;
    let editing = true;
    const editor = (async () => {
      let online = false;
      while (editing && EDIT_MS > 0) {
        const res = await patch(online).catch(() => undefined);
        if (res?.ok) edits++;
        else editFailures++;
        online = !online;
        await new Promise((r) => setTimeout(r, EDIT_MS));
      }
      await patch(true);
    })();
    const loadBefore = loadavg()[0]!;
    const apiResult = await measure(apiUrl, paths, SECONDS);
    const loadAfter = loadavg()[0]!;
    editing = false;
    await editor;

    const row = (name: string, m: Measured) =>
      `${name.padEnd(34)} ${fmt(m.p50).padStart(8)} ${fmt(m.p90).padStart(8)} ${fmt(m.p99).padStart(8)} ${fmt(m.max).padStart(8)} ${m.rps.toFixed(0).padStart(8)} ${String(m.requests).padStart(9)} ${String(m.non2xx + m.errors).padStart(6)}`;
    console.log("");
    console.log(`Agency search over HTTP, ${seeded.agencies} agencies × ${topicSeeds.length} topics, ${seeded.ranges} ranges, concurrency ${CONNECTIONS}, ${SECONDS} s each`);
    console.log(`${"".padEnd(34)} ${"p50 ms".padStart(8)} ${"p90 ms".padStart(8)} ${"p99 ms".padStart(8)} ${"max ms".padStart(8)} ${"req/s".padStart(8)} ${"requests".padStart(9)} ${"errors".padStart(6)}`);
    console.log(row("routing API (in-memory index)", apiResult));
    console.log(row("baseline (SQL BETWEEN per request)", sqlResult));
    console.log(`agency edits through the admin API during the routing run: ${edits} ok, ${editFailures} failed`);
    console.log(`machine: ${cpus().length} cores; 1-min load average ${loadBefore.toFixed(2)} before / ${loadAfter.toFixed(2)} after the routing run (autocannon, API, PostgreSQL and whatever else runs share the cores)`);
    console.log(`edit visible to the next search: admin API ${viaApi ? "yes" : "NO"}; direct SQL after ${fmt(sqlVisibleMs)} ms`);
    console.log(
      `routing p50_ms=${fmt(apiResult.p50)} p99_ms=${fmt(apiResult.p99)} rps=${apiResult.rps.toFixed(0)} baseline_p99_ms=${fmt(sqlResult.p99)} baseline_rps=${sqlResult.rps.toFixed(0)}`,
    );
    await handle.close();
    if (apiResult.non2xx + apiResult.errors > 0 || !viaApi) process.exitCode = 1;
  } finally {
    for (const s of services) await s.stop(5000);
    await dbs.postgres.stop();
  }
}

await main();
