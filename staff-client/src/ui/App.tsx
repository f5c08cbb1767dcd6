// The console's screens: sign-in, then the counselor's cases (mine, and waiting in the pool) with
// take / give back / close — the same rules as the bot's commands, through the same staff API —
// and the absence message. Never message content (the console cannot decrypt) and never a
// seeker's pseudonym (the API does not hand one out here).
import { useEffect, useState } from "preact/hooks";
import { type CaseAction, type LiveDuty, type LoginOptions, serverNameOf, type SsoProvider, type StaffApi, StaffApiError, type StaffCase, type StaffSession, type TrustedHomeserver } from "../api.ts";
import { type Lang, texts } from "../i18n.ts";
import { Team } from "./Team.tsx";

/** The agency admin's further screens, each its own chunk loaded when first opened. */
const adminViews = ["profile", "ranges", "hours", "csv", "audit"] as const;
type AdminView = (typeof adminViews)[number] | "platform";
type View = "cases" | "team" | "stats" | AdminView;
const adminNav = { profile: "navProfile", ranges: "navRanges", hours: "navHours", csv: "navCsv", audit: "navAudit" } as const;

export type SessionStore = { load(): StaffSession | null; save(s: StaffSession | null): void };

/**
 * Single sign-on across the redirect: the console remembers only which homeserver was chosen
 * (sessionStorage) and, back with `?loginToken=…`, hands the token over once (already removed
 * from the address bar). Absent: the console offers password sign-in only.
 */
export type SsoRedirect = {
  /** Remember `serverName` and leave for the homeserver's SSO page (`url`). */
  go(serverName: string, url: string): void;
  /** Where the homeserver sends the browser back to: this console's address without a query. */
  returnTo(): string;
  /** The login token the console came back with and the homeserver remembered (once; null: none). */
  take(): { serverName: string | null; loginToken: string } | null;
};

type Props = { api: StaffApi; store: SessionStore; lang: Lang; onLang(l: Lang): void; now?: () => number; sso?: SsoRedirect };

export function App({ api, store, lang, onLang, now = Date.now, sso }: Props) {
  const t = texts[lang];
  const [session, setSession] = useState<StaffSession | null>(() => {
    const s = store.load();
    return s && s.expiresAt > now() ? s : null;
  });
  const [notice, setNotice] = useState<string | null>(null);
  const [view, setView] = useState<View>("cases");
  // The agency an admin manages (their first; the team screen shows only agencies they administer).
  const adminAgency = session?.roles.find((r) => r.role === "agency_admin" && r.agencyId !== null)?.agencyId ?? null;
  const platformAdmin = session?.roles.some((r) => r.role === "platform_admin") ?? false;

  const signOut = (message: string | null) => {
    store.save(null);
    setSession(null);
    setView("cases");
    setNotice(message);
  };

  // A clear re-login when the staff token runs out (15 minutes): the screen says so.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(() => signOut(t.expired), Math.max(0, session.expiresAt - now()));
    return () => clearTimeout(timer);
  }, [session]);

  return (
    <div class="page">
      <header class="top">
        <h1 class="brand">{t.title}</h1>
        <label class="lang">
          {t.languageLabel}{" "}
          <select value={lang} onChange={(e) => onLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
            <option value="de" lang="de">
              Deutsch
            </option>
            <option value="en" lang="en">
              English
            </option>
          </select>
        </label>
        {session && (
          <div class="who">
            <span>{t.signedInAs(session.userId)}</span>{" "}
            <button type="button" onClick={() => signOut(null)}>
              {t.signOut}
            </button>
          </div>
        )}
      </header>
      {session && (adminAgency !== null || platformAdmin) && (
        <nav aria-label={t.title} class="nav">
          <button type="button" class="secondary" aria-current={view === "cases" ? "page" : undefined} onClick={() => setView("cases")}>
            {t.navCases}
          </button>{" "}
          {adminAgency !== null && (
            <>
              <button type="button" class="secondary" aria-current={view === "team" ? "page" : undefined} onClick={() => setView("team")}>
                {t.navTeam}
              </button>{" "}
            </>
          )}
          <button type="button" class="secondary" aria-current={view === "stats" ? "page" : undefined} onClick={() => setView("stats")}>
            {t.navStats}
          </button>
          {adminAgency !== null && adminViews.map((v) => (
            <span key={v}>
              {" "}
              <button type="button" class="secondary" aria-current={view === v ? "page" : undefined} onClick={() => setView(v)}>
                {t[adminNav[v]]}
              </button>
            </span>
          ))}
          {platformAdmin && (
            <>
              {" "}
              <button type="button" class="secondary" aria-current={view === "platform" ? "page" : undefined} onClick={() => setView("platform")}>
                {t.navPlatform}
              </button>
            </>
          )}
        </nav>
      )}
      <main>
        {session && view === "platform" && platformAdmin ? (
          <LazyAdmin key={view} view="platform" api={api} session={session} agencyId={adminAgency ?? ""} lang={lang} onExpired={() => signOut(t.expired)} />
        ) : session && adminAgency !== null && (adminViews as readonly string[]).includes(view) ? (
          <LazyAdmin key={view} view={view as AdminView} api={api} session={session} agencyId={adminAgency} lang={lang} onExpired={() => signOut(t.expired)} />
        ) : session && view === "stats" && (adminAgency !== null || platformAdmin) ? (
          <LazyStatistics api={api} session={session} agencyId={adminAgency} platformAdmin={platformAdmin} lang={lang} now={now} onExpired={() => signOut(t.expired)} />
        ) : session && view === "team" && adminAgency !== null ? (
          <Team api={api} session={session} agencyId={adminAgency} lang={lang} onExpired={() => signOut(t.expired)} />
        ) : session ? (
          <Cases api={api} session={session} lang={lang} now={now} onExpired={() => signOut(t.expired)} />
        ) : (
          <SignIn
            api={api}
            sso={sso}
            lang={lang}
            notice={notice}
            onSignedIn={(s) => {
              store.save(s);
              setNotice(null);
              setSession(s);
            }}
          />
        )}
      </main>
    </div>
  );
}

