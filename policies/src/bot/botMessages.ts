// Every text the bridge writes into Matrix — command replies, refusals, help, notices, reminders,
// room names and topics, the reasons of kicks and bans — comes from one of these typed message
// catalogues (German, the default, in botMessagesDe.ts; English in botMessagesEn.ts), like the web
// client's. `BotMessages` declares one key per text; texts that depend on values are functions. Each
// catalogue is declared as `BotMessages`, so the typechecker refuses a missing or an extra key, and
// policies/test/botMessages.test.ts refuses empty texts and bridge code that writes its own.
//
// Texts are written in a small markup (bot/notice.ts): **bold**, `code`, and lines starting with
// "- " for lists. The bridge sends them as `m.notice` with a plain `body` (markers removed) and an
// HTML `formatted_body` (org.matrix.custom.html) so that Element shows lists, bold case numbers and
// code for commands.
import type { CaseStatus } from "../roomJobStateMachine.ts";
import type { ConsultationRefusal } from "../consultationCommands.ts";
import type { AppointmentOutcome } from "../consultationHours.ts";
import type { LiveMistake } from "../liveChat.ts";
import type { RecommendMistake } from "../recommendCommand.ts";

/** Why a recommendation was refused (store/src/domain/localHelp.ts RecommendError). */
export type RecommendRefusal = "not_counselor" | "unknown_case" | "not_member" | "case_closed" | "unknown_agency" | "same_agency" | "note_too_long";

/** The texts of `!empfehlen` (issue 15): recommending an agency to a case's seeker. */
export type RecommendMessages = {
  help: string;
  mistake: (m: RecommendMistake) => string;
  done: (p: { caseNumber: number; agency: string; city: string; withNote: boolean }) => string;
  refusal: (r: RecommendRefusal, caseNumber: number) => string;
};

/** What was wrong with a consultation-hours command line. */
export type ConsultationMistake =
  | { kind: "no_arguments" }
  | { kind: "which_number" }
  | { kind: "unknown_verb"; shown: string }
  | { kind: "missing" }
  | { kind: "not_a_time"; shown: string }
  | { kind: "not_minutes"; shown: string }
  | { kind: "not_a_day"; shown: string };

/** The consultation-hours texts: commands, lists, notices before and after an appointment. */
export type ConsultationMessages = {
  help: string;
  mistake: (m: ConsultationMistake) => string;
  /** Monday first (ISO weekday − 1). */
  weekdayLong: readonly string[];
  /** January first (month − 1). */
  monthLong: readonly string[];
  dateLong: (weekday: string, day: number, month: string, year: number) => string;
  dayShort: (year: string, month: number, day: number) => string;
  slotWeekly: (weekday: string, start: string, end: string) => string;
  slotOnce: (date: string, start: string, end: string) => string;
  listHead: (agencyName: string, whose: string | undefined) => string;
  listNone: string;
  blockedDays: (days: string) => string;
  removeHint: string;
  added: (slot: string) => string;
  removed: (slot: string, cancelledBookings: number) => string;
  refusal: (r: ConsultationRefusal) => string;
  failed: (detail: string) => string;
  noAppointments: (date: string) => string;
  appointmentsHead: (date: string) => string;
  appointmentLine: (p: { start: string; end: string; caseNumber: number; topic: string }) => string;
  notice: (p: { minutes: number; caseNumber: number; start: string; end: string }) => string;
  noShow: (p: { outcome: Exclude<AppointmentOutcome, "held">; at: string; caseNumber: number }) => string;
  yourAgency: string;
};

/** The live chat's texts (issue 12): live duty, the waiting queue, notices in the pool room. */
export type LiveMessages = {
  help: string;
  mistake: (m: LiveMistake) => string;
  dutyOn: (p: { until: string; bySlot: boolean; topics: readonly string[] }) => string;
  dutyOff: string;
  dutyStatus: (until: string | null) => string;
  /** A live chat waits in the pool: take it like any case. */
  queueNotice: (p: { caseNumber: number; topic: string; region: string | null; position: number }) => string;
  queueHead: (count: number) => string;
  queueEmpty: string;
  queueLine: (p: { caseNumber: number; topic: string; waitingMs: number; agency: string | null }) => string;
  /** The seeker left or the chat ended otherwise; the conversation is erased. */
  ended: (p: { caseNumber: number; reason: "seeker_left" | "idle" | "closed" }) => string;
  /** The seeker kept their access: the live chat is now an ordinary case. */
  kept: (caseNumber: number) => string;
};

export const botLanguages = ["de", "en"] as const;
export type BotLanguage = (typeof botLanguages)[number];
export const defaultBotLanguage: BotLanguage = "de";

export function isBotLanguage(value: unknown): value is BotLanguage {
  return typeof value === "string" && (botLanguages as readonly string[]).includes(value);
}

