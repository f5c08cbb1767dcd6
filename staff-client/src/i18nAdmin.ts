// The texts of the agency admin's screens (profile, postcode ranges, consultation hours, CSV, audit
// log), German (default) and English, typed like i18n.ts. A module of its own so that only the
// lazily loaded admin screens carry it, not the first screen's bundle.
import type { ProfileField, ProfileProblem, RangeProblem } from "./adminData.ts";
import type { CardLanguage, RoutingCheck } from "./api.ts";
import type { Lang } from "./i18n.ts";

/** The agency admin's screens: profile, postcode ranges, consultation hours, CSV, audit log. */
export type AdminTexts = {
  loading: string;
  save: string;
  saved: string;
  fixFields: (n: number) => string;
  // profile
  profileHeading: (agency: string) => string;
  profileIntro: string;
  field: Readonly<Record<ProfileField, string>>;
  fieldHint: Readonly<Partial<Record<ProfileField, string>>>;
  problem: (p: ProfileProblem) => string;
  entryHeading: string;
  entryIntro: string;
  entryLinkButton: string;
  entryIframe: string;
  entryIframeNone: string;
  entryShortLink: string;
  entryShortLinkNone: string;
  entryDeepLink: string;
  /** The entry card's language choice, and each language's name. */
  entryLanguage: string;
  entryLanguageHint: string;
  cardLanguage: Readonly<Record<CardLanguage, string>>;
  // ranges
  rangesHeading: string;
  rangesIntro: string;
  topicLabel: string;
  noTopic: string;
  rangeLine: (n: number) => string;
  rangeFrom: string;
  rangeTo: string;
  rangeFromLabel: (n: number) => string;
  rangeToLabel: (n: number) => string;
  removeLine: (n: number) => string;
  addLine: string;
  saveRanges: string;
  rangesSaved: (topic: string, n: number) => string;
  rangeProblem: (p: RangeProblem) => string;
  checkHeading: string;
  checkIntro: string;
  postcodeLabel: string;
  checkButton: string;
  checkResult: (r: RoutingCheck, topic: string, postcode: string) => string;
  checkRefused: string;
  // hours
  hoursHeading: string;
  hoursIntro: (timeZone: string) => string;
  noSlots: string;
  colWhen: string;
  colCounselor: string;
  colLength: string;
  weekday: readonly string[];
  weekly: (weekday: number, start: string) => string;
  once: (iso: string, timeZone: string) => string;
  minutes: (n: number) => string;
  removeSlot: string;
  removeSlotLabel: (when: string) => string;
  slotRemoved: (cancelled: number) => string;
  addSlotHeading: string;
  kindLabel: string;
  kindWeekly: string;
  kindOnce: string;
  weekdayLabel: string;
  startLabel: string;
  dateLabel: string;
  lengthLabel: string;
  counselorLabel: string;
  addSlot: string;
  slotAdded: string;
  slotRefused: (errcode: string | undefined) => string;
  blockedHeading: string;
  noBlocked: string;
  blockDayLabel: string;
  blockDay: string;
  dayBlocked: (day: string, cancelled: number) => string;
  unblock: string;
  unblockLabel: (day: string) => string;
  dayUnblocked: (day: string) => string;
  dayWords: (day: string) => string;
  // csv
  csvHeading: string;
  csvIntro: string;
  exportButton: string;
  exportReady: string;
  importHeading: string;
  fileLabel: string;
  fileHint: string;
  checkFile: string;
  previewOk: (created: number, updated: number) => string;
  confirmImport: string;
  cancelImport: string;
  imported: (created: number, updated: number) => string;
  badLinesHeading: (n: number) => string;
  colLine: string;
  colReason: string;
  lineReason: (code: string, field: string | undefined) => string;
  nothingWritten: string;
  // audit
  auditHeading: string;
  auditIntro: string;
  filterWho: string;
  filterWhat: string;
  filterFrom: string;
  filterTo: string;
  filterApply: string;
  anyAction: string;
  actionGroups: Readonly<Record<string, string>>;
  noEntries: string;
  colAt: string;
  colWho: string;
  colWhat: string;
  colDetails: string;
  actionWord: (action: string) => string;
  at: (iso: string) => string;
  // platform
  platformHeading: string;
  agenciesHeading: (n: number) => string;
  agencySearchLabel: string;
  agencySearch: string;
  /** "1–50 of 2,173", with the search words when there are some. */
  agencyRange: (from: number, to: number, total: number, q: string) => string;
  agencyNone: (q: string) => string;
  noAgencies: string;
  agencyPagesLabel: string;
  pagePrev: string;
  pageNext: string;
  colCity: string;
  colOnline: string;
  colTopics: string;
  yes: string;
  no: string;
  topicsHeading: string;
  colTopicName: string;
  colMinPostcode: string;
  colAges: string;
  ages: (min: number | null, max: number | null) => string;
  colTopicNames: string;
  topicNamesIntro: string;
  topicNamesEdit: (topic: string) => string;
  topicNameLanguage: Record<"de-leicht" | "tr" | "ar" | "uk", string>;
  topicNamesSave: string;
  topicNamesSaveLabel: (topic: string) => string;
  topicNamesSaved: (topic: string) => string;
  topicNamesRefused: string;
  adminsHeading: string;
  addAdminLabel: string;
  addAdmin: string;
  adminAdded: (id: string) => string;
  adminRefused: string;
  removeAdmin: string;
  removeAdminLabel: (id: string) => string;
  adminRemoved: (id: string) => string;
  you: string;
  bansHeading: (n: number) => string;
  bansIntro: string;
  noBans: string;
  noPolicyRoom: string;
  colEntity: string;
  colRecommendation: string;
  colBanReason: string;
  recommendation: (r: string) => string;
  colBanActions: string;
  banEntityLabel: string;
  banEntityHint: string;
  banReasonLabel: string;
  banAdd: string;
  banAdded: (entity: string) => string;
  banRefused: string;
  banLift: string;
  banLiftLabel: (entity: string) => string;
  banLifted: (entity: string) => string;
};

