// The desired state of the rooms the bridge reconciles (case, pool, group), decided without a
// homeserver: who belongs, who leaves and why, the ACL, the power levels and the state events.
import { describe, expect, it } from "vitest";
import { caseRoomPowerLevels, LOTSE_CASE_STATUS_STATE_TYPE } from "../src/caseRoomTemplate.ts";
import { type CaseRoomRow, desiredCaseRoom, desiredGroupRoom, desiredPoolRoom, type GroupRoomRow } from "../src/desiredRoomState.ts";
import { groupPowerLevels, LOTSE_GROUP_STATE_TYPE } from "../src/groupRooms.ts";
import { resolvePlatformPolicy } from "../src/platformPolicy.ts";
import { CALL_EVENT_TYPES, serverAclFor } from "../src/roomTemplate.ts";
import { botMessagesEn } from "../src/bot/botMessagesEn.ts";

const bot = "@lotse:central.example";
const seeker = "@lotse_s1:central.example";
const anna = "@anna:central.example";
const ben = "@ben:agency.example:8448";
const cleo = "@cleo:central.example";
const pool = [anna, ben, cleo];

const newCase: CaseRoomRow = { caseId: "c1", caseNumber: 12, status: "new", teamAgency: false, seekerUserId: seeker, assigned: null };
const taken: CaseRoomRow = { ...newCase, status: "in_progress", assigned: { userId: ben, displayName: "Ben", awayMessage: null } };

const statusOf = (d: { state: readonly { type: string; content: Record<string, unknown> }[] }) => d.state.find((e) => e.type === LOTSE_CASE_STATUS_STATE_TYPE)?.content;

