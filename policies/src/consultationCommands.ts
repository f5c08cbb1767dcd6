// Bot commands for consultation hours (issue 12), typed in the pool room or the command chat:
//   !sprechzeiten                         (!hours)              the counselor's own hours, numbered
//   !sprechzeiten neu Di 16:00 45         (!hours add tue 16:00 45)         a weekly slot
//   !sprechzeiten neu 2026-12-08 16:00 45 (!hours add 2026-12-08 16:00 45)  a one-off slot
//   !sprechzeiten weg 2                   (!hours remove 2)     removes number 2 of the list
//   !termine                              (!appointments)       today's appointments
// Parsing here; every text the counselor reads comes from the bot's catalogues (German default, English).
// Pure: the bridge (consultation/ConsultationCommands.ts) runs them against the store.
import type { ConsultationPolicy, OneOffSlot, Weekday, WeeklySlot } from "./consultationHours.ts";
import { instantOfWallTime, wallTimeIn } from "./wallTime.ts";
import type { BotMessages, ConsultationMistake } from "./bot/botMessages.ts";
import { botMessagesDe } from "./bot/botMessagesDe.ts";

/** `forUser`: an agency admin acting on another counselor's hours (their Matrix ID last on the line). */
export type ConsultationCommand =
  | { kind: "hours_list"; forUser?: string }
  | { kind: "hours_add_weekly"; weekday: Weekday; start: string; minutes: number; forUser?: string }
  | { kind: "hours_add_once"; date: string; start: string; minutes: number; forUser?: string }
  | { kind: "hours_remove"; number: number; forUser?: string }
  | { kind: "appointments" };

export type ConsultationCommandParse = { ok: true; command: ConsultationCommand } | { ok: false; mistake: ConsultationMistake };

const HOURS_NAMES = new Set(["sprechzeiten", "sprechzeit", "hours"]);
const APPOINTMENT_NAMES = new Set(["termine", "appointments"]);
const ADD = new Set(["neu", "add", "hinzu"]);
const REMOVE = new Set(["weg", "remove", "entfernen", "löschen", "loeschen"]);

/** Weekday words (German and English, short and long) → ISO weekday. */
const WEEKDAYS: Readonly<Record<string, Weekday>> = {
  mo: 1, montag: 1, mon: 1, monday: 1,
  di: 2, dienstag: 2, tue: 2, tuesday: 2,
  mi: 3, mittwoch: 3, wed: 3, wednesday: 3,
  do: 4, donnerstag: 4, thu: 4, thursday: 4,
  fr: 5, freitag: 5, fri: 5, friday: 5,
  sa: 6, samstag: 6, sat: 6, saturday: 6,
  so: 7, sonntag: 7, sun: 7, sunday: 7,
};

/** The consultation commands' help, in the catalogue's language. */
export function consultationCommandHelp(msgs: BotMessages = botMessagesDe): string {
  return msgs.consultation.help;
}

/** A refused parse in words. */
export function consultationMistakeReply(msgs: BotMessages, parse: Extract<ConsultationCommandParse, { ok: false }>): string {
  return msgs.consultation.mistake(parse.mistake);
}

