// The consultation-hours commands' syntax and the texts a counselor reads (German, plain words).
import { describe, expect, it } from "vitest";
import {
  appointmentsReply,
  consultationRefusalReply,
  describeSlotDe,
  hoursListReply,
  isConsultationCommand,
  listedSlots,
  localDateTime,
  consultationMistakeReply,
  hoursAddedReply,
  parseConsultationCommand,
} from "../src/consultationCommands.ts";
import { botMessagesDe } from "../src/bot/botMessagesDe.ts";
import { botMessagesEn } from "../src/bot/botMessagesEn.ts";
import { plainText } from "../src/bot/notice.ts";

const tz = "Europe/Berlin";

describe("parsing", () => {
  it("lists, adds weekly and one-off slots, removes by number; German and English words", () => {
    expect(parseConsultationCommand("!sprechzeiten")).toEqual({ ok: true, command: { kind: "hours_list" } });
    expect(parseConsultationCommand("!hours")).toEqual({ ok: true, command: { kind: "hours_list" } });
    expect(parseConsultationCommand("!sprechzeiten neu Di 16:00 45")).toEqual({ ok: true, command: { kind: "hours_add_weekly", weekday: 2, start: "16:00", minutes: 45 } });
    expect(parseConsultationCommand("!hours add tue 9:30 30")).toEqual({ ok: true, command: { kind: "hours_add_weekly", weekday: 2, start: "09:30", minutes: 30 } });
    expect(parseConsultationCommand("!Sprechzeiten neu Sonntag 10:00 60")).toMatchObject({ ok: true, command: { weekday: 7 } });
    expect(parseConsultationCommand("!sprechzeiten neu 2026-12-08 16:00 45")).toEqual({ ok: true, command: { kind: "hours_add_once", date: "2026-12-08", start: "16:00", minutes: 45 } });
    expect(parseConsultationCommand("!sprechzeiten weg 2")).toEqual({ ok: true, command: { kind: "hours_remove", number: 2 } });
    expect(parseConsultationCommand("!hours remove #3")).toEqual({ ok: true, command: { kind: "hours_remove", number: 3 } });
    expect(parseConsultationCommand("!termine")).toEqual({ ok: true, command: { kind: "appointments" } });
    expect(parseConsultationCommand("!appointments")).toEqual({ ok: true, command: { kind: "appointments" } });
  });

  it("takes another counselor's Matrix ID at the end of the line (for agency admins)", () => {
    expect(parseConsultationCommand("!sprechzeiten neu Di 16:00 45 @anna:beispiel.de")).toEqual({ ok: true, command: { kind: "hours_add_weekly", weekday: 2, start: "16:00", minutes: 45, forUser: "@anna:beispiel.de" } });
    expect(parseConsultationCommand("!hours @anna:beispiel.de")).toEqual({ ok: true, command: { kind: "hours_list", forUser: "@anna:beispiel.de" } });
    expect(parseConsultationCommand("!sprechzeiten weg 2 @anna:beispiel.de")).toEqual({ ok: true, command: { kind: "hours_remove", number: 2, forUser: "@anna:beispiel.de" } });
    expect(parseConsultationCommand("!termine @anna:beispiel.de")).toEqual({ ok: false, mistake: { kind: "no_arguments" } });
  });

  it("leaves other messages and commands alone", () => {
    expect(parseConsultationCommand("Sprechzeiten sind toll")).toBeUndefined();
    expect(parseConsultationCommand("!take 12")).toBeUndefined();
    expect(isConsultationCommand("!sprechzeitenxyz")).toBe(false);
  });

  it("answers bad input with words and an example", () => {
    const reply = (s: string) => {
      const p = parseConsultationCommand(s);
      if (!p || p.ok) throw new Error(`expected a refusal for ${s}`);
      return plainText(consultationMistakeReply(botMessagesDe, p));
    };
    expect(reply("!sprechzeiten neu Di 25:00 45")).toContain("keine Uhrzeit");
    expect(reply("!sprechzeiten neu Di 16:00 lang")).toContain("keine Dauer");
    expect(reply("!sprechzeiten neu Funday 16:00 45")).toContain("weder ein Wochentag");
    expect(reply("!sprechzeiten neu 2026-02-30 16:00 45")).toContain("weder ein Wochentag");
    expect(reply("!sprechzeiten neu Di 16:00")).toContain("Es fehlen Angaben");
    expect(reply("!sprechzeiten weg")).toContain("Welche Nummer");
    expect(reply("!sprechzeiten weg 0")).toContain("Welche Nummer");
    expect(reply("!sprechzeiten bunt")).toContain("kenne ich nicht");
    expect(reply("!termine morgen")).toContain("keine weiteren Angaben");
  });
});

