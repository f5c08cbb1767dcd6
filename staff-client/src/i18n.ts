// The console's texts: German (default) and English, one typed catalogue each, so a missing key
// does not compile. Plain words for social workers; no protocol jargon beyond the Matrix ID they
// sign in with.
import type { AgencyRole, CaseStatus, StaffErrorKind } from "./api.ts";



export type Lang = "de" | "en";

export type StaffTexts = {
  htmlLang: string;
  title: string;
  languageLabel: string;
  signInHeading: string;
  signInIntro: string;
  matrixIdLabel: string;
  matrixIdHint: string;
  passwordLabel: string;
  signInButton: string;
  /** Single sign-on: the homeserver picker (only with more than one trusted homeserver). */
  homeserverLabel: string;
  /** Single sign-on: one button per identity provider (null: the server names none). */
  ssoButton: (provider: string | null) => string;
  /** Above the password form when single sign-on is offered too. */
  passwordOr: string;
  signingIn: string;
  signOut: string;
  expired: string;
  signedInAs: (userId: string) => string;
  error: (kind: StaffErrorKind, detail?: string) => string;
  casesHeading: string;
  mineHeading: (n: number) => string;
  waitingHeading: (n: number) => string;
  noMine: string;
  noWaiting: string;
  colCase: string;
  colTopic: string;
  colAgency: string;
  colRegion: string;
  colState: string;
  colActions: string;
  caseLabel: (n: number) => string;
  regionUnknown: string;
  status: Readonly<Record<CaseStatus, string>>;
  waitingSince: (ms: number) => string;
  answered: string;
  take: string;
  release: string;
  close: string;
  takeLabel: (n: number) => string;
  releaseLabel: (n: number) => string;
  closeLabel: (n: number) => string;
  done: (n: number, action: "take" | "release" | "close") => string;
  reload: string;
  absenceHeading: string;
  absenceLabel: string;
  absenceSet: string;
  absenceClear: string;
  absenceSaved: (openCases: number) => string;
  absenceCleared: string;
  dutyHeading: string;
  dutyIntro: string;
  dutyOnUntil: (clock: string, waiting: number) => string;
  dutyOff: string;
  dutyTopics: (topics: string) => string;
  dutyLengthLabel: string;
  dutyLengthAuto: string;
  dutyLengthMinutes: (m: number) => string;
  dutyStart: string;
  dutyEnd: string;
  dutyStarted: (clock: string, bySlot: boolean) => string;
  dutyEnded: string;
  clock: (iso: string) => string;
  noContentNote: string;
  navCases: string;
  navTeam: string;
  teamHeading: (agency: string) => string;
  role: Readonly<Record<AgencyRole, string>>;
  colName: string;
  colMatrixId: string;
  colRoles: string;
  addHeading: string;
  displayNameLabel: string;
  roleLabel: string;
  addButton: string;
  added: (id: string) => string;
  addRefused: (detail: string | undefined) => string;
  removeButton: string;
  removeLabel: (name: string) => string;
  removeConfirmHeading: (name: string) => string;
  removeConsequence: (name: string, cases: readonly number[]) => string;
  removeConfirm: string;
  removeCancel: string;
  removed: (name: string) => string;
  navStats: string;
  statsHeading: (agency: string) => string;
  periodLabel: string;
  periodWeeks: (n: number) => string;
  enquiriesHeading: string;
  enquiriesSeries: string;
  answerHeading: (promiseHours: number) => string;
  p50Series: string;
  p90Series: string;
  promiseSeries: (h: number) => string;
  colWeek: string;
  colOpened: string;
  colOpen: string;
  colWaiting: string;
  colClosed: string;
  colP50: string;
  colP90: string;
  hours: (h: number) => string;
  noValue: string;
  smallNote: string;
  csvDownload: (what: string) => string;
  weekOf: (isoMonday: string) => string;
  navProfile: string;
  navRanges: string;
  navHours: string;
  navCsv: string;
  navAudit: string;
  navPlatform: string;
};

function waitingDe(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 60) return `wartet seit ${min} Min.`;
  const h = Math.floor(min / 60);
  if (h < 24) return `wartet seit ${h} Std.`;
  return `wartet seit ${Math.floor(h / 24)} ${Math.floor(h / 24) === 1 ? "Tag" : "Tagen"}`;
}

