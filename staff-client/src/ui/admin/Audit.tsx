// The agency's audit log: who changed what, and when — filtered by part of the actor's Matrix ID,
// by kind of change and by days. Only the agency's own entries (the API decides).
import { useEffect, useState } from "preact/hooks";
import { auditWindow } from "../../adminData.ts";
import type { AuditEntry, AuditFilter } from "../../api.ts";
import { adminTexts } from "../../i18nAdmin.ts";
import { type AdminProps, StatusLine, useStatus } from "./shared.tsx";

/** A short, readable summary of an entry's details (field names, topic, ranges, counts). */
function detailsOf(d: unknown): string {
  if (typeof d !== "object" || d === null) return "";
  return Object.entries(d as Record<string, unknown>)
    .filter(([k]) => k !== "counselorId")
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : typeof v === "object" && v !== null ? JSON.stringify(v) : String(v)}`)
    .join("; ");
}

export function Audit(props: AdminProps) {
  const { api, session, agencyId, lang } = props;
  const a = adminTexts[lang];
  const st = useStatus(props);
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");

  const load = async (filter: AuditFilter) => {
    st.clear();
    try {
      setEntries(await api.audit(session, agencyId, filter));
    } catch (err) {
      st.fail(err);
    }
  };
  useEffect(() => {
    void load({});
  }, [agencyId, session.token]);

  return (
    <>
      <section aria-labelledby="audit-h" class="card">
        <h2 id="audit-h">{a.auditHeading}</h2>
        <p class="hint">{a.auditIntro}</p>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            void load({ actor: actor.trim(), action, ...auditWindow(fromDay, toDay) });
          }}
        >
          <div>
            <label for="f-who">{a.filterWho}</label>
            <input id="f-who" value={actor} onInput={(e) => setActor(e.currentTarget.value)} />
          </div>
          <div>
            <label for="f-what">{a.filterWhat}</label>
            <select id="f-what" value={action} onChange={(e) => setAction(e.currentTarget.value)}>
              <option value="">{a.anyAction}</option>
              {Object.entries(a.actionGroups).map(([k, v]) => (
                <option key={k} value={k}>
                  {v}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-from">{a.filterFrom}</label>
            <input id="f-from" type="date" value={fromDay} onInput={(e) => setFromDay(e.currentTarget.value)} />
          </div>
          <div>
            <label for="f-to">{a.filterTo}</label>
            <input id="f-to" type="date" value={toDay} onInput={(e) => setToDay(e.currentTarget.value)} />
          </div>
          <div>
            <button type="submit">{a.filterApply}</button>
          </div>
        </form>
        <StatusLine status={st.status} error={st.error} />
      </section>
      {entries !== null && (
        <div class="card">
          {entries.length === 0 ? (
            <p>{a.noEntries}</p>
          ) : (
            <table aria-labelledby="audit-h">
              <thead>
                <tr>
                  <th scope="col">{a.colAt}</th>
                  <th scope="col">{a.colWho}</th>
                  <th scope="col">{a.colWhat}</th>
                  <th scope="col">{a.colDetails}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-audit={e.action}>
                    <td>{a.at(e.at)}</td>
                    <td>{e.actor}</td>
                    <th scope="row">{a.actionWord(e.action)}</th>
                    <td class="details">{detailsOf(e.details)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </>
  );
}
