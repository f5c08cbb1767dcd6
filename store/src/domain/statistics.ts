// Agency statistics for the staff console (issue 14): per topic and week (Monday, Europe/Berlin),
// the cases opened that week, how many of them are open, waiting for a first answer or closed, and
// the first-answer time (p50/p90, minutes). Computed in SQL; counts only — no case, seeker or
// counselor identifier leaves this function. Small counts (1–4) are suppressed as "< 5" so no
// single person can be singled out; percentiles are only given over at least five answered cases.
import { type SQL, sql } from "drizzle-orm";
import { occurrenceStart } from "@lotse/policies";
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
export async function agencyStatistics(db: LotseDb | LotseTx, agencyId: string | null, from: Date, to: Date, opts: { by?: "topic" | "week" } = {}): Promise<StatisticsRow[]> {
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
    where ${agencyFilter(sql`c.agency_id`, agencyId)}
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

/** `agencyId = X`, or every agency (null: a platform admin's view over all agencies). */
function agencyFilter(column: SQL, agencyId: string | null) {
  return agencyId === null ? sql`true` : sql`${column} = ${agencyId}`;
}

/** Percentile over at least five values, else null (no figure from one or two people). */
function guardedPercentile(n: number, value: number | null): number | null {
  return n >= STATISTICS_MIN_COUNT && value !== null ? Math.round(Number(value)) : null;
}

// --- the further plots of the statistics screen ------------------------------------------------

/** Age buckets of open cases, in days: [lower, upper). The 48-hour promise is the 2-day border. */
export const OPEN_AGE_BUCKETS = [
  { id: "under_1d", fromDays: 0, toDays: 1 },
  { id: "1d_2d", fromDays: 1, toDays: 2 },
  { id: "2d_7d", fromDays: 2, toDays: 7 },
  { id: "7d_28d", fromDays: 7, toDays: 28 },
  { id: "over_28d", fromDays: 28, toDays: null },
] as const;
export type OpenAgeBucket = (typeof OPEN_AGE_BUCKETS)[number]["id"];

export type StatisticsOverview = {
  /**
   * The backlog: every case open at the end of the period (`to`), whenever it was opened, by its
   * age then — opened before `to` and either open now or closed (archived) at or after `to`. A
   * case closed before `to` and reopened since counts as open (a reopening clears `closed_at`).
   */
  openByAge: { bucket: OpenAgeBucket; cases: SuppressedCount }[];
  /** Cases opened in the period per topic. */
  byTopic: { topicId: string; name: { de: string; en: string }; opened: SuppressedCount; open: SuppressedCount; closed: SuppressedCount }[];
  /**
   * Group sessions held per week (sessions that began in the period and before `now`) and their
   * participants: seekers with a seat during the session, summed over the week's sessions.
   */
  groups: { week: string; sessions: number; participants: SuppressedCount; perSession: number | null }[];
  /** Live chats queued per week: how many, how many a counselor took, and the wait until then. */
  liveWaits: { week: string; chats: SuppressedCount; taken: SuppressedCount; notTaken: SuppressedCount; waitP50Seconds: number | null; waitP90Seconds: number | null }[];
};

const DAY_MS = 24 * 3_600_000;

/** Monday (YYYY-MM-DD) of the Europe/Berlin week an instant falls in. */
function berlinWeek(at: Date): string {
  const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/**
 * The statistics screen's further figures for one agency (or all: `agencyId` null) over [from, to):
 * open cases by age, cases by topic, group sessions and participation, live-chat waits. Counts
 * only; people counts of 1–4 come back as "< 5", percentiles and means only over five or more.
 */
export async function statisticsOverview(db: LotseDb | LotseTx, agencyId: string | null, from: Date, to: Date, now: Date): Promise<StatisticsOverview> {
  const range = sql`>= ${from.toISOString()}::timestamptz`;
  const until = sql`< ${to.toISOString()}::timestamptz`;
  const ages = await db.execute<{ age_days: number }>(sql`
    select extract(epoch from (${to.toISOString()}::timestamptz - c.created_at)) / 86400 as age_days
    from cases c
    where ${agencyFilter(sql`c.agency_id`, agencyId)} and c.created_at ${until}
      and (c.status in ('new', 'in_progress') or coalesce(c.closed_at, c.archived_at) >= ${to.toISOString()}::timestamptz)`);
  const openByAge = OPEN_AGE_BUCKETS.map((b) => ({
    bucket: b.id,
    cases: suppressSmall(ages.filter((r) => Number(r.age_days) >= b.fromDays && (b.toDays === null || Number(r.age_days) < b.toDays)).length),
  }));

  const topicRows = await db.execute<{ topic_id: string; de: string; en: string; opened: number; open: number; closed: number }>(sql`
    select c.topic_id, t.name_de as de, t.name_en as en, count(*)::int as opened,
      count(*) filter (where c.status in ('new', 'in_progress'))::int as open,
      count(*) filter (where c.status in ('closed', 'archived'))::int as closed
    from cases c join topics t on t.id = c.topic_id
    where ${agencyFilter(sql`c.agency_id`, agencyId)} and c.created_at ${range} and c.created_at ${until}
    group by c.topic_id, t.name_de, t.name_en
    order by count(*) desc, t.name_de`);
  const byTopic = topicRows.map((r) => ({
    topicId: r.topic_id,
    name: { de: r.de, en: r.en },
    opened: suppressSmall(r.opened),
    open: suppressSmall(r.open),
    closed: suppressSmall(r.closed),
  }));

  // Group sessions: the schedule is data (policies/groupRooms.ts), so occurrences are computed here.
  const groupRows = await db.execute<{ id: string; starts_at: string; duration_minutes: number; repeat_weekly: boolean; deleted_at: string | null }>(sql`
    select g.id, g.starts_at, g.duration_minutes, g.repeat_weekly, g.deleted_at from groups g
    where ${agencyFilter(sql`g.agency_id`, agencyId)} and g.starts_at ${until}
      and (g.deleted_at is null or g.deleted_at ${range})`);
  const seats = groupRows.length === 0 ? [] : await db.execute<{ group_id: string; joined_at: string; left_at: string | null }>(sql`
    select p.group_id, p.joined_at, p.left_at from group_participants p
    where p.group_id in (${sql.join(groupRows.map((g) => sql`${g.id}::uuid`), sql`, `)})`);
  const end = Math.min(to.getTime(), now.getTime());
  const weeks = new Map<string, { sessions: number; participants: number }>();
  for (const g of groupRows) {
    const schedule = { startsAt: new Date(g.starts_at), durationMinutes: g.duration_minutes, repeatWeekly: g.repeat_weekly };
    const stop = Math.min(end, g.deleted_at === null ? Infinity : Date.parse(g.deleted_at));
    const mySeats = seats.filter((s) => s.group_id === g.id);
    // The first session that may lie in the period, then week by week (DST-correct).
    let n = schedule.repeatWeekly && from > schedule.startsAt ? Math.max(0, Math.floor((from.getTime() - schedule.startsAt.getTime()) / (7 * DAY_MS)) - 1) : 0;
    for (;; n++) {
      const start = occurrenceStart(schedule, n);
      if (start.getTime() >= stop) break;
      if (start >= from) {
        const endsAt = start.getTime() + schedule.durationMinutes * 60_000;
        const present = mySeats.filter((s) => Date.parse(s.joined_at) < endsAt && (s.left_at === null || Date.parse(s.left_at) > start.getTime())).length;
        const w = berlinWeek(start);
        const acc = weeks.get(w) ?? { sessions: 0, participants: 0 };
        acc.sessions += 1;
        acc.participants += present;
        weeks.set(w, acc);
      }
      if (!schedule.repeatWeekly) break;
    }
  }
  const groups = [...weeks.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([week, v]) => ({
      week,
      sessions: v.sessions,
      participants: suppressSmall(v.participants),
      perSession: v.participants >= STATISTICS_MIN_COUNT ? Math.round((v.participants / v.sessions) * 10) / 10 : null,
    }));

  const waitRows = await db.execute<{ week: string; chats: number; taken: number; p50: number | null; p90: number | null }>(sql`
    select to_char(date_trunc('week', w.queued_hour at time zone 'Europe/Berlin'), 'YYYY-MM-DD') as week,
      count(*)::int as chats, count(*) filter (where w.taken)::int as taken,
      (percentile_cont(0.5) within group (order by w.wait_seconds) filter (where w.taken))::float8 as p50,
      (percentile_cont(0.9) within group (order by w.wait_seconds) filter (where w.taken))::float8 as p90
    from live_chat_waits w
    where ${agencyFilter(sql`w.agency_id`, agencyId)} and w.queued_hour ${range} and w.queued_hour ${until}
    group by 1 order by 1`);
  const liveWaits = waitRows.map((r) => ({
    week: r.week,
    chats: suppressSmall(r.chats),
    taken: suppressSmall(r.taken),
    notTaken: suppressSmall(r.chats - r.taken),
    waitP50Seconds: guardedPercentile(r.taken, r.p50),
    waitP90Seconds: guardedPercentile(r.taken, r.p90),
  }));
  return { openByAge, byTopic, groups, liveWaits };
}
