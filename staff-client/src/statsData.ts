// The statistics screen's data handling, DOM-free: weeks of a period, plot values, the CSV.
import type { Count, StatisticsRow } from "./api.ts";

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

