// Typed client of the provisioning API: one method per route, no state besides its options.
// Every failure surfaces as an ApiError (see ApiError.ts); callers never see a raw Response.
import type { AttachmentPolicy } from "../domain/attachments.ts";
import { ApiError, apiErrorFromBody, CLIENT_BAD_RESPONSE, CLIENT_NETWORK_ERROR } from "./ApiError.ts";
import type {
  Agency,
  AgencyEntry,
  Booking,
  BookRequest,
  CaseSummary,
  CreateCaseRequest,
  CreateCaseResponse,
  GroupConversationResponse,
  GroupSummary,
  LiveOffer,
  LocalHelp,
  LiveStartRequest,
  LiveStartResponse,
  LiveState,
  LoginRequest,
  LoginResponse,
  MatrixSessionResponse,
  RegisterSeekerRequest,
  RegisterSeekerResponse,
  SessionTokens,
  Slot,
  Topic,
} from "./types.ts";

export interface LotseApi {
  listTopics(): Promise<Topic[]>;
  /** Which files the seeker may attach, how large, and in which conversations (public). */
  attachmentPolicy(): Promise<AttachmentPolicy>;
  findAgencies(query: { topic: string; postcode: string }): Promise<Agency[]>;
  /** One agency, for a deep link (`?agency=…`). */
  getAgency(agencyId: string): Promise<AgencyEntry>;
  /** "Beratung vor Ort" of one of the seeker's cases. */
  localHelp(token: string, caseId: string): Promise<LocalHelp>;
  registerSeeker(body: RegisterSeekerRequest): Promise<RegisterSeekerResponse>;
  login(body: LoginRequest): Promise<LoginResponse>;
  /** Exchanges the single-use refresh token for new tokens (POST /v1/auth/refresh). */
  refreshSession(refreshToken: string): Promise<SessionTokens>;
  /** Ends this sign-in on the server (POST /v1/auth/logout). */
  logout(refreshToken: string): Promise<void>;
  createCase(token: string, body: CreateCaseRequest): Promise<CreateCaseResponse>;
  listCases(token: string): Promise<CaseSummary[]>;
  openChatSession(token: string): Promise<MatrixSessionResponse>;
  changePassword(token: string, body: { oldPassword: string; newPassword: string }): Promise<void>;
  deleteAccount(token: string, body: { password: string }): Promise<void>;
  /** Upcoming and running groups, soonest first (anyone may list them). */
  listGroups(): Promise<GroupSummary[]>;
  /** Takes a seat in a group (409 LOTSE_GROUP_FULL when none is left); harmless when repeated. */
  joinGroup(token: string, groupId: string): Promise<GroupConversationResponse>;
  /** Opens (or reopens) the private conversation with the group's moderator while the session runs. */
  openWhisper(token: string, groupId: string): Promise<GroupConversationResponse>;
  /** Ends the private conversation. */
  endWhisper(token: string, groupId: string): Promise<void>;
  /** An agency's next free chat-appointment slots (anyone may list them). */
  listSlots(agencyId: string, limit?: number): Promise<Slot[]>;
  /** Books a slot (409 LOTSE_SLOT_TAKEN etc. carry `nextSlots` on the ApiError). */
  book(token: string, body: BookRequest): Promise<Booking>;
  /** The seeker's bookings, soonest first. */
  listBookings(token: string): Promise<Booking[]>;
  cancelBooking(token: string, bookingId: string): Promise<void>;
  /** The booking as iCalendar text (fetched with the token in the header, never in a URL). */
  bookingCalendar(token: string, bookingId: string): Promise<string>;
  /** Topics a seeker can chat live on now, without registration. */
  liveOffer(): Promise<LiveOffer>;
  /** Starts a live chat: a temporary account (this tab only) and a place in the queue. */
  startLive(body: LiveStartRequest): Promise<LiveStartResponse>;
  /** The live chat's state; also tells the server the app is still there. */
  liveState(token: string): Promise<LiveState>;
  /** Leaves the live chat: it ends and is deleted. */
  endLive(token: string): Promise<void>;
  /** Keeps the access: the temporary account becomes an ordinary one with this password. */
  keepLive(token: string, body: { password: string; email?: string }): Promise<void>;
  /**
   * Any other route, for screens loaded on demand that bring their own typed calls (the forums:
   * domain/ForumFlow.ts), so their routes do not weigh on the first page.
   */
  call<T>(method: "GET" | "POST", path: string, token?: string, body?: unknown): Promise<T>;
}

export type LotseApiOptions = {
  /** Origin (and optional path prefix) of the API; "" means the page's own origin. */
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
};

type RequestSpec = {
  method: "GET" | "POST" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  token?: string;
  /** Answer is text, not JSON. */
  raw?: boolean;
};

