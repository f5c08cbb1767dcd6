// The life of a counseling case and who may move it. Pure: the bridge (commands typed in any
// Matrix client) and the API (staff routes) both decide with these functions; the SQL only stores
// the outcome and makes the decision race-free (conditional UPDATE on the expected status).
//
//   new ──take / assign──▶ in_progress ──close──▶ closed ──archive──▶ archived
//    ▲                        │  ▲                   │                   │
//    └────────release─────────┘  └──────reopen───────┴───────reopen──────┘
//
// `assign` also moves an in_progress case to another counselor; `supervise` changes no status.
import type { CaseStatus } from "./roomJobStateMachine.ts";
import { type AgencyRole, poolRoles } from "./roles.ts";
import { type BotLanguage, type BotMessages, type CaseCommandName, caseCommandNames, type CaseRefusal, type CommandMistake } from "./bot/botMessages.ts";
import { botMessagesEn } from "./bot/botMessagesEn.ts";
import { botMessages, plainText } from "./bot/notice.ts";

export const caseActions = ["take", "assign", "release", "close", "archive", "reopen", "supervise"] as const;
export type CaseAction = (typeof caseActions)[number];

/** Status after `action` from `from`, or undefined when the action does not apply there. */
export function nextCaseStatus(action: CaseAction, from: CaseStatus): CaseStatus | undefined {
  switch (action) {
    case "take":
      return from === "new" ? "in_progress" : undefined;
    case "assign":
      return from === "new" || from === "in_progress" ? "in_progress" : undefined;
    case "release":
      return from === "in_progress" ? "new" : undefined;
    case "close":
      return from === "in_progress" ? "closed" : undefined;
    case "archive":
      return from === "closed" ? "archived" : undefined;
    case "reopen":
      return from === "closed" || from === "archived" ? "in_progress" : undefined;
    case "supervise":
      return from === "in_progress" ? "in_progress" : undefined;
  }
}

/** What the actor is, relative to the case's agency and the case. */
export type CaseActor = {
  /** The actor's roles in the case's agency (empty: not a member). */
  roles: readonly AgencyRole[];
  /** The actor is the case's assigned counselor. */
  isAssigned: boolean;
};

export type CaseDecisionError = "not_member" | "forbidden" | "wrong_status" | "already_taken" | "bad_target";

/**
 * A refusal carries its reason as data (`refusal`, worded by the bot's catalogue in the
 * counselor's language) and in English (`message`, for the staff API's error body).
 */
export type CaseDecision =
  | { ok: true; from: CaseStatus; to: CaseStatus }
  | { ok: false; error: CaseDecisionError; refusal: CaseRefusal; message: string };

export type CaseSnapshot = {
  caseNumber: number;
  status: CaseStatus;
  /** Display name (or id) of the assigned counselor; null when unassigned. */
  assignedTo: string | null;
};

export function describeCaseStatus(status: CaseStatus, lang: BotLanguage = "en"): string {
  return botMessages(lang).caseStatus[status];
}

function isPool(roles: readonly AgencyRole[]): boolean {
  return roles.some((r) => poolRoles.includes(r));
}

function refuse(error: CaseDecisionError, refusal: CaseRefusal): CaseDecision {
  return { ok: false, error, refusal, message: plainText(botMessagesEn.refusal(refusal)) };
}

/**
 * May `actor` do `action` on the case, and where does it lead? `target` is the roles of the
 * counselor an `assign` hands the case to, or of the supervisor `supervise` adds.
 */
