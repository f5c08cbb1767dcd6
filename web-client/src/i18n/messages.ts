// Every text of the seeker app, as one typed catalogue per language (de-sie.ts, de-du.ts,
// de-leicht.ts, en.ts, tr.ts, ar.ts, uk.ts, each with its later/ part). `Messages` lists the keys;
// each catalogue is declared by its type, so the typechecker refuses a missing or an extra key,
// and test/i18n.test.ts refuses empty texts and any key the German one does not have. Texts that depend on a value are
// functions. No library: plain objects are all this app needs.
//
// Languages load on demand: each catalogue is a dynamic import, so the first download carries the
// code only, and the page fetches the one catalogue it shows (main.tsx waits for it before the
// first paint, so no text appears in the wrong language). Switching fetches the chosen one.
// Each catalogue comes in two parts, moved as whole blocks: the first screens' texts
// (<language>.ts, `FirstMessages`) and the later screens' (later/<language>.ts, `LaterMessages`),
// fetched with those screens. `Messages` is both.
import type { PseudonymTexts } from "@lotse/policies";
import type { Locale } from "./locale.ts";

/** Every text of the app: what the first screens need and what the later screens need. */
export type Messages = FirstMessages & LaterMessages;

/** The texts of the first screens (landing, search, registration, groups list, live chat start). */
export type FirstMessages = {
  // shell
  documentTitle: string;
  brandTagline: string;
  /** The quick exit button on every screen, and its accessible name. */
  quickExit: string;
  quickExitLabel: string;
  navLabel: string;
  navCases: string;
  navAccount: string;
  navSignOut: string;
  progress: (step: number, of: number) => string;
  footer: string;
  languageLabel: string;
  // landing
  landingHeading: string;
  landingLead: string;
  landingFind: string;
  landingHaveAccount: string;
  landingAnonHeading: string;
  landingAnonPoints: string[];
  landingTopicsHeading: string;
  // live chat without registration
  liveOfferHeading: string;
  liveOfferText: (topics: string) => string;
  liveOfferButton: string;
  liveHeading: string;
  liveLead: string;
  liveTopicLabel: string;
  liveTopicMissing: string;
  liveNoneNow: string;
  livePostcodeLabel: string;
  livePostcodeHint: string;
  livePseudonymLabel: string;
  livePseudonymHint: string;
  liveStart: string;
  liveEndedLeft: string;
  liveEndedClosed: string;
  liveKept: string;
  errNoOneOnDuty: string;
  errQueueFull: string;
  errTooManyLive: string;
  errLiveUnavailable: string;
  // find an agency
  findHeading: string;
  findLead: string;
  findTopicLabel: string;
  findTopicsLoading: string;
  findTopicPlaceholder: string;
  findTopicMissing: string;
  findPostcodeLabel: string;
  findPostcodeHint: string;
  findSubmit: string;
  findSearching: string;
  findNoneHeading: string;
  findNoneText: (topic: string, postcode: string) => string;
  findResultsHeading: (count: number) => string;
  findLanguages: (names: string) => string;
  findWhiteSpot: string;
  findChoose: string;
  reload: string;
  // account
  accountRegisterHeading: string;
  accountLoginHeading: string;
  accountLeadTo: string;
  accountLeadCity: (city: string) => string;
  accountLeadRegister: string;
  accountLeadLogin: string;
  usernameLabelRegister: string;
  usernameLabel: string;
  pseudonymHint: (min: number, max: number) => string;
  passwordLabel: string;
  passwordHintRegister: (min: number) => string;
  passwordStrength: (level: string) => string;
  strengthWeak: string;
  strengthOk: string;
  strengthStrong: string;
  showPassword: string;
  emailLabel: string;
  optional: string;
  emailHint: string;
  consentLabel: string;
  consentHint: string;
  consentMissing: string;
  busy: string;
  submitRegister: string;
  submitLoginContinue: string;
  submitLogin: string;
  haveAccount: string;
  noAccount: string;
  otherAgency: string;
  noAccountFind: string;
  // opening a case
  openingHeading: string;
  openingWait: string;
  tryAgain: string;
  casesRefresh: string;
  chatBackToCases: string;
  farewellSignedOut: string;
  farewellDeleted: string;
  loginUsernameMissing: string;
  loginPasswordMissing: string;
  // input checks
  /** The pseudonym rule's texts in this language (from @lotse/policies, one language per catalogue). */
  pseudonymRule: PseudonymTexts;
  postcodeMissing: string;
  postcodeFormat: string;
  passwordMissing: string;
  passwordTooShort: (min: number) => string;
  emailInvalid: string;
  // errors from the server
  errNetwork: string;
  errUnreachable: string;
  errRateLimited: string;
  errUnknown: string;
  errSessionExpired: string;
  errUsernameTaken: string;
  errPseudonymFallback: string;
  errBadCredentials: string;
  errPasswordRejected: (min: number) => string;
  errPasswordCheck: string;
  errEmailRejected: string;
  errUsernameCheck: string;
  errPostcodeUnknown: string;
  errTopicPick: string;
  errAgencyUnavailable: string;
  // groups
  landingGroups: string;
  /** The way into the peer-exchange forums (their own texts: i18n/forums.ts, loaded with them). */
  landingForums: string;
  casesGroups: string;
  groupsHeading: string;
  groupsLead: string;
  groupsLoading: string;
  groupsNone: string;
  groupsRunning: string;
  groupsWhen: (day: string, time: string) => string;
  groupsWeekly: string;
  groupsDuration: (minutes: number) => string;
  groupsSeatsLeft: (seats: number) => string;
  groupsNoSeats: string;
  groupsRulesHeading: string;
  groupsJoin: string;
  groupsSignInFirst: string;
  groupsBack: string;
  groupFull: string;
  groupSignInLead: string;
  // chat appointments (consultation hours)
  slotsHeading: string;
  slotsLoading: string;
  slotsNone: string;
  slotWhen: (day: string, times: string) => string;
  slotPickHint: string;
  bookingSignInLead: string;
};

