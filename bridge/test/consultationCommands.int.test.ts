// Consultation hours from a counselor's Matrix client (issue 12): `!sprechzeiten` lists, adds and
// removes the counselor's own hours with the staff API's rules, `!termine` lists today's
// appointments — German replies, refusals in words with nothing written. Real Synapse and
// PostgreSQL, the bridge as a child process, the counselor as a plain HTTP Matrix client typing in
// the agency's pool room.
import { localDate, localDateTime } from "@lotse/policies";
import { agencies, agencyMemberships, bookings, consultationSlots, createDb, type DbHandle, seekers } from "@lotse/store";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  anyTopicId,
  type BridgeProcess,
  createSeeker,
  createStaff,
  type MatrixSession,
  matrixRequest,
  openCase,
  randomLetters,
  type Staff,
  startWithPoolCounselor,
  waitFor,
} from "@lotse/test-support";

const stack = inject("lotseStack");
const tz = "Europe/Berlin";
const bot = `@${stack.botLocalpart}:${stack.serverName}`;
let dbh: DbHandle;
let bridge: BridgeProcess;
let agencyId: string;
let topicId: string;
let counselor: Staff;
let session: MatrixSession;
let poolRoomId: string;

const matrix = (method: string, path: string, body?: unknown) => matrixRequest(stack.homeserverUrl, session.accessToken, method, path, body);

/** Types a command in the pool room and returns the bot's reply to it. */
async function command(text: string): Promise<string> {
  const sent = await matrix("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(poolRoomId)}/send/m.room.message/${randomLetters(12)}`, { msgtype: "m.text", body: text });
  expect(sent.status).toBe(200);
  const eventId = sent.json.event_id as string;
  return waitFor(`the reply to ${text}`, async () => {
    const page = await matrix("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(poolRoomId)}/messages?dir=b&limit=50`);
    const reply = (page.json.chunk as { sender: string; content: { body?: string; "m.relates_to"?: { "m.in_reply_to"?: { event_id?: string } } } }[]).find(
      (e) => e.sender === bot && e.content["m.relates_to"]?.["m.in_reply_to"]?.event_id === eventId,
    );
    return reply?.content.body;
  });
}

const agencyName = async () => (await dbh.db.select({ name: agencies.name }).from(agencies).where(eq(agencies.id, agencyId)))[0]!.name;
const slotsOf = () => dbh.db.select().from(consultationSlots).where(eq(consultationSlots.counselorId, counselor.counselorId));

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
  topicId = await anyTopicId(dbh.db);
  ({ agencyId, counselor, bridge, poolRoomId, session } = await startWithPoolCounselor(dbh.db, stack, "Beraterin Sprechzeit"));
}, 240_000);

afterAll(async () => {
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
});

describe("!sprechzeiten", () => {
  // A one-off slot three days ahead, on the local calendar.
  const ahead = localDate(new Date(Date.now() + 3 * 86_400_000), tz);

  it("lists nothing at first, adds a weekly and a one-off slot, and lists them numbered", async () => {
    expect(await command("!sprechzeiten")).toContain("Noch keine.");
    expect(await command("!sprechzeiten neu Di 16:00 45")).toBe("Sprechzeit angelegt: jeden Dienstag, 16:00–16:45 Uhr. Ratsuchende können sie ab jetzt buchen.");
    expect(await command(`!hours add ${ahead} 10:00 30`)).toMatch(/^Sprechzeit angelegt: am \w+, \d+\. \w+ \d{4}, 10:00–10:30 Uhr\./u);
    const rows = await slotsOf();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.weekday === 2)).toMatchObject({ startTime: "16:00", minutes: 45, agencyId });
    expect(rows.find((r) => r.startsAt !== null)!.startsAt!.toISOString()).toBe(localDateTime(ahead, "10:00", tz).toISOString());
    const list = (await command("!sprechzeiten")).split("\n");
    expect(list[1]).toBe("1. jeden Dienstag, 16:00–16:45 Uhr");
    expect(list[2]).toMatch(/^2\. am .*10:00–10:30 Uhr$/);
  });

  it("refuses overlaps, slots in the past and bad lengths in words, writing nothing", async () => {
    expect(await command("!sprechzeiten neu Di 16:30 30")).toBe("Zu dieser Zeit haben Sie schon eine Sprechzeit. Nichts wurde angelegt.");
    expect(await command("!sprechzeiten neu 2020-01-07 10:00 30")).toBe("Dieser Zeitpunkt liegt in der Vergangenheit. Nichts wurde angelegt.");
    expect(await command("!sprechzeiten neu Mi 10:00 5")).toMatch(/^Eine Sprechzeit dauert \d+ bis \d+ Minuten\. Nichts wurde angelegt\.$/);
    expect(await command("!sprechzeiten neu Mi 10:00")).toContain("Es fehlen Angaben");
    expect(await slotsOf()).toHaveLength(2);
  });

  it("removes by the list's number; an unknown number changes nothing", async () => {
    expect(await command("!sprechzeiten weg 5")).toBe("Nummer 5 gibt es nicht; Ihre Liste hat 2 Einträge (siehe !sprechzeiten).");
    expect(await slotsOf()).toHaveLength(2);
    expect(await command("!sprechzeiten weg 1")).toBe("Sprechzeit entfernt: jeden Dienstag, 16:00–16:45 Uhr.");
    const rows = await slotsOf();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.weekday).toBeNull();
  });
});