describe("desired case room", () => {
  it("while new: the pool belongs, the seeker stays, anyone else leaves; the ACL admits their servers", () => {
    const d = desiredCaseRoom(newCase, pool, { botUserId: bot });
    expect(d.members).toEqual(pool);
    expect(d.removeOthers?.keep).toEqual([seeker]);
    expect(d.removeOthers?.reason).toBe("In diesen Raum gehören nur die ratsuchende Person und die Beratung dieses Falls.");
    expect(d.removeOthers?.reasonByUser?.[anna]).toBe("Fall 12 hat sich geändert.");
    expect(d.serverAcl).toEqual(serverAclFor([bot, seeker, ...pool]));
    expect(d.powerLevels).toEqual({ content: caseRoomPowerLevels({ botUserId: bot, seekerUserId: seeker, counselorUserIds: pool }), compare: "users" });
    expect(statusOf(d)).toEqual({ caseNumber: 12, status: "new", counselor: null, absenceMessage: null });
    // The bot is a functional member (Element then shows a 1:1 room with its call buttons).
    expect(d.state.find((e) => e.type === "io.element.functional_members")?.content).toEqual({ service_members: [bot] });
    expect(d.state).toHaveLength(2);
    // Case rooms are where calls happen: nothing refuses them.
    expect(d.refuseEvents).toBeUndefined();
    expect(d.powerLevels?.content.events["m.call.invite"]).toBeUndefined();
  });

  it("once taken: only the assigned counselor; the pool's others leave naming who has the case", () => {
    const d = desiredCaseRoom(taken, pool, { botUserId: bot });
    expect(d.members).toEqual([ben]);
    expect(d.removeOthers?.reasonByUser?.[anna]).toBe("Fall 12 liegt jetzt bei Ben.");
    expect(desiredCaseRoom(taken, pool, { botUserId: bot, messages: botMessagesEn }).removeOthers?.reasonByUser?.[anna]).toBe("Case #12 is now with Ben.");
    expect(d.removeOthers?.reasonByUser?.["@stranger:elsewhere.example"]).toBeUndefined();
    expect(d.serverAcl.allow).toEqual(["agency.example", "agency.example:8448", "central.example"]);
    expect(d.powerLevels?.content.users).toEqual({ [ben]: 50, [seeker]: 0 });
    expect(statusOf(d)).toEqual({ caseNumber: 12, status: "in_progress", counselor: { userId: ben, displayName: "Ben" }, absenceMessage: null });
  });

  it("in a team agency the whole pool stays with the assigned counselor first", () => {
    expect(desiredCaseRoom({ ...taken, teamAgency: true }, pool, { botUserId: bot }).members).toEqual([ben, anna, cleo]);
  });

  it("an assignment still marked new keeps the pool; the absence message shows only in progress", () => {
    expect(desiredCaseRoom({ ...newCase, assigned: taken.assigned }, pool, { botUserId: bot }).members).toEqual(pool);
    const away = { ...taken, assigned: { userId: ben, displayName: "Ben", awayMessage: "Back on Monday" } };
    expect(statusOf(desiredCaseRoom(away, pool, { botUserId: bot }))?.absenceMessage).toBe("Back on Monday");
    expect(statusOf(desiredCaseRoom({ ...away, status: "closed" }, pool, { botUserId: bot }))).toEqual({
      caseNumber: 12,
      status: "closed",
      counselor: { userId: ben, displayName: "Ben" },
      absenceMessage: null,
    });
  });

  it("after the seeker deleted the account nobody is kept and the bot stands in for the template's seeker", () => {
    const d = desiredCaseRoom({ ...taken, seekerUserId: null }, pool, { botUserId: bot });
    expect(d.removeOthers?.keep).toEqual([]);
    expect(d.serverAcl).toEqual(serverAclFor([bot, ben]));
    expect(d.powerLevels?.content.users).toEqual({ [ben]: 50 });
  });

  it("restoring the structure compares all power levels and restores the template's structure events", () => {
    const d = desiredCaseRoom(taken, pool, { botUserId: bot, restoreStructure: true });
    expect(d.powerLevels?.compare).toBe("all");
    expect(d.state.map((e) => e.type)).toEqual([
      "m.room.encryption",
      "m.room.history_visibility",
      "m.room.join_rules",
      "m.room.guest_access",
      "io.element.functional_members",
      LOTSE_CASE_STATUS_STATE_TYPE,
    ]);
    const r = resolvePlatformPolicy({ rooms: { case: { historyVisibility: "joined", powerLevels: { staff: 60 } } } });
    if (!r.ok) throw new Error(r.errors.join("; "));
    const custom = desiredCaseRoom(taken, pool, { botUserId: bot, template: r.policy.rooms.case, restoreStructure: true });
    expect(custom.state.find((e) => e.type === "m.room.history_visibility")?.content).toEqual({ history_visibility: "joined" });
    expect(custom.powerLevels?.content.users[ben]).toBe(60);
  });
});

describe("case room name and topic line", () => {
  const named = { ...newCase, topicName: "Schulden", createdAt: new Date("2026-12-03T13:20:00Z") };
  const nameAndTopic = (d: { state: readonly { type: string; content: Record<string, unknown> }[] }) => [
    d.state.find((e) => e.type === "m.room.name")?.content.name,
    d.state.find((e) => e.type === "m.room.topic")?.content.topic,
  ];
  it("names the room by number and topic and says the state in words, on every transition", () => {
    expect(nameAndTopic(desiredCaseRoom(named, pool, { botUserId: bot }))).toEqual(["Fall 12 · Schulden", "wartet seit 3. Dez., 14:20 Uhr im Pool"]);
    expect(nameAndTopic(desiredCaseRoom({ ...named, status: "in_progress", assigned: taken.assigned }, pool, { botUserId: bot }))).toEqual(["Fall 12 · Schulden", "bei Ben"]);
    expect(nameAndTopic(desiredCaseRoom({ ...named, status: "closed", assigned: taken.assigned }, pool, { botUserId: bot }))[1]).toBe("abgeschlossen");
    expect(nameAndTopic(desiredCaseRoom({ ...named, status: "archived", assigned: taken.assigned }, pool, { botUserId: bot }))[1]).toBe("archiviert");
    expect(nameAndTopic(desiredCaseRoom(named, pool, { botUserId: bot, messages: botMessagesEn, timeZone: "UTC" }))).toEqual(["Case 12 · Schulden", "waiting in the pool since 3 Dec, 13:20"]);
  });
  it("leaves name and topic alone where the row does not give the topic", () => {
    expect(nameAndTopic(desiredCaseRoom(newCase, pool, { botUserId: bot }))).toEqual([undefined, undefined]);
  });
});