export function decideCaseAction(
  action: CaseAction,
  kase: CaseSnapshot,
  actor: CaseActor,
  target?: { roles: readonly AgencyRole[]; isAssigned: boolean },
): CaseDecision {
  const caseNumber = kase.caseNumber;
  if (actor.roles.length === 0) return refuse("not_member", { kind: "not_member", caseNumber });
  const main = actor.roles.includes("main_counselor");
  const responsible = actor.isAssigned || main;

  switch (action) {
    case "take":
      if (!isPool(actor.roles)) return refuse("forbidden", { kind: "take_not_pool", caseNumber });
      if (kase.status === "new" && kase.assignedTo === null) return ok(kase.status, "in_progress");
      if (kase.assignedTo !== null && kase.status === "in_progress") {
        return refuse("already_taken", actor.isAssigned ? { kind: "already_yours", caseNumber } : { kind: "taken_by", caseNumber, by: kase.assignedTo });
      }
      return wrongStatus(action, kase);
    case "assign": {
      if (!main) return refuse("forbidden", { kind: "assign_not_main", caseNumber });
      if (!target || !isPool(target.roles)) return refuse("bad_target", { kind: "assign_bad_target", caseNumber });
      if (target.isAssigned) return refuse("bad_target", { kind: "assign_same", caseNumber });
      break;
    }
    case "release":
    case "close":
    case "archive":
    case "reopen":
      if (!responsible) return refuse("forbidden", { kind: "not_responsible", caseNumber, action, assignedTo: kase.assignedTo });
      break;
    case "supervise":
      if (!responsible) return refuse("forbidden", { kind: "supervise_not_responsible", caseNumber });
      if (!target || !target.roles.includes("supervisor")) return refuse("bad_target", { kind: "supervise_bad_target", caseNumber });
      if (target.isAssigned) return refuse("bad_target", { kind: "supervise_own", caseNumber });
      break;
  }
  const to = nextCaseStatus(action, kase.status);
  return to === undefined ? wrongStatus(action, kase) : ok(kase.status, to);
}

function ok(from: CaseStatus, to: CaseStatus): CaseDecision {
  return { ok: true, from, to };
}

function wrongStatus(action: CaseAction, kase: CaseSnapshot): CaseDecision {
  return refuse("wrong_status", { kind: "wrong_status", caseNumber: kase.caseNumber, action, status: kase.status });
}

// ---------------------------------------------------------------------------------------------
// Commands typed in the pool room or a direct chat with the bot.

export type CaseCommand =
  | { kind: "take"; caseNumber: number }
  | { kind: "assign"; caseNumber: number; counselor: string }
  | { kind: "release"; caseNumber: number }
  | { kind: "close"; caseNumber: number }
  | { kind: "archive"; caseNumber: number }
  | { kind: "reopen"; caseNumber: number }
  | { kind: "supervise"; caseNumber: number; supervisor: string }
  | { kind: "away"; message: string }
  | { kind: "back" }
  | { kind: "cases" }
  | { kind: "lang"; language?: BotLanguage }
  | { kind: "help" };

/** A command, or what was wrong with the line (and which command's usage to show with it). */
export type CommandParse = { ok: true; command: CaseCommand } | { ok: false; mistake: CommandMistake; usage?: CaseCommandName };

/**
 * The names a command answers to, whatever the counselor's language: the English one, the German
 * one (these two first) and other spellings (without umlauts). The catalogue's `commandUsage` shows the name of its language.
 */
export const commandAliases: Readonly<Record<CaseCommandName, readonly string[]>> = {
  take: ["take", "übernehmen", "uebernehmen"],
  assign: ["assign", "zuweisen"],
  release: ["release", "freigeben"],
  close: ["close", "abschließen", "abschliessen"],
  archive: ["archive", "archivieren"],
  reopen: ["reopen", "öffnen", "oeffnen"],
  supervise: ["supervise", "supervision"],
  away: ["away", "abwesend"],
  back: ["back", "zurück", "zurueck"],
  cases: ["cases", "fälle", "faelle"],
  lang: ["lang", "sprache", "language"],
  help: ["help", "hilfe"],
};

const commandByName: ReadonlyMap<string, CaseCommandName> = new Map(
  caseCommandNames.flatMap((kind) => commandAliases[kind].map((name) => [name, kind] as const)),
);

export const MAX_AWAY_MESSAGE_LENGTH = 500;

/** The case commands' help in a language: each command's name there, its other names, what it does. */
export function commandHelp(msgs: BotMessages): string {
  const lines = caseCommandNames.map((kind) => {
    const usage = msgs.commandUsage[kind];
    const own = /^!(\S+)/u.exec(usage)?.[1];
    // The first two names are the English and the German one; the rest are other spellings.
    const also = commandAliases[kind].slice(0, 2).filter((n) => n !== own).map((n) => `!${n}`);
    return `- \`${usage}\` – ${msgs.commandPurpose[kind]}${also.length ? ` (${msgs.alsoWritten(also.join(", "))})` : ""}`;
  });
  return [msgs.commandsIntro, ...lines].join("\n");
}

