// "You have a new answer" mails through real SMTP: a local smtp-server receives what the bridge
// (a child process, nodemailer) sends when a counselor writes in a case room. The mail carries no
// content and no pseudonym, and a second answer within the interval sends nothing.
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { bookings, cases, createDb, type DbHandle, processedEvents, roomJobs, seekers } from "@lotse/store";
import { defaultConsultationPolicy, wallTimeIn } from "@lotse/policies";
import { pino } from "pino";
import { scanAppointmentNotices } from "../src/consultation/AppointmentNotices.ts";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { joinInvitedRoom, BridgeProcess, bridgeEnv, signIn, signOut, type Counselor, anyTopicId, createEmptyAgency, createSeeker, createStaff, openCase, waitFor } from "@lotse/test-support";
import { NOTIFICATION_SUBJECT } from "../src/notify/MailNotifier.ts";

const stack = inject("lotseStack");
type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];
let smtp: SMTPServer;
let dbh: DbHandle;
let bridge: BridgeProcess;
let counselor: Counselor | undefined;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  dbh = createDb(stack.databaseUrl, { max: 2 });
  bridge = await BridgeProcess.start(
    bridgeEnv(stack, { LOTSE_SMTP_URL: `smtp://127.0.0.1:${port}`, LOTSE_MAIL_FROM: "Lotse <no-reply@lotse.test>", LOTSE_NOTIFY_INTERVAL_MINUTES: "60" }),
  );
});

afterAll(async () => {
  if (counselor) await signOut(counselor);
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe("notification mails", () => {
  it("sends one mail without content or pseudonym, and none for a second answer within the interval", async () => {
    const agencyId = await createEmptyAgency(dbh.db);
    const staff = await createStaff(dbh.db, stack, agencyId, "counselor", "Beraterin Mail");
    const seeker = await createSeeker(dbh.db, stack);
    const email = `seeker-${randomBytes(4).toString("hex")}@example.test`;
    await dbh.db.update(seekers).set({ email }).where(eq(seekers.id, seeker.id));
    const [s] = await dbh.db.select({ username: seekers.username }).from(seekers).where(eq(seekers.id, seeker.id));
    const opened = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId: await anyTopicId(dbh.db), postcodeRegion: "20" });
    const roomId = await waitFor("case room", async () => {
      const [row] = await dbh.db.select({ roomId: cases.roomId }).from(cases).where(eq(cases.id, opened.caseId));
      return row?.roomId ?? undefined;
    });

    counselor = await signIn(stack.homeserverUrl, staff.userId, staff.password);
    await joinInvitedRoom(counselor.client, roomId);
    const secret = `Vertrauliche Antwort ${randomBytes(4).toString("hex")}`;
    await counselor.client.sendMessage(roomId, { msgtype: "m.text", body: secret } as never);

    const mail = await waitFor("the notification mail", async () => received.find((m) => m.to.includes(email)));
    expect(mail.from).toBe("no-reply@lotse.test");
    expect(mail.raw).toContain("Subject: ");
    expect(mail.raw).toMatch(/neue Antwort|new answer/i);
    expect(mail.raw).not.toContain(secret);
    expect(mail.raw).not.toContain(s!.username);
    expect(mail.raw).not.toContain(seeker.matrixLocalpart);
    expect(mail.raw).not.toContain(opened.caseId);
    expect(NOTIFICATION_SUBJECT).not.toMatch(/#\d/);

    // A second answer within the interval: processed, but no second mail queued or sent.
    const second = await counselor.client.sendMessage(roomId, { msgtype: "m.text", body: "Noch etwas." } as never);
    await waitFor("second answer processed", async () => {
      const [pe] = await dbh.db.select().from(processedEvents).where(eq(processedEvents.eventId, second.event_id));
      return pe ? true : undefined;
    });
    const mailJobs = await dbh.db.select().from(roomJobs).where(and(eq(roomJobs.caseId, opened.caseId), eq(roomJobs.kind, "seeker.notify_mail")));
    expect(mailJobs).toHaveLength(1);
    await waitFor("mail job done", async () => {
      const [j] = await dbh.db.select().from(roomJobs).where(eq(roomJobs.id, mailJobs[0]!.id));
      return j?.status === "done" ? true : undefined;
    });
    expect(received.filter((m) => m.to.includes(email))).toHaveLength(1);
    // The address never reaches the bridge's log.
    expect(JSON.stringify(bridge.lines)).not.toContain(email);
  });

  it("reminds a seeker who asked for it of a booked appointment, once, with the time only — and nobody for a cancelled one", async () => {
    const agencyId = await createEmptyAgency(dbh.db);
    const staff = await createStaff(dbh.db, stack, agencyId, "counselor", "Beraterin Termin");
    const topicId = await anyTopicId(dbh.db);
    const booked = async (remindByEmail: boolean, status = "booked") => {
      const seeker = await createSeeker(dbh.db, stack);
      const email = `seeker-${randomBytes(4).toString("hex")}@example.test`;
      await dbh.db.update(seekers).set({ email }).where(eq(seekers.id, seeker.id));
      const { caseId } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
      // Whole minutes, half an hour ahead: within the reminder lead (60 minutes by default).
      const startsAt = new Date(Math.ceil((Date.now() + 30 * 60_000) / 60_000) * 60_000);
      const [b] = await dbh.db
        .insert(bookings)
        .values({ agencyId, seekerId: seeker.id, occurrenceKey: `test:${randomBytes(6).toString("hex")}`, counselorId: staff.counselorId, caseId, startsAt, endsAt: new Date(startsAt.getTime() + 45 * 60_000), remindByEmail, status })
        .returning({ id: bookings.id });
      return { seeker, email, bookingId: b!.id, startsAt };
    };
    const wanted = await booked(true);
    const notWanted = await booked(false);
    const cancelled = await booked(true, "cancelled");
    const scan = () => scanAppointmentNotices({ db: dbh.db, log: pino({ level: "silent" }), policy: defaultConsultationPolicy, mail: true });
    await scan();
    await scan();

    const mail = await waitFor("the reminder mail", async () => received.find((m) => m.to.includes(wanted.email)));
    const w = wallTimeIn(wanted.startsAt, defaultConsultationPolicy.timeZone);
    // The body is quoted-printable: soft line breaks ("=" at a line end) joined again.
    const text = mail.raw.replace(/=\r?\n/g, "");
    expect(text).toContain(`um ${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")} Uhr`);
    expect(mail.raw).toMatch(/Erinnerung an Ihren Chat-Termin/);
    const [s] = await dbh.db.select({ username: seekers.username }).from(seekers).where(eq(seekers.id, wanted.seeker.id));
    expect(mail.raw).not.toContain(s!.username);
    expect(mail.raw).not.toContain("Beraterin Termin");
    // Once (two scans, one job), and none for who did not ask or whose booking was cancelled.
    const jobsOf = (bookingId: string) => dbh.db.select().from(roomJobs).where(and(eq(roomJobs.kind, "booking.remind_mail"), eq(roomJobs.idempotencyKey, `booking.remind_mail:${bookingId}`)));
    expect(await jobsOf(wanted.bookingId)).toHaveLength(1);
    expect(await jobsOf(notWanted.bookingId)).toHaveLength(0);
    expect(await jobsOf(cancelled.bookingId)).toHaveLength(0);
    expect(received.filter((m) => m.to.includes(wanted.email))).toHaveLength(1);
    expect(received.some((m) => m.to.includes(notWanted.email) || m.to.includes(cancelled.email))).toBe(false);
  });
});
