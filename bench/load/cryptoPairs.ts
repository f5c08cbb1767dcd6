// The bench side of bench:load's real E2EE clients (issue 16: "a handful of real matrix-js-sdk
// clients with Rust crypto run alongside to show the client's cost"). Makes LOTSE_LOAD_CRYPTO_PAIRS
// (default 3) case rooms the lotse way — for each pair a counselor of its own agency (a seeded
// agency with a pool room that the opaque conversations do not use), a seeker registered through
// the API who opens a case there, the case taken through the staff API — and hands the two
// sessions to bench/load/cryptoClients.ts, a child process in which both join with matrix-js-sdk and
// Rust crypto. During each lotse step the pairs write to each other; the child answers the step's
// latencies (send → decrypted by the other side) and its own CPU and memory.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { registerWithSharedSecret } from "../../scripts/src/matrixAdmin.ts";
import type { createDb } from "../../store/src/index.ts";
import type { MatrixSession } from "../../test-support/src/matrixClient.ts";
import { http, until } from "../shared/net.ts";
import type { CryptoRequest, CryptoStepFigures } from "./cryptoClients.ts";

export const CRYPTO_PAIRS = Number(process.env["LOTSE_LOAD_CRYPTO_PAIRS"] ?? 3);

/** A request without its id (the id is the caller's); distributed over the union's members. */
type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;
type Request = WithoutId<CryptoRequest>;
type Sql = ReturnType<typeof createDb>["sql"];
type Target = { id: string; topic: string; postcode: string };
/** What bench:load's own seeker path gives back (registration, Matrix session, case). */
type ApiSeeker = { token: string; matrix: { userId: string; accessToken: string }; caseNumber: number };

export type CryptoStep = { c: number; variant: string; figures: CryptoStepFigures };

export type CryptoPairs = {
  pairs: number;
  /** Median start-up of one client (initRustCrypto, keys uploaded, first sync), the slowest, and a pair's start until both are joined. */
  startUp?: { clientStartMs: number; clientStartMaxMs: number; pairReadyMs: number };
  /** The child's pid (its CPU and memory are the clients'). */
  pid: number | undefined;
  stepStart(): Promise<void>;
  /** Ends the step's sending; resolves with its figures once the last messages are decrypted (≤ 10 s); without pairs, undefined. */
  stepStop(c: number, variant: string): Promise<CryptoStep | undefined>;
  steps: CryptoStep[];
  stop(): Promise<void>;
};

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** One line per step, next to the step's lotse line. */
export function cryptoStepLine(s: CryptoStep): string {
  const f = s.figures;
  const perClient = f.clients === 0 ? NaN : (f.rssMb - f.baseRssMb) / f.clients;
  return (
    `crypto (${f.clients} Rust-crypto clients, ${f.pairs} pairs, own process): p50 ${percentile(f.latencies, 50)} ms, p99 ${percentile(f.latencies, 99)} ms ` +
    `of ${f.latencies.length} deliveries (send → decrypted), ${f.errors} errors; client CPU ${f.cpuPct}% of a core (${(f.cpuPct / Math.max(f.clients, 1)).toFixed(1)}% per client), ` +
    `RSS ${f.rssMb} MB / PSS ${f.pssMb} MB (node ${f.nodeRssMb} MB, + SDK ${f.baseRssMb} MB before any client: ${perClient.toFixed(0)} MB per client)`
  );
}

/** The summary at the end of the report. */
export function cryptoSummary(steps: CryptoStep[], startUp?: CryptoPairs["startUp"]): string[] {
  if (steps.length === 0) return [];
  const lines = ["\nreal E2EE clients (matrix-js-sdk + Rust crypto, in a process of their own; latency send → the other side decrypted it)"];
  lines.push("  variant      C  pairs   p50 ms  p99 ms  deliveries errors | CPU % of a core (per client) | RSS MB  PSS MB  MB per client");
  for (const s of steps) {
    const f = s.figures;
    const per = f.clients === 0 ? NaN : (f.rssMb - f.baseRssMb) / f.clients;
    lines.push(
      `  ${s.variant.padEnd(7)} ${String(s.c).padStart(5)}  ${String(f.pairs).padStart(5)}  ${String(percentile(f.latencies, 50)).padStart(7)} ${String(percentile(f.latencies, 99)).padStart(7)}  ${String(f.latencies.length).padStart(10)} ${String(f.errors).padStart(6)} | ${String(f.cpuPct).padStart(4)}% (${(f.cpuPct / Math.max(f.clients, 1)).toFixed(1).padStart(4)}%)              | ${String(f.rssMb).padStart(6)}  ${String(f.pssMb).padStart(6)}  ${per.toFixed(0).padStart(13)}`,
    );
  }
  if (startUp) lines.push(`  a client's start-up (Rust crypto initialised, keys uploaded, first sync): median ${startUp.clientStartMs} ms, slowest ${startUp.clientStartMaxMs} ms; a pair ready in the case room: ${startUp.pairReadyMs} ms`);
  lines.push(`  (before any client: node ${steps[0]!.figures.nodeRssMb} MB RSS, with the SDK loaded ${steps[0]!.figures.baseRssMb} MB; "MB per client" is the rest shared out — the crypto WebAssembly, stores, timelines)`);
  return lines;
}

