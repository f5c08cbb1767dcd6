// The case lifecycle as counselors live it: real Synapse, the bridge as a child process, and
// counselors in real Matrix clients (matrix-js-sdk) typing commands as plain messages in their
// agency's pool room. Covers the pool room and its notice, the take race, the full state cycle,
// absence, supervision, a DM with the bot, and exactly-once under re-sent transactions and a
// bridge restart.
import { pino } from "pino";
import { joinInvitedRoom, timeline, BridgeProcess, bridgeEnv, joinWhenInvited, notice, replyTo, repliesTo, say, signIn, signOut, type Counselor, anyTopicId, createEmptyAgency, createSeeker, createStaff, openCase, type Staff, roomState, waitFor } from "@lotse/test-support";
import { scanReminders } from "../src/reminders/ReminderScanner.ts";
import { caseEvents, caseReminders, cases, agencies, botDirectRooms, createDb, type DbHandle, enqueue, processedEvents, roomJobs } from "@lotse/store";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { LOTSE_CASE_STATUS_STATE_TYPE } from "@lotse/policies";

const stack = inject("lotseStack");
const env = bridgeEnv(stack);

let dbh: DbHandle;
let bridge: BridgeProcess;
let agencyId: string;
let topicId: string;
let staff: Staff[] = [];
let supervisor: Staff;
let poolRoomId: string;
const clients: Counselor[] = [];

async function caseRow(caseId: string) {
  const [row] = await dbh.db.select().from(cases).where(eq(cases.id, caseId));
  return row!;
}

async function openCaseWithRoom(postcodeRegion = "50") {
  const seeker = await createSeeker(dbh.db, stack);
  const opened = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId, postcodeRegion });
  const roomId = await waitFor("case room", async () => (await caseRow(opened.caseId)).roomId ?? undefined);
  const { caseNumber } = await caseRow(opened.caseId);
  return { ...opened, roomId, caseNumber, seeker };
}

async function membership(roomId: string, userId: string) {
  const state = await roomState(stack.homeserverUrl, stack.asToken, roomId);
  return state.find((e) => e.type === "m.room.member" && e.state_key === userId);
}

async function caseStatusState(roomId: string) {
  const state = await roomState(stack.homeserverUrl, stack.asToken, roomId);
  return state.find((e) => e.type === LOTSE_CASE_STATUS_STATE_TYPE)?.content;
}

async function eventsOf(caseId: string) {
  return dbh.db.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(caseEvents.id);
}

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 4 });
  topicId = await anyTopicId(dbh.db);
  agencyId = await createEmptyAgency(dbh.db);
  staff = [];
  for (let i = 1; i <= 5; i++) staff.push(await createStaff(dbh.db, stack, agencyId, "counselor", `Beraterin ${i}`));
  supervisor = await createStaff(dbh.db, stack, agencyId, "supervisor", "Supervisorin");
  bridge = await BridgeProcess.start(env);
  // The start-up sweep gives the agency its pool room, with the pool counselors invited.
  poolRoomId = await waitFor("pool room", async () => {
    const [a] = await dbh.db.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, agencyId));
    return a?.poolRoomId ?? undefined;
  });
  for (const s of staff) clients.push(await signIn(stack.homeserverUrl, s.userId, s.password));
  await Promise.all(clients.map((c) => joinWhenInvited(c, poolRoomId)));
}, 240_000);

afterAll(async () => {
  for (const c of clients) await signOut(c);
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
});

