// The pseudonym rule's violations in words: German, informal ("du"). One module per language, so a client
// that loads one language at a time ships only its own (see ../pseudonymMessages.ts).
import type { PseudonymTexts } from "../pseudonymMessages.ts";
import { pseudonymTextsDeSie } from "./deSie.ts";

export const pseudonymTextsDeDu: PseudonymTexts = {
  ...pseudonymTextsDeSie,
  too_short: (r) => `Dein Name braucht mindestens ${r.minLength} Zeichen.`,
  too_long: (r) => `Dein Name darf höchstens ${r.maxLength} Zeichen haben.`,
  imitates_staff: () => "Bitte wähle einen Namen, der nicht nach Beratung, Moderation, Lotse oder einer Beratungsstelle klingt.",
};