/**
 * The texts of the later screens (cases, conversation, settings, a group's chat, booking, the live
 * chat once started): in i18n/later/<language>.ts, loaded with those screens.
 */
export type LaterMessages = {
  liveWaitingHeading: string;
  livePosition: (position: number) => string;
  liveEstimate: (low: number, high: number) => string;
  liveEstimateUnknown: string;
  liveWaitingWrite: string;
  liveActiveHeading: (counselor: string) => string;
  liveYourName: (name: string) => string;
  liveLeave: string;
  liveLeaveConfirm: string;
  liveLeaveYes: string;
  liveLeaveNo: string;
  liveKeepOpen: string;
  liveKeepText: (name: string) => string;
  liveKeepPassword: string;
  liveKeepEmail: string;
  liveKeepSubmit: string;
  liveKeepCancel: string;
  // cases
  casesHeadingCreated: string;
  casesHeading: string;
  casesCreatedFallback: string;
  casesCreatedLead: string;
  casesLoading: string;
  casesNone: string;
  casesAllHeading: string;
  casesStatusPrefix: string;
  absencePrefix: string;
  casesOpenChat: string;
  casesNew: string;
  statusWaiting: string;
  statusTaken: string;
  statusAnswered: string;
  statusClosed: string;
  statusUnknown: string;
  // chat
  chatHeadingFallback: string;
  chatHistoryLocked: string;
  chatLoadFailed: string;
  chatPreparing: string;
  chatLoading: string;
  chatEmptyLead: string;
  chatMessagesLabel: string;
  chatNewMessages: string;
  chatEnquiryLabel: string;
  chatMessageLabel: string;
  chatSendEnquiry: string;
  chatSend: string;
  chatMe: string;
  chatCounselor: string;
  chatLocked: string;
  chatSending: string;
  chatSent: string;
  /** After "gesendet" once the other side has read the message (their read receipt). */
  chatRead: string;
  /** Live: the counseling side is typing. */
  chatCounselorTyping: string;
  chatNotSent: string;
  chatResend: string;
  unlockText: string;
  unlockLabel: string;
  unlockSubmit: string;
  unlockWrong: string;
  unlockFailed: string;
  // account settings
  settingsHeading: string;
  settingsLanguageHeading: string;
  settingsPasswordHeading: string;
  settingsOldPassword: string;
  settingsNewPassword: string;
  settingsNewPasswordHint: (min: number) => string;
  settingsChangePassword: string;
  settingsDeleteHeading: string;
  settingsDeleteText: string;
  settingsDeletePassword: string;
  settingsDeleteConfirm: string;
  settingsDelete: string;
  settingsSignOutHeading: string;
  settingsSignOutText: string;
  oldPasswordMissing: string;
  oldPasswordWrong: string;
  newPasswordSame: string;
  passwordChanged: string;
  passwordChangedNotProtected: string;
  deletePasswordMissing: string;
  deleteConfirmMissing: string;
  passwordWrong: string;
  groupHeadingFallback: string;
  groupJoining: string;
  groupBeforeStart: (when: string) => string;
  groupStartsOn: (day: string, time: string) => string;
  groupParticipant: string;
  groupMessagesLabel: string;
  groupEmpty: string;
  groupBackToList: string;
  whisperAsk: string;
  whisperAskHint: string;
  whisperHeading: string;
  whisperLead: string;
  whisperEnd: string;
  whisperBackToGroup: string;
  whisperOpenAgain: string;
  whisperNotNow: string;
  whisperModerator: string;
  bookingHeading: string;
  bookingLead: (agency: string) => string;
  bookingRemindLabel: string;
  bookingRemindHint: string;
  bookingSubmit: string;
  bookingSignInFirst: string;
  bookingDoneHeading: string;
  bookingDoneLead: (agency: string) => string;
  bookingRemindOn: string;
  bookingIcs: string;
  bookingIcsFailed: string;
  bookingCancel: string;
  bookingCancelConfirm: string;
  bookingCancelYes: string;
  bookingCancelNo: string;
  bookingCancelled: string;
  bookingCancelledStatus: string;
  bookingOtherSlots: string;
  bookingTaken: string;
  bookingUnavailable: string;
  bookingAlreadyBooked: string;
  bookingDailyLimit: string;
  bookingTooLate: string;
  bookingNoneFree: string;
  bookingOpenChat: string;
  bookingShow: string;
  bookingBack: string;
  bookingUpcoming: (day: string, time: string) => string;
  bookingDueSoon: string;
  bookingRunning: string;
  bookingCounselorThere: string;
  bookingCounselorNotYet: string;
  bookingOver: string;
  casesAppointment: string;
};

