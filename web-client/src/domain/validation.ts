// Client-side checks of the seeker's input, with German messages. They mirror the API's rules so
// that most mistakes are explained before a round trip; the API stays the authority. The
// pseudonym rule itself comes from @lotse/policies, the same function the API runs.
import { checkPseudonym, defaultPseudonymRule } from "@lotse/policies";
import type { PseudonymViolation } from "@lotse/policies";

export const PASSWORD_MIN_LENGTH = 8;

const rule = defaultPseudonymRule;

const pseudonymMessages: Record<PseudonymViolation, string> = {
  too_short: `Dein Name braucht mindestens ${rule.minLength} Zeichen.`,
  too_long: `Dein Name darf höchstens ${rule.maxLength} Zeichen haben.`,
  invalid_characters: "Bitte nur Buchstaben, Ziffern, Leerzeichen und . _ - verwenden.",
  looks_like_email: "Bitte keine E-Mail-Adresse als Namen verwenden.",
  looks_like_phone: `Bitte keine Telefonnummer verwenden – höchstens ${rule.maxDigits} Ziffern.`,
  looks_like_link: "Bitte keinen Link und keine Web-Adresse als Namen verwenden.",
  bad_spacing:
    "Der Name darf nicht mit . _ - anfangen oder aufhören und keine doppelten Leerzeichen haben.",
};

/** The hint shown under the pseudonym field, before anything goes wrong. */
export const PSEUDONYM_HINT =
  "Wähle einen Fantasienamen. Bitte nicht deinen echten Namen, keine E-Mail-Adresse und keine " +
  `Telefonnummer. ${rule.minLength} bis ${rule.maxLength} Zeichen.`;

/** German message for a pseudonym the rule rejects, or null if it is fine. */
export function pseudonymProblem(input: string): string | null {
  const check = checkPseudonym(input);
  return check.ok ? null : pseudonymMessages[check.violation];
}

export function postcodeProblem(input: string): string | null {
  const postcode = input.trim();
  if (postcode === "") return "Bitte gib deine Postleitzahl ein.";
  if (!/^\d{5}$/u.test(postcode)) return "Eine Postleitzahl hat genau 5 Ziffern.";
  return null;
}

export function newPasswordProblem(input: string): string | null {
  if (input === "") return "Bitte wähle ein Passwort.";
  if ([...input].length < PASSWORD_MIN_LENGTH) {
    return `Dein Passwort braucht mindestens ${PASSWORD_MIN_LENGTH} Zeichen.`;
  }
  return null;
}

/** Optional field: empty is fine; otherwise it must look like an address. */
export function emailProblem(input: string): string | null {
  const email = input.trim();
  if (email === "") return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) {
    return "Diese E-Mail-Adresse sieht nicht vollständig aus. Du kannst das Feld auch leer lassen.";
  }
  return null;
}
