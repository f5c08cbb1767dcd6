// Names from the API that come in both languages (topics), picked for the chosen locale.
import type { LocalizedName } from "../api/types.ts";
import type { Locale } from "./locale.ts";
import { intlLocale } from "./locale.ts";

export function localName(name: LocalizedName, locale: Locale): string {
  return locale === "en" ? name.en : name.de;
}

/** Sorted by their name in the chosen language. */
export function sortedByName<T extends { name: LocalizedName }>(items: readonly T[], locale: Locale): T[] {
  const collator = new Intl.Collator(intlLocale(locale));
  return [...items].sort((a, b) => collator.compare(localName(a.name, locale), localName(b.name, locale)));
}
