// The agency's profile: what seekers see of it (name, address, phone, opening hours, website,
// accessibility, services on site, languages) and how it works (online, team counseling, own
// homeserver). Each field's problem is said next to the field — found here before sending, or
// named by the API's typed error.
import { useEffect, useRef, useState } from "preact/hooks";
import { checkProfile, draftOf, patchOf, type ProfileDraft, type ProfileField, type ProfileProblem } from "../../adminData.ts";
import { type AgencyEntry, CARD_LANGUAGES, type CardLanguage, StaffApiError } from "../../api.ts";
import { adminTexts } from "../../i18nAdmin.ts";
import { type AdminProps, StatusLine, useStatus } from "./shared.tsx";

const textFields: { f: ProfileField; area?: boolean; type?: string; autocomplete?: string }[] = [
  { f: "name" },
  { f: "address", autocomplete: "street-address" },
  { f: "postcode", autocomplete: "postal-code" },
  { f: "city", autocomplete: "address-level2" },
  { f: "phone", type: "tel", autocomplete: "tel" },
  { f: "website", type: "url", autocomplete: "url" },
  { f: "openingHours", area: true },
  { f: "accessibilityNotes", area: true },
  { f: "onSiteServices", area: true },
  { f: "languages" },
  { f: "homeserverServerName" },
  { f: "slug" },
  { f: "embedOrigins", area: true },
];

/** What a field the API refused is most likely missing (its schema's rule for that field). */
const serverProblem: Partial<Record<ProfileField, ProfileProblem>> = {
  phone: "phone",
  website: "website",
  postcode: "postcode",
  languages: "languages",
  onSiteServices: "services",
  homeserverServerName: "server_name",
  slug: "slug",
  embedOrigins: "origins",
  name: "required",
  city: "required",
};

