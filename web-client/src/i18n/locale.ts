// The seeker app's languages: German with the formal "Sie" (the default), German with the
// informal "du", English. The choice is remembered in localStorage (a preference, nothing
// personal); on the first visit the browser's Accept-Language order (navigator.languages) decides
// between German and English.
import type { SeekerLocale } from "@lotse/policies";

export type Locale = SeekerLocale;

export const LOCALES: readonly Locale[] = ["de-sie", "de-du", "en"];
export const DEFAULT_LOCALE: Locale = "de-sie";
export const LOCALE_STORAGE_KEY = "lotse.locale";

/** Each option named in its own language, so a person finds theirs whatever is shown now. */
export const LOCALE_NAMES: Record<Locale, string> = {
  "de-sie": "Deutsch (Sie)",
  "de-du": "Deutsch (du)",
  en: "English",
};

/** The value of `<html lang>` and of `lang` on each option. */
export function htmlLang(locale: Locale): "de" | "en" {
  return locale === "en" ? "en" : "de";
}

/** The locale for dates and times. */
export function intlLocale(locale: Locale): string {
  return locale === "en" ? "en-GB" : "de-DE";
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * The stored choice if there is one; otherwise the first of the browser's preferred languages
 * that is German or English; otherwise German (formal).
 */
export function initialLocale(stored: string | null, preferred: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split("-")[0];
    if (primary === "de") return DEFAULT_LOCALE;
    if (primary === "en") return "en";
  }
  return DEFAULT_LOCALE;
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
