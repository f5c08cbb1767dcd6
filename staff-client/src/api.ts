// The staff console's only way out: the provisioning API's staff routes (same origin) and, for
// signing in, the counselor's own homeserver. Sign-in without a second password: log in at the
// homeserver found in the API's trusted list, ask it for an OpenID token, exchange that at
// POST /v1/auth/matrix for a staff token, and log the Matrix session out again at once, so no
// device stays behind. The same path after single sign-on, with the homeserver's login token
// instead of a password. DOM-free (fetch is passed in) so it is tested without a browser.

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export type StaffRole = { role: string; agencyId: string | null };
export type StaffSession = { token: string; userId: string; roles: StaffRole[]; expiresAt: number };

export type CaseStatus = "new" | "in_progress" | "closed" | "archived";
export type StaffCase = {
  caseId: string;
  caseNumber: number;
  status: CaseStatus;
  agency: { id: string; name: string };
  topic: { id: string; name: string };
  postcodeRegion: string | null;
  createdAt: string;
  takenAt: string | null;
  firstAnswerAt: string | null;
  assignedTo: string | null;
  mine: boolean;
};
export type CaseAction = "take" | "release" | "close" | "archive" | "reopen";

export const agencyRoles = ["counselor", "main_counselor", "supervisor", "group_moderator", "agency_admin"] as const;
export type AgencyRole = (typeof agencyRoles)[number];
export type Member = { id: string; matrixUserId: string; displayName: string; memberships: { agencyId: string; role: string }[] };
export type AgencySummary = { id: string; name: string };
export type PostcodeRange = { from: string; to: string };
export type AgencyTopic = { topicId: string; ranges: PostcodeRange[] };
/** The agency as its admin edits it (GET/PATCH /v1/admin/agencies/:id). */
export type AgencyDetails = AgencySummary & {
  city: string;
  address: string | null;
  postcode: string | null;
  description: string | null;
  languages: string[];
  online: boolean;
  teamAgency: boolean;
  homeserverServerName: string | null;
  phone: string | null;
  openingHours: string | null;
  website: string | null;
  accessibilityNotes: string | null;
  onSiteServices: string[];
  /** Short link /a/<slug> (null: none yet). */
  slug: string | null;
  /** Sites allowed to embed the agency's card (https origins). */
  embedOrigins: string[];
  topics: AgencyTopic[];
};
/** The entry card's languages: the seeker app's seven (German formal first, the default). */
export const CARD_LANGUAGES = ["de-sie", "de-du", "de-leicht", "en", "tr", "ar", "uk"] as const;
export type CardLanguage = (typeof CARD_LANGUAGES)[number];
/** The way in from anywhere: GET /v1/admin/agencies/:id/entry[?lang=]. */
export type AgencyEntry = { lang: CardLanguage; deepLink: string; shortLink: string | null; cardUrl: string; embedOrigins: string[]; linkButton: string; iframeCard: string };
export type AgencyPatch = Partial<Omit<AgencyDetails, "id" | "topics">>;
/** The seeker languages a topic has a further name in (besides German and English). */
export const TOPIC_NAME_LOCALES = ["de-leicht", "tr", "ar", "uk"] as const;
export type TopicNameLocale = (typeof TOPIC_NAME_LOCALES)[number];
export type Topic = { id: string; name: { de: string; en: string } & Partial<Record<TopicNameLocale, string>> };
export type RoutingCheck = { offered: boolean; whiteSpot: boolean; otherAgencies: number; reason: "no_agency_in_area" | "no_agency_for_language" | null };
export type ConsultationSlot = { slotId: string; counselorId: string; weekday: number | null; start: string | null; startsAt: string | null; minutes: number };
export type ConsultationHours = { timeZone: string; slots: ConsultationSlot[]; blockedDays: string[] };
export type NewSlot = { counselorId: string; minutes: number } & ({ weekday: number; start: string } | { startsAt: string });
export type CsvLineError = { line: number; code: string; field?: string; reason: string };
export type ImportCounts = { created: number; updated: number };
export type AuditEntry = { id: number; at: string; actor: string; action: string; entityType: string; entityId: string | null; details: unknown };
export type AuditFilter = { actor?: string; action?: string; from?: string; to?: string };
export type PolicyBans = { roomExists: boolean; rules: { entity: string; recommendation: string; reason: string }[] };
export type TopicSettings = Topic & { minPostcodeLength: number; whiteSpotAgencyId: string | null; minAge: number | null; maxAge: number | null };
export type Count = number | "< 5";
export type StatisticsRow = {
  week: string;
  topicId: string;
  opened: Count;
  open: Count;
  waiting: Count;
  closed: Count;
  firstAnswerP50Minutes: number | null;
  firstAnswerP90Minutes: number | null;
};

