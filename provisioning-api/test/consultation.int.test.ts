// Consultation hours and bookings through the API on the real database: staff publish slots
// (agency admins for anyone, counselors their own; overlaps and past slots refused), seekers see
// the next free slots, book one (the case is created with the slot's counselor and its room jobs
// queued), race for one (exactly one wins; the other gets 409 and the next free slots), cancel,
// download the .ics, and a blocked day cancels what was booked on it. Refusals write nothing.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { agencyMemberships, bookings, caseEvents, cases, counselors, type DbHandle, roomJobs } from "@lotse/store";
import { signStaffToken } from "../src/plugins/staffAuth.ts";
import { bearer, buildTestApp, createAgency, openDb, REGISTRATION_DEFAULTS, stack, testConfig, uniquePseudonym } from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;
let agencyId: string;
const staff: Record<string, { token: string; counselorId: string }> = {};

type Slot = { key: string; startsAt: string; endsAt: string };

async function person(name: string, role: string): Promise<void> {
  const userId = `@${name.toLowerCase()}_${Math.random().toString(36).slice(2, 10)}:example.org`;
  const [c] = await db.db.insert(counselors).values({ matrixUserId: userId, displayName: name }).returning({ id: counselors.id });
  await db.db.insert(agencyMemberships).values({ agencyId, counselorId: c!.id, role });
  staff[name] = { counselorId: c!.id, token: signStaffToken(app, { userId, counselorId: c!.id, roles: [{ role: role as "counselor", agencyId }] }).token };
}

async function seeker(): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username: uniquePseudonym("Termin") } });
  expect(res.statusCode).toBe(201);
  return res.json().token as string;
}

const hoursUrl = () => `/v1/staff/agencies/${agencyId}/consultation-hours`;

async function addSlot(who: string, body: object) {
  return app.inject({ method: "POST", url: `${hoursUrl()}/slots`, headers: bearer(staff[who]!.token), payload: body });
}

async function freeSlots(limit = 10): Promise<Slot[]> {
  const res = await app.inject({ method: "GET", url: `/v1/agencies/${agencyId}/slots?limit=${limit}` });
  expect(res.statusCode).toBe(200);
  return res.json() as Slot[];
}

function book(token: string, key: string) {
  return app.inject({ method: "POST", url: "/v1/bookings", headers: bearer(token), payload: { agencyId, topic: "sucht", key } });
}

/** A weekday start two days ahead, so the first weekly occurrence lies in the booking window. */
function soon(daysAhead: number): { weekday: number; start: string } {
  const d = new Date(Date.now() + daysAhead * 86_400_000);
  const local = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Berlin", weekday: "short" }).format(d);
  const weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(local) + 1;
  return { weekday, start: "10:00" };
}

