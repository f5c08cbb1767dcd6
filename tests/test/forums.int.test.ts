// Peer-exchange forums (issue 15) against the real stack: the API in-process, the bridge as a child
// process, seekers registered through the API with their own Matrix sessions, a counselor of an
// agency serving the forum's topic. A fresh topic per run, so the forum (one per topic) is this
// file's own. What a seeker may read or write is what Synapse answers to the seeker's own token.
import { randomBytes } from "node:crypto";
import { botMessages, defaultPlatformPolicy } from "@lotse/policies";
import { addPlatformAdmin, agencyTopics, createDb, type DbHandle, forumReports, seekers, topics } from "@lotse/store";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../../provisioning-api/src/app.ts";
import { PasswordHasher } from "../../provisioning-api/src/domain/passwords.ts";
import { HomeserverClient } from "../../provisioning-api/src/matrix/homeserverClient.ts";
import { staffToken } from "../../provisioning-api/test/authHelpers.ts";
import { buildTestApp, testConfig, uniquePseudonym } from "../../provisioning-api/test/helpers.ts";
import {
  BridgeProcess,
  bridgeEnv,
  createEmptyAgency,
  createStaff,
  matrixRequest,
  passwordLogin,
  registerWithSharedSecret,
  roomState,
  testPassword,
  type MatrixSession,
  type Staff,
  waitFor,
  waitForPoolRoom,
} from "@lotse/test-support";

const stack = inject("lotseStack");

let dbh: DbHandle;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let bridge: BridgeProcess;
let topicId: string;
let agencyId: string;
let counselor: Staff;
let counselorSession: MatrixSession;
let poolRoomId: string;
let forumRoomId: string;

type SeekerUser = { pseudonym: string; token: string; userId: string; accessToken: string };

const hex = (n = 4) => randomBytes(n).toString("hex");
const r = encodeURIComponent;

async function api<T = Record<string, unknown>>(method: "GET" | "POST" | "PUT" | "DELETE", url: string, token?: string, payload?: unknown, on = app): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
  const res = await on.inject({
    method,
    url,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as T, headers: res.headers };
}

async function newSeeker(): Promise<SeekerUser> {
  const pseudonym = uniquePseudonym("Lea");
  const reg = await api<{ token: string }>("POST", "/v1/seekers", undefined, { username: pseudonym, password: `pw-${hex(8)}`, topic: topicId, postcode: "50667" });
  expect(reg.status).toBe(201);
  const session = await api<{ userId: string; accessToken: string }>("POST", "/v1/matrix/session", reg.body.token);
  expect(session.status).toBe(200);
  return { pseudonym, token: reg.body.token, userId: session.body.userId, accessToken: session.body.accessToken };
}

const mx = (token: string, method: string, path: string, body?: unknown) => matrixRequest(stack.homeserverUrl, token, method, path, body);

/** Joins the forum through the API and then the room once the bot's invitation is there. */
async function joinForum(s: SeekerUser): Promise<string> {
  const joined = await api<{ roomId: string }>("POST", `/v1/forums/${topicId}/join`, s.token);
  expect(joined.status).toBe(200);
  const roomId = joined.body.roomId;
  await waitFor(`${s.pseudonym} in the forum room`, async () => (await mx(s.accessToken, "POST", `/_matrix/client/v3/join/${r(roomId)}`, {})).status === 200, 90_000, 300);
  return roomId;
}

async function send(token: string, roomId: string, content: Record<string, unknown>): Promise<{ status: number; eventId: string }> {
  const res = await mx(token, "PUT", `/_matrix/client/v3/rooms/${r(roomId)}/send/m.room.message/t${hex(6)}`, content);
  return { status: res.status, eventId: res.json?.event_id as string };
}

/** A thread's first post as the seeker app sends it: title line, then the text. */
const threadRoot = (title: string, text: string) => ({ msgtype: "m.text", body: `${title}\n${text}` });
/** A reply in a thread (m.thread relation, with the fallback reply for clients without threads). */
const threadReply = (rootId: string, body: string) => ({
  msgtype: "m.text",
  body,
  "m.relates_to": { rel_type: "m.thread", event_id: rootId, is_falling_back: true, "m.in_reply_to": { event_id: rootId } },
});

