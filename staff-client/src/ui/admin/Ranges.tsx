// Postcode ranges per topic, edited as a list of lines (each line's problem in words next to it,
// found before anything is sent), and the check "which agency does postcode X get for topic Y",
// answered by the API from the live routing index — the seeker search's own.
import { useEffect, useState } from "preact/hooks";
import { checkRangeLines, type RangeProblem } from "../../adminData.ts";
import { type AgencyDetails, type PostcodeRange, type RoutingCheck, StaffApiError, type Topic } from "../../api.ts";
import { adminTexts } from "../../i18nAdmin.ts";
import { type AdminProps, StatusLine, useStatus } from "./shared.tsx";

export function Ranges(props: AdminProps) {
  const { api, session, agencyId, lang } = props;
  const a = adminTexts[lang];
  const st = useStatus(props);
  const [agency, setAgency] = useState<AgencyDetails | null>(null);
  const [topics, setTopics] = useState<Topic[]>([]);
  const [topicId, setTopicId] = useState("");
  const [lines, setLines] = useState<PostcodeRange[]>([]);
  const [problems, setProblems] = useState<(RangeProblem | null)[]>([]);
  const [checkTopic, setCheckTopic] = useState("");
  const [postcode, setPostcode] = useState("");
  const [result, setResult] = useState<{ r: RoutingCheck; topic: string; postcode: string } | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);

  const linesOf = (d: AgencyDetails, id: string) => d.topics.find((x) => x.topicId === id)?.ranges.map((r) => ({ ...r })) ?? [];
  useEffect(() => {
    Promise.all([api.agencyDetails(session, agencyId), api.topics()]).then(([d, list]) => {
      setAgency(d);
      setTopics(list);
      const first = d.topics[0]?.topicId ?? list[0]?.id ?? "";
      setTopicId(first);
      setCheckTopic(first);
      setLines(linesOf(d, first));
    }, (err: unknown) => st.fail(err));
  }, [agencyId, session.token]);

  if (agency === null) return <p role="status">{a.loading}</p>;
  const topicName = (id: string) => topics.find((x) => x.id === id)?.name[lang] ?? id;
  const chooseTopic = (id: string) => {
    setTopicId(id);
    setLines(linesOf(agency, id));
    setProblems([]);
    st.clear();
  };
  const setLine = (i: number, key: "from" | "to", v: string) => setLines(lines.map((l, j) => (j === i ? { ...l, [key]: v } : l)));

  const save = async (e: Event) => {
    e.preventDefault();
    st.clear();
    const found = checkRangeLines(lines);
    setProblems(found);
    const bad = found.findIndex((p) => p !== null);
    if (bad >= 0) {
      st.fail(null, a.fixFields(found.filter((p) => p !== null).length));
      document.getElementById(found[bad]!.kind === "to_format" ? `r-to-${bad}` : `r-from-${bad}`)?.focus();
      return;
    }
    try {
      const ranges = lines.map((l) => ({ from: l.from.trim(), to: l.to.trim() }));
      const d = await api.setRanges(session, agencyId, topicId, ranges);
      setAgency(d);
      setLines(linesOf(d, topicId));
      st.ok(a.rangesSaved(topicName(topicId), ranges.length));
    } catch (err) {
      st.fail(err);
    }
  };

  const runCheck = async (e: Event) => {
    e.preventDefault();
    setCheckError(null);
    setResult(null);
    const pc = postcode.trim();
    try {
      setResult({ r: await api.routingCheck(session, agencyId, checkTopic, pc), topic: topicName(checkTopic), postcode: pc });
    } catch (err) {
      if (err instanceof StaffApiError && err.kind === "expired") return props.onExpired();
      setCheckError(err instanceof StaffApiError && err.kind === "refused" ? a.checkRefused : null);
      if (!(err instanceof StaffApiError && err.kind === "refused")) st.fail(err);
    }
  };

  const topicOptions = topics.map((x) => (
    <option key={x.id} value={x.id}>
      {x.name[lang]}
    </option>
  ));

  return (
    <>
      <section aria-labelledby="ranges-h" class="card">
        <h2 id="ranges-h">{a.rangesHeading}</h2>
        <p class="hint">{a.rangesIntro}</p>
        <label for="r-topic">{a.topicLabel}</label>
        <select id="r-topic" value={topicId} onChange={(e) => chooseTopic(e.currentTarget.value)}>
          {topicOptions}
        </select>
        <form onSubmit={save} noValidate>
          <ol class="ranges">
            {lines.map((l, i) => {
              const p = problems[i] ?? null;
              const err = p ? `r-err-${i}` : undefined;
              return (
                <li key={i} data-range-line={i + 1}>
                  <span class="range-no">{a.rangeLine(i + 1)}</span>
                  <span class="range-inputs">
                    <input id={`r-from-${i}`} inputMode="numeric" maxLength={5} aria-label={a.rangeFromLabel(i + 1)} aria-invalid={p && p.kind !== "to_format" ? "true" : undefined} aria-describedby={err} value={l.from} onInput={(e) => setLine(i, "from", e.currentTarget.value)} />
                    <span aria-hidden="true">–</span>
                    <input id={`r-to-${i}`} inputMode="numeric" maxLength={5} aria-label={a.rangeToLabel(i + 1)} aria-invalid={p && p.kind !== "from_format" ? "true" : undefined} aria-describedby={err} value={l.to} onInput={(e) => setLine(i, "to", e.currentTarget.value)} />
                    <button type="button" class="secondary" aria-label={a.removeLine(i + 1)} onClick={() => {
                      setLines(lines.filter((_, j) => j !== i));
                      setProblems([]);
                    }}>
                      ✕
                    </button>
                  </span>
                  {p && (
                    <p id={err} class="field-error">
                      {a.rangeProblem(p)}
                    </p>
                  )}
                </li>
              );
            })}
          </ol>
          <button type="button" class="secondary" onClick={() => {
            setLines([...lines, { from: "", to: "" }]);
            setTimeout(() => document.getElementById(`r-from-${lines.length}`)?.focus(), 0);
          }}>
            {a.addLine}
          </button>{" "}
          <button type="submit" disabled={topicId === ""}>
            {a.saveRanges}
          </button>
          <StatusLine status={st.status} error={st.error} />
        </form>
      </section>
      <section aria-labelledby="check-h" class="card">
        <h2 id="check-h">{a.checkHeading}</h2>
        <p class="hint">{a.checkIntro}</p>
        <form onSubmit={runCheck}>
          <label for="c-topic">{a.topicLabel}</label>
          <select id="c-topic" value={checkTopic} onChange={(e) => setCheckTopic(e.currentTarget.value)}>
            {topicOptions}
          </select>
          <label for="c-postcode">{a.postcodeLabel}</label>
          <input id="c-postcode" inputMode="numeric" maxLength={5} required value={postcode} onInput={(e) => setPostcode(e.currentTarget.value)} />
          <button type="submit">{a.checkButton}</button>
        </form>
        <div aria-live="polite" class="live">
          {result && (
            <p class="notice" data-check-result>
              {a.checkResult(result.r, result.topic, result.postcode)}
            </p>
          )}
          {checkError && (
            <p class="error" role="alert">
              {checkError}
            </p>
          )}
        </div>
      </section>
    </>
  );
}
