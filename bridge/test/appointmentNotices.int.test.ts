// The counselor's notice before a booked appointment, with an injected clock against the real
// database: queued once, when the lead time begins, in the counselor's command chat (else the
// pool room), with the case number and the times in German — not before, not twice, not for a
// cancelled booking.
import { defaultConsultationPolicy, plainText } from "@lotse/policies";
import { addConsultationSlot, agencies, botDirectRooms, bookConsultation, cancelBooking, counselors, createDb, type DbHandle, freeConsultationSlots, roomJobs } from "@lotse/store";
import { randomBytes } from "node:crypto";
import { eq, like } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { anyTopicId, createAgency, createSeeker } from "@lotse/test-support";
import { scanAppointmentNotices } from "../src/consultation/AppointmentNotices.ts";

const stack = inject("lotseStack");
const log = pino({ level: "silent" });
let dbh: DbHandle;

beforeAll(() => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
});

afterAll(async () => {
  await dbh?.close();
});

describe("appointment notices", () => {
  it("queue one notice at the lead time, in the command chat or else the pool room, and none for a cancelled booking", async () => {
    const agency = await createAgency(dbh.db, stack, 2);
    const topicId = await anyTopicId(dbh.db);
    const poolRoomId = `!pool_${randomBytes(6).toString("hex")}:${stack.serverName}`;
    await dbh.db.update(agencies).set({ poolRoomId }).where(eq(agencies.id, agency.id));
    const [withChat, withoutChat] = agency.counselorUserIds as [string, string];
    const chatRoomId = `!chat_${randomBytes(6).toString("hex")}:${stack.serverName}`;
    await dbh.db.insert(botDirectRooms).values({ matrixUserId: withChat, roomId: chatRoomId });
    const idOf = async (userId: string) => (await dbh.db.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, userId)))[0]!.id;

    // Two slots two days ahead, one per counselor, booked by two seekers; a third booked and cancelled.
    const now = new Date();
    const start = new Date(Math.ceil((now.getTime() + 2 * 86_400_000) / 3_600_000) * 3_600_000);
    const made: { bookingId: string; seekerId: string }[] = [];
    for (const [i, userId] of [withChat, withoutChat, withChat].entries()) {
      const startsAt = new Date(start.getTime() + i * 3_600_000);
      const added = await dbh.db.transaction(async (tx) => addConsultationSlot(tx, agency.id, { kind: "once", startsAt, minutes: 45, counselorId: await idOf(userId) }, "test", now));
      expect(added.ok).toBe(true);
      const key = (await freeConsultationSlots(dbh.db, agency.id, now, 50)).find((o) => o.startsAt.getTime() === startsAt.getTime())!.key;
      const seeker = await createSeeker(dbh.db, stack);
      const booked = await bookConsultation(dbh.db, { seekerId: seeker.id, agencyId: agency.id, topicId, occurrenceKey: key, remindByEmail: false, postcodeRegion: null }, now);
      if (!booked.ok) throw new Error(`booking refused: ${booked.reason}`);
      made.push({ bookingId: booked.booking.bookingId, seekerId: seeker.id });
    }
    await dbh.db.transaction((tx) => cancelBooking(tx, made[2]!.seekerId, made[2]!.bookingId, now));

    const lead = defaultConsultationPolicy.reminderMinutesBefore * 60_000;
    const scanAt = (t: number) => scanAppointmentNotices({ db: dbh.db, log, policy: defaultConsultationPolicy, now: () => new Date(t) });
    const notices = async () =>
      (await dbh.db.select({ key: roomJobs.idempotencyKey, payload: roomJobs.payload }).from(roomJobs).where(like(roomJobs.idempotencyKey, "booking.counselor_notice:%"))).filter((j) =>
        made.some((b) => j.key.endsWith(b.bookingId)),
      );

    // Counted among this test's bookings only: other files' bookings may fall into the same window.
    await scanAt(start.getTime() - lead - 60_000);
    expect(await notices()).toEqual([]);
    await scanAt(start.getTime() - lead + 60_000);
    expect(await notices()).toHaveLength(1);
    await scanAt(start.getTime() - lead + 120_000);
    expect(await notices()).toHaveLength(1); // once
    await scanAt(start.getTime() + 3_600_000 - lead + 60_000);
    expect(await notices()).toHaveLength(2); // the second one, in the pool room
    await scanAt(start.getTime() + 7_200_000 - lead + 60_000);
    expect(await notices()).toHaveLength(2); // the cancelled one gets none
    const got = await notices();
    expect(got.map((j) => (j.payload as { roomId: string }).roomId).sort()).toEqual([chatRoomId, poolRoomId].sort());
    const body = (got.find((j) => (j.payload as { roomId: string }).roomId === chatRoomId)!.payload as { body: string }).body;
    // The job carries the bot markup; the room gets it as plain body and HTML.
    expect(plainText(body)).toMatch(/^Chat-Termin in 14 Minuten: Fall \d+, \d\d:\d\d–\d\d:\d\d Uhr\. Der Fallraum ist bereit\.$/);
  });
});