async function membership(roomId: string, userId: string): Promise<string | undefined> {
  const e = (await roomState(stack.homeserverUrl, stack.asToken, roomId)).find((x) => x.type === "m.room.member" && x.state_key === userId);
  return e?.content.membership as string | undefined;
}

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 4 });
  topicId = `forum-${hex()}`;
  await dbh.db.insert(topics).values({ id: topicId, nameDe: `Austauschthema ${topicId}`, nameEn: `Exchange topic ${topicId}` });
  agencyId = await createEmptyAgency(dbh.db);
  await dbh.db.insert(agencyTopics).values({ agencyId, topicId });
  counselor = await createStaff(dbh.db, stack, agencyId, "counselor", `Beraterin Forum ${hex(2)}`);
  app = await buildTestApp(testConfig(stack), dbh);
  bridge = await BridgeProcess.start(bridgeEnv(stack, { LOTSE_GROUP_SCAN_MS: "0" }));
  poolRoomId = await waitForPoolRoom(dbh.db, agencyId);
  counselorSession = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);
  await waitFor("the counselor in the pool room", async () => (await mx(counselorSession.accessToken, "POST", `/_matrix/client/v3/join/${r(poolRoomId)}`, {})).status === 200);
}, 240_000);

afterAll(async () => {
  await bridge?.stop();
  await app?.close();
  await dbh?.close();
});

