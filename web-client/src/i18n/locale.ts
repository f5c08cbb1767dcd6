// The seeker app's languages: German with the formal "Sie" (the default), German with the
// informal "du", Leichte Sprache (easy German), English, Turkish, Arabic (right to left) and
// Ukrainian. The choice is remembered in localStorage (a preference, nothing personal); on the
// first visit the browser's Accept-Language order (navigator.languages) decides. Each language's
// texts are a chunk of their own, loaded when chosen (messages.ts).
import type { SeekerLocale } from "@lotse/policies";

export type Locale = SeekerLocale;

export const LOCALES: readonly Locale[] = ["de-sie", "de-du", "de-leicht", "en", "tr", "ar", "uk"];
export const DEFAULT_LOCALE: Locale = "de-sie";
export const LOCALE_STORAGE_KEY = "lotse.locale";

/** Each option named in its own language, so a person finds theirs whatever is shown now. */
export const LOCALE_NAMES: Record<Locale, string> = {
  "de-sie": "Deutsch",
  "de-du": "Deutsch (du)",
  "de-leicht": "Leichte Sprache",
  en: "English",
  tr: "Türkçe",
  ar: "العربية",
  uk: "Українська",
};

export type HtmlLang = "de" | "en" | "tr" | "ar" | "uk";

/** The value of `<html lang>` and of `lang` on each option. */
export function htmlLang(locale: Locale): HtmlLang {
  return locale === "de-sie" || locale === "de-du" || locale === "de-leicht" ? "de" : locale;
}

/** The writing direction: Arabic right to left, the others left to right (`<html dir>`). */
export function textDirection(locale: Locale): "ltr" | "rtl" {
  return locale === "ar" ? "rtl" : "ltr";
}

/** The locale for dates and times. */
export function intlLocale(locale: Locale): string {
  const byLang: Record<HtmlLang, string> = { de: "de-DE", en: "en-GB", tr: "tr-TR", ar: "ar", uk: "uk-UA" };
  return byLang[htmlLang(locale)];
}

/** Sets `<html lang>` and `<html dir>` for the locale. */
export function applyDocumentLanguage(root: { lang: string; dir: string }, locale: Locale): void {
  root.lang = htmlLang(locale);
  root.dir = textDirection(locale);
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The stored choice if there is one; otherwise the first of the browser's preferred languages
 * the app speaks (German → formal German); otherwise German (formal). Leichte Sprache has no
 * browser language tag of its own: it is chosen in the switcher.
 */
export function initialLocale(stored: string | null, preferred: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "de") return DEFAULT_LOCALE;
    if (primary === "en" || primary === "tr" || primary === "ar" || primary === "uk") return primary;
  }
  return DEFAULT_LOCALE;
}

/**
 * The language a link asks for (`?lang=…`, e.g. from an agency's entry card in Turkish): one of the
 * app's locale ids, else null. It wins over the remembered choice and is remembered in its place.
 */
export function linkLocale(search: string): Locale | null {
  const asked = new URLSearchParams(search).get("lang");
  return isLocale(asked) ? asked : null;
}

export type PreferenceStorage = Pick<Storage, "getItem" | "setItem">;

export function readStoredLocale(storage: PreferenceStorage | null): string | null {
  try {
    return storage?.getItem(LOCALE_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}

export function storeLocale(storage: PreferenceStorage | null, locale: Locale): void {
  try {
    storage?.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage blocked: the choice lasts for this page view.
  }
}

/** localStorage if the browser lets us use it. */
export function browserLocalStorage(): PreferenceStorage | null {
  try {
    const s = globalThis.localStorage;
    s.getItem(LOCALE_STORAGE_KEY);
    return s;
  } catch {
    return null;
  }
}