/** Why a case command was refused (the store and the policy decide; the catalogue words it). */
export type CaseRefusal =
  | { kind: "not_counselor" }
  | { kind: "no_such_case"; caseNumber: number }
  | { kind: "not_member"; caseNumber: number }
  | { kind: "take_not_pool"; caseNumber: number }
  | { kind: "already_yours"; caseNumber: number }
  | { kind: "taken_by"; caseNumber: number; by: string }
  | { kind: "assign_not_main"; caseNumber: number }
  | { kind: "assign_bad_target"; caseNumber: number }
  | { kind: "assign_same"; caseNumber: number }
  | { kind: "not_responsible"; caseNumber: number; action: "release" | "close" | "archive" | "reopen"; assignedTo: string | null }
  | { kind: "supervise_not_responsible"; caseNumber: number }
  | { kind: "supervise_bad_target"; caseNumber: number }
  | { kind: "supervise_own"; caseNumber: number }
  | { kind: "wrong_status"; caseNumber: number; action: CaseCommandName; status: CaseStatus }
  | { kind: "seeker_deleted"; caseNumber: number }
  | { kind: "concurrent"; caseNumber: number }
  | { kind: "unknown_person"; caseNumber: number; ref: string }
  | { kind: "ambiguous_person"; caseNumber: number; ref: string };

/** Why a command line could not be read. */
export type CommandMistake =
  | { kind: "unknown_command"; shown: string }
  | { kind: "case_number_missing" }
  | { kind: "not_a_case_number"; shown: string }
  | { kind: "too_many_arguments" }
  | { kind: "person_missing" }
  | { kind: "away_message_missing" }
  | { kind: "away_message_too_long"; max: number }
  | { kind: "no_arguments" }
  | { kind: "unknown_language"; shown: string };

export const caseCommandNames = ["take", "assign", "release", "close", "archive", "reopen", "supervise", "away", "back", "cases", "lang", "help"] as const;
export type CaseCommandName = (typeof caseCommandNames)[number];

export type CaseLine = { caseNumber: number; topic: string; region: string | null; answered: boolean; waitingMs: number };

export const groupCommandKinds = ["groups", "group_create", "whisper", "endwhisper", "expert"] as const;
export type GroupCommandKind = (typeof groupCommandKinds)[number];

/** Why a group command was refused: the store's error code, and what the bot knows about the line. */
export type GroupRefusal = {
  error: "invalid_input" | "forbidden" | "not_found" | "unknown_topic" | "full" | "ended" | "not_participant" | "not_open" | "unknown_person" | "conflict";
  field?: string;
  /** What the counselor typed for the group or the person. */
  ref?: string;
};

export const moderationCommandKinds = ["mute", "unmute", "kick", "ban", "unban", "redact"] as const;
export type ModerationKind = (typeof moderationCommandKinds)[number];

export type ModerationMistake =
  | { kind: "room_missing" }
  | { kind: "not_a_room"; shown: string }
  | { kind: "event_missing" }
  | { kind: "person_missing" }
  | { kind: "not_an_event"; shown: string }
  | { kind: "too_many_arguments" }
  | { kind: "not_minutes"; shown: string }
  | { kind: "too_many_minutes"; max: number };

