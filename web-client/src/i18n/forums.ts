// The texts of the peer-exchange forums ("Austausch"), one catalogue per language like messages.ts.
// A catalogue of its own because only the forum screens use it, and they are loaded on demand
// (ui/lazyForums.tsx): these texts never weigh on the first page. test/i18n.test.ts holds them to
// the same rules as the main catalogues (same keys everywhere, no empty text, no protocol words,
// "Sie" and "du" kept apart).
import type { Locale } from "./locale.ts";

export type ForumReasonKey = "spam" | "insult" | "danger" | "personal_data" | "other";

export type ForumMessages = {
  heading: string;
  lead: string;
  listLabel: string;
  loading: string;
  loadFailed: string;
  tryAgain: string;
  /** "12 Themen" */
  threadCount: (n: number) => string;
  /** "zuletzt aktiv am 3. Dezember" */
  lastActive: (date: string) => string;
  noActivity: string;
  backToList: string;
  forumHeading: (topic: string) => string;
  notEncrypted: string;
  encryptedCountsOnly: (n: number) => string;
  noThreads: string;
  threadsLabel: string;
  replies: (n: number) => string;
  visitorHint: string;
  signInToJoin: string;
  join: string;
  joining: string;
  joinFailed: string;
  temporaryRefused: string;
  newThreadHeading: string;
  titleLabel: string;
  textLabel: string;
  startThread: string;
  titleMissing: string;
  backToThreads: string;
  threadRepliesLabel: string;
  replyLabel: string;
  sendReply: string;
  member: string;
  you: string;
  report: string;
  reportHeading: string;
  reportQuestion: string;
  reasonLegend: string;
  reasons: Record<ForumReasonKey, string>;
  reportConfirm: string;
  reportCancel: string;
  reportDone: string;
  reportFailed: string;
  reportTooMany: string;
  personalCounseling: string;
  personalCounselingLead: string;
  sending: string;
  notSent: string;
};

const deSie: ForumMessages = {
  heading: "Austausch",
  lead: "Hier schreiben sich Menschen mit ähnlichen Fragen gegenseitig, unter ihrem gewählten Namen. Beraterinnen und Berater lesen mit und achten auf einen freundlichen Ton.",
  listLabel: "Austausch nach Themen",
  loading: "Wird geladen …",
  loadFailed: "Das hat gerade nicht geklappt.",
  tryAgain: "Noch einmal versuchen",
  threadCount: (n) => (n === 1 ? "1 Thema" : `${n} Themen`),
  lastActive: (date) => `zuletzt aktiv am ${date}`,
  noActivity: "noch keine Beiträge",
  backToList: "Zurück zu allen Themen",
  forumHeading: (topic) => `Austausch: ${topic}`,
  notEncrypted:
    "Andere Mitglieder und die Moderation können hier mitlesen. Dieser Austausch ist nicht Ende-zu-Ende-verschlüsselt. Schreiben Sie nichts, woran man Sie oder andere erkennen kann.",
  encryptedCountsOnly: (n) => `Dieser Austausch ist verschlüsselt. Die Überschriften sehen nur Mitglieder. Bisher gibt es ${n === 1 ? "1 Thema" : `${n} Themen`}.`,
  noThreads: "Hier hat noch niemand geschrieben. Sie können das erste Thema beginnen.",
  threadsLabel: "Themen in diesem Austausch",
  replies: (n) => (n === 1 ? "1 Antwort" : `${n} Antworten`),
  visitorHint: "Sie sehen nur die Überschriften. Zum Lesen und Schreiben melden Sie sich an.",
  signInToJoin: "Anmelden und mitmachen",
  join: "Beitreten und mitlesen",
  joining: "Sie werden aufgenommen …",
  joinFailed: "Das Beitreten hat nicht geklappt. Bitte versuchen Sie es gleich noch einmal.",
  temporaryRefused: "Beim Live-Chat ohne Anmeldung geht das nicht. Behalten Sie zuerst Ihren Zugang mit einem Passwort.",
  newThreadHeading: "Neues Thema beginnen",
  titleLabel: "Überschrift",
  textLabel: "Ihr Beitrag",
  startThread: "Thema beginnen",
  titleMissing: "Bitte geben Sie eine Überschrift ein.",
  backToThreads: "Zurück zu den Themen",
  threadRepliesLabel: "Antworten",
  replyLabel: "Ihre Antwort",
  sendReply: "Antworten",
  member: "Mitglied",
  you: "Sie",
  report: "Melden",
  reportHeading: "Beitrag melden",
  reportQuestion: "Möchten Sie diesen Beitrag der Moderation melden? Die Moderation sieht dann nach. Wer gemeldet hat, erfährt niemand.",
  reasonLegend: "Warum melden Sie den Beitrag?",
  reasons: {
    spam: "Werbung oder Spam",
    insult: "Beleidigung oder Herabsetzung",
    danger: "Jemand ist in Gefahr",
    personal_data: "Persönliche Daten von jemandem",
    other: "Ein anderer Grund",
  },
  reportConfirm: "Ja, melden",
  reportCancel: "Abbrechen",
  reportDone: "Danke. Die Moderation sieht sich den Beitrag an.",
  reportFailed: "Das Melden hat nicht geklappt. Bitte versuchen Sie es noch einmal.",
  reportTooMany: "Sie haben in der letzten Stunde schon viele Beiträge gemeldet. Bitte warten Sie etwas.",
  personalCounseling: "Ich möchte persönlich beraten werden",
  personalCounselingLead: "Lieber allein mit einer Beraterin oder einem Berater sprechen? Das geht anonym und kostenlos.",
  sending: "wird gesendet …",
  notSent: "nicht gesendet",
};

