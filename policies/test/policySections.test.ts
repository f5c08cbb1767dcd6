// The groups, pseudonym and rooms sections of the platform policy: an operator's file changes what
// the rules and room templates produce; bad values are refused naming the key path; the defaults
// are today's values.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseRoomCreateBody, caseRoomPowerLevels } from "../src/caseRoomTemplate.ts";
import {
  defaultGroupPolicy,
  groupInputViolation,
  groupPowerLevels,
  groupRoomCreateBody,
  groupPhaseAt,
  whisperRoomCreateBody,
} from "../src/groupRooms.ts";
import { defaultPlatformPolicy, loadPlatformPolicy, PolicyConfigError, type PlatformPolicy, resolvePlatformPolicy } from "../src/platformPolicy.ts";
import { checkPseudonym, defaultPseudonymRule } from "../src/pseudonymRule.ts";

function policyFile(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lotse-policy-sections-"));
  const file = join(dir, "policy.yaml");
  writeFileSync(file, yaml);
  return file;
}

function resolved(override: unknown): PlatformPolicy {
  const r = resolvePlatformPolicy(override);
  if (!r.ok) throw new Error(r.errors.join("; "));
  return r.policy;
}

function errorsOf(override: unknown): string[] {
  const r = resolvePlatformPolicy(override);
  if (r.ok) throw new Error("expected the override to be refused");
  return r.errors;
}

const stateOf = (body: { initial_state: { type: string; content: Record<string, unknown> }[] }, type: string) =>
  body.initial_state.find((e) => e.type === type)?.content;

const bot = "@lotse:example.org";
const seeker = "@lotse_abc:example.org";
const anna = "@anna:agency.example";