export type BotMessages = {
  /** The language's own name, e.g. in the reply to the language command. */
  languageName: string;

  // --- case commands ---------------------------------------------------------------------------
  /** How a command is typed, in this language ("!übernehmen <Fall>"). */
  commandUsage: Readonly<Record<CaseCommandName, string>>;
  /** What a command does, in a few words. */
  commandPurpose: Readonly<Record<CaseCommandName, string>>;
  commandsIntro: string;
  /** "also !take": the other language's name of a command. */
  alsoWritten: (names: string) => string;
  mistake: (m: CommandMistake) => string;
  usageHint: (usage: string, purpose: string) => string;
  refusal: (r: CaseRefusal) => string;
  caseStatus: Readonly<Record<CaseStatus, string>>;
  took: (n: number) => string;
  assigned: (n: number, to: string) => string;
  released: (n: number) => string;
  closed: (n: number) => string;
  archived: (n: number) => string;
  reopened: (n: number, status: CaseStatus) => string;
  supervisionOpening: (n: number, supervisor: string | null) => string;
  awaySet: (openCases: number) => string;
  awayCleared: string;
  notCounselor: string;
  yourOpenCases: (count: number) => string;
  noOpenCases: string;
  waitingInPools: (count: number) => string;
  noneWaiting: string;
  caseLine: (c: CaseLine) => string;
  waitingTime: (ms: number) => string;
  languageNow: (name: string) => string;
  languageSet: (name: string) => string;

  // --- command chat ----------------------------------------------------------------------------
  commandChatHello: string;
  onlyCounselors: string;
  encryptedCommandChat: string;

  // --- notices in the pool room ----------------------------------------------------------------
  poolNotice: (p: { caseNumber: number; reason: "new" | "released"; topic: string; region: string | null; waitingMs: number; away: readonly string[] }) => string;
  reminder: (p: { caseNumber: number; hours: number; inPool: boolean; assignedName: string | null }) => string;
  structureRestored: (p: { caseNumber: number; who: string; eventType: string; restored: readonly string[]; removed: number }) => string;
  seekerDeleted: (caseNumber: number) => string;
  /** A seeker reported a forum post: which forum, why, and a link — never the post's content. */
  forumReport: (p: { forum: string; reason: "spam" | "insult" | "danger" | "personal_data" | "other"; link: string; roomId: string; eventId: string }) => string;

  // --- rooms -----------------------------------------------------------------------------------
  poolRoomName: (agencyName: string) => string;
  poolRoomTopic: string;
  commandChatName: string;
  policyListName: string;
  policyListTopic: string;
  /** "Fall 12 · Schulden": never the seeker's pseudonym. */
  caseRoomName: (caseNumber: number, topic: string) => string;
  /** The case's state in words for the room's topic line. */
  caseRoomTopic: (p: { status: CaseStatus; waitingSince: Date; counselor: string | null; timeZone: string }) => string;
  supervisionRoomName: (caseNumber: number) => string;
  /** "Austausch · Schulden": a topic's forum room. */
  forumRoomName: (topic: string) => string;
  forumRoomTopic: string;
  supervisionRoomTopic: (caseNumber: number) => string;

  // --- group commands ---------------------------------------------------------------------------
  groupUsage: Readonly<Record<GroupCommandKind, string>>;
  groupPurpose: Readonly<Record<GroupCommandKind, string>>;
  groupsIntro: string;
  groupBadTime: (shown: string) => string;
  groupBadRepeat: (shown: string) => string;
  groupRefusal: (r: GroupRefusal) => string;
  yourGroups: (count: number) => string;
  noGroups: string;
  groupLine: (g: { ref: string; title: string; running: boolean; when: string; weekly: boolean; free: number; max: number }) => string;
  groupCreated: (g: { ref: string; title: string; weekly: boolean; when: string; minutes: number; max: number }) => string;
  whisperClosed: (pseudonym: string) => string;
  whisperOpening: (pseudonym: string) => string;
  whisperExists: (pseudonym: string) => string;
  expertNow: (who: string) => string;
  expertLater: (who: string, when: string) => string;
  /** "Di 08.12.2026 18:00": a time the bot names, in the group policy's time zone. */
  weekdayShort: readonly string[];

  // --- moderation --------------------------------------------------------------------------------
  moderationIntro: string;
  moderationUsage: Readonly<Record<ModerationKind, string>>;
  moderationPurpose: Readonly<Record<ModerationKind, string>>;
  moderationMistake: (m: ModerationMistake) => string;
  modNoRoom: (room: string) => string;
  modNotModerated: (room: string) => string;
  modNotModerator: (room: string) => string;
  modNobody: (name: string) => string;
  modImmune: (target: string, kind: "mute" | "kick" | "ban") => string;
  modMuted: (p: { target: string; room: string; minutes: number; until: string }) => string;
  modUnmuted: (target: string, room: string) => string;
  modNotMuted: (target: string, room: string) => string;
  modKicked: (target: string, room: string) => string;
  modBanned: (target: string, room: string) => string;
  modUnbanned: (target: string, room: string) => string;
  modRedacted: string;
  modFailed: (code: string) => string;
  floodNotice: (p: { who: string; perMinute: number; caseNumber: number | null; roomId: string; action: "muted" | "removed" | "notify"; minutes?: number; until?: string }) => string;

  // --- consultation hours ------------------------------------------------------------------------
  consultation: ConsultationMessages;

  // --- live chat without registration ------------------------------------------------------------
  live: LiveMessages;

  // --- local help: recommending an agency ---------------------------------------------------------
  recommend: RecommendMessages;

  // --- reasons of kicks (shown in every client's timeline) --------------------------------------
  reasonNotInCase: string;
  reasonCaseNowWith: (caseNumber: number, counselor: string) => string;
  reasonCaseChanged: (caseNumber: number) => string;
  reasonNoLongerCounselor: string;
  reasonNoLongerForumStaff: string;
  reasonRemovedByModerator: string;
  reasonBannedByModerator: string;
  reasonBanLifted: string;
  reasonPolicyNoLonger: string;
  reasonFlood: string;
  reasonNoLongerPlatformAdmin: string;
  reasonWhisperEnded: string;
  reasonExpertSessionEnded: string;
  reasonGroupSessionEnded: string;
  reasonSeekerOnlyCaseRooms: string;
  reasonSeekerNoInvites: string;
};
