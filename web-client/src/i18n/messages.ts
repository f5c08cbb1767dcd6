// Every text of the seeker app, as one typed catalogue per language (de-sie.ts, de-du.ts, en.ts).
// `Messages` lists the keys; each catalogue is declared as `Messages`, so the typechecker refuses
// a missing or an extra key, and test/i18n.test.ts refuses empty texts. Texts that depend on a
// value are functions. No library: three plain objects are all this app needs.
import type { Locale } from "./locale.ts";
import { deSie } from "./de-sie.ts";
import { deDu } from "./de-du.ts";
import { en } from "./en.ts";

export type Messages = {
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
  casesRefresh: string;
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
  chatBackToCases: string;
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
  farewellSignedOut: string;
  farewellDeleted: string;
  loginUsernameMissing: string;
  loginPasswordMissing: string;
  // input checks
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
};

export const catalogues: Record<Locale, Messages> = { "de-sie": deSie, "de-du": deDu, en };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}
