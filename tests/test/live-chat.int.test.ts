// The live chat without registration (issue 12), end to end below the browser: a counselor goes on
// live duty from the pool room (`!dienst an`), seekers start temporary accounts through the API and
// wait in the queue (position, order, notices in the pool room, `!warteschlange`), the counselor
// takes one with `!übernehmen`, and each way a chat ends — the seeker leaves, it goes idle (an
// its last sign of life moved back), the counselor closes it — erases the temporary account: no row in Lotse's
// database, no room and an erased, deactivated user in Synapse's. "Zugang behalten" turns a chat
// into an ordinary account and case instead. Limits and bad input are refused with typed errors and
// nothing written. Real Synapse and PostgreSQL, the bridge as a child process, the API in-process.
import { buildApp, HomeserverClient, loadConfig, PasswordHasher, SynapseAdmin } from "@lotse/provisioning-api";
import { defaultPlatformPolicy, type PlatformPolicy } from "@lotse/policies";
import { agencyTopics, cases, counselors, createDb, type DbHandle, liveChats, seekers } from "@lotse/store";
import { eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  botCommand,
  type BridgeProcess,
  type MatrixSession,
  matrixRequest,
  randomLetters,
  registerSynapseAdmin,
  type Staff,
  startWithPoolCounselor,
  testPassword,
  waitFor,
} from "@lotse/test-support";

const stack = inject("lotseStack");
const bot = `@${stack.botLocalpart}:${stack.serverName}`;
// A topic no other test puts anyone on live duty for (the queue picks among all agencies on duty).
const TOPIC = "trauer";
const policy: PlatformPolicy = { ...defaultPlatformPolicy, live: { ...defaultPlatformPolicy.live, maxQueuePerTopic: 4, startsPerAddressPerHour: 1000 } };

let dbh: DbHandle;
let synapseDb: postgres.Sql;
let bridge: BridgeProcess;
type FastifyInstance = Awaited<ReturnType<typeof buildApp>>;
let app: FastifyInstance;
let agencyId: string;
let counselor: Staff;
let session: MatrixSession;
let poolRoomId: string;

function config(extra: Record<string, string> = {}) {
  return loadConfig({
    LOTSE_DATABASE_URL: stack.databaseUrl,
    LOTSE_JWT_SECRET: stack.jwtSecret,
    LOTSE_HOMESERVER_URL: stack.homeserverUrl,
    LOTSE_SERVER_NAME: stack.serverName,
    LOTSE_AS_TOKEN: stack.asToken,
    LOTSE_USER_PREFIX: stack.userPrefix,
    LOTSE_RATE_LIMIT_MAX: "100000",
    LOTSE_LOG_LEVEL: "silent",
    ...extra,
  });
}

async function apiApp(adminToken: string | undefined, p: PlatformPolicy = policy): Promise<FastifyInstance> {
  const c = config(adminToken === undefined ? {} : { LOTSE_SYNAPSE_ADMIN_TOKEN: adminToken });
  const homeserver = new HomeserverClient({ baseUrl: c.homeserverUrl, asToken: c.asToken, timeoutMs: 10_000 });
  const synapseAdmin = adminToken === undefined ? null : new SynapseAdmin({ baseUrl: c.homeserverUrl, adminToken, timeoutMs: 10_000 });
  return buildApp({ config: c, db: dbh, homeserver, synapseAdmin, passwords: new PasswordHasher(), policy: p }, { logger: false });
}

const matrix = (method: string, path: string, body?: unknown) => matrixRequest(stack.homeserverUrl, session.accessToken, method, path, body);

/** Types a command in the pool room and returns the bot's reply to it. */
const command = (text: string) => botCommand(session, poolRoomId, bot, text);