export function createLotseApi(options: LotseApiOptions): LotseApi {
  const baseUrl = options.baseUrl.replace(/\/+$/u, "");
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(spec: RequestSpec): Promise<T> {
    const search = spec.query ? `?${new URLSearchParams(spec.query).toString()}` : "";
    const headers: Record<string, string> = { accept: spec.raw === true ? "text/calendar" : "application/json" };
    if (spec.body !== undefined) headers["content-type"] = "application/json";
    if (spec.token !== undefined) headers.authorization = `Bearer ${spec.token}`;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${spec.path}${search}`, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? null : JSON.stringify(spec.body),
        credentials: "omit",
      });
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new ApiError(0, CLIENT_NETWORK_ERROR, message);
    }
    const text = await response.text().catch(() => "");
    if (!response.ok) throw apiErrorFromBody(response.status, text);
    if (response.status === 204) return undefined as T;
    if (spec.raw === true) return text as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ApiError(response.status, CLIENT_BAD_RESPONSE, "Response is not JSON.");
    }
  }

  async function requestList<T>(spec: RequestSpec): Promise<T[]> {
    const list = await request<unknown>(spec);
    if (!Array.isArray(list)) {
      throw new ApiError(200, CLIENT_BAD_RESPONSE, `Expected a list from ${spec.path}.`);
    }
    return list as T[];
  }

  return {
    listTopics: () => requestList<Topic>({ method: "GET", path: "/v1/topics" }),
    attachmentPolicy: () => request<AttachmentPolicy>({ method: "GET", path: "/v1/attachments/policy" }),
    findAgencies: ({ topic, postcode }) =>
      requestList<Agency>({ method: "GET", path: "/v1/agencies", query: { topic, postcode } }),
    getAgency: (id) => request<AgencyEntry>({ method: "GET", path: `/v1/agencies/${encodeURIComponent(id)}` }),
    localHelp: (token, caseId) => request<LocalHelp>({ method: "GET", path: `/v1/cases/${encodeURIComponent(caseId)}/local-help`, token }),
    registerSeeker: (body) =>
      request<RegisterSeekerResponse>({ method: "POST", path: "/v1/seekers", body }),
    login: (body) => request<LoginResponse>({ method: "POST", path: "/v1/login", body }),
    refreshSession: (refreshToken) =>
      request<SessionTokens>({ method: "POST", path: "/v1/auth/refresh", body: { refreshToken } }),
    logout: (refreshToken) => request<void>({ method: "POST", path: "/v1/auth/logout", body: { refreshToken } }),
    createCase: (token, body) =>
      request<CreateCaseResponse>({ method: "POST", path: "/v1/cases", body, token }),
    listCases: (token) => requestList<CaseSummary>({ method: "GET", path: "/v1/cases", token }),
    openChatSession: (token) =>
      request<MatrixSessionResponse>({ method: "POST", path: "/v1/matrix/session", token }),
    changePassword: (token, body) =>
      request<void>({ method: "POST", path: "/v1/seekers/me/password", body, token }),
    deleteAccount: (token, body) => request<void>({ method: "DELETE", path: "/v1/seekers/me", body, token }),
    listGroups: () => requestList<GroupSummary>({ method: "GET", path: "/v1/groups" }),
    joinGroup: (token, groupId) =>
      request<GroupConversationResponse>({ method: "POST", path: `/v1/groups/${encodeURIComponent(groupId)}/join`, token }),
    openWhisper: (token, groupId) =>
      request<GroupConversationResponse>({ method: "POST", path: `/v1/groups/${encodeURIComponent(groupId)}/whisper`, token }),
    endWhisper: (token, groupId) =>
      request<void>({ method: "POST", path: `/v1/groups/${encodeURIComponent(groupId)}/whisper/end`, token }),
    listSlots: (agencyId, limit = 3) =>
      requestList<Slot>({ method: "GET", path: `/v1/agencies/${encodeURIComponent(agencyId)}/slots`, query: { limit: String(limit) } }),
    book: (token, body) => request<Booking>({ method: "POST", path: "/v1/bookings", body, token }),
    listBookings: (token) => requestList<Booking>({ method: "GET", path: "/v1/bookings", token }),
    cancelBooking: (token, bookingId) =>
      request<void>({ method: "DELETE", path: `/v1/bookings/${encodeURIComponent(bookingId)}`, token }),
    bookingCalendar: (token, bookingId) =>
      request<string>({ method: "GET", path: `/v1/bookings/${encodeURIComponent(bookingId)}/calendar.ics`, token, raw: true }),
    liveOffer: () => request<LiveOffer>({ method: "GET", path: "/v1/live" }),
    startLive: (body) => request<LiveStartResponse>({ method: "POST", path: "/v1/live", body }),
    liveState: (token) => request<LiveState>({ method: "GET", path: "/v1/live/me", token }),
    endLive: (token) => request<void>({ method: "POST", path: "/v1/live/me/end", token }),
    keepLive: (token, body) => request<void>({ method: "POST", path: "/v1/live/me/keep", body, token }),
    call: (method, path, token, body) => request({ method, path, ...(token === undefined ? {} : { token }), ...(body === undefined ? {} : { body }) }),
  };
}
