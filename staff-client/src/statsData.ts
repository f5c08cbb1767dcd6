// The statistics screen's data handling, DOM-free: weeks of a period, plot values, the CSV.
import type { Count, StatisticsOverview, StatisticsRow } from "./api.ts";

/** A count as a number for the plot: suppressed counts are gaps. */
export function plotValue(c: Count): number | null {
  return typeof c === "number" ? c : null;
}

/** Every Monday of the period (the API leaves out weeks without cases: those are zero). */
export function weeksOf(rows: readonly StatisticsRow[], from: Date, to: Date): string[] {
  const weeks = new Set(rows.map((r) => r.week));
  const out: string[] = [];
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  for (; d.getTime() < to.getTime(); d.setUTCDate(d.getUTCDate() + 7)) out.push(d.toISOString().slice(0, 10));
  for (const w of weeks) if (!out.includes(w)) out.push(w);
  return out.sort();
}

/** CSV of the rows shown (semicolon-separated, as German spreadsheets expect). */
export function statisticsCsv(weeks: readonly string[], rows: readonly StatisticsRow[]): string {
  const byWeek = new Map(rows.map((r) => [r.week, r]));
  const lines = ["week;opened;open;unanswered;closed;first_answer_median_minutes;first_answer_p90_minutes"];
  for (const w of weeks) {
    const r = byWeek.get(w);
    lines.push([w, r?.opened ?? 0, r?.open ?? 0, r?.waiting ?? 0, r?.closed ?? 0, r?.firstAnswerP50Minutes ?? "", r?.firstAnswerP90Minutes ?? ""].join(";"));
  }
  return `${lines.join("\n")}\n`;
}


type Cell = string | number | null;

/** Semicolon-separated lines; a cell with ";", a quote or a line break is quoted. */
function csv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const q = (c: Cell) => {
    const v = c === null ? "" : String(c);
    return /[;"\n\r]/u.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  };
  return `${[header, ...rows].map((r) => r.map(q).join(";")).join("\n")}\n`;
}

/** Open cases by age bucket. */
export function openByAgeCsv(rows: StatisticsOverview["openByAge"]): string {
  return csv(["age", "open_cases"], rows.map((r) => [r.bucket, r.cases]));
}

/** Cases per topic, with the topic's name in the console's language. */
export function byTopicCsv(rows: StatisticsOverview["byTopic"], lang: "de" | "en"): string {
  return csv(["topic_id", "topic", "opened", "open", "closed"], rows.map((r) => [r.topicId, r.name[lang], r.opened, r.open, r.closed]));
}

/** Group sessions and participants per week (every week of the period, empty weeks as zero). */
export function groupsCsv(weeks: readonly string[], rows: StatisticsOverview["groups"]): string {
  const by = new Map(rows.map((r) => [r.week, r]));
  return csv(["week", "sessions", "participants", "participants_per_session"], weeks.map((w) => [w, by.get(w)?.sessions ?? 0, by.get(w)?.participants ?? 0, by.get(w)?.perSession ?? null]));
}

/** Live chats and their waits per week (seconds). */
export function liveWaitsCsv(weeks: readonly string[], rows: StatisticsOverview["liveWaits"]): string {
  const by = new Map(rows.map((r) => [r.week, r]));
  return csv(
    ["week", "live_chats", "taken", "not_taken", "wait_median_seconds", "wait_p90_seconds"],
    weeks.map((w) => {
      const r = by.get(w);
      return [w, r?.chats ?? 0, r?.taken ?? 0, r?.notTaken ?? 0, r?.waitP50Seconds ?? null, r?.waitP90Seconds ?? null];
    }),
  );
}

/** Every Monday of the period for the overview's weekly rows (like weeksOf). */
export function weeksOfRows(rows: readonly { week: string }[], from: Date, to: Date): string[] {
  return weeksOf(rows as readonly StatisticsRow[], from, to);
}