function SignIn({ api, sso, lang, notice, onSignedIn }: { api: StaffApi; sso: SsoRedirect | undefined; lang: Lang; notice: string | null; onSignedIn(s: StaffSession): void }) {
  const t = texts[lang];
  const [matrixId, setMatrixId] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The trusted homeservers, the one chosen (picker, or the Matrix ID's server part) and how it
  // lets people log in (password, single sign-on with its identity providers).
  const [homeservers, setHomeservers] = useState<TrustedHomeserver[]>([]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [options, setOptions] = useState<LoginOptions | null>(null);

  const fail = (err: unknown) => setError(t.error(err instanceof StaffApiError ? err.kind : "unexpected"));

  useEffect(() => {
    // Back from the homeserver's single sign-on: the same sign-in path as with a password.
    const back = sso?.take() ?? null;
    if (back) {
      setBusy(true);
      (back.serverName === null ? Promise.reject(new StaffApiError("sso_expired", 0)) : api.signInWithToken(back.serverName, back.loginToken))
        .then(onSignedIn, fail)
        .finally(() => setBusy(false));
    }
    if (!sso) return;
    api.homeservers().then((list) => {
      setHomeservers(list);
      setChosen((c) => c ?? list[0]?.serverName ?? null);
    }, () => undefined);
  }, []);

  useEffect(() => {
    setOptions(null);
    if (!sso || chosen === null) return;
    let live = true;
    // Unknown flows (homeserver unreachable): the password form stays, its sign-in says why.
    api.loginOptions(chosen).then((o) => live && setOptions(o), () => undefined);
    return () => {
      live = false;
    };
  }, [chosen]);

  const onMatrixId = (value: string) => {
    setMatrixId(value);
    const server = serverNameOf(value);
    if (server && homeservers.some((h) => h.serverName === server)) setChosen(server);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await api.signIn(matrixId, password));
    } catch (err) {
      fail(err);
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  const startSso = async (provider: SsoProvider) => {
    if (!sso || !options) return;
    setError(null);
    try {
      sso.go(options.serverName, await api.ssoRedirectUrl(options.serverName, provider, sso.returnTo()));
    } catch (err) {
      fail(err);
    }
  };

  const providers = options?.sso ?? [];
  const ssoOffered = providers.length > 0;
  const passwordOffered = options === null || options.password;
  return (
    <section aria-labelledby="signin-h" class="card">
      <h2 id="signin-h">{t.signInHeading}</h2>
      <p>{t.signInIntro}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {homeservers.length > 1 && (
        <p>
          <label for="homeserver">{t.homeserverLabel}</label>{" "}
          <select id="homeserver" value={chosen ?? ""} onChange={(e) => setChosen((e.currentTarget as HTMLSelectElement).value)}>
            {homeservers.map((h) => (
              <option key={h.serverName} value={h.serverName}>
                {h.serverName}
              </option>
            ))}
          </select>
        </p>
      )}
      {ssoOffered && (
        <p class="sso">
          {providers.map((p) => (
            <span key={p.id ?? ""}>
              <button type="button" disabled={busy} onClick={() => void startSso(p)}>
                {t.ssoButton(p.name)}
              </button>{" "}
            </span>
          ))}
        </p>
      )}
      {error && !passwordOffered && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {ssoOffered && passwordOffered && <p>{t.passwordOr}</p>}
      {passwordOffered && (
        <form onSubmit={submit}>
          <label for="matrix-id">{t.matrixIdLabel}</label>
          <input id="matrix-id" name="matrix-id" autocomplete="username" required value={matrixId} aria-describedby="matrix-id-hint" onInput={(e) => onMatrixId(e.currentTarget.value)} />
          <p id="matrix-id-hint" class="hint">
            {t.matrixIdHint}
          </p>
          <label for="password">{t.passwordLabel}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          {error && (
            <p class="error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t.signingIn : t.signInButton}
          </button>
        </form>
      )}
    </section>
  );
}

function Cases({ api, session, lang, now, onExpired }: { api: StaffApi; session: StaffSession; lang: Lang; now: () => number; onExpired(): void }) {
  const t = texts[lang];
  const [cases, setCases] = useState<StaffCase[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [absence, setAbsence] = useState("");

  const fail = (err: unknown) => {
    if (err instanceof StaffApiError && err.kind === "expired") return onExpired();
    setError(t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
  };
  const load = async () => {
    try {
      setCases(await api.cases(session));
    } catch (err) {
      fail(err);
    }
  };
  useEffect(() => {
    void load();
  }, [session.token]);

  const act = async (n: number, action: CaseAction & ("take" | "release" | "close")) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      await api.act(session, n, action);
      setStatus(t.done(n, action));
    } catch (err) {
      fail(err);
    } finally {
      await load();
      setBusy(false);
    }
  };
  const saveAbsence = async (message: string | null) => {
    setError(null);
    setStatus(null);
    try {
      const r = await api.setAbsence(session, message);
      setStatus(message === null ? t.absenceCleared : t.absenceSaved(r.openCases));
      if (message === null) setAbsence("");
    } catch (err) {
      fail(err);
    }
  };

  const mine = (cases ?? []).filter((c) => c.mine);
  const waiting = (cases ?? []).filter((c) => c.status === "new");
  const state = (c: StaffCase) => (c.status === "new" ? t.waitingSince(now() - Date.parse(c.createdAt)) : c.firstAnswerAt ? t.answered : t.status[c.status]);

  const table = (rows: StaffCase[], id: string, actions: (c: StaffCase) => preact.JSX.Element) => (
    <table aria-labelledby={id}>
      <thead>
        <tr>
          <th scope="col">{t.colCase}</th>
          <th scope="col">{t.colTopic}</th>
          <th scope="col">{t.colAgency}</th>
          <th scope="col">{t.colRegion}</th>
          <th scope="col">{t.colState}</th>
          <th scope="col">{t.colActions}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.caseId} data-case={c.caseNumber}>
            <th scope="row">{t.caseLabel(c.caseNumber)}</th>
            <td>{c.topic.name}</td>
            <td>{c.agency.name}</td>
            <td>{c.postcodeRegion ? `${c.postcodeRegion}xxx` : t.regionUnknown}</td>
            <td>{state(c)}</td>
            <td class="actions">{actions(c)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );

  return (
    <>
      <p class="hint">{t.noContentNote}</p>
      <div aria-live="polite" class="live">
        {status && <p class="notice">{status}</p>}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
      <section aria-labelledby="mine-h" class="card">
        <h2 id="mine-h">{t.mineHeading(mine.length)}</h2>
        {cases !== null && mine.length === 0 ? (
          <p>{t.noMine}</p>
        ) : (
          table(mine, "mine-h", (c) => (
            <>
              <button type="button" disabled={busy} aria-label={t.releaseLabel(c.caseNumber)} onClick={() => act(c.caseNumber, "release")}>
                {t.release}
              </button>{" "}
              <button type="button" disabled={busy} aria-label={t.closeLabel(c.caseNumber)} onClick={() => act(c.caseNumber, "close")}>
                {t.close}
              </button>
            </>
          ))
        )}
      </section>
      <section aria-labelledby="waiting-h" class="card">
        <h2 id="waiting-h">{t.waitingHeading(waiting.length)}</h2>
        {cases !== null && waiting.length === 0 ? (
          <p>{t.noWaiting}</p>
        ) : (
          table(waiting, "waiting-h", (c) => (
            <button type="button" disabled={busy} aria-label={t.takeLabel(c.caseNumber)} onClick={() => act(c.caseNumber, "take")}>
              {t.take}
            </button>
          ))
        )}
        <button type="button" class="secondary" onClick={() => void load()}>
          {t.reload}
        </button>
      </section>
      <LiveDutyCard api={api} session={session} lang={lang} onExpired={onExpired} />
      <section aria-labelledby="absence-h" class="card">
        <h2 id="absence-h">{t.absenceHeading}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void saveAbsence(absence.trim());
          }}
        >
          <label for="absence">{t.absenceLabel}</label>
          <textarea id="absence" maxLength={500} required rows={2} value={absence} onInput={(e) => setAbsence(e.currentTarget.value)} />
          <button type="submit">{t.absenceSet}</button>{" "}
          <button type="button" class="secondary" onClick={() => void saveAbsence(null)}>
            {t.absenceClear}
          </button>
        </form>
      </section>
    </>
  );
}

const DUTY_LENGTHS = [30, 60, 120, 240] as const;

/** Live duty on / off and until when — the bot's `!dienst an|aus`, through the staff API. */
function LiveDutyCard({ api, session, lang, onExpired }: { api: StaffApi; session: StaffSession; lang: Lang; onExpired(): void }) {
  const t = texts[lang];
  const [duty, setDuty] = useState<LiveDuty | null>(null);
  const [length, setLength] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [hidden, setHidden] = useState(false);
  useEffect(() => {
    api.liveDuty(session).then(setDuty, (err: unknown) => {
      if (err instanceof StaffApiError && err.kind === "expired") return onExpired();
      // Not a counselor (e.g. a platform admin only): no live duty to show.
      if (err instanceof StaffApiError && err.status === 403) return setHidden(true);
      setError(t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
    });
  }, [session.token]);
  if (hidden) return null;
  const run = async (on: boolean) => {
    setBusy(true);
    setError(null);
    setStatus(null);
    try {
      const d = on ? await api.startLiveDuty(session, length === "" ? undefined : Number(length)) : await api.endLiveDuty(session);
      setDuty(d);
      setStatus(on && d.until ? t.dutyStarted(t.clock(d.until), d.bySlot === true) : t.dutyEnded);
    } catch (err) {
      if (err instanceof StaffApiError && err.kind === "expired") return onExpired();
      setError(t.error(err instanceof StaffApiError ? err.kind : "unexpected"));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="duty-h" class="card">
      <h2 id="duty-h">{t.dutyHeading}</h2>
      <p class="hint">{t.dutyIntro}</p>
      <div aria-live="polite" class="live">
        {status && <p class="notice">{status}</p>}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
      {duty && (
        <>
          <p id="duty-state">{duty.onDuty && duty.until ? t.dutyOnUntil(t.clock(duty.until), duty.waiting) : t.dutyOff}</p>
          {duty.topics.length > 0 && <p class="hint">{t.dutyTopics(duty.topics.map((x) => x[lang]).join(", "))}</p>}
          <label for="duty-length">{t.dutyLengthLabel}</label>
          <select id="duty-length" value={length} onChange={(e) => setLength((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t.dutyLengthAuto}</option>
            {DUTY_LENGTHS.map((m) => (
              <option key={m} value={String(m)}>
                {t.dutyLengthMinutes(m)}
              </option>
            ))}
          </select>{" "}
          <button type="button" disabled={busy} onClick={() => void run(true)}>
            {t.dutyStart}
          </button>{" "}
          {duty.onDuty && (
            <button type="button" class="secondary" disabled={busy} onClick={() => void run(false)}>
              {t.dutyEnd}
            </button>
          )}
        </>
      )}
    </section>
  );
}

type StatisticsProps = Parameters<typeof import("./Statistics.tsx").Statistics>[0];

/** The statistics screen and its charting library load only when an admin opens it. */
function LazyStatistics(props: StatisticsProps) {
  const [Screen, setScreen] = useState<((p: StatisticsProps) => preact.JSX.Element) | null>(null);
  useEffect(() => {
    void import("./Statistics.tsx").then((m) => setScreen(() => m.Statistics));
  }, []);
  return Screen ? <Screen {...props} /> : <p role="status">…</p>;
}

type AdminProps = import("./admin/shared.tsx").AdminProps;
type AdminScreen = (p: AdminProps) => preact.JSX.Element;
const adminLoaders: Record<AdminView, () => Promise<AdminScreen>> = {
  profile: () => import("./admin/Profile.tsx").then((m) => m.Profile),
  ranges: () => import("./admin/Ranges.tsx").then((m) => m.Ranges),
  hours: () => import("./admin/Hours.tsx").then((m) => m.Hours),
  csv: () => import("./admin/CsvTeam.tsx").then((m) => m.CsvTeam),
  audit: () => import("./admin/Audit.tsx").then((m) => m.Audit),
  platform: () => import("./admin/Platform.tsx").then((m) => m.Platform),
};

/** An admin screen, loaded on demand (the first screen's bundle stays small). */
function LazyAdmin({ view, ...props }: AdminProps & { view: AdminView }) {
  const [Screen, setScreen] = useState<AdminScreen | null>(null);
  useEffect(() => {
    void adminLoaders[view]().then((s) => setScreen(() => s));
  }, [view]);
  return Screen ? <Screen {...props} /> : <p role="status">…</p>;
}
