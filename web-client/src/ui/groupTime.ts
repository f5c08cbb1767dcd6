// When a group meets, in the seeker's words: "Running now", or weekday and time in their language.
import type { GroupSummary } from "../api/types.ts";
import { intlLocale } from "../i18n/locale.ts";
import type { Locale } from "../i18n/locale.ts";
import type { Messages } from "../i18n/messages.ts";

/** The session runs at `now` (by the clock, so a list loaded before the start turns over). */
export function groupRunning(group: GroupSummary, now: number): boolean {
  const start = Date.parse(group.startsAt);
  const end = Date.parse(group.endsAt);
  if (Number.isNaN(start)) return group.phase === "open";
  return now >= start && (Number.isNaN(end) || now < end);
}

/** "Running now", or e.g. "Donnerstag, 18:00 Uhr" / "Thursday, 6:00 PM". */
export function groupWhen(group: GroupSummary, now: number, locale: Locale, t: Messages): string {
  if (groupRunning(group, now)) return t.groupsRunning;
  const start = new Date(group.startsAt);
  const intl = intlLocale(locale);
  const day = new Intl.DateTimeFormat(intl, { weekday: "long", day: "numeric", month: "long" }).format(start);
  const time = new Intl.DateTimeFormat(intl, { hour: "2-digit", minute: "2-digit" }).format(start);
  return t.groupsWhen(day, time);
}

/** "am Donnerstag, 3. Dezember um 18:00 Uhr" for the notice before the start. */
export function groupStartsOn(group: GroupSummary, locale: Locale, t: Messages): string {
  const start = new Date(group.startsAt);
  const intl = intlLocale(locale);
  const day = new Intl.DateTimeFormat(intl, { weekday: "long", day: "numeric", month: "long" }).format(start);
  const time = new Intl.DateTimeFormat(intl, { hour: "2-digit", minute: "2-digit" }).format(start);
  return t.groupStartsOn(day, time);
}