function waitingEn(ms: number): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 60) return `waiting for ${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `waiting for ${h} h`;
  return `waiting for ${Math.floor(h / 24)} ${Math.floor(h / 24) === 1 ? "day" : "days"}`;
}

export const de: StaffTexts = {
  htmlLang: "de",
  title: "Lotse – Konsole für Beratungsstellen",
  languageLabel: "Sprache",
  signInHeading: "Anmelden",
  signInIntro: "Melden Sie sich mit Ihrem Matrix-Konto an, mit dem Sie auch im Chatprogramm beraten. Ein zweites Passwort gibt es nicht.",
  matrixIdLabel: "Matrix-ID",
  matrixIdHint: "So wie in Ihrem Chatprogramm, z. B. @anna:beratung.example",
  passwordLabel: "Passwort",
  signInButton: "Anmelden",
  homeserverLabel: "Matrix-Server",
  ssoButton: (p) => (p === null ? "Mit Single Sign-on anmelden" : `Anmelden mit ${p}`),
  passwordOr: "Oder mit Matrix-ID und Passwort:",
  signingIn: "Anmeldung läuft …",
  signOut: "Abmelden",
  expired: "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich wieder an.",
  signedInAs: (id) => `Angemeldet als ${id}`,
  error: (kind) => {
    switch (kind) {
      case "bad_matrix_id":
        return "Das ist keine Matrix-ID. Sie sieht so aus: @name:server.";
      case "untrusted_homeserver":
        return "Dieser Server ist für die Konsole nicht freigegeben. Bitte fragen Sie die Leitung Ihrer Beratungsstelle.";
      case "wrong_password":
        return "Matrix-ID oder Passwort stimmen nicht.";
      case "sso_expired":
        return "Die Anmeldung ist abgelaufen, bitte noch einmal.";
      case "sso_unavailable":
        return "Ihr Matrix-Server bietet keine Anmeldung über Single Sign-on an. Bitte melden Sie sich mit Matrix-ID und Passwort an.";
      case "homeserver_unreachable":
        return "Ihr Matrix-Server antwortet gerade nicht. Bitte versuchen Sie es gleich noch einmal.";
      case "no_role":
        return "Dieses Konto gehört zu keiner Beratungsstelle. Bitte fragen Sie die Leitung Ihrer Beratungsstelle.";
      case "expired":
        return "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich wieder an.";
      case "refused":
        return "Das ging nicht – der Fall hat sich wohl gerade geändert. Die Liste ist jetzt neu geladen.";
      case "rate_limited":
        return "Zu viele Versuche in kurzer Zeit. Bitte warten Sie eine Minute.";
      case "unexpected":
        return "Etwas ist schiefgegangen. Bitte versuchen Sie es noch einmal.";
    }
  },
  casesHeading: "Fälle",
  mineHeading: (n) => `Meine Fälle (${n})`,
  waitingHeading: (n) => `Wartend im Pool (${n})`,
  noMine: "Sie haben gerade keine offenen Fälle.",
  noWaiting: "Im Pool wartet gerade kein Fall.",
  colCase: "Fall",
  colTopic: "Thema",
  colAgency: "Beratungsstelle",
  colRegion: "Region",
  colState: "Stand",
  colActions: "Aktionen",
  caseLabel: (n) => `Fall ${n}`,
  regionUnknown: "unbekannt",
  status: { new: "wartet", in_progress: "in Beratung", closed: "abgeschlossen", archived: "archiviert" },
  waitingSince: waitingDe,
  answered: "beantwortet",
  take: "Übernehmen",
  release: "Zurückgeben",
  close: "Abschließen",
  takeLabel: (n) => `Fall ${n} übernehmen`,
  releaseLabel: (n) => `Fall ${n} in den Pool zurückgeben`,
  closeLabel: (n) => `Fall ${n} abschließen`,
  done: (n, a) => (a === "take" ? `Sie haben Fall ${n} übernommen.` : a === "release" ? `Fall ${n} ist zurück im Pool.` : `Fall ${n} ist abgeschlossen.`),
  reload: "Neu laden",
  absenceHeading: "Abwesenheit",
  absenceLabel: "Abwesenheitsnotiz (die Ratsuchenden Ihrer Fälle sehen sie)",
  absenceSet: "Notiz setzen",
  absenceClear: "Ich bin zurück",
  absenceSaved: (n) => `Ihre Abwesenheitsnotiz ist gesetzt; ${n === 1 ? "die ratsuchende Person Ihres offenen Falls sieht" : `die Ratsuchenden Ihrer ${n} offenen Fälle sehen`} sie.`,
  absenceCleared: "Willkommen zurück – Ihre Abwesenheitsnotiz ist gelöscht.",
  dutyHeading: "Live-Dienst",
  dutyIntro: "Solange jemand im Live-Dienst ist, können Ratsuchende zu den Themen Ihrer Stelle ohne Anmeldung live chatten. Wie „!dienst an“ beim Bot.",
  dutyOnUntil: (c, n) => `Sie sind im Live-Dienst bis ${c} Uhr. ${n === 0 ? "Niemand wartet." : n === 1 ? "Ein Live-Chat wartet." : `${n} Live-Chats warten.`}`,
  dutyOff: "Sie sind nicht im Live-Dienst.",
  dutyTopics: (t) => `Themen: ${t}`,
  dutyLengthLabel: "Wie lange?",
  dutyLengthAuto: "bis zum Ende meiner Sprechstunde, sonst die übliche Dauer",
  dutyLengthMinutes: (m) => (m < 60 ? `${m} Minuten` : m === 60 ? "1 Stunde" : `${m / 60} Stunden`),
  dutyStart: "Live-Dienst beginnen",
  dutyEnd: "Live-Dienst beenden",
  dutyStarted: (c, bySlot) => `Sie sind jetzt im Live-Dienst bis ${c} Uhr${bySlot ? " (Ende Ihrer Sprechstunde)" : ""}.`,
  dutyEnded: "Ihr Live-Dienst ist beendet.",
  clock: (iso) => new Date(iso).toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" }),
  noContentNote: "Die Konsole zeigt keine Nachrichten: Gespräche sind Ende-zu-Ende-verschlüsselt und nur in Ihrem Chatprogramm zu lesen.",
  navCases: "Fälle",
  navTeam: "Team",
  teamHeading: (a) => `Team von ${a}`,
  role: { counselor: "Beratung", main_counselor: "Hauptberatung", supervisor: "Supervision", group_moderator: "Gruppenmoderation", agency_admin: "Leitung" },
  colName: "Name",
  colMatrixId: "Matrix-ID",
  colRoles: "Rollen",
  addHeading: "Person hinzufügen",
  displayNameLabel: "Name, wie ihn Ratsuchende sehen (z. B. Anna)",
  roleLabel: "Rolle",
  addButton: "Hinzufügen",
  added: (id) => `${id} ist hinzugefügt und wird in den Pool-Raum eingeladen.`,
  addRefused: () => "Das ging nicht. Bitte prüfen Sie die Matrix-ID (sie sieht so aus: @name:server).",
  removeButton: "Entfernen",
  removeLabel: (n) => `${n} entfernen`,
  removeConfirmHeading: (n) => `${n} wirklich entfernen?`,
  removeConsequence: (n, c) =>
    c.length === 0
      ? `${n} hat keine offenen Fälle. ${n} verlässt den Pool-Raum.`
      : `${n} hat ${c.length === 1 ? "einen offenen Fall" : `${c.length} offene Fälle`} (${c.map((x) => `Fall ${x}`).join(", ")}). ${c.length === 1 ? "Er bleibt" : "Sie bleiben"} ${n} zugewiesen, bis eine Hauptberatung ${c.length === 1 ? "ihn" : "sie"} neu zuweist. ${n} verlässt den Pool-Raum.`,
  removeConfirm: "Ja, entfernen",
  removeCancel: "Abbrechen",
  removed: (n) => `${n} ist aus dem Team entfernt.`,
  navStats: "Statistik",
  statsHeading: (a) => `Statistik von ${a}`,
  periodLabel: "Zeitraum",
  periodWeeks: (n) => `letzte ${n} Wochen`,
  enquiriesHeading: "Neue Anfragen pro Woche",
  enquiriesSeries: "neue Anfragen",
  answerHeading: (h) => `Zeit bis zur ersten Antwort (Versprechen: ${h} Stunden)`,
  p50Series: "Median",
  p90Series: "90 % der Fälle",
  promiseSeries: (h) => `${h} Stunden`,
  colWeek: "Woche",
  colOpened: "neu",
  colOpen: "offen",
  colWaiting: "ohne Antwort",
  colClosed: "abgeschlossen",
  colP50: "Median",
  colP90: "90 %",
  hours: (h) => `${h.toLocaleString("de-DE", { maximumFractionDigits: 1 })} Std.`,
  noValue: "–",
  smallNote: "Zahlen unter 5 stehen als „< 5“, damit niemand erkennbar wird; Zeiten erst ab fünf beantworteten Fällen.",
  csvDownload: (w) => `${w} als CSV herunterladen`,
  weekOf: (d) => `ab ${d.slice(8, 10)}.${d.slice(5, 7)}.${d.slice(0, 4)}`,
  navProfile: "Profil",
  navRanges: "Postleitzahlen",
  navHours: "Sprechzeiten",
  navCsv: "Import/Export",
  navAudit: "Protokoll",
  navPlatform: "Plattform",
};

export const en: StaffTexts = {
  htmlLang: "en",
  title: "Lotse – console for agencies",
  languageLabel: "Language",
  signInHeading: "Sign in",
  signInIntro: "Sign in with the Matrix account you counsel with in your chat app. There is no second password.",
  matrixIdLabel: "Matrix ID",
  matrixIdHint: "As in your chat app, e.g. @anna:counseling.example",
  passwordLabel: "Password",
  signInButton: "Sign in",
  homeserverLabel: "Matrix server",
  ssoButton: (p) => (p === null ? "Sign in with single sign-on" : `Sign in with ${p}`),
  passwordOr: "Or with Matrix ID and password:",
  signingIn: "Signing in …",
  signOut: "Sign out",
  expired: "Your sign-in has expired. Please sign in again.",
  signedInAs: (id) => `Signed in as ${id}`,
  error: (kind) => {
    switch (kind) {
      case "bad_matrix_id":
        return "That is not a Matrix ID. It looks like this: @name:server.";
      case "untrusted_homeserver":
        return "This server is not approved for the console. Please ask your agency's admin.";
      case "wrong_password":
        return "Matrix ID or password is wrong.";
      case "sso_expired":
        return "The sign-in has expired, please try again.";
      case "sso_unavailable":
        return "Your Matrix server offers no single sign-on. Please sign in with Matrix ID and password.";
      case "homeserver_unreachable":
        return "Your Matrix server does not answer right now. Please try again in a moment.";
      case "no_role":
        return "This account belongs to no agency. Please ask your agency's admin.";
      case "expired":
        return "Your sign-in has expired. Please sign in again.";
      case "refused":
        return "That did not work – the case has probably just changed. The list has been reloaded.";
      case "rate_limited":
        return "Too many attempts in a short time. Please wait a minute.";
      case "unexpected":
        return "Something went wrong. Please try again.";
    }
  },
  casesHeading: "Cases",
  mineHeading: (n) => `My cases (${n})`,
  waitingHeading: (n) => `Waiting in the pool (${n})`,
  noMine: "You have no open cases right now.",
  noWaiting: "No case is waiting in the pool right now.",
  colCase: "Case",
  colTopic: "Topic",
  colAgency: "Agency",
  colRegion: "Region",
  colState: "State",
  colActions: "Actions",
  caseLabel: (n) => `Case ${n}`,
  regionUnknown: "unknown",
  status: { new: "waiting", in_progress: "in counseling", closed: "closed", archived: "archived" },
  waitingSince: waitingEn,
  answered: "answered",
  take: "Take",
  release: "Give back",
  close: "Close",
  takeLabel: (n) => `Take case ${n}`,
  releaseLabel: (n) => `Give back case ${n} to the pool`,
  closeLabel: (n) => `Close case ${n}`,
  done: (n, a) => (a === "take" ? `You have taken case ${n}.` : a === "release" ? `Case ${n} is back in the pool.` : `Case ${n} is closed.`),
  reload: "Reload",
  absenceHeading: "Absence",
  absenceLabel: "Absence message (the seekers of your cases see it)",
  absenceSet: "Set message",
  absenceClear: "I am back",
  absenceSaved: (n) => `Your absence message is set; the seekers of your ${n} open case(s) see it.`,
  absenceCleared: "Welcome back; your absence message is cleared.",
  dutyHeading: "Live duty",
  dutyIntro: "While someone is on live duty, seekers can chat live on your agency's topics without registering. Like “!duty on” with the bot.",
  dutyOnUntil: (c, n) => `You are on live duty until ${c}. ${n === 0 ? "Nobody is waiting." : n === 1 ? "One live chat is waiting." : `${n} live chats are waiting.`}`,
  dutyOff: "You are not on live duty.",
  dutyTopics: (t) => `Topics: ${t}`,
  dutyLengthLabel: "For how long?",
  dutyLengthAuto: "until my consultation hour ends, else the usual length",
  dutyLengthMinutes: (m) => (m < 60 ? `${m} minutes` : m === 60 ? "1 hour" : `${m / 60} hours`),
  dutyStart: "Start live duty",
  dutyEnd: "End live duty",
  dutyStarted: (c, bySlot) => `You are now on live duty until ${c}${bySlot ? " (the end of your consultation hour)" : ""}.`,
  dutyEnded: "Your live duty has ended.",
  clock: (iso) => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" }),
  noContentNote: "The console shows no messages: conversations are end-to-end encrypted and can only be read in your chat app.",
  navCases: "Cases",
  navTeam: "Team",
  teamHeading: (a) => `Team of ${a}`,
  role: { counselor: "Counselor", main_counselor: "Main counselor", supervisor: "Supervisor", group_moderator: "Group moderator", agency_admin: "Admin" },
  colName: "Name",
  colMatrixId: "Matrix ID",
  colRoles: "Roles",
  addHeading: "Add a person",
  displayNameLabel: "Name as seekers see it (e.g. Anna)",
  roleLabel: "Role",
  addButton: "Add",
  added: (id) => `${id} is added and is being invited to the pool room.`,
  addRefused: () => "That did not work. Please check the Matrix ID (it looks like this: @name:server).",
  removeButton: "Remove",
  removeLabel: (n) => `Remove ${n}`,
  removeConfirmHeading: (n) => `Really remove ${n}?`,
  removeConsequence: (n, c) =>
    c.length === 0
      ? `${n} has no open cases. ${n} leaves the pool room.`
      : `${n} has ${c.length} open case(s) (${c.map((x) => `case ${x}`).join(", ")}). They stay assigned to ${n} until a main counselor reassigns them. ${n} leaves the pool room.`,
  removeConfirm: "Yes, remove",
  removeCancel: "Cancel",
  removed: (n) => `${n} is removed from the team.`,
  navStats: "Statistics",
  statsHeading: (a) => `Statistics of ${a}`,
  periodLabel: "Period",
  periodWeeks: (n) => `last ${n} weeks`,
  enquiriesHeading: "New enquiries per week",
  enquiriesSeries: "new enquiries",
  answerHeading: (h) => `Time to the first answer (promise: ${h} hours)`,
  p50Series: "median",
  p90Series: "90% of cases",
  promiseSeries: (h) => `${h} hours`,
  colWeek: "Week",
  colOpened: "new",
  colOpen: "open",
  colWaiting: "unanswered",
  colClosed: "closed",
  colP50: "median",
  colP90: "90%",
  hours: (h) => `${h.toLocaleString("en-GB", { maximumFractionDigits: 1 })} h`,
  noValue: "–",
  smallNote: "Counts below 5 show as “< 5” so that nobody can be recognised; times only from five answered cases on.",
  csvDownload: (w) => `Download ${w} as CSV`,
  weekOf: (d) => `from ${d}`,
  navProfile: "Profile",
  navRanges: "Postcodes",
  navHours: "Consultation hours",
  navCsv: "Import/export",
  navAudit: "Log",
  navPlatform: "Platform",
};

export const texts: Readonly<Record<Lang, StaffTexts>> = { de, en };

/** A remembered choice, else the browser's first language if it is English, else German. */
export function initialLang(stored: string | null, browser: readonly string[]): Lang {
  if (stored === "de" || stored === "en") return stored;
  return browser[0]?.toLowerCase().startsWith("en") ? "en" : "de";
}
