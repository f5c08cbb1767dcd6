// The pseudonym rule's violations in words a seeker understands, in each language and form of
// address the seeker app offers: German formal ("Sie", the default), German informal ("du"),
// Leichte Sprache (easy German), English, Turkish, Arabic and Ukrainian. The rule itself
// (pseudonymRule.ts) stays the authority and keeps its English developer-facing `message`; these
// are the texts shown next to the input.
import { defaultPseudonymRule } from "./pseudonymRule.ts";
import type { PseudonymRule, PseudonymViolation } from "./pseudonymRule.ts";
import { pseudonymTextsDeSie } from "./pseudonymTexts/deSie.ts";
import { pseudonymTextsDeDu } from "./pseudonymTexts/deDu.ts";
import { pseudonymTextsDeLeicht } from "./pseudonymTexts/deLeicht.ts";
import { pseudonymTextsEn } from "./pseudonymTexts/en.ts";
import { pseudonymTextsTr } from "./pseudonymTexts/tr.ts";
import { pseudonymTextsAr } from "./pseudonymTexts/ar.ts";
import { pseudonymTextsUk } from "./pseudonymTexts/uk.ts";

/** The seeker app's languages: German formal, German informal, Leichte Sprache, English, Turkish, Arabic, Ukrainian. */
export type SeekerLocale = "de-sie" | "de-du" | "de-leicht" | "en" | "tr" | "ar" | "uk";

export const seekerLocales: readonly SeekerLocale[] = ["de-sie", "de-du", "de-leicht", "en", "tr", "ar", "uk"];

/** One language's texts: a function of the rule per violation. */
export type PseudonymTexts = Record<PseudonymViolation, (r: PseudonymRule) => string>;

// Each language's texts are a module of their own (pseudonymTexts/) and exported on their own, so
// a client that loads one language at a time (the seeker app's catalogues) ships only that one.
const texts: Record<SeekerLocale, PseudonymTexts> = {
  "de-sie": pseudonymTextsDeSie,
  "de-du": pseudonymTextsDeDu,
  "de-leicht": pseudonymTextsDeLeicht,
  en: pseudonymTextsEn,
  tr: pseudonymTextsTr,
  ar: pseudonymTextsAr,
  uk: pseudonymTextsUk,
};

/** The seeker-facing text for a pseudonym violation, in the given language. */
export function pseudonymViolationText(
  violation: PseudonymViolation,
  locale: SeekerLocale,
  rule: PseudonymRule = defaultPseudonymRule,
): string {
  return texts[locale][violation](rule);
}

export { pseudonymTextsDeSie, pseudonymTextsDeDu, pseudonymTextsDeLeicht, pseudonymTextsEn, pseudonymTextsTr, pseudonymTextsAr, pseudonymTextsUk };