describe("pool room", () => {
  it("is unencrypted, invite-only, made by the bot, with the pool counselors and not the supervisor", async () => {
    const state = await roomState(stack.homeserverUrl, stack.asToken, poolRoomId);
    const one = (t: string) => state.find((e) => e.type === t && e.state_key === "");
    expect(one("m.room.create")?.content.room_version).toBe("12");
    expect(one("m.room.create")?.sender).toBe(`@${stack.botLocalpart}:${stack.serverName}`);
    expect(one("m.room.encryption")).toBeUndefined();
    expect(one("m.room.join_rules")?.content.join_rule).toBe("invite");
    expect(one("org.lotse.room")?.content).toEqual({ kind: "pool", agencyId });
    for (const s of staff) expect((await membership(poolRoomId, s.userId))?.content.membership).toBe("join");
    expect(await membership(poolRoomId, supervisor.userId)).toBeUndefined();
  });

  it("announces a new case with number, topic, region and waiting time, without anything about the seeker", async () => {
    const kase = await openCaseWithRoom("50");
    const text = await notice(clients[0]!, poolRoomId, (b) => b.startsWith(`Neuer Fall ${kase.caseNumber} `));
    expect(text).toContain("Region: 50xxx");
    expect(text).toMatch(/wartet seit \d+ Min\./);
    expect(text).toContain(`!übernehmen ${kase.caseNumber}`);
    // Element shows the case number bold and the command as code.
    const ev = timeline(clients[0]!, poolRoomId).find((e) => e.getContent().body === text)!;
    expect(ev.getContent().format).toBe("org.matrix.custom.html");
    expect(ev.getContent().formatted_body).toContain(`<strong>Neuer Fall ${kase.caseNumber}</strong>`);
    expect(ev.getContent().formatted_body).toContain(`<code>!übernehmen ${kase.caseNumber}</code>`);
    const [seekerRow] = await dbh.db.execute<{ username: string; matrix_localpart: string }>(
      sql`select username, matrix_localpart from seekers where id = ${kase.seeker.id}`,
    );
    expect(text).not.toContain(seekerRow!.username);
    expect(text).not.toContain(seekerRow!.matrix_localpart);
  });

  it("answers !help with one line per command and unknown commands helpfully", async () => {
    const c = clients[0]!;
    const help = await replyTo(c, poolRoomId, await say(c, poolRoomId, "!help"));
    expect(help).toContain("!übernehmen <Fall> – einen wartenden Fall aus dem Pool übernehmen (auch !take)");
    expect(help).toContain("!supervision <Fall> <Person>");
    expect(await replyTo(c, poolRoomId, await say(c, poolRoomId, "!teke 3"))).toBe("Den Befehl !teke kenne ich nicht. Mit !hilfe sehen Sie alle Befehle.");
    expect(await replyTo(c, poolRoomId, await say(c, poolRoomId, "!take"))).toContain("So geht es: !übernehmen <Fall>");
  });
});

describe("taking a case", () => {
  it("with five counselors at once: exactly one wins, four are told who has it, they leave the case room", async () => {
    const kase = await openCaseWithRoom();
    await notice(clients[0]!, poolRoomId, (b) => b.startsWith(`Neuer Fall ${kase.caseNumber} `));
    // German and English names of the command race alike.
    const sent = await Promise.all(clients.map((c, i) => say(c, poolRoomId, `${i % 2 ? "!übernehmen" : "!take"} ${kase.caseNumber}`)));
    const replies = await Promise.all(clients.map((c, i) => replyTo(c, poolRoomId, sent[i]!)));

    const winners = replies.map((r, i) => (r.startsWith(`Sie haben Fall ${kase.caseNumber} übernommen`) ? i : -1)).filter((i) => i >= 0);
    expect(winners).toHaveLength(1);
    const winner = staff[winners[0]!]!;
    const losers = replies.filter((_, i) => i !== winners[0]);
    for (const r of losers) expect(r).toBe(`Fall ${kase.caseNumber} hat schon ${winner.displayName} übernommen.`);

    const row = await caseRow(kase.caseId);
    expect(row.status).toBe("in_progress");
    expect(row.assignedCounselorId).toBe(winner.counselorId);
    expect(row.takenAt).not.toBeNull();
    const evs = await eventsOf(kase.caseId);
    expect(evs.map((e) => [e.action, e.fromStatus, e.toStatus, e.actor])).toEqual([["take", "new", "in_progress", winner.userId]]);

    // The other pool counselors are removed from the case room, with the reason.
    for (const s of staff.filter((s) => s !== winner)) {
      const m = await waitFor(`${s.displayName} removed`, async () => {
        const ev = await membership(kase.roomId, s.userId);
        return ev?.content.membership === "leave" ? ev : undefined;
      });
      expect(m.content.reason).toBe(`Fall ${kase.caseNumber} liegt jetzt bei ${winner.displayName}.`);
    }
    expect((await membership(kase.roomId, winner.userId))?.content.membership).toBe("invite");
    // What the seeker's client renders: a counselor has taken over.
    const status = await waitFor("case status state", async () => {
      const st = await caseStatusState(kase.roomId);
      return st?.status === "in_progress" ? st : undefined;
    });
    expect(status).toEqual({
      caseNumber: kase.caseNumber,
      status: "in_progress",
      counselor: { userId: winner.userId, displayName: winner.displayName },
      absenceMessage: null,
    });
  });
});