/** Fields for the bench's last line: the worst step's p99 and the largest per-client memory. */
export function cryptoLastLine(steps: CryptoStep[]): string {
  if (steps.length === 0) return "crypto_pairs=0";
  const all = steps.flatMap((s) => s.figures.latencies).sort((a, b) => a - b);
  const p99 = Math.max(...steps.map((s) => percentile(s.figures.latencies, 99)));
  const mb = Math.max(...steps.map((s) => (s.figures.clients === 0 ? 0 : (s.figures.rssMb - s.figures.baseRssMb) / s.figures.clients)));
  const cpu = Math.max(...steps.map((s) => s.figures.cpuPct / Math.max(s.figures.clients, 1)));
  return `crypto_pairs=${steps[0]!.figures.pairs} crypto_p50_ms=${percentile(all, 50)} crypto_p99_ms=${p99} crypto_errors=${steps.reduce((n, s) => n + s.figures.errors, 0)} crypto_client_cpu_pct=${cpu.toFixed(1)} crypto_client_mb=${mb.toFixed(0)}`;
}

/** The child process and its JSON-lines protocol. */
function startChild(log: (m: string) => void): { proc: ChildProcess; call: (req: Request) => Promise<any> } {
  const proc = spawn(process.execPath, [fileURLToPath(new URL("./cryptoClients.ts", import.meta.url))], {
    stdio: ["pipe", "pipe", "inherit"],
    env: process.env,
  });
  const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  let next = 1;
  createInterface({ input: proc.stdout! }).on("line", (line) => {
    let msg: { id: number; ok: boolean; error?: string };
    try {
      msg = JSON.parse(line);
    } catch {
      log(`crypto clients: ${line}`);
      return;
    }
    const w = waiting.get(msg.id);
    if (w === undefined) return;
    waiting.delete(msg.id);
    if (msg.ok) w.resolve(msg);
    else w.reject(new Error(`crypto clients: ${msg.error}`));
  });
  proc.on("exit", (code) => {
    for (const w of waiting.values()) w.reject(new Error(`crypto clients exited (code ${code})`));
    waiting.clear();
  });
  const call = (req: Request) =>
    new Promise<any>((resolve, reject) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return reject(new Error(`crypto clients exited (code ${proc.exitCode ?? proc.signalCode})`));
      const id = next++;
      waiting.set(id, { resolve, reject });
      proc.stdin!.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  return { proc, call };
}

export async function startCryptoPairs(opts: {
  pairs?: number;
  homeserverUrl: string;
  apiUrl: string;
  serverName: string;
  registrationSharedSecret: string;
  sql: Sql;
  /** Agencies the opaque conversations use (and the demo agency): the pairs take others. */
  excludeAgencyIds: string[];
  /** bench:load's seeker path: registration, Matrix session and case through the API. */
  apiSeeker: (target: Target) => Promise<ApiSeeker>;
  log: (m: string) => void;
}): Promise<CryptoPairs> {
  const n = opts.pairs ?? CRYPTO_PAIRS;
  const { homeserverUrl: hs, apiUrl, sql, log } = opts;
  const steps: CryptoStep[] = [];
  if (n <= 0) {
    return { pairs: 0, pid: undefined, stepStart: async () => {}, stepStop: async () => undefined, steps, stop: async () => {} };
  }
  // Each pair's counselor in an agency of its own, like the opaque conversations' counselors (an
  // agency's new case invites its pool; two pairs in one agency would invite each other's clients).
  const targets = await sql<Target[]>`
    select distinct on (a.id) a.id, r.topic_id as topic, r.from_postcode as postcode
    from agencies a
    join agency_postcode_ranges r on r.agency_id = a.id
    join agency_topics t on t.agency_id = a.id and t.topic_id = r.topic_id
    where a.online and a.pool_room_id is not null and a.deleted_at is null and a.id not in ${sql(opts.excludeAgencyIds)}
    order by a.id, r.topic_id
    limit ${n}`;
  if (targets.length === 0) throw new Error("crypto pairs: no seeded agency with a pool room left for them");
  if (targets.length < n) log(`crypto pairs: only ${targets.length} free agencies for ${n} pairs, some share one`);

  const child = startChild(log);
  const rand = () => Math.random().toString(36).slice(2, 8);
  const t0 = Date.now();
  const startMs: number[] = [];
  const readyMs: number[] = [];
  const made = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const target = targets[i % targets.length]!;
      // The counselor: a homeserver user, a counselor of the agency, signed in to the staff API.
      const localpart = `cryptoberatung${i}_${rand()}`;
      const password = `${rand()}${rand()}${rand()}`;
      await registerWithSharedSecret({ homeserverUrl: hs, sharedSecret: opts.registrationSharedSecret, localpart, password, displayName: `Beratung E2EE ${i}` });
      const userId = `@${localpart}:${opts.serverName}`;
      await sql.begin(async (tx) => {
        const [c] = await tx<{ id: string }[]>`insert into counselors (matrix_user_id, display_name) values (${userId}, ${`Beratung E2EE ${i}`}) returning id`;
        await tx`insert into agency_memberships (agency_id, counselor_id, role) values (${target.id}, ${c!.id}, 'counselor')`;
      });
      // (A plain login, not test-support's passwordLogin: that module loads the SDK into this process.)
      const login = await http("POST", `${hs}/_matrix/client/v3/login`, { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password });
      if (login.status !== 200) throw new Error(`crypto pairs: counselor login ${login.status}`);
      const counselor: MatrixSession = { homeserverUrl: hs, userId, accessToken: login.json.access_token, deviceId: login.json.device_id };
      const openid = await http("POST", `${hs}/_matrix/client/v3/user/${encodeURIComponent(userId)}/openid/request_token`, {}, counselor.accessToken);
      if (openid.status !== 200) throw new Error(`crypto pairs: openid ${openid.status}`);
      const staff = await http("POST", `${apiUrl}/v1/auth/matrix`, openid.json);
      if (staff.status !== 200) throw new Error(`crypto pairs: staff sign-in ${staff.status}`);
      // The seeker through the API, its case taken by the counselor.
      const s = await opts.apiSeeker(target);
      const whoami = await http("GET", `${hs}/_matrix/client/v3/account/whoami`, undefined, s.matrix.accessToken);
      if (whoami.status !== 200) throw new Error(`crypto pairs: whoami ${whoami.status}`);
      const seeker: MatrixSession = { homeserverUrl: hs, userId: s.matrix.userId, accessToken: s.matrix.accessToken, deviceId: whoami.json.device_id };
      const take = await http("POST", `${apiUrl}/v1/staff/cases/${s.caseNumber}/take`, {}, staff.json.token);
      if (take.status !== 200) throw new Error(`crypto pairs: take ${take.status} ${JSON.stringify(take.json).slice(0, 200)}`);
      const roomId = await until(
        "the crypto pair's case room",
        async () => {
          const [row] = await sql<{ room_id: string | null }[]>`select room_id from cases where case_number = ${s.caseNumber}`;
          return row?.room_id ?? undefined;
        },
        600_000,
        500,
      );
      // Both clients start, join (the seeker on its invitation, the counselor on the take's) and
      // see each other joined in the encrypted room.
      const paired = (await child.call({ cmd: "pair", roomId, seeker, counselor })) as { startMs: number[]; readyMs: number };
      startMs.push(...paired.startMs);
      readyMs.push(paired.readyMs);
    }),
  );
  log(`${made.length} crypto pairs ready (real case rooms, Rust-crypto clients joined) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const startUp = { clientStartMs: percentile(sorted(startMs), 50), clientStartMaxMs: Math.max(...startMs), pairReadyMs: percentile(sorted(readyMs), 50) };
  log(`crypto clients' start-up (Rust crypto initialised, keys uploaded, first sync): median ${startUp.clientStartMs} ms, slowest ${startUp.clientStartMaxMs} ms; a pair started, joined and both seen: median ${startUp.pairReadyMs} ms`);
  return {
    pairs: n,
    startUp,
    pid: child.proc.pid,
    steps,
    stepStart: async () => {
      await child.call({ cmd: "start" });
    },
    stepStop: async (c, variant) => {
      const answer = (await child.call({ cmd: "stop" })) as CryptoStepFigures;
      const step = { c, variant, figures: answer };
      steps.push(step);
      return step;
    },
    stop: async () => {
      if (child.proc.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.proc.once("exit", () => r()));
      child.proc.stdin!.end();
      await Promise.race([exited, new Promise<void>((r) => setTimeout(r, 10_000).unref())]);
      if (child.proc.exitCode === null) child.proc.kill("SIGKILL");
    },
  };
}
