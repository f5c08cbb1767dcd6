// The API's narrow view of the homeserver, spoken with the appservice token: register a seeker's
// Matrix user in the exclusive namespace, log it in (m.login.application_service, so Synapse never
// learns a password), keep its display name, read the policy list's ban rules for the platform
// admin's console, and probe liveness. Plain fetch; every request has a timeout so a hanging
// homeserver cannot hang the API.
import { POLICY_RULE_USER, type PolicyRule, policyRuleOf } from "@lotse/policies";

export type MatrixSession = { userId: string; accessToken: string; deviceId: string };

/** A thread of a room as the homeserver lists it (root event, reply count, latest activity in ms). */
export type RoomThread = { eventId: string; type: string; content: Record<string, unknown>; redacted: boolean; replies: number; lastActivity: number };

/** The homeserver could not be reached, timed out, or failed on its side (5xx). */
export class HomeserverUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "HomeserverUnavailableError";
  }
}

/** The homeserver answered with a Matrix error (4xx) we did not expect. */
export class MatrixApiError extends Error {
  readonly status: number;
  readonly errcode: string;
  constructor(status: number, errcode: string, endpoint: string) {
    super(`${endpoint} answered ${status} ${errcode}`);
    this.name = "MatrixApiError";
    this.status = status;
    this.errcode = errcode;
  }
}

export type HomeserverClientOptions = {
  baseUrl: string;
  asToken: string;
  timeoutMs: number;
  fetch?: typeof fetch;
};

type JsonResult = { status: number; body: Record<string, unknown> };

export class HomeserverClient {
  readonly baseUrl: string;
  readonly #asToken: string;
  readonly #timeoutMs: number;
  readonly #fetch: typeof fetch;

  constructor(opts: HomeserverClientOptions) {
    this.baseUrl = opts.baseUrl.replace(/\/+$/, "");
    this.#asToken = opts.asToken;
    this.#timeoutMs = opts.timeoutMs;
    this.#fetch = opts.fetch ?? fetch;
  }