describe("the state cycle, absence and supervision", () => {
  it("goes new → in_progress → closed → archived → in_progress → new, each step recorded, only by the responsible counselor", async () => {
    const kase = await openCaseWithRoom();
    const [anna, ben] = [clients[0]!, clients[1]!];
    const cmd = async (c: Counselor, text: string) => replyTo(c, poolRoomId, await say(c, poolRoomId, text));
    const n = kase.caseNumber;
    expect(await cmd(anna, `!übernehmen ${n}`)).toMatch(/^Sie haben Fall \d+ übernommen\./);
    expect(await cmd(ben, `!abschließen ${n}`)).toBe(`Fall ${n} abschließen dürfen nur Beraterin 1 (zuständig) oder eine Hauptberaterin bzw. ein Hauptberater.`);
    expect(await cmd(anna, `!archivieren ${n}`)).toBe(`Fall ${n} ist in Beratung; archivieren geht jetzt nicht.`);
    expect(await cmd(anna, `!abschliessen ${n}`)).toBe(`Fall ${n} ist abgeschlossen.`);
    expect((await caseRow(kase.caseId)).closedAt).not.toBeNull();
    // The counselor switches to English: the next replies are English, and stay so.
    expect(await cmd(anna, "!sprache en")).toBe("From now on I answer you in English.");
    expect(await cmd(anna, `!archive ${n}`)).toBe(`Case #${n} is archived.`);
    expect(await cmd(anna, `!reopen ${n}`)).toBe(`Case #${n} is open again (in progress).`);
    expect(await cmd(anna, "!lang")).toContain("I answer you in English.");
    expect(await cmd(anna, "!lang de")).toBe("Ab jetzt antworte ich Ihnen auf Deutsch.");
    expect(await cmd(anna, `!freigeben ${n}`)).toBe(`Fall ${n} ist zurück im Pool.`);
    expect(await cmd(ben, `!fälle`)).toContain(`Fall ${n} · `);
    expect(await cmd(ben, "!sprache fr")).toContain("„fr“ ist keine Sprache, die ich spreche");

    const evs = await eventsOf(kase.caseId);
    expect(evs.map((e) => `${e.action}:${e.fromStatus}>${e.toStatus}`)).toEqual([
      "take:new>in_progress",
      "close:in_progress>closed",
      "archive:closed>archived",
      "reopen:archived>in_progress",
      "release:in_progress>new",
    ]);
    for (const e of evs) expect(e.actor).toBe(staff[0]!.userId);
    const row = await caseRow(kase.caseId);
    expect(row.status).toBe("new");
    expect(row.assignedCounselorId).toBeNull();
    // Released: the pool hears of it again and is invited back into the room.
    await notice(anna, poolRoomId, (b) => b.startsWith(`Fall ${n} ist zurück im Pool`));
    // The room's name and topic line follow: "Fall N · topic", waiting in the pool again.
    await waitFor("case room topic line", async () => {
      const st = await roomState(stack.homeserverUrl, stack.asToken, kase.roomId);
      const name = st.find((e) => e.type === "m.room.name")?.content.name;
      const topic = st.find((e) => e.type === "m.room.topic")?.content.topic;
      return typeof name === "string" && name.startsWith(`Fall ${n} · `) && typeof topic === "string" && topic.startsWith("wartet seit ") ? true : undefined;
    });
    await waitFor("pool invited back", async () => ((await membership(kase.roomId, staff[1]!.userId))?.content.membership === "invite" ? true : undefined));
  });

  it("shows a counselor's absence in the case room and marks new pool notices; !back clears it", async () => {
    const kase = await openCaseWithRoom();
    const c = clients[2]!;
    const me = staff[2]!;
    const cmd = async (text: string) => replyTo(c, poolRoomId, await say(c, poolRoomId, text));
    expect(await cmd(`!take ${kase.caseNumber}`)).toMatch(/^Sie haben Fall \d+ übernommen/);
    // While taken, the case room's topic line names who counsels.
    await waitFor("topic line names the counselor", async () => {
      const st = await roomState(stack.homeserverUrl, stack.asToken, kase.roomId);
      return st.find((e) => e.type === "m.room.topic")?.content.topic === `bei ${me.displayName}` ? true : undefined;
    });
    expect(await cmd("!abwesend Bis Montag im Urlaub")).toMatch(/Ihre Abwesenheitsnotiz ist gesetzt; die (ratsuchende Person Ihres offenen Falls sieht|Ratsuchenden Ihrer \d+ offenen Fälle sehen) sie\./);
    await waitFor("absence in the case room", async () => ((await caseStatusState(kase.roomId))?.absenceMessage === "Bis Montag im Urlaub" ? true : undefined));
    const next = await openCaseWithRoom();
    expect(await notice(c, poolRoomId, (b) => b.startsWith(`Neuer Fall ${next.caseNumber} `))).toContain(`abwesend: ${me.displayName}`);
    expect(await cmd("!zurück")).toContain("Willkommen zurück");
    await waitFor("absence cleared", async () => ((await caseStatusState(kase.roomId))?.absenceMessage === null ? true : undefined));
  });

  it("!supervise opens an encrypted room for the assigned counselor and the supervisor, without the seeker", async () => {
    const kase = await openCaseWithRoom();
    const c = clients[3]!;
    const cmd = async (text: string) => replyTo(c, poolRoomId, await say(c, poolRoomId, text));
    expect(await cmd(`!take ${kase.caseNumber}`)).toMatch(/^Sie haben Fall \d+ übernommen/);
    expect(await cmd(`!supervise ${kase.caseNumber} ${staff[4]!.userId}`)).toContain("keine Supervisorin und kein Supervisor");
    expect(await cmd(`!supervision ${kase.caseNumber} ${supervisor.displayName}`)).toContain("Der Supervisionsraum für Fall");
    const supRoom = await waitFor("supervision room", async () => (await caseRow(kase.caseId)).supervisionRoomId ?? undefined);
    const state = await roomState(stack.homeserverUrl, stack.asToken, supRoom);
    expect(state.find((e) => e.type === "m.room.encryption")?.content.algorithm).toBe("m.megolm.v1.aes-sha2");
    expect(state.find((e) => e.type === "org.lotse.room")?.content).toEqual({ kind: "supervision", caseId: kase.caseId });
    const members = new Map(state.filter((e) => e.type === "m.room.member").map((e) => [e.state_key, e.content.membership]));
    expect(members.get(staff[3]!.userId)).toBe("invite");
    expect(members.get(supervisor.userId)).toBe("invite");
    expect(members.has(kase.seeker.userId)).toBe(false);
    expect(members.size).toBe(3);
    expect(state.find((e) => e.type === "m.room.name")?.content.name).toBe(`Supervision · Fall ${kase.caseNumber}`);
  });
});

