// Consultation hours of the agency: the slots (weekly or one-off, who counsels, how long), adding
// and removing one, and blocked days (holidays). Everything through the existing consultation
// API, whose rules (overlaps, the past, bookings cancelled by a removal) stay the store's.
import { useEffect, useState } from "preact/hooks";
import { zonedInstant } from "../../adminData.ts";
import { type ConsultationHours, type ConsultationSlot, type Member, StaffApiError } from "../../api.ts";
import { adminTexts } from "../../i18nAdmin.ts";
import { texts } from "../../i18n.ts";
import { type AdminProps, StatusLine, useStatus } from "./shared.tsx";

export function Hours(props: AdminProps) {
  const { api, session, agencyId, lang } = props;
  const a = adminTexts[lang];
  const t = texts[lang];
  const st = useStatus(props);
  const [hours, setHours] = useState<ConsultationHours | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [kind, setKind] = useState<"weekly" | "once">("weekly");
  const [weekday, setWeekday] = useState(1);
  const [start, setStart] = useState("10:00");
  const [day, setDay] = useState("");
  const [minutes, setMinutes] = useState("30");
  const [counselorId, setCounselorId] = useState("");
  const [blockDay, setBlockDay] = useState("");

  const load = async () => {
    try {
      const [h, m] = await Promise.all([api.consultationHours(session, agencyId), api.members(session, agencyId)]);
      setHours(h);
      setMembers(m);
      setCounselorId((c) => c || (m[0]?.id ?? ""));
    } catch (err) {
      st.fail(err);
    }
  };
  useEffect(() => {
    void load();
  }, [agencyId, session.token]);

  if (hours === null) return <p role="status">{a.loading}</p>;
  const who = (id: string) => members.find((m) => m.id === id)?.displayName ?? "–";
  const when = (s: ConsultationSlot) => (s.weekday !== null && s.start !== null ? a.weekly(s.weekday, s.start) : a.once(s.startsAt!, hours.timeZone));
  const sorted = [...hours.slots].sort((x, y) => (x.weekday ?? 8) - (y.weekday ?? 8) || (x.start ?? "").localeCompare(y.start ?? "") || (x.startsAt ?? "").localeCompare(y.startsAt ?? ""));

  const add = async (e: Event) => {
    e.preventDefault();
    st.clear();
    const length = Number(minutes);
    try {
      await api.addSlot(
        session,
        agencyId,
        kind === "weekly" ? { counselorId, minutes: length, weekday, start } : { counselorId, minutes: length, startsAt: zonedInstant(day, start, hours.timeZone) },
      );
      st.ok(a.slotAdded);
      await load();
    } catch (err) {
      st.fail(err, err instanceof StaffApiError && err.kind === "refused" ? a.slotRefused(err.errcode) : undefined);
    }
  };
  const remove = async (s: ConsultationSlot) => {
    st.clear();
    try {
      const r = await api.removeSlot(session, agencyId, s.slotId);
      st.ok(a.slotRemoved(r.cancelledBookings));
      await load();
    } catch (err) {
      st.fail(err);
    }
  };
  const block = async (e: Event) => {
    e.preventDefault();
    st.clear();
    try {
      const r = await api.blockDay(session, agencyId, blockDay);
      st.ok(a.dayBlocked(a.dayWords(blockDay), r.cancelledBookings));
      setBlockDay("");
      await load();
    } catch (err) {
      st.fail(err);
    }
  };
  const unblock = async (d: string) => {
    st.clear();
    try {
      await api.unblockDay(session, agencyId, d);
      st.ok(a.dayUnblocked(a.dayWords(d)));
      await load();
    } catch (err) {
      st.fail(err);
    }
  };

  return (
    <>
      <StatusLine status={st.status} error={st.error} />
      <section aria-labelledby="hours-h" class="card">
        <h2 id="hours-h">{a.hoursHeading}</h2>
        <p class="hint">{a.hoursIntro(hours.timeZone)}</p>
        {sorted.length === 0 ? (
          <p>{a.noSlots}</p>
        ) : (
          <table aria-labelledby="hours-h">
            <thead>
              <tr>
                <th scope="col">{a.colWhen}</th>
                <th scope="col">{a.colCounselor}</th>
                <th scope="col">{a.colLength}</th>
                <th scope="col">{t.colActions}</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((s) => (
                <tr key={s.slotId} data-slot={s.slotId}>
                  <th scope="row">{when(s)}</th>
                  <td>{who(s.counselorId)}</td>
                  <td>{a.minutes(s.minutes)}</td>
                  <td class="actions">
                    <button type="button" class="secondary" aria-label={a.removeSlotLabel(when(s))} onClick={() => void remove(s)}>
                      {a.removeSlot}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="slot-h" class="card">
        <h2 id="slot-h">{a.addSlotHeading}</h2>
        <form onSubmit={add}>
          <fieldset>
            <legend>{a.kindLabel}</legend>
            <label class="inline">
              <input type="radio" name="kind" value="weekly" checked={kind === "weekly"} onChange={() => setKind("weekly")} /> {a.kindWeekly}
            </label>
            <label class="inline">
              <input type="radio" name="kind" value="once" checked={kind === "once"} onChange={() => setKind("once")} /> {a.kindOnce}
            </label>
          </fieldset>
          {kind === "weekly" ? (
            <>
              <label for="s-weekday">{a.weekdayLabel}</label>
              <select id="s-weekday" value={String(weekday)} onChange={(e) => setWeekday(Number(e.currentTarget.value))}>
                {a.weekday.map((w, i) => (
                  <option key={w} value={String(i + 1)}>
                    {w}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <>
              <label for="s-day">{a.dateLabel}</label>
              <input id="s-day" type="date" required value={day} onInput={(e) => setDay(e.currentTarget.value)} />
            </>
          )}
          <label for="s-start">{a.startLabel}</label>
          <input id="s-start" type="time" required value={start} onInput={(e) => setStart(e.currentTarget.value)} />
          <label for="s-minutes">{a.lengthLabel}</label>
          <input id="s-minutes" type="number" min={5} max={480} step={5} required value={minutes} onInput={(e) => setMinutes(e.currentTarget.value)} />
          <label for="s-counselor">{a.counselorLabel}</label>
          <select id="s-counselor" required value={counselorId} onChange={(e) => setCounselorId(e.currentTarget.value)}>
            {members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.displayName}
              </option>
            ))}
          </select>
          <div>
            <button type="submit">{a.addSlot}</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="blocked-h" class="card">
        <h2 id="blocked-h">{a.blockedHeading}</h2>
        {hours.blockedDays.length === 0 ? (
          <p>{a.noBlocked}</p>
        ) : (
          <ul class="plain">
            {hours.blockedDays.map((d) => (
              <li key={d} data-blocked={d}>
                {a.dayWords(d)}{" "}
                <button type="button" class="secondary" aria-label={a.unblockLabel(a.dayWords(d))} onClick={() => void unblock(d)}>
                  {a.unblock}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={block}>
          <label for="b-day">{a.blockDayLabel}</label>
          <input id="b-day" type="date" required value={blockDay} onInput={(e) => setBlockDay(e.currentTarget.value)} />
          <button type="submit">{a.blockDay}</button>
        </form>
      </section>
    </>
  );
}
