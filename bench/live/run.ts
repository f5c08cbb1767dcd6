// bench/live: the live chat without registration, timed end to end on a private stack (PostgreSQL,
// Synapse, the API with the live sweeper, the bridge; instance "bench-live"):
//   1. from "Jetzt chatten" (POST /v1/live) until the counselor's Matrix client has the queue
//      notice in its sync — beside the floor: a plain message into the same pool room until the
//      same sync has it (bare Synapse, no platform in between);
//   2. from the counselor's `!übernehmen N` until the API tells the seeker's app the chat is active
//      with the counselor's name (the app asks every 4 s; this is what it can see at best) —
//      beside the floor: the counselor's command until the bot's reply is in the counselor's sync.
// Each run ends its chat (the sweeper erases it). p50/p99 over LOTSE_BENCH_LIVE runs (default 50).
//   npm run bench:live
// Last line: live runs=… notice_p50_ms=… notice_p99_ms=… bare_p50_ms=… active_p50_ms=… active_p99_ms=… reply_p50_ms=…
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startService } from "../../scripts/src/children.ts";
import { registerAdminWithSharedSecret } from "../../scripts/src/matrixAdmin.ts";
import { httpOk, waitFor } from "../../scripts/src/proc.ts";
import { seedDemo } from "../../scripts/src/seedDemo.ts";
import { infraFacts, processEnv, startInfrastructure, testPorts } from "../../scripts/src/stack.ts";
import { createDb } from "../../store/src/index.ts";
import { passwordLogin } from "../../test-support/src/matrixClient.ts";

const RUNS = Number(process.env.LOTSE_BENCH_LIVE ?? 50);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const infra = await startInfrastructure({ instance: "bench-live", ports: testPorts(29000), fresh: true, testRateLimits: true, log: () => {} });
const demo = await seedDemo({ ...infra, registrationSharedSecret: infra.secrets.registrationSharedSecret });
const { sql, close } = createDb(infra.databaseUrl, { max: 2 });
const policyFile = join(infra.dir, "bench-policy.json");
writeFileSync(policyFile, JSON.stringify({ live: { startsPerAddressPerHour: 1000, maxQueuePerTopic: 1000 } }));
const adminToken = await registerAdminWithSharedSecret({
  homeserverUrl: infra.homeserverUrl,
  sharedSecret: infra.secrets.registrationSharedSecret,
  localpart: `benchadmin${randomBytes(4).toString("hex")}`,
  password: randomBytes(16).toString("hex"),
});
const env = { ...processEnv(infraFacts(infra)), LOTSE_LOG_LEVEL: "warn", LOTSE_POLICY_FILE: policyFile, LOTSE_RATE_LIMIT_MAX: "100000" };
const logDir = join(infra.dir, "logs");
const bridge = startService({ name: "bridge", args: ["bridge/src/main.ts"], env, logDir });
const api = startService({ name: "provisioning-api", args: ["provisioning-api/src/main.ts"], env: { ...env, LOTSE_SYNAPSE_ADMIN_TOKEN: adminToken, LOTSE_API_LIVE_SWEEP_MS: "1000" }, logDir });
const apiUrl = `http://127.0.0.1:${infra.ports.api}`;

type SyncEvent = { sender: string; content: { body?: string } };

/** A counselor's /sync loop: resolves waiters when an event in the room matches. */
function follow(homeserverUrl: string, token: string, roomId: string) {
  const waiters: { match: (e: SyncEvent) => boolean; resolve: (at: number) => void }[] = [];
  let since: string | undefined;
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const q = new URLSearchParams({ timeout: "20000", ...(since ? { since } : { filter: JSON.stringify({ room: { timeline: { limit: 1 } } }) }) });
      const res = await fetch(`${homeserverUrl}/_matrix/client/v3/sync?${q}`, { headers: { authorization: `Bearer ${token}` } });
      const at = Date.now();
      const body = (await res.json()) as { next_batch: string; rooms?: { join?: Record<string, { timeline?: { events?: SyncEvent[] } }> } };
      const first = since === undefined;
      since = body.next_batch;
      if (first) continue;
      for (const e of body.rooms?.join?.[roomId]?.timeline?.events ?? []) {
        for (const w of [...waiters]) {
          if (w.match(e)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(at);
          }
        }
      }
    }
  })();
  return {
    next: (match: (e: SyncEvent) => boolean) => new Promise<number>((resolve) => waiters.push({ match, resolve })),
    async stop() {
      stopped = true;
      await loop.catch(() => undefined);
    },
  };
}

