// Entry point of the staff console: the API client (same origin; sign-in at the counselor's
// homeserver, by password or its single sign-on), the session kept in this tab only (sessionStorage), the language remembered.
import { render } from "preact";
import { useState } from "preact/hooks";
import { createStaffApi, type StaffSession } from "./api.ts";
import { initialLang, type Lang, texts } from "./i18n.ts";
import { App, type SessionStore, type SsoRedirect } from "./ui/App.tsx";
import "./ui/styles.css";

const SESSION_KEY = "lotse.staff.session";
const LANG_KEY = "lotse.staff.lang";

const store: SessionStore = {
  load() {
    try {
      const raw = sessionStorage.getItem(SESSION_KEY);
      return raw ? (JSON.parse(raw) as StaffSession) : null;
    } catch {
      return null;
    }
  },
  save(s) {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  },
};

const SSO_KEY = "lotse.staff.sso-homeserver";

// Back from the homeserver's single sign-on with ?loginToken=…: the token leaves the address bar
// (and so the history) at once; it is handed to the sign-in once.
let ssoBack: { serverName: string | null; loginToken: string } | null = null;
{
  const url = new URL(location.href);
  const loginToken = url.searchParams.get("loginToken");
  if (loginToken !== null) {
    url.searchParams.delete("loginToken");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
    ssoBack = { serverName: sessionStorage.getItem(SSO_KEY), loginToken };
  }
  sessionStorage.removeItem(SSO_KEY);
}

const sso: SsoRedirect = {
  go(serverName, url) {
    // Only which homeserver was chosen survives the redirect; nothing else.
    sessionStorage.setItem(SSO_KEY, serverName);
    location.assign(url);
  },
  returnTo: () => location.origin + location.pathname,
  take() {
    const back = ssoBack;
    ssoBack = null;
    return back;
  },
};

const api = createStaffApi({ fetch: (input, init) => fetch(input, init) });

function Root() {
  const [lang, setLang] = useState<Lang>(() => initialLang(localStorage.getItem(LANG_KEY), navigator.languages ?? [navigator.language]));
  document.documentElement.lang = texts[lang].htmlLang;
  document.title = texts[lang].title;
  return (
    <App
      api={api}
      store={store}
      sso={sso}
      lang={lang}
      onLang={(l) => {
        localStorage.setItem(LANG_KEY, l);
        setLang(l);
      }}
    />
  );
}

const root = document.getElementById("app");
if (root === null) throw new Error("#app element missing in index.html");
root.replaceChildren();
render(<Root />, root);