/** A notice of the bot in the pool room whose body matches. */
async function poolNotice(match: (body: string) => boolean): Promise<string> {
  return waitFor("a pool notice", async () => {
    const page = await matrix("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(poolRoomId)}/messages?dir=b&limit=100`);
    return (page.json.chunk as { sender: string; content: { body?: string } }[]).find((e) => e.sender === bot && typeof e.content.body === "string" && match(e.content.body))?.content.body;
  });
}

type Started = { seekerId: string; pseudonym: string; caseNumber: number; token: string; refreshToken: string };

async function start(body: Record<string, unknown> = {}, remoteAddress = "192.0.2.10"): Promise<Started> {
  const res = await app.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC, ...body }, remoteAddress });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as Started;
}

const me = async (s: Started) => {
  const res = await app.inject({ method: "GET", url: "/v1/live/me", headers: { authorization: `Bearer ${s.token}` } });
  return { status: res.statusCode, body: res.json() as Record<string, any> };
};

/** Ended — or already erased by another test process's sweeper (then the token is dead). */
const endedOrErased = async (s: Started) => {
  const r = await me(s);
  return (r.status === 200 && r.body.status === "ended") || r.status === 401;
};

const caseRow = async (caseNumber: number) => (await dbh.db.select().from(cases).where(eq(cases.caseNumber, caseNumber)))[0];

async function roomOf(s: Started): Promise<string> {
  return waitFor("the live chat's case room", async () => (await me(s)).body.roomId ?? undefined, 120_000);
}

/** Everything Synapse still holds of a room and a user. */
async function synapseTraces(roomId: string, userId: string) {
  const [room] = await synapseDb`select count(*)::int as n from rooms where room_id = ${roomId}`;
  const [events] = await synapseDb`select count(*)::int as n from events where room_id = ${roomId}`;
  const [user] = await synapseDb`select deactivated from users where name = ${userId}`;
  const [erased] = await synapseDb`select count(*)::int as n from erased_users where user_id = ${userId}`;
  const [memberships] = await synapseDb`select count(*)::int as n from local_current_membership where user_id = ${userId}`;
  return { room: room!.n, events: events!.n, deactivated: user?.deactivated, erased: erased!.n, memberships: memberships!.n };
}

/**
 * No row of Lotse's database names the seeker or the case any more. (Another API process of the
 * test run — the browser tests' — sweeps too and may be the one erasing it: wait for the rows to
 * go, then check everything.)
 */