export function Profile(props: AdminProps) {
  const { api, session, agencyId, lang } = props;
  const a = adminTexts[lang];
  const st = useStatus(props);
  const [name, setName] = useState("");
  const [draft, setDraft] = useState<ProfileDraft | null>(null);
  const [problems, setProblems] = useState<Partial<Record<ProfileField, ProfileProblem>>>({});
  const [busy, setBusy] = useState(false);
  const [entry, setEntry] = useState<AgencyEntry | null>(null);
  // The card's language: the snippets are fetched again for it; an answer for a language chosen
  // before is dropped (quick changes of the choice).
  const [cardLang, setCardLang] = useState<CardLanguage>("de-sie");
  const wantedLang = useRef<CardLanguage>("de-sie");
  const loadEntry = (lang = wantedLang.current) =>
    api.agencyEntry(session, agencyId, lang).then(
      (e) => {
        if (e.lang === wantedLang.current) setEntry(e);
      },
      () => setEntry(null),
    );
  const chooseCardLang = (lang: CardLanguage) => {
    wantedLang.current = lang;
    setCardLang(lang);
    void loadEntry(lang);
  };

  useEffect(() => {
    api.agencyDetails(session, agencyId).then(
      (d) => {
        setName(d.name);
        setDraft(draftOf(d));
      },
      (err: unknown) => st.fail(err),
    );
    void loadEntry();
  }, [agencyId, session.token]);

  if (draft === null) return <p role="status">{a.loading}</p>;
  const set = (f: ProfileField, v: string | boolean) => setDraft({ ...draft, [f]: v });
  const problemText = (f: ProfileField) => {
    const p = problems[f];
    return p === undefined ? null : a.problem(p);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    st.clear();
    const found = checkProfile(draft);
    setProblems(found);
    const n = Object.keys(found).length;
    if (n > 0) {
      st.fail(null, a.fixFields(n));
      document.getElementById(`p-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      const saved = await api.updateAgency(session, agencyId, patchOf(draft));
      setName(saved.name);
      setDraft(draftOf(saved));
      st.ok(a.saved);
      void loadEntry();
    } catch (err) {
      // The API names the field it refused ("body/website …"): the note goes next to that field.
      const field = err instanceof StaffApiError ? (err.field as ProfileField | undefined) : undefined;
      if (field !== undefined && field in draft) {
        setProblems({ [field]: serverProblem[field] ?? "too_long" });
        st.fail(err, a.fixFields(1));
      } else st.fail(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="profile-h" class="card">
      <h2 id="profile-h">{a.profileHeading(name)}</h2>
      <p class="hint">{a.profileIntro}</p>
      <form onSubmit={save} noValidate>
        {textFields.map(({ f, area, type, autocomplete }) => {
          const id = `p-${f}`;
          const hint = a.fieldHint[f];
          const problem = problemText(f);
          const described = [hint ? `${id}-hint` : "", problem ? `${id}-err` : ""].filter(Boolean).join(" ") || undefined;
          const common = {
            id,
            name: f,
            value: draft[f] as string,
            "aria-invalid": problem ? ("true" as const) : undefined,
            "aria-describedby": described,
            onInput: (e: Event) => set(f, (e.currentTarget as HTMLInputElement).value),
          };
          return (
            <div key={f} class="field">
              <label for={id}>{a.field[f]}</label>
              {area ? <textarea rows={f === "onSiteServices" ? 4 : 2} {...common} /> : <input type={type ?? "text"} autocomplete={autocomplete} {...common} />}
              {hint && (
                <p id={`${id}-hint`} class="hint">
                  {hint}
                </p>
              )}
              {problem && (
                <p id={`${id}-err`} class="field-error">
                  {problem}
                </p>
              )}
            </div>
          );
        })}
        {(["online", "teamAgency"] as const).map((f) => (
          <div key={f} class="check">
            <input type="checkbox" id={`p-${f}`} checked={draft[f]} onChange={(e) => set(f, e.currentTarget.checked)} />
            <label for={`p-${f}`}>{a.field[f]}</label>
          </div>
        ))}
        <StatusLine status={st.status} error={st.error} />
        <button type="submit" disabled={busy}>
          {a.save}
        </button>
      </form>
      {entry !== null && <Entry entry={entry} lang={lang} cardLang={cardLang} onCardLang={chooseCardLang} />}
    </section>
  );
}

/** The agency's snippets, read-only to copy, in the card language chosen; the card only once sites are listed. */
function Entry({ entry, lang, cardLang, onCardLang }: { entry: AgencyEntry; lang: AdminProps["lang"]; cardLang: CardLanguage; onCardLang(l: CardLanguage): void }) {
  const a = adminTexts[lang];
  const snippet = (id: string, label: string, value: string, rows = 3) => (
    <div class="field">
      <label for={id}>{label}</label>
      <textarea id={id} readOnly rows={rows} value={value} onFocus={(e) => e.currentTarget.select()} />
    </div>
  );
  return (
    <section aria-labelledby="entry-h">
      <h3 id="entry-h">{a.entryHeading}</h3>
      <p class="hint">{a.entryIntro}</p>
      <div class="field">
        <label for="entry-lang">{a.entryLanguage}</label>
        <select id="entry-lang" aria-describedby="entry-lang-hint" value={cardLang} onChange={(e) => onCardLang(e.currentTarget.value as CardLanguage)}>
          {CARD_LANGUAGES.map((l) => (
            <option key={l} value={l}>
              {a.cardLanguage[l]}
            </option>
          ))}
        </select>
        <p id="entry-lang-hint" class="hint">
          {a.entryLanguageHint}
        </p>
      </div>
      {snippet("entry-button", a.entryLinkButton, entry.linkButton)}
      {entry.embedOrigins.length > 0 ? snippet("entry-iframe", a.entryIframe, entry.iframeCard) : <p class="hint">{a.entryIframeNone}</p>}
      {entry.shortLink !== null ? snippet("entry-short", a.entryShortLink, entry.shortLink, 1) : <p class="hint">{a.entryShortLinkNone}</p>}
      {snippet("entry-deep", a.entryDeepLink, entry.deepLink, 1)}
    </section>
  );
}