export type LiveDuty = { onDuty: boolean; until: string | null; bySlot?: boolean; topics: { de: string; en: string }[]; waiting: number };
export type OpenAgeBucket = "under_1d" | "1d_2d" | "2d_7d" | "7d_28d" | "over_28d";
export type StatisticsOverview = {
  openByAge: { bucket: OpenAgeBucket; cases: Count }[];
  byTopic: { topicId: string; name: { de: string; en: string }; opened: Count; open: Count; closed: Count }[];
  groups: { week: string; sessions: number; participants: Count; perSession: number | null }[];
  liveWaits: { week: string; chats: Count; taken: Count; notTaken: Count; waitP50Seconds: number | null; waitP90Seconds: number | null }[];
};

/**
 * Why something did not work, as a kind the screens put in words: a wrong Matrix ID or password,
 * a homeserver not on the trusted list or unreachable, an account without a role, an expired
 * session, a refused action (with the API's errcode), or anything else.
 */
export type StaffErrorKind =
  | "bad_matrix_id"
  | "untrusted_homeserver"
  | "wrong_password"
  | "homeserver_unreachable"
  | "no_role"
  | "expired"
  | "refused"
  | "rate_limited"
  /** Single sign-on: the login token from the homeserver is invalid, used or expired (start again). */
  | "sso_expired"
  /** Single sign-on: the homeserver offers none. */
  | "sso_unavailable"
  | "unexpected";

/** One identity provider a homeserver offers for single sign-on (`id` absent: the server's only one). */
export type SsoProvider = { id: string | null; name: string | null };
/** How a homeserver lets people log in (`GET /_matrix/client/v3/login`). */
export type LoginOptions = { serverName: string; password: boolean; sso: SsoProvider[] };
/** A homeserver on the API's trusted list. */
export type TrustedHomeserver = { serverName: string; baseUrl: string };

export class StaffApiError extends Error {
  readonly kind: StaffErrorKind;
  readonly status: number;
  readonly errcode: string | undefined;
  readonly detail: string | undefined;
  /** A refused CSV import: every bad line with its number and typed reason. */
  readonly lines: readonly CsvLineError[];
  constructor(kind: StaffErrorKind, status: number, errcode?: string, detail?: string, lines: readonly CsvLineError[] = []) {
    super(`${kind}${errcode ? ` (${errcode})` : ""}`);
    this.kind = kind;
    this.status = status;
    this.errcode = errcode;
    this.detail = detail;
    this.lines = lines;
  }

  /** The field an input error names ("body/phone must match …" → "phone"), if any. */
  get field(): string | undefined {
    return this.errcode === "LOTSE_INVALID_INPUT" ? /^(?:body|querystring)\/(\w+)/.exec(this.detail ?? "")?.[1] : undefined;
  }
}

const MATRIX_ID = /^@([^:\s]+):([A-Za-z0-9.\-[\]]+(?::\d{1,5})?)$/;

/** The server name of a Matrix ID, or undefined when it is not one. */
export function serverNameOf(matrixId: string): string | undefined {
  return MATRIX_ID.exec(matrixId.trim())?.[2];
}

