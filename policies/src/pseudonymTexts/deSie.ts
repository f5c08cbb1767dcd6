// The pseudonym rule's violations in words: German, formal ("Sie"). One module per language, so a client
// that loads one language at a time ships only its own (see ../pseudonymMessages.ts).
import type { PseudonymTexts } from "../pseudonymMessages.ts";

export const pseudonymTextsDeSie: PseudonymTexts = {
  too_short: (r) => `Ihr Name braucht mindestens ${r.minLength} Zeichen.`,
  too_long: (r) => `Ihr Name darf höchstens ${r.maxLength} Zeichen haben.`,
  invalid_characters: () => "Bitte nur Buchstaben, Ziffern, Leerzeichen und . _ - verwenden.",
  looks_like_email: () => "Bitte keine E-Mail-Adresse als Namen verwenden.",
  looks_like_phone: (r) => `Bitte keine Telefonnummer verwenden – höchstens ${r.maxDigits} Ziffern.`,
  looks_like_link: () => "Bitte keinen Link und keine Web-Adresse als Namen verwenden.",
  bad_spacing: () => "Der Name darf nicht mit . _ - anfangen oder aufhören und keine doppelten Leerzeichen haben.",
  imitates_staff: () => "Bitte wählen Sie einen Namen, der nicht nach Beratung, Moderation, Lotse oder einer Beratungsstelle klingt.",
};
