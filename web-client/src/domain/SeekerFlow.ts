// The view model of the seeker's way to a first enquiry: find an agency (topic + postcode),
// create an account or sign in, open the case, see one's cases. Plain TypeScript with immutable
// state snapshots and listeners, so the whole flow is unit-testable without a DOM; the Preact
// views only read `state` and call the methods below.
import { ApiError, isApiError } from "../api/ApiError.ts";
import type { LotseApi } from "../api/lotseApi.ts";
import type { Agency, Booking, CaseSummary, GroupSummary, LiveState, LocalHelp, SessionTokens, Slot, Topic } from "../api/types.ts";
import {
  accountErrorPlacement,
  generalErrorText,
  isUnauthorized,
  liveStartErrorPlacement,
  openCaseErrorText,
  searchErrorPlacement,
} from "./apiErrorMessages.ts";
import type { AccountField, SearchField } from "./apiErrorMessages.ts";
import type { SessionStore } from "./session.ts";
import { DEFAULT_LOCALE, storeLocale } from "../i18n/locale.ts";
import type { Locale, PreferenceStorage } from "../i18n/locale.ts";
import { isLoaded, loadMessages, messagesFor } from "../i18n/messages.ts";
import type { Messages } from "../i18n/messages.ts";
import { loadChatEngine, wipeChatData } from "./chat.ts";
import type { ChatEngine } from "./chat.ts";
import type { AttachmentPolicy } from "./attachments.ts";
import type { DeepLink } from "./deepLink.ts";
import type { ResolvedLink } from "./deepLinkResolve.ts";
import type { DeepLinkMessages } from "../i18n/deepLink.ts";
import {
  emailProblem,
  newPasswordProblem,
  postcodeProblem,
  pseudonymProblem,
} from "./validation.ts";

export type Loadable<T> =
  | { status: "loading" }
  | { status: "ready"; value: T }
  | { status: "failed"; message: string };

export type FieldErrors<F extends string> = Partial<Record<F | "form", string>>;

export type Step = "landing" | "find" | "account" | "opening" | "cases" | "chat" | "settings" | "groups" | "group" | "booking" | "live" | "liveChat" | "forums";

export type LiveField = "topicId" | "postcode" | "pseudonym";

export type AccountMode = "register" | "login";

export type SearchResult = { topic: Topic; postcode: string; agencies: Agency[] };

export type FlowState = {
  step: Step;
  /** Language and form of address of every text. */
  locale: Locale;
  signedIn: boolean;
  topics: Loadable<Topic[]>;
  find: {
    topicId: string;
    postcode: string;
    searching: boolean;
    errors: FieldErrors<SearchField>;
    /** The last search's answer; cleared when topic or postcode change. */
    result: SearchResult | null;
    /** The agency a deep link (`?agency=…`) asked for: the search offers it alone. */
    pinned: (Agency & { topics: string[] }) | null;
  };
  /** A deep link had values that could not be used: said gently on the start and the search. */
  linkNote: boolean;
  /** The deep link's texts (i18n/deepLink.ts), once a link brought them along. */
  linkTexts: Record<Locale, DeepLinkMessages> | null;
  /** What the enquiry will be about, once an agency was picked. */
  choice: { topic: Topic; postcode: string; agency: Agency } | null;
  account: {
    mode: AccountMode;
    username: string;
    password: string;
    email: string;
    submitting: boolean;
    errors: FieldErrors<AccountField>;
  };
  opening: { error: string | null };
  cases: Loadable<CaseSummary[]>;
  /** Set when the case list is shown right after opening this case. */
  createdCaseId: string | null;
  /** The encrypted chat: engine start-up, and the case whose conversation is shown. */
  chat: {
    engine: "off" | "starting" | "ready" | "failed";
    caseId: string | null;
    /** The case's conversation does not exist yet (being prepared by the platform). */
    waiting: boolean;
    failed: boolean;
  };
  settings: {
    oldPassword: string;
    newPassword: string;
    deletePassword: string;
    deleteConfirmed: boolean;
    busy: "password" | "delete" | null;
    errors: Partial<Record<"oldPassword" | "newPassword" | "deletePassword" | "deleteConfirmed" | "form", string>>;
    done: string | null;
  };
  /** Upcoming and running groups (anyone may see them). */
  groups: Loadable<GroupSummary[]>;
  /**
   * The group the seeker is in (or about to join), its conversation and the private word with
   * its moderator. `pendingGroupId`: an anonymous visitor chose to join; after sign-in they come back.
   */
  group: {
    groupId: string | null;
    joining: boolean;
    error: string | null;
    conversationId: string | null;
    view: "group" | "whisper";
    whisperId: string | null;
    whisperBusy: boolean;
    whisperError: string | null;
    pendingGroupId: string | null;
  };
  /** Each agency's next free chat-appointment slots, by agency id (loaded when shown). */
  slots: Record<string, Loadable<Slot[]>>;
  /** The seeker's bookings (GET /v1/bookings), refreshed while an appointment is on screen. */
  bookings: Loadable<Booking[]>;
  /** What the seeker may attach (GET /v1/attachments/policy), loaded when a conversation first shows; null until then. */
  attachmentPolicy: AttachmentPolicy | null;
  /**
   * The chat appointment being booked or shown. `view`: "confirm" before booking (slot chosen),
   * "booked" (the confirmation), "cancelled" (after cancelling: choose a new slot). `pending`: a
   * visitor chose to book; after sign-in the booking is made right away. `freshSlots`: the next
   * free slots sent with a refused booking.
   */
  booking: {
    view: "confirm" | "booked" | "cancelled";
    agency: { id: string; name: string; city: string } | null;
    topicId: string | null;
    slot: Slot | null;
    remind: boolean;
    busy: "booking" | "cancelling" | "calendar" | null;
    error: string | null;
    freshSlots: Slot[] | null;
    bookingId: string | null;
    confirmCancel: boolean;
    pending: boolean;
  };
  /** Asking for the password again to show older messages (a new chat session after a reload). */
  unlock: { password: string; busy: boolean; error: string | null };
  /**
   * The live chat without registration: the topics offered now, the start form, and — once
   * started — the chat's state from the server (queue place, counselor), the seeker's name in it,
   * leaving (with a confirmation) and keeping the access (a password turns it into an account).
   */
  live: {
    offer: Loadable<Topic[]>;
    topicId: string;
    postcode: string;
    pseudonym: string;
    starting: boolean;
    errors: FieldErrors<LiveField>;
    chat: LiveState | null;
    name: string | null;
    confirmLeave: boolean;
    leaving: boolean;
    keep: { open: boolean; password: string; email: string; busy: boolean; errors: FieldErrors<"password" | "email"> };
  };
  /**
   * The peer-exchange forums (their screens and view model load on demand: ui/lazyForums.tsx):
   * the forum shown (null: the list), and whether a visitor went to sign in to take part in it.
   */
  forum: { topicId: string | null; pending: boolean };
  /** A message for the landing page after signing out or deleting the account. */
  farewell: string | null;
  /**
   * Where keyboard focus should go next. `seq` changes on every request, so the view can react
   * to a repeated request for the same target.
   */
  focus: { target: FocusTarget; seq: number };
};

export type FocusTarget =
  | "heading"
  | "results"
  | "topic"
  | "postcode"
  | "username"
  | "password"
  | "email"
  | "form"
  | "composer"
  | "oldPassword"
  | "newPassword"
  | "deletePassword"
  | "deleteConfirmed"
  | "unlockPassword"
  | "cancelQuestion"
  | "cancelButton"
  | "liveTopic"
  | "livePostcode"
  | "livePseudonym";

type FindField = "topicId" | "postcode";
type AccountInput = "username" | "password" | "email";

const emptyAccount: FlowState["account"] = {
  mode: "register",
  username: "",
  password: "",
  email: "",
  submitting: false,
  errors: {},
};

/** How the flow gets the chat engine (the lazy import; a stand-in in unit tests). */
export type ChatLoader = { load: typeof loadChatEngine; wipe: typeof wipeChatData };