/** Is this one of the consultation-hours commands (whatever its arguments)? */
export function isConsultationCommand(body: string): boolean {
  const name = /^\s*!(\S+)/u.exec(body)?.[1]?.toLowerCase();
  return name !== undefined && (HOURS_NAMES.has(name) || APPOINTMENT_NAMES.has(name));
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Parses one of the commands above; undefined for any other message. */
export function parseConsultationCommand(body: string): ConsultationCommandParse | undefined {
  if (!isConsultationCommand(body)) return undefined;
  const [rawName = "", ...rest] = body.trim().slice(1).split(/\s+/u).filter((p) => p.length > 0);
  const name = rawName.toLowerCase();
  // An agency admin names another counselor by Matrix ID at the end of the line.
  const forUser = rest.length > 0 && MATRIX_ID.test(rest[rest.length - 1]!) ? rest[rest.length - 1]! : undefined;
  const args = forUser === undefined ? rest : rest.slice(0, -1);
  const parsed = parseHoursArgs(name, args);
  if (!parsed.ok || forUser === undefined) return parsed;
  if (parsed.command.kind === "appointments") return { ok: false, mistake: { kind: "no_arguments" } };
  return { ok: true, command: { ...parsed.command, forUser } };
}

const MATRIX_ID = /^@[^:\s]+:[^\s]+$/u;

function parseHoursArgs(name: string, args: string[]): ConsultationCommandParse {
  if (APPOINTMENT_NAMES.has(name)) {
    return args.length === 0 ? { ok: true, command: { kind: "appointments" } } : { ok: false, mistake: { kind: "no_arguments" } };
  }
  if (args.length === 0) return { ok: true, command: { kind: "hours_list" } };
  const verb = args[0]!.toLowerCase();
  if (REMOVE.has(verb)) {
    const n = /^#?(\d{1,3})$/.exec(args[1] ?? "");
    if (!n || args.length > 2 || Number(n[1]) < 1) return { ok: false, mistake: { kind: "which_number" } };
    return { ok: true, command: { kind: "hours_remove", number: Number(n[1]) } };
  }
  if (!ADD.has(verb)) return { ok: false, mistake: { kind: "unknown_verb", shown: verb.slice(0, 20) } };
  if (args.length !== 4) return { ok: false, mistake: { kind: "missing" } };
  const [day, start, mins] = [args[1]!.toLowerCase(), args[2]!, args[3]!];
  const t = TIME.exec(start);
  if (!t) return { ok: false, mistake: { kind: "not_a_time", shown: start.slice(0, 20) } };
  const startHhmm = `${t[1]!.padStart(2, "0")}:${t[2]}`;
  if (!/^\d{1,4}$/.test(mins)) return { ok: false, mistake: { kind: "not_minutes", shown: mins.slice(0, 20) } };
  const minutes = Number(mins);
  const weekday = WEEKDAYS[day.replace(/\.$/, "")];
  if (weekday !== undefined) return { ok: true, command: { kind: "hours_add_weekly", weekday, start: startHhmm, minutes } };
  if (validDate(day)) return { ok: true, command: { kind: "hours_add_once", date: day, start: startHhmm, minutes } };
  return { ok: false, mistake: { kind: "not_a_day", shown: day.slice(0, 20) } };
}

/** The instant a local date and time stands for in the policy's time zone. */
export function localDateTime(date: string, start: string, timeZone: string): Date {
  const [y, mo, d] = date.split("-").map(Number) as [number, number, number];
  const [h, mi] = start.split(":").map(Number) as [number, number];
  return instantOfWallTime({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0, ms: 0 }, timeZone);
}

const pad = (n: number) => String(n).padStart(2, "0");

/** "16:00" local. */
export function clockDe(instant: Date, timeZone: string): string {
  const w = wallTimeIn(instant, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

/** "Dienstag, 8. Dezember 2026" (or the catalogue's language) local. */
export function dateDe(instant: Date, timeZone: string, msgs: BotMessages = botMessagesDe): string {
  const w = wallTimeIn(instant, timeZone);
  const weekday = ((new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7) + 1;
  const c = msgs.consultation;
  return c.dateLong(c.weekdayLong[weekday - 1]!, w.day, c.monthLong[w.month - 1]!, w.year);
}

function endOf(start: string, minutes: number): string {
  const [h, m] = start.split(":").map(Number) as [number, number];
  const total = (h * 60 + m + minutes) % (24 * 60);
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

export type ListedSlot = { kind: "weekly"; slot: WeeklySlot } | { kind: "once"; slot: OneOffSlot };

/**
 * A counselor's slots in the order the list numbers them: weekly ones by weekday and time, then
 * one-off ones still ahead by date. The same order for listing and for "weg <nr>".
 */
export function listedSlots(weekly: readonly WeeklySlot[], oneOff: readonly OneOffSlot[], now: Date): ListedSlot[] {
  const w = [...weekly].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)).map((slot) => ({ kind: "weekly" as const, slot }));
  const o = oneOff
    .filter((s) => s.startsAt.getTime() + s.minutes * 60_000 > now.getTime())
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
    .map((slot) => ({ kind: "once" as const, slot }));
  return [...w, ...o];
}

/** One slot in words: "jeden Dienstag, 16:00–16:45 Uhr" / "am Dienstag, 8. Dezember 2026, 16:00–16:45 Uhr". */
export function describeSlotDe(s: ListedSlot, timeZone: string, msgs: BotMessages = botMessagesDe): string {
  const c = msgs.consultation;
  if (s.kind === "weekly") return c.slotWeekly(c.weekdayLong[s.slot.weekday - 1]!, s.slot.start, endOf(s.slot.start, s.slot.minutes));
  const start = clockDe(s.slot.startsAt, timeZone);
  return c.slotOnce(dateDe(s.slot.startsAt, timeZone, msgs), start, endOf(start, s.slot.minutes));
}

/** "24.12.2026" from "2026-12-24". */
function dayShort(day: string, msgs: BotMessages): string {
  const [y, m, d] = day.split("-");
  return msgs.consultation.dayShort(y!, Number(m), Number(d));
}

export function hoursListReply(agencyName: string, slots: readonly ListedSlot[], blockedDays: readonly string[], timeZone: string, whose?: string, msgs: BotMessages = botMessagesDe): string {
  const c = msgs.consultation;
  const lines = [c.listHead(agencyName, whose)];
  if (slots.length === 0) lines.push(c.listNone);
  else slots.forEach((s, i) => lines.push(`${i + 1}. ${describeSlotDe(s, timeZone, msgs)}`));
  if (blockedDays.length > 0) lines.push(c.blockedDays(blockedDays.map((d) => dayShort(d, msgs)).join(", ")));
  if (slots.length > 0) lines.push(c.removeHint);
  return lines.join("\n");
}

export function hoursAddedReply(s: ListedSlot, timeZone: string, msgs: BotMessages = botMessagesDe): string {
  return msgs.consultation.added(describeSlotDe(s, timeZone, msgs));
}

export function hoursRemovedReply(s: ListedSlot, timeZone: string, cancelledBookings: number, msgs: BotMessages = botMessagesDe): string {
  return msgs.consultation.removed(describeSlotDe(s, timeZone, msgs), cancelledBookings);
}

export type ConsultationRefusal =
  | { kind: "no_number"; number: number; count: number }
  | { kind: "overlap" }
  | { kind: "past" }
  | { kind: "too_far" }
  | { kind: "length"; policy: Pick<ConsultationPolicy, "minSlotMinutes" | "maxSlotMinutes"> }
  | { kind: "not_counselor" }
  | { kind: "which_agency" }
  | { kind: "not_admin" }
  | { kind: "unknown_counselor"; userId: string };

export function consultationRefusalReply(r: ConsultationRefusal, msgs: BotMessages = botMessagesDe): string {
  return msgs.consultation.refusal(r);
}

export type TodayAppointment = { startsAt: Date; endsAt: Date; caseNumber: number; topic: string };

/** Today's appointments: time, case number and topic — never who the seeker is. */
export function appointmentsReply(today: readonly TodayAppointment[], now: Date, timeZone: string, msgs: BotMessages = botMessagesDe): string {
  const c = msgs.consultation;
  if (today.length === 0) return c.noAppointments(dateDe(now, timeZone, msgs));
  const lines = [c.appointmentsHead(dateDe(now, timeZone, msgs))];
  for (const a of [...today].sort((x, y) => x.startsAt.getTime() - y.startsAt.getTime())) {
    lines.push(c.appointmentLine({ start: clockDe(a.startsAt, timeZone), end: clockDe(a.endsAt, timeZone), caseNumber: a.caseNumber, topic: a.topic }));
  }
  return lines.join("\n");
}
