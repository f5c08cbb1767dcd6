// The texts of deep links (issue 15): the note when a link could not be used, and the agency a link
// opened. A catalogue of its own, loaded with domain/deepLinkResolve.ts only when the address
// carries a link; test/i18n.test.ts holds it to the main catalogues' rules.
import type { Locale } from "./locale.ts";

export type DeepLinkMessages = {
  /** A link with values that could not be used: the normal start, gently. */
  note: string;
  /** The link's agency ("Sie möchten X in Y schreiben"). */
  pinned: (name: string, city: string) => string;
  showAll: string;
};

export const deepLinkCatalogues: Record<Locale, DeepLinkMessages> = {
  "de-sie": {
    note: "Der Link war nicht ganz vollständig. Sie können hier ganz normal beginnen.",
    pinned: (name, city) => `Sie möchten ${name} in ${city} schreiben. Wählen Sie ein Thema und geben Sie Ihre Postleitzahl ein.`,
    showAll: "Alle Beratungsstellen zeigen",
  },
  "de-du": {
    note: "Der Link war nicht ganz vollständig. Du kannst hier ganz normal beginnen.",
    pinned: (name, city) => `Du möchtest ${name} in ${city} schreiben. Wähl ein Thema und gib deine Postleitzahl ein.`,
    showAll: "Alle Beratungsstellen zeigen",
  },
  en: {
    note: "The link was not quite complete. You can simply start here.",
    pinned: (name, city) => `You would like to write to ${name} in ${city}. Pick a topic and enter your postcode.`,
    showAll: "Show all counseling services",
  },
};
