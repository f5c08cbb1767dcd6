// The bridge's Prometheus metrics on their own listener: job attempts by kind and outcome, the
// outbox's depth and oldest due job read from PostgreSQL, event lag and per-handler timings (a
// command typed by a counselor) — and no room, user, case or event id in any label.
import { createDb, type DbHandle, agencies, roomJobs, cases } from "@lotse/store";
import { BridgeProcess, bridgeEnv, anyTopicId, createEmptyAgency, createSeeker, createStaff, joinWhenInvited, openCase, replyTo, say, signIn, signOut, type Counselor, waitFor } from "@lotse/test-support";
import { randomUUID } from "node:crypto";
import { createBridgeMetrics } from "../src/metrics.ts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const stack = inject("lotseStack");
const env = bridgeEnv(stack, { LOTSE_BRIDGE_METRICS_PORT: "0" });

let dbh: DbHandle;
let bridge: BridgeProcess;
let metricsUrl: string;
let counselor: Counselor;
let poolRoomId: string;
let agencyId: string;
let staffUser: { userId: string; password: string };

async function scrape(): Promise<string> {
  const res = await fetch(metricsUrl);
  expect(res.status).toBe(200);
  return res.text();
}

/** The value of one sample, e.g. sample(text, 'lotse_bridge_job_attempts_total{kind="x",outcome="done"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
  agencyId = await createEmptyAgency(dbh.db);
  staffUser = await createStaff(dbh.db, stack, agencyId, "counselor", "Beraterin Metrik");
});

async function startBridge(): Promise<void> {
  bridge = await BridgeProcess.start(env);
  const started = await bridge.waitForLog((l) => l.msg === "bridge started");
  expect(typeof started.metricsPort).toBe("number");
  metricsUrl = `http://127.0.0.1:${started.metricsPort as number}/metrics`;
  poolRoomId = await waitFor("pool room", async () => {
    const [a] = await dbh.db.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, agencyId));
    return a?.poolRoomId ?? undefined;
  });
  counselor = await signIn(stack.homeserverUrl, staffUser.userId, staffUser.password);
  await joinWhenInvited(counselor, poolRoomId);
}

afterAll(async () => {
  if (counselor) await signOut(counselor);
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
});

describe("bridge metrics", () => {
  it("read the outbox's depth and oldest due job from PostgreSQL, labelled by kind only", async () => {
    // No bridge runs yet, so a due job stays pending while the gauges are read.
    const metrics = createBridgeMetrics(dbh.db, { processMetrics: false });
    const key = `metrics-test:${randomUUID()}`;
    const roomId = `!${randomUUID()}:${stack.serverName}`;
    const [stuck] = await dbh.db
      .insert(roomJobs)
      .values({ kind: "room.send_notice", idempotencyKey: key, payload: { roomId, body: "Metrik-Test" }, runAfter: new Date(Date.now() - 3_600_000) })
      .returning({ id: roomJobs.id });
    try {
      const text = await metrics.registry.metrics();
      expect(sample(text, 'lotse_bridge_outbox_jobs{kind="room.send_notice",status="pending"}')).toBeGreaterThanOrEqual(1);
      expect(sample(text, 'lotse_bridge_outbox_oldest_due_seconds{kind="room.send_notice"}')).toBeGreaterThanOrEqual(3_500);
      for (const id of [stuck!.id, key, roomId]) expect(text).not.toContain(id);
    } finally {
      await dbh.db.delete(roomJobs).where(eq(roomJobs.id, stuck!.id));
    }
    const after = await metrics.registry.metrics();
    expect(sample(after, 'lotse_bridge_outbox_oldest_due_seconds{kind="room.send_notice"}') ?? 0).toBeLessThan(3_500);
  });

  it("count job attempts, event lag and command handling on the bridge's listener, without identifiers", async () => {
    await startBridge();
    const before = await scrape();
    const doneBefore = sample(before, 'lotse_bridge_job_attempts_total{kind="case.create_room",outcome="done"}') ?? 0;

    const seeker = await createSeeker(dbh.db, stack);
    const topicId = await anyTopicId(dbh.db);
    const { caseId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
    const roomId = await waitFor("case room", async () => (await dbh.db.select({ roomId: cases.roomId }).from(cases).where(eq(cases.id, caseId)))[0]?.roomId ?? undefined);

    // A command typed by a counselor: one handled event, answered.
    const help = await replyTo(counselor, poolRoomId, await say(counselor, poolRoomId, "!help"));
    expect(help.length).toBeGreaterThan(0);

    const text = await waitFor("metrics after the case room job", async () => {
      const t = await scrape();
      return (sample(t, 'lotse_bridge_job_attempts_total{kind="case.create_room",outcome="done"}') ?? 0) > doneBefore ? t : undefined;
    });
    expect(sample(text, 'lotse_bridge_event_handling_seconds_count{handler="commands",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, "lotse_bridge_event_lag_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'lotse_bridge_job_duration_seconds_count{kind="case.create_room"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain("lotse_bridge_process_resident_memory_bytes");
    expect((await fetch(metricsUrl.replace("/metrics", "/other"))).status).toBe(404);
    // No identifier of anything involved appears anywhere in the exposition.
    for (const id of [caseId, roomId, poolRoomId, seeker.userId, counselor.userId, agencyId]) expect(text).not.toContain(id);
  }, 240_000);
});
