// Names from the API in several languages (topics), picked for the chosen locale: Leichte Sprache
// its own name, else the German one; Turkish, Arabic and Ukrainian their own, else English; the
// German catalogues German, English English. The names come with the API data (admins keep them in
// the staff console), not in the bundle: the app does not translate data.
import type { LocalizedName } from "../api/types.ts";
import type { Locale } from "./locale.ts";
import { intlLocale } from "./locale.ts";

export function localName(name: LocalizedName, locale: Locale): string {
  switch (locale) {
    case "de-sie":
    case "de-du":
      return name.de;
    case "de-leicht":
      return ownName(name["de-leicht"]) ?? name.de;
    case "en":
      return name.en;
    case "tr":
    case "ar":
    case "uk":
      return ownName(name[locale]) ?? name.en;
  }
}

function ownName(v: string | undefined): string | undefined {
  return typeof v === "string" && v.trim() !== "" ? v : undefined;
}

/** Sorted by their name in the chosen language. */
export function sortedByName<T extends { name: LocalizedName }>(items: readonly T[], locale: Locale): T[] {
  const collator = new Intl.Collator(intlLocale(locale));
  return [...items].sort((a, b) => collator.compare(localName(a.name, locale), localName(b.name, locale)));
}
