// Every rule of the platform as typed, declarative data — moderation, flood, group rules, the
// pseudonym rule and every room kind's template data — with defaults, a schema (TypeBox), and
// the operator's override file merged over the defaults. Bridge and API read the same file
// (LOTSE_POLICY_FILE, JSON or YAML) through `loadPlatformPolicy` and refuse to start when it is
// invalid, with errors naming the key path (`flood.eventsPerMinute: must be ≥ 1`).
//
// The decisions that use these values are pure functions (moderation.ts, groupRooms.ts,
// pseudonymRule.ts, the room templates in roomTemplate.ts, caseRoomTemplate.ts, groupRooms.ts and
// the bridge's roomTemplates.ts, the desired room state in desiredRoomState.ts). The table of every
// policy and its default in policies/README.md is generated from this file (policyReadme.ts).
import { type Static, type TSchema, Type } from "typebox";
import { Value } from "typebox/value";
import { parse as parseYaml } from "yaml";
import { defaultPseudonymRule } from "./pseudonymRule.ts";
import { defaultConsultationPolicy } from "./consultationHours.ts";
import { defaultLiveChatPolicy } from "./liveChat.ts";

/** File types the seeker app can attach (images are re-encoded before encryption; PDFs go as they are). */
export const attachmentTypes = ["image/jpeg", "image/png", "application/pdf"] as const;
export type AttachmentType = (typeof attachmentTypes)[number];
/** The seeker's conversations a file may be attached to. */
export const attachmentRoomKinds = ["case", "group", "whisper"] as const;
export type AttachmentRoomKind = (typeof attachmentRoomKinds)[number];

/** Room kinds as the `org.lotse.room` marker names them. */
export const platformRoomKinds = ["case", "pool", "supervision", "command_chat", "group", "whisper", "forum", "policy_list"] as const;
export type PlatformRoomKind = (typeof platformRoomKinds)[number];

export const floodActions = ["mute", "kick", "notify"] as const;
export type FloodAction = (typeof floodActions)[number];

const roomKindSchema = Type.Union(
  [
    Type.Literal("case"),
    Type.Literal("pool"),
    Type.Literal("supervision"),
    Type.Literal("command_chat"),
    Type.Literal("group"),
    Type.Literal("whisper"),
    Type.Literal("forum"),
    Type.Literal("policy_list"),
  ],
  { description: "a room kind" },
);

const userId = Type.String({ pattern: "^@[^:\\s]+:\\S+$", description: "a Matrix user id" });

const historyVisibilitySchema = (what: string) =>
  Type.Union([Type.Literal("invited"), Type.Literal("joined"), Type.Literal("shared")], {
    description: `who may read ${what}'s history: \`invited\` (from one's invitation on), \`joined\` (only while joined) or \`shared\` (everything, members only); \`world_readable\` is not offered`,
  });

const joinRuleSchema = Type.Literal("invite", {
  description: "fixed: every platform room is invite-only — the bridge invites exactly the members the database names (routing, roles, seats); a public or knock room would let anyone in",
});
const guestAccessSchema = Type.Literal("forbidden", { description: "fixed: no guest accounts in platform rooms (seekers are anonymous, never unauthenticated)" });
const encryptionOnSchema = (why: string) => Type.Literal(true, { description: `fixed: end-to-end encrypted — ${why}` });

const roleSchema = (description: string) => Type.Union([Type.Literal("bot"), Type.Literal("staff"), Type.Literal("member")], { description });
const level = (description: string) => Type.Integer({ minimum: 0, maximum: 100, description });

/** The power levels of a room kind as data: the level of each role, and which role may do what. */
function powerLevelProps(staff: string, member: string) {
  return {
      bot: level("level required for structure (name, topic, encryption, join rules, ACL, the room marker); the bot creates the room and holds it"),
      staff: level(`level of ${staff}`),
      member: level(`level of ${member} (users_default)`),
      invite: Type.Literal("bot", { description: "fixed: only the bot invites — memberships follow the database (routing, roles, seats)" }),
      state: Type.Literal("bot", { description: "fixed: only the bot sends other state (state_default)" }),
      kick: roleSchema("role from which a member may kick"),
      ban: roleSchema("role from which a member may ban"),
      redact: roleSchema("role from which a member may redact others' events"),
      powerLevels: roleSchema("role from which a member may change power levels (moderators mute by lowering a level)"),
      roomNotification: roleSchema("role from which a member may send an @room notification"),
  };
}
const powerLevelsSchema = (staff: string, member: string) => Type.Object(powerLevelProps(staff, member), { additionalProperties: false });