describe("direct chat with the bot", () => {
  it("answers an encrypted DM by opening an unencrypted command chat, and takes commands there", async () => {
    const c = clients[4]!;
    // What clients do by default: an encrypted direct chat with the bot.
    await c.client.createRoom({ is_direct: true, invite: [`@${stack.botLocalpart}:${stack.serverName}`] } as never);
    const dm = await waitFor("command chat", async () => {
      const [row] = await dbh.db.select().from(botDirectRooms).where(eq(botDirectRooms.matrixUserId, staff[4]!.userId));
      return row?.roomId;
    });
    await joinWhenInvited(c, dm);
    const state = await roomState(stack.homeserverUrl, stack.asToken, dm);
    expect(state.find((e) => e.type === "m.room.encryption")).toBeUndefined();
    expect(state.find((e) => e.type === "m.room.join_rules")?.content.join_rule).toBe("invite");
    await notice(c, dm, (b) => b.startsWith("Hallo! Hier können Sie mir Befehle geben."));
    expect(state.find((e) => e.type === "m.room.name")?.content.name).toBe("Lotse-Befehle");
    expect(await replyTo(c, dm, await say(c, dm, "!fälle"))).toMatch(/Sie haben keine offenen Fälle\.|Ihre offenen Fälle/);
  });
});