describe("texts", () => {
  const weekly = { id: "w", weekday: 2 as const, start: "16:00", minutes: 45, counselorId: "c" };
  const once = { id: "o", startsAt: localDateTime("2026-12-08", "10:00", tz), minutes: 30, counselorId: "c" };
  const past = { id: "p", startsAt: localDateTime("2026-11-01", "10:00", tz), minutes: 30, counselorId: "c" };
  const now = localDateTime("2026-12-03", "12:00", tz);

  it("local times across DST: a one-off slot in winter and in summer", () => {
    expect(localDateTime("2026-12-08", "10:00", tz).toISOString()).toBe("2026-12-08T09:00:00.000Z");
    expect(localDateTime("2026-07-08", "10:00", tz).toISOString()).toBe("2026-07-08T08:00:00.000Z");
  });

  it("lists weekly slots first, then one-off slots still ahead, numbered; past ones are gone", () => {
    const slots = listedSlots([weekly], [once, past], now);
    expect(slots.map((s) => s.slot.id)).toEqual(["w", "o"]);
    expect(describeSlotDe(slots[0]!, tz)).toBe("jeden Dienstag, 16:00–16:45 Uhr");
    expect(describeSlotDe(slots[1]!, tz)).toBe("am Dienstag, 8. Dezember 2026, 10:00–10:30 Uhr");
    const text = plainText(hoursListReply("Caritas Köln", slots, ["2026-12-24"], tz));
    expect(text).toBe(
      [
        "Ihre Sprechzeiten bei Caritas Köln:",
        "1. jeden Dienstag, 16:00–16:45 Uhr",
        "2. am Dienstag, 8. Dezember 2026, 10:00–10:30 Uhr",
        "Geschlossene Tage der Beratungsstelle: 24.12.2026",
        "Entfernen: !sprechzeiten weg <Nummer>",
      ].join("\n"),
    );
    expect(hoursListReply("Caritas Köln", [], [], tz)).toContain("Noch keine.");
    // In English for a counselor who chose it.
    expect(plainText(hoursListReply("Caritas Köln", slots, ["2026-12-24"], tz, undefined, botMessagesEn)).split("\n")).toEqual([
      "Your consultation hours at Caritas Köln:",
      "1. every Tuesday, 16:00–16:45",
      "2. on Tuesday, 8 December 2026, 10:00–10:30",
      "Days the agency is closed: 2026-12-24",
      "Remove: !hours remove <number>",
    ]);
    expect(hoursAddedReply(slots[0]!, tz, botMessagesEn)).toBe("Consultation hour added: every Tuesday, 16:00–16:45. Seekers can book it from now on.");
  });

  it("today's appointments: time, case number, topic — in order; none in words", () => {
    const at = (h: string) => localDateTime("2026-12-03", h, tz);
    const text = plainText(appointmentsReply(
      [
        { startsAt: at("16:00"), endsAt: at("16:45"), caseNumber: 12, topic: "Schulden" },
        { startsAt: at("09:00"), endsAt: at("09:30"), caseNumber: 7, topic: "Schwangerschaft" },
      ],
      now,
      tz,
    ));
    expect(text.split("\n")).toEqual(["Ihre Termine heute (Donnerstag, 3. Dezember 2026):", "- 09:00–09:30 Uhr · Fall 7 · Schwangerschaft", "- 16:00–16:45 Uhr · Fall 12 · Schulden"]);
    expect(appointmentsReply([], now, tz)).toBe("Heute (Donnerstag, 3. Dezember 2026) haben Sie keine gebuchten Termine.");
  });

  it("refusals say what happened and that nothing was written", () => {
    expect(consultationRefusalReply({ kind: "overlap" })).toContain("Nichts wurde angelegt");
    expect(consultationRefusalReply({ kind: "length", policy: { minSlotMinutes: 15, maxSlotMinutes: 180 } })).toBe("Eine Sprechzeit dauert 15 bis 180 Minuten. Nichts wurde angelegt.");
    expect(plainText(consultationRefusalReply({ kind: "no_number", number: 5, count: 2 }))).toBe("Nummer 5 gibt es nicht; Ihre Liste hat 2 Einträge (siehe !sprechzeiten).");
    expect(consultationRefusalReply({ kind: "overlap" }, botMessagesEn)).toBe("You already have a consultation hour at that time. Nothing was added.");
  });
});
