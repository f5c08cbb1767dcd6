import { describe, expect, it } from "vitest";
import {
  caseActions,
  commandAliases,
  commandHelp,
  commandMistakeReply,
  decideCaseAction,
  dueReminders,
  nextCaseStatus,
  parseCommand,
  postcodeRegion,
  type CaseSnapshot,
} from "../src/caseLifecycle.ts";
import { botMessagesDe } from "../src/bot/botMessagesDe.ts";
import { botMessagesEn } from "../src/bot/botMessagesEn.ts";
import { caseCommandNames } from "../src/bot/botMessages.ts";

const counselor = { roles: ["counselor"] as const, isAssigned: false };
const main = { roles: ["main_counselor"] as const, isAssigned: false };
const assigned = { roles: ["counselor"] as const, isAssigned: true };
const stranger = { roles: [] as const, isAssigned: false };
const snap = (status: CaseSnapshot["status"], assignedTo: string | null = null): CaseSnapshot => ({ caseNumber: 7, status, assignedTo });

describe("case states", () => {
  it("follows new → in_progress → closed → archived with release and reopen", () => {
    expect(nextCaseStatus("take", "new")).toBe("in_progress");
    expect(nextCaseStatus("close", "in_progress")).toBe("closed");
    expect(nextCaseStatus("archive", "closed")).toBe("archived");
    expect(nextCaseStatus("reopen", "archived")).toBe("in_progress");
    expect(nextCaseStatus("reopen", "closed")).toBe("in_progress");
    expect(nextCaseStatus("release", "in_progress")).toBe("new");
  });
  it("refuses transitions that skip a state", () => {
    expect(nextCaseStatus("archive", "in_progress")).toBeUndefined();
    expect(nextCaseStatus("close", "new")).toBeUndefined();
    expect(nextCaseStatus("take", "closed")).toBeUndefined();
    expect(nextCaseStatus("reopen", "new")).toBeUndefined();
    expect(nextCaseStatus("supervise", "new")).toBeUndefined();
  });
});

describe("who may do what", () => {
  it("lets any pool counselor take a waiting case", () => {
    expect(decideCaseAction("take", snap("new"), counselor)).toEqual({ ok: true, from: "new", to: "in_progress" });
    expect(decideCaseAction("take", snap("new"), main).ok).toBe(true);
  });
  it("names who has a case that is already taken", () => {
    const d = decideCaseAction("take", snap("in_progress", "Anna"), counselor);
    expect(d).toMatchObject({ ok: false, error: "already_taken" });
    expect(!d.ok && d.message).toContain("Anna");
  });
  it("refuses non-members and non-pool roles", () => {
    expect(decideCaseAction("take", snap("new"), stranger)).toMatchObject({ ok: false, error: "not_member" });
    expect(decideCaseAction("take", snap("new"), { roles: ["supervisor"], isAssigned: false })).toMatchObject({ ok: false, error: "forbidden" });
  });
  it("lets only main counselors assign, and only to pool counselors", () => {
    const target = { roles: ["counselor"] as const, isAssigned: false };
    expect(decideCaseAction("assign", snap("new"), counselor, target)).toMatchObject({ ok: false, error: "forbidden" });
    expect(decideCaseAction("assign", snap("new"), main, target)).toMatchObject({ ok: true, to: "in_progress" });
    expect(decideCaseAction("assign", snap("in_progress", "Anna"), main, target)).toMatchObject({ ok: true, to: "in_progress" });
    expect(decideCaseAction("assign", snap("new"), main, { roles: ["supervisor"], isAssigned: false })).toMatchObject({ ok: false, error: "bad_target" });
    expect(decideCaseAction("assign", snap("closed", "Anna"), main, target)).toMatchObject({ ok: false, error: "wrong_status" });
  });
  it("lets the assigned counselor or a main counselor release, close, archive, reopen", () => {
    expect(decideCaseAction("close", snap("in_progress", "Anna"), assigned)).toMatchObject({ ok: true, to: "closed" });
    expect(decideCaseAction("close", snap("in_progress", "Anna"), main)).toMatchObject({ ok: true, to: "closed" });
    const other = decideCaseAction("close", snap("in_progress", "Anna"), counselor);
    expect(other).toMatchObject({ ok: false, error: "forbidden" });
    expect(!other.ok && other.message).toContain("Anna");
    expect(decideCaseAction("archive", snap("closed", "Anna"), assigned)).toMatchObject({ ok: true, to: "archived" });
    expect(decideCaseAction("reopen", snap("archived", "Anna"), assigned)).toMatchObject({ ok: true, to: "in_progress" });
    expect(decideCaseAction("release", snap("in_progress", "Anna"), assigned)).toMatchObject({ ok: true, to: "new" });
    expect(decideCaseAction("archive", snap("in_progress", "Anna"), assigned)).toMatchObject({ ok: false, error: "wrong_status" });
  });
  it("adds only supervisors of the agency to a supervision", () => {
    const sup = { roles: ["supervisor"] as const, isAssigned: false };
    expect(decideCaseAction("supervise", snap("in_progress", "Anna"), assigned, sup)).toMatchObject({ ok: true, to: "in_progress" });
    expect(decideCaseAction("supervise", snap("in_progress", "Anna"), assigned, counselor)).toMatchObject({ ok: false, error: "bad_target" });
    expect(decideCaseAction("supervise", snap("in_progress", "Anna"), counselor, sup)).toMatchObject({ ok: false, error: "forbidden" });
    expect(decideCaseAction("supervise", snap("new"), main, sup)).toMatchObject({ ok: false, error: "wrong_status" });
  });
  it("has a rule for every action", () => {
    for (const a of caseActions) expect(() => decideCaseAction(a, snap("new"), main, { roles: ["supervisor", "counselor"], isAssigned: false })).not.toThrow();
  });
});

