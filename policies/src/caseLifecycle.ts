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

export type CaseDecision =
  | { ok: true; from: CaseStatus; to: CaseStatus }
  | { ok: false; error: CaseDecisionError; message: string };

export type CaseSnapshot = {
  caseNumber: number;
  status: CaseStatus;
  /** Display name (or id) of the assigned counselor; null when unassigned. */
  assignedTo: string | null;
};

const statusLabel: Record<CaseStatus, string> = {
  new: "new (waiting in the pool)",
  in_progress: "in progress",
  closed: "closed",
  archived: "archived",
};

export function describeCaseStatus(status: CaseStatus): string {
  return statusLabel[status];
}

function isPool(roles: readonly AgencyRole[]): boolean {
  return roles.some((r) => poolRoles.includes(r));
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
  const n = `#${kase.caseNumber}`;
  if (actor.roles.length === 0) {
    return { ok: false, error: "not_member", message: `You are not a member of the agency of case ${n}.` };
  }
  const main = actor.roles.includes("main_counselor");
  const responsible = actor.isAssigned || main;

  switch (action) {
    case "take":
      if (!isPool(actor.roles)) return forbidden(`Only counselors of the agency can take case ${n}.`);
      if (kase.status === "new" && kase.assignedTo === null) return ok(kase.status, "in_progress");
      if (kase.assignedTo !== null && kase.status === "in_progress") {
        return {
          ok: false,
          error: "already_taken",
          message: actor.isAssigned ? `You already have case ${n}.` : `Case ${n} is already taken by ${kase.assignedTo}.`,
        };
      }
      return wrongStatus(action, kase);
    case "assign": {
      if (!main) return forbidden(`Only main counselors can assign cases.`);
      if (!target || !isPool(target.roles)) {
        return { ok: false, error: "bad_target", message: `Case ${n} can only be assigned to a counselor of its agency.` };
      }
      if (target.isAssigned) return { ok: false, error: "bad_target", message: `Case ${n} is already assigned to that counselor.` };
      break;
    }
    case "release":
    case "close":
    case "archive":
    case "reopen":
      if (!responsible) {
        return forbidden(
          kase.assignedTo
            ? `Only ${kase.assignedTo} (assigned) or a main counselor can ${action} case ${n}.`
            : `Only a main counselor can ${action} case ${n}.`,
        );
      }
      break;
    case "supervise":
      if (!responsible) return forbidden(`Only the assigned counselor or a main counselor can ask for supervision of case ${n}.`);
      if (!target || !target.roles.includes("supervisor")) {
        return { ok: false, error: "bad_target", message: `That person is not a supervisor of the agency of case ${n}.` };
      }
      if (target.isAssigned) return { ok: false, error: "bad_target", message: `The assigned counselor cannot supervise their own case.` };
      break;
  }
  const to = nextCaseStatus(action, kase.status);
  return to === undefined ? wrongStatus(action, kase) : ok(kase.status, to);
}

function ok(from: CaseStatus, to: CaseStatus): CaseDecision {
  return { ok: true, from, to };
}

function forbidden(message: string): CaseDecision {
  return { ok: false, error: "forbidden", message };
}