describe("desired pool room", () => {
  it("is named after the agency in its bot language", () => {
    const d = desiredPoolRoom([anna], { botUserId: bot, agencyName: "Caritas Köln" });
    expect(d.state).toEqual([
      { type: "m.room.name", state_key: "", content: { name: "Pool · Caritas Köln" } },
      { type: "m.room.topic", state_key: "", content: { topic: "Neue Fälle der Beratungsstelle. Mit !hilfe sehen Sie die Befehle." } },
    ]);
    expect(desiredPoolRoom([anna], { botUserId: bot, agencyName: "X", messages: botMessagesEn }).state[1]?.content.topic).toBe("New cases of the agency. Type !help for the commands.");
  });

  it("exactly the pool counselors, once each; everyone else leaves; the ACL follows them", () => {
    const d = desiredPoolRoom([anna, ben, anna], { botUserId: bot });
    expect(d.members).toEqual([anna, ben]);
    expect(d.removeOthers).toEqual({ keep: [], reason: "Nicht mehr in der Beratung dieser Beratungsstelle." });
    expect(d.serverAcl).toEqual(serverAclFor([bot, anna, ben]));
    expect(d.powerLevels).toBeUndefined();
    expect(d.state).toEqual([]);
  });

  it("refuses calls to everyone but the bot, also in pool rooms made before the rule", () => {
    const d = desiredPoolRoom([anna], { botUserId: bot });
    const r = resolvePlatformPolicy({});
    if (!r.ok) throw new Error(r.errors.join("; "));
    const botLevel = r.policy.rooms.pool.powerLevels.bot;
    for (const type of CALL_EVENT_TYPES) expect(d.refuseEvents?.[type], type).toBe(botLevel);
    expect(d.refuseEvents?.["m.call.invite"]).toBe(botLevel);
    expect(d.refuseEvents?.["org.matrix.msc3401.call"]).toBe(botLevel);
  });
});