/** A refused parse in words: the mistake, and how the command is used. */
export function commandMistakeReply(msgs: BotMessages, parse: Extract<CommandParse, { ok: false }>): string {
  const why = msgs.mistake(parse.mistake);
  return parse.usage ? `${why} ${msgs.usageHint(msgs.commandUsage[parse.usage], msgs.commandPurpose[parse.usage])}` : why;
}

/** Is this message meant for the bot? (starts with "!"; anything else is conversation.) */
export function looksLikeCommand(body: string): boolean {
  return /^\s*!/.test(body);
}

function caseNumberOf(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^#?(\d{1,9})$/.exec(raw);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 0 ? n : undefined;
}

function wrong(usage: CaseCommandName, mistake: CommandMistake): CommandParse {
  return { ok: false, mistake, usage };
}

/**
 * Parses a message body. Undefined when it is not a command at all; otherwise the command or what
 * was wrong (unknown command, missing or malformed arguments).
 */
export function parseCommand(body: string): CommandParse | undefined {
  if (!looksLikeCommand(body)) return undefined;
  const text = body.trim().slice(1);
  const [rawName = "", ...args] = text.split(/\s+/u).filter((p) => p.length > 0);
  const kind = commandByName.get(rawName.toLowerCase());
  if (!kind) {
    const shown = rawName.length > 30 ? `${rawName.slice(0, 30)}…` : rawName;
    return { ok: false, mistake: { kind: "unknown_command", shown } };
  }
  switch (kind) {
    case "take":
    case "release":
    case "close":
    case "archive":
    case "reopen": {
      if (args.length === 0) return wrong(kind, { kind: "case_number_missing" });
      const caseNumber = caseNumberOf(args[0]);
      if (caseNumber === undefined) return wrong(kind, { kind: "not_a_case_number", shown: args[0]!.slice(0, 20) });
      if (args.length > 1) return wrong(kind, { kind: "too_many_arguments" });
      return { ok: true, command: { kind, caseNumber } };
    }
    case "assign":
    case "supervise": {
      if (args.length < 2) return wrong(kind, args.length === 0 ? { kind: "case_number_missing" } : { kind: "person_missing" });
      const caseNumber = caseNumberOf(args[0]);
      if (caseNumber === undefined) return wrong(kind, { kind: "not_a_case_number", shown: args[0]!.slice(0, 20) });
      const person = args.slice(1).join(" ");
      return kind === "assign"
        ? { ok: true, command: { kind, caseNumber, counselor: person } }
        : { ok: true, command: { kind, caseNumber, supervisor: person } };
    }
    case "away": {
      const message = text.slice(rawName.length).trim();
      if (message.length === 0) return wrong(kind, { kind: "away_message_missing" });
      if (message.length > MAX_AWAY_MESSAGE_LENGTH) return wrong(kind, { kind: "away_message_too_long", max: MAX_AWAY_MESSAGE_LENGTH });
      return { ok: true, command: { kind, message } };
    }
    case "lang": {
      if (args.length > 1) return wrong(kind, { kind: "too_many_arguments" });
      if (args.length === 0) return { ok: true, command: { kind } };
      const language = languageWord(args[0]!);
      if (!language) return wrong(kind, { kind: "unknown_language", shown: args[0]!.slice(0, 20) });
      return { ok: true, command: { kind, language } };
    }
    case "back":
    case "cases":
    case "help":
      if (args.length > 0) return wrong(kind, { kind: "no_arguments" });
      return { ok: true, command: { kind } };
  }
}

const LANGUAGE_WORDS: Readonly<Record<string, BotLanguage>> = { de: "de", deutsch: "de", german: "de", en: "en", englisch: "en", english: "en" };

function languageWord(raw: string): BotLanguage | undefined {
  return LANGUAGE_WORDS[raw.toLowerCase()];
}

/** Postcode region shown in pool notices: the first two digits, never more. */
export function postcodeRegion(postcode: string | null | undefined): string | null {
  return postcode && /^\d{2}/.test(postcode) ? postcode.slice(0, 2) : null;
}

/** Response-time reminders: thresholds (hours) a case has passed without an answer and not yet been reminded of. */
export function dueReminders(
  waitingSince: Date,
  now: Date,
  thresholdsHours: readonly number[],
  alreadySent: readonly number[],
): number[] {
  const waitedH = (now.getTime() - waitingSince.getTime()) / 3_600_000;
  return [...thresholdsHours].sort((a, b) => a - b).filter((h) => waitedH >= h && !alreadySent.includes(h));
}
