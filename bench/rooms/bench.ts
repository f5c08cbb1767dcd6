// bench/rooms: how fast case rooms come into being through the outbox (case row + job → bridge →
// one createRoom) compared with bare createRoom calls to the same Synapse with the same body and
// the same parallelism. Starts its own PostgreSQL + Synapse + bridge (instance "bench-rooms").
//   npm run bench:rooms            (LOTSE_BENCH_ROOMS=N, default 60)
// Last line: rooms cases=… bridge_rooms_per_s=… bridge_p50_ms=… bridge_p99_ms=… bare_rooms_per_s=… bare_p50_ms=…
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { caseRoomCreateBody } from "../../policies/src/index.ts";
import { openCase, createDb, seekers } from "../../store/src/index.ts";
import { startService } from "../../scripts/src/children.ts";
import { seedDemo } from "../../scripts/src/seedDemo.ts";
import { infraFacts, processEnv, startInfrastructure, testPorts } from "../../scripts/src/stack.ts";

const N = Number(process.env.LOTSE_BENCH_ROOMS ?? 60);
const CONCURRENCY = 4;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const infra = await startInfrastructure({ instance: "bench-rooms", ports: testPorts(28000), fresh: true, testRateLimits: true, log: () => {} });
const demo = await seedDemo({ ...infra, registrationSharedSecret: infra.secrets.registrationSharedSecret });
const { db, sql, close } = createDb(infra.databaseUrl, { max: 4 });
const bridge = startService({
  name: "bridge",
  args: ["bridge/src/main.ts"],
  env: { ...processEnv(infraFacts(infra)), LOTSE_LOG_LEVEL: "warn", LOTSE_JOB_CONCURRENCY: String(CONCURRENCY) },
  logDir: join(infra.dir, "logs"),
});
try {
  const agency = demo.agencies[0]!;
  const counselorIds = demo.counselors.filter((c) => c.agencyId === agency.id).map((c) => c.userId);
  // Seekers as the API writes them.
  const seekerRows = await db
    .insert(seekers)
    .values(
      Array.from({ length: N }, (_, i) => ({
        username: `Bench ${i}`,
        usernameKey: `bench_${i}_${randomBytes(3).toString("hex")}`,
        passwordHash: "$argon2id$bench",
        matrixLocalpart: `${infra.userPrefix}bench${randomBytes(8).toString("hex")}`,
      })),
    )
    .returning({ id: seekers.id, localpart: seekers.matrixLocalpart });
  await new Promise((r) => setTimeout(r, 2000)); // bridge up

  // 1. Through the platform: N cases opened at once, until every case has its room.
  const t0 = Date.now();
  const opened = await Promise.all(
    seekerRows.map((s) => openCase(db, { seekerId: s.id, agencyId: agency.id, topicId: agency.topicIds[0]! })),
  );
  const ids = opened.map((o) => o.caseId);
  let rows: { createdAt: Date | string; updatedAt: Date | string; roomId: string | null }[] = [];
  for (;;) {
    rows = await sql<{ createdAt: Date | string; updatedAt: Date | string; roomId: string | null }[]>`
      select created_at as "createdAt", updated_at as "updatedAt", room_id as "roomId" from cases where id = any(${ids})`;
    if (rows.every((r) => r.roomId)) break;
    if (Date.now() - t0 > 600_000) throw new Error("rooms not created within 10 minutes");
    await new Promise((r) => setTimeout(r, 100));
  }
  // (drizzle's postgres.js client hands timestamps over as strings)
  const ms = (v: Date | string) => new Date(v).getTime();
  const bridgeSeconds = (Math.max(...rows.map((r) => ms(r.updatedAt))) - t0) / 1000;
  const latencies = rows.map((r) => ms(r.updatedAt) - ms(r.createdAt)).sort((a, b) => a - b);

  // 2. Bare Synapse: the same createRoom body (minus the idempotency alias), same parallelism.
  const bot = `@${infra.botLocalpart}:${infra.serverName}`;
  const bare: number[] = [];
  const queue = seekerRows.map((s) => s.localpart);
  const t1 = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let lp = queue.shift(); lp !== undefined; lp = queue.shift()) {
        const body = caseRoomCreateBody({
          botUserId: bot,
          seekerUserId: `@${lp}:${infra.serverName}`,
          counselorUserIds: counselorIds,
          caseId: randomBytes(8).toString("hex"),
          name: "Beratung",
        });
        const s = Date.now();
        const res = await fetch(`${infra.homeserverUrl}/_matrix/client/v3/createRoom`, {
          method: "POST",
          headers: { authorization: `Bearer ${infra.secrets.asToken}`, "content-type": "application/json" },
          body: JSON.stringify(body),
        });
        if (!res.ok) throw new Error(`bare createRoom: ${res.status} ${await res.text()}`);
        bare.push(Date.now() - s);
      }
    }),
  );
  const bareSeconds = (Date.now() - t1) / 1000;
  bare.sort((a, b) => a - b);

  const f = (n: number) => n.toFixed(1);
  console.log(`case rooms: ${N}, parallelism ${CONCURRENCY}, Synapse ${infra.synapse.runtime}`);
  console.log(`                       rooms/s   p50 ms   p99 ms`);
  console.log(`  through the outbox   ${f(N / bridgeSeconds).padStart(7)}  ${String(percentile(latencies, 50)).padStart(7)}  ${String(percentile(latencies, 99)).padStart(7)}   (case row written → room id recorded)`);
  console.log(`  bare createRoom      ${f(N / bareSeconds).padStart(7)}  ${String(percentile(bare, 50)).padStart(7)}  ${String(percentile(bare, 99)).padStart(7)}   (one HTTP call each)`);
  console.log(
    `rooms cases=${N} bridge_rooms_per_s=${f(N / bridgeSeconds)} bridge_p50_ms=${percentile(latencies, 50)} bridge_p99_ms=${percentile(latencies, 99)} bare_rooms_per_s=${f(N / bareSeconds)} bare_p50_ms=${percentile(bare, 50)}`,
  );
} finally {
  await bridge.stop();
  await close();
  await infra.stop();
}