const roomTemplateSchema = <P extends Record<string, TSchema>>(props: P, description: string) => Type.Object(props, { additionalProperties: false, description });

/** Every policy with its type, limits and meaning (the README table is generated from this). */
export const platformPolicySchema = Type.Object(
  {
    moderation: Type.Object(
      {
        moderatorLevel: Type.Integer({
          minimum: 1,
          maximum: 100,
          description: "power level from which a room member counts as its moderator (may use the moderation commands, is never muted or banned by automation)",
        }),
        immuneUsers: Type.Array(userId, {
          maxItems: 1000,
          description: "further user ids that automation never mutes, kicks or bans (the bot and every room's moderators always are)",
        }),
      },
      { additionalProperties: false },
    ),
    mute: Type.Object(
      {
        defaultMinutes: Type.Integer({ minimum: 1, maximum: 10_080, description: "length of a mute when `!mute` names no minutes" }),
        maxMinutes: Type.Integer({ minimum: 1, maximum: 525_600, description: "longest mute a moderator may give with `!mute`" }),
      },
      { additionalProperties: false },
    ),
    flood: Type.Object(
      {
        enabled: Type.Boolean({ description: "flood protection on or off" }),
        eventsPerMinute: Type.Integer({
          minimum: 1,
          maximum: 10_000,
          description: "events one member may send into one room within any 60 s (counted from metadata: sender, room, time; never content)",
        }),
        action: Type.Union([Type.Literal("mute"), Type.Literal("kick"), Type.Literal("notify")], {
          description: "what happens to a member above the limit: `mute` (timed), `kick` or `notify` (moderators only)",
        }),
        muteMinutes: Type.Integer({ minimum: 1, maximum: 10_080, description: "length of the mute a flood earns" }),
        notifyModerators: Type.Boolean({ description: "post a notice to the room's moderators when flood protection acts" }),
        roomKinds: Type.Array(roomKindSchema, {
          uniqueItems: true,
          description: "room kinds (the `org.lotse.room` marker) flood protection watches",
        }),
        caseRoomEventsPerMinute: Type.Integer({
          minimum: 1,
          maximum: 10_000,
          description:
            "the limit in case rooms instead of `eventsPerMinute`: a case room is 1:1, and inside it call signalling (answer, candidates, every mute or camera toggle, hang-up) travels encrypted like messages, so it counts too; the headroom keeps a normal call with chatting under it while a pasted burst is still stopped",
        }),
      },
      { additionalProperties: false },
    ),
    calls: Type.Object(
      {
        seekerRelayOnly: Type.Boolean({
          description:
            "the seeker's app sends call media only through the platform's TURN server (`iceTransportPolicy: relay`): the counselor's client never learns the seeker's IP address; off, a direct path is tried first",
        }),
      },
      { additionalProperties: false },
    ),
    groups: Type.Object(
      {
        encryptedByDefault: Type.Boolean({ description: "new groups are end-to-end encrypted unless the moderator creating one says otherwise" }),
        removeParticipantsAfterSession: Type.Boolean({ description: "at the end of a session the bot removes the seekers (they join again for the next one)" }),
        historyVisibility: historyVisibilitySchema("a group room"),
        timeZone: Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone in which a weekly group keeps its wall-clock time" }),
        minDurationMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: "shortest session a group may have" }),
        maxDurationMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: "longest session a group may have (the API accepts at most 1440)" }),
        minParticipants: Type.Integer({ minimum: 1, maximum: 10_000, description: "fewest seats a group may offer" }),
        maxParticipants: Type.Integer({ minimum: 1, maximum: 10_000, description: "most seats a group may offer (the API accepts at most 10000)" }),
        titleMaxLength: Type.Integer({ minimum: 1, maximum: 120, description: "longest group title (the API accepts at most 120)" }),
        textMaxLength: Type.Integer({ minimum: 0, maximum: 4000, description: "longest group description and rules (the API accepts at most 4000 each)" }),
      },
      { additionalProperties: false },
    ),
    forums: Type.Object(
      {
        encrypted: Type.Boolean({
          description:
            "forum rooms (peer exchange per topic) are end-to-end encrypted; off by default for these large rooms (the seeker app says so on screen) — when on, the server cannot read thread titles and visitors see counts only",
        }),
        historyVisibility: historyVisibilitySchema("a forum room"),
        reportsPerHour: Type.Integer({ minimum: 1, maximum: 1000, description: "posts one seeker may report per hour (`POST /v1/forums/:topic/reports`)" }),
        titleMaxLength: Type.Integer({ minimum: 10, maximum: 300, description: "thread titles (the first line of a thread's first post) are cut to this many characters in the public list" }),
      },
      { additionalProperties: false },
    ),
    consultation: Type.Object(
      {
        timeZone: Type.String({ minLength: 1, maxLength: 64, description: "IANA time zone in which weekly consultation-hour slots and blocked days are read" }),
        minSlotMinutes: Type.Integer({ minimum: 5, maximum: 1440, description: "shortest consultation-hour slot" }),
        maxSlotMinutes: Type.Integer({ minimum: 5, maximum: 1440, description: "longest consultation-hour slot" }),
        bookingHorizonDays: Type.Integer({ minimum: 1, maximum: 366, description: "how many days ahead seekers can book" }),
        maxBookingsPerDay: Type.Integer({ minimum: 1, maximum: 100, description: "bookings one seeker may make per day, over all agencies" }),
        reminderMinutesBefore: Type.Integer({ minimum: 1, maximum: 1440, description: "the counselor's notice comes this many minutes before an appointment" }),
        noShowGraceMinutes: Type.Integer({ minimum: 1, maximum: 240, description: "after the start, how long to wait before a side counts as not shown up" }),
        seekerReminderMinutesBefore: Type.Integer({ minimum: 1, maximum: 2880, description: "the seeker's reminder e-mail (if they asked for one) comes this many minutes before an appointment" }),
      },
      { additionalProperties: false },
    ),
    live: Type.Object(
      {
        maxQueuePerTopic: Type.Integer({ minimum: 1, maximum: 1000, description: "most live chats waiting at one agency for one topic; the next seeker is told the queue is full" }),
        startsPerAddressPerHour: Type.Integer({ minimum: 1, maximum: 1000, description: "temporary live-chat accounts one network address may start per hour" }),
        idleMinutes: Type.Integer({ minimum: 1, maximum: 1440, description: "a live chat whose seeker's app has not been seen for this long is ended and erased" }),
        dutyDefaultMinutes: Type.Integer({ minimum: 5, maximum: 1440, description: "live duty without a given end and outside consultation hours lasts this long" }),
        dutyMaxMinutes: Type.Integer({ minimum: 5, maximum: 1440, description: "longest live duty a counselor can set at once" }),
        estimateWindowDays: Type.Integer({ minimum: 1, maximum: 365, description: "waits of earlier live chats from this many days back feed the waiting-time estimate" }),
      },
      { additionalProperties: false },
    ),
    pseudonym: Type.Object(
      {
        minLength: Type.Integer({ minimum: 1, maximum: 64, description: "fewest characters of a seeker's pseudonym" }),
        maxLength: Type.Integer({ minimum: 1, maximum: 64, description: "most characters of a seeker's pseudonym" }),
        maxDigitRun: Type.Integer({
          minimum: 0,
          maximum: 6,
          description: "longest run of digits in a pseudonym (phone numbers, birth dates); at most 6, so no phone number fits",
        }),
        maxDigits: Type.Integer({ minimum: 0, maximum: 6, description: "most digits in a pseudonym in total; at most 6, so no phone number fits" }),
      },
      { additionalProperties: false },
    ),
    media: Type.Object(
      {
        seekerMaxFileBytes: Type.Integer({
          minimum: 1024,
          maximum: 104_857_600,
          description: "largest file a seeker may upload to the homeserver (bytes; the homeserver's seeker guard module refuses larger uploads)",
        }),
        seekerDailyBytes: Type.Integer({
          minimum: 1024,
          maximum: 10_737_418_240,
          description: "most bytes a seeker may upload in any 24 hours (the homeserver's seeker guard module refuses beyond)",
        }),
        allowedTypes: Type.Array(
          Type.Union([Type.Literal("image/jpeg"), Type.Literal("image/png"), Type.Literal("application/pdf")], { description: "a file type" }),
          {
            maxItems: attachmentTypes.length,
            uniqueItems: true,
            description: `file types a seeker may attach in the app (any of ${attachmentTypes.join(", ")}; empty: no attachments). Photos are re-encoded in the browser first (no EXIF, no GPS position); the app checks the type before encrypting — the homeserver sees only ciphertext and cannot`,
          },
        ),
        attachmentRoomKinds: Type.Array(
          Type.Union([Type.Literal("case"), Type.Literal("group"), Type.Literal("whisper")], { description: "a seeker's room kind" }),
          {
            maxItems: attachmentRoomKinds.length,
            uniqueItems: true,
            description: "conversations in which seekers may attach files (case, group, whisper). The app offers the button only there; the seeker guard module refuses a seeker's file event in an unencrypted room of another kind — in an encrypted room the homeserver cannot tell a file from a text",
          },
        ),
      },
      { additionalProperties: false },
    ),
    rooms: Type.Object(
      {
        case: roomTemplateSchema(
          {
            historyVisibility: historyVisibilitySchema("a case room"),
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            encryption: encryptionOnSchema("a case room holds the counseling conversation; the bridge never decrypts"),
            powerLevels: powerLevelsSchema("counselors", "the seeker"),
          },
          "a seeker's case room",
        ),
        pool: roomTemplateSchema(
          {
            historyVisibility: historyVisibilitySchema("an agency's pool room"),
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            encryption: Type.Literal(false, { description: "fixed: not encrypted — it holds metadata only and the bot must read the commands typed there (the bridge never decrypts)" }),
            powerLevels: powerLevelsSchema("staff listed by level (the pool lists none)", "the agency's counselors"),
          },
          "an agency's pool room",
        ),
        supervision: roomTemplateSchema(
          {
            historyVisibility: historyVisibilitySchema("a supervision room"),
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            encryption: encryptionOnSchema("a supervision room discusses a case; the bridge never decrypts"),
            powerLevels: powerLevelsSchema("the counselors and supervisors invited", "anyone else"),
          },
          "a case's supervision room",
        ),
        command_chat: roomTemplateSchema(
          {
            historyVisibility: historyVisibilitySchema("a counselor's command chat with the bot"),
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            encryption: Type.Literal(false, { description: "fixed: not encrypted — the bot must read the commands (the bridge never decrypts)" }),
            powerLevels: powerLevelsSchema("staff listed by level (none)", "the counselor"),
          },
          "a counselor's command chat with the bot",
        ),
        group: roomTemplateSchema(
          {
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            powerLevels: Type.Object(
              {
                ...powerLevelProps("the group's moderators", "seekers (they write only while a session runs)"),
                expert: level("level of the running session's experts (write like seekers, cannot moderate)"),
              },
              { additionalProperties: false },
            ),
          },
          "a group room (its history visibility and encryption default: see `groups`)",
        ),
        forum: roomTemplateSchema(
          {
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            powerLevels: powerLevelsSchema("the counselors and moderators of the agencies serving the topic", "registered seekers"),
          },
          "a topic's forum room (its history visibility and encryption: see `forums`)",
        ),
        whisper: roomTemplateSchema(
          {
            historyVisibility: historyVisibilitySchema("a whisper room"),
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            encryption: encryptionOnSchema("a whisper room is a private talk between a seeker and a group's moderator"),
            powerLevels: powerLevelsSchema("the moderator", "the seeker"),
          },
          "a whisper room beside a group",
        ),
        policy_list: roomTemplateSchema(
          {
            historyVisibility: historyVisibilitySchema("the policy-list room"),
            joinRule: joinRuleSchema,
            guestAccess: guestAccessSchema,
            encryption: Type.Boolean({ description: "encrypt the policy-list room (its rules are state events, which are never encrypted)" }),
          },
          "the platform policy-list room (admins' level: `policyList.adminLevel`)",
        ),
      },
      { additionalProperties: false },
    ),
    policyList: Type.Object(
      {
        enabled: Type.Boolean({ description: "keep a platform policy-list room and apply its `m.policy.rule.user` ban rules to every platform room" }),
        adminLevel: Type.Integer({ minimum: 1, maximum: 100, description: "power level of platform admins in the policy-list room (they write the rules from any Matrix client)" }),
        roomsPerJob: Type.Integer({
          minimum: 1,
          maximum: 10_000,
          description:
            "how many rooms one job of applying the rules walks before it hands the rest to a next job (each job is a short transaction of its own; after a crash the walk resumes where it stood)",
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type PlatformPolicy = Static<typeof platformPolicySchema>;

export const defaultPlatformPolicy: PlatformPolicy = {
  moderation: { moderatorLevel: 50, immuneUsers: [] },
  mute: { defaultMinutes: 10, maxMinutes: 10_080 },
  flood: {
    enabled: true,
    eventsPerMinute: 20,
    action: "mute",
    muteMinutes: 10,
    notifyModerators: true,
    roomKinds: ["case", "supervision", "group", "whisper", "forum"],
    caseRoomEventsPerMinute: 60,
  },
  calls: { seekerRelayOnly: true },
  policyList: { enabled: true, adminLevel: 50, roomsPerJob: 200 },
  groups: {
    encryptedByDefault: true,
    removeParticipantsAfterSession: true,
    historyVisibility: "joined",
    timeZone: "Europe/Berlin",
    minDurationMinutes: 15,
    maxDurationMinutes: 8 * 60,
    minParticipants: 2,
    maxParticipants: 100,
    titleMaxLength: 120,
    textMaxLength: 4000,
  },
  forums: { encrypted: false, historyVisibility: "shared", reportsPerHour: 10, titleMaxLength: 120 },
  consultation: { ...defaultConsultationPolicy },
  live: { ...defaultLiveChatPolicy },
  pseudonym: { ...defaultPseudonymRule },
  media: {
    seekerMaxFileBytes: 10 * 1024 * 1024,
    seekerDailyBytes: 50 * 1024 * 1024,
    allowedTypes: ["image/jpeg", "image/png", "application/pdf"],
    attachmentRoomKinds: ["case"],
  },
  rooms: {
    case: {
      historyVisibility: "invited",
      joinRule: "invite",
      guestAccess: "forbidden",
      encryption: true,
      powerLevels: { bot: 100, staff: 50, member: 0, invite: "bot", state: "bot", kick: "bot", ban: "bot", redact: "staff", powerLevels: "bot", roomNotification: "bot" },
    },
    pool: {
      historyVisibility: "shared",
      joinRule: "invite",
      guestAccess: "forbidden",
      encryption: false,
      powerLevels: { bot: 100, staff: 50, member: 0, invite: "bot", state: "bot", kick: "bot", ban: "bot", redact: "member", powerLevels: "bot", roomNotification: "bot" },
    },
    supervision: {
      historyVisibility: "invited",
      joinRule: "invite",
      guestAccess: "forbidden",
      encryption: true,
      powerLevels: { bot: 100, staff: 50, member: 0, invite: "bot", state: "bot", kick: "bot", ban: "bot", redact: "staff", powerLevels: "bot", roomNotification: "bot" },
    },
    command_chat: {
      historyVisibility: "shared",
      joinRule: "invite",
      guestAccess: "forbidden",
      encryption: false,
      powerLevels: { bot: 100, staff: 50, member: 0, invite: "bot", state: "bot", kick: "bot", ban: "bot", redact: "member", powerLevels: "bot", roomNotification: "bot" },
    },
    group: {
      joinRule: "invite",
      guestAccess: "forbidden",
      powerLevels: { bot: 100, staff: 50, member: 0, expert: 10, invite: "bot", state: "bot", kick: "staff", ban: "staff", redact: "staff", powerLevels: "staff", roomNotification: "staff" },
    },
    forum: {
      joinRule: "invite",
      guestAccess: "forbidden",
      powerLevels: { bot: 100, staff: 50, member: 0, invite: "bot", state: "bot", kick: "staff", ban: "staff", redact: "staff", powerLevels: "staff", roomNotification: "staff" },
    },
    whisper: {
      historyVisibility: "invited",
      joinRule: "invite",
      guestAccess: "forbidden",
      encryption: true,
      powerLevels: { bot: 100, staff: 50, member: 0, invite: "bot", state: "bot", kick: "bot", ban: "bot", redact: "staff", powerLevels: "bot", roomNotification: "bot" },
    },
    policy_list: { historyVisibility: "shared", joinRule: "invite", guestAccess: "forbidden", encryption: false },
  },
};

/** Power levels of a room kind as data (see `rooms.<kind>.powerLevels`). */
export type RoomPowerLevelsPolicy = PlatformPolicy["rooms"]["case"]["powerLevels"];
/** A role of `rooms.<kind>.powerLevels` (`bot`, `staff`, `member`); its level is `powerLevels[role]`. */
export type RoomRole = RoomPowerLevelsPolicy["kick"];

type Deep<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Deep<T[K]> } : T;
/** What an operator's file may hold: any subset of the policy. */
export type PlatformPolicyOverride = Deep<PlatformPolicy>;

export type PolicyResult = { ok: true; policy: PlatformPolicy } | { ok: false; errors: string[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Deep merge: objects key by key, everything else (arrays included) replaced. */
function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? merge(base[k], v) : v;
  return out;
}

function keyPath(instancePath: string): string {
  const parts = instancePath.split("/").slice(1).map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
  return parts.length === 0 ? "(top level)" : parts.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** The allowed values of a union of literals at a value's path in the schema, if it is one. */
function literalsAt(schema: TSchema, instancePath: string): string[] | undefined {
  let node = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: { const?: unknown }[] } | undefined;
  for (const part of instancePath.split("/").slice(1)) {
    node = (/^\d+$/.test(part) ? node?.items : node?.properties?.[part]) as typeof node;
  }
  const values = node?.anyOf?.map((x) => x.const);
  return values && values.every((v) => typeof v === "string") ? (values as string[]) : undefined;
}

/** The fixed value (`const`) at a value's path in the schema. */
function constAt(schema: TSchema, instancePath: string): unknown {
  let node = schema as { properties?: Record<string, unknown>; items?: unknown; const?: unknown } | undefined;
  for (const part of instancePath.split("/").slice(1)) {
    node = (/^\d+$/.test(part) ? node?.items : node?.properties?.[part]) as typeof node;
  }
  return node?.const;
}

type ErrorLike = { keyword: string; instancePath: string; schemaPath: string; params: Record<string, unknown>; message: string };

/** One readable line per problem, each naming the key path. */
function describeErrors(schema: TSchema, value: unknown): string[] {
  const errors = [...Value.Errors(schema, value)] as unknown as ErrorLike[];
  const out = new Set<string>();
  for (const e of errors) {
    const at = keyPath(e.instancePath);
    switch (e.keyword) {
      case "boolean":
        // the additionalProperties: false of an object, reported per unknown key
        out.add(`${at}: unknown key`);
        break;
      case "additionalProperties":
        break;
      case "minimum":
        out.add(`${at}: must be ≥ ${String(e.params.limit)}`);
        break;
      case "maximum":
        out.add(`${at}: must be ≤ ${String(e.params.limit)}`);
        break;
      case "const":
      case "anyOf": {
        const allowed = literalsAt(schema, e.instancePath);
        if (allowed) out.add(`${at}: must be one of ${allowed.join(", ")}`);
        else if (e.keyword === "const") out.add(`${at}: must be ${String(e.params.allowedValue ?? constAt(schema, e.instancePath))}`);
        else out.add(`${at}: ${e.message}`);
        break;
      }
      case "pattern":
        out.add(`${at}: must be a Matrix user id (@name:server)`);
        break;
      case "required":
        out.add(`${at}: ${e.message}`);
        break;
      default:
        out.add(`${at}: ${e.message}`);
    }
  }
  return [...out];
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Validates an override (already parsed) and merges it over the defaults. Pure. */
export function resolvePlatformPolicy(override: unknown, defaults: PlatformPolicy = defaultPlatformPolicy): PolicyResult {
  if (override === undefined || override === null) return { ok: true, policy: structuredClone(defaults) };
  if (!isPlainObject(override)) return { ok: false, errors: ["(top level): must be an object (a mapping of policy sections)"] };
  const merged = merge(structuredClone(defaults), override);
  const errors = describeErrors(platformPolicySchema, merged);
  if (errors.length === 0) {
    const p = merged as PlatformPolicy;
    if (p.mute.defaultMinutes > p.mute.maxMinutes) errors.push("mute.defaultMinutes: must be ≤ mute.maxMinutes");
    if (p.groups.minDurationMinutes > p.groups.maxDurationMinutes) errors.push("groups.minDurationMinutes: must be ≤ groups.maxDurationMinutes");
    if (p.groups.minParticipants > p.groups.maxParticipants) errors.push("groups.minParticipants: must be ≤ groups.maxParticipants");
    if (!isTimeZone(p.groups.timeZone)) errors.push("groups.timeZone: must be an IANA time zone (e.g. Europe/Berlin)");
    if (p.pseudonym.minLength > p.pseudonym.maxLength) errors.push("pseudonym.minLength: must be ≤ pseudonym.maxLength");
    if (p.pseudonym.maxDigitRun > p.pseudonym.maxDigits) errors.push("pseudonym.maxDigitRun: must be ≤ pseudonym.maxDigits");
    if (p.media.seekerMaxFileBytes > p.media.seekerDailyBytes) errors.push("media.seekerMaxFileBytes: must be ≤ media.seekerDailyBytes");
    for (const [kind, t] of Object.entries(p.rooms)) {
      if (!("powerLevels" in t)) continue;
      const pl: RoomPowerLevelsPolicy & { expert?: number } = t.powerLevels;
      const at = `rooms.${kind}.powerLevels`;
      if (pl.member > pl.staff) errors.push(`${at}.member: must be ≤ ${at}.staff`);
      if (pl.staff > pl.bot) errors.push(`${at}.staff: must be ≤ ${at}.bot`);
      if (pl.expert !== undefined && (pl.expert < pl.member || pl.expert >= pl.staff)) errors.push(`${at}.expert: must be ≥ ${at}.member and < ${at}.staff`);
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, policy: merged as PlatformPolicy };
}

/** Parses the text of a policy file (YAML, of which JSON is a subset, or strict JSON for *.json). */
export function parsePolicyText(text: string, fileName = "policy.yaml"): PolicyResult {
  let parsed: unknown;
  try {
    parsed = fileName.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    return { ok: false, errors: [`(file): not valid ${fileName.endsWith(".json") ? "JSON" : "YAML"}: ${err instanceof Error ? err.message.split("\n")[0] : "parse error"}`] };
  }
  return resolvePlatformPolicy(parsed);
}

export class PolicyConfigError extends Error {
  readonly errors: string[];
  constructor(file: string, errors: string[]) {
    super(`invalid policy file ${file}:\n  ${errors.join("\n  ")}`);
    this.name = "PolicyConfigError";
    this.errors = errors;
  }
}

/**
 * The policy in force: the defaults, with the file named by LOTSE_POLICY_FILE (if set) merged
 * over them. Throws PolicyConfigError naming every bad key path; processes call this at start-up.
 */
export function loadPlatformPolicy(env: Record<string, string | undefined> = process.env): PlatformPolicy {
  const file = env.LOTSE_POLICY_FILE;
  if (!file) return structuredClone(defaultPlatformPolicy);
  let text: string;
  try {
    // node:fs fetched at call time, not imported: the web client bundles this package's index
    // (for the pseudonym rule) and must not pull in a Node built-in.
    const fs = process.getBuiltinModule("node:fs") as typeof import("node:fs");
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new PolicyConfigError(file, [`(file): cannot be read (${(err as { code?: string }).code ?? "error"})`]);
  }
  const r = parsePolicyText(text, file);
  if (!r.ok) throw new PolicyConfigError(file, r.errors);
  return r.policy;
}