async function noRowsLeft(seekerId: string, caseNumber: number) {
  await waitFor("the erased seeker's row to go", async () => (await dbh.db.select().from(seekers).where(eq(seekers.id, seekerId))).length === 0 || undefined, 120_000);
  expect(await dbh.db.select().from(seekers).where(eq(seekers.id, seekerId))).toEqual([]);
  expect(await dbh.db.select().from(liveChats).where(eq(liveChats.seekerId, seekerId))).toEqual([]);
  expect(await caseRow(caseNumber)).toBeUndefined();
  const tables = await dbh.sql<{ t: string }[]>`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
  for (const { t } of tables) {
    const [hit] = await dbh.sql.unsafe(`select count(*)::int as n from "${t}" t where t::text like $1`, [`%${seekerId}%`]);
    expect(hit!.n, `table ${t} still names the seeker`).toBe(0);
  }
}

let adminToken: string;

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 4 });
  synapseDb = postgres(stack.synapseDatabaseUrl, { max: 2, onnotice: () => {} });
  ({ agencyId, counselor, bridge, poolRoomId, session } = await startWithPoolCounselor(dbh.db, stack, "Beraterin Live"));
  await dbh.db.insert(agencyTopics).values({ agencyId, topicId: TOPIC });
  adminToken = await registerSynapseAdmin(stack);
  app = await apiApp(adminToken);
}, 240_000);

afterAll(async () => {
  await app?.close();
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await synapseDb?.end();
  await dbh?.close();
});

describe("live chat without registration", () => {
  it("is not offered without the admin token, and not while nobody is on duty (nothing written)", async () => {
    const off = await apiApp(undefined);
    try {
      expect((await off.inject({ method: "GET", url: "/v1/live" })).json()).toEqual({ available: false, topics: [] });
      const r = await off.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC } });
      expect([r.statusCode, r.json().errcode]).toEqual([503, "LOTSE_LIVE_CHAT_UNAVAILABLE"]);
    } finally {
      await off.close();
    }
    expect((await app.inject({ method: "GET", url: "/v1/live" })).json().topics.map((t: { id: string }) => t.id)).not.toContain(TOPIC);
    const before = await dbh.sql`select count(*)::int as n from seekers`;
    const r = await app.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC } });
    expect([r.statusCode, r.json().errcode]).toEqual([409, "LOTSE_NO_ONE_ON_DUTY"]);
    expect(await dbh.sql`select count(*)::int as n from seekers`).toEqual(before);
    // Bad input: an unknown topic, a bad postcode, a pseudonym against the rule.
    const unknown = await app.inject({ method: "POST", url: "/v1/live", payload: { topic: "gibt-es-nicht" } });
    expect([unknown.statusCode, unknown.json().errcode]).toEqual([404, "LOTSE_UNKNOWN_TOPIC"]);
    const postcode = await app.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC, postcode: "123" } });
    expect(postcode.statusCode).toBe(400);
    const phone = await app.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC, pseudonym: "0171 2345678" } });
    expect([phone.statusCode, phone.json().errcode]).toEqual([400, "LOTSE_INVALID_PSEUDONYM"]);
    expect(await dbh.sql`select count(*)::int as n from seekers`).toEqual(before);
  });

  it("!dienst an puts the counselor on duty and offers the topic; the queue keeps order; !übernehmen takes one", async () => {
    expect(await command("!dienst")).toContain("nicht im Live-Dienst");
    const on = await command("!dienst an 90");
    expect(on).toMatch(/^Sie sind im Live-Dienst bis \d\d:\d\d Uhr\. Ratsuchende sehen jetzt „Jetzt live chatten“ für: .*Trauer/u);
    const [row] = await dbh.db.select({ until: counselors.liveDutyUntil }).from(counselors).where(eq(counselors.id, counselor.counselorId));
    expect(Math.abs(row!.until!.getTime() - (Date.now() + 90 * 60_000))).toBeLessThan(5 * 60_000);
    const offered = (await app.inject({ method: "GET", url: "/v1/live" })).json();
    expect(offered.available).toBe(true);
    expect(offered.topics.map((t: { id: string }) => t.id)).toContain(TOPIC);

    const a = await start();
    const b = await start({ pseudonym: `Welle ${randomLetters(8)}`, postcode: "50667" });
    expect(a.pseudonym).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ \d{3}$/u);
    const [aState, bState] = [await me(a), await me(b)];
    expect([aState.status, aState.body.status, aState.body.position, aState.body.estimate]).toEqual([200, "waiting", 1, { kind: "unknown" }]);
    expect([bState.body.status, bState.body.position, bState.body.agency.id, bState.body.counselor]).toEqual(["waiting", 2, agencyId, null]);
    // The pool hears of both, with their place in the queue; the seeker's pseudonym never.
    const noticeA = await poolNotice((body) => body.startsWith(`Live-Chat wartet: Fall ${a.caseNumber} `));
    expect(noticeA).toContain("Platz 1 in der Warteschlange");
    expect(noticeA).toContain(`!übernehmen ${a.caseNumber}`);
    expect(noticeA).not.toContain(a.pseudonym);
    expect(await poolNotice((body) => body.startsWith(`Live-Chat wartet: Fall ${b.caseNumber} `))).toContain("Region: 50xxx");
    const queue = (await command("!warteschlange")).split("\n");
    expect(queue[0]).toBe("Im Live-Chat warten (2):");
    expect(queue.slice(1).map((l) => /Fall (\d+)/.exec(l)?.[1])).toEqual([String(a.caseNumber), String(b.caseNumber)]);

    // A temporary account is refused by routes for registered accounts; it cannot sign in either.
    const cases401 = await app.inject({ method: "GET", url: "/v1/cases", headers: { authorization: `Bearer ${a.token}` } });
    expect([cases401.statusCode, cases401.json().errcode]).toEqual([403, "LOTSE_TEMPORARY_ACCOUNT"]);
    const del = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: { authorization: `Bearer ${a.token}` }, payload: { password: "irgendein-passwort" } });
    expect([del.statusCode, del.json().errcode]).toEqual([403, "LOTSE_TEMPORARY_ACCOUNT"]);
    const login = await app.inject({ method: "POST", url: "/v1/login", payload: { username: a.pseudonym, password: "irgendein-passwort" } });
    expect(login.statusCode).toBe(401);
    // …but it gets its Matrix session for the encrypted conversation.
    const ms = await app.inject({ method: "POST", url: "/v1/matrix/session", headers: { authorization: `Bearer ${a.token}` } });
    expect(ms.statusCode).toBe(200);

    await roomOf(a);
    expect(await command(`!übernehmen ${a.caseNumber}`)).toContain(`Sie haben Fall ${a.caseNumber} übernommen`);
    const taken = await me(a);
    expect([taken.body.status, taken.body.counselor, taken.body.position]).toEqual(["active", "Beraterin Live", null]);
    expect((await me(b)).body.position).toBe(1);

    // The seeker leaves: the chat ends, the pool hears it, and the sweeper erases everything.
    const roomA = await roomOf(a);
    const userA = ms.json().userId as string;
    const end = await app.inject({ method: "POST", url: "/v1/live/me/end", headers: { authorization: `Bearer ${a.token}` } });
    expect(end.statusCode).toBe(204);
    expect(await endedOrErased(a)).toBe(true);
    expect(await poolNotice((body) => body.startsWith(`Live-Chat Fall ${a.caseNumber} ist beendet (die ratsuchende Person hat ihn verlassen)`))).toBeTruthy();
    expect(await app.lotseLiveSweeper!.runOnce()).toMatchObject({ failed: 0 });
    await noRowsLeft(a.seekerId, a.caseNumber);
    await waitFor("the room gone from Synapse", async () => (await synapseTraces(roomA, userA)).room === 0 || undefined, 120_000);
    expect(await synapseTraces(roomA, userA)).toEqual({ room: 0, events: 0, deactivated: 1, erased: 1, memberships: 0 });
    // Its token is dead with it.
    expect((await me(a)).status).toBe(401);

    // The other one goes idle (its app is not seen any more): erased at the policy's idle period.
    // (Its last sign of life is moved back rather than the sweeper's clock forward, which would
    // idle other tests' live chats too.)
    const roomB = await roomOf(b);
    await dbh.sql`update live_chats set last_seen_at = now() - make_interval(mins => ${policy.live.idleMinutes + 1}) where seeker_id = ${b.seekerId}`;
    await app.lotseLiveSweeper!.runOnce();
    await noRowsLeft(b.seekerId, b.caseNumber);
    await waitFor("the idle chat's room gone from Synapse", async () => (await synapseTraces(roomB, "")).room === 0 || undefined, 120_000);
    expect(await poolNotice((body) => body.startsWith(`Live-Chat Fall ${b.caseNumber} ist beendet (niemand war mehr da)`))).toBeTruthy();
  });

  it("a chat the counselor closes is erased; 'Zugang behalten' keeps the account and the case", async () => {
    const closing = await start();
    const keeping = await start();
    await roomOf(closing);
    await roomOf(keeping);
    expect(await command(`!übernehmen ${closing.caseNumber}`)).toContain("übernommen");
    expect(await command(`!abschließen ${closing.caseNumber}`)).toContain("abgeschlossen");
    expect(await endedOrErased(closing)).toBe(true);

    // Keeping access: a password (bad input first: too short — nothing changes).
    const short = await app.inject({ method: "POST", url: "/v1/live/me/keep", headers: { authorization: `Bearer ${keeping.token}` }, payload: { password: "kurz" } });
    expect(short.statusCode).toBe(400);
    const password = testPassword();
    const kept = await app.inject({ method: "POST", url: "/v1/live/me/keep", headers: { authorization: `Bearer ${keeping.token}` }, payload: { password } });
    expect(kept.statusCode).toBe(204);
    expect(await poolNotice((body) => body.startsWith(`Live-Chat Fall ${keeping.caseNumber}: Die ratsuchende Person hat ihren Zugang behalten`))).toBeTruthy();

    await app.lotseLiveSweeper!.runOnce();
    await noRowsLeft(closing.seekerId, closing.caseNumber);
    // The kept one is an ordinary account now: it signs in, sees its case, and is no live chat any more.
    const login = await app.inject({ method: "POST", url: "/v1/login", payload: { username: keeping.pseudonym, password } });
    expect(login.statusCode).toBe(200);
    const list = await app.inject({ method: "GET", url: "/v1/cases", headers: { authorization: `Bearer ${login.json().token}` } });
    expect(list.json().map((c: { caseNumber: number }) => c.caseNumber)).toEqual([keeping.caseNumber]);
    expect((await me(keeping)).status).toBe(404);
    expect((await dbh.db.select({ t: seekers.temporary }).from(seekers).where(eq(seekers.id, keeping.seekerId)))[0]).toEqual({ t: false });
    const again = await app.inject({ method: "POST", url: "/v1/live/me/keep", headers: { authorization: `Bearer ${login.json().token}` }, payload: { password } });
    expect([again.statusCode, again.json().errcode]).toEqual([409, "LOTSE_LIVE_CHAT_ENDED"]);
  });

  it("refuses a full queue and too many starts from one address, writing nothing", async () => {
    const small = await apiApp(adminToken, { ...policy, live: { ...policy.live, maxQueuePerTopic: 1, startsPerAddressPerHour: 2 } });
    try {
      const first = await small.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC }, remoteAddress: "198.51.100.7" });
      expect(first.statusCode).toBe(201);
      const seekersBefore = await dbh.sql`select count(*)::int as n from seekers`;
      const full = await small.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC }, remoteAddress: "198.51.100.8" });
      expect([full.statusCode, full.json().errcode]).toEqual([409, "LOTSE_QUEUE_FULL"]);
      expect(await dbh.sql`select count(*)::int as n from seekers`).toEqual(seekersBefore);
      // The first start counted for its address; the refused one did not, so one more start is allowed, then none.
      await small.inject({ method: "POST", url: "/v1/live/me/end", headers: { authorization: `Bearer ${first.json().token}` } });
      await small.lotseLiveSweeper!.runOnce();
      const second = await small.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC }, remoteAddress: "198.51.100.7" });
      expect(second.statusCode).toBe(201);
      await small.inject({ method: "POST", url: "/v1/live/me/end", headers: { authorization: `Bearer ${second.json().token}` } });
      const third = await small.inject({ method: "POST", url: "/v1/live", payload: { topic: TOPIC }, remoteAddress: "198.51.100.7" });
      expect([third.statusCode, third.json().errcode]).toEqual([429, "LOTSE_TOO_MANY_LIVE_STARTS"]);
      expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
      await small.lotseLiveSweeper!.runOnce();
    } finally {
      await small.close();
    }
  });

  it("!dienst aus ends the duty: the topic is no longer offered", async () => {
    expect(await command("!dienst aus")).toContain("Ihr Live-Dienst ist beendet");
    expect((await app.inject({ method: "GET", url: "/v1/live" })).json().topics.map((t: { id: string }) => t.id)).not.toContain(TOPIC);
    expect(await command("!queue")).toBe("Im Live-Chat wartet gerade niemand.");
    expect(await command("!dienst vielleicht")).toContain("„vielleicht“ kenne ich nicht");
  });
});