async function json(res: Response): Promise<Record<string, unknown>> {
  try {
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function createStaffApi(opts: { fetch: Fetch; apiBase?: string; now?: () => number }) {
  const base = opts.apiBase ?? "";
  const now = opts.now ?? (() => Date.now());
  const f = opts.fetch;

  async function trustedHomeservers(): Promise<TrustedHomeserver[]> {
    let res: Response;
    try {
      res = await f(`${base}/v1/auth/matrix/homeservers`);
    } catch {
      throw new StaffApiError("unexpected", 0);
    }
    const body = (await json(res)) as { homeservers?: TrustedHomeserver[] };
    return (body.homeservers ?? []).map((h) => ({ serverName: h.serverName, baseUrl: h.baseUrl.replace(/\/+$/, "") }));
  }

  async function homeserverBase(serverName: string): Promise<string> {
    const hit = (await trustedHomeservers()).find((h) => h.serverName === serverName);
    if (!hit) throw new StaffApiError("untrusted_homeserver", 400);
    return hit.baseUrl;
  }

  async function matrix(url: string, init: RequestInit): Promise<Response> {
    try {
      return await f(url, init);
    } catch {
      throw new StaffApiError("homeserver_unreachable", 0);
    }
  }

  async function request(session: StaffSession, method: string, path: string, body?: { json: unknown } | { csv: string }): Promise<Response> {
    if (session.expiresAt <= now()) throw new StaffApiError("expired", 401);
    const type: Record<string, string> = body === undefined ? {} : { "content-type": "json" in body ? "application/json" : "text/csv" };
    const res = await f(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${session.token}`, ...type },
      ...(body === undefined ? {} : { body: "json" in body ? JSON.stringify(body.json) : body.csv }),
    });
    if (res.ok) return res;
    const data = await json(res);
    const errcode = typeof data.errcode === "string" ? data.errcode : undefined;
    const detail = typeof data.error === "string" ? data.error : undefined;
    const lines = Array.isArray(data.lines) ? (data.lines as CsvLineError[]) : [];
    if (res.status === 401) throw new StaffApiError("expired", 401, errcode, detail);
    if (res.status === 429) throw new StaffApiError("rate_limited", 429, errcode, detail);
    if (res.status >= 400 && res.status < 500) throw new StaffApiError("refused", res.status, errcode, detail, lines);
    throw new StaffApiError("unexpected", res.status, errcode, detail);
  }

  async function staff<T>(session: StaffSession, method: string, path: string, body?: unknown): Promise<T> {
    const res = await request(session, method, path, body === undefined ? undefined : { json: body });
    return (await json(res)) as T;
  }

  /**
   * The one sign-in path behind password and single sign-on: log in at the homeserver with `login`,
   * request an OpenID token, exchange it at POST /v1/auth/matrix for a staff session, and log the
   * Matrix session out again in any case, so no device stays behind. A refused login is `refusedAs`.
   */
  async function exchangeLogin(hs: string, login: Record<string, unknown>, refusedAs: "wrong_password" | "sso_expired"): Promise<StaffSession> {
    const res = await matrix(`${hs}/_matrix/client/v3/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...login, initial_device_display_name: "Lotse-Konsole (Anmeldung, wird sofort abgemeldet)" }),
    });
    if (res.status === 403 || res.status === 401) throw new StaffApiError(refusedAs, res.status);
    if (res.status === 429) throw new StaffApiError("rate_limited", 429);
    // A homeserver without single sign-on does not know the token login type (400 M_UNKNOWN).
    if (res.status === 400 && login.type === "m.login.token") throw new StaffApiError("sso_unavailable", 400);
    if (!res.ok) throw new StaffApiError("homeserver_unreachable", res.status);
    const { access_token: matrixToken, user_id: userId } = (await json(res)) as { access_token?: string; user_id?: string };
    if (typeof matrixToken !== "string" || typeof userId !== "string") throw new StaffApiError("unexpected", res.status);
    const auth = { authorization: `Bearer ${matrixToken}` };
    try {
      const openid = await matrix(`${hs}/_matrix/client/v3/user/${encodeURIComponent(userId)}/openid/request_token`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body: "{}",
      });
      if (!openid.ok) throw new StaffApiError("homeserver_unreachable", openid.status);
      const exchange = await f(`${base}/v1/auth/matrix`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(await json(openid)),
      });
      const data = await json(exchange);
      if (exchange.status === 403) throw new StaffApiError("no_role", 403, data.errcode as string | undefined);
      if (exchange.status === 429) throw new StaffApiError("rate_limited", 429);
      if (!exchange.ok) throw new StaffApiError(exchange.status === 503 ? "homeserver_unreachable" : "unexpected", exchange.status, data.errcode as string | undefined);
      return {
        token: String(data.token),
        userId: String(data.userId),
        roles: (data.roles as StaffRole[] | undefined) ?? [],
        expiresAt: now() + Number(data.expiresIn) * 1000,
      };
    } finally {
      // No device stays behind: the Matrix session ends whatever happened above.
      await matrix(`${hs}/_matrix/client/v3/logout`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: "{}" }).catch(() => undefined);
    }
  }

  const agencyPath = (agencyId: string) => `/v1/admin/agencies/${encodeURIComponent(agencyId)}`;
  const hoursPath = (agencyId: string) => `/v1/staff/agencies/${encodeURIComponent(agencyId)}/consultation-hours`;

  return {
    /** The homeservers staff may sign in at (the API's trusted list). */
    homeservers: trustedHomeservers,

    /**
     * How the trusted homeserver `serverName` lets people log in: password and/or single sign-on
     * with its identity providers (`GET /_matrix/client/v3/login`).
     */
    async loginOptions(serverName: string): Promise<LoginOptions> {
      const hs = await homeserverBase(serverName);
      const res = await matrix(`${hs}/_matrix/client/v3/login`, { method: "GET" });
      if (!res.ok) throw new StaffApiError("homeserver_unreachable", res.status);
      const flows = ((await json(res)).flows ?? []) as { type?: string; identity_providers?: { id?: string; name?: string }[] }[];
      const sso = flows.find((fl) => fl.type === "m.login.sso");
      const providers = sso?.identity_providers ?? [];
      return {
        serverName,
        password: flows.some((fl) => fl.type === "m.login.password"),
        sso: !sso ? [] : providers.length === 0 ? [{ id: null, name: null }] : providers.map((p) => ({ id: typeof p.id === "string" ? p.id : null, name: typeof p.name === "string" && p.name.trim() !== "" ? p.name : null })),
      };
    },

    /**
     * Where the browser goes for single sign-on at `serverName` (with one identity provider, or the
     * server's choice): the homeserver sends it back to `returnTo` with `?loginToken=…`.
     */
    async ssoRedirectUrl(serverName: string, provider: SsoProvider, returnTo: string): Promise<string> {
      const hs = await homeserverBase(serverName);
      const path = provider.id === null ? "" : `/${encodeURIComponent(provider.id)}`;
      return `${hs}/_matrix/client/v3/login/sso/redirect${path}?${new URLSearchParams({ redirectUrl: returnTo })}`;
    },

    /** Sign in with a Matrix ID and password at the counselor's homeserver; returns a staff session. */
    async signIn(matrixId: string, password: string): Promise<StaffSession> {
      const id = matrixId.trim();
      const serverName = serverNameOf(id);
      if (!serverName) throw new StaffApiError("bad_matrix_id", 400);
      const hs = await homeserverBase(serverName);
      return exchangeLogin(hs, { type: "m.login.password", identifier: { type: "m.id.user", user: id }, password }, "wrong_password");
    },

    /** Sign in with the login token the homeserver `serverName` handed back after single sign-on. */
    async signInWithToken(serverName: string, loginToken: string): Promise<StaffSession> {
      const hs = await homeserverBase(serverName);
      return exchangeLogin(hs, { type: "m.login.token", token: loginToken }, "sso_expired");
    },

    cases(session: StaffSession): Promise<StaffCase[]> {
      return staff<StaffCase[]>(session, "GET", "/v1/staff/cases");
    },

    act(session: StaffSession, caseNumber: number, action: CaseAction): Promise<{ caseNumber: number; status: CaseStatus; assignedTo: string | null }> {
      return staff(session, "POST", `/v1/staff/cases/${caseNumber}/${action}`);
    },

    setAbsence(session: StaffSession, message: string | null): Promise<{ openCases: number }> {
      return staff(session, "POST", "/v1/staff/absence", { message });
    },

    // --- live duty (the bot's !dienst an / aus) -----------------------------------------------------
    liveDuty(session: StaffSession): Promise<LiveDuty> {
      return staff(session, "GET", "/v1/staff/live-duty");
    },

    /** On duty for the minutes given, else until the running consultation slot ends (else the default). */
    startLiveDuty(session: StaffSession, minutes?: number): Promise<LiveDuty> {
      return staff(session, "PUT", "/v1/staff/live-duty", minutes === undefined ? {} : { minutes });
    },

    endLiveDuty(session: StaffSession): Promise<LiveDuty> {
      return staff(session, "DELETE", "/v1/staff/live-duty");
    },

    // --- agency admins --------------------------------------------------------------------------
    /** Weekly figures of one agency, or of all agencies (null; platform admins). */
    statistics(session: StaffSession, agencyId: string | null, from: Date, to: Date): Promise<{ rows: StatisticsRow[] }> {
      const q = new URLSearchParams({ ...(agencyId === null ? {} : { agencyId }), from: from.toISOString(), to: to.toISOString(), by: "week" });
      return staff(session, "GET", `/v1/staff/statistics?${q}`);
    },

    /** Open cases by age, cases by topic, group sessions, live-chat waits (null: all agencies). */
    statisticsOverview(session: StaffSession, agencyId: string | null, from: Date, to: Date): Promise<StatisticsOverview> {
      const q = new URLSearchParams({ ...(agencyId === null ? {} : { agencyId }), from: from.toISOString(), to: to.toISOString() });
      return staff(session, "GET", `/v1/staff/statistics/overview?${q}`);
    },

    agency(session: StaffSession, agencyId: string): Promise<AgencySummary> {
      return staff(session, "GET", `/v1/admin/agencies/${encodeURIComponent(agencyId)}`);
    },

    members(session: StaffSession, agencyId: string): Promise<Member[]> {
      return staff(session, "GET", `/v1/admin/agencies/${encodeURIComponent(agencyId)}/members`);
    },

    addMember(session: StaffSession, agencyId: string, input: { matrixUserId: string; displayName?: string; role: AgencyRole }): Promise<{ counselorId: string; created: boolean }> {
      return staff(session, "POST", `/v1/admin/agencies/${encodeURIComponent(agencyId)}/members`, input);
    },

    openCasesOf(session: StaffSession, agencyId: string, counselorId: string): Promise<{ openCases: number; cases: { caseNumber: number; status: string }[] }> {
      return staff(session, "GET", `/v1/admin/agencies/${encodeURIComponent(agencyId)}/members/${encodeURIComponent(counselorId)}/open-cases`);
    },

    async removeRole(session: StaffSession, agencyId: string, counselorId: string, role: string): Promise<void> {
      await staff(session, "DELETE", `/v1/admin/agencies/${encodeURIComponent(agencyId)}/members/${encodeURIComponent(counselorId)}/roles/${encodeURIComponent(role)}`);
    },

    // --- the agency's profile, ranges, hours, CSV, audit log -------------------------------------
    agencyDetails(session: StaffSession, agencyId: string): Promise<AgencyDetails> {
      return staff(session, "GET", agencyPath(agencyId));
    },

    /** The snippets; with a card language they all carry it (German formal: the plain ones, as before). */
    agencyEntry(session: StaffSession, agencyId: string, lang: CardLanguage = "de-sie"): Promise<AgencyEntry> {
      return staff(session, "GET", `${agencyPath(agencyId)}/entry${lang === "de-sie" ? "" : `?lang=${lang}`}`);
    },

    updateAgency(session: StaffSession, agencyId: string, patch: AgencyPatch): Promise<AgencyDetails> {
      return staff(session, "PATCH", agencyPath(agencyId), patch);
    },

    async topics(): Promise<Topic[]> {
      const res = await f(`${base}/v1/topics`);
      if (!res.ok) throw new StaffApiError("unexpected", res.status);
      return (await res.json()) as Topic[];
    },

    setRanges(session: StaffSession, agencyId: string, topicId: string, ranges: PostcodeRange[]): Promise<AgencyDetails> {
      return staff(session, "PUT", `${agencyPath(agencyId)}/topics/${encodeURIComponent(topicId)}/ranges`, { ranges });
    },

    routingCheck(session: StaffSession, agencyId: string, topicId: string, postcode: string): Promise<RoutingCheck> {
      const q = new URLSearchParams({ topic: topicId, postcode });
      return staff(session, "GET", `${agencyPath(agencyId)}/routing-check?${q}`);
    },

    consultationHours(session: StaffSession, agencyId: string): Promise<ConsultationHours> {
      return staff(session, "GET", hoursPath(agencyId));
    },

    addSlot(session: StaffSession, agencyId: string, slot: NewSlot): Promise<{ slotId: string }> {
      return staff(session, "POST", `${hoursPath(agencyId)}/slots`, slot);
    },

    removeSlot(session: StaffSession, agencyId: string, slotId: string): Promise<{ cancelledBookings: number }> {
      return staff(session, "DELETE", `${hoursPath(agencyId)}/slots/${encodeURIComponent(slotId)}`);
    },

    blockDay(session: StaffSession, agencyId: string, day: string): Promise<{ cancelledBookings: number }> {
      return staff(session, "PUT", `${hoursPath(agencyId)}/blocked-days/${encodeURIComponent(day)}`);
    },

    async unblockDay(session: StaffSession, agencyId: string, day: string): Promise<void> {
      await request(session, "DELETE", `${hoursPath(agencyId)}/blocked-days/${encodeURIComponent(day)}`);
    },

    async exportTeamCsv(session: StaffSession, agencyId: string): Promise<string> {
      return (await request(session, "GET", `${agencyPath(agencyId)}/export/counselors.csv`)).text();
    },

    /** Checks (dryRun) or imports the agency's team; a file with bad lines throws with `lines`. */
    async importTeamCsv(session: StaffSession, agencyId: string, csv: string, dryRun: boolean): Promise<ImportCounts> {
      const res = await request(session, "POST", `${agencyPath(agencyId)}/import/counselors${dryRun ? "?dryRun=true" : ""}`, { csv });
      return (await json(res)) as ImportCounts;
    },

    // --- platform admins ---------------------------------------------------------------------------
    /** One page of the agencies (by name) whose name, town, short name or postcode contains `q`. */
    async agencyPage(session: StaffSession, opts: { q: string; offset: number; limit: number }): Promise<{ agencies: AgencyDetails[]; total: number }> {
      const query = new URLSearchParams({ limit: String(opts.limit), offset: String(opts.offset) });
      if (opts.q.trim() !== "") query.set("q", opts.q.trim());
      const res = await request(session, "GET", `/v1/admin/agencies?${query}`);
      const agencies = (await json(res)) as unknown as AgencyDetails[];
      const total = Number(res.headers.get("x-total-count") ?? Number.NaN);
      return { agencies, total: Number.isInteger(total) ? total : opts.offset + agencies.length };
    },

    topicSettings(session: StaffSession): Promise<TopicSettings[]> {
      return staff(session, "GET", "/v1/admin/topics");
    },

    /** The topic's names in Leichte Sprache, Turkish, Arabic, Ukrainian: a string sets, null removes. */
    updateTopicNames(session: StaffSession, topicId: string, names: Partial<Record<TopicNameLocale, string | null>>): Promise<TopicSettings> {
      return staff(session, "PATCH", `/v1/admin/topics/${encodeURIComponent(topicId)}`, { names });
    },

    platformAdmins(session: StaffSession): Promise<string[]> {
      return staff(session, "GET", "/v1/admin/platform-admins");
    },

    addPlatformAdmin(session: StaffSession, matrixUserId: string): Promise<{ matrixUserId: string }> {
      return staff(session, "POST", "/v1/admin/platform-admins", { matrixUserId });
    },

    policyBans(session: StaffSession): Promise<PolicyBans> {
      return staff(session, "GET", "/v1/admin/policy-bans");
    },

    addPolicyBan(session: StaffSession, entity: string, reason: string): Promise<{ entity: string }> {
      return staff(session, "POST", "/v1/admin/policy-bans", { entity, reason });
    },

    async liftPolicyBan(session: StaffSession, entity: string): Promise<void> {
      await request(session, "DELETE", `/v1/admin/policy-bans/${encodeURIComponent(entity)}`);
    },

    async removePlatformAdmin(session: StaffSession, matrixUserId: string): Promise<void> {
      await request(session, "DELETE", `/v1/admin/platform-admins/${encodeURIComponent(matrixUserId)}`);
    },

    audit(session: StaffSession, agencyId: string, filter: AuditFilter): Promise<AuditEntry[]> {
      const q = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""));
      return staff(session, "GET", `${agencyPath(agencyId)}/audit${q.size > 0 ? `?${q}` : ""}`);
    },
  };
}

export type StaffApi = ReturnType<typeof createStaffApi>;