  async #request(
    method: "GET" | "POST" | "PUT",
    path: string,
    opts: { body?: unknown; auth?: boolean; timeoutMs?: number } = {},
  ): Promise<JsonResult> {
    const endpoint = `${method} ${path.split("?")[0]}`;
    let res: Response;
    try {
      const headers: Record<string, string> = {};
      if (opts.body !== undefined) headers["content-type"] = "application/json";
      if (opts.auth !== false) headers["authorization"] = `Bearer ${this.#asToken}`;
      res = await this.#fetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: opts.body === undefined ? null : JSON.stringify(opts.body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? this.#timeoutMs),
      });
    } catch (cause) {
      throw new HomeserverUnavailableError(`${endpoint} failed`, { cause });
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = await res.json();
      if (typeof parsed === "object" && parsed !== null) body = parsed as Record<string, unknown>;
    } catch {
      // Non-JSON body (a proxy's error page): judged by status below.
    }
    if (res.status >= 500 || res.status === 429) {
      throw new HomeserverUnavailableError(`${endpoint} answered ${res.status}`);
    }
    return { status: res.status, body };
  }

  /** True when `/_matrix/client/versions` answers 200 within the timeout. */
  async isUp(timeoutMs = 2000): Promise<boolean> {
    try {
      const r = await this.#request("GET", "/_matrix/client/versions", { auth: false, timeoutMs });
      return r.status === 200 && Array.isArray(r.body["versions"]);
    } catch {
      return false;
    }
  }

  /** Registers `localpart` in the appservice namespace; an existing user is fine (idempotent). */
  async ensureUser(localpart: string): Promise<void> {
    const r = await this.#request("POST", "/_matrix/client/v3/register", {
      body: { type: "m.login.application_service", username: localpart, inhibit_login: true },
    });
    if (r.status === 200) return;
    const errcode = String(r.body["errcode"] ?? "M_UNKNOWN");
    if (r.status === 400 && errcode === "M_USER_IN_USE") return;
    throw new MatrixApiError(r.status, errcode, "POST /register");
  }

  /** A new device and access token for the namespaced user. */
  async login(localpart: string): Promise<MatrixSession> {
    const r = await this.#request("POST", "/_matrix/client/v3/login", {
      body: {
        type: "m.login.application_service",
        identifier: { type: "m.id.user", user: localpart },
      },
    });
    const { user_id: userId, access_token: accessToken, device_id: deviceId } = r.body;
    if (r.status !== 200 || typeof userId !== "string" || typeof accessToken !== "string" || typeof deviceId !== "string") {
      throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "POST /login");
    }
    return { userId, accessToken, deviceId };
  }

  async getDisplayName(userId: string): Promise<string | undefined> {
    const u = encodeURIComponent(userId);
    const r = await this.#request("GET", `/_matrix/client/v3/profile/${u}/displayname?user_id=${u}`);
    if (r.status === 404) return undefined;
    if (r.status !== 200) {
      throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "GET /profile/displayname");
    }
    const name = r.body["displayname"];
    return typeof name === "string" ? name : undefined;
  }

  /**
   * The `m.policy.rule.user` rules of the room behind `alias`, read as the bridge's bot (the
   * room's creator); null when no room has that alias (the bridge has not made it yet).
   */
  async policyRules(alias: string): Promise<PolicyRule[] | null> {
    const dir = await this.#request("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    if (dir.status === 404) return null;
    const roomId = dir.body["room_id"];
    if (dir.status !== 200 || typeof roomId !== "string") throw new MatrixApiError(dir.status, String(dir.body["errcode"] ?? "M_UNKNOWN"), "GET /directory/room");
    const state = await this.#request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state`);
    if (state.status !== 200) throw new MatrixApiError(state.status, String(state.body["errcode"] ?? "M_UNKNOWN"), "GET /rooms/state");
    // The state answer is a JSON array; #request hands it over as an object with index keys.
    const events = Object.values(state.body) as { type?: unknown; state_key?: unknown; content?: Record<string, unknown> }[];
    return events
      .filter((e) => e.type === POLICY_RULE_USER && typeof e.state_key === "string")
      .map((e) => policyRuleOf(e.state_key as string, e.content))
      .filter((r): r is PolicyRule => r !== undefined);
  }

  #botUserId: string | undefined;

  /** The appservice's own user (the bot, sender of everything the AS token writes). */
  async botUserId(): Promise<string> {
    if (this.#botUserId !== undefined) return this.#botUserId;
    const r = await this.#request("GET", "/_matrix/client/v3/account/whoami");
    const id = r.body["user_id"];
    if (r.status !== 200 || typeof id !== "string") throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "GET /account/whoami");
    this.#botUserId = id;
    return id;
  }

  /**
   * Writes (content) or removes ({}: the spec's empty rule) one `m.policy.rule.user` state event in
   * the policy-list room behind `alias`, as the bot — the room's creator. The bridge sees the state
   * change like one written from a Matrix client and applies it to every platform room (its
   * moderation/ModerationProcessor.ts). False when no room has that alias yet.
   */
  async putPolicyRule(alias: string, stateKey: string, content: { entity: string; recommendation: string; reason: string } | Record<string, never>): Promise<boolean> {
    const dir = await this.#request("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    if (dir.status === 404) return false;
    const roomId = dir.body["room_id"];
    if (dir.status !== 200 || typeof roomId !== "string") throw new MatrixApiError(dir.status, String(dir.body["errcode"] ?? "M_UNKNOWN"), "GET /directory/room");
    const r = await this.#request("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${POLICY_RULE_USER}/${encodeURIComponent(stateKey)}`, { body: content });
    if (r.status !== 200) throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "PUT /rooms/state");
    return true;
  }

  /**
   * The threads of a forum room, most recently active first, read as the bridge's bot (a member of
   * every platform room) from the room's messages (`/messages`, newest first, at most `maxEvents`):
   * every message that is not an answer in a thread starts one (a first post counts before anyone
   * answers it — the homeserver's own `/threads` lists only posts with answers); answers (`m.thread`
   * relations, readable in encrypted rooms too) count for their first post. Each thread: the first
   * post's type and content (the caller keeps only what it may show), whether it was removed, its
   * answers and its latest activity. `complete`: the room's whole history was read.
   */
  async roomThreads(roomId: string, maxEvents: number): Promise<{ threads: RoomThread[]; complete: boolean }> {
    const roots = new Map<string, RoomThread>();
    const answers = new Map<string, { count: number; last: number }>();
    const filter = JSON.stringify({ types: ["m.room.message", "m.room.encrypted"], lazy_load_members: true });
    let from: string | undefined;
    let read = 0;
    let complete = false;
    while (read < maxEvents) {
      const q = new URLSearchParams({ dir: "b", limit: String(Math.min(100, maxEvents - read)), filter });
      if (from) q.set("from", from);
      const r = await this.#request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?${q}`);
      // A room the bot is not in (or that is gone): nothing to show, rather than a failing public list.
      if (r.status === 403 || r.status === 404) return { threads: [], complete: true };
      if (r.status !== 200) throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "GET /rooms/messages");
      const chunk = Array.isArray(r.body["chunk"]) ? (r.body["chunk"] as Record<string, unknown>[]) : [];
      read += chunk.length;
      for (const e of chunk) {
        const content = (e["content"] as Record<string, unknown> | undefined) ?? {};
        const ts = typeof e["origin_server_ts"] === "number" ? e["origin_server_ts"] : 0;
        const rel = content["m.relates_to"] as { rel_type?: unknown; event_id?: unknown } | undefined;
        if (rel?.rel_type === "m.thread" && typeof rel.event_id === "string") {
          const a = answers.get(rel.event_id) ?? { count: 0, last: 0 };
          answers.set(rel.event_id, { count: a.count + 1, last: Math.max(a.last, ts) });
          continue;
        }
        // Edits and other relations are not posts of their own.
        if (rel !== undefined && rel["rel_type"] !== undefined) continue;
        const id = String(e["event_id"]);
        const unsigned = e["unsigned"] as Record<string, unknown> | undefined;
        roots.set(id, { eventId: id, type: String(e["type"]), content, redacted: unsigned?.["redacted_because"] !== undefined, replies: 0, lastActivity: ts });
      }
      const end = r.body["end"];
      if (typeof end !== "string" || chunk.length === 0) {
        complete = true;
        break;
      }
      from = end;
    }
    for (const [id, a] of answers) {
      const root = roots.get(id);
      if (root) {
        root.replies = a.count;
        root.lastActivity = Math.max(root.lastActivity, a.last);
      }
    }
    return { threads: [...roots.values()].sort((a, b) => b.lastActivity - a.lastActivity), complete };
  }

  /** Whether an event with this id is in the room (read as the bot); its type when it is. */
  async roomEvent(roomId: string, eventId: string): Promise<{ type: string; stateKey: string | undefined } | null> {
    const r = await this.#request("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/event/${encodeURIComponent(eventId)}`);
    if (r.status === 404) return null;
    // Synapse answers 400/403 for ids that are malformed or of events it will not show: not in this room for us.
    if (r.status === 400 || r.status === 403) return null;
    if (r.status !== 200) throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "GET /rooms/event");
    return { type: String(r.body["type"]), stateKey: typeof r.body["state_key"] === "string" ? r.body["state_key"] : undefined };
  }

  /**
   * Sets the seeker's display name — the registered pseudonym — through the homeserver's seeker
   * guard module (scripts/synapse/lotse_seeker_guard.py), which records it as the only name the
   * seeker may carry and copies it into every room the seeker has joined. A homeserver without
   * the module (404) gets the plain profile change as the user (appservice `user_id` masquerading).
   */
  async setDisplayName(userId: string, displayName: string): Promise<void> {
    const viaGuard = await this.#request("PUT", "/_synapse/client/lotse/seeker_name", {
      body: { user_id: userId, displayname: displayName },
    });
    if (viaGuard.status === 200) return;
    if (viaGuard.status !== 404) {
      throw new MatrixApiError(viaGuard.status, String(viaGuard.body["errcode"] ?? "M_UNKNOWN"), "PUT /_synapse/client/lotse/seeker_name");
    }
    const u = encodeURIComponent(userId);
    const r = await this.#request("PUT", `/_matrix/client/v3/profile/${u}/displayname?user_id=${u}`, {
      body: { displayname: displayName },
    });
    if (r.status !== 200) {
      throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "PUT /profile/displayname");
    }
  }

  /**
   * Deactivates the namespaced user with erasure (profile, and messages hidden from later
   * joiners), which also makes it leave every room. "Gone" when the user never existed on the
   * homeserver (no chat session was ever opened) or was deactivated before.
   */
  async deactivateUser(userId: string): Promise<"deactivated" | "gone"> {
    const r = await this.#request("POST", `/_matrix/client/v3/account/deactivate?user_id=${encodeURIComponent(userId)}`, {
      body: { erase: true },
    });
    if (r.status === 200) return "deactivated";
    // 403/404 for a user that does not exist (or no longer can act). A 401 is not "gone": it means
    // the appservice token is wrong, and the caller must not act as if the user were erased.
    if (r.status === 403 || r.status === 404) return "gone";
    throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "POST /account/deactivate");
  }

  /** Logs out every device of the namespaced user (its chat sessions end); idempotent. */
  async logoutAllDevices(userId: string): Promise<void> {
    const r = await this.#request("POST", `/_matrix/client/v3/logout/all?user_id=${encodeURIComponent(userId)}`, { body: {} });
    if (r.status === 200 || r.status === 403 || r.status === 404) return;
    throw new MatrixApiError(r.status, String(r.body["errcode"] ?? "M_UNKNOWN"), "POST /logout/all");
  }

  /**
   * Everything a seeker's client needs: user ensured, display name = pseudonym (registered with
   * the homeserver's seeker guard every time, so a seeker created before the guard knew names is
   * covered from their next session on; the module changes the profile only when it differs,
   * because every change is a state event in each of the user's rooms), fresh device.
   */
  async openSession(localpart: string, displayName: string): Promise<MatrixSession> {
    await this.ensureUser(localpart);
    const session = await this.login(localpart);
    await this.setDisplayName(session.userId, displayName);
    return session;
  }
}
