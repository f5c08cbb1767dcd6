// Staff routes of the case lifecycle: the same transactions as the bridge's commands, behind a
// staff token. Typed errors for every refusal; figures for agency admins only.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { agencyMemberships, cases, counselors, type DbHandle } from "@lotse/store";
import { signStaffToken } from "../src/plugins/staffAuth.ts";
import { bearer, buildTestApp, createAgency, openDb, REGISTRATION_DEFAULTS, stack, testConfig, uniquePseudonym } from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let seekerToken: string;
let agencyId: string;
const tokens: Record<string, string> = {};
/** Counselor row ids by name: display names are not unique across test files sharing the database. */
const ids: Record<string, string> = {};

async function person(name: string, roles: string[]): Promise<void> {
  const userId = `@${name.toLowerCase()}_${Math.random().toString(36).slice(2, 8)}:example.org`;
  const [c] = await db.db.insert(counselors).values({ matrixUserId: userId, displayName: name }).returning({ id: counselors.id });
  ids[name] = c!.id;
  for (const role of roles) await db.db.insert(agencyMemberships).values({ agencyId, counselorId: c!.id, role });
  tokens[name] = signStaffToken(app, { userId, counselorId: c!.id, roles: roles.map((role) => ({ role: role as "counselor", agencyId })) }).token;
}

function post(name: string, url: string, payload?: object) {
  return app.inject({ method: "POST", url, headers: bearer(tokens[name]!), ...(payload ? { payload } : {}) });
}

async function newCase(): Promise<number> {
  const res = await app.inject({ method: "POST", url: "/v1/cases", payload: { topic: "sucht", agencyId }, headers: bearer(seekerToken) });
  expect(res.statusCode).toBe(201);
  return res.json().caseNumber;
}

beforeAll(async () => {
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s), db);
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: uniquePseudonym("Staff") } });
  seekerToken = res.json().token;
  agencyId = (await createAgency(db.db, { topics: ["sucht"], ranges: [["10000", "14999"]] })).id;
  await person("Anna", ["counselor"]);
  await person("Ben", ["counselor"]);
  await person("Mara", ["main_counselor"]);
  await person("Sven", ["supervisor"]);
  await person("Ada", ["agency_admin"]);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("staff case routes", () => {
  it("take, refuse a second taker naming the holder, close only by the responsible, reassign by a main counselor", async () => {
    const n = await newCase();
    const took = await post("Anna", `/v1/staff/cases/${n}/take`);
    expect(took.statusCode).toBe(200);
    expect(took.json()).toMatchObject({ caseNumber: n, action: "take", from: "new", status: "in_progress", assignedTo: "Anna" });
    const second = await post("Ben", `/v1/staff/cases/${n}/take`);
    expect(second.statusCode).toBe(409);
    expect(second.json()).toEqual({ errcode: "LOTSE_CONFLICT", error: `Case #${n} is already taken by Anna.` });
    expect((await post("Ben", `/v1/staff/cases/${n}/close`)).json().errcode).toBe("LOTSE_FORBIDDEN");
    expect((await post("Ben", `/v1/staff/cases/${n}/assign`, { counselor: "Ben" })).statusCode).toBe(403);
    const assigned = await post("Mara", `/v1/staff/cases/${n}/assign`, { counselor: "Ben" });
    expect(assigned.json()).toMatchObject({ status: "in_progress", assignedTo: "Ben" });
    expect((await post("Mara", `/v1/staff/cases/${n}/assign`, { counselor: "Nobody" })).json().errcode).toBe("LOTSE_INVALID_INPUT");
    expect((await post("Ben", `/v1/staff/cases/${n}/supervise`, { supervisor: "Sven" })).statusCode).toBe(200);
    expect((await post("Ben", `/v1/staff/cases/${n}/archive`)).statusCode).toBe(409);
    expect((await post("Ben", `/v1/staff/cases/${n}/close`)).json()).toMatchObject({ status: "closed" });
    const [row] = await db.db.select().from(cases).where(eq(cases.caseNumber, n));
    expect(row!.status).toBe("closed");
  });

  it("lists my open cases and the waiting ones; unknown cases are 404; seekers are not staff", async () => {
    const waiting = await newCase();
    const mine = await newCase();
    expect((await post("Anna", `/v1/staff/cases/${mine}/take`)).statusCode).toBe(200);
    const res = await app.inject({ url: "/v1/staff/cases", headers: bearer(tokens["Anna"]!) });
    expect(res.statusCode).toBe(200);
    const list = res.json() as { caseNumber: number; mine: boolean; status: string }[];
    expect(list.find((c) => c.caseNumber === mine)).toMatchObject({ mine: true, status: "in_progress" });
    expect(list.find((c) => c.caseNumber === waiting)).toMatchObject({ mine: false, status: "new" });
    expect((await post("Anna", `/v1/staff/cases/99999999/take`)).statusCode).toBe(404);
    expect((await app.inject({ method: "POST", url: `/v1/staff/cases/${waiting}/take`, headers: bearer(seekerToken) })).statusCode).toBe(401);
  });

  it("sets and clears the absence message", async () => {
    const set = await post("Anna", "/v1/staff/absence", { message: "Bis Montag" });
    expect(set.json()).toMatchObject({ away: true });
    const [c] = await db.db.select().from(counselors).where(eq(counselors.id, ids["Anna"]!));
    expect(c!.awayMessage).toBe("Bis Montag");
    expect((await post("Anna", "/v1/staff/absence", { message: null })).json()).toMatchObject({ away: false });
  });

  it("gives response-time figures to agency admins only", async () => {
    const n = await newCase();
    await db.db.update(cases).set({ createdAt: new Date(Date.now() - 50 * 3_600_000) }).where(eq(cases.caseNumber, n));
    const figures = await app.inject({ url: `/v1/staff/agencies/${agencyId}/response-times`, headers: bearer(tokens["Ada"]!) });
    expect(figures.statusCode).toBe(200);
    expect(figures.json()).toMatchObject({ promiseHours: 48, waitingOverdue: 1 });
    expect(figures.json().waiting).toBeGreaterThanOrEqual(2);
    expect((await app.inject({ url: `/v1/staff/agencies/${agencyId}/response-times`, headers: bearer(tokens["Anna"]!) })).statusCode).toBe(403);
  });

  it("a case whose seeker deleted the account is closed and cannot be reopened", async () => {
    const username = uniquePseudonym("Gone");
    const reg = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username } });
    const token = reg.json().token as string;
    const opened = await app.inject({ method: "POST", url: "/v1/cases", payload: { topic: "sucht", agencyId }, headers: bearer(token) });
    const n = opened.json().caseNumber as number;
    expect((await post("Anna", `/v1/staff/cases/${n}/take`)).statusCode).toBe(200);
    const del = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(token), payload: { password: REGISTRATION_DEFAULTS.password } });
    expect(del.statusCode).toBe(204);
    const [row] = await db.db.select().from(cases).where(eq(cases.caseNumber, n));
    expect(row).toMatchObject({ status: "closed", seekerId: null });
    const reopen = await post("Anna", `/v1/staff/cases/${n}/reopen`);
    expect(reopen.statusCode).toBe(409);
    expect(reopen.json().error).toContain("deleted their account");
    const [after] = await db.db.select().from(cases).where(eq(cases.caseNumber, n));
    expect(after!.status).toBe("closed");
    // Archiving it stays possible.
    expect((await post("Anna", `/v1/staff/cases/${n}/archive`)).statusCode).toBe(200);
  });
});
