// The bridge builds a case room from a case row + room job: one createRoom, exactly the policies'
// template, recorded on the case. Runs against the real Synapse and PostgreSQL of the test stack,
// with the bridge as a child process.
import { caseRoomPowerLevels, LOTSE_ROOM_STATE_TYPE, caseRoomCreateBody } from "@lotse/policies";
import { addConsultationSlot, bookConsultation, cases, counselors, createDb, topics, type DbHandle, freeConsultationSlots, ROOM_JOBS_CHANNEL, roomJobs } from "@lotse/store";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { caseRoomAlias, caseRoomAliasLocalpart } from "../src/matrix/caseRoomIdentity.ts";
import { HALF_ROOM_ATTEMPTS } from "../src/jobs/jobInput.ts";
import { BridgeProcess, bridgeEnv, anyTopicId, createAgency, createSeeker, openCase, type Agency, botGet, botPost, caseRoomsInSynapse, roomState, waitFor } from "@lotse/test-support";

const stack = inject("lotseStack");
const botUserId = `@${stack.botLocalpart}:${stack.serverName}`;
// Polling effectively off: in this file every job must be picked up through LISTEN/NOTIFY or the
// start-up sweep.
const env = bridgeEnv(stack, { LOTSE_JOB_POLL_MS: "600000" });

let dbh: DbHandle;
let bridge: BridgeProcess;
let agency: Agency;
let topicId: string;

async function jobRow(jobId: string) {
  const [row] = await dbh.db.select().from(roomJobs).where(eq(roomJobs.id, jobId));
  return row!;
}

async function waitForJobSettled(jobId: string) {
  return waitFor(`job ${jobId} settled`, async () => {
    const row = await jobRow(jobId);
    return row.status === "done" || row.status === "failed" ? row : undefined;
  });
}

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
  agency = await createAgency(dbh.db, stack, 2);
  topicId = await anyTopicId(dbh.db);
  bridge = await BridgeProcess.start(env);
});

afterAll(async () => {
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
});