describe("desired group room", () => {
  const mod = "@mod:agency.example";
  const expert = "@expert:experts.example";
  const former = "@former:old-experts.example";
  const participant = "@lotse_p:central.example";
  const row: GroupRoomRow = {
    title: "Abendgruppe",
    rules: "Be kind",
    phase: "open",
    occurrence: new Date("2030-01-01T18:00:00Z"),
    endsAt: new Date("2030-01-01T19:00:00Z"),
    moderatorUserIds: [mod],
    expertUserIds: [expert],
  };
  const present = new Map([
    [bot, "join"],
    [mod, "join"],
    [participant, "join"],
    [former, "join"],
  ]);

  it("invites the running session's experts and removes nobody who merely is not listed", () => {
    const d = desiredGroupRoom(row, present, { botUserId: bot });
    expect(d.members).toEqual([expert]);
    expect(d.removeOthers).toBeUndefined();
    expect(d.remove).toEqual([]);
    // Everyone present keeps their server for now; the new expert's is admitted.
    expect(d.serverAcl).toEqual(serverAclFor([bot, mod, expert, mod, participant, former]));
    expect(d.powerLevels).toEqual({
      content: groupPowerLevels({ botUserId: bot, moderatorUserIds: [mod], expertUserIds: [expert], phase: "open" }),
      compare: "all",
      keepUsersBelow: 0,
    });
    expect(d.state).toEqual([
      {
        type: LOTSE_GROUP_STATE_TYPE,
        state_key: "",
        content: { title: "Abendgruppe", rules: "Be kind", phase: "open", occurrence: "2030-01-01T18:00:00.000Z", endsAt: "2030-01-01T19:00:00.000Z" },
      },
    ]);
  });

  it("after a session: ended experts (not moderators) and leaving participants go; an expert leaving takes their server along", () => {
    const d = desiredGroupRoom(
      { ...row, phase: "after", expertUserIds: [], endingExpertUserIds: [former, mod, former], leavingUserIds: [participant] },
      present,
      { botUserId: bot },
    );
    expect(d.members).toEqual([]);
    expect(d.remove).toEqual([
      { userId: former, reason: "Die Sitzung als Fachperson ist vorbei." },
      { userId: participant, reason: "Die Sitzung ist vorbei. Zur nächsten können Sie wieder beitreten." },
    ]);
    expect(d.serverAcl).toEqual(serverAclFor([bot, mod]));
    expect(d.powerLevels?.content.events_default).toBe(50);
  });

  it("an ended expert who is not in the room any more leaves the ACL to everyone present", () => {
    const d = desiredGroupRoom({ ...row, phase: "before", expertUserIds: [], endingExpertUserIds: ["@gone:experts.example"] }, present, { botUserId: bot });
    expect(d.serverAcl).toEqual(serverAclFor([bot, mod, participant, former]));
  });

  it("mutes are kept below the template's member level", () => {
    const r = resolvePlatformPolicy({ rooms: { group: { powerLevels: { member: 5, expert: 20 } } } });
    if (!r.ok) throw new Error(r.errors.join("; "));
    const d = desiredGroupRoom(row, present, { botUserId: bot, template: r.policy.rooms.group });
    expect(d.powerLevels?.keepUsersBelow).toBe(5);
    expect(d.powerLevels?.content.users[expert]).toBe(20);
  });
});

describe("desiredSupervisionRoom", () => {
  it("invites the counselor and the supervisor at the staff level, removes nobody, keeps everyone present admitted", async () => {
    const { desiredSupervisionRoom, defaultPlatformPolicy } = await import("../src/index.ts");
    const bot = "@lotse:central.example";
    const d = desiredSupervisionRoom(
      { wanted: ["@anna:central.example", "@sven:agency.example"], present: ["@old:former.example"], currentUsers: { [bot]: 100, "@old:former.example": 50 } },
      { botUserId: bot },
    );
    expect(d.members).toEqual(["@anna:central.example", "@sven:agency.example"]);
    expect(d.removeOthers).toBeUndefined();
    expect(d.serverAcl.allow.sort()).toEqual(["agency.example", "central.example", "former.example"]);
    const staff = defaultPlatformPolicy.rooms.supervision.powerLevels.staff;
    expect(d.powerLevels?.compare).toBe("users");
    expect(d.powerLevels?.content.users).toEqual({ [bot]: 100, "@old:former.example": 50, "@anna:central.example": staff, "@sven:agency.example": staff });
    const custom = { ...defaultPlatformPolicy.rooms.supervision, powerLevels: { ...defaultPlatformPolicy.rooms.supervision.powerLevels, staff: 60 } };
    expect(desiredSupervisionRoom({ wanted: ["@anna:central.example"], present: [], currentUsers: {} }, { botUserId: bot, template: custom }).powerLevels?.content.users).toEqual({ "@anna:central.example": 60 });
    // No calls: in the power levels of new rooms and, since only users are compared, raised in old ones.
    const botLevel = defaultPlatformPolicy.rooms.supervision.powerLevels.bot;
    expect(d.powerLevels?.content.events["m.call.invite"]).toBe(botLevel);
    expect(d.refuseEvents?.["m.call.invite"]).toBe(botLevel);
    expect(d.refuseEvents?.["im.vector.modular.widgets"]).toBe(botLevel);
  });
});
