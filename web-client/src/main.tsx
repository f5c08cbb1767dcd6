// Entry point of the seeker app: builds the API client, the session and the flow, then renders.
import { render } from "preact";
import { createLotseApi } from "./api/lotseApi.ts";
import { SeekerFlow } from "./domain/SeekerFlow.ts";
import { parseDeepLink } from "./domain/deepLink.ts";
import { browserSessionStorage, SessionStore } from "./domain/session.ts";
import { applyDocumentLanguage, browserLocalStorage, DEFAULT_LOCALE, initialLocale, linkLocale, readStoredLocale, storeLocale } from "./i18n/locale.ts";
import { loadMessages } from "./i18n/messages.ts";
import { App } from "./ui/App.tsx";
import "./ui/styles.css";

const api = createLotseApi({ baseUrl: import.meta.env.VITE_LOTSE_API_URL ?? "" });
const session = new SessionStore(browserSessionStorage());
const preferences = browserLocalStorage();
// A link's language (`?lang=tr`, from an agency's entry card) wins and is remembered, as if chosen
// in the switcher; otherwise a remembered choice; on the first visit the browser's languages
// (Accept-Language) decide.
const asked = linkLocale(location.search);
if (asked !== null) storeLocale(preferences, asked);
let locale = asked ?? initialLocale(readStoredLocale(preferences), navigator.languages ?? [navigator.language]);
// The first paint waits for that language's texts (a chunk of their own, fetched right after this
// script), so nothing shows in a language the person did not choose. Should that fetch fail, the
// default language is tried once more.
try {
  await loadMessages(locale);
} catch {
  locale = DEFAULT_LOCALE;
  await loadMessages(locale);
}
applyDocumentLanguage(document.documentElement, locale);
const flow = new SeekerFlow({ api, session, locale, preferences });

const root = document.getElementById("app");
if (root === null) throw new Error("#app element missing in index.html");
root.replaceChildren();
render(<App flow={flow} />, root);
// A deep link (`/?topic=…&agency=…&postcode=…&lang=…`) is read once; the address then goes back to
// plain "/", so a reload or the history does not repeat it (and the page's address names no agency).
const link = parseDeepLink(location.search);
if (link !== null || asked !== null) history.replaceState(null, "", location.pathname);
void flow.start(link);