describe("response-time reminders (injected clock)", () => {
  const quiet = pino({ level: "silent" });
  const at = (from: Date, hours: number) => () => new Date(from.getTime() + hours * 3_600_000);

  it("raises each threshold once, in the pool room, and none once a counselor has answered", async () => {
    const waiting = await openCaseWithRoom();
    const answered = await openCaseWithRoom();
    const c = clients[2]!;
    // A counselor answers the second case: the bridge sees an encrypted event from a counselor.
    await joinInvitedRoom(c.client, answered.roomId);
    await c.client.sendMessage(answered.roomId, { msgtype: "m.text", body: "Guten Tag, ich bin für Sie da." } as never);
    await waitFor("first answer recorded", async () => ((await caseRow(answered.caseId)).firstAnswerAt ? true : undefined));
    expect((await caseRow(waiting.caseId)).firstAnswerAt).toBeNull();

    const created = (await caseRow(waiting.caseId)).createdAt;
    const scan = (hours: number) => scanReminders({ db: dbh.db, log: quiet, thresholdsHours: [24, 44], now: at(created, hours) });
    const mine = async () => (await dbh.db.select().from(caseReminders).where(eq(caseReminders.caseId, waiting.caseId))).map((r) => r.thresholdHours).sort();
    await scan(23.9);
    expect(await mine()).toEqual([]);
    await scan(24.1);
    await scan(30);
    expect(await mine()).toEqual([24]);
    await scan(45);
    expect(await mine()).toEqual([24, 44]);
    expect(await dbh.db.select().from(caseReminders).where(eq(caseReminders.caseId, answered.caseId))).toEqual([]);

    await notice(c, poolRoomId, (b) => b.startsWith(`Erinnerung: Fall ${waiting.caseNumber} wartet seit 24 Std. auf eine Antwort`));
    await notice(c, poolRoomId, (b) => b.startsWith(`Erinnerung: Fall ${waiting.caseNumber} wartet seit 44 Std. auf eine Antwort`));
  });
});

describe("structure enforcement", () => {
  it("reverts a counselor's changes to join rule and power levels, removes a stranger they invited, and says why in the pool", async () => {
    const kase = await openCaseWithRoom();
    const c = clients[1]!;
    const me = staff[1]!;
    expect(await replyTo(c, poolRoomId, await say(c, poolRoomId, `!take ${kase.caseNumber}`))).toMatch(/^Sie haben Fall \d+ übernommen/);
    await joinInvitedRoom(c.client, kase.roomId);
    // (After the take's own room sync, which would otherwise reset the power levels first.)
    await waitFor("take synced", async () => {
      const jobs = await dbh.db.select().from(roomJobs).where(and(eq(roomJobs.caseId, kase.caseId), eq(roomJobs.kind, "case.sync_room")));
      return jobs.length > 0 && jobs.every((j) => j.status === "done") ? true : undefined;
    });
    // Something outside the platform gave the counselor full power (say, a homeserver admin).
    const state0 = await roomState(stack.homeserverUrl, stack.asToken, kase.roomId);
    const pl = state0.find((e) => e.type === "m.room.power_levels")!.content as { users: Record<string, number> };
    await fetch(`${stack.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(kase.roomId)}/state/m.room.power_levels/`, {
      method: "PUT",
      headers: { authorization: `Bearer ${stack.asToken}`, "content-type": "application/json" },
      body: JSON.stringify({ ...pl, users: { ...pl.users, [me.userId]: 100 } }),
    });
    await waitFor("counselor at 100", async () => {
      const p = c.client.getRoom(kase.roomId)?.currentState.getStateEvents("m.room.power_levels", "")?.getContent() as { users?: Record<string, number> } | undefined;
      return p?.users?.[me.userId] === 100 ? true : undefined;
    });
    // The counselor opens the room and invites someone from outside the case.
    await c.client.invite(kase.roomId, supervisor.userId);
    await c.client.sendStateEvent(kase.roomId, "m.room.join_rules" as never, { join_rule: "public" } as never, "");

    await waitFor("join rule restored", async () => {
      const st = await roomState(stack.homeserverUrl, stack.asToken, kase.roomId);
      const jr = st.find((e) => e.type === "m.room.join_rules")!;
      const p = st.find((e) => e.type === "m.room.power_levels")!.content as { users: Record<string, number> };
      const stranger = st.find((e) => e.type === "m.room.member" && e.state_key === supervisor.userId);
      return jr.content.join_rule === "invite" && p.users[me.userId] === 50 && stranger?.content.membership === "leave" ? true : undefined;
    });
    const text = await notice(c, poolRoomId, (b) => b.startsWith(`Fall ${kase.caseNumber}: ${me.displayName} hat den Raum umgebaut`));
    expect(text).toMatch(/wieder wie vorgesehen eingestellt|entfernt/);
  });
});