const emptyGroup: FlowState["group"] = {
  groupId: null,
  joining: false,
  error: null,
  conversationId: null,
  view: "group",
  whisperId: null,
  whisperBusy: false,
  whisperError: null,
  pendingGroupId: null,
};

const emptyBooking: FlowState["booking"] = {
  view: "confirm",
  agency: null,
  topicId: null,
  slot: null,
  remind: false,
  busy: null,
  error: null,
  freshSlots: null,
  bookingId: null,
  confirmCancel: false,
  pending: false,
};

const emptyUnlock: FlowState["unlock"] = { password: "", busy: false, error: null };

const emptyLiveKeep: FlowState["live"]["keep"] = { open: false, password: "", email: "", busy: false, errors: {} };

/** How often the app asks for the live chat's state (and so tells the server it is still there). */
export const LIVE_POLL_MS = 4_000;

const emptySettings: FlowState["settings"] = {
  oldPassword: "",
  newPassword: "",
  deletePassword: "",
  deleteConfirmed: false,
  busy: null,
  errors: {},
  done: null,
};

export class SeekerFlow {
  #state: FlowState;
  #engine: ChatEngine | null = null;
  #engineStart: Promise<ChatEngine | null> | null = null;
  #roomWaitSeq = 0;
  readonly #api: LotseApi;
  readonly #session: SessionStore;
  readonly #listeners = new Set<(state: FlowState) => void>();
  #searchSeq = 0;
  #casesSeq = 0;
  #localeSeq = 0;

  readonly #chatLoader: ChatLoader;
  readonly #preferences: PreferenceStorage | null;