/** One dynamic import per language and part: each is a chunk of its own in the build. */
const firstLoaders: Record<Locale, () => Promise<FirstMessages>> = {
  "de-sie": () => import("./de-sie.ts").then((m) => m.deSie),
  "de-du": () => import("./de-du.ts").then((m) => m.deDu),
  "de-leicht": () => import("./de-leicht.ts").then((m) => m.deLeicht),
  en: () => import("./en.ts").then((m) => m.en),
  tr: () => import("./tr.ts").then((m) => m.tr),
  ar: () => import("./ar.ts").then((m) => m.ar),
  uk: () => import("./uk.ts").then((m) => m.uk),
};

const laterLoaders: Record<Locale, () => Promise<LaterMessages>> = {
  "de-sie": () => import("./later/de-sie.ts").then((m) => m.deSieLater),
  "de-du": () => import("./later/de-du.ts").then((m) => m.deDuLater),
  "de-leicht": () => import("./later/de-leicht.ts").then((m) => m.deLeichtLater),
  en: () => import("./later/en.ts").then((m) => m.enLater),
  tr: () => import("./later/tr.ts").then((m) => m.trLater),
  ar: () => import("./later/ar.ts").then((m) => m.arLater),
  uk: () => import("./later/uk.ts").then((m) => m.ukLater),
};

type Part<T> = { loaded: Map<Locale, T>; pending: Map<Locale, Promise<T>>; loaders: Record<Locale, () => Promise<T>> };

const firstPart: Part<FirstMessages> = { loaded: new Map(), pending: new Map(), loaders: firstLoaders };
const laterPart: Part<LaterMessages> = { loaded: new Map(), pending: new Map(), loaders: laterLoaders };
/** Once a later screen was wanted, every language switch fetches both parts. */
let laterWanted = false;
const merged = new Map<Locale, Messages>();

/** Fetches one part of a language's texts once (a failed fetch may be tried again). */
function loadPart<T>(part: Part<T>, locale: Locale): Promise<T> {
  const ready = part.loaded.get(locale);
  if (ready !== undefined) return Promise.resolve(ready);
  let p = part.pending.get(locale);
  if (p === undefined) {
    p = part.loaders[locale]().then(
      (m) => {
        part.loaded.set(locale, m);
        part.pending.delete(locale);
        merged.delete(locale);
        return m;
      },
      (err: unknown) => {
        part.pending.delete(locale);
        throw err;
      },
    );
    part.pending.set(locale, p);
  }
  return p;
}

/**
 * Fetches a language's texts: the first screens' part, and the later screens' part too once
 * those screens are in use (loadLaterMessages).
 */
export async function loadMessages(locale: Locale): Promise<Messages> {
  await Promise.all([loadPart(firstPart, locale), laterWanted ? loadPart(laterPart, locale) : null]);
  return messagesFor(locale);
}

/** Fetches the later screens' texts of a language (and of every language chosen from now on). */
export async function loadLaterMessages(locale: Locale): Promise<Messages> {
  laterWanted = true;
  return loadMessages(locale);
}

/** Whether a language's texts are here for the screens in use. */
export function isLoaded(locale: Locale): boolean {
  return firstPart.loaded.has(locale) && (!laterWanted || laterPart.loaded.has(locale));
}

/**
 * The texts of a language already loaded (the app only ever shows a loaded one). Before the later
 * screens' part is here, its keys are missing: only the later screens read them, and those render
 * once lazyScreens.tsx has loaded it (test/i18n.test.ts holds the first screens to their part).
 */
export function messagesFor(locale: Locale): Messages {
  const cached = merged.get(locale);
  if (cached !== undefined) return cached;
  const first = firstPart.loaded.get(locale);
  if (first === undefined) throw new Error(`texts of ${locale} not loaded`);
  const later = laterPart.loaded.get(locale);
  const m = (later === undefined ? first : { ...first, ...later }) as Messages;
  merged.set(locale, m);
  return m;
}
