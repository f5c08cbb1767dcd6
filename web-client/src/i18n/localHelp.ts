// The texts of "Beratung vor Ort" on the case page (issue 15): the agency's on-site details, nearby
// agencies and the counselor's recommendations. A catalogue of its own, like calls.ts, because
// only ui/LocalHelp.tsx uses it and that view is loaded after sign-in: these texts never weigh on
// the first page. test/i18n.test.ts holds them to the main catalogues' rules.
import type { Locale } from "./locale.ts";

export type LocalHelpMessages = {
  heading: string;
  lead: string;
  loading: string;
  failed: string;
  retry: string;
  yourAgency: string;
  address: string;
  phone: string;
  openingHours: string;
  website: string;
  accessibility: string;
  services: string;
  /** Shown for agencies that counsel on site only. */
  onSiteOnly: string;
  nothingListed: string;
  nearbyHeading: string;
  nearbyNone: string;
  recommendedHeading: string;
  /** Before the counselor's note. */
  recommendedNote: string;
};

const deSie: LocalHelpMessages = {
  heading: "Beratung vor Ort",
  lead: "Sie können auch persönlich hingehen. Hier finden Sie, was Sie dafür brauchen.",
  loading: "Angaben werden geladen …",
  failed: "Die Angaben konnten nicht geladen werden.",
  retry: "Noch einmal versuchen",
  yourAgency: "Ihre Beratungsstelle",
  address: "Adresse",
  phone: "Telefon",
  openingHours: "Öffnungszeiten",
  website: "Internetseite",
  accessibility: "Barrierefreiheit",
  services: "Angebote vor Ort",
  onSiteOnly: "Nur vor Ort, nicht online",
  nothingListed: "Die Beratungsstelle hat dazu noch nichts eingetragen.",
  nearbyHeading: "Weitere Beratungsstellen in Ihrer Nähe",
  nearbyNone: "In Ihrer Nähe ist keine weitere Beratungsstelle zu diesem Thema eingetragen.",
  recommendedHeading: "Empfohlen von Ihrer Beratung",
  recommendedNote: "Hinweis Ihrer Beratung:",
};

const deDu: LocalHelpMessages = {
  heading: "Beratung vor Ort",
  lead: "Du kannst auch persönlich hingehen. Hier findest du, was du dafür brauchst.",
  loading: "Angaben werden geladen …",
  failed: "Die Angaben konnten nicht geladen werden.",
  retry: "Noch einmal versuchen",
  yourAgency: "Deine Beratungsstelle",
  address: "Adresse",
  phone: "Telefon",
  openingHours: "Öffnungszeiten",
  website: "Internetseite",
  accessibility: "Barrierefreiheit",
  services: "Angebote vor Ort",
  onSiteOnly: "Nur vor Ort, nicht online",
  nothingListed: "Die Beratungsstelle hat dazu noch nichts eingetragen.",
  nearbyHeading: "Weitere Beratungsstellen in deiner Nähe",
  nearbyNone: "In deiner Nähe ist keine weitere Beratungsstelle zu diesem Thema eingetragen.",
  recommendedHeading: "Empfohlen von deiner Beratung",
  recommendedNote: "Hinweis deiner Beratung:",
};

const en: LocalHelpMessages = {
  heading: "Counseling in person",
  lead: "You can also go there in person. Here is what you need for a visit.",
  loading: "Loading the details …",
  failed: "The details could not be loaded.",
  retry: "Try again",
  yourAgency: "Your counseling service",
  address: "Address",
  phone: "Phone",
  openingHours: "Opening hours",
  website: "Website",
  accessibility: "Accessibility",
  services: "Offered on site",
  onSiteOnly: "In person only, not online",
  nothingListed: "The counseling service has not entered anything about this yet.",
  nearbyHeading: "Other counseling services near you",
  nearbyNone: "No other counseling service near you is listed for this topic.",
  recommendedHeading: "Recommended by your counselor",
  recommendedNote: "Your counselor's note:",
};

export const localHelpCatalogues: Record<Locale, LocalHelpMessages> = { "de-sie": deSie, "de-du": deDu, en };
