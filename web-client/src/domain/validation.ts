// Client-side checks of the seeker's input, with messages in the chosen language. They mirror the
// API's rules so that most mistakes are explained before a round trip; the API stays the
// authority. The pseudonym rule and its texts come from @lotse/policies, the same rule the API runs (each
// language's texts through its catalogue, `pseudonymRule`).
import { checkPseudonym, defaultPseudonymRule } from "@lotse/policies";
import type { Locale } from "../i18n/locale.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";

export const PASSWORD_MIN_LENGTH = 8;

export const pseudonymRule = defaultPseudonymRule;

/** The hint shown under the pseudonym field, before anything goes wrong. */
export function pseudonymHint(t: Messages): string {
  return t.pseudonymHint(pseudonymRule.minLength, pseudonymRule.maxLength);
}

/** The message for a pseudonym the rule rejects, or null if it is fine. */
export function pseudonymProblem(input: string, locale: Locale): string | null {
  const check = checkPseudonym(input, pseudonymRule);
  return check.ok ? null : messagesFor(locale).pseudonymRule[check.violation](pseudonymRule);
}

export function postcodeProblem(input: string, t: Messages): string | null {
  const postcode = input.trim();
  if (postcode === "") return t.postcodeMissing;
  if (!/^\d{5}$/u.test(postcode)) return t.postcodeFormat;
  return null;
}

export function newPasswordProblem(input: string, t: Messages): string | null {
  if (input === "") return t.passwordMissing;
  if ([...input].length < PASSWORD_MIN_LENGTH) return t.passwordTooShort(PASSWORD_MIN_LENGTH);
  return null;
}

/** Optional field: empty is fine; otherwise it must look like an address. */
export function emailProblem(input: string, t: Messages): string | null {
  const email = input.trim();
  if (email === "") return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/u.test(email)) return t.emailInvalid;
  return null;
}