describe("!sprechzeiten for another counselor", () => {
  it("only the agency's admins may, naming the counselor by Matrix ID; others are refused with nothing written", async () => {
    const other = await createStaff(dbh.db, stack, agencyId, "counselor", "Beraterin Zwei");
    const theirs = () => dbh.db.select().from(consultationSlots).where(eq(consultationSlots.counselorId, other.counselorId));
    expect(await command(`!sprechzeiten neu Mo 09:00 30 ${other.userId}`)).toBe("Sprechzeiten anderer Personen verwaltet nur die Leitung der Beratungsstelle. Nichts wurde geändert.");
    expect(await theirs()).toHaveLength(0);

    await dbh.db.insert(agencyMemberships).values({ agencyId, counselorId: counselor.counselorId, role: "agency_admin" });
    expect(await command(`!sprechzeiten neu Mo 09:00 30 ${other.userId}`)).toBe("Sprechzeit angelegt: jeden Montag, 09:00–09:30 Uhr. Ratsuchende können sie ab jetzt buchen.");
    expect((await theirs()).map((r) => [r.weekday, r.startTime, r.minutes])).toEqual([[1, "09:00", 30]]);
    expect((await command(`!hours ${other.userId}`)).split("\n").slice(0, 2)).toEqual(["Sprechzeiten von Beraterin Zwei bei " + (await agencyName()) + ":", "1. jeden Montag, 09:00–09:30 Uhr"]);
    // Someone who does not counsel here.
    expect(await command(`!sprechzeiten @niemand:${stack.serverName}`)).toBe(`@niemand:${stack.serverName} berät nicht bei dieser Beratungsstelle. Nichts wurde geändert.`);
    expect(await command(`!sprechzeiten weg 1 ${other.userId}`)).toBe("Sprechzeit entfernt: jeden Montag, 09:00–09:30 Uhr.");
    expect(await theirs()).toHaveLength(0);
  });
});

describe("!termine", () => {
  it("lists today's booked appointments with time, case number and topic — never the pseudonym", async () => {
    expect(await command("!termine")).toMatch(/^Heute \(.+\) haben Sie keine gebuchten Termine\.$/);
    const seeker = await createSeeker(dbh.db, stack);
    const { caseId, caseNumber } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
    // An appointment on today's local date (a minute ago, or in a minute right after midnight).
    const now = Date.now();
    const startsAt = localDate(new Date(now - 60_000), tz) === localDate(new Date(now), tz) ? new Date(now - 60_000) : new Date(now + 60_000);
    await dbh.db.insert(bookings).values({
      agencyId,
      seekerId: seeker.id,
      occurrenceKey: `test:${randomLetters(10)}`,
      counselorId: counselor.counselorId,
      caseId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 30 * 60_000),
    });
    const reply = await command("!appointments");
    expect(reply.split("\n")[0]).toMatch(/^Ihre Termine heute \(.+\):$/);
    expect(reply).toContain(`Fall ${caseNumber} · `);
    const [s] = await dbh.db.select({ username: seekers.username }).from(seekers).where(eq(seekers.id, seeker.id));
    expect(reply).not.toContain(s!.username);
  });

  it("is listed by !help", async () => {
    expect(await command("!help")).toContain("!sprechzeiten neu Di 16:00 45");
  });
});