describe("defaults are the rules' own defaults", () => {
  it("groups and pseudonym sections equal defaultGroupPolicy and defaultPseudonymRule", () => {
    expect(defaultPlatformPolicy.groups).toEqual(defaultGroupPolicy);
    expect(defaultPlatformPolicy.pseudonym).toEqual(defaultPseudonymRule);
    expect(defaultGroupPolicy).toMatchObject({ maxParticipants: 100, minDurationMinutes: 15, maxDurationMinutes: 480, timeZone: "Europe/Berlin" });
    expect(defaultPseudonymRule).toEqual({ minLength: 3, maxLength: 30, maxDigitRun: 4, maxDigits: 4 });
  });

  it("the default templates are today's rooms", () => {
    const body = caseRoomCreateBody({ caseId: "c1", name: "Case", botUserId: bot, seekerUserId: seeker, counselorUserIds: [anna] });
    expect(stateOf(body, "m.room.history_visibility")).toEqual({ history_visibility: "invited" });
    expect(stateOf(body, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(body.power_level_content_override).toMatchObject({ users: { [anna]: 50, [seeker]: 0 }, redact: 50, kick: 100, ban: 100, invite: 100, state_default: 100 });
  });
});

describe("an operator's file with groups, pseudonym and rooms values", () => {
  const file = policyFile(
    [
      "groups:",
      "  maxParticipants: 12",
      "  minDurationMinutes: 30",
      "  timeZone: Europe/Vienna",
      "  encryptedByDefault: false",
      "pseudonym:",
      "  maxLength: 12",
      "  maxDigits: 2",
      "  maxDigitRun: 2",
      "rooms:",
      "  case:",
      "    historyVisibility: joined",
      "    powerLevels:",
      "      staff: 60",
      "      kick: staff",
      "  group:",
      "    powerLevels:",
      "      expert: 20",
      "      ban: bot",
      "  whisper:",
      "    historyVisibility: joined",
      "    powerLevels:",
      "      redact: bot",
      "",
    ].join("\n"),
  );
  const policy = loadPlatformPolicy({ LOTSE_POLICY_FILE: file });

  it("media: attachment types and conversations are lists of known values; an unknown one is named", () => {
    expect(defaultPlatformPolicy.media).toMatchObject({ allowedTypes: ["image/jpeg", "image/png", "application/pdf"], attachmentRoomKinds: ["case"] });
    const ok = resolvePlatformPolicy({ media: { allowedTypes: ["application/pdf"], attachmentRoomKinds: ["case", "group"] } });
    expect(ok.ok && ok.policy.media).toEqual({ ...defaultPlatformPolicy.media, allowedTypes: ["application/pdf"], attachmentRoomKinds: ["case", "group"] });
    const bad = resolvePlatformPolicy({ media: { allowedTypes: ["text/html"], attachmentRoomKinds: ["pool"] } });
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors;
    expect(errors.some((e) => e.startsWith("media.allowedTypes[0]: must be one of image/jpeg, image/png, application/pdf"))).toBe(true);
    expect(errors.some((e) => e.startsWith("media.attachmentRoomKinds[0]: must be one of case, group, whisper"))).toBe(true);
  });

  it("is merged over the defaults, the rest unchanged", () => {
    expect(policy.groups).toEqual({ ...defaultGroupPolicy, maxParticipants: 12, minDurationMinutes: 30, timeZone: "Europe/Vienna", encryptedByDefault: false });
    expect(policy.pseudonym).toEqual({ minLength: 3, maxLength: 12, maxDigits: 2, maxDigitRun: 2 });
    expect(policy.rooms.case.powerLevels).toEqual({ ...defaultPlatformPolicy.rooms.case.powerLevels, staff: 60, kick: "staff" });
    expect(policy.rooms.pool).toEqual(defaultPlatformPolicy.rooms.pool);
    expect(policy.flood).toEqual(defaultPlatformPolicy.flood);
  });

  it("group input is validated with the overridden limits", () => {
    const input = { title: "Abendgruppe", description: "", rules: "", startsAt: new Date("2030-01-01T18:00:00Z"), durationMinutes: 20, maxParticipants: 50 };
    expect(groupInputViolation(input)).toBeNull();
    expect(groupInputViolation(input, policy.groups)).toEqual({ field: "durationMinutes", message: "durationMinutes must be 30–480" });
    expect(groupInputViolation({ ...input, durationMinutes: 30 }, policy.groups)).toEqual({ field: "maxParticipants", message: "maxParticipants must be 2–12" });
    expect(groupInputViolation({ ...input, durationMinutes: 30, maxParticipants: 12 }, policy.groups)).toBeNull();
  });

  it("pseudonyms are checked with the overridden rule; the default still takes them", () => {
    expect(checkPseudonym("Sonnenblume_Anna").ok).toBe(true);
    expect(checkPseudonym("Sonnenblume_Anna", policy.pseudonym)).toMatchObject({ ok: false, violation: "too_long", message: "The pseudonym must have at most 12 characters." });
    expect(checkPseudonym("Anna 123").ok).toBe(true);
    expect(checkPseudonym("Anna 123", policy.pseudonym)).toMatchObject({ ok: false, violation: "looks_like_phone" });
    expect(checkPseudonym("Anna 12", policy.pseudonym).ok).toBe(true);
  });

  it("case room template carries the overridden history visibility and power levels", () => {
    const body = caseRoomCreateBody({ caseId: "c1", name: "Case", botUserId: bot, seekerUserId: seeker, counselorUserIds: [anna] }, policy.rooms.case);
    expect(stateOf(body, "m.room.history_visibility")).toEqual({ history_visibility: "joined" });
    expect(stateOf(body, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(stateOf(body, "m.room.join_rules")).toEqual({ join_rule: "invite" });
    expect(body.power_level_content_override).toMatchObject({ users: { [anna]: 60, [seeker]: 0 }, kick: 60, redact: 60, ban: 100 });
    expect(body.power_level_content_override.events["m.room.pinned_events"]).toBe(60);
    expect(caseRoomPowerLevels({ botUserId: bot, seekerUserId: seeker, counselorUserIds: [anna] }, policy.rooms.case.powerLevels)).toEqual(body.power_level_content_override);
  });

  it("group and whisper templates carry the overridden values", () => {
    const phase = groupPhaseAt({ startsAt: new Date("2030-01-01T18:00:00Z"), durationMinutes: 60, repeatWeekly: false }, new Date("2030-01-01T18:10:00Z"));
    const spec = { groupId: "g1", title: "T", description: "D", rules: "", encrypted: false, phase, botUserId: bot, moderatorUserIds: [anna], expertUserIds: ["@ex:example.org"] };
    const body = groupRoomCreateBody({ ...spec, policy: policy.groups, template: policy.rooms.group });
    expect(body.power_level_content_override).toMatchObject({ users: { [anna]: 50, "@ex:example.org": 20 }, ban: 100, kick: 50 });
    expect(groupRoomCreateBody(spec).power_level_content_override).toMatchObject({ users: { "@ex:example.org": 10 }, ban: 50 });
    expect(groupPowerLevels({ ...spec, phase: "open" }, policy.rooms.group).users["@ex:example.org"]).toBe(20);

    const w = whisperRoomCreateBody({ whisperId: "w1", groupId: "g1", groupTitle: "T", botUserId: bot, seekerUserId: seeker, moderatorUserId: anna }, policy.rooms.whisper);
    expect(stateOf(w, "m.room.history_visibility")).toEqual({ history_visibility: "joined" });
    expect(stateOf(w, "m.room.encryption")).toEqual({ algorithm: "m.megolm.v1.aes-sha2" });
    expect(w.power_level_content_override.redact).toBe(100);
    expect(whisperRoomCreateBody({ whisperId: "w1", groupId: "g1", groupTitle: "T", botUserId: bot, seekerUserId: seeker, moderatorUserId: anna }).power_level_content_override.redact).toBe(50);
  });
});

describe("invalid values are refused naming the key path", () => {
  it("fixed values: encryption of case, supervision and whisper rooms, join rule, guest access", () => {
    const errors = errorsOf({
      rooms: {
        case: { encryption: false },
        supervision: { encryption: false },
        whisper: { encryption: false },
        pool: { joinRule: "public", encryption: true },
        group: { guestAccess: "can_join", powerLevels: { invite: "staff" } },
      },
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        "rooms.case.encryption: must be true",
        "rooms.supervision.encryption: must be true",
        "rooms.whisper.encryption: must be true",
        "rooms.pool.joinRule: must be invite",
        "rooms.pool.encryption: must be false",
        "rooms.group.guestAccess: must be forbidden",
        "rooms.group.powerLevels.invite: must be bot",
      ]),
    );
  });

  it("groups, pseudonym and power-level limits and contradictions", () => {
    expect(errorsOf({ groups: { maxParticipants: 0 } })).toEqual(["groups.maxParticipants: must be ≥ 1"]);
    expect(errorsOf({ groups: { maxParticipants: 20_000 } })).toEqual(["groups.maxParticipants: must be ≤ 10000"]);
    expect(errorsOf({ groups: { minParticipants: 50, maxParticipants: 10 } })).toEqual(["groups.minParticipants: must be ≤ groups.maxParticipants"]);
    expect(errorsOf({ groups: { timeZone: "Mars/Olympus" } })).toEqual(["groups.timeZone: must be an IANA time zone (e.g. Europe/Berlin)"]);
    expect(errorsOf({ groups: { historyVisibility: "world_readable" } })).toEqual(["groups.historyVisibility: must be one of invited, joined, shared"]);
    expect(errorsOf({ pseudonym: { maxDigits: 9 } })).toEqual(["pseudonym.maxDigits: must be ≤ 6"]);
    expect(errorsOf({ pseudonym: { minLength: 20, maxLength: 10 } })).toEqual(["pseudonym.minLength: must be ≤ pseudonym.maxLength"]);
    expect(errorsOf({ rooms: { case: { powerLevels: { staff: 101 } } } })).toEqual(["rooms.case.powerLevels.staff: must be ≤ 100"]);
    expect(errorsOf({ rooms: { supervision: { powerLevels: { member: 60 } } } })).toEqual(["rooms.supervision.powerLevels.member: must be ≤ rooms.supervision.powerLevels.staff"]);
    expect(errorsOf({ rooms: { group: { powerLevels: { expert: 50 } } } })).toEqual([
      "rooms.group.powerLevels.expert: must be ≥ rooms.group.powerLevels.member and < rooms.group.powerLevels.staff",
    ]);
    expect(errorsOf({ rooms: { case: { powerLevels: { kick: "seeker" } }, kiosk: {} } })).toEqual(
      expect.arrayContaining(["rooms.case.powerLevels.kick: must be one of bot, staff, member", "rooms.kiosk: unknown key"]),
    );
  });

  it("loadPlatformPolicy names the file and the key paths", () => {
    const file = policyFile("rooms:\n  case:\n    encryption: false\ngroups:\n  maxParticipants: 0\n");
    let caught: unknown;
    try {
      loadPlatformPolicy({ LOTSE_POLICY_FILE: file });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PolicyConfigError);
    expect((caught as PolicyConfigError).message).toContain(`invalid policy file ${file}`);
    expect((caught as PolicyConfigError).errors).toEqual(expect.arrayContaining(["rooms.case.encryption: must be true", "groups.maxParticipants: must be ≥ 1"]));
  });
});
