// Every language's catalogue at once, both parts merged, for the tests (the app itself loads one
// language at a time through src/i18n/messages.ts; setup.ts loads them all there too, for code
// that calls messagesFor). `firstParts` / `laterParts`: the two parts as the app loads them.
import type { Locale } from "../src/i18n/locale.ts";
import type { FirstMessages, LaterMessages, Messages } from "../src/i18n/messages.ts";
import { ar } from "../src/i18n/ar.ts";
import { deDu } from "../src/i18n/de-du.ts";
import { deLeicht } from "../src/i18n/de-leicht.ts";
import { deSie } from "../src/i18n/de-sie.ts";
import { en } from "../src/i18n/en.ts";
import { tr } from "../src/i18n/tr.ts";
import { uk } from "../src/i18n/uk.ts";
import { arLater } from "../src/i18n/later/ar.ts";
import { deDuLater } from "../src/i18n/later/de-du.ts";
import { deLeichtLater } from "../src/i18n/later/de-leicht.ts";
import { deSieLater } from "../src/i18n/later/de-sie.ts";
import { enLater } from "../src/i18n/later/en.ts";
import { trLater } from "../src/i18n/later/tr.ts";
import { ukLater } from "../src/i18n/later/uk.ts";

export const firstParts: Record<Locale, FirstMessages> = { "de-sie": deSie, "de-du": deDu, "de-leicht": deLeicht, en, tr, ar, uk };
export const laterParts: Record<Locale, LaterMessages> = {
  "de-sie": deSieLater,
  "de-du": deDuLater,
  "de-leicht": deLeichtLater,
  en: enLater,
  tr: trLater,
  ar: arLater,
  uk: ukLater,
};

export const catalogues = Object.fromEntries(
  Object.keys(firstParts).map((l) => [l, { ...firstParts[l as Locale], ...laterParts[l as Locale] }]),
) as Record<Locale, Messages>;
