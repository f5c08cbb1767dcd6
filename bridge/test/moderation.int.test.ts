// Moderation across platform rooms (issue 5), against real Synapse with the bridge as a child
// process and an operator policy file: timed mute (refused by Synapse during, accepted after the
// expiry job ran — across a bridge restart), moderators' commands, flood protection from metadata
// (acts on a seeker's burst, spares a moderator), and the platform policy list (a ban rule removes
// the user from an existing room and keeps them out of a room created afterwards; removing the rule
// lifts it). The expiry's clock is the job's run_after: the test moves it instead of waiting.
import { randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { pseudonymKey } from "@lotse/policies";
import { addPlatformAdmin, createGroup, joinGroup, removePlatformAdmin, agencies, agencyMemberships, cases, createDb, type DbHandle, groups, roomJobs, seekers } from "@lotse/store";
import { scanGroupSchedules } from "../src/groups/GroupScheduler.ts";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { registerWithSharedSecret, registerSecrets, BridgeProcess, testPassword, bridgeEnv, anyTopicId, createEmptyAgency, createSeeker, createStaff, openCase, type Seeker, type Staff, roomState, waitFor } from "@lotse/test-support";

const stack = inject("lotseStack");
const hex = (n: number) => randomBytes(n).toString("hex");
const policyDir = mkdtempSync(join(tmpdir(), "lotse-moderation-"));
const policyFile = join(policyDir, "policy.yaml");
/** The override; policyList.roomsPerJob is set once the bot's rooms are counted (beforeAll). */
const writePolicy = (roomsPerJob: number) =>
  writeFileSync(policyFile, `# operator override\nflood:\n  eventsPerMinute: 5\n  caseRoomEventsPerMinute: 5\nmute:\n  defaultMinutes: 10\npolicyList:\n  roomsPerJob: ${roomsPerJob}\n`);
// The group schedule is driven by the test (scanGroupSchedules with the real clock), not the bridge.
const env = bridgeEnv(stack, { LOTSE_POLICY_FILE: policyFile, LOTSE_GROUP_SCAN_MS: "0" });
const botUserId = `@${stack.botLocalpart}:${stack.serverName}`;

type Res = { status: number; body: Record<string, unknown> };

async function mx(token: string, method: string, path: string, body?: unknown): Promise<Res> {
  const res = await fetch(`${stack.homeserverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

const r = encodeURIComponent;

async function passwordToken(userId: string, password: string): Promise<string> {
  const res = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`login of ${userId} failed: ${res.status}`);
  return body.access_token;
}

/** A seeker's session, the way the API issues it (appservice login). */
async function seekerToken(seeker: Seeker): Promise<string> {
  // registered as the API does it (the bridge may not have needed the user yet); M_USER_IN_USE is fine
  await mx(stack.asToken, "POST", "/_matrix/client/v3/register", { type: "m.login.application_service", username: seeker.matrixLocalpart, inhibit_login: true });
  const res = await mx(stack.asToken, "POST", "/_matrix/client/v3/login", { type: "m.login.application_service", identifier: { type: "m.id.user", user: seeker.matrixLocalpart } });
  if (typeof res.body.access_token !== "string") throw new Error(`appservice login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access_token;
}

async function joinOnceInvited(token: string, roomId: string): Promise<void> {
  await waitFor(`join ${roomId}`, async () => (await mx(token, "POST", `/_matrix/client/v3/join/${r(roomId)}`, {})).status === 200, 60_000, 300);
}

let txn = 0;
/** Sends like an encrypting client does: the bridge sees type, sender, room and time only. */
async function sendEncrypted(token: string, roomId: string): Promise<Res> {
  return mx(token, "PUT", `/_matrix/client/v3/rooms/${r(roomId)}/send/m.room.encrypted/t${Date.now()}-${txn++}`, {
    algorithm: "m.megolm.v1.aes-sha2",
    ciphertext: `AwgAEn${hex(24)}`,
    sender_key: hex(16),
    session_id: hex(16),
    device_id: "TESTDEVICE",
  });
}

async function say(token: string, roomId: string, body: string): Promise<string> {
  const res = await mx(token, "PUT", `/_matrix/client/v3/rooms/${r(roomId)}/send/m.room.message/c${Date.now()}-${txn++}`, { msgtype: "m.text", body });
  if (typeof res.body.event_id !== "string") throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.event_id;
}

type Ev = { event_id: string; sender: string; type: string; content: Record<string, unknown> };

async function recentEvents(roomId: string): Promise<Ev[]> {
  const res = await mx(stack.asToken, "GET", `/_matrix/client/v3/rooms/${r(roomId)}/messages?dir=b&limit=100`);
  return (res.body.chunk ?? []) as Ev[];
}

async function botReply(roomId: string, eventId: string): Promise<string> {
  return waitFor(`the bot's reply to ${eventId}`, async () => {
    const hit = (await recentEvents(roomId)).find(
      (e) => e.sender === botUserId && (e.content["m.relates_to"] as { "m.in_reply_to"?: { event_id?: string } } | undefined)?.["m.in_reply_to"]?.event_id === eventId,
    );
    return hit ? String(hit.content.body) : undefined;
  });
}

async function member(roomId: string, userId: string): Promise<string | undefined> {
  const state = await roomState(stack.homeserverUrl, stack.asToken, roomId);
  return state.find((e) => e.type === "m.room.member" && e.state_key === userId)?.content.membership as string | undefined;
}

async function levelOf(roomId: string, userId: string): Promise<number | undefined> {
  const res = await mx(stack.asToken, "GET", `/_matrix/client/v3/rooms/${r(roomId)}/state/m.room.power_levels/`);
  return (res.body.users as Record<string, number> | undefined)?.[userId];
}

let dbh: DbHandle;
let bridge: BridgeProcess | undefined;

/** Rethrows a timeout with what the bridge was doing (moderation jobs, its warnings). */
async function explain(err: unknown): Promise<never> {
  const jobs = await dbh.db.select({ kind: roomJobs.kind, status: roomJobs.status, lastError: roomJobs.lastError }).from(roomJobs).where(sql`${roomJobs.kind} like 'moderation.%'`);
  const lines = bridge?.lines.filter((l) => l.level >= 40 || l.component === "moderation").slice(-8) ?? [];
  throw new Error(`${String(err)}; moderation jobs: ${JSON.stringify(jobs)}; bridge: ${JSON.stringify(lines)}`);
}

describe("policy file", () => {
  it("an invalid override stops the bridge at start-up, naming the key path", async () => {
    const bad = join(policyDir, "bad.yaml");
    writeFileSync(bad, "flood:\n  eventsPerMinute: 0\n  action: shout\n");
    const attempt = BridgeProcess.start(bridgeEnv(stack, { LOTSE_POLICY_FILE: bad }), 60_000);
    await expect(attempt).rejects.toThrow(/flood\.eventsPerMinute: must be ≥ 1/);
    await expect(attempt).rejects.toThrow(/flood\.action: must be one of mute, kick, notify/);
  });
});

describe("moderation with a running bridge", () => {
  let topicId: string;
  let agencyId: string;
  let poolRoomId: string;
  let anna: Staff;
  let ben: Staff;
  let annaToken: string;
  let kase: { caseId: string; roomId: string; seeker: Seeker; token: string };
  let roomsPerJob: number;

  async function openCaseJoined() {
    const seeker = await createSeeker(dbh.db, stack);
    const opened = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId, postcodeRegion: "50" });
    const roomId = await waitFor("case room", async () => {
      const [row] = await dbh.db.select({ roomId: cases.roomId }).from(cases).where(eq(cases.id, opened.caseId));
      return row?.roomId ?? undefined;
    });
    const token = await seekerToken(seeker);
    await joinOnceInvited(token, roomId);
    return { caseId: opened.caseId, roomId, seeker, token };
  }

  beforeAll(async () => {
    dbh = createDb(stack.databaseUrl, { max: 4 });
    topicId = await anyTopicId(dbh.db);
    agencyId = await createEmptyAgency(dbh.db);
    anna = await createStaff(dbh.db, stack, agencyId, "counselor", "Moderatorin Anna");
    ben = await createStaff(dbh.db, stack, agencyId, "counselor", "Moderator Ben");
    // Shares small enough that applying the policy list takes at least three jobs: the bot's rooms
    // now (the suite's other files share the homeserver), and about six this file adds before the
    // rule is written.
    const roomsNow = ((await mx(stack.asToken, "GET", "/_matrix/client/v3/joined_rooms")).body.joined_rooms as string[] | undefined) ?? [];
    roomsPerJob = Math.max(1, Math.floor((roomsNow.length + 6) / 3));
    writePolicy(roomsPerJob);
    bridge = await BridgeProcess.start(env, 60_000);
    poolRoomId = await waitFor("pool room", async () => {
      const [a] = await dbh.db.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, agencyId));
      return a?.poolRoomId ?? undefined;
    });
    annaToken = await passwordToken(anna.userId, anna.password);
    await joinOnceInvited(annaToken, poolRoomId);
    kase = await openCaseJoined();
    await joinOnceInvited(annaToken, kase.roomId);
  }, 240_000);

  afterAll(async () => {
    const code = await bridge?.stop();
    await dbh?.close();
    expect(code).toBe(0);
  });

  it("a timed mute: Synapse refuses the seeker's messages until the expiry job has run, across a bridge restart", async () => {
    expect((await sendEncrypted(kase.token, kase.roomId)).status).toBe(200);
    const cmd = await say(annaToken, poolRoomId, `!mute ${kase.roomId} ${kase.seeker.userId} 10`);
    expect(await botReply(poolRoomId, cmd)).toContain(" stumm geschaltet, bis ");
    const refused = await sendEncrypted(kase.token, kase.roomId);
    expect(refused.status).toBe(403);
    expect(refused.body.errcode).toBe("M_FORBIDDEN");
    expect(await levelOf(kase.roomId, kase.seeker.userId)).toBeLessThan(0);

    const [expiry] = await dbh.db
      .select()
      .from(roomJobs)
      .where(and(eq(roomJobs.kind, "moderation.unmute"), eq(roomJobs.status, "pending"), sql`${roomJobs.payload}->>'userId' = ${kase.seeker.userId}`));
    expect(expiry).toBeDefined();
    expect(expiry!.runAfter.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);

    // The bridge goes away and comes back: the mute and its expiry are in Synapse and the outbox.
    expect(await bridge!.stop()).toBe(0);
    bridge = await BridgeProcess.start(env, 60_000);
    expect((await sendEncrypted(kase.token, kase.roomId)).status).toBe(403);

    // Ten minutes later (the clock of the schedule is the job's run_after).
    await dbh.db.update(roomJobs).set({ runAfter: sql`now()` }).where(eq(roomJobs.id, expiry!.id));
    await waitFor("the expiry job", async () => {
      const [row] = await dbh.db.select({ status: roomJobs.status }).from(roomJobs).where(eq(roomJobs.id, expiry!.id));
      return row?.status === "done";
    });
    expect((await sendEncrypted(kase.token, kase.roomId)).status).toBe(200);
    expect(await levelOf(kase.roomId, kase.seeker.userId)).toBe(0);
  }, 300_000);

  it("commands refuse to mute a moderator or the bot, and need a platform room and a moderator", async () => {
    await joinOnceInvited(await passwordToken(ben.userId, ben.password), kase.roomId);
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!mute ${kase.roomId} ${ben.userId} 5`))).toContain("kann nicht stumm geschaltet werden");
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!stumm ${kase.roomId} ${botUserId}`))).toContain("kann nicht stumm geschaltet werden");
    expect(await levelOf(kase.roomId, ben.userId)).toBe(50);
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!kick !nothere:${stack.serverName} ${kase.seeker.userId}`))).toContain("ist kein Raum, den die Plattform moderiert");
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!mute ${kase.roomId} ${kase.seeker.userId} lots`))).toBe("„lots“ ist keine Zahl von Minuten. So geht es: !mute <Raum> <Person> [Minuten] – eine Person für einige Minuten stumm schalten (Standard aus den Plattformregeln).");
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, "!help"))).toContain("!mute <Raum> <Person> [Minuten]");
    // the pool room's own commands are not confused by moderation commands
    const replies = (await recentEvents(poolRoomId)).filter((e) => e.sender === botUserId && String(e.content.body).startsWith("Den Befehl"));
    expect(replies).toEqual([]);
  });

  it("!redact removes a message; !kick, !ban and !unban change the membership", async () => {
    const other = await openCaseJoined();
    const sent = await sendEncrypted(other.token, other.roomId);
    const eventId = String(sent.body.event_id);
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!redact ${other.roomId} ${eventId} off topic`))).toBe("Die Nachricht wurde entfernt.");
    const ev = await mx(stack.asToken, "GET", `/_matrix/client/v3/rooms/${r(other.roomId)}/event/${r(eventId)}`);
    expect(ev.body.content).toEqual({});
    expect((ev.body.unsigned as { redacted_because?: { content?: { reason?: string } } }).redacted_because?.content?.reason).toBe("off topic");

    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!kick ${other.roomId} ${other.seeker.userId}`))).toBe(`${other.seeker.userId} wurde aus ${other.roomId} entfernt.`);
    expect(await member(other.roomId, other.seeker.userId)).toBe("leave");
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!sperren ${other.roomId} ${other.seeker.userId} spam`))).toContain("gesperrt");
    expect(await member(other.roomId, other.seeker.userId)).toBe("ban");
    expect((await mx(other.token, "POST", `/_matrix/client/v3/join/${r(other.roomId)}`, {})).status).toBe(403);
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!unban ${other.roomId} ${other.seeker.userId}`))).toContain("ist aufgehoben");
    expect(await member(other.roomId, other.seeker.userId)).toBe("leave");
  }, 300_000);

  it("flood protection mutes a seeker's burst, tells the pool room, and !unmute lifts it", async () => {
    // Six in a row (the limit is five a minute): some may already be refused once the mute is in.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await sendEncrypted(kase.token, kase.roomId)).status);
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    await waitFor("the flooding seeker muted", async () => ((await levelOf(kase.roomId, kase.seeker.userId)) ?? 0) < 0);
    expect((await sendEncrypted(kase.token, kase.roomId)).status).toBe(403);
    const text = await waitFor("the notice to the moderators", async () => {
      const hit = (await recentEvents(poolRoomId)).find((e) => e.sender === botUserId && String(e.content.body).startsWith("Schutz vor Nachrichtenflut:"));
      return hit ? String(hit.content.body) : undefined;
    });
    expect(text).toContain(kase.seeker.userId);
    expect(text).toContain("mehr als 5 Nachrichten in einer Minute"); // the override, not the default 20
    expect(text).toContain("für 10 Min. stumm geschaltet, bis ");

    const cmd = await say(annaToken, poolRoomId, `!unmute ${kase.roomId} ${kase.seeker.userId}`);
    expect(await botReply(poolRoomId, cmd)).toContain("darf in");
    expect((await sendEncrypted(kase.token, kase.roomId)).status).toBe(200);
    // the flood's own expiry is superseded: nothing pending for this member any more
    const pending = await dbh.db
      .select({ id: roomJobs.id })
      .from(roomJobs)
      .where(and(eq(roomJobs.kind, "moderation.unmute"), eq(roomJobs.status, "pending"), sql`${roomJobs.payload}->>'userId' = ${kase.seeker.userId}`));
    expect(pending).toEqual([]);
  });

  it("flood protection spares a moderator", async () => {
    const before = bridge!.lines.length;
    for (let i = 0; i < 8; i++) expect((await sendEncrypted(annaToken, kase.roomId)).status).toBe(200);
    await bridge!.waitForLog((l) => bridge!.lines.indexOf(l) >= before && l.msg === "flood limit exceeded by a moderator; spared" && l.roomId === kase.roomId, 60_000);
    expect(await levelOf(kase.roomId, anna.userId)).toBe(50);
    const jobs = await dbh.db
      .select({ id: roomJobs.id })
      .from(roomJobs)
      .where(and(eq(roomJobs.kind, "moderation.flood"), sql`${roomJobs.payload}->>'userId' = ${anna.userId}`));
    expect(jobs).toEqual([]);
  });

  it("in a group room (running session): !mute by pseudonym silences the seeker, !unmute lets them write again", async () => {
    // Anna also moderates groups of her agency.
    await dbh.db.insert(agencyMemberships).values({ agencyId, counselorId: anna.counselorId, role: "group_moderator" });
    const created = await dbh.db.transaction((tx) =>
      createGroup(tx, { matrixUserId: anna.userId }, {
        title: "Moderationstest",
        topicId,
        description: "Test",
        rules: "Freundlich bleiben.",
        startsAt: new Date(Date.now() - 10 * 60_000),
        durationMinutes: 180,
        repeatWeekly: false,
        maxParticipants: 10,
      }),
    );
    if (!created.ok) throw new Error(`createGroup: ${created.message}`);
    const groupId = created.groupId;
    const roomId = await waitFor("group room", async () => {
      const [g] = await dbh.db.select({ roomId: groups.roomId }).from(groups).where(eq(groups.id, groupId));
      return g?.roomId ?? undefined;
    }, 90_000, 300).catch(explain);
    await scanGroupSchedules({ db: dbh.db, log: pino({ level: "silent" }), groupIds: [groupId], now: () => new Date() });
    await waitFor("the group open", async () => {
      const pl = await mx(stack.asToken, "GET", `/_matrix/client/v3/rooms/${r(roomId)}/state/m.room.power_levels/`);
      return pl.body.events_default === 0;
    }, 90_000, 300).catch(explain);

    // A seeker with a pseudonym (key as the API writes it) joins the group.
    const seeker = await createSeeker(dbh.db, stack);
    const pseudonym = `Sonnenblume${hex(3)}`;
    await dbh.db.update(seekers).set({ username: pseudonym, usernameKey: pseudonymKey(pseudonym) }).where(eq(seekers.id, seeker.id));
    // typed into the pool room in commands: it must never reach a log (end-of-run log scan)
    registerSecrets(stack, [pseudonym], "pseudonym");
    const joined = await dbh.db.transaction((tx) => joinGroup(tx, seeker.id, groupId, new Date()));
    expect(joined.ok).toBe(true);
    const token = await seekerToken(seeker);
    await joinOnceInvited(token, roomId).catch(explain);
    expect((await sendEncrypted(token, roomId)).status).toBe(200);

    const cmd = await say(annaToken, poolRoomId, `!mute ${roomId} ${pseudonym} 5`);
    expect(await botReply(poolRoomId, cmd)).toContain(`${pseudonym} ist in `);
    const refused = await sendEncrypted(token, roomId);
    expect(refused.status).toBe(403);
    expect(refused.body.errcode).toBe("M_FORBIDDEN");
    // the group's moderator (level 50) stays untouchable
    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!ban ${roomId} ${anna.userId}`))).toContain("kann nicht gesperrt werden");

    expect(await botReply(poolRoomId, await say(annaToken, poolRoomId, `!unmute ${roomId} ${pseudonym}`))).toContain("darf in");
    expect((await sendEncrypted(token, roomId)).status).toBe(200);
  }, 300_000);

  it("a policy-list ban removes the user from existing rooms, keeps them out of a new one, and is lifted with its rule", async () => {
    // A platform admin, invited by the bridge to the policy-list room, writes rules from a client.
    const localpart = `padmin_${hex(4)}`;
    const password = testPassword();
    await registerWithSharedSecret({ homeserverUrl: stack.homeserverUrl, sharedSecret: stack.registrationSharedSecret, localpart, password, displayName: "Plattform-Admin" });
    const adminId = `@${localpart}:${stack.serverName}`;
    // Added the way the admin API does it: the bridge is asked to invite them (outbox job).
    expect(await addPlatformAdmin(dbh.db, "@test:moderation", adminId)).toBe(true);
    const policyRoomId = await waitFor("policy room", async () => {
      const res = await mx(stack.asToken, "GET", `/_matrix/client/v3/directory/room/${r(`#${stack.userPrefix}policy:${stack.serverName}`)}`);
      return typeof res.body.room_id === "string" ? res.body.room_id : undefined;
    }, 90_000, 500).catch(explain);
    const policyState = await roomState(stack.homeserverUrl, stack.asToken, policyRoomId);
    expect(policyState.find((e) => e.type === "org.lotse.room")?.content).toEqual({ kind: "policy_list" });
    expect(policyState.find((e) => e.type === "m.room.encryption")).toBeUndefined();
    const adminToken = await passwordToken(adminId, password);
    await joinOnceInvited(adminToken, policyRoomId).catch(explain);

    const target = await openCaseJoined().catch(explain);
    expect(await member(target.roomId, target.seeker.userId)).toBe("join");
    const ruleKey = `rule_${hex(4)}`;
    // a glob entity matching exactly this seeker
    const entity = `@${target.seeker.matrixLocalpart.slice(0, -2)}??:${stack.serverName}`;
    const roomsOfBot = (await mx(stack.asToken, "GET", "/_matrix/client/v3/joined_rooms")).body.joined_rooms as string[];
    const put = await mx(adminToken, "PUT", `/_matrix/client/v3/rooms/${r(policyRoomId)}/state/m.policy.rule.user/${ruleKey}`, { entity, recommendation: "m.ban", reason: "spam" });
    expect(put.status).toBe(200);
    const ruleEventId = String(put.body.event_id);

    await waitFor("the banned seeker out of the existing room", async () => (await member(target.roomId, target.seeker.userId)) === "ban").catch(explain);
    // The rule's walk: a chain of jobs, roomsPerJob rooms each, every one after the last room of
    // the one before, until every room the bot was in when the rule was written was walked.
    type Share = { id: string; status: string; payload: { trigger: string; after?: string }; result: { rooms: number; next?: string } | null };
    const chain = await waitFor("the policy walk's last share", async () => {
      const jobs = (await dbh.db
        .select({ id: roomJobs.id, status: roomJobs.status, payload: roomJobs.payload, result: roomJobs.result })
        .from(roomJobs)
        .where(and(eq(roomJobs.kind, "moderation.apply_policy"), sql`${roomJobs.payload}->>'trigger' = ${ruleEventId}`))) as Share[];
      return jobs.length > 0 && jobs.every((j) => j.status === "done") && jobs.some((j) => j.result && j.result.next === undefined) ? jobs : undefined;
    }, 180_000).catch(explain);
    const byAfter = new Map(chain.map((j) => [j.payload.after ?? "", j]));
    expect(byAfter.size).toBe(chain.length);
    let walked = 0;
    let at: Share | undefined = byAfter.get("");
    for (let i = 0; at; i++) {
      walked += at.result!.rooms;
      if (at.result!.next === undefined) break;
      expect(at.result!.rooms).toBe(roomsPerJob);
      at = byAfter.get(at.result!.next);
      expect(at, `share ${i + 1} of the walk`).toBeDefined();
    }
    expect(walked).toBeGreaterThanOrEqual(roomsOfBot.length);
    expect(chain.length).toBe(Math.ceil(walked / roomsPerJob));
    expect(chain.length).toBeGreaterThanOrEqual(2);
    expect((await sendEncrypted(target.token, target.roomId)).status).toBe(403);
    // others are untouched
    expect(await member(kase.roomId, kase.seeker.userId)).toBe("join");

    // A room created afterwards: the seeker opens another case; the new room bans instead of inviting.
    const opened = await openCase(dbh.db, { seekerId: target.seeker.id, agencyId, topicId, postcodeRegion: "50" });
    const newRoomId = await waitFor("the new case room", async () => {
      const [row] = await dbh.db.select({ roomId: cases.roomId }).from(cases).where(eq(cases.id, opened.caseId));
      return row?.roomId ?? undefined;
    }).catch(explain);
    expect(await member(newRoomId, target.seeker.userId)).toBe("ban");
    expect((await mx(target.token, "POST", `/_matrix/client/v3/join/${r(newRoomId)}`, {})).status).toBe(403);

    // The rule removed (empty content): the bot's policy bans are lifted and the seeker invited back.
    expect((await mx(adminToken, "PUT", `/_matrix/client/v3/rooms/${r(policyRoomId)}/state/m.policy.rule.user/${ruleKey}`, {})).status).toBe(200);
    await waitFor("the ban lifted in the first room", async () => (await member(target.roomId, target.seeker.userId)) === "invite").catch(explain);
    await waitFor("the ban lifted in the new room", async () => (await member(newRoomId, target.seeker.userId)) === "invite").catch(explain);

    // An admin removed through the admin API leaves the policy room and loses the level to write rules.
    expect(await removePlatformAdmin(dbh.db, "@test:moderation", adminId)).toBe(true);
    await waitFor("the former admin out of the policy room", async () => (await member(policyRoomId, adminId)) === "leave").catch(explain);
    expect(await levelOf(policyRoomId, adminId)).toBeUndefined();
  }, 400_000);
});
