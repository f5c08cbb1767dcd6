// The rule a seeker's pseudonym must follow. A pseudonym is shown to counselors as a display name,
// so it must not carry anything that identifies or reaches the person: no e-mail address, no phone
// number, no link. Pure; shared by the API (validation) and anything that displays pseudonyms.
// (No import of platformPolicy.ts here: the web client bundles this file, and the policy file's
// loader pulls in a schema library and a YAML parser it does not need.)

export type PseudonymRule = {
  minLength: number;
  maxLength: number;
  /** Longest run of digits allowed anywhere (phone numbers, birth dates). */
  maxDigitRun: number;
  /** Most digits allowed in total. */
  maxDigits: number;
};

/** The default of the platform policy's `pseudonym` section (an operator's policy file may change it). */
export const defaultPseudonymRule: PseudonymRule = { minLength: 3, maxLength: 30, maxDigitRun: 4, maxDigits: 4 };

export type PseudonymViolation =
  | "too_short"
  | "too_long"
  | "invalid_characters"
  | "looks_like_email"
  | "looks_like_phone"
  | "looks_like_link"
  | "bad_spacing"
  | "imitates_staff";

export type PseudonymCheck =
  | { ok: true; pseudonym: string; key: string }
  | { ok: false; violation: PseudonymViolation; message: string };

const messages: Record<PseudonymViolation, (r: PseudonymRule) => string> = {
  too_short: (r) => `The pseudonym must have at least ${r.minLength} characters.`,
  too_long: (r) => `The pseudonym must have at most ${r.maxLength} characters.`,
  invalid_characters: () =>
    "The pseudonym may contain letters, digits, spaces and . _ - only.",
  looks_like_email: () => "The pseudonym must not contain an e-mail address.",
  looks_like_phone: (r) =>
    `The pseudonym must not contain a phone number (at most ${r.maxDigits} digits).`,
  looks_like_link: () => "The pseudonym must not contain a link or web address.",
  bad_spacing: () => "The pseudonym must not start or end with a separator or repeat spaces.",
  imitates_staff: () => "The pseudonym must not look like a counselor, moderator, the platform or an agency.",
};

// Letters of any script, combining marks, digits, space and a few separators.
const ALLOWED = /^[\p{L}\p{M}\p{Nd} ._-]+$/u;
const EMAIL_LIKE = /[^\s@]+@[^\s@]+/u;
const LINK_LIKE =
  /(https?|ftp|www)|(\.[\p{L}]{2,}(\s|$))|(\.(de|com|net|org|at|ch|eu|info|io|me)(\W|$))/iu;

function fail(rule: PseudonymRule, violation: PseudonymViolation): PseudonymCheck {
  return { ok: false, violation, message: messages[violation](rule) };
}

/**
 * The uniqueness key of a pseudonym: NFKC-folded, lower-cased, separators collapsed, so that
 * "Anna_B", "anna b" and "ANNA-B" are one name and cannot impersonate each other.
 */
export function pseudonymKey(pseudonym: string): string {
  return pseudonym
    .normalize("NFKC")
    .toLocaleLowerCase("de-DE")
    .replace(/[\s._-]+/gu, "_");
}

/**
 * Words only staff and the platform wear: a seeker named "Beraterin Anna" or "Admin" could pass
 * for a counselor or moderator in a group. Compared after lookalikeFold, inside the name.
 */
export const staffWords: readonly string[] = [
  "berater",
  "beraterin",
  "beratung",
  "counselor",
  "counsellor",
  "moderator",
  "moderation",
  "admin",
  "lotse",
  "support",
  "supervisor",
];

// Letters of other scripts that look like Latin ones (Cyrillic, Greek), and digits or signs
// written for letters ("4dm1n", "L0tse", "$upport"). 1, l, i and | all fold to "i".
const LOOKALIKES: Record<string, string> = {
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
  і: "i", ї: "i", ј: "j", ѕ: "s", ԁ: "d", ɡ: "g", ո: "n", ս: "u",
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", μ: "m", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x",
  "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "6": "g", "7": "t", "8": "b", "9": "g",
  "@": "a", $: "s", "|": "i", "!": "i", l: "i", ß: "ss",
};

/**
 * A name as it looks, not as it is spelled: compatibility-folded, accents dropped, lower case,
 * look-alike letters and digits mapped to one Latin letter, everything but letters removed — so
 * "4DM1N", "Ａｄｍｉｎ", "Аdmin" (Cyrillic А), "A d m i n" and "Admín" fold to what "admin" folds to.
 */
export function lookalikeFold(name: string): string {
  const base = name.normalize("NFKD").replace(/\p{M}+/gu, "").toLocaleLowerCase("de-DE");
  let out = "";
  for (const ch of base) out += LOOKALIKES[ch] ?? ch;
  return out.replace(/[^\p{L}]+/gu, "");
}

/**
 * True when the name contains a staff word or one of the given reserved names (the agencies'
 * names), compared as they look (lookalikeFold).
 */
export function imitatesStaff(name: string, reservedNames: readonly string[] = []): boolean {
  const folded = lookalikeFold(name);
  for (const word of [...staffWords, ...reservedNames]) {
    const w = lookalikeFold(word);
    if (w.length >= 3 && folded.includes(w)) return true;
  }
  return false;
}

/**
 * Checks a proposed pseudonym. Leading and trailing whitespace is trimmed first. `reservedNames`
 * are names no seeker may imitate besides the staff words (the API passes the agencies' names).
 */
export function checkPseudonym(
  input: string,
  rule: PseudonymRule = defaultPseudonymRule,
  reservedNames: readonly string[] = [],
): PseudonymCheck {
  const pseudonym = input.normalize("NFC").trim();
  const length = [...pseudonym].length;
  if (length < rule.minLength) return fail(rule, "too_short");
  if (length > rule.maxLength) return fail(rule, "too_long");
  if (EMAIL_LIKE.test(pseudonym)) return fail(rule, "looks_like_email");
  if (LINK_LIKE.test(pseudonym)) return fail(rule, "looks_like_link");
  if (!ALLOWED.test(pseudonym)) return fail(rule, "invalid_characters");
  const digits = pseudonym.replace(/\D/gu, "").length;
  const longestRun = Math.max(0, ...(pseudonym.match(/\d+/gu) ?? []).map((r) => r.length));
  if (digits > rule.maxDigits || longestRun > rule.maxDigitRun) {
    return fail(rule, "looks_like_phone");
  }
  if (/^[._-]|[._-]$|\s{2,}/u.test(pseudonym)) return fail(rule, "bad_spacing");
  if (imitatesStaff(pseudonym, reservedNames)) return fail(rule, "imitates_staff");
  return { ok: true, pseudonym, key: pseudonymKey(pseudonym) };
}
