// Entry point of the staff console: the API client (same origin; sign-in at the counselor's
// homeserver), the session kept in this tab only (sessionStorage), the language remembered.
import { render } from "preact";
import { useState } from "preact/hooks";
import { createStaffApi, type StaffSession } from "./api.ts";
import { initialLang, type Lang, texts } from "./i18n.ts";
import { App, type SessionStore } from "./ui/App.tsx";
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

const api = createStaffApi({ fetch: (input, init) => fetch(input, init) });

function Root() {
  const [lang, setLang] = useState<Lang>(() => initialLang(localStorage.getItem(LANG_KEY), navigator.languages ?? [navigator.language]));
  document.documentElement.lang = texts[lang].htmlLang;
  document.title = texts[lang].title;
  return (
    <App
      api={api}
      store={store}
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
