// The pseudonym rule's violations in words: English. One module per language, so a client
// that loads one language at a time ships only its own (see ../pseudonymMessages.ts).
import type { PseudonymTexts } from "../pseudonymMessages.ts";

export const pseudonymTextsEn: PseudonymTexts = {
  too_short: (r) => `Your name needs at least ${r.minLength} characters.`,
  too_long: (r) => `Your name can have at most ${r.maxLength} characters.`,
  invalid_characters: () => "Please use only letters, digits, spaces and . _ -",
  looks_like_email: () => "Please do not use an e-mail address as your name.",
  looks_like_phone: (r) => `Please do not use a phone number – at most ${r.maxDigits} digits.`,
  looks_like_link: () => "Please do not use a link or web address as your name.",
  bad_spacing: () => "The name must not start or end with . _ - and must not have double spaces.",
  imitates_staff: () => "Please choose a name that does not sound like a counselor, a moderator, Lotse or a counseling agency.",
};