beforeAll(async () => {
  const s = stack();
  db = openDb(s);
  app = await buildTestApp(testConfig(s, { LOTSE_PUBLIC_WEB_URL: "https://beratung.example" }), db);
  agencyId = (await createAgency(db.db, { topics: ["sucht"], ranges: [["10000", "14999"]] })).id;
  await person("Anna", "counselor");
  await person("Ben", "counselor");
  await person("Ada", "agency_admin");
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("consultation hours", () => {
  it("staff publish slots; overlaps, past slots, bad times and someone else's hours are refused", async () => {
    const w = soon(2);
    const mine = await addSlot("Anna", { counselorId: staff.Anna!.counselorId, weekday: w.weekday, start: w.start, minutes: 45 });
    expect(mine.statusCode).toBe(201);
    expect((await addSlot("Anna", { counselorId: staff.Anna!.counselorId, weekday: w.weekday, start: "10:30", minutes: 30 })).json().errcode).toBe("LOTSE_CONFLICT");
    expect((await addSlot("Anna", { counselorId: staff.Ben!.counselorId, weekday: w.weekday, start: "12:00", minutes: 30 })).statusCode).toBe(403);
    const ben = await addSlot("Ada", { counselorId: staff.Ben!.counselorId, weekday: w.weekday, start: "10:00", minutes: 30 });
    expect(ben.statusCode).toBe(201);
    const past = await addSlot("Ada", { counselorId: staff.Ben!.counselorId, startsAt: new Date(Date.now() - 3_600_000).toISOString(), minutes: 30 });
    expect(past.statusCode).toBe(400);
    expect(past.json().error).toMatch(/past/);
    expect((await addSlot("Ada", { counselorId: staff.Ben!.counselorId, weekday: w.weekday, start: "12:00", minutes: 3 })).statusCode).toBe(400);
    const plan = await app.inject({ method: "GET", url: hoursUrl(), headers: bearer(staff.Anna!.token) });
    expect(plan.statusCode).toBe(200);
    expect(plan.json().slots).toHaveLength(2);
    expect(plan.json().timeZone).toBe("Europe/Berlin");
  });

  it("two seekers racing for one slot: exactly one wins, the other gets 409 and the next free slots", async () => {
    const [a, b] = [await seeker(), await seeker()];
    const slots = await freeSlots();
    expect(slots.length).toBeGreaterThanOrEqual(2);
    const target = slots[0]!;
    // Each slot names the time zone the hours are kept in (the seeker app says the time in words in it).
    expect(slots.every((x) => (x as Slot & { timeZone?: string }).timeZone === "Europe/Berlin")).toBe(true);
    const results = await Promise.all([book(a, target.key), book(b, target.key)]);
    const statuses = results.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([201, 409]);
    const lost = results.find((r) => r.statusCode === 409)!.json();
    expect(lost.errcode).toBe("LOTSE_SLOT_TAKEN");
    expect(lost.nextSlots.map((s: Slot) => s.key)).not.toContain(target.key);
    expect(lost.nextSlots.length).toBeGreaterThan(0);
    expect(lost.nextSlots[0].timeZone).toBe("Europe/Berlin");
    const won = results.find((r) => r.statusCode === 201)!.json();
    expect(won.timeZone).toBe("Europe/Berlin");
    // The case is there with the slot's counselor; its room and the sync are queued.
    const [kase] = await db.db.select().from(cases).where(eq(cases.id, won.caseId));
    expect(kase!.status).toBe("in_progress");
    const slotCounselor = (await db.db.select({ c: bookings.counselorId }).from(bookings).where(eq(bookings.id, won.bookingId)))[0]!.c;
    expect(kase!.assignedCounselorId).toBe(slotCounselor);
    const jobs = await db.db.select({ kind: roomJobs.kind }).from(roomJobs).where(eq(roomJobs.caseId, won.caseId));
    expect(jobs.map((j) => j.kind).sort()).toEqual(["case.create_room", "case.sync_room"]);
    expect((await db.db.select({ a: caseEvents.action }).from(caseEvents).where(eq(caseEvents.caseId, won.caseId))).map((e) => e.a)).toEqual(["booking"]);
    // The loser wrote nothing: no case of theirs at the agency.
    const loserToken = results[0]!.statusCode === 409 ? a : b;
    const loserCases = await app.inject({ method: "GET", url: "/v1/cases", headers: bearer(loserToken) });
    expect(loserCases.json()).toEqual([]);
    expect((await freeSlots()).map((s) => s.key)).not.toContain(target.key);
  });

  it("one open booking per agency; cancel frees the slot; the .ics carries time and link only", async () => {
    const t = await seeker();
    const slots = await freeSlots();
    const first = await book(t, slots[0]!.key);
    expect(first.statusCode).toBe(201);
    const again = await book(t, slots[1]!.key);
    expect(again.statusCode).toBe(409);
    expect(again.json().errcode).toBe("LOTSE_CONFLICT");
    const mine = await app.inject({ method: "GET", url: "/v1/bookings", headers: bearer(t) });
    expect(mine.json().map((x: { bookingId: string }) => x.bookingId)).toEqual([first.json().bookingId]);
    // Days ahead: not running yet, nobody there yet.
    expect(mine.json()[0]).toMatchObject({ phase: "upcoming", counselorThere: false });

    const ics = await app.inject({ method: "GET", url: `/v1/bookings/${first.json().bookingId}/calendar.ics`, headers: bearer(t) });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers["content-type"]).toMatch(/^text\/calendar/);
    const start = new Date(slots[0]!.startsAt).toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
    expect(ics.body).toContain(`DTSTART:${start}`);
    expect(ics.body).toContain("URL:https://beratung.example");
    expect(ics.body).not.toMatch(/Termin_|Anna|Ben|Ada/);
    // Another seeker cannot read or cancel it.
    const other = await seeker();
    expect((await app.inject({ method: "GET", url: `/v1/bookings/${first.json().bookingId}/calendar.ics`, headers: bearer(other) })).statusCode).toBe(404);
    expect((await app.inject({ method: "DELETE", url: `/v1/bookings/${first.json().bookingId}`, headers: bearer(other) })).statusCode).toBe(404);

    expect((await app.inject({ method: "DELETE", url: `/v1/bookings/${first.json().bookingId}`, headers: bearer(t) })).statusCode).toBe(204);
    expect((await freeSlots()).map((s) => s.key)).toContain(slots[0]!.key);
    // The case stays (the seeker may go on writing); a new booking at the agency reuses it.
    const rebook = await book(t, slots[0]!.key);
    expect(rebook.statusCode).toBe(201);
    expect(rebook.json().caseId).toBe(first.json().caseId);
  });

  it("a running appointment says so, and whether the counselor has come (what the bridge noted)", async () => {
    const t = await seeker();
    const slot = (await freeSlots())[0]!;
    const booked = await book(t, slot.key);
    expect(booked.statusCode).toBe(201);
    const id = booked.json().bookingId as string;
    const view = async () => ((await app.inject({ method: "GET", url: "/v1/bookings", headers: bearer(t) })).json() as { bookingId: string; phase: string; counselorThere: boolean }[]).find((b) => b.bookingId === id)!;
    // Moved to have started a minute ago (the seeker's app shows it as running).
    await db.db.update(bookings).set({ startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 30 * 60_000) }).where(eq(bookings.id, id));
    expect(await view()).toMatchObject({ phase: "running", counselorThere: false });
    await db.db.update(bookings).set({ counselorSeenAt: new Date() }).where(eq(bookings.id, id));
    expect(await view()).toMatchObject({ phase: "running", counselorThere: true });
    await db.db.update(bookings).set({ startsAt: new Date(Date.now() - 60 * 60_000), endsAt: new Date(Date.now() - 15 * 60_000) }).where(eq(bookings.id, id));
    expect((await view()).phase).toBe("over");
    // The row's times no longer match its occurrence: give the occurrence back for the tests after this one.
    await db.db.update(bookings).set({ status: "cancelled", cancelledAt: new Date(), cancelledBy: "seeker" }).where(eq(bookings.id, id));
  });

  it("a key that is not offered is refused with nothing written; a blocked day cancels its bookings", async () => {
    const t = await seeker();
    const before = await db.db.select({ id: bookings.id }).from(bookings);
    const bogus = await book(t, `w:${crypto.randomUUID()}:2030-01-01`);
    expect(bogus.statusCode).toBe(409);
    expect(bogus.json().errcode).toBe("LOTSE_SLOT_UNAVAILABLE");
    expect(await db.db.select({ id: bookings.id }).from(bookings)).toHaveLength(before.length);
    expect((await app.inject({ method: "GET", url: "/v1/cases", headers: bearer(t) })).json()).toEqual([]);

    const slots = await freeSlots();
    const booked = await book(t, slots[0]!.key);
    expect(booked.statusCode).toBe(201);
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(slots[0]!.startsAt));
    expect((await app.inject({ method: "PUT", url: `${hoursUrl()}/blocked-days/${day}`, headers: bearer(staff.Anna!.token) })).statusCode).toBe(403);
    const blocked = await app.inject({ method: "PUT", url: `${hoursUrl()}/blocked-days/${day}`, headers: bearer(staff.Ada!.token) });
    expect(blocked.statusCode).toBe(200);
    expect(blocked.json().cancelledBookings).toBeGreaterThanOrEqual(1);
    const [row] = await db.db.select({ status: bookings.status, by: bookings.cancelledBy }).from(bookings).where(eq(bookings.id, booked.json().bookingId));
    expect(row).toEqual({ status: "cancelled", by: "agency" });
    expect((await freeSlots(50)).filter((s) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin" }).format(new Date(s.startsAt)) === day)).toEqual([]);
    expect((await app.inject({ method: "DELETE", url: `${hoursUrl()}/blocked-days/${day}`, headers: bearer(staff.Ada!.token) })).statusCode).toBe(204);
    expect((await app.inject({ method: "PUT", url: `${hoursUrl()}/blocked-days/2027-02-30`, headers: bearer(staff.Ada!.token) })).statusCode).toBe(400);
  });

  it("removing a slot cancels its future bookings", async () => {
    const t = await seeker();
    const plan = (await app.inject({ method: "GET", url: hoursUrl(), headers: bearer(staff.Ada!.token) })).json() as { slots: { slotId: string; counselorId: string }[] };
    const bens = plan.slots.find((s) => s.counselorId === staff.Ben!.counselorId)!;
    const slots = await freeSlots(50);
    const ofBen = await db.db.select({ key: bookings.occurrenceKey }).from(bookings).where(and(eq(bookings.slotId, bens.slotId), inArray(bookings.status, ["booked"])));
    const key = slots.find((s) => s.key.startsWith(`w:${bens.slotId}:`) && !ofBen.some((b) => b.key === s.key))!.key;
    const booked = await book(t, key);
    expect(booked.statusCode).toBe(201);
    // Anna may not remove Ben's slot; Ben may.
    expect((await app.inject({ method: "DELETE", url: `${hoursUrl()}/slots/${bens.slotId}`, headers: bearer(staff.Anna!.token) })).statusCode).toBe(403);
    const removed = await app.inject({ method: "DELETE", url: `${hoursUrl()}/slots/${bens.slotId}`, headers: bearer(staff.Ben!.token) });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().cancelledBookings).toBeGreaterThanOrEqual(1);
    const [row] = await db.db.select({ status: bookings.status }).from(bookings).where(eq(bookings.id, booked.json().bookingId));
    expect(row!.status).toBe("cancelled");
  });

  it("every change of the hours is in the agency's audit log like other admin actions; refused changes write none", async () => {
    const auditOf = async () =>
      (await app.inject({ method: "GET", url: `/v1/admin/agencies/${agencyId}/audit?action=consultation.`, headers: bearer(staff.Ada!.token) })).json() as {
        actor: string;
        action: string;
        entityType: string;
        entityId: string;
        details: Record<string, unknown>;
      }[];
    const before = (await auditOf()).length;
    const startsAt = new Date(Math.ceil((Date.now() + 5 * 86_400_000) / 3_600_000) * 3_600_000).toISOString();
    const added = await addSlot("Ada", { counselorId: staff.Anna!.counselorId, startsAt, minutes: 30 });
    expect(added.statusCode).toBe(201);
    const slotId = added.json().slotId as string;
    // Refused: an overlap, and someone else's hours — no entries.
    expect((await addSlot("Ada", { counselorId: staff.Anna!.counselorId, startsAt, minutes: 30 })).statusCode).toBe(409);
    expect((await addSlot("Anna", { counselorId: staff.Ben!.counselorId, startsAt, minutes: 30 })).statusCode).toBe(403);
    expect((await app.inject({ method: "DELETE", url: `${hoursUrl()}/blocked-days/2031-01-02`, headers: bearer(staff.Ada!.token) })).statusCode).toBe(404);
    const day = "2031-01-02";
    expect((await app.inject({ method: "PUT", url: `${hoursUrl()}/blocked-days/${day}`, headers: bearer(staff.Ada!.token) })).statusCode).toBe(200);
    expect((await app.inject({ method: "DELETE", url: `${hoursUrl()}/blocked-days/${day}`, headers: bearer(staff.Ada!.token) })).statusCode).toBe(204);
    expect((await app.inject({ method: "DELETE", url: `${hoursUrl()}/slots/${slotId}`, headers: bearer(staff.Anna!.token) })).statusCode).toBe(200);

    const entries = (await auditOf()).slice(0, (await auditOf()).length - before).reverse();
    const ada = (await db.db.select({ id: counselors.matrixUserId }).from(counselors).where(eq(counselors.id, staff.Ada!.counselorId)))[0]!.id;
    const anna = (await db.db.select({ id: counselors.matrixUserId }).from(counselors).where(eq(counselors.id, staff.Anna!.counselorId)))[0]!.id;
    expect(entries).toMatchObject([
      { actor: ada, action: "consultation.slot.add", entityType: "consultation_hours", entityId: agencyId, details: { slotId, counselorId: staff.Anna!.counselorId, startsAt, minutes: 30 } },
      { actor: ada, action: "consultation.day.block", entityId: agencyId, details: { day, cancelledBookings: 0 } },
      { actor: ada, action: "consultation.day.unblock", entityId: agencyId, details: { day } },
      { actor: anna, action: "consultation.slot.remove", entityId: agencyId, details: { slotId, counselorId: staff.Anna!.counselorId, cancelledBookings: 0 } },
    ]);
  });
});