try {
  await waitFor("provisioning API", () => httpOk(`${apiUrl}/health`), { timeoutMs: 60_000, isAlive: api.alive });
  const agency = demo.agencies[0]!;
  const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;
  const session = await passwordLogin(infra.homeserverUrl, counselor.userId, counselor.password);
  let poolRoomId = "";
  await waitFor(
    "the pool room",
    async () => {
      poolRoomId = (await sql<{ pool_room_id: string | null }[]>`select pool_room_id from agencies where id = ${agency.id}`)[0]?.pool_room_id ?? "";
      return poolRoomId !== "";
    },
    { timeoutMs: 120_000 },
  );
  const mx = (method: string, path: string, body?: unknown) =>
    fetch(`${infra.homeserverUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${session.accessToken}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  await waitFor("the counselor in the pool room", async () => (await mx("POST", `/_matrix/client/v3/join/${encodeURIComponent(poolRoomId)}`, {})).ok, { timeoutMs: 60_000 });
  await sql`update counselors set live_duty_until = now() + interval '2 hours' where matrix_user_id = ${counselor.userId}`;
  const sync = follow(infra.homeserverUrl, session.accessToken, poolRoomId);
  const bot = `@${infra.botLocalpart}:${infra.serverName}`;

  const notice: number[] = [];
  const bare: number[] = [];
  const active: number[] = [];
  const reply: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Floor: a plain message into the pool room until the counselor's sync has it.
    const marker = `bench ${i} ${randomBytes(6).toString("hex")}`;
    const bareSeen = sync.next((e) => e.content.body === marker);
    const b0 = Date.now();
    await fetch(`${infra.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(poolRoomId)}/send/m.room.message/b${i}${randomBytes(4).toString("hex")}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${infra.secrets.asToken}`, "content-type": "application/json" },
      body: JSON.stringify({ msgtype: "m.notice", body: marker }),
    });
    bare.push((await bareSeen) - b0);

    // 1. "Jetzt chatten" → the queue notice in the counselor's sync.
    const t0 = Date.now();
    const started = await fetch(`${apiUrl}/v1/live`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ topic: agency.topicIds[0] }) });
    if (started.status !== 201) throw new Error(`POST /v1/live answered ${started.status} ${await started.text()}`);
    const chat = (await started.json()) as { caseNumber: number; token: string };
    const prefix = `Live-Chat wartet: Fall ${chat.caseNumber} `;
    const noticeSeen = sync.next((e) => e.sender === bot && (e.content.body ?? "").startsWith(prefix));
    notice.push((await noticeSeen) - t0);

    // 2. `!übernehmen N` → the API says "active" with the counselor (and the bot's reply, for the floor).
    const command = `!übernehmen ${chat.caseNumber}`;
    const replySeen = sync.next((e) => e.sender === bot && (e.content.body ?? "").startsWith(`Sie haben Fall ${chat.caseNumber} übernommen`));
    const t1 = Date.now();
    await mx("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(poolRoomId)}/send/m.room.message/t${i}${randomBytes(4).toString("hex")}`, { msgtype: "m.text", body: command });
    for (;;) {
      const me = (await (await fetch(`${apiUrl}/v1/live/me`, { headers: { authorization: `Bearer ${chat.token}` } })).json()) as { status?: string; counselor?: string | null };
      if (me.status === "active" && me.counselor) break;
      if (Date.now() - t1 > 60_000) throw new Error("the chat did not become active within a minute");
      await new Promise((r) => setTimeout(r, 20));
    }
    active.push(Date.now() - t1);
    reply.push((await replySeen) - t1);
    await fetch(`${apiUrl}/v1/live/me/end`, { method: "POST", headers: { authorization: `Bearer ${chat.token}` } });
  }
  await sync.stop();
  for (const a of [notice, bare, active, reply]) a.sort((x, y) => x - y);
  const row = (label: string, a: number[], note: string) => `  ${label.padEnd(44)} ${String(percentile(a, 50)).padStart(7)} ${String(percentile(a, 99)).padStart(7)}   ${note}`;
  console.log(`live chat: ${RUNS} runs, Synapse ${infra.synapse.runtime}`);
  console.log(`${"".padEnd(46)} p50 ms  p99 ms`);
  console.log(row("'Jetzt chatten' → queue notice (sync)", notice, "API: account, case, queue row; bridge: room, notice"));
  console.log(row("bare: a message → the same sync", bare, "the floor of any notice"));
  console.log(row("!übernehmen → the API says 'active'", active, "the app sees it at its next 4 s poll"));
  console.log(row("bare-ish: !übernehmen → the bot's reply (sync)", reply, "the command's own round trip"));
  console.log(
    `live runs=${RUNS} notice_p50_ms=${percentile(notice, 50)} notice_p99_ms=${percentile(notice, 99)} bare_p50_ms=${percentile(bare, 50)} active_p50_ms=${percentile(active, 50)} active_p99_ms=${percentile(active, 99)} reply_p50_ms=${percentile(reply, 50)}`,
  );
} finally {
  await Promise.all([api.stop(), bridge.stop()]);
  await close();
  await infra.stop();
}
