// An agency admin's statistics: new enquiries per week and the time to the first answer (median
// and 90th percentile) against the 48-hour promise, over a chosen period. Plots drawn by uPlot
// (a small, well-kept canvas charting library); the same numbers in a table below each plot (for
// screen readers and for checking), and a CSV download of each. Counts come from the API already
// suppressed below five ("< 5"): a suppressed week is a gap in the plot, never a guessed number.
import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type Count, type StaffApi, StaffApiError, type StaffSession, type StatisticsRow } from "../api.ts";
import { plotValue, statisticsCsv, weeksOf } from "../statsData.ts";
import { type Lang, type StaffTexts, texts } from "../i18n.ts";

const WEEK_MS = 7 * 24 * 3_600_000;
const PROMISE_HOURS = 48;
const PERIODS = [4, 12, 26, 52] as const;

type Props = { api: StaffApi; session: StaffSession; agencyId: string; lang: Lang; now?: () => number; onExpired(): void };

function Plot({ label, data, series, scaleLabel }: { label: string; data: uPlot.AlignedData; series: uPlot.Series[]; scaleLabel: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const width = Math.max(280, Math.min(900, box.current.clientWidth || 640));
    const plot = new uPlot(
      {
        width,
        height: 240,
        scales: { x: { time: true } },
        axes: [{}, { label: scaleLabel }],
        series: [{}, ...series],
        legend: { show: true },
      },
      data,
      box.current,
    );
    return () => plot.destroy();
  }, [JSON.stringify(data), JSON.stringify(series.map((s) => s.label))]);
  // The canvas is a picture of the table below it.
  return <div ref={box} role="img" aria-label={label} class="plot" />;
}

function cell(_t: StaffTexts, c: Count | undefined): string {
  return c === undefined ? "0" : String(c);
}

export function Statistics({ api, session, agencyId, lang, now = Date.now, onExpired }: Props) {
  const t = texts[lang];
  const [agencyName, setAgencyName] = useState("");
  useEffect(() => {
    api.agency(session, agencyId).then((a) => setAgencyName(a.name), () => undefined);
  }, [agencyId, session.token]);
  const [weeks, setWeeks] = useState<(typeof PERIODS)[number]>(12);
  const [rows, setRows] = useState<StatisticsRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const to = new Date(now());
  const from = new Date(to.getTime() - weeks * WEEK_MS);

  useEffect(() => {
    setRows(null);
    setError(null);
    api
      .statistics(session, agencyId, from, to)
      .then((r) => setRows(r.rows))
      .catch((err: unknown) => {
        if (err instanceof StaffApiError && err.kind === "expired") return onExpired();
        setError(t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
      });
  }, [weeks, agencyId, session.token]);

  const allWeeks = rows ? weeksOf(rows, from, to) : [];
  const byWeek = new Map((rows ?? []).map((r) => [r.week, r]));
  const xs = allWeeks.map((w) => Date.parse(`${w}T00:00:00Z`) / 1000);
  const hoursOf = (m: number | null | undefined) => (m == null ? null : Math.round((m / 60) * 10) / 10);
  const csvHref = useMemo(() => (rows ? URL.createObjectURL(new Blob([statisticsCsv(allWeeks, rows)], { type: "text/csv;charset=utf-8" })) : undefined), [rows]);
  useEffect(() => () => void (csvHref && URL.revokeObjectURL(csvHref)), [csvHref]);

  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <section aria-labelledby="stats-h" class="card">
        <h2 id="stats-h">{t.statsHeading(agencyName)}</h2>
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
      {rows && (
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
            {csvHref && (
              <a class="download" href={csvHref} download={`lotse-statistik-${allWeeks[0] ?? ""}.csv`}>
                {t.csvDownload(t.statsHeading(agencyName))}
              </a>
            )}
          </section>
        </>
      )}
    </>
  );
}