const weekdaysDe = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"];
const weekdaysEn = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const fmtDay = (locale: string, day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString(locale, { weekday: "short", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const fmtAt = (locale: string, iso: string, timeZone?: string) =>
  new Date(iso).toLocaleString(locale, { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", ...(timeZone ? { timeZone } : {}) });

const fieldWordsDe: Record<string, string> = {
  matrix_user_id: "Matrix-ID",
  display_name: "Name",
  roles: "Rollen",
};

const adminDe: AdminTexts = {
  loading: "Wird geladen …",
  save: "Speichern",
  saved: "Gespeichert.",
  fixFields: (n) => (n === 1 ? "Ein Feld ist noch nicht richtig – der Hinweis steht am Feld." : `${n} Felder sind noch nicht richtig – die Hinweise stehen an den Feldern.`),
  profileHeading: (a) => `Profil von ${a}`,
  profileIntro: "So erscheint Ihre Beratungsstelle bei den Ratsuchenden. Felder ohne Angabe bleiben leer.",
  field: {
    name: "Name der Beratungsstelle",
    city: "Ort",
    address: "Adresse",
    postcode: "Postleitzahl",
    phone: "Telefon",
    openingHours: "Öffnungszeiten",
    website: "Webseite",
    accessibilityNotes: "Barrierefreiheit",
    onSiteServices: "Angebote vor Ort",
    languages: "Sprachen der Beratung",
    online: "Online erreichbar (Ratsuchende finden die Stelle in der Suche)",
    teamAgency: "Teamberatung (das ganze Team bleibt im Fall-Raum)",
    homeserverServerName: "Eigener Matrix-Server (leer: der zentrale Server)",
    slug: "Kurzname für den Kurzlink",
    embedOrigins: "Webseiten, auf denen die Karte erscheinen darf",
  },
  fieldHint: {
    phone: "Ziffern, Leerzeichen und + ( ) / -, z. B. 0221 123 45-6",
    openingHours: "In Ihren Worten, z. B. Mo–Fr 9–12 Uhr",
    website: "Mit https://",
    accessibilityNotes: "z. B. Eingang ebenerdig, Aufzug, Gebärdensprache nach Absprache",
    onSiteServices: "Ein Angebot pro Zeile",
    languages: "Kürzel mit Komma, z. B. de, tr, ar",
    homeserverServerName: "z. B. beratung.example",
    slug: "Kleinbuchstaben, Ziffern und Bindestriche, z. B. suchthilfe-koeln – für Ihre Seiten in sozialen Netzwerken",
    embedOrigins: "Eine Adresse pro Zeile, nur der Anfang mit https://, z. B. https://www.beratung-koeln.de",
  },
  problem: (p) =>
    ({
      required: "Bitte ausfüllen.",
      too_long: "Das ist zu lang.",
      phone: "Bitte nur Ziffern, Leerzeichen und + ( ) / - verwenden.",
      website: "Bitte eine Adresse mit https:// angeben.",
      postcode: "Eine Postleitzahl hat fünf Ziffern.",
      languages: "Bitte Sprachkürzel mit zwei oder drei Buchstaben angeben, mit Komma getrennt.",
      services: "Jedes Angebot nur einmal, höchstens 30, jedes höchstens 100 Zeichen.",
      server_name: "Das ist kein Servername (z. B. beratung.example).",
      slug: "Nur Kleinbuchstaben, Ziffern und Bindestriche, nicht am Anfang oder Ende.",
      origins: "Bitte je Zeile eine Adresse mit https:// ohne weiteren Pfad, z. B. https://www.beratung-koeln.de, jede nur einmal.",
    })[p],
  entryHeading: "Der Weg zu Ihnen: Link, Karte und Kurzlink",
  entryIntro: "Kopieren Sie diese Stücke in Ihre Webseite oder Ihr Profil. Sie führen Ratsuchende direkt zu Ihrer Beratungsstelle. Es werden keine Cookies gesetzt und nichts von anderen Seiten geladen.",
  entryLinkButton: "Link-Knopf für Ihre Webseite",
  entryIframe: "Kleine Karte „Anonym online beraten lassen“ (erscheint nur auf den oben eingetragenen Webseiten)",
  entryIframeNone: "Tragen Sie oben Ihre Webseiten ein, damit die Karte dort erscheinen darf.",
  entryShortLink: "Kurzlink für soziale Netzwerke",
  entryShortLinkNone: "Tragen Sie oben einen Kurznamen ein, dann entsteht Ihr Kurzlink.",
  entryDeepLink: "Direkter Link",
  entryLanguage: "Sprache der Karte und der Links",
  entryLanguageHint:
    "Für Ihre Seiten in anderen Sprachen: Karte, Knopf und Links erscheinen in dieser Sprache, und die Beratung öffnet sich darin. Bei „Deutsch (Sie)“ öffnet sie sich in der Sprache, die der Browser der Person wünscht.",
  cardLanguage: {
    "de-sie": "Deutsch (Sie)",
    "de-du": "Deutsch (du)",
    "de-leicht": "Leichte Sprache",
    en: "Englisch",
    tr: "Türkisch",
    ar: "Arabisch",
    uk: "Ukrainisch",
  },
  rangesHeading: "Postleitzahlbereiche pro Thema",
  rangesIntro: "Ratsuchende finden Ihre Stelle für ein Thema, wenn ihre Postleitzahl in einem der Bereiche liegt. Ein Bereich reicht von einer Postleitzahl bis zu einer anderen (beide eingeschlossen).",
  topicLabel: "Thema",
  noTopic: "Bitte ein Thema wählen",
  rangeLine: (n) => `Bereich ${n}`,
  rangeFrom: "von",
  rangeTo: "bis",
  rangeFromLabel: (n) => `Bereich ${n} von`,
  rangeToLabel: (n) => `Bereich ${n} bis`,
  removeLine: (n) => `Bereich ${n} entfernen`,
  addLine: "Bereich hinzufügen",
  saveRanges: "Bereiche speichern",
  rangesSaved: (t, n) => `Gespeichert: ${n === 1 ? "ein Bereich" : `${n} Bereiche`} für ${t}. Die Suche richtet sich ab sofort danach.`,
  rangeProblem: (p) => {
    switch (p.kind) {
      case "from_format":
        return "„von“ braucht fünf Ziffern.";
      case "to_format":
        return "„bis“ braucht fünf Ziffern.";
      case "reversed":
        return "„bis“ liegt vor „von“.";
      case "duplicate":
        return `Derselbe Bereich steht schon in Zeile ${p.line}.`;
      case "overlap":
        return `Überschneidet sich mit Bereich ${p.line}.`;
    }
  },
  checkHeading: "Prüfen: Wer wird angezeigt?",
  checkIntro: "Fragt die Suche, die auch Ratsuchende benutzen.",
  postcodeLabel: "Postleitzahl",
  checkButton: "Prüfen",
  checkResult: (r, t, pc) => {
    if (r.reason === "no_agency_in_area") return `Für ${t} und ${pc} findet die Suche keine Beratungsstelle.`;
    if (r.reason === "no_agency_for_language") return `Für ${t} und ${pc} findet die Suche keine Stelle in der gewünschten Sprache.`;
    const others = r.otherAgencies === 0 ? "" : r.otherAgencies === 1 ? " (neben einer weiteren Stelle)" : ` (neben ${r.otherAgencies} weiteren Stellen)`;
    if (r.offered) return `Für ${t} und ${pc} zeigt die Suche Ihre Stelle an${others}.${r.whiteSpot ? " Ihre Stelle ist die Auffangstelle für Gebiete ohne eigene Stelle." : ""}`;
    return `Für ${t} und ${pc} zeigt die Suche Ihre Stelle nicht an, sondern ${r.otherAgencies === 1 ? "eine andere Stelle" : `${r.otherAgencies} andere Stellen`}${r.whiteSpot ? " (die Auffangstelle)" : ""}.`;
  },
  checkRefused: "Bitte eine Postleitzahl mit fünf Ziffern und ein Thema angeben.",
  hoursHeading: "Sprechzeiten",
  hoursIntro: (tz) => `Termine, die Ratsuchende für einen Chat buchen können. Zeiten in der Zeitzone ${tz}.`,
  noSlots: "Noch keine Sprechzeiten.",
  colWhen: "Wann",
  colCounselor: "Beraterin / Berater",
  colLength: "Dauer",
  weekday: weekdaysDe,
  weekly: (w, start) => `jeden ${weekdaysDe[w - 1]}, ${start} Uhr`,
  once: (iso, tz) => `${fmtAt("de-DE", iso, tz)} Uhr (einmalig)`,
  minutes: (n) => `${n} Min.`,
  removeSlot: "Entfernen",
  removeSlotLabel: (w) => `Sprechzeit ${w} entfernen`,
  slotRemoved: (c) => (c === 0 ? "Die Sprechzeit ist entfernt." : `Die Sprechzeit ist entfernt; ${c === 1 ? "ein gebuchter Termin ist" : `${c} gebuchte Termine sind`} abgesagt.`),
  addSlotHeading: "Sprechzeit anlegen",
  kindLabel: "Art",
  kindWeekly: "jede Woche",
  kindOnce: "einmalig",
  weekdayLabel: "Wochentag",
  startLabel: "Beginn (Uhrzeit)",
  dateLabel: "Datum",
  lengthLabel: "Dauer in Minuten",
  counselorLabel: "Wer berät",
  addSlot: "Sprechzeit anlegen",
  slotAdded: "Die Sprechzeit ist angelegt.",
  slotRefused: (c) =>
    c === "LOTSE_INVALID_INPUT"
      ? "Das ging nicht: Bitte prüfen Sie Datum, Uhrzeit und Dauer (einmalige Termine liegen in der Zukunft)."
      : c === "LOTSE_CONFLICT"
        ? "Das ging nicht: Die Zeit überschneidet sich mit einer anderen Sprechzeit dieser Person."
        : "Das ging nicht. Bitte prüfen Sie die Angaben.",
  blockedHeading: "Gesperrte Tage",
  noBlocked: "Keine Tage gesperrt.",
  blockDayLabel: "Tag sperren (z. B. Feiertag)",
  blockDay: "Tag sperren",
  dayBlocked: (d, c) => `${d} ist gesperrt${c === 0 ? "" : `; ${c === 1 ? "ein Termin ist" : `${c} Termine sind`} abgesagt`}.`,
  unblock: "Freigeben",
  unblockLabel: (d) => `${d} wieder freigeben`,
  dayUnblocked: (d) => `${d} ist wieder frei.`,
  dayWords: (d) => fmtDay("de-DE", d),
  csvHeading: "Team als CSV-Datei",
  csvIntro: "Eine Zeile pro Person: Matrix-ID, Name, Rollen (z. B. <Stellen-ID>:counselor). Die Ausfuhr hat genau das Format, das die Einfuhr annimmt.",
  exportButton: "Team als CSV herunterladen",
  exportReady: "Die Datei ist bereit.",
  importHeading: "Team einlesen",
  fileLabel: "CSV-Datei",
  fileHint: "Erst wird die Datei geprüft; geschrieben wird erst, wenn Sie bestätigen – und nur, wenn jede Zeile stimmt.",
  checkFile: "Datei prüfen",
  previewOk: (c, u) => `Die Datei ist in Ordnung: ${c === 1 ? "eine Person kommt" : `${c} Personen kommen`} neu dazu, ${u === 1 ? "eine wird" : `${u} werden`} aktualisiert. Noch ist nichts geschrieben.`,
  confirmImport: "Jetzt einlesen",
  cancelImport: "Abbrechen",
  imported: (c, u) => `Eingelesen: ${c} neu, ${u} aktualisiert.`,
  badLinesHeading: (n) => (n === 1 ? "Eine Zeile ist nicht in Ordnung" : `${n} Zeilen sind nicht in Ordnung`),
  colLine: "Zeile",
  colReason: "Was nicht stimmt",
  lineReason: (code, field) => {
    const f = field ? (fieldWordsDe[field] ?? field) : "";
    switch (code) {
      case "not_csv":
        return "Das ist keine lesbare CSV-Datei.";
      case "empty":
        return "Die Datei ist leer.";
      case "header":
        return "Die erste Zeile muss lauten: matrix_user_id,display_name,roles";
      case "field_count":
        return "Die Zeile hat nicht genau drei Felder.";
      case "invalid_field":
        return field === "matrix_user_id" ? "Die Matrix-ID stimmt nicht (sie sieht so aus: @name:server)." : `Das Feld „${f}“ stimmt nicht.`;
      case "duplicate":
        return "Diese Person steht schon weiter oben in der Datei.";
      case "bad_roles":
        return "Die Rollen stimmen nicht (so: <Stellen-ID>:counselor, mehrere mit | getrennt).";
      case "unknown_role":
        return "Unbekannte Rolle (erlaubt: counselor, main_counselor, supervisor, group_moderator, agency_admin).";
      case "other_agency":
        return "Die Rolle nennt eine andere Beratungsstelle; hier geht nur Ihre eigene.";
      case "unknown_agency":
        return "Die Beratungsstelle gibt es nicht.";
      case "no_lines":
        return "Die Datei enthält keine Personen.";
      default:
        return "Die Zeile stimmt nicht.";
    }
  },
  nothingWritten: "Es wurde nichts geschrieben. Bitte korrigieren Sie die Datei und prüfen Sie sie erneut.",
  auditHeading: "Protokoll",
  auditIntro: "Wer hat wann was an Ihrer Beratungsstelle geändert. Die neuesten Einträge stehen oben.",
  filterWho: "Wer (Teil der Matrix-ID)",
  filterWhat: "Was",
  filterFrom: "Von (Tag)",
  filterTo: "Bis (Tag)",
  filterApply: "Anzeigen",
  anyAction: "alles",
  actionGroups: { "agency.update": "Profil", "agency.ranges": "Postleitzahlbereiche", "agency.topic": "Themen", "membership.": "Team und Rollen", "import.": "CSV-Einfuhr", "consultation.": "Sprechstunden" },
  noEntries: "Keine Einträge für diese Auswahl.",
  colAt: "Wann",
  colWho: "Wer",
  colWhat: "Was",
  colDetails: "Einzelheiten",
  actionWord: (a) =>
    ({
      "agency.create": "Stelle angelegt",
      "agency.update": "Profil geändert",
      "agency.delete": "Stelle gelöscht",
      "agency.import": "Stelle per CSV eingelesen",
      "agency.ranges.replace": "Postleitzahlbereiche geändert",
      "agency.topic.remove": "Thema entfernt",
      "membership.grant": "Rolle vergeben",
      "membership.revoke": "Rolle entzogen",
      "membership.import": "Rollen per CSV gesetzt",
      "import.counselors": "Team per CSV eingelesen",
      "import.agencies": "Stellen per CSV eingelesen",
      "consultation.slot.add": "Sprechstunde eingetragen",
      "consultation.slot.remove": "Sprechstunde entfernt",
      "consultation.day.block": "Tag gesperrt",
      "consultation.day.unblock": "Tag freigegeben",
      "policy_ban.add": "Sperre eingetragen",
      "policy_ban.remove": "Sperre aufgehoben",
    })[a] ?? a,
  at: (iso) => `${fmtAt("de-DE", iso)} Uhr`,
  platformHeading: "Plattform",
  agenciesHeading: (n) => `Beratungsstellen (${n.toLocaleString("de-DE")})`,
  agencySearchLabel: "Beratungsstelle suchen (Name, Ort, Kurzname oder Postleitzahl)",
  agencySearch: "Suchen",
  agencyRange: (from, to, total, q) =>
    `${from.toLocaleString("de-DE")}–${to.toLocaleString("de-DE")} von ${total.toLocaleString("de-DE")}${q === "" ? "" : ` Treffern für „${q}“`}`,
  agencyNone: (q) => `Keine Beratungsstelle passt zu „${q}“.`,
  noAgencies: "Es gibt noch keine Beratungsstelle.",
  agencyPagesLabel: "Seiten der Beratungsstellen",
  pagePrev: "Vorherige Seite",
  pageNext: "Nächste Seite",
  colCity: "Ort",
  colOnline: "online",
  colTopics: "Themen",
  yes: "ja",
  no: "nein",
  topicsHeading: "Themen",
  colTopicName: "Thema",
  colMinPostcode: "PLZ-Stellen mindestens",
  colAges: "Alter",
  ages: (min, max) => (min === null && max === null ? "alle" : `${min ?? 0}–${max ?? "…"}`),
  colTopicNames: "Namen in weiteren Sprachen",
  topicNamesIntro:
    "Die Themen heißen in der App für Ratsuchende so, wie hier eingetragen. Ist ein Feld leer, sieht man den deutschen Namen (Leichte Sprache) oder den englischen (die anderen Sprachen).",
  topicNamesEdit: (topic) => `Namen von „${topic}“ bearbeiten`,
  topicNameLanguage: { "de-leicht": "Leichte Sprache", tr: "Türkisch", ar: "Arabisch", uk: "Ukrainisch" },
  topicNamesSave: "Namen speichern",
  topicNamesSaveLabel: (topic) => `Namen speichern: ${topic}`,
  topicNamesSaved: (topic) => `Die Namen von „${topic}“ sind gespeichert.`,
  topicNamesRefused: "Bitte prüfen Sie die Namen: jeder höchstens 200 Zeichen.",
  adminsHeading: "Plattform-Admins",
  addAdminLabel: "Matrix-ID der neuen Person",
  addAdmin: "Als Plattform-Admin hinzufügen",
  adminAdded: (id) => `${id} ist jetzt Plattform-Admin.`,
  adminRefused: "Das ging nicht. Bitte prüfen Sie die Matrix-ID (@name:server) – oder die Person ist schon Plattform-Admin.",
  removeAdmin: "Entfernen",
  removeAdminLabel: (id) => `${id} als Plattform-Admin entfernen`,
  adminRemoved: (id) => `${id} ist nicht mehr Plattform-Admin.`,
  you: "(Sie)",
  bansHeading: (n) => `Sperrliste (${n})`,
  bansIntro: "Wer auf der Sperrliste steht, wird aus allen Räumen der Plattform ausgeschlossen. Einträge setzen Sie hier oder im Richtlinien-Raum Ihres Chatprogramms.",
  noBans: "Niemand ist gesperrt.",
  noPolicyRoom: "Den Richtlinien-Raum gibt es noch nicht; die Brücke legt ihn an.",
  colEntity: "Wer (Matrix-ID oder Muster)",
  colRecommendation: "Maßnahme",
  colBanReason: "Grund",
  recommendation: (r) => (r === "m.ban" || r === "org.matrix.mjolnir.ban" ? "Ausschluss" : r),
  colBanActions: "Aktion",
  banEntityLabel: "Matrix-ID oder Muster",
  banEntityHint: "z. B. @stoerer:example.org, oder mit * für viele: @spam*:example.org",
  banReasonLabel: "Grund (sehen andere Plattform-Admins)",
  banAdd: "Sperren",
  banAdded: (e) => `${e} ist gesperrt; die Brücke schließt die Person aus allen Räumen der Plattform aus.`,
  banRefused: "Das ging nicht. Bitte prüfen Sie die Matrix-ID oder das Muster (@name:server) – ein Muster darf keine Plattform-Admins und nicht den Bot treffen – und geben Sie einen Grund an.",
  banLift: "Sperre aufheben",
  banLiftLabel: (e) => `Sperre aufheben: ${e}`,
  banLifted: (e) => `Die Sperre von ${e} ist aufgehoben.`,
};

const fieldWordsEn: Record<string, string> = { matrix_user_id: "Matrix ID", display_name: "name", roles: "roles" };

const adminEn: AdminTexts = {
  loading: "Loading …",
  save: "Save",
  saved: "Saved.",
  fixFields: (n) => (n === 1 ? "One field is not right yet – see the note at the field." : `${n} fields are not right yet – see the notes at the fields.`),
  profileHeading: (a) => `Profile of ${a}`,
  profileIntro: "This is how seekers see your agency. Fields left empty stay empty.",
  field: {
    name: "Name of the agency",
    city: "Town",
    address: "Address",
    postcode: "Postcode",
    phone: "Phone",
    openingHours: "Opening hours",
    website: "Website",
    accessibilityNotes: "Accessibility",
    onSiteServices: "Services on site",
    languages: "Languages of counseling",
    online: "Online (seekers find the agency in the search)",
    teamAgency: "Team counseling (the whole team stays in the case room)",
    homeserverServerName: "Own Matrix server (empty: the central server)",
    slug: "Short name for the short link",
    embedOrigins: "Websites where the card may appear",
  },
  fieldHint: {
    phone: "Digits, spaces and + ( ) / -, e.g. 0221 123 45-6",
    openingHours: "In your own words, e.g. Mon–Fri 9–12",
    website: "With https://",
    accessibilityNotes: "e.g. step-free entrance, lift, sign language on request",
    onSiteServices: "One service per line",
    languages: "Codes separated by commas, e.g. de, tr, ar",
    homeserverServerName: "e.g. counseling.example",
    slug: "Lower-case letters, digits and hyphens, e.g. addiction-help-cologne – for your social-media pages",
    embedOrigins: "One address per line, only the beginning with https://, e.g. https://www.counseling-cologne.org",
  },
  problem: (p) =>
    ({
      required: "Please fill this in.",
      too_long: "This is too long.",
      phone: "Please use only digits, spaces and + ( ) / -.",
      website: "Please give an address starting with https://.",
      postcode: "A postcode has five digits.",
      languages: "Please give language codes of two or three letters, separated by commas.",
      services: "Each service once, at most 30, each at most 100 characters.",
      server_name: "That is not a server name (e.g. counseling.example).",
      slug: "Only lower-case letters, digits and hyphens, not at the start or end.",
      origins: "Please give one address with https:// per line, without a further path, e.g. https://www.counseling-cologne.org, each only once.",
    })[p],
  entryHeading: "The way to you: link, card and short link",
  entryIntro: "Copy these pieces into your website or profile. They take seekers straight to your agency. No cookies are set and nothing is loaded from other sites.",
  entryLinkButton: "Link button for your website",
  entryIframe: "Small card \"Anonym online beraten lassen\" (appears only on the websites listed above)",
  entryIframeNone: "List your websites above so that the card may appear there.",
  entryShortLink: "Short link for social media",
  entryShortLinkNone: "Enter a short name above to get your short link.",
  entryDeepLink: "Direct link",
  entryLanguage: "Language of the card and the links",
  entryLanguageHint:
    "For your pages in other languages: the card, button and links appear in this language, and the counseling app opens in it. With \"German (formal)\" it opens in the language the person's browser asks for.",
  cardLanguage: {
    "de-sie": "German (formal)",
    "de-du": "German (informal)",
    "de-leicht": "Easy German (Leichte Sprache)",
    en: "English",
    tr: "Turkish",
    ar: "Arabic",
    uk: "Ukrainian",
  },
  rangesHeading: "Postcode ranges per topic",
  rangesIntro: "Seekers find your agency for a topic when their postcode lies in one of the ranges. A range goes from one postcode to another (both included).",
  topicLabel: "Topic",
  noTopic: "Please choose a topic",
  rangeLine: (n) => `Range ${n}`,
  rangeFrom: "from",
  rangeTo: "to",
  rangeFromLabel: (n) => `Range ${n} from`,
  rangeToLabel: (n) => `Range ${n} to`,
  removeLine: (n) => `Remove range ${n}`,
  addLine: "Add a range",
  saveRanges: "Save ranges",
  rangesSaved: (t, n) => `Saved: ${n} range(s) for ${t}. The search follows them from now on.`,
  rangeProblem: (p) => {
    switch (p.kind) {
      case "from_format":
        return "“from” needs five digits.";
      case "to_format":
        return "“to” needs five digits.";
      case "reversed":
        return "“to” comes before “from”.";
      case "duplicate":
        return `The same range is already in line ${p.line}.`;
      case "overlap":
        return `Overlaps with range ${p.line}.`;
    }
  },
  checkHeading: "Check: who is shown?",
  checkIntro: "Asks the search that seekers use.",
  postcodeLabel: "Postcode",
  checkButton: "Check",
  checkResult: (r, t, pc) => {
    if (r.reason === "no_agency_in_area") return `For ${t} and ${pc} the search finds no agency.`;
    if (r.reason === "no_agency_for_language") return `For ${t} and ${pc} the search finds no agency in the language asked for.`;
    const others = r.otherAgencies === 0 ? "" : ` (besides ${r.otherAgencies} other agency/agencies)`;
    if (r.offered) return `For ${t} and ${pc} the search shows your agency${others}.${r.whiteSpot ? " Your agency is the fallback for areas without an agency of their own." : ""}`;
    return `For ${t} and ${pc} the search does not show your agency but ${r.otherAgencies} other agency/agencies${r.whiteSpot ? " (the fallback)" : ""}.`;
  },
  checkRefused: "Please give a postcode of five digits and a topic.",
  hoursHeading: "Consultation hours",
  hoursIntro: (tz) => `Appointments seekers can book for a chat. Times in the time zone ${tz}.`,
  noSlots: "No consultation hours yet.",
  colWhen: "When",
  colCounselor: "Counselor",
  colLength: "Length",
  weekday: weekdaysEn,
  weekly: (w, start) => `every ${weekdaysEn[w - 1]}, ${start}`,
  once: (iso, tz) => `${fmtAt("en-GB", iso, tz)} (once)`,
  minutes: (n) => `${n} min`,
  removeSlot: "Remove",
  removeSlotLabel: (w) => `Remove consultation hour ${w}`,
  slotRemoved: (c) => (c === 0 ? "The consultation hour is removed." : `The consultation hour is removed; ${c} booked appointment(s) cancelled.`),
  addSlotHeading: "Add a consultation hour",
  kindLabel: "Kind",
  kindWeekly: "every week",
  kindOnce: "once",
  weekdayLabel: "Weekday",
  startLabel: "Start (time)",
  dateLabel: "Date",
  lengthLabel: "Length in minutes",
  counselorLabel: "Who counsels",
  addSlot: "Add consultation hour",
  slotAdded: "The consultation hour is added.",
  slotRefused: (c) =>
    c === "LOTSE_INVALID_INPUT"
      ? "That did not work: please check date, time and length (one-off appointments lie in the future)."
      : c === "LOTSE_CONFLICT"
        ? "That did not work: the time overlaps with another consultation hour of this person."
        : "That did not work. Please check the details.",
  blockedHeading: "Blocked days",
  noBlocked: "No days blocked.",
  blockDayLabel: "Block a day (e.g. a holiday)",
  blockDay: "Block day",
  dayBlocked: (d, c) => `${d} is blocked${c === 0 ? "" : `; ${c} appointment(s) cancelled`}.`,
  unblock: "Unblock",
  unblockLabel: (d) => `Unblock ${d}`,
  dayUnblocked: (d) => `${d} is free again.`,
  dayWords: (d) => fmtDay("en-GB", d),
  csvHeading: "Team as a CSV file",
  csvIntro: "One line per person: Matrix ID, name, roles (e.g. <agency id>:counselor). The export has exactly the format the import accepts.",
  exportButton: "Download the team as CSV",
  exportReady: "The file is ready.",
  importHeading: "Read in a team",
  fileLabel: "CSV file",
  fileHint: "The file is checked first; nothing is written until you confirm – and only if every line is right.",
  checkFile: "Check file",
  previewOk: (c, u) => `The file is fine: ${c} new person(s), ${u} updated. Nothing is written yet.`,
  confirmImport: "Read in now",
  cancelImport: "Cancel",
  imported: (c, u) => `Read in: ${c} new, ${u} updated.`,
  badLinesHeading: (n) => (n === 1 ? "One line is not right" : `${n} lines are not right`),
  colLine: "Line",
  colReason: "What is wrong",
  lineReason: (code, field) => {
    const f = field ? (fieldWordsEn[field] ?? field) : "";
    switch (code) {
      case "not_csv":
        return "This is not a readable CSV file.";
      case "empty":
        return "The file is empty.";
      case "header":
        return "The first line must read: matrix_user_id,display_name,roles";
      case "field_count":
        return "The line does not have exactly three fields.";
      case "invalid_field":
        return field === "matrix_user_id" ? "The Matrix ID is not right (it looks like this: @name:server)." : `The field “${f}” is not right.`;
      case "duplicate":
        return "This person is already listed further up in the file.";
      case "bad_roles":
        return "The roles are not right (like this: <agency id>:counselor, several separated by |).";
      case "unknown_role":
        return "Unknown role (allowed: counselor, main_counselor, supervisor, group_moderator, agency_admin).";
      case "other_agency":
        return "The role names another agency; only your own is possible here.";
      case "unknown_agency":
        return "That agency does not exist.";
      case "no_lines":
        return "The file lists no people.";
      default:
        return "The line is not right.";
    }
  },
  nothingWritten: "Nothing was written. Please correct the file and check it again.",
  auditHeading: "Log",
  auditIntro: "Who changed what at your agency, and when. The newest entries come first.",
  filterWho: "Who (part of the Matrix ID)",
  filterWhat: "What",
  filterFrom: "From (day)",
  filterTo: "To (day)",
  filterApply: "Show",
  anyAction: "everything",
  actionGroups: { "agency.update": "Profile", "agency.ranges": "Postcode ranges", "agency.topic": "Topics", "membership.": "Team and roles", "import.": "CSV import", "consultation.": "Consultation hours" },
  noEntries: "No entries for this choice.",
  colAt: "When",
  colWho: "Who",
  colWhat: "What",
  colDetails: "Details",
  actionWord: (a) =>
    ({
      "agency.create": "Agency created",
      "agency.update": "Profile changed",
      "agency.delete": "Agency deleted",
      "agency.import": "Agency read in from CSV",
      "agency.ranges.replace": "Postcode ranges changed",
      "agency.topic.remove": "Topic removed",
      "membership.grant": "Role granted",
      "membership.revoke": "Role removed",
      "membership.import": "Roles set from CSV",
      "import.counselors": "Team read in from CSV",
      "import.agencies": "Agencies read in from CSV",
      "consultation.slot.add": "Consultation hour added",
      "consultation.slot.remove": "Consultation hour removed",
      "consultation.day.block": "Day blocked",
      "consultation.day.unblock": "Day unblocked",
      "policy_ban.add": "Ban added",
      "policy_ban.remove": "Ban lifted",
    })[a] ?? a,
  at: (iso) => fmtAt("en-GB", iso),
  platformHeading: "Platform",
  agenciesHeading: (n) => `Agencies (${n.toLocaleString("en-GB")})`,
  agencySearchLabel: "Find an agency (name, town, short name or postcode)",
  agencySearch: "Search",
  agencyRange: (from, to, total, q) =>
    `${from.toLocaleString("en-GB")}–${to.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")}${q === "" ? "" : ` matching “${q}”`}`,
  agencyNone: (q) => `No agency matches “${q}”.`,
  noAgencies: "There is no agency yet.",
  agencyPagesLabel: "Pages of agencies",
  pagePrev: "Previous page",
  pageNext: "Next page",
  colCity: "Town",
  colOnline: "online",
  colTopics: "Topics",
  yes: "yes",
  no: "no",
  topicsHeading: "Topics",
  colTopicName: "Topic",
  colMinPostcode: "Postcode digits at least",
  colAges: "Age",
  ages: (min, max) => (min === null && max === null ? "all" : `${min ?? 0}–${max ?? "…"}`),
  colTopicNames: "Names in further languages",
  topicNamesIntro:
    "Seekers see the topics in their app with the names entered here. Where a field is empty, they see the German name (Leichte Sprache) or the English one (the other languages).",
  topicNamesEdit: (topic) => `Edit the names of “${topic}”`,
  topicNameLanguage: { "de-leicht": "Easy German (Leichte Sprache)", tr: "Turkish", ar: "Arabic", uk: "Ukrainian" },
  topicNamesSave: "Save names",
  topicNamesSaveLabel: (topic) => `Save names: ${topic}`,
  topicNamesSaved: (topic) => `The names of “${topic}” are saved.`,
  topicNamesRefused: "Please check the names: at most 200 characters each.",
  adminsHeading: "Platform admins",
  addAdminLabel: "Matrix ID of the new person",
  addAdmin: "Add as platform admin",
  adminAdded: (id) => `${id} is now a platform admin.`,
  adminRefused: "That did not work. Please check the Matrix ID (@name:server) – or the person already is a platform admin.",
  removeAdmin: "Remove",
  removeAdminLabel: (id) => `Remove ${id} as platform admin`,
  adminRemoved: (id) => `${id} is no longer a platform admin.`,
  you: "(you)",
  bansHeading: (n) => `Ban list (${n})`,
  bansIntro: "Whoever is on the ban list is banned from every room of the platform. Set entries here or in the policy room of your chat app.",
  noBans: "Nobody is banned.",
  noPolicyRoom: "The policy room does not exist yet; the bridge creates it.",
  colEntity: "Who (Matrix ID or pattern)",
  colRecommendation: "Measure",
  colBanReason: "Reason",
  recommendation: (r) => (r === "m.ban" || r === "org.matrix.mjolnir.ban" ? "ban" : r),
  colBanActions: "Action",
  banEntityLabel: "Matrix ID or pattern",
  banEntityHint: "e.g. @troll:example.org, or with * for many: @spam*:example.org",
  banReasonLabel: "Reason (other platform admins see it)",
  banAdd: "Ban",
  banAdded: (e) => `${e} is banned; the bridge bans them from every room of the platform.`,
  banRefused: "That did not work. Please check the Matrix ID or pattern (@name:server) – a pattern may not catch platform admins or the bot – and give a reason.",
  banLift: "Lift ban",
  banLiftLabel: (e) => `Lift ban: ${e}`,
  banLifted: (e) => `The ban of ${e} is lifted.`,
};

export const adminTexts: Readonly<Record<Lang, AdminTexts>> = { de: adminDe, en: adminEn };
