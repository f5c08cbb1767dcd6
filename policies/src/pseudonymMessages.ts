// The pseudonym rule's violations in words a seeker understands, in each language and form of
// address the seeker app offers: German formal ("Sie", the default), German informal ("du") and
// English. The rule itself (pseudonymRule.ts) stays the authority and keeps its English
// developer-facing `message`; these are the texts shown next to the input.
import { defaultPseudonymRule } from "./pseudonymRule.ts";
import type { PseudonymRule, PseudonymViolation } from "./pseudonymRule.ts";

/** The seeker app's languages: German formal, German informal, English. */
export type SeekerLocale = "de-sie" | "de-du" | "en";

export const seekerLocales: readonly SeekerLocale[] = ["de-sie", "de-du", "en"];

type Texts = Record<PseudonymViolation, (r: PseudonymRule) => string>;

const deSie: Texts = {
  too_short: (r) => `Ihr Name braucht mindestens ${r.minLength} Zeichen.`,
  too_long: (r) => `Ihr Name darf höchstens ${r.maxLength} Zeichen haben.`,
  invalid_characters: () => "Bitte nur Buchstaben, Ziffern, Leerzeichen und . _ - verwenden.",
  looks_like_email: () => "Bitte keine E-Mail-Adresse als Namen verwenden.",
  looks_like_phone: (r) => `Bitte keine Telefonnummer verwenden – höchstens ${r.maxDigits} Ziffern.`,
  looks_like_link: () => "Bitte keinen Link und keine Web-Adresse als Namen verwenden.",
  bad_spacing: () => "Der Name darf nicht mit . _ - anfangen oder aufhören und keine doppelten Leerzeichen haben.",
  imitates_staff: () => "Bitte wählen Sie einen Namen, der nicht nach Beratung, Moderation, Lotse oder einer Beratungsstelle klingt.",
};

const deDu: Texts = {
  ...deSie,
  too_short: (r) => `Dein Name braucht mindestens ${r.minLength} Zeichen.`,
  too_long: (r) => `Dein Name darf höchstens ${r.maxLength} Zeichen haben.`,
  imitates_staff: () => "Bitte wähle einen Namen, der nicht nach Beratung, Moderation, Lotse oder einer Beratungsstelle klingt.",
};

const en: Texts = {
  too_short: (r) => `Your name needs at least ${r.minLength} characters.`,
  too_long: (r) => `Your name can have at most ${r.maxLength} characters.`,
  invalid_characters: () => "Please use only letters, digits, spaces and . _ -",
  looks_like_email: () => "Please do not use an e-mail address as your name.",
  looks_like_phone: (r) => `Please do not use a phone number – at most ${r.maxDigits} digits.`,
  looks_like_link: () => "Please do not use a link or web address as your name.",
  bad_spacing: () => "The name must not start or end with . _ - and must not have double spaces.",
  imitates_staff: () => "Please choose a name that does not sound like a counselor, a moderator, Lotse or a counseling agency.",
};

const texts: Record<SeekerLocale, Texts> = { "de-sie": deSie, "de-du": deDu, en };

/** The seeker-facing text for a pseudonym violation, in the given language. */
export function pseudonymViolationText(
  violation: PseudonymViolation,
  locale: SeekerLocale,
  rule: PseudonymRule = defaultPseudonymRule,
): string {
  return texts[locale][violation](rule);
}