  constructor(deps: {
    api: LotseApi;
    session: SessionStore;
    chat?: ChatLoader;
    locale?: Locale;
    /** Where the language choice is remembered (localStorage in the browser). */
    preferences?: PreferenceStorage | null;
  }) {
    this.#api = deps.api;
    this.#preferences = deps.preferences ?? null;
    this.#chatLoader = deps.chat ?? { load: loadChatEngine, wipe: wipeChatData };
    this.#session = deps.session;
    this.#state = {
      step: "landing",
      locale: deps.locale ?? DEFAULT_LOCALE,
      signedIn: deps.session.token !== null,
      topics: { status: "loading" },
      find: { topicId: "", postcode: "", searching: false, errors: {}, result: null, pinned: null },
      linkNote: false,
      linkTexts: null,
      choice: null,
      account: emptyAccount,
      opening: { error: null },
      cases: { status: "loading" },
      createdCaseId: null,
      chat: { engine: "off", caseId: null, waiting: false, failed: false },
      settings: emptySettings,
      groups: { status: "loading" },
      group: emptyGroup,
      slots: {},
      bookings: { status: "loading" },
      attachmentPolicy: null,
      booking: emptyBooking,
      unlock: emptyUnlock,
      live: {
        offer: { status: "loading" },
        topicId: "",
        postcode: "",
        pseudonym: "",
        starting: false,
        errors: {},
        chat: null,
        name: null,
        confirmLeave: false,
        leaving: false,
        keep: emptyLiveKeep,
      },
      forum: { topicId: null, pending: false },
      farewell: null,
      focus: { target: "heading", seq: 0 },
    };
    if (deps.session.current?.live !== undefined) this.#state = { ...this.#state, signedIn: false, live: { ...this.#state.live, name: deps.session.current.live.pseudonym } };
  }

  get state(): FlowState {
    return this.#state;
  }

  /** The texts in the chosen language. */
  get t(): Messages {
    return messagesFor(this.#state.locale);
  }

  /**
   * Switches language / form of address and remembers the choice in this browser. A language not
   * shown before is fetched first (its own chunk); the page keeps the current one until it is
   * there, and of quick successive choices the last one wins. If the fetch fails, nothing changes.
   */
  setLocale(locale: Locale): Promise<void> {
    const seq = ++this.#localeSeq;
    const apply = () => {
      if (seq !== this.#localeSeq || locale === this.#state.locale) return;
      storeLocale(this.#preferences, locale);
      this.#set({ locale });
    };
    if (isLoaded(locale)) {
      apply();
      return Promise.resolve();
    }
    return loadMessages(locale).then(apply, () => {});
  }

  #attachmentPolicyLoading = false;

  /** Loads the attachment policy once (the conversation screens call it; a failure is tried again next time). */
  loadAttachmentPolicy(): void {
    if (this.#state.attachmentPolicy !== null || this.#attachmentPolicyLoading) return;
    this.#attachmentPolicyLoading = true;
    this.#api.attachmentPolicy().then(
      (policy) => {
        this.#attachmentPolicyLoading = false;
        this.#set({ attachmentPolicy: policy });
      },
      () => {
        // Without it the button stays hidden; nothing else depends on it.
        this.#attachmentPolicyLoading = false;
      },
    );
  }

  subscribe(listener: (state: FlowState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Loads the topics; a returning seeker (session in this tab) sees their cases first. A deep link
   * (deepLink.ts) opens the search pre-filled, or its agency directly.
   */
  async start(link: DeepLink | null = null): Promise<void> {
    const topics = this.loadTopics();
    if (link !== null && this.#session.current?.live === undefined) {
      void this.loadLiveOffer();
      if (this.#session.token !== null) void this.#startEngine(null, false);
      await topics;
      await this.#applyDeepLink(link);
      return;
    }
    if (this.#session.current?.live !== undefined) {
      // A live chat in this tab (a reload): back to it.
      this.#goTo("liveChat");
      void this.#startEngine(null, false);
      await Promise.all([topics, this.#pollLive()]);
      return;
    }
    void this.loadLiveOffer();
    if (this.#session.token !== null) {
      this.#goTo("cases");
      void this.#startEngine(null, false);
      await Promise.all([topics, this.loadCases()]);
    } else {
      await topics;
    }
  }

  async loadTopics(): Promise<void> {
    this.#set({ topics: { status: "loading" } });
    try {
      const topics = await this.#api.listTopics();
      const sorted = [...topics].sort((a, b) => a.name.de.localeCompare(b.name.de, "de"));
      this.#set({ topics: { status: "ready", value: sorted } });
    } catch (err) {
      this.#set({ topics: { status: "failed", message: generalErrorText(err, this.#state.locale) } });
    }
  }

  // ---- deep links ----------------------------------------------------------------------------

  async #applyDeepLink(link: DeepLink): Promise<void> {
    let r: ResolvedLink;
    try {
      const m = await import("./deepLinkResolve.ts");
      r = await m.resolveDeepLink(link, { getAgency: (id) => this.#api.getAgency(id), hasTopic: (id) => this.#topicById(id) !== undefined });
      this.#set({ linkTexts: m.deepLinkCatalogues });
    } catch {
      r = { topicId: "", postcode: "", pinned: null, faulty: false };
    }
    const { topicId, postcode, pinned } = r;
    if (pinned === null && topicId === "" && postcode === "") {
      // Nothing usable: the normal start, with the note.
      this.#set({ linkNote: r.faulty });
      this.#goTo(this.#session.token !== null ? "cases" : "landing");
      if (this.#session.token !== null) void this.loadCases();
      return;
    }
    this.#set({ linkNote: r.faulty, find: { ...this.#state.find, topicId, postcode, errors: {}, result: null, pinned } });
    this.#goTo("find");
    if (topicId !== "" && postcode !== "") await this.searchAgencies();
  }

  // ---- step 1: topic, postcode, agency -------------------------------------------------------

  setFindField(field: FindField, value: string): void {
    const find = this.#state.find;
    const errorKey = field === "topicId" ? "topic" : "postcode";
    const { [errorKey]: _dropped, form: _form, ...errors } = find.errors;
    this.#set({ find: { ...find, [field]: value, errors, result: null } });
  }

  async searchAgencies(): Promise<void> {
    const find = this.#state.find;
    const errors: FieldErrors<SearchField> = {};
    const topic = this.#topicById(find.topicId);
    if (topic === undefined) errors.topic = this.t.findTopicMissing;
    const postcodeError = postcodeProblem(find.postcode, this.t);
    if (postcodeError !== null) errors.postcode = postcodeError;
    if (topic === undefined || postcodeError !== null) {
      this.#set({ find: { ...find, errors, result: null } });
      this.#focus(errors.topic !== undefined ? "topic" : "postcode");
      return;
    }
    const postcode = find.postcode.trim();
    const seq = ++this.#searchSeq;
    this.#set({ find: { ...find, postcode, searching: true, errors: {}, result: null } });
    try {
      // A deep link's agency is offered alone for the topics it counsels on.
      const pinned = find.pinned !== null && find.pinned.topics.includes(topic.id) ? find.pinned : null;
      const agencies: Agency[] = pinned !== null ? [{ id: pinned.id, name: pinned.name, city: pinned.city }] : await this.#api.findAgencies({ topic: topic.id, postcode });
      if (seq !== this.#searchSeq) return;
      this.#set({
        find: { ...this.#state.find, searching: false, result: { topic, postcode, agencies } },
      });
      this.#focus("results");
      for (const agency of agencies) void this.loadSlots(agency.id);
    } catch (err) {
      if (seq !== this.#searchSeq) return;
      const placed = searchErrorPlacement(err, this.#state.locale);
      this.#set({
        find: { ...this.#state.find, searching: false, errors: { [placed.field]: placed.message } },
      });
      this.#focus(placed.field);
    }
  }

  /** "Beratung vor Ort" of one of the seeker's cases (ui/LocalHelp.tsx keeps it; errors to the caller). */
  loadLocalHelp(caseId: string): Promise<LocalHelp> {
    return this.#authed((t) => this.#api.localHelp(t, caseId));
  }

  /** Leaves a deep link's agency: the search offers every agency again. */
  unpinAgency(): void {
    this.#set({ find: { ...this.#state.find, pinned: null, result: null } });
    this.#focus("topic");
  }

  /** Picks an agency from the last search; signed-in seekers go straight to opening the case. */
  async chooseAgency(agencyId: string): Promise<void> {
    const result = this.#state.find.result;
    const agency = result?.agencies.find((a) => a.id === agencyId);
    if (result === null || agency === undefined) return;
    this.#set({ choice: { topic: result.topic, postcode: result.postcode, agency }, booking: emptyBooking });
    if (this.#session.token !== null) {
      await this.#openCase();
    } else {
      this.#goTo("account");
    }
  }

  backToSearch(): void {
    this.#set({ choice: null, booking: emptyBooking, account: { ...this.#state.account, errors: {}, password: "" } });
    this.#goTo("find", "results");
  }

  // ---- step 2: account -----------------------------------------------------------------------

  setAccountMode(mode: AccountMode): void {
    this.#set({ account: { ...this.#state.account, mode, errors: {} } });
    this.#focus("heading");
  }

  setAccountField(field: AccountInput, value: string): void {
    const account = this.#state.account;
    const { [field]: _dropped, form: _form, ...errors } = account.errors;
    this.#set({ account: { ...account, [field]: value, errors } });
  }

  async submitAccount(): Promise<void> {
    const account = this.#state.account;
    const choice = this.#state.choice;
    if (account.submitting) return;
    const errors = this.#checkAccount();
    const first = (["username", "password", "email"] as const).find((f) => errors[f]);
    if (first !== undefined) {
      this.#set({ account: { ...account, errors } });
      this.#focus(first);
      return;
    }
    const username = account.username.trim();
    this.#set({ account: { ...account, submitting: true, errors: {} } });
    try {
      let tokens: SessionTokens;
      if (account.mode === "register") {
        const email = account.email.trim();
        const created = await this.#api.registerSeeker({
          username,
          password: account.password,
          ...(email === "" ? {} : { email }),
          topic: choice?.topic.id ?? "",
          postcode: choice?.postcode ?? "",
        });
        tokens = created;
      } else {
        tokens = await this.#api.login({ username, password: account.password });
      }
      // The password is not needed any more; don't keep it around in memory.
      this.#set({ account: { ...this.#state.account, password: "", submitting: false } });
      this.#session.signIn(sessionOf(tokens));
      this.#set({ signedIn: true, farewell: null });
      void this.#startEngine(account.password, account.mode === "register");
    } catch (err) {
      const placed = accountErrorPlacement(err, { mode: account.mode, username }, this.#state.locale);
      this.#set({
        account: {
          ...this.#state.account,
          submitting: false,
          errors: { [placed.field]: placed.message },
        },
      });
      this.#focus(placed.field);
      return;
    }
    if (this.#state.booking.pending) {
      this.#set({ choice: null, booking: { ...this.#state.booking, pending: false } });
      await this.confirmBooking();
      return;
    }
    if (this.#state.choice === null && this.#state.forum.pending) {
      this.#set({ forum: { ...this.#state.forum, pending: false } });
      this.#goTo("forums");
      return;
    }
    const pendingGroupId = this.#state.group.pendingGroupId;
    if (this.#state.choice === null && pendingGroupId !== null) {
      await this.joinGroup(pendingGroupId);
      return;
    }
    if (this.#state.choice === null) {
      this.#goTo("cases");
      await this.loadCases();
      return;
    }
    await this.#openCase();
  }

  // ---- step 3: the case ----------------------------------------------------------------------

  retryOpenCase(): Promise<void> {
    return this.#openCase();
  }

  /**
   * `quiet`: a refresh in the background (a case's status changed in its conversation): the list
   * on screen stays until the new one is there, and a failure keeps it.
   */
  async loadCases({ quiet = false }: { quiet?: boolean } = {}): Promise<void> {
    const token = this.#session.token;
    if (token === null) return;
    const seq = ++this.#casesSeq;
    if (!quiet || this.#state.cases.status !== "ready") this.#set({ cases: { status: "loading" } });
    try {
      const cases = await this.#authed((t) => this.#api.listCases(t));
      if (seq !== this.#casesSeq) return;
      this.#set({ cases: { status: "ready", value: cases } });
      void this.loadBookings();
      for (const agencyId of new Set(cases.map((c) => c.agency.id))) void this.loadSlots(agencyId);
    } catch (err) {
      if (seq !== this.#casesSeq) return;
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      if (quiet && this.#state.cases.status === "ready") return;
      this.#set({ cases: { status: "failed", message: generalErrorText(err, this.#state.locale) } });
    }
  }

  /** From the case list back to step 1, for another enquiry. */
  startNewRequest(): void {
    this.#set({
      choice: null,
      createdCaseId: null,
      find: { ...this.#state.find, result: null, errors: {} },
    });
    this.#goTo("find");
  }

  signOut(): void {
    this.#endSession(this.t.farewellSignedOut);
  }

  /** Ends this browser's chat access and deletes its keys and stores (sign-out, a live chat's end). */
  #wipeChat(): void {
    const engine = this.#engine;
    const starting = this.#engineStart;
    this.#engine = null;
    this.#engineStart = null;
    void (async () => {
      const e = engine ?? (await starting?.catch(() => null)) ?? null;
      if (e !== null) await e.stop({ wipe: true });
      else await this.#chatLoader.wipe().catch(() => {});
    })();
  }

  #endSession(farewell: string | null): void {
    // End this sign-in on the server too (best effort: the tokens are forgotten here anyway).
    const refreshToken = this.#session.current?.refreshToken;
    if (refreshToken !== undefined) void this.#api.logout(refreshToken).catch(() => {});
    this.#session.signOut();
    this.#roomWaitSeq++;
    this.#wipeChat();
    this.#casesSeq++;
    this.#set({
      signedIn: false,
      choice: null,
      createdCaseId: null,
      account: emptyAccount,
      cases: { status: "loading" },
      find: { ...this.#state.find, result: null, errors: {} },
      chat: { engine: "off", caseId: null, waiting: false, failed: false },
      settings: emptySettings,
      group: emptyGroup,
      bookings: { status: "loading" },
      booking: emptyBooking,
      unlock: emptyUnlock,
      farewell,
    });
    this.#goTo("landing");
  }

  // ---- landing -------------------------------------------------------------------------------

  /** From the landing page to the search for an agency. */
  beginSearch(): void {
    this.#set({ farewell: null });
    this.#goTo("find");
  }

  /** From the landing page to signing in, without a new enquiry. */
  beginLogin(): void {
    this.#set({
      farewell: null,
      choice: null,
      account: { ...emptyAccount, mode: "login" },
      group: { ...this.#state.group, pendingGroupId: null },
      booking: emptyBooking,
    });
    this.#goTo("account");
  }

  // ---- forums (screens and their view model: ui/lazyForums.tsx, domain/ForumFlow.ts) ----------

  /** The peer-exchange forums; with a topic, that forum. */
  showForums(topicId: string | null = null): void {
    this.#set({ farewell: null, forum: { topicId, pending: false } });
    this.#goTo("forums");
  }

  /** A visitor wants to take part in a forum: sign in first, then back to it. */
  signInForForum(topicId: string): void {
    this.beginLogin();
    this.#set({ forum: { topicId, pending: true } });
  }

  /** "I would like personal counseling" from a forum: the search with the forum's topic chosen. */
  beginCounselingOn(topicId: string): void {
    this.#set({ farewell: null, choice: null, find: { ...this.#state.find, topicId, result: null, errors: {} } });
    this.#goTo("find", "postcode");
  }

  /** For screens loaded on demand: the API, calls with the seeker's token (renewed when needed), the chat engine. */
  get api(): LotseApi {
    return this.#api;
  }

  authed<T>(call: (token: string) => Promise<T>): Promise<T> {
    return this.#authed(call);
  }

  async chatEngine(): Promise<ChatEngine | null> {
    return this.#engine ?? (await this.#engineStart) ?? (await this.#startEngine(null, false));
  }

  /** Back to the landing page (visitors who are not signed in). */
  showLanding(): void {
    this.#goTo("landing");
    void this.loadLiveOffer();
  }

  // ---- live chat without registration ------------------------------------------------------

  #liveSeq = 0;
  #liveTimer: ReturnType<typeof setTimeout> | null = null;
  #liveOpened: string | null = null;

  /** Which topics anyone is on live duty for now (the landing page offers the live chat then). */
  async loadLiveOffer(): Promise<void> {
    const seq = ++this.#liveSeq;
    try {
      const offer = await this.#api.liveOffer();
      if (seq !== this.#liveSeq) return;
      this.#set({ live: { ...this.#state.live, offer: { status: "ready", value: offer.available ? offer.topics : [] } } });
    } catch (err) {
      if (seq !== this.#liveSeq) return;
      this.#set({ live: { ...this.#state.live, offer: { status: "failed", message: generalErrorText(err, this.#state.locale) } } });
    }
  }

  /** From the landing page to the live chat's start form. */
  beginLive(): void {
    const offer = this.#state.live.offer;
    const only = offer.status === "ready" && offer.value.length === 1 ? offer.value[0]!.id : this.#state.live.topicId;
    this.#set({ farewell: null, live: { ...this.#state.live, topicId: only, errors: {} } });
    this.#goTo("live");
    void this.loadLiveOffer();
  }

  setLiveField(field: LiveField, value: string): void {
    const errors = { ...this.#state.live.errors };
    delete errors[field];
    delete errors.form;
    this.#set({ live: { ...this.#state.live, [field]: value, errors } });
  }

  /** Starts the live chat: a temporary account in this tab, a place in the queue, the chat engine. */
  async startLive(): Promise<void> {
    const live = this.#state.live;
    if (live.starting) return;
    const t = this.t;
    const errors: FieldErrors<LiveField> = {};
    if (live.topicId === "") errors.topicId = t.liveTopicMissing;
    const postcode = live.postcode.trim();
    if (postcode !== "") {
      const problem = postcodeProblem(postcode, t);
      if (problem !== null) errors.postcode = problem;
    }
    const pseudonym = live.pseudonym.trim();
    if (pseudonym !== "") {
      const problem = pseudonymProblem(pseudonym, this.#state.locale);
      if (problem !== null) errors.pseudonym = problem;
    }
    const first = (["topicId", "postcode", "pseudonym"] as const).find((f) => errors[f] !== undefined);
    if (first !== undefined) {
      this.#set({ live: { ...live, errors } });
      this.#focus(first === "topicId" ? "liveTopic" : first === "postcode" ? "livePostcode" : "livePseudonym");
      return;
    }
    this.#set({ live: { ...live, starting: true, errors: {} } });
    try {
      const started = await this.#api.startLive({
        topic: live.topicId,
        ...(postcode === "" ? {} : { postcode }),
        ...(pseudonym === "" ? {} : { pseudonym }),
      });
      this.#session.signIn({ ...sessionOf(started), live: { pseudonym: started.pseudonym } });
      this.#set({ live: { ...this.#state.live, starting: false, name: started.pseudonym, chat: null, confirmLeave: false, keep: emptyLiveKeep } });
      this.#goTo("liveChat");
      void this.#startEngine(null, false);
      await this.#pollLive();
    } catch (err) {
      const placed = liveStartErrorPlacement(err, { pseudonym }, this.#state.locale);
      this.#set({ live: { ...this.#state.live, starting: false, errors: { [placed.field]: placed.message } } });
      this.#focus(placed.field === "topicId" ? "liveTopic" : placed.field === "pseudonym" ? "livePseudonym" : placed.field === "postcode" ? "livePostcode" : "form");
    }
  }

  /** Asks the server for the live chat's state now, then every LIVE_POLL_MS while it lasts. */
  async #pollLive(): Promise<void> {
    if (this.#liveTimer !== null) clearTimeout(this.#liveTimer);
    this.#liveTimer = null;
    if (this.#session.current?.live === undefined) return;
    try {
      const chat = await this.#authed((t) => this.#api.liveState(t));
      if (this.#session.current?.live === undefined) return;
      this.#set({ live: { ...this.#state.live, chat } });
      if (chat.status === "ended") {
        this.#liveOver(this.t.liveEndedClosed);
        return;
      }
      if (chat.roomId !== null && this.#liveOpened !== chat.roomId) {
        const engine = this.#engine ?? (await this.#engineStart) ?? (await this.#startEngine(null, false));
        if (engine !== null && this.#session.current?.live !== undefined) {
          this.#liveOpened = chat.roomId;
          this.#set({ chat: { ...this.#state.chat, caseId: chat.caseId, waiting: false, failed: false } });
          void engine.open(chat.roomId);
        }
      }
    } catch (err) {
      // Erased (the counselor closed it, or it went idle) or gone: the chat is over.
      if (isUnauthorized(err) || (isApiError(err) && err.status === 404)) {
        this.#liveOver(this.t.liveEndedClosed);
        return;
      }
      // A network hiccup: try again at the next tick.
    }
    this.#liveTimer = setTimeout(() => void this.#pollLive(), LIVE_POLL_MS);
  }

  askLeaveLive(): void {
    this.#set({ live: { ...this.#state.live, confirmLeave: true } });
    this.#focus("cancelQuestion");
  }

  keepChattingLive(): void {
    this.#set({ live: { ...this.#state.live, confirmLeave: false } });
    this.#focus("composer");
  }

  /** The seeker ends the live chat: it is deleted on the server, and this tab forgets it. */
  async leaveLive(): Promise<void> {
    if (this.#state.live.leaving) return;
    this.#set({ live: { ...this.#state.live, leaving: true } });
    try {
      await this.#authed((t) => this.#api.endLive(t));
    } catch {
      // Already over on the server (or unreachable: the idle rule deletes it soon); leave anyway.
    }
    this.#liveOver(this.t.liveEndedLeft);
  }

  /** The live chat is over: stop asking, drop the session and wipe this browser's chat data. */
  #liveOver(farewell: string): void {
    if (this.#liveTimer !== null) clearTimeout(this.#liveTimer);
    this.#liveTimer = null;
    this.#liveOpened = null;
    this.#session.signOut();
    this.#wipeChat();
    this.#set({
      signedIn: false,
      chat: { engine: "off", caseId: null, waiting: false, failed: false },
      live: { ...this.#state.live, chat: null, name: null, confirmLeave: false, leaving: false, starting: false, keep: emptyLiveKeep },
      farewell,
    });
    this.#goTo("landing");
    void this.loadLiveOffer();
  }

  openLiveKeep(open: boolean): void {
    this.#set({ live: { ...this.#state.live, keep: { ...emptyLiveKeep, open } } });
    this.#focus(open ? "password" : "composer");
  }

  setLiveKeepField(field: "password" | "email", value: string): void {
    const keep = this.#state.live.keep;
    const errors = { ...keep.errors };
    delete errors[field];
    delete errors.form;
    this.#set({ live: { ...this.#state.live, keep: { ...keep, [field]: value, errors } } });
  }

  /**
   * "Zugang behalten": the temporary account gets a password and becomes an ordinary one; the chat
   * engine protects the conversation's keys with it (as at registration), so it can be read again
   * on another browser. Then the seeker is signed in as usual and sees the case.
   */
  async keepLiveAccess(): Promise<void> {
    const keep = this.#state.live.keep;
    if (keep.busy) return;
    const t = this.t;
    const errors: FieldErrors<"password" | "email"> = {};
    const passwordProblem = newPasswordProblem(keep.password, t);
    if (passwordProblem !== null) errors.password = passwordProblem;
    const email = keep.email.trim();
    if (email !== "") {
      const problem = emailProblem(email, t);
      if (problem !== null) errors.email = problem;
    }
    if (errors.password !== undefined || errors.email !== undefined) {
      this.#set({ live: { ...this.#state.live, keep: { ...keep, errors } } });
      this.#focus(errors.password !== undefined ? "password" : "email");
      return;
    }
    this.#set({ live: { ...this.#state.live, keep: { ...keep, busy: true, errors: {} } } });
    try {
      await this.#authed((tok) => this.#api.keepLive(tok, { password: keep.password, ...(email === "" ? {} : { email }) }));
    } catch (err) {
      this.#set({ live: { ...this.#state.live, keep: { ...this.#state.live.keep, busy: false, errors: { form: generalErrorText(err, this.#state.locale) } } } });
      this.#focus("form");
      return;
    }
    if (this.#liveTimer !== null) clearTimeout(this.#liveTimer);
    this.#liveTimer = null;
    const current = this.#session.current;
    if (current !== null) this.#session.signIn({ token: current.token, ...(current.refreshToken === undefined ? {} : { refreshToken: current.refreshToken }) });
    const engine = this.#engine ?? (await this.#engineStart);
    await engine?.changePassword(keep.password).catch(() => undefined);
    const caseId = this.#state.live.chat?.caseId ?? null;
    this.#liveOpened = null;
    this.#set({
      signedIn: true,
      farewell: null,
      live: { ...this.#state.live, chat: null, name: null, keep: emptyLiveKeep, confirmLeave: false },
    });
    if (caseId !== null) await this.openChat(caseId);
    else this.showCases();
  }

  showCases(): void {
    this.#set({ createdCaseId: null });
    this.#goTo("cases");
    void this.loadCases();
  }

  // ---- chat ----------------------------------------------------------------------------------

  /** The running chat engine, once loaded (the views subscribe to it for messages). */
  get engine(): ChatEngine | null {
    return this.#engine;
  }

  /** Shows a case's conversation; waits for it to be prepared when the case is brand new. */
  async openChat(caseId: string): Promise<void> {
    const seq = ++this.#roomWaitSeq;
    this.#set({ chat: { ...this.#state.chat, caseId, waiting: true, failed: false } });
    this.#goTo("chat", "composer");
    const token = this.#session.token;
    if (token === null) return;
    const deadline = Date.now() + 120_000;
    let roomId: string | null = null;
    while (roomId === null) {
      try {
        const cases = await this.#authed((t) => this.#api.listCases(t));
        if (seq !== this.#roomWaitSeq) return;
        this.#set({ cases: { status: "ready", value: cases } });
        roomId = cases.find((c) => c.caseId === caseId)?.roomId ?? null;
      } catch (err) {
        if (isUnauthorized(err)) {
          this.#expire();
          return;
        }
      }
      if (roomId !== null) break;
      if (Date.now() > deadline) {
        this.#set({ chat: { ...this.#state.chat, waiting: false, failed: true } });
        return;
      }
      await new Promise((r) => setTimeout(r, 1000));
      if (seq !== this.#roomWaitSeq) return;
    }
    const engine = this.#engine ?? (await this.#engineStart) ?? (await this.#startEngine(null, false));
    if (seq !== this.#roomWaitSeq) return;
    if (engine === null) {
      this.#set({ chat: { ...this.#state.chat, waiting: false, failed: true } });
      return;
    }
    this.#set({ chat: { ...this.#state.chat, waiting: false } });
    await engine.open(roomId);
  }

  /** The conversation id (internal) of a case, when it exists. */
  conversationIdOf(caseId: string): string | null {
    const live = this.#state.live.chat;
    if (live !== null && live.caseId === caseId) return live.roomId;
    const cases = this.#state.cases;
    if (cases.status !== "ready") return null;
    return cases.value.find((c) => c.caseId === caseId)?.roomId ?? null;
  }

  retryChat(): void {
    const caseId = this.#state.chat.caseId;
    if (caseId !== null) void this.openChat(caseId);
  }

  #startEngine(password: string | null, newAccount: boolean): Promise<ChatEngine | null> {
    // A live chat's temporary account has no password and no history elsewhere to unlock.
    const temporary = this.#session.current?.live !== undefined;
    if (this.#engineStart !== null) return this.#engineStart;
    const token = this.#session.token;
    if (token === null) return Promise.resolve(null);
    this.#set({ chat: { ...this.#state.chat, engine: "starting" } });
    const start = this.#chatLoader.load({
      apiToken: token,
      openSession: () => this.#authed((t) => this.#api.openChatSession(t)),
      password,
      newAccount,
      temporary,
      accountKey: accountKeyOf(token),
      // A live chat's temporary account has no case list (the API refuses it); its screen polls its own state.
      onCaseStatusChanged: temporary ? undefined : () => void this.loadCases({ quiet: true }),
    }).then(
      (engine) => {
        if (this.#engineStart !== start) {
          void engine.stop({ wipe: true });
          return null;
        }
        this.#engine = engine;
        this.#set({ chat: { ...this.#state.chat, engine: "ready" } });
        return engine;
      },
      () => {
        if (this.#engineStart === start) {
          this.#engineStart = null;
          this.#set({ chat: { ...this.#state.chat, engine: "failed" } });
        }
        return null;
      },
    );
    this.#engineStart = start;
    return start;
  }

  // ---- groups ---------------------------------------------------------------------------------

  #groupsSeq = 0;

  /** The list of upcoming and running groups (from the landing page or "my cases"). */
  showGroups(): void {
    this.#set({ farewell: null, group: { ...this.#state.group, error: null } });
    this.#goTo("groups");
    void this.loadGroups();
  }

  async loadGroups(): Promise<void> {
    const seq = ++this.#groupsSeq;
    this.#set({ groups: { status: "loading" } });
    try {
      const groups = await this.#api.listGroups();
      if (seq !== this.#groupsSeq) return;
      this.#set({ groups: { status: "ready", value: groups } });
    } catch (err) {
      if (seq !== this.#groupsSeq) return;
      this.#set({ groups: { status: "failed", message: generalErrorText(err, this.#state.locale) } });
    }
  }

  /** The group from the last list, when known. */
  groupById(groupId: string | null): GroupSummary | undefined {
    const groups = this.#state.groups;
    return groupId === null || groups.status !== "ready" ? undefined : groups.value.find((g) => g.groupId === groupId);
  }

  /**
   * Takes a seat in a group and shows its conversation. An anonymous visitor signs in (or
   * registers) first and comes back here afterwards.
   */
  async joinGroup(groupId: string): Promise<void> {
    if (this.#session.token === null) {
      this.#set({
        farewell: null,
        choice: null,
        group: { ...emptyGroup, pendingGroupId: groupId },
        booking: emptyBooking,
        account: { ...emptyAccount, mode: "login" },
      });
      this.#goTo("account");
      return;
    }
    if (this.#state.group.joining) return;
    this.#set({ group: { ...emptyGroup, groupId, joining: true } });
    let conversationId: string;
    try {
      conversationId = (await this.#authed((t) => this.#api.joinGroup(t, groupId))).roomId;
    } catch (err) {
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      const full = isApiError(err) && err.errcode === "LOTSE_GROUP_FULL";
      this.#set({
        group: { ...this.#state.group, joining: false, error: full ? this.t.groupFull : generalErrorText(err, this.#state.locale) },
      });
      if (this.#state.step !== "groups") {
        this.#goTo("groups", "form");
        void this.loadGroups();
      } else {
        this.#focus("form");
      }
      return;
    }
    if (this.#state.groups.status !== "ready") await this.loadGroups();
    this.#set({ group: { ...this.#state.group, joining: false, conversationId } });
    this.#goTo("group", "composer");
    await this.#openConversation(conversationId, this.groupById(groupId)?.encrypted ?? true);
  }

  /** Asks the group's moderator for a private word (while the session runs). */
  async askWhisper(): Promise<void> {
    const group = this.#state.group;
    if (group.groupId === null || group.whisperBusy) return;
    const groupId = group.groupId;
    this.#set({ group: { ...group, whisperBusy: true, whisperError: null } });
    let whisperId: string;
    try {
      whisperId = (await this.#authed((t) => this.#api.openWhisper(t, groupId))).roomId;
    } catch (err) {
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      const notNow = isApiError(err) && err.status === 409;
      this.#set({
        group: { ...this.#state.group, whisperBusy: false, whisperError: notNow ? this.t.whisperNotNow : generalErrorText(err, this.#state.locale) },
      });
      this.#focus("form");
      return;
    }
    this.#set({ group: { ...this.#state.group, whisperBusy: false, whisperId, view: "whisper" } });
    this.#focus("heading");
    await this.#openConversation(whisperId);
  }

  /** Ends the private word and goes back to the group's conversation. */
  async endWhisper(): Promise<void> {
    const group = this.#state.group;
    if (group.groupId === null || group.whisperBusy) return;
    const groupId = group.groupId;
    this.#set({ group: { ...group, whisperBusy: true, whisperError: null } });
    try {
      await this.#authed((t) => this.#api.endWhisper(t, groupId));
    } catch (err) {
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      // 404: nothing open any more, which is what the seeker wanted.
      if (!(isApiError(err) && err.status === 404)) {
        this.#set({ group: { ...this.#state.group, whisperBusy: false, whisperError: generalErrorText(err, this.#state.locale) } });
        this.#focus("form");
        return;
      }
    }
    this.#set({ group: { ...this.#state.group, whisperBusy: false, whisperId: null, view: "group" } });
    this.#focus("heading");
  }

  /** From the private word back to the group's conversation (the private word stays open). */
  showGroupConversation(): void {
    this.#set({ group: { ...this.#state.group, view: "group", whisperError: null } });
    this.#focus("heading");
  }

  /** Back to the private word that is still open. */
  showWhisper(): void {
    const whisperId = this.#state.group.whisperId;
    if (whisperId === null) return;
    this.#set({ group: { ...this.#state.group, view: "whisper", whisperError: null } });
    this.#focus("heading");
  }

  retryGroupConversation(): void {
    const g = this.#state.group;
    const whisper = g.view === "whisper";
    const id = whisper ? g.whisperId : g.conversationId;
    if (id !== null) void this.#openConversation(id, whisper || (this.groupById(g.groupId)?.encrypted ?? true));
  }

  async #openConversation(conversationId: string, encrypted = true): Promise<void> {
    const engine = this.#engine ?? (await this.#engineStart) ?? (await this.#startEngine(null, false));
    if (engine === null) {
      this.#set({ chat: { ...this.#state.chat, failed: true } });
      return;
    }
    this.#set({ chat: { ...this.#state.chat, failed: false } });
    await engine.open(conversationId, { encrypted });
  }

  // ---- chat appointments (consultation hours) ----------------------------------------------------

  #slotsSeq: Record<string, number> = {};

  /** Loads an agency's next free slots (anyone may see them). */
  async loadSlots(agencyId: string, limit = 3): Promise<void> {
    const seq = (this.#slotsSeq[agencyId] = (this.#slotsSeq[agencyId] ?? 0) + 1);
    const current = this.#state.slots[agencyId];
    if (current === undefined || current.status !== "ready") {
      this.#set({ slots: { ...this.#state.slots, [agencyId]: { status: "loading" } } });
    }
    try {
      const slots = await this.#api.listSlots(agencyId, limit);
      if (seq !== this.#slotsSeq[agencyId]) return;
      this.#set({ slots: { ...this.#state.slots, [agencyId]: { status: "ready", value: slots } } });
    } catch (err) {
      if (seq !== this.#slotsSeq[agencyId]) return;
      this.#set({ slots: { ...this.#state.slots, [agencyId]: { status: "failed", message: generalErrorText(err, this.#state.locale) } } });
    }
  }

  /**
   * Picks a slot of an agency from the search results (the search's topic and postcode are kept
   * for a registration) and shows it for booking.
   */
  pickSearchSlot(agencyId: string, slot: Slot): void {
    const result = this.#state.find.result;
    const agency = result?.agencies.find((a) => a.id === agencyId);
    if (result === null || agency === undefined) return;
    this.#set({ choice: { topic: result.topic, postcode: result.postcode, agency } });
    this.#pickSlot({ id: agency.id, name: agency.name, city: agency.city }, result.topic.id, slot);
  }

  /** Picks a slot at the agency of one of the seeker's cases (same topic as the case). */
  pickCaseSlot(caseId: string, slot: Slot): void {
    const cases = this.#state.cases;
    const c = cases.status === "ready" ? cases.value.find((x) => x.caseId === caseId) : undefined;
    if (c === undefined) return;
    this.#set({ choice: null });
    this.#pickSlot({ id: c.agency.id, name: c.agency.name, city: c.agency.city }, c.topic.id, slot);
  }

  /** Picks another of the slots offered on the booking page (after a refusal or cancelling). */
  pickOtherSlot(slot: Slot): void {
    const b = this.#state.booking;
    if (b.agency === null || b.topicId === null) return;
    this.#pickSlot(b.agency, b.topicId, slot);
  }

  #pickSlot(agency: { id: string; name: string; city: string }, topicId: string, slot: Slot): void {
    this.#set({ farewell: null, booking: { ...emptyBooking, agency, topicId, slot, remind: this.#state.booking.remind } });
    this.#goTo("booking");
  }

  setBookingReminder(remind: boolean): void {
    this.#set({ booking: { ...this.#state.booking, remind } });
  }

  /**
   * Books the chosen slot. A visitor registers or signs in first (the choice is kept and booked
   * right after). A refused booking is said in words, with the next free slots when sent.
   */
  async confirmBooking(): Promise<void> {
    const b = this.#state.booking;
    if (b.agency === null || b.topicId === null || b.slot === null || b.busy !== null) return;
    if (this.#session.token === null) {
      const hasChoice = this.#state.choice !== null;
      this.#set({
        booking: { ...b, pending: true, error: null },
        group: { ...this.#state.group, pendingGroupId: null },
        account: { ...emptyAccount, mode: hasChoice ? "register" : "login" },
      });
      this.#goTo("account");
      return;
    }
    const { agency, topicId, slot, remind } = b;
    this.#set({ booking: { ...b, busy: "booking", error: null, freshSlots: null } });
    if (this.#state.step !== "booking") this.#goTo("booking");
    let booked: Booking;
    try {
      booked = await this.#authed((t) => this.#api.book(t, { agencyId: agency.id, topic: topicId, key: slot.key, remindByEmail: remind }));
    } catch (err) {
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      const fresh = isApiError(err) && err.nextSlots !== undefined ? (err.nextSlots as Slot[]) : null;
      this.#set({ booking: { ...this.#state.booking, busy: null, error: bookingErrorText(err, this.t, this.#state.locale), freshSlots: fresh } });
      this.#focus("form");
      return;
    }
    this.#set({
      choice: null,
      booking: { ...this.#state.booking, busy: null, view: "booked", bookingId: booked.bookingId, remind: booked.remindByEmail },
      bookings: mergeBooking(this.#state.bookings, booked),
    });
    this.#focus("heading");
    void this.loadBookings();
  }

  /** The booking shown on the booking page, from the last list. */
  get currentBooking(): Booking | undefined {
    const id = this.#state.booking.bookingId;
    const list = this.#state.bookings;
    return id === null || list.status !== "ready" ? undefined : list.value.find((x) => x.bookingId === id);
  }

  #bookingsSeq = 0;

  /** Loads (or refreshes, keeping the last list on screen) the seeker's bookings. */
  async loadBookings(): Promise<void> {
    if (this.#session.token === null) return;
    const seq = ++this.#bookingsSeq;
    try {
      const list = await this.#authed((t) => this.#api.listBookings(t));
      if (seq !== this.#bookingsSeq) return;
      this.#set({ bookings: { status: "ready", value: list } });
    } catch (err) {
      if (seq !== this.#bookingsSeq) return;
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      // A failed refresh keeps the last list; only a first load shows the failure.
      if (this.#state.bookings.status !== "ready") {
        this.#set({ bookings: { status: "failed", message: generalErrorText(err, this.#state.locale) } });
      }
    }
  }

  /** Opens a booking's confirmation page (from "my cases"). */
  showBooking(bookingId: string): void {
    const booking = this.#state.bookings.status === "ready" ? this.#state.bookings.value.find((x) => x.bookingId === bookingId) : undefined;
    if (booking === undefined) return;
    const cases = this.#state.cases;
    const c = cases.status === "ready" ? cases.value.find((x) => x.caseId === booking.caseId) : undefined;
    this.#set({
      booking: {
        ...emptyBooking,
        view: "booked",
        bookingId,
        agency: c === undefined ? null : { id: c.agency.id, name: c.agency.name, city: c.agency.city },
        topicId: c?.topic.id ?? null,
        slot: { key: "", startsAt: booking.startsAt, endsAt: booking.endsAt, ...(booking.timeZone ? { timeZone: booking.timeZone } : {}) },
        remind: booking.remindByEmail,
      },
    });
    this.#goTo("booking");
    void this.loadBookings();
  }

  askCancelBooking(): void {
    this.#set({ booking: { ...this.#state.booking, confirmCancel: true, error: null } });
    this.#focus("cancelQuestion");
  }

  keepBooking(): void {
    this.#set({ booking: { ...this.#state.booking, confirmCancel: false } });
    this.#focus("cancelButton");
  }

  /** Cancels the shown booking; afterwards the agency's next free slots are offered to rebook. */
  async cancelBooking(): Promise<void> {
    const b = this.#state.booking;
    const bookingId = b.bookingId;
    if (bookingId === null || b.busy !== null) return;
    this.#set({ booking: { ...b, busy: "cancelling", error: null } });
    try {
      await this.#authed((t) => this.#api.cancelBooking(t, bookingId));
    } catch (err) {
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      const tooLate = isApiError(err) && err.status === 409;
      this.#set({ booking: { ...this.#state.booking, busy: null, confirmCancel: false, error: tooLate ? this.t.bookingTooLate : generalErrorText(err, this.#state.locale) } });
      this.#focus("form");
      return;
    }
    this.#set({ booking: { ...this.#state.booking, busy: null, confirmCancel: false, view: "cancelled", bookingId: null, slot: null } });
    this.#focus("heading");
    void this.loadBookings();
    if (b.agency !== null) await this.loadSlots(b.agency.id, 5);
  }

  /** The booking's calendar file as text (the view saves it as a download), or null when it failed. */
  async bookingCalendar(): Promise<string | null> {
    const b = this.#state.booking;
    const bookingId = b.bookingId;
    if (bookingId === null || b.busy !== null) return null;
    this.#set({ booking: { ...b, busy: "calendar", error: null } });
    try {
      const text = await this.#authed((t) => this.#api.bookingCalendar(t, bookingId));
      this.#set({ booking: { ...this.#state.booking, busy: null } });
      return text;
    } catch (err) {
      if (isUnauthorized(err)) {
        this.#expire();
        return null;
      }
      this.#set({ booking: { ...this.#state.booking, busy: null, error: this.t.bookingIcsFailed } });
      this.#focus("form");
      return null;
    }
  }

  /** From the booking page back to where the seeker came from. */
  leaveBooking(): void {
    if (this.#session.token !== null) {
      this.showCases();
    } else {
      this.#set({ booking: emptyBooking });
      this.#goTo(this.#state.find.result !== null ? "find" : "landing", this.#state.find.result !== null ? "results" : "heading");
    }
  }

  /** Opens the conversation of the shown booking's case. */
  async openBookingChat(caseId: string): Promise<void> {
    await this.openChat(caseId);
  }

  // ---- older messages after a new chat session --------------------------------------------------

  setUnlockPassword(value: string): void {
    this.#set({ unlock: { ...this.#state.unlock, password: value, error: null } });
  }

  /**
   * The chat engine started without the password (a reload after the stored chat session died,
   * so this browser has a fresh one without the old message keys): derive the history key from
   * the password the seeker types again and restore the older messages.
   */
  async unlockHistory(): Promise<void> {
    const unlock = this.#state.unlock;
    const engine = this.#engine;
    if (unlock.busy || engine === null) return;
    if (unlock.password === "") {
      this.#set({ unlock: { ...unlock, error: this.t.loginPasswordMissing } });
      this.#focus("unlockPassword");
      return;
    }
    this.#set({ unlock: { ...unlock, busy: true, error: null } });
    let outcome: "ok" | "wrong_password" | "failed";
    try {
      outcome = await engine.unlockHistory(unlock.password);
    } catch {
      outcome = "failed";
    }
    if (this.#engine !== engine) return;
    if (outcome === "ok") {
      this.#set({ unlock: emptyUnlock });
      return;
    }
    this.#set({
      unlock: {
        ...this.#state.unlock,
        busy: false,
        error: outcome === "wrong_password" ? this.t.unlockWrong : this.t.unlockFailed,
      },
    });
    this.#focus("unlockPassword");
  }

  // ---- account settings ----------------------------------------------------------------------

  showSettings(): void {
    this.#set({ settings: emptySettings });
    this.#goTo("settings");
  }

  setSettingsField(field: "oldPassword" | "newPassword" | "deletePassword", value: string): void {
    const settings = this.#state.settings;
    const { [field]: _d, form: _f, ...errors } = settings.errors;
    this.#set({ settings: { ...settings, [field]: value, errors, done: null } });
  }

  setDeleteConfirmed(value: boolean): void {
    const settings = this.#state.settings;
    const { deleteConfirmed: _d, form: _f, ...errors } = settings.errors;
    this.#set({ settings: { ...settings, deleteConfirmed: value, errors, done: null } });
  }

  async changePassword(): Promise<void> {
    const settings = this.#state.settings;
    const token = this.#session.token;
    if (settings.busy !== null || token === null) return;
    const errors: FlowState["settings"]["errors"] = {};
    if (settings.oldPassword === "") errors.oldPassword = this.t.oldPasswordMissing;
    const p = newPasswordProblem(settings.newPassword, this.t);
    if (p !== null) errors.newPassword = p;
    else if (settings.newPassword === settings.oldPassword) errors.newPassword = this.t.newPasswordSame;
    if (errors.oldPassword !== undefined || errors.newPassword !== undefined) {
      this.#set({ settings: { ...settings, errors } });
      this.#focus(errors.oldPassword !== undefined ? "oldPassword" : "newPassword");
      return;
    }
    this.#set({ settings: { ...settings, busy: "password", errors: {}, done: null } });
    try {
      await this.#authed((t) =>
        this.#api.changePassword(t, { oldPassword: settings.oldPassword, newPassword: settings.newPassword }),
      );
    } catch (err) {
      const wrong = isApiError(err) && err.errcode === "LOTSE_BAD_CREDENTIALS";
      this.#set({
        settings: {
          ...this.#state.settings,
          busy: null,
          errors: wrong ? { oldPassword: this.t.oldPasswordWrong } : { form: generalErrorText(err, this.#state.locale) },
        },
      });
      this.#focus(wrong ? "oldPassword" : "form");
      return;
    }
    let done = this.t.passwordChanged;
    try {
      const engine = this.#engine ?? (await this.#engineStart);
      if (engine === null || engine === undefined) throw new Error("no engine");
      await engine.changePassword(settings.newPassword);
    } catch {
      done = this.t.passwordChangedNotProtected;
    }
    this.#set({ settings: { ...emptySettings, done } });
    this.#focus("heading");
  }

  async deleteAccount(): Promise<void> {
    const settings = this.#state.settings;
    const token = this.#session.token;
    if (settings.busy !== null || token === null) return;
    const errors: FlowState["settings"]["errors"] = {};
    if (settings.deletePassword === "") errors.deletePassword = this.t.deletePasswordMissing;
    if (!settings.deleteConfirmed) errors.deleteConfirmed = this.t.deleteConfirmMissing;
    if (errors.deletePassword !== undefined || errors.deleteConfirmed !== undefined) {
      this.#set({ settings: { ...settings, errors } });
      this.#focus(errors.deletePassword !== undefined ? "deletePassword" : "deleteConfirmed");
      return;
    }
    this.#set({ settings: { ...settings, busy: "delete", errors: {}, done: null } });
    try {
      await this.#authed((t) => this.#api.deleteAccount(t, { password: settings.deletePassword }));
    } catch (err) {
      const wrong = isApiError(err) && err.errcode === "LOTSE_BAD_CREDENTIALS";
      this.#set({
        settings: {
          ...this.#state.settings,
          busy: null,
          errors: wrong ? { deletePassword: this.t.passwordWrong } : { form: generalErrorText(err, this.#state.locale) },
        },
      });
      this.#focus(wrong ? "deletePassword" : "form");
      return;
    }
    this.#endSession(this.t.farewellDeleted);
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * Calls the API with the current access token; when the API says it has expired, exchanges the
   * refresh token once (shared by concurrent callers) and calls again with the new one. Any other
   * failure, or a refused refresh, reaches the caller unchanged (a 401 then signs out).
   */
  async #authed<T>(call: (token: string) => Promise<T>): Promise<T> {
    const token = this.#session.token;
    if (token === null) throw new ApiError(401, "LOTSE_UNAUTHORIZED", "Not signed in.");
    try {
      return await call(token);
    } catch (err) {
      if (!(isApiError(err) && err.errcode === "LOTSE_TOKEN_EXPIRED")) throw err;
      const fresh = await this.#refreshed(token);
      if (fresh === null) throw err;
      return call(fresh);
    }
  }

  #refreshing: Promise<string | null> | null = null;

  #refreshed(expired: string): Promise<string | null> {
    const current = this.#session.current;
    if (current === null) return Promise.resolve(null);
    // Another call refreshed meanwhile: use its token.
    if (current.token !== expired) return Promise.resolve(current.token);
    const refreshToken = current.refreshToken;
    if (refreshToken === undefined) return Promise.resolve(null);
    if (this.#refreshing !== null) return this.#refreshing;
    const refreshing = this.#api.refreshSession(refreshToken).then(
      (tokens) => {
        // Signed out (or in as someone else) meanwhile: drop the new tokens.
        if (this.#session.current?.refreshToken !== refreshToken) return null;
        const live = this.#session.current.live;
        this.#session.signIn({ ...sessionOf(tokens), ...(live === undefined ? {} : { live }) });
        return tokens.token;
      },
      () => null,
    );
    this.#refreshing = refreshing;
    void refreshing.finally(() => {
      if (this.#refreshing === refreshing) this.#refreshing = null;
    });
    return refreshing;
  }

  async #openCase(): Promise<void> {
    const choice = this.#state.choice;
    const token = this.#session.token;
    if (choice === null) return;
    if (token === null) {
      this.#goTo("account");
      return;
    }
    this.#set({ opening: { error: null } });
    this.#goTo("opening");
    try {
      const created = await this.#authed((t) =>
        this.#api.createCase(t, { topic: choice.topic.id, agencyId: choice.agency.id }),
      );
      this.#set({ createdCaseId: created.caseId, choice: null });
      await this.openChat(created.caseId);
    } catch (err) {
      if (isUnauthorized(err)) {
        this.#expire();
        return;
      }
      this.#set({ opening: { error: openCaseErrorText(err, this.#state.locale) } });
      this.#focus("form");
    }
  }

  /** The API no longer accepts the token: sign out and ask to sign in again, keeping the choice. */
  #expire(): void {
    this.#session.signOut();
    // Stop the chat (its stored session stays for this account's next sign-in in this browser).
    const engine = this.#engine;
    this.#engine = null;
    this.#engineStart = null;
    this.#roomWaitSeq++;
    void engine?.stop({ wipe: false });
    const hasChoice = this.#state.choice !== null || this.#state.booking.slot !== null;
    this.#set({
      booking: { ...this.#state.booking, busy: null, confirmCancel: false, pending: this.#state.booking.slot !== null && this.#state.booking.view === "confirm" },
      bookings: { status: "loading" },
      signedIn: false,
      unlock: emptyUnlock,
      cases: { status: "loading" },
      group: { ...emptyGroup, pendingGroupId: this.#state.group.pendingGroupId ?? this.#state.group.groupId },
      chat: { engine: "off", caseId: null, waiting: false, failed: false },
      account: {
        ...emptyAccount,
        mode: "login",
        errors: hasChoice ? { form: this.t.errSessionExpired } : {},
      },
    });
    this.#goTo(hasChoice ? "account" : "find");
  }

  #checkAccount(): FieldErrors<AccountField> {
    const { mode, username, password, email } = this.#state.account;
    const errors: FieldErrors<AccountField> = {};
    if (mode === "register") {
      const u = pseudonymProblem(username, this.#state.locale);
      if (u !== null) errors.username = u;
      const p = newPasswordProblem(password, this.t);
      if (p !== null) errors.password = p;
      const e = emailProblem(email, this.t);
      if (e !== null) errors.email = e;
    } else {
      if (username.trim() === "") errors.username = this.t.loginUsernameMissing;
      if (password === "") errors.password = this.t.loginPasswordMissing;
    }
    return errors;
  }

  #topicById(id: string): Topic | undefined {
    const topics = this.#state.topics;
    return topics.status === "ready" ? topics.value.find((t) => t.id === id) : undefined;
  }

  #goTo(step: Step, focus: FocusTarget = "heading"): void {
    this.#set({ step });
    this.#focus(focus);
  }

  #focus(target: FocusTarget): void {
    this.#set({ focus: { target, seq: this.#state.focus.seq + 1 } });
  }

  #set(patch: Partial<FlowState>): void {
    this.#state = { ...this.#state, ...patch };
    for (const listener of this.#listeners) listener(this.#state);
  }
}

/** A refused booking in words. */
export function bookingErrorText(err: unknown, t: Messages, locale: Locale): string {
  if (isApiError(err)) {
    if (err.errcode === "LOTSE_SLOT_TAKEN") return t.bookingTaken;
    if (err.errcode === "LOTSE_SLOT_UNAVAILABLE") return t.bookingUnavailable;
    if (err.errcode === "LOTSE_CONFLICT") return t.bookingAlreadyBooked;
    if (err.status === 429 && err.nextSlots !== undefined) return t.bookingDailyLimit;
  }
  return generalErrorText(err, locale);
}

function mergeBooking(list: Loadable<Booking[]>, booking: Booking): Loadable<Booking[]> {
  const others = list.status === "ready" ? list.value.filter((b) => b.bookingId !== booking.bookingId) : [];
  return { status: "ready", value: [...others, booking].sort((a, b) => a.startsAt.localeCompare(b.startsAt)) };
}

function sessionOf(tokens: SessionTokens): { token: string; refreshToken?: string } {
  return tokens.refreshToken === undefined || tokens.refreshToken === ""
    ? { token: tokens.token }
    : { token: tokens.token, refreshToken: tokens.refreshToken };
}

/** A stable per-account key for this browser's stored chat session: the token's subject. */
export function accountKeyOf(token: string): string {
  try {
    const payload = token.split(".")[1] ?? "";
    const json = atob(payload.replace(/-/gu, "+").replace(/_/gu, "/"));
    const sub = (JSON.parse(json) as { sub?: unknown }).sub;
    if (typeof sub === "string" && sub !== "") return sub;
  } catch {
    // fall through
  }
  return "default";
}
