// `!empfehlen` / `!recommend` from a counselor's Matrix client (issue 15): the counselor types it in
// the agency's pool room; the recommendation is stored (agency by id, the note, no message content)
// with an entry in the case's history and answered in German or English; mistakes and refusals are
// said in words with nothing written; help lists it. Real Synapse and PostgreSQL, the bridge as a
// child process, the counselor as a plain HTTP Matrix client.
import { agencies, caseEvents, caseRecommendations, counselors, createDb, type DbHandle } from "@lotse/store";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  anyTopicId,
  type BridgeProcess,
  createSeeker,
  type MatrixSession,
  matrixRequest,
  openCase,
  randomLetters,
  type Staff,
  startWithPoolCounselor,
  waitFor,
} from "@lotse/test-support";

const stack = inject("lotseStack");
const bot = `@${stack.botLocalpart}:${stack.serverName}`;
let dbh: DbHandle;
let bridge: BridgeProcess;
let agencyId: string;
let topicId: string;
let counselor: Staff;
let session: MatrixSession;
let poolRoomId: string;
let otherAgencyId: string;
const slug = `suchthilfe-${randomLetters(8).toLowerCase()}`;

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

const recsOf = (caseId: string) => dbh.db.select().from(caseRecommendations).where(eq(caseRecommendations.caseId, caseId));

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 2 });
  topicId = await anyTopicId(dbh.db);
  ({ agencyId, counselor, bridge, poolRoomId, session } = await startWithPoolCounselor(dbh.db, stack, "Beraterin Empfehlung"));
  const [other] = await dbh.db.insert(agencies).values({ name: "Suchthilfe am Markt", city: "Köln", online: false, slug }).returning({ id: agencies.id });
  otherAgencyId = other!.id;
}, 240_000);

afterAll(async () => {
  const code = await bridge?.stop();
  expect(code).toBe(0);
  if (otherAgencyId !== undefined) await dbh.db.update(agencies).set({ deletedAt: new Date() }).where(eq(agencies.id, otherAgencyId));
  await dbh?.close();
});

describe("!empfehlen", () => {
  it("recommends an agency by its short name, with the note; the case's history names the agency, not the note", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    const { caseId, caseNumber } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
    const note = "Dort gibt es dienstags eine offene Sprechstunde.";
    expect(await command(`!empfehlen ${caseNumber} ${slug} ${note}`)).toBe(
      `Fall ${caseNumber}: Suchthilfe am Markt (Köln) ist empfohlen – mit Ihrer Notiz. Die ratsuchende Person sieht es auf ihrer Fallseite unter „Beratung vor Ort“.`,
    );
    const rows = await recsOf(caseId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ agencyId: otherAgencyId, note, counselorId: counselor.counselorId });
    const [ev] = await dbh.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).then((r) => r.filter((e) => e.action === "recommend"));
    expect(ev).toMatchObject({ actor: counselor.userId, details: { agencyId: otherAgencyId } });
    expect(JSON.stringify(ev!.details)).not.toContain("Sprechstunde");
  });

  it("refuses mistakes and what may not be done in words, writing nothing; answers in English after !lang en", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    const { caseId, caseNumber } = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId });
    expect(await command("!empfehlen")).toContain("Es fehlen Angaben");
    expect(await command(`!empfehlen Fall ${slug}`)).toContain("„Fall“ ist keine Fallnummer");
    expect(await command(`!empfehlen ${caseNumber} ${slug} ${"x".repeat(300)}`)).toBe("Die Notiz ist 300 Zeichen lang; höchstens 280 gehen. Nichts wurde gespeichert.");
    expect(await command(`!empfehlen ${caseNumber} gibt-es-nicht`)).toContain("Diese Beratungsstelle kenne ich nicht");
    expect(await command(`!empfehlen 999999999 ${slug}`)).toBe("Fall 999999999 gibt es in Ihren Beratungsstellen nicht.");
    expect(await command(`!empfehlen ${caseNumber} ${agencyId}`)).toBe(`Fall ${caseNumber} ist schon bei dieser Beratungsstelle.`);
    expect(await recsOf(caseId)).toHaveLength(0);

    await dbh.db.update(counselors).set({ botLanguage: "en" }).where(eq(counselors.id, counselor.counselorId));
    try {
      expect(await command(`!recommend ${caseNumber} ${otherAgencyId}`)).toBe(
        `Case ${caseNumber}: Suchthilfe am Markt (Köln) is recommended. The seeker sees it on their case page under "Counseling in person".`,
      );
      expect(await recsOf(caseId)).toHaveLength(1);
      expect(await command("!help")).toContain("!recommend <case> <agency> <short note>");
    } finally {
      await dbh.db.update(counselors).set({ botLanguage: null }).where(eq(counselors.id, counselor.counselorId));
    }
    expect(await command("!hilfe")).toContain("!empfehlen <Fall> <Stelle> <kurze Notiz>");
  });
});
