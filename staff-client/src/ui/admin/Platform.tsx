// The platform admin's screen: every agency (name, town, online, topics), the topics with their
// routing settings, the platform admins (add by Matrix ID, remove — not oneself, the API refuses
// that too) and the policy list's bans as a table (read from the policy-list room), with a form to
// ban a Matrix ID or pattern with a reason and a button to lift each ban (the API writes the rule
// into that room; the bridge applies it). Agencies are edited through their own screens and the CSV.
import { useEffect, useRef, useState } from "preact/hooks";
import { type AgencyDetails, type PolicyBans, StaffApiError, TOPIC_NAME_LOCALES, type TopicNameLocale, type TopicSettings } from "../../api.ts";
import { adminTexts } from "../../i18nAdmin.ts";
import { type AdminProps, StatusLine, useStatus } from "./shared.tsx";

/** The `lang` of each name field (Leichte Sprache is German). */
const FIELD_LANG: Record<TopicNameLocale, string> = { "de-leicht": "de", tr: "tr", ar: "ar", uk: "uk" };

export function Platform(props: AdminProps) {
  const { api, session, lang } = props;
  const a = adminTexts[lang];
  const st = useStatus(props);
  const [topicList, setTopicList] = useState<TopicSettings[] | null>(null);
  const [admins, setAdmins] = useState<string[]>([]);
  const [bans, setBans] = useState<PolicyBans | null>(null);
  const [newAdmin, setNewAdmin] = useState("");
  const [banEntity, setBanEntity] = useState("");
  const [banReason, setBanReason] = useState("");

  const load = async () => {
    try {
      const [tp, pa] = await Promise.all([api.topicSettings(session), api.platformAdmins(session)]);
      setTopicList(tp);
      setAdmins(pa);
    } catch (err) {
      st.fail(err);
    }
    // The ban list comes from the homeserver: when it is away, the rest of the screen still shows.
    try {
      setBans(await api.policyBans(session));
    } catch (err) {
      st.fail(err);
    }
  };
  useEffect(() => {
    void load();
  }, [session.token]);
  if (topicList === null) return <p role="status">{a.loading}</p>;
  const topicName = (id: string) => topicList.find((x) => x.id === id)?.name[lang] ?? id;

  const add = async (e: Event) => {
    e.preventDefault();
    const id = newAdmin.trim();
    try {
      await api.addPlatformAdmin(session, id);
      st.ok(a.adminAdded(id));
      setNewAdmin("");
      await load();
    } catch (err) {
      st.fail(err, err instanceof StaffApiError && err.kind === "refused" ? a.adminRefused : undefined);
    }
  };
  const remove = async (id: string) => {
    try {
      await api.removePlatformAdmin(session, id);
      st.ok(a.adminRemoved(id));
      await load();
    } catch (err) {
      st.fail(err);
    }
  };

  const ban = async (e: Event) => {
    e.preventDefault();
    const entity = banEntity.trim();
    try {
      await api.addPolicyBan(session, entity, banReason.trim());
      st.ok(a.banAdded(entity));
      setBanEntity("");
      setBanReason("");
      await load();
    } catch (err) {
      st.fail(err, err instanceof StaffApiError && err.kind === "refused" ? a.banRefused : undefined);
    }
  };
  const saveNames = async (topic: TopicSettings, form: HTMLFormElement) => {
    const data = new FormData(form);
    // Every field sent: a name sets it, an empty field removes it (the app then falls back).
    const names = Object.fromEntries(
      TOPIC_NAME_LOCALES.map((l) => {
        const v = String(data.get(l) ?? "").trim();
        return [l, v === "" ? null : v];
      }),
    ) as Record<TopicNameLocale, string | null>;
    try {
      const saved = await api.updateTopicNames(session, topic.id, names);
      setTopicList((prev) => (prev ?? []).map((t) => (t.id === saved.id ? saved : t)));
      st.ok(a.topicNamesSaved(topic.name[lang]));
    } catch (err) {
      st.fail(err, err instanceof StaffApiError && err.kind === "refused" ? a.topicNamesRefused : undefined);
    }
  };
  const lift = async (entity: string) => {
    try {
      await api.liftPolicyBan(session, entity);
      st.ok(a.banLifted(entity));
      await load();
    } catch (err) {
      st.fail(err);
    }
  };

  return (
    <>
      <h2 class="page-h">{a.platformHeading}</h2>
      <StatusLine status={st.status} error={st.error} />
      <section aria-labelledby="pa-h" class="card">
        <h2 id="pa-h">{a.adminsHeading}</h2>
        <ul class="plain">
          {admins.map((id) => (
            <li key={id} data-platform-admin={id}>
              {id}{" "}
              {id === session.userId ? (
                a.you
              ) : (
                <button type="button" class="secondary" aria-label={a.removeAdminLabel(id)} onClick={() => void remove(id)}>
                  {a.removeAdmin}
                </button>
              )}
            </li>
          ))}
        </ul>
        <form onSubmit={add}>
          <label for="pa-new">{a.addAdminLabel}</label>
          <input id="pa-new" required value={newAdmin} onInput={(e) => setNewAdmin(e.currentTarget.value)} />
          <button type="submit">{a.addAdmin}</button>
        </form>
      </section>
      {bans && (
        <section aria-labelledby="bans-h" class="card">
          <h2 id="bans-h">{a.bansHeading(bans.rules.length)}</h2>
          <p class="hint">{a.bansIntro}</p>
          {!bans.roomExists ? (
            <p>{a.noPolicyRoom}</p>
          ) : bans.rules.length === 0 ? (
            <p>{a.noBans}</p>
          ) : (
            <table aria-labelledby="bans-h">
              <thead>
                <tr>
                  <th scope="col">{a.colEntity}</th>
                  <th scope="col">{a.colRecommendation}</th>
                  <th scope="col">{a.colBanReason}</th>
                  <th scope="col">{a.colBanActions}</th>
                </tr>
              </thead>
              <tbody>
                {bans.rules.map((r) => (
                  <tr key={r.entity} data-ban={r.entity}>
                    <th scope="row">{r.entity}</th>
                    <td>{a.recommendation(r.recommendation)}</td>
                    <td>{r.reason}</td>
                    <td class="actions">
                      <button type="button" class="secondary" aria-label={a.banLiftLabel(r.entity)} onClick={() => void lift(r.entity)}>
                        {a.banLift}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {bans.roomExists && (
            <form onSubmit={ban}>
              <label for="ban-entity">{a.banEntityLabel}</label>
              <input id="ban-entity" required value={banEntity} aria-describedby="ban-entity-hint" onInput={(e) => setBanEntity(e.currentTarget.value)} />
              <p id="ban-entity-hint" class="hint">
                {a.banEntityHint}
              </p>
              <label for="ban-reason">{a.banReasonLabel}</label>
              <input id="ban-reason" required maxLength={300} value={banReason} onInput={(e) => setBanReason(e.currentTarget.value)} />
              <button type="submit">{a.banAdd}</button>
            </form>
          )}
        </section>
      )}
      <AgencyDirectory {...props} topicName={topicName} />
      <section aria-labelledby="tp-h" class="card">
        <h2 id="tp-h">{a.topicsHeading}</h2>
        <p class="hint">{a.topicNamesIntro}</p>
        <table aria-labelledby="tp-h">
          <thead>
            <tr>
              <th scope="col">{a.colTopicName}</th>
              <th scope="col">{a.colMinPostcode}</th>
              <th scope="col">{a.colAges}</th>
              <th scope="col">{a.colTopicNames}</th>
            </tr>
          </thead>
          <tbody>
            {topicList.map((x) => (
              <tr key={x.id} data-topic={x.id}>
                <th scope="row">{x.name[lang]}</th>
                <td>{x.minPostcodeLength}</td>
                <td>{a.ages(x.minAge, x.maxAge)}</td>
                <td>
                  <details>
                    <summary>{a.topicNamesEdit(x.name[lang])}</summary>
                    <form
                      key={TOPIC_NAME_LOCALES.map((l) => x.name[l] ?? "").join("\u0000")}
                      onSubmit={(e) => {
                        e.preventDefault();
                        void saveNames(x, e.currentTarget);
                      }}
                    >
                      {TOPIC_NAME_LOCALES.map((l) => (
                        <div key={l}>
                          <label for={`tn-${x.id}-${l}`}>{a.topicNameLanguage[l]}</label>
                          <input
                            id={`tn-${x.id}-${l}`}
                            name={l}
                            lang={FIELD_LANG[l]}
                            dir={l === "ar" ? "rtl" : "ltr"}
                            maxLength={200}
                            defaultValue={x.name[l] ?? ""}
                          />
                        </div>
                      ))}
                      <button type="submit" aria-label={a.topicNamesSaveLabel(x.name[lang])}>
                        {a.topicNamesSave}
                      </button>
                    </form>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

/** Agencies on one page of the platform screen; at Caritas scale (1,600) the whole list is too long to read. */
export const AGENCY_PAGE_SIZE = 50;

/**
 * Every agency, a page at a time (by name), with a search over name, town, short name and postcode
 * that the API runs: a platform admin finds one agency among 1,600 without the browser holding them all.
 */
function AgencyDirectory(props: AdminProps & { topicName: (id: string) => string }) {
  const { api, session, lang, topicName } = props;
  const a = adminTexts[lang];
  const st = useStatus(props);
  const [query, setQuery] = useState("");
  const [shown, setShown] = useState<{ q: string; offset: number; agencies: AgencyDetails[]; total: number } | null>(null);
  const latest = useRef(0);

  const show = async (q: string, offset: number) => {
    // Only the newest request's answer is shown (a slow earlier page does not overwrite a later one).
    const mine = ++latest.current;
    try {
      const page = await api.agencyPage(session, { q, offset, limit: AGENCY_PAGE_SIZE });
      if (mine !== latest.current) return;
      // The page emptied since the last one was shown (agencies deleted meanwhile): the last page that has any.
      if (page.agencies.length === 0 && page.total > 0 && offset > 0) {
        void show(q, Math.floor((page.total - 1) / AGENCY_PAGE_SIZE) * AGENCY_PAGE_SIZE);
        return;
      }
      setShown({ q, offset, ...page });
    } catch (err) {
      if (mine === latest.current) st.fail(err);
    }
  };
  useEffect(() => {
    void show("", 0);
  }, [session.token]);

  const search = (e: Event) => {
    e.preventDefault();
    void show(query.trim(), 0);
  };

  return (
    <section aria-labelledby="ag-h" class="card">
      <h2 id="ag-h">{a.agenciesHeading(shown?.total ?? 0)}</h2>
      <StatusLine status={st.status} error={st.error} />
      <form role="search" onSubmit={search}>
        <label for="ag-q">{a.agencySearchLabel}</label>
        <input id="ag-q" type="search" maxLength={100} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <button type="submit">{a.agencySearch}</button>
      </form>
      {shown === null ? (
        <p role="status">{a.loading}</p>
      ) : shown.agencies.length === 0 ? (
        <p role="status">{shown.q === "" ? a.noAgencies : a.agencyNone(shown.q)}</p>
      ) : (
        <>
          <p role="status" data-agency-range>
            {a.agencyRange(shown.offset + 1, shown.offset + shown.agencies.length, shown.total, shown.q)}
          </p>
          <table aria-labelledby="ag-h">
            <thead>
              <tr>
                <th scope="col">{a.field.name}</th>
                <th scope="col">{a.colCity}</th>
                <th scope="col">{a.colOnline}</th>
                <th scope="col">{a.colTopics}</th>
              </tr>
            </thead>
            <tbody>
              {shown.agencies.map((x) => (
                <tr key={x.id} data-agency={x.id}>
                  <th scope="row">{x.name}</th>
                  <td>{x.city}</td>
                  <td>{x.online ? a.yes : a.no}</td>
                  <td>{x.topics.map((t) => topicName(t.topicId)).join(", ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav aria-label={a.agencyPagesLabel} class="actions">
            <button type="button" class="secondary" disabled={shown.offset === 0} onClick={() => void show(shown.q, Math.max(0, shown.offset - AGENCY_PAGE_SIZE))}>
              {a.pagePrev}
            </button>{" "}
            <button
              type="button"
              class="secondary"
              disabled={shown.offset + shown.agencies.length >= shown.total}
              onClick={() => void show(shown.q, shown.offset + AGENCY_PAGE_SIZE)}
            >
              {a.pageNext}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