describe("exactly once", () => {
  it("a re-sent appservice transaction does not run a command twice", async () => {
    const kase = await openCaseWithRoom();
    const c = clients[0]!;
    const eventId = await say(c, poolRoomId, `!take ${kase.caseNumber}`);
    expect(await replyTo(c, poolRoomId, eventId)).toMatch(/^Sie haben Fall \d+ übernommen/);
    // What Synapse does after a bridge restart: the same event again, in a new transaction.
    const event = await c.client.fetchRoomEvent(poolRoomId, eventId);
    const res = await fetch(`http://${stack.appserviceHost}:${stack.appservicePort}/_matrix/app/v1/transactions/resend-${Date.now()}`, {
      method: "PUT",
      headers: { authorization: `Bearer ${stack.hsToken}`, "content-type": "application/json" },
      body: JSON.stringify({ events: [{ ...event, room_id: poolRoomId }] }),
    });
    expect(res.status).toBe(200);
    await bridge.waitForLog((l) => l.msg === "command already processed (re-sent transaction); skipped" && l.eventId === eventId);
    expect((await eventsOf(kase.caseId)).filter((e) => e.action === "take")).toHaveLength(1);
    const replyJobs = await dbh.db.select().from(roomJobs).where(eq(roomJobs.idempotencyKey, `reply:${eventId}`));
    expect(replyJobs).toHaveLength(1);
  });

  it("a command sent while the bridge is down is executed once after it restarts", async () => {
    const kase = await openCaseWithRoom();
    const c = clients[1]!;
    await notice(c, poolRoomId, (b) => b.startsWith(`Neuer Fall ${kase.caseNumber} `));
    await bridge.kill();
    const eventId = await say(c, poolRoomId, `!take ${kase.caseNumber}`);
    bridge = await BridgeProcess.start(env);
    expect(await replyTo(c, poolRoomId, eventId, 120_000)).toMatch(/^Sie haben Fall \d+ übernommen/);
    const [pe] = await dbh.db.select().from(processedEvents).where(and(eq(processedEvents.eventId, eventId)));
    expect(pe).toBeDefined();
    expect((await eventsOf(kase.caseId)).map((e) => e.action)).toEqual(["take"]);
    // Give a duplicate delivery the chance to show up, then count the replies the client saw.
    await waitFor("reply job done", async () => {
      const [j] = await dbh.db.select().from(roomJobs).where(eq(roomJobs.idempotencyKey, `reply:${eventId}`));
      return j?.status === "done" ? true : undefined;
    });
    expect(repliesTo(c, poolRoomId, eventId)).toHaveLength(1);
  });
});

describe("the agency's bot language", () => {
  it("an agency set to English gets English pool notices and an English pool room name; German again after switching back", async () => {
    const c = clients[3]!;
    await dbh.db.update(agencies).set({ botLanguage: "en" }).where(eq(agencies.id, agencyId));
    try {
      await dbh.db.transaction((tx) => enqueue(tx, "agency.sync_pool", { agencyId }, { key: `agency.sync_pool:lang-test:${agencyId}` }));
      await waitFor("English pool topic", async () => {
        const st = await roomState(stack.homeserverUrl, stack.asToken, poolRoomId);
        return st.find((e) => e.type === "m.room.topic")?.content.topic === "New cases of the agency. Type !help for the commands." ? true : undefined;
      });
      const kase = await openCaseWithRoom();
      const text = await notice(c, poolRoomId, (b) => b.startsWith(`New case #${kase.caseNumber} `));
      expect(text).toContain(`type !take ${kase.caseNumber} to take it`);
      // Case room named in the agency's language.
      const st = await roomState(stack.homeserverUrl, stack.asToken, kase.roomId);
      expect(st.find((e) => e.type === "m.room.name")?.content.name).toMatch(new RegExp(`^Case ${kase.caseNumber} · `));
      // A counselor without a choice of their own is answered in the agency's language.
      expect(await replyTo(c, poolRoomId, await say(c, poolRoomId, "!cases"))).toMatch(/^(You have no open cases\.|Your open cases)/);
    } finally {
      await dbh.db.update(agencies).set({ botLanguage: "de" }).where(eq(agencies.id, agencyId));
    }
    const next = await openCaseWithRoom();
    await notice(c, poolRoomId, (b) => b.startsWith(`Neuer Fall ${next.caseNumber} `));
  });
});
