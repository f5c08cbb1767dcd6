// An admin's statistics over a chosen period: new enquiries per week and the time to the first
// answer (median and 90th percentile) against the 48-hour promise, open cases by age, cases by
// topic, group sessions and participation, and live-chat waits. Agency admins see their agency;
// platform admins choose an agency or all of them. Plots drawn by uPlot (a small, well-kept canvas
// charting library); the same numbers in a table below each plot (for screen readers and for
// checking), and a CSV download of each plot's data. Counts come from the API already suppressed
// below five ("< 5"): a suppressed value is a gap in the plot, never a guessed number.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type Count, type StaffApi, StaffApiError, type StaffSession, type StatisticsOverview, type StatisticsRow } from "../api.ts";
import { byTopicCsv, groupsCsv, liveWaitsCsv, openByAgeCsv, plotValue, statisticsCsv, weeksOf, weeksOfRows } from "../statsData.ts";
import { type Lang, type StaffTexts, texts } from "../i18n.ts";
import { statsTexts } from "../i18nStats.ts";

const WEEK_MS = 7 * 24 * 3_600_000;
const PROMISE_HOURS = 48;
const PERIODS = [4, 12, 26, 52] as const;
/** Agencies in a platform admin's choice at once (the first that match the search, by name). */
const SCOPE_CHOICES = 50;

/** agencyId: the admin's own agency, or null for a platform admin without one (all agencies). */
type Props = { api: StaffApi; session: StaffSession; agencyId: string | null; platformAdmin?: boolean; lang: Lang; now?: () => number; onExpired(): void };

type PlotProps = { label: string; data: uPlot.AlignedData; series: uPlot.Series[]; scaleLabel: string; categories?: readonly string[] };

function Plot({ label, data, series, scaleLabel, categories }: PlotProps) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const width = Math.max(280, Math.min(900, box.current.clientWidth || 640));
    // Categories (age buckets, topics) are bars at 0, 1, 2 … labelled by name.
    const bars = categories !== undefined ? uPlot.paths.bars?.({ size: [0.6, 80] }) : undefined;
    const plot = new uPlot(
      {
        width,
        height: 240,
        scales: categories !== undefined ? { x: { time: false, range: [-0.5, categories.length - 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(5, max)] } } : { x: { time: true } },
        axes: [
          categories !== undefined ? { splits: () => categories.map((_, i) => i), values: (_u, splits) => splits.map((i) => categories[i] ?? "") } : {},
          { label: scaleLabel },
        ],
        series: [{}, ...series.map((x) => (bars ? { ...x, paths: bars, fill: x.stroke, points: { show: false } } : x))],
        legend: { show: true },
      },
      data,
      box.current,
    );
    return () => plot.destroy();
  }, [JSON.stringify(data), JSON.stringify(series.map((s) => s.label)), JSON.stringify(categories)]);
  // The canvas is a picture of the table below it.
  return <div ref={box} role="img" aria-label={label} class="plot" />;
}

function cell(_t: StaffTexts, c: Count | undefined): string {
  return c === undefined ? "0" : String(c);
}

/** A download link for one plot's data (the object URL lives as long as the data). */
function CsvLink({ label, name, data }: { label: string; name: string; data: string }) {
  const href = useMemo(() => URL.createObjectURL(new Blob([data], { type: "text/csv;charset=utf-8" })), [data]);
  useEffect(() => () => URL.revokeObjectURL(href), [href]);
  return (
    <a class="download" href={href} download={name}>
      {label}
    </a>
  );
}