function wrongStatus(action: CaseAction, kase: CaseSnapshot): CaseDecision {
  return {
    ok: false,
    error: "wrong_status",
    message: `Case #${kase.caseNumber} is ${describeCaseStatus(kase.status)}; "${action}" is not possible now.`,
  };
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
  | { kind: "help" };

export type CommandParse = { ok: true; command: CaseCommand } | { ok: false; reply: string };

type CommandSpec = { usage: string; help: string };

export const commandSpecs: Readonly<Record<CaseCommand["kind"], CommandSpec>> = {
  take: { usage: "!take <case>", help: "take a waiting case from the pool" },
  assign: { usage: "!assign <case> <counselor>", help: "hand a case to a counselor (main counselors)" },
  release: { usage: "!release <case>", help: "give your case back to the pool" },
  close: { usage: "!close <case>", help: "close a case you are working on" },
  archive: { usage: "!archive <case>", help: "archive a closed case" },
  reopen: { usage: "!reopen <case>", help: "reopen a closed or archived case" },
  supervise: { usage: "!supervise <case> <supervisor>", help: "open a supervision room for a case with a supervisor" },
  away: { usage: "!away <message>", help: "set an absence message the seekers of your cases see" },
  back: { usage: "!back", help: "clear your absence message" },
  cases: { usage: "!cases", help: "list your open cases and waiting cases of your agencies" },
  help: { usage: "!help", help: "this list" },
};

export const MAX_AWAY_MESSAGE_LENGTH = 500;

export function commandHelp(): string {
  const lines = Object.values(commandSpecs).map((s) => `${s.usage} — ${s.help}`);
  return ["Commands (<case> is the case number from the pool notice, e.g. 42 or #42):", ...lines].join("\n");
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

function usage(kind: CaseCommand["kind"], why: string): CommandParse {
  return { ok: false, reply: `${why} Usage: ${commandSpecs[kind].usage} — ${commandSpecs[kind].help}.` };
}

/**
 * Parses a message body. Undefined when it is not a command at all; otherwise the command or a
 * helpful reply (unknown command, missing or malformed arguments).
 */
export function parseCommand(body: string): CommandParse | undefined {
  if (!looksLikeCommand(body)) return undefined;
  const text = body.trim().slice(1);
  const [rawName = "", ...args] = text.split(/\s+/u).filter((p) => p.length > 0);
  const name = rawName.toLowerCase();
  const kind = (Object.keys(commandSpecs) as CaseCommand["kind"][]).find((k) => k === name);
  if (!kind) {
    const shown = rawName.length > 30 ? `${rawName.slice(0, 30)}…` : rawName;
    return { ok: false, reply: `Unknown command "!${shown}". Type !help for the list of commands.` };
  }
  switch (kind) {
    case "take":
    case "release":
    case "close":
    case "archive":
    case "reopen": {
      if (args.length === 0) return usage(kind, "The case number is missing.");
      const caseNumber = caseNumberOf(args[0]);
      if (caseNumber === undefined) return usage(kind, `"${args[0]!.slice(0, 20)}" is not a case number.`);
      if (args.length > 1) return usage(kind, "Too many arguments.");
      return { ok: true, command: { kind, caseNumber } };
    }
    case "assign":
    case "supervise": {
      if (args.length < 2) return usage(kind, args.length === 0 ? "The case number is missing." : "Whom? The person is missing.");
      const caseNumber = caseNumberOf(args[0]);
      if (caseNumber === undefined) return usage(kind, `"${args[0]!.slice(0, 20)}" is not a case number.`);
      const person = args.slice(1).join(" ");
      return kind === "assign"
        ? { ok: true, command: { kind, caseNumber, counselor: person } }
        : { ok: true, command: { kind, caseNumber, supervisor: person } };
    }
    case "away": {
      const message = text.slice(rawName.length).trim();
      if (message.length === 0) return usage(kind, "The absence message is missing.");
      if (message.length > MAX_AWAY_MESSAGE_LENGTH) {
        return usage(kind, `The absence message is too long (at most ${MAX_AWAY_MESSAGE_LENGTH} characters).`);
      }
      return { ok: true, command: { kind, message } };
    }
    case "back":
    case "cases":
    case "help":
      if (args.length > 0) return usage(kind, "This command takes no arguments.");
      return { ok: true, command: { kind } };
  }
}

/** Postcode region shown in pool notices: the first two digits, never more. */
export function postcodeRegion(postcode: string | null | undefined): string | null {
  return postcode && /^\d{2}/.test(postcode) ? postcode.slice(0, 2) : null;
}

/** "3 min", "5 h 10 min", "2 d 4 h": how long a seeker has been waiting. */
export function formatWaitingTime(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
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
