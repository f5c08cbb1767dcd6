// The bot's message catalogues: complete in every language, no empty texts, German by default,
// and the markup becomes a plain body and a safe HTML formatted_body.
import { describe, expect, it } from "vitest";
import { botCatalogues, botMessages, markupHtml, noticeContent, plainText } from "../src/bot/notice.ts";
import { botLanguages, type CaseRefusal, type CommandMistake } from "../src/bot/botMessages.ts";

/** Every leaf text of a catalogue, functions called with sample values. */
function leaves(obj: unknown, path = ""): [string, string][] {
  if (typeof obj === "string") return [[path, obj]];
  if (typeof obj === "function") return [];
  if (obj && typeof obj === "object") return Object.entries(obj).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [];
}

function keysOf(obj: unknown, path = ""): string[] {
  if (obj && typeof obj === "object") return Object.entries(obj).flatMap(([k, v]) => [`${path}${k}`, ...keysOf(v, `${path}${k}.`)]);
  return [];
}

const refusals: CaseRefusal[] = [
  { kind: "not_counselor" },
  { kind: "no_such_case", caseNumber: 4 },
  { kind: "not_member", caseNumber: 4 },
  { kind: "take_not_pool", caseNumber: 4 },
  { kind: "already_yours", caseNumber: 4 },
  { kind: "taken_by", caseNumber: 4, by: "Anna" },
  { kind: "assign_not_main", caseNumber: 4 },
  { kind: "assign_bad_target", caseNumber: 4 },
  { kind: "assign_same", caseNumber: 4 },
  { kind: "not_responsible", caseNumber: 4, action: "close", assignedTo: "Anna" },
  { kind: "not_responsible", caseNumber: 4, action: "reopen", assignedTo: null },
  { kind: "supervise_not_responsible", caseNumber: 4 },
  { kind: "supervise_bad_target", caseNumber: 4 },
  { kind: "supervise_own", caseNumber: 4 },
  { kind: "wrong_status", caseNumber: 4, action: "archive", status: "in_progress" },
  { kind: "seeker_deleted", caseNumber: 4 },
  { kind: "concurrent", caseNumber: 4 },
  { kind: "unknown_person", caseNumber: 4, ref: "Bea" },
  { kind: "ambiguous_person", caseNumber: 4, ref: "Bea" },
];
const mistakes: CommandMistake[] = [
  { kind: "unknown_command", shown: "x" },
  { kind: "case_number_missing" },
  { kind: "not_a_case_number", shown: "y" },
  { kind: "too_many_arguments" },
  { kind: "person_missing" },
  { kind: "away_message_missing" },
  { kind: "away_message_too_long", max: 5 },
  { kind: "no_arguments" },
  { kind: "unknown_language", shown: "fr" },
];

describe("bot message catalogues", () => {
  it("have the same keys in every language and no empty text", () => {
    const de = keysOf(botCatalogues.de).sort();
    for (const lang of botLanguages) {
      expect(keysOf(botCatalogues[lang]).sort(), lang).toEqual(de);
      for (const [path, text] of leaves(botCatalogues[lang])) expect(text.trim().length, `${lang} ${path}`).toBeGreaterThan(0);
    }
  });
  it("word every refusal and mistake in every language, differently per language", () => {
    for (const r of refusals) {
      const de = botCatalogues.de.refusal(r);
      const en = botCatalogues.en.refusal(r);
      expect(de.length).toBeGreaterThan(10);
      expect(en.length).toBeGreaterThan(10);
      expect(de).not.toBe(en);
    }
    for (const m of mistakes) expect(botCatalogues.de.mistake(m)).not.toBe(botCatalogues.en.mistake(m));
  });
  it("speak German unless English is chosen", () => {
    expect(botMessages(undefined)).toBe(botCatalogues.de);
    expect(botMessages("fr")).toBe(botCatalogues.de);
    expect(botMessages("en")).toBe(botCatalogues.en);
  });
  it("never put the English words of the old bot into the German catalogue", () => {
    const german = leaves(botCatalogues.de).map(([, t]) => t).join("\n") + botCatalogues.de.took(1) + botCatalogues.de.poolNotice({ caseNumber: 3, reason: "new", topic: "Schulden", region: "50", waitingMs: 0, away: [] });
    for (const english of ["Case #", "New case", "Type !help", "counselor", "Only "]) expect(german).not.toContain(english);
  });
});

describe("notice markup", () => {
  it("gives Element bold case numbers, code for commands and lists, and other clients a readable body", () => {
    const markup = "**Ihre offenen Fälle (2):**\n- **Fall 3** · Schulden\n- **Fall 4** · <b>x</b> & co\nMit `!hilfe` mehr.";
    expect(plainText(markup)).toBe("Ihre offenen Fälle (2):\n- Fall 3 · Schulden\n- Fall 4 · <b>x</b> & co\nMit !hilfe mehr.");
    expect(markupHtml(markup)).toBe(
      "<strong>Ihre offenen Fälle (2):</strong><ul><li><strong>Fall 3</strong> · Schulden</li><li><strong>Fall 4</strong> · &lt;b&gt;x&lt;/b&gt; &amp; co</li></ul>Mit <code>!hilfe</code> mehr.",
    );
    expect(noticeContent("a\nb")).toEqual({ msgtype: "m.notice", body: "a\nb", format: "org.matrix.custom.html", formatted_body: "a<br>b" });
  });
});