export function Statistics({ api, session, agencyId: ownAgency, platformAdmin = false, lang, now = Date.now, onExpired }: Props) {
  const t = texts[lang];
  const st = statsTexts[lang];
  // "" = all agencies (platform admins only).
  const [scope, setScope] = useState<string>(ownAgency ?? "");
  // The choice holds the first SCOPE_CHOICES agencies (by name) that match the search; a platform
  // admin at Caritas scale finds one of 1,600 by name, town, short name or postcode.
  const [query, setQuery] = useState("");
  const [choices, setChoices] = useState<{ q: string; agencies: { id: string; name: string; city: string }[]; total: number } | null>(null);
  const latestSearch = useRef(0);
  const findAgencies = (q: string) => {
    const mine = ++latestSearch.current;
    api.agencyPage(session, { q, offset: 0, limit: SCOPE_CHOICES }).then(
      (page) => {
        if (mine === latestSearch.current) setChoices({ q, agencies: page.agencies.map((x) => ({ id: x.id, name: x.name, city: x.city })), total: page.total });
      },
      (err: unknown) => {
        if (err instanceof StaffApiError && err.kind === "expired") return onExpired();
        if (mine === latestSearch.current) setError(t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
      },
    );
  };
  useEffect(() => {
    if (platformAdmin) findAgencies("");
  }, [platformAdmin, session.token]);
  const [agencyName, setAgencyName] = useState("");
  useEffect(() => {
    if (scope === "") return;
    api.agency(session, scope).then((a) => setAgencyName(a.name), () => undefined);
  }, [scope, session.token]);
  const [weeks, setWeeks] = useState<(typeof PERIODS)[number]>(12);
  const [rows, setRows] = useState<StatisticsRow[] | null>(null);
  const [overview, setOverview] = useState<StatisticsOverview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [period, setPeriod] = useState(() => ({ to: new Date(now()), from: new Date(now() - weeks * WEEK_MS) }));
  const { from, to } = period;

  useEffect(() => {
    const to = new Date(now());
    const from = new Date(to.getTime() - weeks * WEEK_MS);
    setPeriod({ from, to });
    setRows(null);
    setOverview(null);
    setError(null);
    const agencyId = scope === "" ? null : scope;
    Promise.all([api.statistics(session, agencyId, from, to), api.statisticsOverview(session, agencyId, from, to)])
      .then(([r, o]) => {
        setRows(r.rows);
        setOverview(o);
      })
      .catch((err: unknown) => {
        if (err instanceof StaffApiError && err.kind === "expired") return onExpired();
        setError(t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
      });
  }, [weeks, scope, session.token]);

  const allWeeks = rows ? weeksOf(rows, from, to) : [];
  const byWeek = new Map((rows ?? []).map((r) => [r.week, r]));
  const xs = allWeeks.map((w) => Date.parse(`${w}T00:00:00Z`) / 1000);
  const hoursOf = (m: number | null | undefined) => (m == null ? null : Math.round((m / 60) * 10) / 10);
  const heading = scope === "" ? st.allAgenciesHeading : t.statsHeading(agencyName);
  const fileTag = `${scope === "" ? "alle" : "stelle"}-${allWeeks[0] ?? ""}`;
  const weeklyCsv = rows ? statisticsCsv(allWeeks, rows) : "";

  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="stats-h" class="card">
        <h2 id="stats-h">{heading}</h2>
        {platformAdmin && (
          <>
            <form
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                findAgencies(query.trim());
              }}
            >
              <label for="stats-find">{st.scopeSearchLabel}</label>
              <input id="stats-find" type="search" maxLength={100} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
              <button type="submit">{st.scopeSearch}</button>
            </form>
            <label for="stats-scope">{st.scopeLabel}</label>
            <select id="stats-scope" value={scope} aria-describedby="stats-scope-shown" onChange={(e) => setScope((e.currentTarget as HTMLSelectElement).value)}>
              <option value="">{st.allAgencies}</option>
              {/* the agency shown now stays in the choice whatever the search found */}
              {scope !== "" && !choices?.agencies.some((a) => a.id === scope) && <option value={scope}>{agencyName || scope}</option>}
              {choices?.agencies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.city ? `${a.name} (${a.city})` : a.name}
                </option>
              ))}
            </select>
            <p id="stats-scope-shown" class="hint" role="status">
              {choices ? st.scopeShown(choices.agencies.length, choices.total, choices.q) : ""}
            </p>
          </>
        )}
        <label for="period">{t.periodLabel}</label>
        <select id="period" value={String(weeks)} onChange={(e) => setWeeks(Number((e.currentTarget as HTMLSelectElement).value) as (typeof PERIODS)[number])}>
          {PERIODS.map((n) => (
            <option key={n} value={n}>
              {t.periodWeeks(n)}
            </option>
          ))}
        </select>
        <p class="hint">{t.smallNote}</p>
      </section>
      {rows && overview && (
        <>
          <section aria-labelledby="enq-h" class="card">
            <h2 id="enq-h">{t.enquiriesHeading}</h2>
            <Plot
              label={t.enquiriesHeading}
              scaleLabel={t.enquiriesSeries}
              data={[xs, allWeeks.map((w) => plotValue(byWeek.get(w)?.opened ?? 0))]}
              series={[{ label: t.enquiriesSeries, stroke: "#1f5f5b", width: 2, points: { show: true } }]}
            />
            <table aria-labelledby="enq-h" class="stats">
              <thead>
                <tr>
                  <th scope="col">{t.colWeek}</th>
                  <th scope="col">{t.colOpened}</th>
                  <th scope="col">{t.colOpen}</th>
                  <th scope="col">{t.colWaiting}</th>
                  <th scope="col">{t.colClosed}</th>
                </tr>
              </thead>
              <tbody>
                {allWeeks.map((w) => (
                  <tr key={w} data-week={w}>
                    <th scope="row">{t.weekOf(w)}</th>
                    <td>{cell(t, byWeek.get(w)?.opened)}</td>
                    <td>{cell(t, byWeek.get(w)?.open)}</td>
                    <td>{cell(t, byWeek.get(w)?.waiting)}</td>
                    <td>{cell(t, byWeek.get(w)?.closed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <CsvLink label={st.csvOf(st.enquiriesCsv)} name={`lotse-anfragen-${fileTag}.csv`} data={weeklyCsv} />
          </section>
          <section aria-labelledby="ans-h" class="card">
            <h2 id="ans-h">{t.answerHeading(PROMISE_HOURS)}</h2>
            <Plot
              label={t.answerHeading(PROMISE_HOURS)}
              scaleLabel={t.hours(0).replace(/^0\s*/u, "")}
              data={[
                xs,
                allWeeks.map((w) => hoursOf(byWeek.get(w)?.firstAnswerP50Minutes)),
                allWeeks.map((w) => hoursOf(byWeek.get(w)?.firstAnswerP90Minutes)),
                allWeeks.map(() => PROMISE_HOURS),
              ]}
              series={[
                { label: t.p50Series, stroke: "#1f5f5b", width: 2, points: { show: true } },
                { label: t.p90Series, stroke: "#8a4b08", width: 2, points: { show: true } },
                { label: t.promiseSeries(PROMISE_HOURS), stroke: "#9b1c1c", dash: [6, 4], width: 1, points: { show: false } },
              ]}
            />
            <table aria-labelledby="ans-h" class="stats">
              <thead>
                <tr>
                  <th scope="col">{t.colWeek}</th>
                  <th scope="col">{t.colP50}</th>
                  <th scope="col">{t.colP90}</th>
                </tr>
              </thead>
              <tbody>
                {allWeeks.map((w) => {
                  const r = byWeek.get(w);
                  const p50 = hoursOf(r?.firstAnswerP50Minutes);
                  const p90 = hoursOf(r?.firstAnswerP90Minutes);
                  return (
                    <tr key={w} data-week={w}>
                      <th scope="row">{t.weekOf(w)}</th>
                      <td>{p50 === null ? t.noValue : t.hours(p50)}</td>
                      <td>{p90 === null ? t.noValue : t.hours(p90)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <CsvLink label={st.csvOf(st.answersCsv)} name={`lotse-erste-antwort-${fileTag}.csv`} data={weeklyCsv} />
          </section>
          <OverviewSections overview={overview} from={from} to={to} lang={lang} fileTag={fileTag} />
        </>
      )}
    </>
  );
}

/** Open cases by age, cases by topic, group sessions, live-chat waits: plot, table, CSV each. */
function OverviewSections({ overview, from, to, lang, fileTag }: { overview: StatisticsOverview; from: Date; to: Date; lang: Lang; fileTag: string }) {
  const t = texts[lang];
  const st = statsTexts[lang];
  const ages = overview.openByAge;
  const topics = overview.byTopic;
  const groupWeeks = weeksOfRows(overview.groups, from, to);
  const groupBy = new Map(overview.groups.map((g) => [g.week, g]));
  const liveWeeks = weeksOfRows(overview.liveWaits, from, to);
  const liveBy = new Map(overview.liveWaits.map((g) => [g.week, g]));
  const xsOf = (weeks: readonly string[]) => weeks.map((w) => Date.parse(`${w}T00:00:00Z`) / 1000);
  const minutesOf = (s: number | null | undefined) => (s == null ? null : Math.round((s / 60) * 10) / 10);
  return (
    <>
      <section aria-labelledby="age-h" class="card">
        <h2 id="age-h">{st.ageHeading}</h2>
        <p class="hint">{st.ageIntro}</p>
        <Plot
          label={st.ageHeading}
          scaleLabel={st.colCases}
          categories={ages.map((a) => st.bucket[a.bucket])}
          data={[ages.map((_, i) => i), ages.map((a) => plotValue(a.cases))]}
          series={[{ label: st.ageSeries, stroke: "#1f5f5b", width: 1 }]}
        />
        <table aria-labelledby="age-h" class="stats">
          <thead>
            <tr>
              <th scope="col">{st.colAge}</th>
              <th scope="col">{st.colCases}</th>
            </tr>
          </thead>
          <tbody>
            {ages.map((a) => (
              <tr key={a.bucket} data-bucket={a.bucket}>
                <th scope="row">{st.bucket[a.bucket]}</th>
                <td>{cell(t, a.cases)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CsvLink label={st.csvOf(st.ageHeading)} name={`lotse-offene-faelle-${fileTag}.csv`} data={openByAgeCsv(ages)} />
      </section>
      <section aria-labelledby="topic-h" class="card">
        <h2 id="topic-h">{st.topicHeading}</h2>
        <p class="hint">{st.topicIntro}</p>
        {topics.length === 0 ? (
          <p>{st.noData}</p>
        ) : (
          <>
            <Plot
              label={st.topicHeading}
              scaleLabel={st.colCases}
              categories={topics.map((x) => x.name[lang])}
              data={[topics.map((_, i) => i), topics.map((x) => plotValue(x.opened))]}
              series={[{ label: t.colOpened, stroke: "#1f5f5b", width: 1 }]}
            />
            <table aria-labelledby="topic-h" class="stats">
              <thead>
                <tr>
                  <th scope="col">{st.colTopic}</th>
                  <th scope="col">{t.colOpened}</th>
                  <th scope="col">{t.colOpen}</th>
                  <th scope="col">{t.colClosed}</th>
                </tr>
              </thead>
              <tbody>
                {topics.map((x) => (
                  <tr key={x.topicId} data-topic={x.topicId}>
                    <th scope="row">{x.name[lang]}</th>
                    <td>{cell(t, x.opened)}</td>
                    <td>{cell(t, x.open)}</td>
                    <td>{cell(t, x.closed)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
        <CsvLink label={st.csvOf(st.topicHeading)} name={`lotse-themen-${fileTag}.csv`} data={byTopicCsv(topics, lang)} />
      </section>
      <section aria-labelledby="groups-h" class="card">
        <h2 id="groups-h">{st.groupsHeading}</h2>
        <p class="hint">{st.groupsIntro}</p>
        <Plot
          label={st.groupsHeading}
          scaleLabel={st.colSessions}
          data={[xsOf(groupWeeks), groupWeeks.map((w) => groupBy.get(w)?.sessions ?? 0), groupWeeks.map((w) => plotValue(groupBy.get(w)?.participants ?? 0))]}
          series={[
            { label: st.sessionsSeries, stroke: "#1f5f5b", width: 2, points: { show: true } },
            { label: st.participantsSeries, stroke: "#8a4b08", width: 2, points: { show: true } },
          ]}
        />
        <table aria-labelledby="groups-h" class="stats">
          <thead>
            <tr>
              <th scope="col">{t.colWeek}</th>
              <th scope="col">{st.colSessions}</th>
              <th scope="col">{st.colParticipants}</th>
              <th scope="col">{st.colPerSession}</th>
            </tr>
          </thead>
          <tbody>
            {groupWeeks.map((w) => {
              const g = groupBy.get(w);
              return (
                <tr key={w} data-week={w}>
                  <th scope="row">{t.weekOf(w)}</th>
                  <td>{g?.sessions ?? 0}</td>
                  <td>{cell(t, g?.participants)}</td>
                  <td>{g?.perSession == null ? t.noValue : st.perSession(g.perSession)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <CsvLink label={st.csvOf(st.groupsHeading)} name={`lotse-gruppen-${fileTag}.csv`} data={groupsCsv(groupWeeks, overview.groups)} />
      </section>
      <section aria-labelledby="live-h" class="card">
        <h2 id="live-h">{st.liveHeading}</h2>
        <p class="hint">{st.liveIntro}</p>
        <Plot
          label={st.liveHeading}
          scaleLabel={st.minutesAxis}
          data={[xsOf(liveWeeks), liveWeeks.map((w) => minutesOf(liveBy.get(w)?.waitP50Seconds)), liveWeeks.map((w) => minutesOf(liveBy.get(w)?.waitP90Seconds))]}
          series={[
            { label: t.p50Series, stroke: "#1f5f5b", width: 2, points: { show: true } },
            { label: t.p90Series, stroke: "#8a4b08", width: 2, points: { show: true } },
          ]}
        />
        <table aria-labelledby="live-h" class="stats">
          <thead>
            <tr>
              <th scope="col">{t.colWeek}</th>
              <th scope="col">{st.colChats}</th>
              <th scope="col">{st.colTaken}</th>
              <th scope="col">{st.colNotTaken}</th>
              <th scope="col">{st.colWaitP50}</th>
              <th scope="col">{st.colWaitP90}</th>
            </tr>
          </thead>
          <tbody>
            {liveWeeks.map((w) => {
              const r = liveBy.get(w);
              return (
                <tr key={w} data-week={w}>
                  <th scope="row">{t.weekOf(w)}</th>
                  <td>{cell(t, r?.chats)}</td>
                  <td>{cell(t, r?.taken)}</td>
                  <td>{cell(t, r?.notTaken)}</td>
                  <td>{r?.waitP50Seconds == null ? t.noValue : st.minutes(r.waitP50Seconds)}</td>
                  <td>{r?.waitP90Seconds == null ? t.noValue : st.minutes(r.waitP90Seconds)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <CsvLink label={st.csvOf(st.liveHeading)} name={`lotse-live-chat-${fileTag}.csv`} data={liveWaitsCsv(liveWeeks, overview.liveWaits)} />
      </section>
    </>
  );
}
