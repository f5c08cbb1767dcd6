// The pseudonym rule's violations in words: Leichte Sprache (easy German). One module per language, so a client
// that loads one language at a time ships only its own (see ../pseudonymMessages.ts).
import type { PseudonymTexts } from "../pseudonymMessages.ts";

// Leichte Sprache: short sentences, one statement each, "du" is not used (easy-language texts
// address the reader with "Sie").
export const pseudonymTextsDeLeicht: PseudonymTexts = {
  too_short: (r) => `Ihr Name ist zu kurz. Der Name braucht mindestens ${r.minLength} Zeichen.`,
  too_long: (r) => `Ihr Name ist zu lang. Der Name darf höchstens ${r.maxLength} Zeichen haben.`,
  invalid_characters: () => "Bitte nur Buchstaben und Zahlen benutzen. Sie dürfen auch Leer-Zeichen benutzen. Und diese Zeichen: . _ -",
  looks_like_email: () => "Das sieht aus wie eine E-Mail-Adresse. Bitte nehmen Sie einen anderen Namen.",
  looks_like_phone: (r) => `Das sieht aus wie eine Telefon-Nummer. Bitte nehmen Sie höchstens ${r.maxDigits} Zahlen.`,
  looks_like_link: () => "Das sieht aus wie eine Internet-Adresse. Bitte nehmen Sie einen anderen Namen.",
  bad_spacing: () => "Am Anfang und am Ende darf kein . _ - stehen. Es dürfen auch nicht 2 Leer-Zeichen hintereinander stehen.",
  imitates_staff: () => "Der Name klingt nach Beratung. Oder nach einer Beratungs-Stelle. Das geht nicht. Bitte nehmen Sie einen anderen Namen.",
};
