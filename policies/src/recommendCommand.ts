// The bot command by which a counselor recommends an agency to the seeker of a case (issue 15,
// "on to local help"), typed in the pool room or the command chat (case rooms are end-to-end
// encrypted; the bot never reads them):
//   !empfehlen <Fall> <Stelle> [Notiz]     (!recommend <case> <agency> [note])
// <Stelle> is the agency's short-link name (its slug, as in /a/<slug>) or its id. The note is
// the rest of the line, at most RECOMMEND_NOTE_MAX characters; it is shown to the seeker on the
// case page with the agency's details. Parsing here; the bridge runs it (localHelp/RecommendCommand.ts)
// through the same store operation as the staff API.
import type { BotMessages } from "./bot/botMessages.ts";

/** Same limit as the store's column (store/src/schema/localHelp.ts). */
export const RECOMMEND_NOTE_MAX = 280;

export type RecommendCommand = { kind: "recommend"; caseNumber: number; agency: string; note: string };

export type RecommendMistake =
  | { kind: "missing" }
  | { kind: "not_a_case_number"; shown: string }
  | { kind: "note_too_long"; max: number; length: number };

export type RecommendParse = { ok: true; command: RecommendCommand } | { ok: false; mistake: RecommendMistake };

const NAMES = new Set(["empfehlen", "recommend"]);

export function isRecommendCommand(body: string): boolean {
  const name = /^\s*!(\S+)/u.exec(body)?.[1]?.toLowerCase();
  return name !== undefined && NAMES.has(name);
}

/** Parses the command; undefined for any other message. */
export function parseRecommendCommand(body: string): RecommendParse | undefined {
  if (!isRecommendCommand(body)) return undefined;
  const m = /^\s*!\S+(?:\s+(\S+))?(?:\s+(\S+))?(?:\s+([\s\S]*))?$/u.exec(body);
  const [rawCase, agency, rest] = [m?.[1], m?.[2], m?.[3]];
  if (rawCase === undefined || agency === undefined) return { ok: false, mistake: { kind: "missing" } };
  const n = /^#?(\d{1,9})$/u.exec(rawCase);
  if (n === null || Number(n[1]) < 1) return { ok: false, mistake: { kind: "not_a_case_number", shown: rawCase.slice(0, 20) } };
  const note = (rest ?? "").trim().replace(/\s+/gu, " ");
  const length = [...note].length;
  if (length > RECOMMEND_NOTE_MAX) return { ok: false, mistake: { kind: "note_too_long", max: RECOMMEND_NOTE_MAX, length } };
  return { ok: true, command: { kind: "recommend", caseNumber: Number(n[1]), agency: agency.slice(0, 64), note } };
}

export function recommendCommandHelp(msgs: BotMessages): string {
  return msgs.recommend.help;
}
