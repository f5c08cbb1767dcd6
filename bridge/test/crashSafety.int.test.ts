// Crash safety of the room job outbox: work queued while the bridge is down is done after it
// starts, and a bridge killed (SIGKILL) in the middle of a batch resumes after a restart — in both
// cases every case ends with exactly one room, counted in Synapse's own database.
import { randomUUID } from "node:crypto";
import { cases, createDb, type DbHandle, roomJobs } from "@lotse/store";
import { and, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BridgeProcess, bridgeEnv, anyTopicId, createAgency, createSeeker, openCase, type Agency, caseRoomsInSynapse, waitFor } from "@lotse/test-support";

const stack = inject("lotseStack");

let dbh: DbHandle;
let agency: Agency;
let topicId: string;
let bridge: BridgeProcess | undefined;

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
  agency = await createAgency(dbh.db, stack, 2);
  topicId = await anyTopicId(dbh.db);
});

afterAll(async () => {
  await bridge?.stop();
  await dbh?.close();
});

async function openCases(n: number): Promise<{ caseId: string; jobId: string }[]> {
  const out = [];
  for (let i = 0; i < n; i++) {
    const seeker = await createSeeker(dbh.db, stack);
    out.push(await openCase(dbh.db, { seekerId: seeker.id, agencyId: agency.id, topicId }));
  }
  return out;
}

