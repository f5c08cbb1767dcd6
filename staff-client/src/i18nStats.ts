// The texts of the statistics screen's further plots (open cases by age, cases by topic, group
// sessions, live-chat waits) and its agency choice, German (default) and English, typed like
// i18n.ts. Only the lazily loaded statistics chunk carries them.
import type { OpenAgeBucket } from "./api.ts";
import type { Lang } from "./i18n.ts";

export type StatsTexts = {
  scopeLabel: string;
  allAgencies: string;
  /** The search that fills the agency choice (platform admins: 1,600 agencies are too many for one list). */
  scopeSearchLabel: string;
  scopeSearch: string;
  /** Under the choice: how many matched and how many it holds (the first `shown`, by name). */
  scopeShown: (shown: number, total: number, q: string) => string;
  allAgenciesHeading: string;
  enquiriesCsv: string;
  answersCsv: string;
  ageHeading: string;
  ageIntro: string;
  ageSeries: string;
  colAge: string;
  colCases: string;
  bucket: Readonly<Record<OpenAgeBucket, string>>;
  topicHeading: string;
  topicIntro: string;
  colTopic: string;
  groupsHeading: string;
  groupsIntro: string;
  colSessions: string;
  colParticipants: string;
  colPerSession: string;
  sessionsSeries: string;
  participantsSeries: string;
  liveHeading: string;
  liveIntro: string;
  colChats: string;
  colTaken: string;
  colNotTaken: string;
  colWaitP50: string;
  colWaitP90: string;
  minutesAxis: string;
  minutes: (seconds: number) => string;
  perSession: (n: number) => string;
  noData: string;
  csvOf: (what: string) => string;
};

const minutesDe = (s: number) => `${(Math.round((s / 60) * 10) / 10).toLocaleString("de-DE", { maximumFractionDigits: 1 })} Min.`;
const minutesEn = (s: number) => `${(Math.round((s / 60) * 10) / 10).toLocaleString("en-GB", { maximumFractionDigits: 1 })} min`;

const de: StatsTexts = {
  scopeLabel: "Beratungsstelle",
  allAgencies: "Alle Beratungsstellen",
  scopeSearchLabel: "Beratungsstelle für die Auswahl suchen (Name, Ort, Kurzname oder Postleitzahl)",
  scopeSearch: "Suchen",
  scopeShown: (shown, total, q) => {
    const n = total.toLocaleString("de-DE");
    if (q === "") return total > shown ? `Die Auswahl zeigt die ersten ${shown} von ${n} Beratungsstellen; die übrigen finden Sie mit der Suche.` : `Die Auswahl zeigt alle ${n} Beratungsstellen.`;
    if (total === 0) return `Keine Beratungsstelle passt zu „${q}“.`;
    return total > shown ? `${n} passen zu „${q}“; die Auswahl zeigt die ersten ${shown}.` : total === 1 ? `1 passt zu „${q}“ und steht in der Auswahl.` : `${n} passen zu „${q}“ und stehen in der Auswahl.`;
  },
  allAgenciesHeading: "Statistik aller Beratungsstellen",
  enquiriesCsv: "Neue Anfragen pro Woche",
  answersCsv: "Zeit bis zur ersten Antwort",
  ageHeading: "Offene Fälle nach Alter",
  ageIntro: "Alle Fälle, die am Ende des Zeitraums offen waren – auch ältere –, nach ihrem Alter an diesem Tag.",
  ageSeries: "offene Fälle",
  colAge: "Alter",
  colCases: "Fälle",
  bucket: { under_1d: "unter 1 Tag", "1d_2d": "1–2 Tage", "2d_7d": "2–7 Tage", "7d_28d": "1–4 Wochen", over_28d: "über 4 Wochen" },
  topicHeading: "Fälle nach Thema",
  topicIntro: "Neue Fälle im Zeitraum je Thema, davon offen und abgeschlossen.",
  colTopic: "Thema",
  groupsHeading: "Gruppentermine und Teilnahme",
  groupsIntro: "Gruppentermine pro Woche und wie viele Ratsuchende dabei waren (zusammengezählt über die Termine der Woche).",
  colSessions: "Termine",
  colParticipants: "Teilnahmen",
  colPerSession: "pro Termin",
  sessionsSeries: "Termine",
  participantsSeries: "Teilnahmen",
  liveHeading: "Wartezeit im Live-Chat",
  liveIntro: "Live-Chats pro Woche, wie viele jemand übernommen hat, und wie lange sie bis dahin gewartet haben.",
  colChats: "Live-Chats",
  colTaken: "übernommen",
  colNotTaken: "nicht übernommen",
  colWaitP50: "Wartezeit Median",
  colWaitP90: "Wartezeit 90 %",
  minutesAxis: "Minuten",
  minutes: minutesDe,
  perSession: (n) => n.toLocaleString("de-DE", { maximumFractionDigits: 1 }),
  noData: "Im Zeitraum gibt es dazu nichts.",
  csvOf: (w) => `${w} als CSV herunterladen`,
};

const en: StatsTexts = {
  scopeLabel: "Agency",
  allAgencies: "All agencies",
  scopeSearchLabel: "Find an agency for the choice (name, town, short name or postcode)",
  scopeSearch: "Search",
  scopeShown: (shown, total, q) => {
    const n = total.toLocaleString("en-GB");
    if (q === "") return total > shown ? `The choice shows the first ${shown} of ${n} agencies; find the others with the search.` : `The choice shows all ${n} agencies.`;
    if (total === 0) return `No agency matches “${q}”.`;
    return total > shown ? `${n} match “${q}”; the choice shows the first ${shown}.` : total === 1 ? `1 matches “${q}” and is in the choice.` : `${n} match “${q}” and are in the choice.`;
  },
  allAgenciesHeading: "Statistics of all agencies",
  enquiriesCsv: "New enquiries per week",
  answersCsv: "Time to the first answer",
  ageHeading: "Open cases by age",
  ageIntro: "Every case open at the end of the period – older ones too –, by its age on that day.",
  ageSeries: "open cases",
  colAge: "Age",
  colCases: "Cases",
  bucket: { under_1d: "under 1 day", "1d_2d": "1–2 days", "2d_7d": "2–7 days", "7d_28d": "1–4 weeks", over_28d: "over 4 weeks" },
  topicHeading: "Cases by topic",
  topicIntro: "New cases in the period per topic, of which open and closed.",
  colTopic: "Topic",
  groupsHeading: "Group sessions and participation",
  groupsIntro: "Group sessions per week and how many seekers took part (added up over the week's sessions).",
  colSessions: "Sessions",
  colParticipants: "Participations",
  colPerSession: "per session",
  sessionsSeries: "sessions",
  participantsSeries: "participations",
  liveHeading: "Waiting time in the live chat",
  liveIntro: "Live chats per week, how many someone took, and how long they waited until then.",
  colChats: "Live chats",
  colTaken: "taken",
  colNotTaken: "not taken",
  colWaitP50: "Wait, median",
  colWaitP90: "Wait, 90 %",
  minutesAxis: "minutes",
  minutes: minutesEn,
  perSession: (n) => n.toLocaleString("en-GB", { maximumFractionDigits: 1 }),
  noData: "Nothing of this in the period.",
  csvOf: (w) => `Download ${w} as CSV`,
};

export const statsTexts: Readonly<Record<Lang, StatsTexts>> = { de, en };