describe("command parsing", () => {
  it("ignores ordinary messages", () => {
    expect(parseCommand("hello")).toBeUndefined();
    expect(parseCommand("I will !take it")).toBeUndefined();
  });
  it("parses every command", () => {
    expect(parseCommand("!take 42")).toEqual({ ok: true, command: { kind: "take", caseNumber: 42 } });
    expect(parseCommand("  !TAKE #42 ")).toEqual({ ok: true, command: { kind: "take", caseNumber: 42 } });
    expect(parseCommand("!assign 3 @anna:hs")).toEqual({ ok: true, command: { kind: "assign", caseNumber: 3, counselor: "@anna:hs" } });
    expect(parseCommand("!supervise #3 Dr Berg")).toEqual({ ok: true, command: { kind: "supervise", caseNumber: 3, supervisor: "Dr Berg" } });
    for (const k of ["release", "close", "archive", "reopen"] as const) {
      expect(parseCommand(`!${k} 9`)).toEqual({ ok: true, command: { kind: k, caseNumber: 9 } });
    }
    expect(parseCommand("!away Bis Montag im Urlaub.  Danke!")).toEqual({ ok: true, command: { kind: "away", message: "Bis Montag im Urlaub.  Danke!" } });
    expect(parseCommand("!back")).toEqual({ ok: true, command: { kind: "back" } });
    expect(parseCommand("!cases")).toEqual({ ok: true, command: { kind: "cases" } });
    expect(parseCommand("!help")).toEqual({ ok: true, command: { kind: "help" } });
  });
  it("knows the German names and other spellings of every command", () => {
    expect(parseCommand("!übernehmen 42")).toEqual({ ok: true, command: { kind: "take", caseNumber: 42 } });
    expect(parseCommand("!Uebernehmen #42")).toEqual({ ok: true, command: { kind: "take", caseNumber: 42 } });
    expect(parseCommand("!abschließen 3")).toEqual({ ok: true, command: { kind: "close", caseNumber: 3 } });
    expect(parseCommand("!zuweisen 3 @anna:hs")).toEqual({ ok: true, command: { kind: "assign", caseNumber: 3, counselor: "@anna:hs" } });
    expect(parseCommand("!zurück")).toEqual({ ok: true, command: { kind: "back" } });
    expect(parseCommand("!fälle")).toEqual({ ok: true, command: { kind: "cases" } });
    expect(parseCommand("!hilfe")).toEqual({ ok: true, command: { kind: "help" } });
    expect(parseCommand("!sprache en")).toEqual({ ok: true, command: { kind: "lang", language: "en" } });
    expect(parseCommand("!lang Deutsch")).toEqual({ ok: true, command: { kind: "lang", language: "de" } });
    expect(parseCommand("!sprache")).toEqual({ ok: true, command: { kind: "lang" } });
    expect(parseCommand("!sprache fr")).toMatchObject({ ok: false, mistake: { kind: "unknown_language" } });
    // Every command has an English and a German name, and no name means two commands.
    const all = caseCommandNames.flatMap((k) => commandAliases[k]);
    expect(new Set(all).size).toBe(all.length);
    for (const k of caseCommandNames) expect(commandAliases[k][0]).toBe(k);
  });
  it("answers malformed and unknown commands helpfully, in the counselor's language", () => {
    const reply = (body: string, msgs = botMessagesDe) => {
      const p = parseCommand(body);
      if (!p || p.ok) throw new Error(`expected a refused parse of ${body}`);
      return commandMistakeReply(msgs, p);
    };
    expect(reply("!take")).toBe("Die Fallnummer fehlt. So geht es: `!übernehmen <Fall>` – einen wartenden Fall aus dem Pool übernehmen.");
    expect(reply("!take", botMessagesEn)).toContain("`!take <case>`");
    expect(reply("!close abc")).toContain("„abc“ ist keine Fallnummer.");
    expect(reply("!close abc", botMessagesEn)).toContain("not a case number");
    expect(parseCommand("!take 0")).toMatchObject({ ok: false });
    expect(parseCommand("!take 1 2")).toMatchObject({ ok: false, mistake: { kind: "too_many_arguments" } });
    expect(parseCommand("!assign 5")).toMatchObject({ ok: false, mistake: { kind: "person_missing" } });
    expect(parseCommand("!away")).toMatchObject({ ok: false });
    expect(parseCommand(`!away ${"x".repeat(501)}`)).toMatchObject({ ok: false });
    expect(parseCommand("!back now")).toMatchObject({ ok: false });
    expect(reply("!teke 5")).toBe("Den Befehl `!teke` kenne ich nicht. Mit `!hilfe` sehen Sie alle Befehle.");
    expect(reply("!teke 5", botMessagesEn)).toContain("!help");
  });
  it("lists every command with one line each, in the language's name and with the other one", () => {
    const de = commandHelp(botMessagesDe).split("\n");
    expect(de).toHaveLength(caseCommandNames.length + 1);
    expect(de).toContain("- `!übernehmen <Fall>` – einen wartenden Fall aus dem Pool übernehmen (auch !take)");
    const en = commandHelp(botMessagesEn).split("\n");
    expect(en).toContain("- `!take <case>` – take a waiting case from the pool (also !übernehmen)");
    for (const k of caseCommandNames) {
      expect(de.some((l) => l.includes(botMessagesDe.commandUsage[k]))).toBe(true);
      expect(en.some((l) => l.includes(botMessagesEn.commandUsage[k]))).toBe(true);
    }
  });
});

describe("small formats", () => {
  it("shows two postcode digits at most", () => {
    expect(postcodeRegion("50667")).toBe("50");
    expect(postcodeRegion(null)).toBeNull();
    expect(postcodeRegion("x")).toBeNull();
  });
  it("formats waiting times", () => {
    // The bot's catalogues word waiting times (formatWaitingTime's English moved there).
    expect(botMessagesEn.waitingTime(59_000)).toBe("0 min");
    expect(botMessagesEn.waitingTime(3 * 3_600_000 + 5 * 60_000)).toBe("3 h 5 min");
    expect(botMessagesEn.waitingTime(50 * 3_600_000)).toBe("2 d 2 h");
  });
  it("raises each reminder threshold once", () => {
    const since = new Date("2026-01-01T00:00:00Z");
    const at = (h: number) => new Date(since.getTime() + h * 3_600_000);
    expect(dueReminders(since, at(23.9), [24, 44], [])).toEqual([]);
    expect(dueReminders(since, at(24), [24, 44], [])).toEqual([24]);
    expect(dueReminders(since, at(45), [44, 24], [24])).toEqual([44]);
    expect(dueReminders(since, at(45), [24, 44], [24, 44])).toEqual([]);
  });
});
