// Names from the API that come in two languages (topics), picked for the chosen locale: German for
// the German catalogues, English for the others (the API's names are German and English only; the
// catalogue admins keep them, the app does not translate data).
import type { LocalizedName } from "../api/types.ts";
import type { Locale } from "./locale.ts";
import { htmlLang, intlLocale } from "./locale.ts";

export function localName(name: LocalizedName, locale: Locale): string {
  return htmlLang(locale) === "de" ? name.de : name.en;
}

/** Sorted by their name in the chosen language. */
export function sortedByName<T extends { name: LocalizedName }>(items: readonly T[], locale: Locale): T[] {
  const collator = new Intl.Collator(intlLocale(locale));
  return [...items].sort((a, b) => collator.compare(localName(a.name, locale), localName(b.name, locale)));
}
