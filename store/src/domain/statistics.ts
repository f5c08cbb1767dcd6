// Agency statistics for the staff console (issue 14): per topic and week (Monday, Europe/Berlin),
// the cases opened that week, how many of them are open, waiting for a first answer or closed, and
// the first-answer time (p50/p90, minutes). Computed in SQL; counts only — no case, seeker or
// counselor identifier leaves this function. Small counts (1–4) are suppressed as "< 5" so no
// single person can be singled out; percentiles are only given over at least five answered cases.
import { sql } from "drizzle-orm";
import type { LotseDb, LotseTx } from "../db.ts";

/** Counts below this (and above zero) are shown as "< 5". */
export const STATISTICS_MIN_COUNT = 5;

export type SuppressedCount = number | "< 5";

export type StatisticsRow = {
  /** Monday of the week (YYYY-MM-DD, Europe/Berlin). */
  week: string;
  topicId: string;
  opened: SuppressedCount;
  open: SuppressedCount;
  waiting: SuppressedCount;
  closed: SuppressedCount;
  /** Minutes from opening to a counselor's first answer; null below five answered cases. */
  firstAnswerP50Minutes: number | null;
  firstAnswerP90Minutes: number | null;
};

export function suppressSmall(n: number): SuppressedCount {
  return n > 0 && n < STATISTICS_MIN_COUNT ? "< 5" : n;
}

/**
 * Statistics of one agency for cases opened in [from, to): per week and topic, or (`by: "week"`)
 * per week over all topics — totals counted before suppression, so a week's total is exact even
 * where its topics' counts are "< 5" (topicId is then "*").
 */
export async function agencyStatistics(db: LotseDb | LotseTx, agencyId: string, from: Date, to: Date, opts: { by?: "topic" | "week" } = {}): Promise<StatisticsRow[]> {
  const byWeek = opts.by === "week";
  const rows = await db.execute<{
    week: string;
    topic_id: string;
    opened: number;
    open: number;
    waiting: number;
    closed: number;
    answered: number;
    p50: number | null;
    p90: number | null;
  }>(sql`
    select
      to_char(date_trunc('week', c.created_at at time zone 'Europe/Berlin'), 'YYYY-MM-DD') as week,
      ${byWeek ? sql`'*'` : sql`c.topic_id`} as topic_id,
      count(*)::int as opened,
      count(*) filter (where c.status in ('new', 'in_progress'))::int as open,
      count(*) filter (where c.status in ('new', 'in_progress') and c.first_answer_at is null)::int as waiting,
      count(*) filter (where c.status in ('closed', 'archived'))::int as closed,
      count(c.first_answer_at)::int as answered,
      (percentile_cont(0.5) within group (order by extract(epoch from c.first_answer_at - c.created_at) / 60))::float8 as p50,
      (percentile_cont(0.9) within group (order by extract(epoch from c.first_answer_at - c.created_at) / 60))::float8 as p90
    from cases c
    where c.agency_id = ${agencyId}
      and c.created_at >= ${from.toISOString()}::timestamptz
      and c.created_at < ${to.toISOString()}::timestamptz
    group by 1, 2
    order by 1, 2`);
  return rows.map((r) => {
    const enough = r.answered >= STATISTICS_MIN_COUNT;
    return {
      week: r.week,
      topicId: r.topic_id,
      opened: suppressSmall(r.opened),
      open: suppressSmall(r.open),
      waiting: suppressSmall(r.waiting),
      closed: suppressSmall(r.closed),
      firstAnswerP50Minutes: enough && r.p50 !== null ? Math.round(Number(r.p50)) : null,
      firstAnswerP90Minutes: enough && r.p90 !== null ? Math.round(Number(r.p90)) : null,
    };
  });
}
