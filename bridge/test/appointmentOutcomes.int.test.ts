// Who came to a booked appointment (issue 12): the bridge notes the first event of the seeker and
// of the slot's counselor in the case room (it sees only that something was sent, and by whom),
// and after the grace period records held or the no-show — once — and tells the counselor when the
// seeker did not come. Real Synapse and PostgreSQL; the bridge as a child process notes presence;
// the outcome scan runs here with an injected clock.
import { defaultConsultationPolicy, plainText } from "@lotse/policies";
import { bookings, cases, createDb, type DbHandle, roomJobs } from "@lotse/store";
import { eq, like } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  anyTopicId,
  type BridgeProcess,
  createSeeker,
  type MatrixSession,
  matrixRequest,
  openCase,
  randomLetters,
  type Seeker,
  type Staff,
  startWithPoolCounselor,
  waitFor,
} from "@lotse/test-support";
import { scanAppointmentOutcomes } from "../src/consultation/AppointmentPresence.ts";

const stack = inject("lotseStack");
const policy = defaultConsultationPolicy;
const log = pino({ level: "silent" });
let dbh: DbHandle;
let bridge: BridgeProcess;
let agencyId: string;
let topicId: string;
let counselor: Staff;
let counselorToken: string;

const put = async (token: string, path: string, body: unknown, asUser?: string) =>
  (await matrixRequest(stack.homeserverUrl, token, path.includes("/join") ? "POST" : "PUT", path, body, asUser)).status;

/** An opaque encrypted-looking event: the bridge only learns that it was sent, and by whom. */
const ciphertext = () => ({ algorithm: "m.megolm.v1.aes-sha2", ciphertext: randomLetters(40), sender_key: randomLetters(43), session_id: randomLetters(43), device_id: "TEST" });

async function sendAs(roomId: string, who: { token: string; asUser?: string }) {
  const path = `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}`;
  expect(await put(who.token, `${path}/join`, {}, who.asUser)).toBe(200);
  expect(await put(who.token, `${path}/send/m.room.encrypted/${randomLetters(12)}`, ciphertext(), who.asUser)).toBe(200);
}

/** A case with its room and a booking of the counselor that started a minute ago. */
async function bookedCase(): Promise<{ seeker: Seeker; roomId: string; caseNumber: number; bookingId: string; startsAt: Date }> {
  const seeker = await createSeeker(dbh.db, stack);
  const { caseId, caseNumber } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
  await dbh.db.update(cases).set({ assignedCounselorId: counselor.counselorId }).where(eq(cases.id, caseId));
  const roomId = await waitFor("case room", async () => (await dbh.db.select().from(cases).where(eq(cases.id, caseId)))[0]?.roomId ?? undefined);
  const startsAt = new Date(Date.now() - 60_000);
  const [b] = await dbh.db
    .insert(bookings)
    .values({ agencyId, seekerId: seeker.id, occurrenceKey: `test:${randomLetters(10)}`, counselorId: counselor.counselorId, caseId, startsAt, endsAt: new Date(startsAt.getTime() + 45 * 60_000) })
    .returning({ id: bookings.id });
  return { seeker, roomId, caseNumber, bookingId: b!.id, startsAt };
}

const bookingRow = async (id: string) => (await dbh.db.select().from(bookings).where(eq(bookings.id, id)))[0]!;
const afterGrace = (startsAt: Date) => () => new Date(startsAt.getTime() + (policy.noShowGraceMinutes + 1) * 60_000);

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
  topicId = await anyTopicId(dbh.db);
  let session: MatrixSession;
  ({ agencyId, counselor, bridge, session } = await startWithPoolCounselor(dbh.db, stack, "Beraterin Termin"));
  counselorToken = session.accessToken;
}, 240_000);

afterAll(async () => {
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
});

describe("appointment outcomes", () => {
  it("the counselor came, the seeker did not: no_show_seeker once, and the counselor is told in German", async () => {
    const { roomId, caseNumber, bookingId, startsAt } = await bookedCase();
    await sendAs(roomId, { token: counselorToken });
    const seen = await waitFor("counselor noted", async () => (await bookingRow(bookingId)).counselorSeenAt ?? undefined);
    expect(seen.getTime()).toBeGreaterThanOrEqual(startsAt.getTime());
    expect((await bookingRow(bookingId)).seekerSeenAt).toBeNull();

    // Before the grace period is over nothing is decided.
    await scanAppointmentOutcomes({ db: dbh.db, log, policy, now: () => new Date(startsAt.getTime() + 5 * 60_000) });
    expect((await bookingRow(bookingId)).status).toBe("booked");

    await scanAppointmentOutcomes({ db: dbh.db, log, policy, now: afterGrace(startsAt) });
    const row = await bookingRow(bookingId);
    expect(row.status).toBe("no_show_seeker");
    expect(row.settledAt).not.toBeNull();
    // Once: a second scan changes nothing and queues no second notice.
    await scanAppointmentOutcomes({ db: dbh.db, log, policy, now: () => new Date(startsAt.getTime() + 30 * 60_000) });
    expect((await bookingRow(bookingId)).settledAt!.getTime()).toBe(row.settledAt!.getTime());
    const notices = await dbh.db.select().from(roomJobs).where(like(roomJobs.idempotencyKey, `booking.outcome_notice:${bookingId}`));
    expect(notices).toHaveLength(1);
    expect(plainText((notices[0]!.payload as { body: string }).body)).toContain(`Fall ${caseNumber}: Die ratsuchende Person ist nicht gekommen.`);
  });

  it("both came: held, and no notice", async () => {
    const { seeker, roomId, bookingId, startsAt } = await bookedCase();
    await sendAs(roomId, { token: stack.asToken, asUser: seeker.userId });
    await sendAs(roomId, { token: counselorToken });
    await waitFor("both noted", async () => {
      const r = await bookingRow(bookingId);
      return r.seekerSeenAt && r.counselorSeenAt ? r : undefined;
    });
    await scanAppointmentOutcomes({ db: dbh.db, log, policy, now: afterGrace(startsAt) });
    expect((await bookingRow(bookingId)).status).toBe("held");
    expect(await dbh.db.select().from(roomJobs).where(like(roomJobs.idempotencyKey, `booking.outcome_notice:${bookingId}`))).toHaveLength(0);
  });

  it("only the seeker came: no_show_counselor; nobody came: no_show_both", async () => {
    const a = await bookedCase();
    await sendAs(a.roomId, { token: stack.asToken, asUser: a.seeker.userId });
    await waitFor("seeker noted", async () => (await bookingRow(a.bookingId)).seekerSeenAt ?? undefined);
    const b = await bookedCase();
    await scanAppointmentOutcomes({ db: dbh.db, log, policy, now: afterGrace(b.startsAt) });
    expect((await bookingRow(a.bookingId)).status).toBe("no_show_counselor");
    expect((await bookingRow(b.bookingId)).status).toBe("no_show_both");
  });
});
