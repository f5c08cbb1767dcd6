// /v1/staff/live-duty on the real PostgreSQL: a counselor goes on live duty from the console for
// some minutes, until the end of their running consultation slot, or for the policy's default —
// the same store operation as the bot's `!dienst an` — and off again; what seekers' `GET /v1/live` offers shows
// the topic while they are on duty; people who are no counselor and anonymous callers are refused.
import { randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultLiveChatPolicy } from "@lotse/policies";
import { type DbHandle, liveTopicsNow } from "@lotse/store";
import { bearer, buildTestApp, openDb, stack, testConfig } from "./helpers.ts";
import { insertAgency, insertCounselor, retireAgenciesCreatedSince, staffToken } from "./authHelpers.ts";

let db: DbHandle;
let app: FastifyInstance;
const fileStarted = new Date();

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
});

const topicsMade: string[] = [];

afterAll(async () => {
  if (db !== undefined) {
    // The topics of this file go again, so no other test sees more topics than the catalogue's.
    await db.sql`update counselors set live_duty_until = null where matrix_user_id like '@duty\_%'`;
    await db.sql`delete from agency_topics where topic_id = any(${topicsMade}::text[])`;
    await db.sql`delete from topics where id = any(${topicsMade}::text[])`;
    await retireAgenciesCreatedSince(db, fileStarted);
  }
  await app?.close();
  await db?.close();
});

/** An online agency with a pool room for a topic nobody else offers live, and a counselor in it. */
async function world(topicId: string) {
  const agency = await insertAgency(db);
  topicsMade.push(topicId);
  await db.sql`insert into topics (id, name_de, name_en) values (${topicId}, ${`Livethema ${topicId}`}, ${`Live topic ${topicId}`}) on conflict do nothing`;
  await db.sql`insert into agency_topics (agency_id, topic_id) values (${agency}, ${topicId})`;
  await db.sql`update agencies set online = true, pool_room_id = ${`!pool_${randomUUID()}:localhost`} where id = ${agency}`;
  const userId = `@duty_${randomUUID().slice(0, 8)}:${stack().serverName}`;
  const counselorId = await insertCounselor(db, userId, [{ agencyId: agency, role: "counselor" }]);
  const token = staffToken(app, { userId, roles: [{ role: "counselor", agencyId: agency }] });
  return { agency, userId, counselorId, token };
}

const dutyUntil = async (counselorId: string) => {
  const u = (await db.sql<{ u: string | Date | null }[]>`select live_duty_until as u from counselors where id = ${counselorId}`)[0]!.u;
  return u === null ? null : new Date(u);
};
/** What seekers' `GET /v1/live` offers (its store query; the route also needs the Synapse admin token). */
const liveTopics = async () => (await liveTopicsNow(db.db, new Date())).map((t) => t.id);

describe("/v1/staff/live-duty", () => {
  it("on for some minutes, on until the running slot ends, on for the default, off — seekers see the topic meanwhile", async () => {
    const topic = `live_${randomUUID().slice(0, 8)}`;
    const w = await world(topic);
    const get = await app.inject({ method: "GET", url: "/v1/staff/live-duty", headers: bearer(w.token) });
    expect(get.statusCode).toBe(200);
    expect(get.json()).toMatchObject({ onDuty: false, until: null, waiting: 0 });
    expect(get.json().topics).toEqual([{ de: `Livethema ${topic}`, en: `Live topic ${topic}` }]);
    expect(await liveTopics()).not.toContain(topic);

    // For 30 minutes.
    const t0 = Date.now();
    const on = await app.inject({ method: "PUT", url: "/v1/staff/live-duty", headers: bearer(w.token), payload: { minutes: 30 } });
    expect(on.statusCode).toBe(200);
    expect(on.json()).toMatchObject({ onDuty: true, bySlot: false });
    const until = Date.parse(on.json().until);
    expect(until - t0).toBeGreaterThanOrEqual(30 * 60_000 - 1000);
    expect(until - Date.now()).toBeLessThanOrEqual(30 * 60_000);
    expect((await dutyUntil(w.counselorId))?.getTime()).toBe(until);
    expect(await liveTopics()).toContain(topic);

    // No minutes and no slot: the policy's default.
    const def = await app.inject({ method: "PUT", url: "/v1/staff/live-duty", headers: bearer(w.token), payload: {} });
    expect(Math.round((Date.parse(def.json().until) - Date.now()) / 60_000)).toBe(defaultLiveChatPolicy.dutyDefaultMinutes);

    // A consultation slot of hers running now: duty ends with it.
    const [slot] = await db.sql<{ ends: string | Date }[]>`
      insert into consultation_slots (agency_id, counselor_id, starts_at, minutes, created_by)
      values (${w.agency}, ${w.counselorId}, date_trunc('minute', now()) - interval '10 minutes', 45, 'test')
      returning starts_at + interval '45 minutes' as ends`;
    const bySlot = await app.inject({ method: "PUT", url: "/v1/staff/live-duty", headers: bearer(w.token), payload: {} });
    expect(bySlot.json()).toMatchObject({ onDuty: true, bySlot: true, until: new Date(slot!.ends).toISOString() });

    // Off.
    const off = await app.inject({ method: "DELETE", url: "/v1/staff/live-duty", headers: bearer(w.token) });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ onDuty: false, until: null });
    expect(await dutyUntil(w.counselorId)).toBeNull();
    expect(await liveTopics()).not.toContain(topic);
  });

  it("refuses bad minutes (nothing written), people who are no counselor, and anonymous callers", async () => {
    const w = await world(`live_${randomUUID().slice(0, 8)}`);
    for (const payload of [{ minutes: 0 }, { minutes: 100_000 }, { minutes: "viel" }, { until: "morgen" }]) {
      const res = await app.inject({ method: "PUT", url: "/v1/staff/live-duty", headers: bearer(w.token), payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().errcode).toBe("LOTSE_INVALID_INPUT");
    }
    expect(await dutyUntil(w.counselorId)).toBeNull();
    const platform = staffToken(app, { userId: `@nobody_${randomUUID().slice(0, 8)}:localhost`, roles: [{ role: "platform_admin", agencyId: null }] });
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const res = await app.inject({ method, url: "/v1/staff/live-duty", headers: bearer(platform), ...(method === "PUT" ? { payload: {} } : {}) });
      expect(res.statusCode).toBe(403);
      expect((await app.inject({ method, url: "/v1/staff/live-duty", ...(method === "PUT" ? { payload: {} } : {}) })).statusCode).toBe(401);
    }
  });
});
