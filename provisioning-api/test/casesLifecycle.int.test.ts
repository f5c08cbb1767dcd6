// The seeker's view of each lifecycle state: counselors act through the shared lifecycle
// transactions (the same code the bridge's commands and the staff routes run), the seeker reads
// GET /v1/cases. Also: five concurrent takes on the real database have exactly one winner.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agencyMemberships, caseEvents, cases, counselors, roomJobs, type DbHandle, performCaseAction, setAbsence, type ActionRequest } from "@lotse/store";
import { bearer, buildTestApp, createAgency, openDb, REGISTRATION_DEFAULTS, stack, testConfig, uniquePseudonym } from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let token: string;
let agencyId: string;
const staff: string[] = [];

async function addCounselor(name: string, role = "counselor"): Promise<string> {
  const userId = `@${name.toLowerCase()}_${Math.random().toString(36).slice(2, 8)}:example.org`;
  const [c] = await db.db.insert(counselors).values({ matrixUserId: userId, displayName: name }).returning({ id: counselors.id });
  await db.db.insert(agencyMemberships).values({ agencyId, counselorId: c!.id, role });
  return userId;
}

function act(userId: string, req: ActionRequest) {
  return db.db.transaction((tx) => performCaseAction(tx, { matrixUserId: userId }, req));
}

async function seekerView(caseId: string) {
  const res = await app.inject({ url: "/v1/cases", headers: bearer(token) });
  expect(res.statusCode).toBe(200);
  return (res.json() as { caseId: string; caseNumber: number; status: string; absenceMessage: string | null; answered: boolean }[]).find((c) => c.caseId === caseId)!;
}

beforeAll(async () => {
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s), db);
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: uniquePseudonym("Life") } });
  expect(res.statusCode).toBe(201);
  token = res.json().token;
  agencyId = (await createAgency(db.db, { topics: ["sucht"], ranges: [["10000", "14999"]] })).id;
  for (const n of ["Anna", "Ben", "Cleo", "Dana", "Emil"]) staff.push(await addCounselor(n));
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

async function newCase(): Promise<{ caseId: string; caseNumber: number }> {
  const res = await app.inject({ method: "POST", url: "/v1/cases", payload: { topic: "sucht", agencyId }, headers: bearer(token) });
  expect(res.statusCode).toBe(201);
  return res.json();
}

describe("the seeker's view of the lifecycle", () => {
  it("shows caseNumber and each status, and the counselor's absence message while away", async () => {
    const { caseId, caseNumber } = await newCase();
    expect(await seekerView(caseId)).toMatchObject({ caseNumber, status: "new", absenceMessage: null, answered: false });

    expect(await act(staff[0]!, { action: "take", caseNumber })).toMatchObject({ ok: true, to: "in_progress", assignedTo: "Anna" });
    expect(await seekerView(caseId)).toMatchObject({ status: "in_progress", answered: false });
    // The bridge records the counselor's first message in first_answer_at.
    await db.db.update(cases).set({ firstAnswerAt: new Date() }).where(eq(cases.id, caseId));
    expect((await seekerView(caseId)).answered).toBe(true);

    await db.db.transaction((tx) => setAbsence(tx, { matrixUserId: staff[0]! }, "Zurück am Montag"));
    expect((await seekerView(caseId)).absenceMessage).toBe("Zurück am Montag");
    await db.db.transaction((tx) => setAbsence(tx, { matrixUserId: staff[0]! }, null));
    expect((await seekerView(caseId)).absenceMessage).toBeNull();

    expect(await act(staff[0]!, { action: "close", caseNumber })).toMatchObject({ ok: true, to: "closed" });
    expect((await seekerView(caseId)).status).toBe("closed");
    expect(await act(staff[0]!, { action: "archive", caseNumber })).toMatchObject({ ok: true, to: "archived" });
    expect((await seekerView(caseId)).status).toBe("archived");
    expect(await act(staff[0]!, { action: "reopen", caseNumber })).toMatchObject({ ok: true, to: "in_progress" });
    expect((await seekerView(caseId)).status).toBe("in_progress");

    const evs = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id);
    expect(evs.map((e) => `${e.action}:${e.fromStatus}>${e.toStatus}`)).toEqual([
      "take:new>in_progress",
      "close:in_progress>closed",
      "archive:closed>archived",
      "reopen:archived>in_progress",
    ]);
    // Every transition queued its Matrix side effect in the same transaction (keyed by its case
    // event), and each absence change one refresh of the room's status state.
    const jobs = await db.db.select().from(roomJobs).where(eq(roomJobs.caseId, caseId));
    const keys = jobs.filter((j) => j.kind === "case.sync_room").map((j) => j.idempotencyKey);
    expect(keys.filter((k) => k.startsWith("case.sync_room:case-event:"))).toHaveLength(4);
    expect(keys.filter((k) => k.startsWith("case.sync_room:absence:"))).toHaveLength(2);
  });

  it("five concurrent takes: exactly one winner, four refusals naming the winner, one case event", async () => {
    const { caseId, caseNumber } = await newCase();
    const outcomes = await Promise.all(staff.map((u) => act(u, { action: "take", caseNumber })));
    const winners = outcomes.filter((o) => o.ok);
    expect(winners).toHaveLength(1);
    const winnerName = (winners[0] as { assignedTo: string }).assignedTo;
    for (const o of outcomes.filter((o) => !o.ok)) {
      expect(o).toEqual({ ok: false, error: "already_taken", refusal: { kind: "taken_by", caseNumber, by: winnerName }, message: `Case #${caseNumber} is already taken by ${winnerName}.` });
    }
    const evs = await db.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId));
    expect(evs).toHaveLength(1);
  });

  it("refuses people outside the agency as if the case did not exist", async () => {
    const { caseNumber } = await newCase();
    const [c] = await db.db.insert(counselors).values({ matrixUserId: `@stranger_${Date.now()}:example.org`, displayName: "X" }).returning();
    expect(await act(c!.matrixUserId, { action: "take", caseNumber })).toMatchObject({ ok: false, error: "not_found" });
    expect(await act("@nobody:example.org", { action: "take", caseNumber })).toMatchObject({ ok: false, error: "not_counselor" });
  });
});