const deDu: ForumMessages = {
  ...deSie,
  lead: "Hier schreiben sich Menschen mit ähnlichen Fragen gegenseitig, unter ihrem gewählten Namen. Beraterinnen und Berater lesen mit und achten auf einen freundlichen Ton.",
  notEncrypted:
    "Andere Mitglieder und die Moderation können hier mitlesen. Dieser Austausch ist nicht Ende-zu-Ende-verschlüsselt. Schreib nichts, woran man dich oder andere erkennen kann.",
  noThreads: "Hier hat noch niemand geschrieben. Du kannst das erste Thema beginnen.",
  visitorHint: "Du siehst nur die Überschriften. Zum Lesen und Schreiben melde dich an.",
  joining: "Du wirst aufgenommen …",
  joinFailed: "Das Beitreten hat nicht geklappt. Bitte versuch es gleich noch einmal.",
  temporaryRefused: "Beim Live-Chat ohne Anmeldung geht das nicht. Behalte zuerst deinen Zugang mit einem Passwort.",
  textLabel: "Dein Beitrag",
  titleMissing: "Bitte gib eine Überschrift ein.",
  replyLabel: "Deine Antwort",
  you: "Du",
  reportQuestion: "Möchtest du diesen Beitrag der Moderation melden? Die Moderation sieht dann nach. Wer gemeldet hat, erfährt niemand.",
  reasonLegend: "Warum meldest du den Beitrag?",
  reportFailed: "Das Melden hat nicht geklappt. Bitte versuch es noch einmal.",
  reportTooMany: "Du hast in der letzten Stunde schon viele Beiträge gemeldet. Bitte warte etwas.",
};

const en: ForumMessages = {
  heading: "Exchange",
  lead: "Here people with similar questions write to each other under the name they chose. Counselors read along and keep the tone friendly.",
  listLabel: "Exchange by topic",
  loading: "Loading …",
  loadFailed: "That did not work just now.",
  tryAgain: "Try again",
  threadCount: (n) => (n === 1 ? "1 thread" : `${n} threads`),
  lastActive: (date) => `last active on ${date}`,
  noActivity: "no posts yet",
  backToList: "Back to all topics",
  forumHeading: (topic) => `Exchange: ${topic}`,
  notEncrypted:
    "Other members and the moderators can read along here. This exchange is not end-to-end encrypted. Do not write anything that makes you or others recognisable.",
  encryptedCountsOnly: (n) => `This exchange is encrypted. Only members see the titles. There ${n === 1 ? "is 1 thread" : `are ${n} threads`} so far.`,
  noThreads: "Nobody has written here yet. You can start the first thread.",
  threadsLabel: "Threads in this exchange",
  replies: (n) => (n === 1 ? "1 reply" : `${n} replies`),
  visitorHint: "You only see the titles. Sign in to read and write.",
  signInToJoin: "Sign in and take part",
  join: "Join and read along",
  joining: "You are being added …",
  joinFailed: "Joining did not work. Please try again in a moment.",
  temporaryRefused: "This is not possible in a live chat without registration. Keep your access with a password first.",
  newThreadHeading: "Start a new thread",
  titleLabel: "Title",
  textLabel: "Your post",
  startThread: "Start thread",
  titleMissing: "Please enter a title.",
  backToThreads: "Back to the threads",
  threadRepliesLabel: "Replies",
  replyLabel: "Your reply",
  sendReply: "Reply",
  member: "Member",
  you: "You",
  report: "Report",
  reportHeading: "Report post",
  reportQuestion: "Do you want to report this post to the moderators? They will take a look. Nobody learns who reported it.",
  reasonLegend: "Why are you reporting the post?",
  reasons: {
    spam: "Advertising or spam",
    insult: "Insult or contempt",
    danger: "Someone is in danger",
    personal_data: "Someone's personal data",
    other: "Another reason",
  },
  reportConfirm: "Yes, report",
  reportCancel: "Cancel",
  reportDone: "Thank you. The moderators will look at the post.",
  reportFailed: "Reporting did not work. Please try again.",
  reportTooMany: "You have reported many posts in the last hour. Please wait a little.",
  personalCounseling: "I would like personal counseling",
  personalCounselingLead: "Would you rather talk to a counselor on your own? It is anonymous and free.",
  sending: "sending …",
  notSent: "not sent",
};

export const forumCatalogues: Record<Locale, ForumMessages> = { "de-sie": deSie, "de-du": deDu, en };