describe("case room job", () => {
  it("creates exactly one room shaped by the template and records it", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    const { caseId, jobId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId: agency.id, topicId });

    const job = await waitForJobSettled(jobId);
    expect(job.status).toBe("done");
    expect(job.attempts).toBe(1);
    expect(job.lastError).toBeNull();
    const roomId = (job.result as { roomId: string }).roomId;
    expect(roomId).toMatch(/^!/);
    const [kase] = await dbh.db.select().from(cases).where(eq(cases.id, caseId));
    expect(kase!.roomId).toBe(roomId);

    const state = await roomState(stack.homeserverUrl, stack.asToken, roomId);
    const one = (type: string, key = "") => {
      const ev = state.find((e) => e.type === type && e.state_key === key);
      expect(ev, `${type} state`).toBeDefined();
      return ev!;
    };
    const create = one("m.room.create");
    expect(create.content.room_version).toBe("12");
    expect(create.sender).toBe(botUserId);
    expect(one("m.room.encryption").content.algorithm).toBe("m.megolm.v1.aes-sha2");
    expect(one("m.room.history_visibility").content.history_visibility).toBe("invited");
    expect(one("m.room.join_rules").content.join_rule).toBe("invite");
    expect(one("m.room.guest_access").content.guest_access).toBe("forbidden");
    expect(one(LOTSE_ROOM_STATE_TYPE).content).toEqual({ kind: "case", caseId });
    // Named by number and topic in the agency's language (German by default), the state in words
    // as the topic line; never the seeker's pseudonym.
    const [topic] = await dbh.db.select({ nameDe: topics.nameDe }).from(topics).where(eq(topics.id, topicId));
    expect(one("m.room.name").content.name).toBe(`Fall ${kase!.caseNumber} · ${topic!.nameDe}`);
    expect(one("m.room.topic").content.topic).toMatch(/^wartet seit \d{1,2}\. \S+ \d{2}:\d{2} Uhr im Pool$/);
    expect(JSON.stringify(one("m.room.name").content) + JSON.stringify(one("m.room.topic").content)).not.toContain(seeker.pseudonym);
    expect(one("m.room.canonical_alias").content.alias).toBe(caseRoomAlias(caseId, stack.serverName));

    const expectedPl = caseRoomPowerLevels({ botUserId, seekerUserId: seeker.userId, counselorUserIds: agency.counselorUserIds });
    const pl = one("m.room.power_levels").content;
    for (const [key, value] of Object.entries(expectedPl)) expect(pl[key], `power_levels.${key}`).toEqual(value);
    expect(pl.users).not.toHaveProperty(botUserId);

    const membership = (userId: string) => state.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content.membership;
    expect(membership(botUserId)).toBe("join");
    expect(membership(seeker.userId)).toBe("invite");
    for (const c of agency.counselorUserIds) expect(membership(c)).toBe("invite");
    expect(state.filter((e) => e.type === "m.room.member")).toHaveLength(2 + agency.counselorUserIds.length);

    // The seeker's Matrix user exists (the bridge registered it): the appservice may act as it.
    // (Not its profile: profiles are visible only to users sharing a room since the privacy config.)
    const who = await botGet<{ user_id: string }>(stack.homeserverUrl, stack.asToken, `/_matrix/client/v3/account/whoami?user_id=${encodeURIComponent(seeker.userId)}`);
    expect(who.user_id).toBe(seeker.userId);

    const rooms = await caseRoomsInSynapse(stack.synapseDatabaseUrl);
    expect(rooms.get(caseId)).toEqual([roomId]);
  });

  it("adopts the room of an earlier attempt that died before recording it, inviting whoever is missing", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    await botPost(stack.homeserverUrl, stack.asToken, "/_matrix/client/v3/register", {
      type: "m.login.application_service",
      username: seeker.matrixLocalpart,
      inhibit_login: true,
    });
    // Stop the bridge so the room can be made "by an earlier attempt" before the job is worked.
    await bridge.stop();
    const { caseId, jobId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId: agency.id, topicId });
    // What an attempt that crashed mid-way could leave: the room (with the case's alias) exists,
    // only the seeker got invited, nothing is recorded in the database.
    const partial = caseRoomCreateBody({
      caseId,
      name: "Fall",
      botUserId,
      seekerUserId: seeker.userId,
      counselorUserIds: [],
      aliasLocalpart: caseRoomAliasLocalpart(caseId),
    });
    const { room_id: earlierRoomId } = await botPost<{ room_id: string }>(
      stack.homeserverUrl,
      stack.asToken,
      "/_matrix/client/v3/createRoom",
      partial,
    );

    bridge = await BridgeProcess.start(env);
    const job = await waitForJobSettled(jobId);
    expect(job.status).toBe("done");
    expect((job.result as { roomId: string }).roomId).toBe(earlierRoomId);
    const [kase] = await dbh.db.select().from(cases).where(eq(cases.id, caseId));
    expect(kase!.roomId).toBe(earlierRoomId);

    const state = await roomState(stack.homeserverUrl, stack.asToken, earlierRoomId);
    for (const userId of [seeker.userId, ...agency.counselorUserIds]) {
      expect(state.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content.membership, userId).toBe("invite");
    }
    expect((await caseRoomsInSynapse(stack.synapseDatabaseUrl)).get(caseId)).toEqual([earlierRoomId]);
  });

  it("waits for a half-made room behind the case's alias, then abandons it and makes the room again", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    await bridge.stop();
    const { caseId, jobId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId: agency.id, topicId });
    // What a createRoom cut short by a Synapse restart can leave: the alias exists, the room has
    // no marker (nor anything else of the template).
    const { room_id: halfRoomId } = await botPost<{ room_id: string }>(stack.homeserverUrl, stack.asToken, "/_matrix/client/v3/createRoom", {
      room_alias_name: caseRoomAliasLocalpart(caseId),
      preset: "private_chat",
    });
    bridge = await BridgeProcess.start(env);
    // Early attempts: the creation might still be running in Synapse; the job waits (retry).
    const waiting = await waitFor(`job ${jobId} retried`, async () => {
      const row = await jobRow(jobId);
      return row.attempts >= 1 && row.status === "pending" ? row : undefined;
    });
    expect(waiting.lastError).toMatch(/^transient/);
    expect((await dbh.db.select().from(cases).where(eq(cases.id, caseId)))[0]!.roomId).toBeNull();

    // Skip the backoff: the next attempt is the one at which the room counts as abandoned.
    await dbh.db.update(roomJobs).set({ attempts: HALF_ROOM_ATTEMPTS - 1, runAfter: new Date() }).where(eq(roomJobs.id, jobId));
    await dbh.db.execute(sql`select pg_notify(${ROOM_JOBS_CHANNEL}, ${jobId})`);
    const job = await waitForJobSettled(jobId);
    expect(job.status).toBe("done");
    const roomId = (job.result as { roomId: string }).roomId;
    expect(roomId).not.toBe(halfRoomId);
    expect((await dbh.db.select().from(cases).where(eq(cases.id, caseId)))[0]!.roomId).toBe(roomId);
    // The alias names the new room, which is complete; the half room is left behind, unnamed.
    const resolved = await botGet<{ room_id: string }>(stack.homeserverUrl, stack.asToken, `/_matrix/client/v3/directory/room/${encodeURIComponent(caseRoomAlias(caseId, stack.serverName))}`);
    expect(resolved.room_id).toBe(roomId);
    const state = await roomState(stack.homeserverUrl, stack.asToken, roomId);
    expect(state.find((e) => e.type === LOTSE_ROOM_STATE_TYPE)?.content).toEqual({ kind: "case", caseId });
    expect(state.find((e) => e.type === "m.room.member" && e.state_key === seeker.userId)?.content.membership).toBe("invite");
    expect((await caseRoomsInSynapse(stack.synapseDatabaseUrl)).get(caseId)).toEqual([roomId]);
    const half = await botGet<{ joined_rooms: string[] }>(stack.homeserverUrl, stack.asToken, "/_matrix/client/v3/joined_rooms");
    expect(half.joined_rooms).not.toContain(halfRoomId);
  });

  it("fails a job whose case does not exist, with the reason, and keeps working others", async () => {
    const missingCaseId = "00000000-0000-4000-8000-000000000000";
    const [bad] = await dbh.db
      .insert(roomJobs)
      .values({ kind: "case.create_room", idempotencyKey: `test:missing:${Date.now()}`, payload: { caseId: missingCaseId } })
      .returning({ id: roomJobs.id });
    await dbh.db.execute(sql`select pg_notify(${ROOM_JOBS_CHANNEL}, ${bad!.id})`);
    const seeker = await createSeeker(dbh.db, stack);
    const { jobId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId: agency.id, topicId });

    const failed = await waitForJobSettled(bad!.id);
    expect(failed.status).toBe("failed");
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toBe("case not found");
    expect((await waitForJobSettled(jobId)).status).toBe("done");
  });

  it("never writes tokens or pseudonyms to its log", async () => {
    const all = JSON.stringify(bridge.lines);
    expect(all).not.toContain(stack.asToken);
    expect(all).not.toContain(stack.hsToken);
    const seekerNames = await dbh.db.query.seekers.findMany({ columns: { username: true } });
    for (const s of seekerNames) expect(all).not.toContain(s.username);
    // sanity: the log did record the work, by ids
    expect(bridge.lines.some((l) => l.msg === "room job done")).toBe(true);
  });
  it("invites only the slot's counselor into a booked case's room, never the pool", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    const [slotCounselorUserId, otherUserId] = agency.counselorUserIds as [string, string];
    const [c] = await dbh.db.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, slotCounselorUserId));
    const now = new Date();
    const added = await dbh.db.transaction((tx) =>
      addConsultationSlot(tx, agency.id, { kind: "once", startsAt: new Date(now.getTime() + 2 * 86_400_000), minutes: 30, counselorId: c!.id }, "test", now),
    );
    expect(added.ok).toBe(true);
    const [slot] = (await freeConsultationSlots(dbh.db, agency.id, now, 50)).filter((o) => o.counselorId === c!.id);
    const booked = await bookConsultation(dbh.db, { seekerId: seeker.id, agencyId: agency.id, topicId, occurrenceKey: slot!.key, remindByEmail: false, postcodeRegion: null }, now);
    expect(booked.ok).toBe(true);
    if (!booked.ok) return;
    const roomId = await waitFor("the booked case's room", async () => {
      const [k] = await dbh.db.select({ roomId: cases.roomId }).from(cases).where(eq(cases.id, booked.booking.caseId));
      return k?.roomId ?? undefined;
    });
    const members = (await roomState(stack.homeserverUrl, stack.asToken, roomId)).filter((e) => e.type === "m.room.member");
    const invited = members.filter((m) => m.content.membership === "invite").map((m) => m.state_key).sort();
    expect(invited).toEqual([seeker.userId, slotCounselorUserId].sort());
    expect(members.map((m) => m.state_key)).not.toContain(otherUserId);
  });
});