async function statusCounts(jobIds: string[]): Promise<Record<string, number>> {
  const rows = await dbh.db
    .select({ status: roomJobs.status, n: sql<number>`count(*)::int` })
    .from(roomJobs)
    .where(inArray(roomJobs.id, jobIds))
    .groupBy(roomJobs.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

async function waitAllDone(jobIds: string[], timeoutMs = 90_000): Promise<void> {
  await waitFor(
    "all jobs done",
    async () => {
      const c = await statusCounts(jobIds);
      if ((c.failed ?? 0) > 0) throw new Error(`jobs failed: ${JSON.stringify(c)}`);
      return (c.done ?? 0) === jobIds.length;
    },
    timeoutMs,
    200,
  );
}

/** Every case exactly one room in Synapse, and the case row names that very room. */
async function expectExactlyOneRoomPerCase(batch: { caseId: string }[]): Promise<void> {
  const rooms = await caseRoomsInSynapse(stack.synapseDatabaseUrl);
  const rows = await dbh.db
    .select({ id: cases.id, roomId: cases.roomId })
    .from(cases)
    .where(inArray(cases.id, batch.map((b) => b.caseId)));
  expect(rows).toHaveLength(batch.length);
  for (const row of rows) {
    expect(rooms.get(row.id), `rooms of case ${row.id}`).toEqual([row.roomId]);
  }
}

describe("room job crash safety", () => {
  it("does the work queued while the bridge was down, once per case", async () => {
    const batch = await openCases(20);
    bridge = await BridgeProcess.start(bridgeEnv(stack));
    await waitAllDone(batch.map((b) => b.jobId));
    await expectExactlyOneRoomPerCase(batch);
    expect(await bridge.stop()).toBe(0);
    bridge = undefined;
  });

  it("resumes after a SIGKILL in the middle of a batch, still one room per case", async () => {
    const batch = await openCases(20);
    const jobIds = batch.map((b) => b.jobId);
    bridge = await BridgeProcess.start(bridgeEnv(stack));
    // Kill as soon as the batch is under way: some jobs done, others in flight or waiting.
    await waitFor("batch under way", async () => ((await statusCounts(jobIds)).done ?? 0) >= 2, 60_000, 20);
    await bridge.kill();
    bridge = undefined;

    const atKill = await statusCounts(jobIds);
    expect(atKill.done ?? 0, "killed before the batch was finished").toBeLessThan(20);
    // Jobs in flight at the kill are left `running` without a lock: the orphans to resume.
    console.info(`[crash test] job states right after SIGKILL: ${JSON.stringify(atKill)}`);

    const restartedAt = Date.now();
    bridge = await BridgeProcess.start(bridgeEnv(stack));
    await waitAllDone(jobIds);
    console.info(`[crash test] batch finished ${Date.now() - restartedAt} ms after the restart began`);
    const durations = bridge.lines.filter((l) => l.msg === "room job done").map((l) => l.durationMs as number);
    console.info(`[crash test] job durations after restart (ms): ${durations.join(", ")}`);
    const resumeLine = bridge.lines.find((l) => l.msg === "resuming a room job whose worker died");
    const startLine = bridge.lines.find((l) => l.msg === "bridge started");
    if (resumeLine && startLine) console.info(`[crash test] first orphan resumed ${(resumeLine.time as number) - (startLine.time as number)} ms after start-up`);
    await expectExactlyOneRoomPerCase(batch);

    if ((atKill.running ?? 0) > 0) {
      // The resumed orphans carry the reason and counted the interrupted attempt.
      const resumed = await dbh.db
        .select({ attempts: roomJobs.attempts })
        .from(roomJobs)
        .where(and(inArray(roomJobs.id, jobIds), sql`${roomJobs.attempts} > 1`));
      expect(resumed.length).toBeGreaterThan(0);
      expect(bridge.lines.some((l) => l.msg === "resuming a room job whose worker died")).toBe(true);
    }
    expect(await bridge.stop()).toBe(0);
    bridge = undefined;
  });

  it("fails a row of an unknown kind or with a payload off its schema once, with the reason, and works on", async () => {
    const tag = randomUUID();
    const bad = await dbh.db
      .insert(roomJobs)
      .values([
        { kind: "case.teleport", idempotencyKey: `test-unknown-kind:${tag}`, payload: {} },
        { kind: "case.sync_room", idempotencyKey: `test-bad-payload:${tag}`, payload: { caseId: `not-a-uuid-${tag}` } },
      ])
      .returning({ id: roomJobs.id, kind: roomJobs.kind });
    const good = await openCases(1);
    bridge = await BridgeProcess.start(bridgeEnv(stack));
    await waitAllDone(good.map((g) => g.jobId));
    const rows = await waitFor("both refused rows failed", async () => {
      const r = await dbh.db
        .select({ id: roomJobs.id, status: roomJobs.status, attempts: roomJobs.attempts, lastError: roomJobs.lastError })
        .from(roomJobs)
        .where(inArray(roomJobs.id, bad.map((b) => b.id)));
      return r.every((x) => x.status === "failed") ? r : undefined;
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    const unknown = byId.get(bad[0]!.id)!;
    const badPayload = byId.get(bad[1]!.id)!;
    // Refused at once: a permanent failure, not a retry loop.
    expect(unknown.attempts).toBe(1);
    expect(badPayload.attempts).toBe(1);
    expect(unknown.lastError).toContain('unknown room job kind "case.teleport"');
    expect(badPayload.lastError).toContain("payload of case.sync_room is invalid (/caseId");
    // The reason names the field, never the stored value.
    expect(badPayload.lastError).not.toContain(tag);
    const failedLines = bridge.lines.filter((l) => l.msg === "room job failed").map((l) => String(l.error));
    expect(failedLines.some((e) => e.includes("case.teleport"))).toBe(true);
    expect(failedLines.join("\n")).not.toContain(tag);
    await expectExactlyOneRoomPerCase(good);
    expect(await bridge.stop()).toBe(0);
    bridge = undefined;
  });

  it("on SIGTERM finishes the jobs in flight and leaves no orphan", async () => {
    const batch = await openCases(12);
    const jobIds = batch.map((b) => b.jobId);
    bridge = await BridgeProcess.start(bridgeEnv(stack));
    await waitFor("batch under way", async () => ((await statusCounts(jobIds)).done ?? 0) >= 1, 60_000, 20);
    expect(await bridge.stop()).toBe(0);
    const afterStop = await statusCounts(jobIds);
    console.info(`[crash test] job states after a graceful stop: ${JSON.stringify(afterStop)}`);
    expect(afterStop.running ?? 0).toBe(0);
    expect(afterStop.failed ?? 0).toBe(0);

    bridge = await BridgeProcess.start(bridgeEnv(stack));
    await waitAllDone(jobIds);
    await expectExactlyOneRoomPerCase(batch);
    expect(await bridge.stop()).toBe(0);
    bridge = undefined;
  });
});