describe("forums", () => {
  let author: SeekerUser;
  let reader: SeekerUser;
  let rootId: string;
  let replyId: string;

  it("lists every topic's forum for visitors, and refuses temporary accounts and unknown topics", async () => {
    const list = await api<{ topic: { id: string }; threadCount: number; lastActivityAt: string | null; encrypted: boolean }[]>("GET", "/v1/forums");
    expect(list.status).toBe(200);
    expect(list.body.find((f) => f.topic.id === topicId)).toMatchObject({ threadCount: 0, lastActivityAt: null, encrypted: false });
    expect((await api("GET", `/v1/forums/no_such_topic_${hex()}/threads`)).body).toMatchObject({ errcode: "LOTSE_UNKNOWN_TOPIC" });

    const temp = await newSeeker();
    // A temporary live-chat account as POST /v1/live makes it (the flag is what the API checks).
    await dbh.db.update(seekers).set({ temporary: true }).where(eq(seekers.matrixLocalpart, temp.userId.slice(1, temp.userId.indexOf(":"))));
    const refused = await api("POST", `/v1/forums/${topicId}/join`, temp.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ errcode: "LOTSE_TEMPORARY_ACCOUNT" });
    expect((await api("POST", `/v1/forums/${topicId}/join`)).status).toBe(401);
    const unknown = await newSeeker();
    expect((await api("POST", `/v1/forums/no_such_topic_${hex()}/join`, unknown.token)).body).toMatchObject({ errcode: "LOTSE_UNKNOWN_TOPIC" });
  }, 120_000);

  it("makes one room per topic with the topic's counselors as moderators; a thread written by one seeker is read by another", async () => {
    author = await newSeeker();
    reader = await newSeeker();
    forumRoomId = await joinForum(author);
    expect(await joinForum(reader)).toBe(forumRoomId);

    const state = await roomState(stack.homeserverUrl, stack.asToken, forumRoomId);
    expect(state.find((e) => e.type === "org.lotse.room")?.content).toEqual({ kind: "forum", topicId });
    expect(state.find((e) => e.type === "m.room.encryption")).toBeUndefined(); // policy default: not encrypted
    expect(state.find((e) => e.type === "m.room.history_visibility")?.content.history_visibility).toBe("shared");
    expect(state.find((e) => e.type === "m.room.join_rules")?.content.join_rule).toBe("invite");
    const pl = state.find((e) => e.type === "m.room.power_levels")!.content as { users: Record<string, number>; users_default: number; redact: number; ban: number };
    expect(pl.users[counselor.userId]).toBe(50);
    expect(pl.users[author.userId]).toBeUndefined();
    expect(pl.redact).toBe(50);
    expect(pl.ban).toBe(50);
    expect(await membership(forumRoomId, counselor.userId)).toBe("invite");

    const root = await send(author.accessToken, forumRoomId, threadRoot("Wie geht ihr mit Mahnungen um?", "Ich habe drei Briefe bekommen und traue mich nicht, sie zu öffnen."));
    expect(root.status).toBe(200);
    rootId = root.eventId;
    const reply = await send(reader.accessToken, forumRoomId, threadReply(rootId, "Mir hat es geholfen, sie mit jemandem zusammen zu öffnen."));
    expect(reply.status).toBe(200);
    replyId = reply.eventId;

    // The author reads the reply in the thread; the reader reads the first post.
    const thread = await waitFor("the reply in the thread", async () => {
      const res = await mx(author.accessToken, "GET", `/_matrix/client/v1/rooms/${r(forumRoomId)}/relations/${r(rootId)}/m.thread`);
      const chunk = (res.json?.chunk ?? []) as { event_id: string; content: { body?: string } }[];
      return chunk.find((e) => e.event_id === replyId);
    });
    expect(thread.content.body).toContain("zusammen zu öffnen");
    const first = await mx(reader.accessToken, "GET", `/_matrix/client/v3/rooms/${r(forumRoomId)}/event/${r(rootId)}`);
    expect(first.status).toBe(200);
    expect(first.json.content.body).toContain("drei Briefe");
  }, 240_000);

  it("gives visitors the thread titles only: no bodies, no authors; reading needs membership", async () => {
    const listed = await waitFor("the thread in the public list", async () => {
      const res = await api<{ threads: { threadId: string; title: string; replies: number; lastActivityAt: string }[]; threadCount: number; encrypted: boolean }>("GET", `/v1/forums/${topicId}/threads`);
      return res.body.threads.find((t) => t.threadId === rootId && t.replies === 1) ? res : undefined;
    }, 30_000, 500);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ encrypted: false, threadCount: 1 });
    expect(listed.body.threads).toEqual([{ threadId: rootId, title: "Wie geht ihr mit Mahnungen um?", replies: 1, lastActivityAt: expect.any(String) }]);
    const raw = JSON.stringify(listed.body);
    for (const secret of ["drei Briefe", "zusammen zu öffnen", author.pseudonym, reader.pseudonym, author.userId, reader.userId]) expect(raw).not.toContain(secret);
    const forum = (await api<{ topic: { id: string }; threadCount: number; lastActivityAt: string | null }[]>("GET", "/v1/forums")).body.find((f) => f.topic.id === topicId)!;
    expect(forum.threadCount).toBe(1);
    expect(forum.lastActivityAt).not.toBeNull();

    // No route serves a body; a visitor has no Matrix session; a seeker who has not joined is refused by Synapse.
    expect((await api("GET", `/v1/forums/${topicId}/threads/${r(rootId)}`)).status).toBe(404);
    expect((await api("POST", "/v1/matrix/session")).status).toBe(401);
    const outsider = await newSeeker();
    // Synapse answers 404 for an event of a room one is not in (it does not say whether the event exists).
    const peek = await mx(outsider.accessToken, "GET", `/_matrix/client/v3/rooms/${r(forumRoomId)}/event/${r(rootId)}`);
    expect([403, 404]).toContain(peek.status);
    expect(JSON.stringify(peek.json)).not.toContain("drei Briefe");
    expect((await mx(outsider.accessToken, "GET", `/_matrix/client/v3/rooms/${r(forumRoomId)}/messages?dir=b&limit=10`)).status).toBe(403);
    expect((await mx(outsider.accessToken, "POST", `/_matrix/client/v3/join/${r(forumRoomId)}`, {})).status).toBe(403);
  }, 120_000);

  it("a report reaches the moderators' pool room with a link and no content; the counselor removes the post and mutes a seeker from there", async () => {
    const reported = await api<{ reportId: string }>("POST", `/v1/forums/${topicId}/reports`, author.token, { eventId: replyId, reason: "insult" });
    expect(reported.status).toBe(202);
    type Ev = { event_id: string; sender: string; content: { body?: string; formatted_body?: string; "org.lotse.forum_report"?: string } };
    const notice = await waitFor("the report notice in the pool room", async () => {
      const page = await mx(counselorSession.accessToken, "GET", `/_matrix/client/v3/rooms/${r(poolRoomId)}/messages?dir=b&limit=30`);
      return ((page.json?.chunk ?? []) as Ev[]).find((e) => e.content["org.lotse.forum_report"] === reported.body.reportId);
    }, 90_000, 500);
    expect(notice.sender).toBe(`@${stack.botLocalpart}:${stack.serverName}`);
    expect(notice.content.body).toContain(`https://matrix.to/#/${r(forumRoomId)}/${r(replyId)}`);
    expect(notice.content.body).toContain("Beleidigung");
    const all = JSON.stringify(notice.content);
    for (const secret of ["zusammen zu öffnen", "drei Briefe", author.pseudonym, reader.pseudonym, author.userId, reader.userId]) expect(all).not.toContain(secret);
    // The report row holds the event id and the reason, nothing written in the forum.
    const [row] = await dbh.db.select().from(forumReports).where(eq(forumReports.id, reported.body.reportId));
    expect(row).toMatchObject({ eventId: replyId, reason: "insult", topicId });
    // The seeker's data export names the forum and the report (which post, why), nothing written.
    const exported = await api<{ forums: { topicId: string }[]; forumReports: { eventId: string; reason: string }[] }>("GET", "/v1/seekers/me/export", author.token);
    expect(exported.body.forums.map((f) => f.topicId)).toEqual([topicId]);
    expect(exported.body.forumReports).toMatchObject([{ topicId, eventId: replyId, reason: "insult" }]);
    // Reporting the same post again is the same report (no second notice).
    expect((await api<{ reportId: string }>("POST", `/v1/forums/${topicId}/reports`, author.token, { eventId: replyId })).body.reportId).toBe(reported.body.reportId);

    // Typed refusals: unknown event, unknown topic, a bad event id, a seeker who is not a member, a visitor.
    expect((await api("POST", `/v1/forums/${topicId}/reports`, author.token, { eventId: `$nope${hex()}` })).body).toMatchObject({ errcode: "LOTSE_UNKNOWN_EVENT" });
    expect((await api("POST", `/v1/forums/no_such_topic_${hex()}/reports`, author.token, { eventId: replyId })).body).toMatchObject({ errcode: "LOTSE_UNKNOWN_TOPIC" });
    expect((await api("POST", `/v1/forums/${topicId}/reports`, author.token, { eventId: "not-an-event" })).body).toMatchObject({ errcode: "LOTSE_INVALID_INPUT" });
    const outsider = await newSeeker();
    expect((await api("POST", `/v1/forums/${topicId}/reports`, outsider.token, { eventId: replyId })).body).toMatchObject({ errcode: "LOTSE_FORBIDDEN" });
    expect((await api("POST", `/v1/forums/${topicId}/reports`, undefined, { eventId: replyId })).status).toBe(401);

    // The counselor (moderator level in the forum) takes the notice's command into the pool room: the post is gone.
    await mx(counselorSession.accessToken, "POST", `/_matrix/client/v3/join/${r(forumRoomId)}`, {});
    const sent = await send(counselorSession.accessToken, poolRoomId, { msgtype: "m.text", body: `!redact ${forumRoomId} ${replyId}` });
    expect(sent.status).toBe(200);
    await waitFor("the reported post redacted", async () => {
      const ev = await mx(reader.accessToken, "GET", `/_matrix/client/v3/rooms/${r(forumRoomId)}/event/${r(replyId)}`);
      return ev.status === 200 && ev.json.content.body === undefined;
    }, 90_000, 500);

    // A timed mute from the pool room, as in group rooms: Synapse refuses the seeker's post, then accepts it after !unmute.
    expect((await send(counselorSession.accessToken, poolRoomId, { msgtype: "m.text", body: `!mute ${forumRoomId} ${reader.userId} 5` })).status).toBe(200);
    await waitFor("the reader muted", async () => (await send(reader.accessToken, forumRoomId, threadReply(rootId, "noch da"))).status === 403, 90_000, 1000);
    expect((await send(counselorSession.accessToken, poolRoomId, { msgtype: "m.text", body: `!unmute ${forumRoomId} ${reader.userId}` })).status).toBe(200);
    await waitFor("the reader unmuted", async () => (await send(reader.accessToken, forumRoomId, threadReply(rootId, "wieder da"))).status === 200, 90_000, 1000);
  }, 300_000);

  it("limits reports per seeker and hour (forums.reportsPerHour)", async () => {
    const strict = await buildApp(
      {
        config: testConfig(stack),
        db: dbh,
        homeserver: new HomeserverClient({ baseUrl: stack.homeserverUrl, asToken: stack.asToken, timeoutMs: 10_000 }),
        passwords: new PasswordHasher(),
        policy: { ...defaultPlatformPolicy, forums: { ...defaultPlatformPolicy.forums, reportsPerHour: 2 } },
      },
      { logger: false },
    );
    try {
      const posts: string[] = [];
      for (let i = 0; i < 3; i++) posts.push((await send(reader.accessToken, forumRoomId, threadRoot(`Frage ${i}`, "Text"))).eventId);
      const reporter = reader; // reports of one's own posts count the same
      expect((await api("POST", `/v1/forums/${topicId}/reports`, reporter.token, { eventId: posts[0], reason: "spam" }, strict)).status).toBe(202);
      expect((await api("POST", `/v1/forums/${topicId}/reports`, reporter.token, { eventId: posts[1], reason: "spam" }, strict)).status).toBe(202);
      const third = await api("POST", `/v1/forums/${topicId}/reports`, reporter.token, { eventId: posts[2], reason: "spam" }, strict);
      expect(third.status).toBe(429);
      expect(third.body).toMatchObject({ errcode: "LOTSE_RATE_LIMITED" });
      expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  }, 120_000);

  it("a policy-list ban removes the author from the forum and keeps them out", async () => {
    const localpart = `padmin_${hex()}`;
    const password = testPassword();
    await registerWithSharedSecret({ homeserverUrl: stack.homeserverUrl, sharedSecret: stack.registrationSharedSecret, localpart, password, displayName: "Plattform-Admin" });
    const adminId = `@${localpart}:${stack.serverName}`;
    expect(await addPlatformAdmin(dbh.db, "@test:forums", adminId)).toBe(true);
    const policyRoomId = await waitFor("policy room", async () => {
      const res = await mx(stack.asToken, "GET", `/_matrix/client/v3/directory/room/${r(`#${stack.userPrefix}policy:${stack.serverName}`)}`);
      return typeof res.json?.room_id === "string" ? (res.json.room_id as string) : undefined;
    }, 90_000, 500);
    const admin = await passwordLogin(stack.homeserverUrl, adminId, password);
    await waitFor("the admin in the policy room", async () => (await mx(admin.accessToken, "POST", `/_matrix/client/v3/join/${r(policyRoomId)}`, {})).status === 200, 90_000, 300);
    const ruleKey = `forum_rule_${hex()}`;
    expect((await mx(admin.accessToken, "PUT", `/_matrix/client/v3/rooms/${r(policyRoomId)}/state/m.policy.rule.user/${ruleKey}`, { entity: author.userId, recommendation: "m.ban", reason: "spam" })).status).toBe(200);
    try {
      await waitFor("the author banned from the forum", async () => (await membership(forumRoomId, author.userId)) === "ban", 90_000, 500);
      expect((await send(author.accessToken, forumRoomId, threadRoot("Noch da?", "…"))).status).toBe(403);
      // Joining again through the API changes nothing: the bot does not invite a banned seeker.
      expect((await api("POST", `/v1/forums/${topicId}/join`, author.token)).status).toBe(200);
      expect((await mx(author.accessToken, "POST", `/_matrix/client/v3/join/${r(forumRoomId)}`, {})).status).toBe(403);
      expect(await membership(forumRoomId, reader.userId)).toBe("join");
    } finally {
      await mx(admin.accessToken, "PUT", `/_matrix/client/v3/rooms/${r(policyRoomId)}/state/m.policy.rule.user/${ruleKey}`, {});
    }
  }, 300_000);
  it("a counselor who leaves the agency leaves its forum, one who joins is invited; an agency giving up the topic takes its counselors out", async () => {
    const other = await createEmptyAgency(dbh.db);
    const admin = staffToken(app, { roles: [{ role: "agency_admin", agencyId }, { role: "agency_admin", agencyId: other }] });
    const pl = async () => ((await roomState(stack.homeserverUrl, stack.asToken, forumRoomId)).find((e) => e.type === "m.room.power_levels")!.content as { users: Record<string, number> }).users;

    // Joins the agency through the admin API: invited to the forum at moderator level, joins.
    const localpart = `fstaff_${hex()}`;
    const password = testPassword();
    await registerWithSharedSecret({ homeserverUrl: stack.homeserverUrl, sharedSecret: stack.registrationSharedSecret, localpart, password, displayName: "Berater Wechsel" });
    const joinerId = `@${localpart}:${stack.serverName}`;
    const granted = await api<{ counselorId: string }>("POST", `/v1/admin/agencies/${agencyId}/members`, admin, { matrixUserId: joinerId, role: "counselor" });
    expect(granted.status).toBe(201);
    await waitFor("the new counselor invited to the forum", async () => (await membership(forumRoomId, joinerId)) === "invite", 90_000, 300);
    expect((await pl())[joinerId]).toBe(50);
    const joiner = await passwordLogin(stack.homeserverUrl, joinerId, password);
    expect((await mx(joiner.accessToken, "POST", `/_matrix/client/v3/join/${r(forumRoomId)}`, {})).status).toBe(200);

    // Leaves the agency: removed from the forum, moderator level gone; the colleague stays.
    const revoked = await api("DELETE", `/v1/admin/agencies/${agencyId}/members/${granted.body.counselorId}/roles/counselor`, admin);
    expect(revoked.status).toBe(204);
    await waitFor("the former counselor out of the forum", async () => (await membership(forumRoomId, joinerId)) === "leave", 90_000, 300);
    await waitFor("the former counselor's level dropped", async () => (await pl())[joinerId] === undefined, 90_000, 300);
    const kick = (await roomState(stack.homeserverUrl, stack.asToken, forumRoomId)).find((e) => e.type === "m.room.member" && e.state_key === joinerId)!;
    expect(kick.content.reason).toBe(botMessages(undefined).reasonNoLongerForumStaff);
    expect(["invite", "join"]).toContain(await membership(forumRoomId, counselor.userId));
    expect((await pl())[counselor.userId]).toBe(50);
    // The seekers are untouched.
    expect(await membership(forumRoomId, reader.userId)).toBe("join");

    // Another agency takes up the topic: its counselor is invited; it gives the topic up: removed.
    const colleague = await createStaff(dbh.db, stack, other, "counselor", `Beraterin Zweitstelle ${hex(2)}`);
    const ranges = await api("PUT", `/v1/admin/agencies/${other}/topics/${topicId}/ranges`, admin, { ranges: [{ from: "50000", to: "50999" }] });
    expect(ranges.status).toBe(200);
    await waitFor("the other agency's counselor invited", async () => (await membership(forumRoomId, colleague.userId)) === "invite", 90_000, 300);
    const gaveUp = await api("DELETE", `/v1/admin/agencies/${other}/topics/${topicId}`, admin);
    expect(gaveUp.status).toBe(204);
    await waitFor("the other agency's counselor out of the forum", async () => (await membership(forumRoomId, colleague.userId)) === "leave", 90_000, 300);
    expect(["invite", "join"]).toContain(await membership(forumRoomId, counselor.userId));
  }, 300_000);
});
