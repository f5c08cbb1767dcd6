// The seeker flow against an in-memory implementation of the LotseApi port (the real HTTP client
// is covered by lotseApi.test.ts; the real API by its own integration tests).
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/api/ApiError.ts";
import type { LotseApi } from "../src/api/lotseApi.ts";
import type { Agency, Booking, CaseSummary, GroupSummary, LiveState, Slot, Topic } from "../src/api/types.ts";
import { SeekerFlow } from "../src/domain/SeekerFlow.ts";
import { parseDeepLink } from "../src/domain/deepLink.ts";
import { SessionStore } from "../src/domain/session.ts";
import type { SessionStorageLike } from "../src/domain/session.ts";
import type { ChatEngine, EngineState } from "../src/domain/chat.ts";

const topics: Topic[] = [
  { id: "debt", name: { de: "Schulden", en: "Debt" } },
  { id: "addiction", name: { de: "Sucht", en: "Addiction" } },
];
const agencyKiel: Agency = { id: "a-kiel", name: "Suchtberatung Kiel", city: "Kiel" };

/** A small in-memory API: one seeker store, agencies per topic, cases per token. */
class InMemoryApi implements LotseApi {
  calls: string[] = [];
  agencies: Record<string, Agency[]> = { addiction: [agencyKiel], debt: [] };
  seekers = new Map<string, { password: string; token: string }>();
  cases = new Map<string, CaseSummary[]>();
  failNext: Partial<Record<keyof LotseApi, ApiError>> = {};

  #maybeFail(route: keyof LotseApi): void {
    this.calls.push(route);
    const err = this.failNext[route];
    if (err !== undefined) {
      delete this.failNext[route];
      throw err;
    }
  }

  /** Access tokens the API now answers with LOTSE_TOKEN_EXPIRED; refresh token → its new access token. */
  expiredTokens = new Set<string>();
  refreshTokens = new Map<string, string>();
  loggedOut: string[] = [];

  #casesOf(token: string): CaseSummary[] {
    if (this.expiredTokens.has(token)) throw new ApiError(401, "LOTSE_TOKEN_EXPIRED", "expired");
    const list = this.cases.get(token);
    if (list === undefined) throw new ApiError(401, "LOTSE_UNAUTHORIZED", "bad token");
    return list;
  }

  async attachmentPolicy() {
    this.#maybeFail("attachmentPolicy");
    return { allowedTypes: ["image/jpeg", "image/png", "application/pdf"], maxFileBytes: 10 * 1024 * 1024, roomKinds: ["case"] };
  }
  async listTopics() {
    this.#maybeFail("listTopics");
    return topics;
  }
  async findAgencies(q: { topic: string; postcode: string }) {
    this.#maybeFail("findAgencies");
    return this.agencies[q.topic] ?? [];
  }
  /** Agencies a deep link may name: id → its topics and whether it takes online enquiries. */
  entries: Record<string, { topics: string[]; online: boolean }> = { "0b7e3c1a-1111-4aaa-8bbb-000000000001": { topics: ["addiction"], online: true } };
  async getAgency(id: string) {
    this.#maybeFail("getAgency");
    const e = this.entries[id];
    if (e === undefined) throw new ApiError(404, "LOTSE_UNKNOWN_AGENCY", "no");
    return { id, name: "Suchthilfe Nord", city: "Kiel", languages: ["de"], ...e };
  }
  async localHelp() {
    this.#maybeFail("localHelp");
    return { agency: null, nearby: [], recommendations: [] };
  }
  async registerSeeker(body: { username: string; password: string }) {
    this.#maybeFail("registerSeeker");
    if (this.seekers.has(body.username)) {
      throw new ApiError(409, "LOTSE_USERNAME_TAKEN", "taken");
    }
    const token = `tok-${body.username}`;
    this.seekers.set(body.username, { password: body.password, token });
    this.cases.set(token, []);
    return { seekerId: `s-${body.username}`, token };
  }
  async login(body: { username: string; password: string }) {
    this.#maybeFail("login");
    const seeker = this.seekers.get(body.username);
    if (seeker === undefined || seeker.password !== body.password) {
      throw new ApiError(401, "LOTSE_BAD_CREDENTIALS", "bad");
    }
    return { token: seeker.token };
  }
  async createCase(token: string, body: { topic: string; agencyId: string }) {
    this.#maybeFail("createCase");
    const list = this.#casesOf(token);
    const agency = Object.values(this.agencies)
      .flat()
      .find((a) => a.id === body.agencyId);
    const topic = topics.find((t) => t.id === body.topic);
    if (agency === undefined || topic === undefined) throw new ApiError(400, "LOTSE_BAD_REQUEST", "");
    const caseId = `c${list.length + 1}`;
    list.push({ caseId, roomId: `conv-${caseId}`, status: "new", agency, topic });
    return { caseId, roomId: null, status: "new" };
  }
  async listCases(token: string) {
    this.#maybeFail("listCases");
    return [...this.#casesOf(token)];
  }
  async refreshSession(refreshToken: string) {
    this.#maybeFail("refreshSession");
    const next = this.refreshTokens.get(refreshToken);
    if (next === undefined) throw new ApiError(401, "LOTSE_INVALID_REFRESH_TOKEN", "no");
    this.refreshTokens.delete(refreshToken); // single use
    this.refreshTokens.set(`r-${next}`, `${next}+`);
    return { token: next, refreshToken: `r-${next}` };
  }
  async logout(refreshToken: string) {
    this.loggedOut.push(refreshToken);
  }
  async openChatSession(): Promise<never> {
    throw new ApiError(503, "LOTSE_HOMESERVER_UNAVAILABLE", "not in unit tests");
  }
  async changePassword(): Promise<void> {}
  async deleteAccount(): Promise<void> {}

  groups: GroupSummary[] = [];
  /** groupId → tokens with a seat; tokens with an open private word. */
  members = new Map<string, Set<string>>();
  whispers = new Map<string, string>();
  async listGroups() {
    this.#maybeFail("listGroups");
    return this.groups.map((g) => ({ ...g, seatsLeft: g.maxParticipants - (this.members.get(g.groupId)?.size ?? 0) }));
  }
  async joinGroup(token: string, groupId: string) {
    this.#maybeFail("joinGroup");
    this.#casesOf(token);
    const group = this.groups.find((g) => g.groupId === groupId);
    if (group === undefined) throw new ApiError(404, "LOTSE_NOT_FOUND", "no group");
    const members = this.members.get(groupId) ?? new Set<string>();
    if (!members.has(token) && members.size >= group.maxParticipants) throw new ApiError(409, "LOTSE_GROUP_FULL", "full");
    members.add(token);
    this.members.set(groupId, members);
    return { roomId: `group-${groupId}` };
  }
  async openWhisper(token: string, groupId: string) {
    this.#maybeFail("openWhisper");
    if (!this.members.get(groupId)?.has(token)) throw new ApiError(403, "LOTSE_FORBIDDEN", "not a participant");
    const group = this.groups.find((g) => g.groupId === groupId);
    if (group?.phase !== "open") throw new ApiError(409, "LOTSE_CONFLICT", "not running");
    const id = `whisper-${groupId}-${token}`;
    this.whispers.set(`${groupId}/${token}`, id);
    return { roomId: id };
  }
  async endWhisper(token: string, groupId: string) {
    this.#maybeFail("endWhisper");
    if (!this.whispers.delete(`${groupId}/${token}`)) throw new ApiError(404, "LOTSE_NOT_FOUND", "none open");
  }

  /** agencyId → its free slots; bookings of every seeker. */
  slots: Record<string, Slot[]> = {};
  bookings: (Booking & { token: string })[] = [];
  async listSlots(agencyId: string, limit = 3) {
    this.#maybeFail("listSlots");
    const taken = new Set(this.bookings.filter((b) => b.status === "booked").map((b) => `${b.agencyId}/${b.startsAt}`));
    return (this.slots[agencyId] ?? []).filter((s) => !taken.has(`${agencyId}/${s.startsAt}`)).slice(0, limit);
  }
  async book(token: string, body: { agencyId: string; topic: string; key: string; remindByEmail?: boolean }) {
    this.#maybeFail("book");
    const list = this.#casesOf(token);
    const slot = (this.slots[body.agencyId] ?? []).find((s) => s.key === body.key);
    if (slot === undefined) throw new ApiError(409, "LOTSE_SLOT_UNAVAILABLE", "gone", await this.listSlots(body.agencyId, 5));
    if (this.bookings.some((b) => b.status === "booked" && b.agencyId === body.agencyId && b.startsAt === slot.startsAt)) {
      throw new ApiError(409, "LOTSE_SLOT_TAKEN", "taken", await this.listSlots(body.agencyId, 5));
    }
    if (this.bookings.some((b) => b.token === token && b.status === "booked" && b.agencyId === body.agencyId)) {
      throw new ApiError(409, "LOTSE_CONFLICT", "one per agency", []);
    }
    let kase = list.find((c) => c.agency.id === body.agencyId);
    if (kase === undefined) {
      const agency = Object.values(this.agencies).flat().find((a) => a.id === body.agencyId)!;
      kase = { caseId: `c${list.length + 1}`, roomId: null, status: "in_progress", agency, topic: topics.find((x) => x.id === body.topic)! };
      list.push(kase);
    }
    const booking = {
      bookingId: `b${this.bookings.length + 1}`,
      agencyId: body.agencyId,
      caseId: kase.caseId,
      startsAt: slot.startsAt,
      endsAt: slot.endsAt,
      phase: "upcoming",
      counselorThere: false,
      status: "booked",
      remindByEmail: body.remindByEmail ?? false,
    };
    this.bookings.push({ ...booking, token });
    return booking;
  }
  async listBookings(token: string) {
    this.#maybeFail("listBookings");
    this.#casesOf(token);
    return this.bookings.filter((b) => b.token === token).map(({ token: _t, ...b }) => b);
  }
  async cancelBooking(token: string, bookingId: string) {
    this.#maybeFail("cancelBooking");
    const b = this.bookings.find((x) => x.token === token && x.bookingId === bookingId);
    if (b === undefined) throw new ApiError(404, "LOTSE_NOT_FOUND", "none");
    if (b.phase === "running") throw new ApiError(409, "LOTSE_CONFLICT", "begun");
    b.status = "cancelled";
  }
  async bookingCalendar(token: string, bookingId: string) {
    this.#maybeFail("bookingCalendar");
    const b = this.bookings.find((x) => x.token === token && x.bookingId === bookingId);
    if (b === undefined) throw new ApiError(404, "LOTSE_NOT_FOUND", "none");
    return `BEGIN:VCALENDAR\r\nDTSTART:${b.startsAt}\r\nEND:VCALENDAR\r\n`;
  }

  /** Live chat: topics on duty, temporary tokens → their chat. */
  liveTopics: Topic[] = [];
  live = new Map<string, LiveState & { kept?: string }>();
  async liveOffer() {
    this.#maybeFail("liveOffer");
    return { available: this.liveTopics.length > 0, topics: this.liveTopics };
  }
  async startLive(body: { topic: string; postcode?: string; pseudonym?: string }) {
    this.#maybeFail("startLive");
    const topic = this.liveTopics.find((x) => x.id === body.topic);
    if (topic === undefined) throw new ApiError(409, "LOTSE_NO_ONE_ON_DUTY", "nobody");
    const n = this.live.size + 1;
    const token = `live-${n}`;
    this.live.set(token, {
      caseId: `live-case-${n}`,
      caseNumber: 100 + n,
      roomId: `conv-live-${n}`,
      status: "waiting",
      position: n,
      estimate: { kind: "unknown" },
      counselor: null,
      topic,
      agency: { id: agencyKiel.id, name: agencyKiel.name, city: agencyKiel.city },
    });
    return { seekerId: `s-live-${n}`, pseudonym: body.pseudonym ?? `Stille Möwe ${100 + n}`, caseNumber: 100 + n, token, refreshToken: `r-${token}` };
  }
  async liveState(token: string) {
    this.#maybeFail("liveState");
    const chat = this.live.get(token);
    if (chat === undefined) throw new ApiError(401, "LOTSE_UNAUTHORIZED", "gone");
    return { ...chat };
  }
  async endLive(token: string) {
    this.#maybeFail("endLive");
    if (!this.live.delete(token)) throw new ApiError(404, "LOTSE_NOT_FOUND", "none");
  }
  async keepLive(token: string, body: { password: string }) {
    this.#maybeFail("keepLive");
    const chat = this.live.get(token);
    if (chat === undefined) throw new ApiError(409, "LOTSE_LIVE_CHAT_ENDED", "over");
    this.live.delete(token);
    this.cases.set(token, [{ caseId: chat.caseId, roomId: chat.roomId, status: "in_progress", agency: agencyKiel, topic: chat.topic }]);
    chat.kept = body.password;
  }
  /** Routes served through `call` (the forums): "METHOD path" → answer (an ApiError is thrown). */
  routes = new Map<string, unknown>();
  callsMade: { method: string; path: string; token: string | undefined; body: unknown }[] = [];
  async call<T>(method: "GET" | "POST", path: string, token?: string, body?: unknown): Promise<T> {
    this.callsMade.push({ method, path, token, body });
    const answer = this.routes.get(`${method} ${path}`);
    if (answer === undefined) throw new ApiError(404, "LOTSE_NOT_FOUND", "no such route");
    if (answer instanceof ApiError) throw answer;
    return answer as T;
  }
}

function groupOf(id: string, patch: Partial<GroupSummary> = {}): GroupSummary {
  const start = Date.now() - 60_000;
  return {
    groupId: id,
    title: `Gruppe ${id}`,
    topic: topics[0]!,
    agencyId: null,
    description: "Wir reden über Schulden.",
    rules: "Respekt.",
    phase: "open",
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3_600_000).toISOString(),
    durationMinutes: 60,
    repeatWeekly: false,
    maxParticipants: 2,
    seatsLeft: 2,
    encrypted: true,
    ...patch,
  };
}

function memoryStorage(): SessionStorageLike {
  const data = new Map<string, string>();
  return {
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

function setup(api = new InMemoryApi(), storage = memoryStorage()) {
  const session = new SessionStore(storage);
  const chat = { load: () => Promise.reject(new Error("no chat in unit tests")), wipe: async () => {} };
  const flow = new SeekerFlow({ api, session, chat });
  return { api, session, flow, storage };
}

async function searchKiel(flow: SeekerFlow): Promise<void> {
  await flow.start();
  flow.setFindField("topicId", "addiction");
  flow.setFindField("postcode", "24103");
  await flow.searchAgencies();
}

describe("SeekerFlow, deep links", () => {
  const pinnedId = "0b7e3c1a-1111-4aaa-8bbb-000000000001";

  it("opens the search pre-filled with topic and postcode and searches at once", async () => {
    const { flow, api } = setup();
    await flow.start(parseDeepLink("?topic=addiction&postcode=24103"));
    expect(flow.state.step).toBe("find");
    expect(flow.state.find).toMatchObject({ topicId: "addiction", postcode: "24103", pinned: null });
    expect(flow.state.find.result?.agencies).toEqual([agencyKiel]);
    expect(api.calls).toContain("findAgencies");
    expect(flow.state.linkNote).toBe(false);
  });

  it("opens an agency directly: its only topic chosen, offered alone once the postcode is there", async () => {
    const { flow, api } = setup();
    await flow.start(parseDeepLink(`?agency=${pinnedId}`));
    expect(flow.state.step).toBe("find");
    expect(flow.state.find.pinned).toMatchObject({ id: pinnedId, name: "Suchthilfe Nord" });
    expect(flow.state.find.topicId).toBe("addiction");
    flow.setFindField("postcode", "24103");
    await flow.searchAgencies();
    expect(flow.state.find.result?.agencies.map((a) => a.id)).toEqual([pinnedId]);
    expect(api.calls).not.toContain("findAgencies");
    flow.unpinAgency();
    await flow.searchAgencies();
    expect(flow.state.find.result?.agencies).toEqual([agencyKiel]);
  });

  it("drops what it cannot use and says so gently: unknown topic, malformed postcode, unknown or offline agency", async () => {
    for (const search of ["?topic=gibtsnicht", "?postcode=12", "?agency=kaputt", "?agency=0b7e3c1a-1111-4aaa-8bbb-00000000ffff", "?topic=<script>"]) {
      const { flow } = setup();
      await flow.start(parseDeepLink(search));
      expect(flow.state.step, search).toBe("landing");
      expect(flow.state.linkNote, search).toBe(true);
      expect(flow.state.linkTexts?.["de-sie"].note, search).toMatch(/nicht ganz vollständig/);
    }
    const api = new InMemoryApi();
    api.entries[pinnedId] = { topics: ["addiction"], online: false };
    const { flow } = setup(api);
    await flow.start(parseDeepLink(`?agency=${pinnedId}&topic=addiction`));
    expect(flow.state.step).toBe("find");
    expect(flow.state.find).toMatchObject({ topicId: "addiction", pinned: null });
    expect(flow.state.linkNote).toBe(true);
  });

  it("parses only well-formed values", () => {
    expect(parseDeepLink("")).toBeNull();
    expect(parseDeepLink("?foo=1")).toBeNull();
    expect(parseDeepLink("?topic=sucht&postcode=50667")).toEqual({ topic: "sucht", postcode: "50667", faulty: false });
    expect(parseDeepLink("?postcode=5066x&agency=abc")).toEqual({ faulty: true });
  });
});

describe("SeekerFlow, step 1: finding an agency", () => {
  it("loads topics sorted by their German name", async () => {
    const { flow } = setup();
    await flow.start();
    expect(flow.state.step).toBe("landing");
    const t = flow.state.topics;
    expect(t.status === "ready" && t.value.map((x) => x.id)).toEqual(["debt", "addiction"]);
  });

  it("offers a retry when topics cannot be loaded", async () => {
    const api = new InMemoryApi();
    api.failNext.listTopics = new ApiError(0, "LOTSE_CLIENT_NETWORK_ERROR", "offline");
    const { flow } = setup(api);
    await flow.start();
    expect(flow.state.topics).toMatchObject({ status: "failed", message: expect.stringMatching(/Internetverbindung/) });
    await flow.loadTopics();
    expect(flow.state.topics.status).toBe("ready");
  });

  it("checks topic and postcode before asking the API, and focuses the first bad field", async () => {
    const { flow, api } = setup();
    await flow.start();
    flow.setFindField("postcode", "123");
    await flow.searchAgencies();
    expect(flow.state.find.errors).toEqual({
      topic: expect.any(String),
      postcode: expect.stringMatching(/5 Ziffern/),
    });
    expect(flow.state.focus.target).toBe("topic");
    expect(api.calls).not.toContain("findAgencies");
    flow.setFindField("postcode", "12345");
    expect(flow.state.find.errors.postcode).toBeUndefined();
  });

  it("lists matching agencies and moves focus to them", async () => {
    const { flow } = setup();
    await searchKiel(flow);
    expect(flow.state.find.result).toEqual({
      topic: topics[1],
      postcode: "24103",
      agencies: [agencyKiel],
    });
    expect(flow.state.focus.target).toBe("results");
  });

  it("returns an empty result (the friendly 'none found' case) without an error", async () => {
    const { flow } = setup();
    await flow.start();
    flow.setFindField("topicId", "debt");
    flow.setFindField("postcode", "99999");
    await flow.searchAgencies();
    expect(flow.state.find.result?.agencies).toEqual([]);
    expect(flow.state.find.errors).toEqual({});
  });

  it("drops a result once topic or postcode change", async () => {
    const { flow } = setup();
    await searchKiel(flow);
    flow.setFindField("postcode", "24105");
    expect(flow.state.find.result).toBeNull();
  });

  it("shows a rejected postcode at the postcode field", async () => {
    const api = new InMemoryApi();
    api.failNext.findAgencies = new ApiError(400, "LOTSE_INVALID_POSTCODE", "bad");
    const { flow } = setup(api);
    await searchKiel(flow);
    expect(flow.state.find.errors.postcode).toBeDefined();
    expect(flow.state.focus.target).toBe("postcode");
  });
});

describe("SeekerFlow, step 2 and 3: account and case", () => {
  it("registers, opens the case and lists it", async () => {
    const { flow, api, session } = setup();
    await searchKiel(flow);
    await flow.chooseAgency(agencyKiel.id);
    expect(flow.state.step).toBe("account");
    flow.setAccountField("username", "Sonnenblume");
    flow.setAccountField("password", "geheim123");
    await flow.submitAccount();

    expect(session.token).toBe("tok-Sonnenblume");
    expect(flow.state.signedIn).toBe(true);
    expect(flow.state.step).toBe("chat");
    expect(flow.state.createdCaseId).toBe("c1");
    expect(flow.state.cases).toMatchObject({
      status: "ready",
      value: [{ caseId: "c1", status: "new", agency: agencyKiel }],
    });
    expect(flow.state.account.password).toBe("");
    expect(api.calls).toEqual([
      "listTopics",
      "liveOffer",
      "findAgencies",
      "listSlots",
      "registerSeeker",
      "createCase",
      "listCases",
    ]);
  });

  it("sends the e-mail only when one was given", async () => {
    const api = new InMemoryApi();
    const bodies: unknown[] = [];
    const register = api.registerSeeker.bind(api);
    api.registerSeeker = async (body) => {
      bodies.push(body);
      return register(body);
    };
    const { flow } = setup(api);
    await searchKiel(flow);
    await flow.chooseAgency(agencyKiel.id);
    flow.setAccountField("username", "Sonnenblume");
    flow.setAccountField("password", "geheim123");
    flow.setAccountField("email", "  ");
    await flow.submitAccount();
    expect(bodies).toEqual([
      { username: "Sonnenblume", password: "geheim123", topic: "addiction", postcode: "24103" },
    ]);
  });

  it("explains a pseudonym problem before calling the API", async () => {
    const { flow, api } = setup();
    await searchKiel(flow);
    await flow.chooseAgency(agencyKiel.id);
    flow.setAccountField("username", "anna@example.org");
    flow.setAccountField("password", "kurz");
    await flow.submitAccount();
    expect(flow.state.account.errors).toEqual({
      username: expect.stringMatching(/E-Mail-Adresse/),
      password: expect.stringMatching(/mindestens 8/),
    });
    expect(flow.state.focus.target).toBe("username");
    expect(api.calls).not.toContain("registerSeeker");
  });

  it("shows a taken pseudonym at the name field and stays signed out", async () => {
    const api = new InMemoryApi();
    api.seekers.set("Sonnenblume", { password: "x", token: "other" });
    const { flow, session } = setup(api);
    await searchKiel(flow);
    await flow.chooseAgency(agencyKiel.id);
    flow.setAccountField("username", "Sonnenblume");
    flow.setAccountField("password", "geheim123");
    await flow.submitAccount();
    expect(flow.state.step).toBe("account");
    expect(flow.state.account.errors.username).toMatch(/gibt es schon/);
    expect(flow.state.account.submitting).toBe(false);
    expect(flow.state.focus.target).toBe("username");
    expect(session.token).toBeNull();
  });

  it("logs in an existing seeker instead, with bad credentials shown at the password", async () => {
    const api = new InMemoryApi();
    api.seekers.set("Sonnenblume", { password: "richtig123", token: "tok-s" });
    api.cases.set("tok-s", []);
    const { flow } = setup(api);
    await searchKiel(flow);
    await flow.chooseAgency(agencyKiel.id);
    flow.setAccountMode("login");
    flow.setAccountField("username", "Sonnenblume");
    flow.setAccountField("password", "falsch123");
    await flow.submitAccount();
    expect(flow.state.account.errors.password).toMatch(/stimmen nicht/);

    flow.setAccountField("password", "richtig123");
    expect(flow.state.account.errors).toEqual({});
    await flow.submitAccount();
    expect(flow.state.step).toBe("chat");
    expect(api.calls).not.toContain("registerSeeker");
  });

  it("keeps the seeker signed in when opening the case fails, and retries", async () => {
    const api = new InMemoryApi();
    api.failNext.createCase = new ApiError(503, "LOTSE_UNAVAILABLE", "later");
    const { flow, session } = setup(api);
    await searchKiel(flow);
    await flow.chooseAgency(agencyKiel.id);
    flow.setAccountField("username", "Sonnenblume");
    flow.setAccountField("password", "geheim123");
    await flow.submitAccount();
    expect(flow.state.step).toBe("opening");
    expect(flow.state.opening.error).toMatch(/schiefgelaufen/);
    expect(session.token).not.toBeNull();

    await flow.retryOpenCase();
    expect(flow.state.step).toBe("chat");
    expect(flow.state.createdCaseId).toBe("c1");
  });

  it("asks to sign in again, keeping the choice, when the token has expired", async () => {
    const api = new InMemoryApi();
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "expired" });
    const { flow, session } = setup(api, storage);
    await flow.start(); // a stored session shows the case list first …
    expect(session.token).toBeNull(); // … but the API refused it
    expect(flow.state.step).toBe("find");

    session.signIn({ token: "expired" });
    flow.setFindField("topicId", "addiction");
    flow.setFindField("postcode", "24103");
    await flow.searchAgencies();
    await flow.chooseAgency(agencyKiel.id);
    expect(flow.state.step).toBe("account");
    expect(flow.state.account.mode).toBe("login");
    expect(flow.state.account.errors.form).toMatch(/abgelaufen/);
    expect(flow.state.choice?.agency).toEqual(agencyKiel);
  });
});

describe("SeekerFlow, older messages after a new chat session", () => {
  /** A chat engine stand-in that started without the password (history locked). */
  function lockedEngine(): ChatEngine & { unlockedWith: string[] } {
    const unlockedWith: string[] = [];
    const engine = {
      unlockedWith,
      state: { phase: "ready", historyLocked: true } as EngineState,
      subscribe: () => () => {},
      open: async () => {},
      conversation: () => ({ phase: "ready" as const, messages: [], firstUnreadKey: null, othersTyping: false }),
      send: async () => {},
      retry: async () => {},
      sendAttachment: async () => {},
      openAttachment: async () => new Blob([]),
      markRead: () => {},
      typing: () => {},
      unreadCount: () => 0,
      changePassword: async () => {},
      stop: async () => {},
      unlockHistory: async (password: string) => {
        unlockedWith.push(password);
        if (password !== "das richtige Passwort") return "wrong_password" as const;
        engine.state = { phase: "ready", historyLocked: false };
        return "ok" as const;
      },
    };
    return engine;
  }

  it("asks for the password, says when it is wrong, and unlocks with the right one", async () => {
    const api = new InMemoryApi();
    api.cases.set("tok-s", []);
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-s" });
    const session = new SessionStore(storage);
    const engine = lockedEngine();
    const flow = new SeekerFlow({ api, session, chat: { load: async () => engine, wipe: async () => {} } });
    await flow.start();
    await expect.poll(() => flow.state.chat.engine).toBe("ready");

    await flow.unlockHistory();
    expect(flow.state.unlock.error).toBe("Bitte geben Sie Ihr Passwort ein.");
    expect(engine.unlockedWith).toEqual([]);

    flow.setUnlockPassword("falsch");
    await flow.unlockHistory();
    expect(flow.state.unlock).toMatchObject({ busy: false, error: "Das Passwort stimmt nicht. Bitte versuchen Sie es noch einmal." });
    expect(flow.state.focus.target).toBe("unlockPassword");

    flow.setUnlockPassword("das richtige Passwort");
    expect(flow.state.unlock.error).toBeNull();
    await flow.unlockHistory();
    expect(flow.state.unlock).toEqual({ password: "", busy: false, error: null });
    expect(engine.state.historyLocked).toBe(false);
    expect(engine.unlockedWith).toEqual(["falsch", "das richtige Passwort"]);
  });
});

describe("SeekerFlow, short-lived access tokens", () => {
  it("exchanges the refresh token once when the access token has expired, and carries on", async () => {
    const api = new InMemoryApi();
    api.cases.set("tok-2", []);
    api.expiredTokens.add("tok-1");
    api.refreshTokens.set("r-1", "tok-2");
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-1", refreshToken: "r-1" });
    const { flow, session } = setup(api, storage);
    await flow.start();
    expect(flow.state.step).toBe("cases");
    expect(flow.state.cases).toMatchObject({ status: "ready", value: [] });
    expect(session.current).toEqual({ token: "tok-2", refreshToken: "r-tok-2" });
    // Kept for a reload of this tab.
    expect(new SessionStore(storage).current).toEqual({ token: "tok-2", refreshToken: "r-tok-2" });
    expect(api.calls.filter((c) => c === "refreshSession")).toHaveLength(1);

    // Signing out ends the sign-in on the server too.
    flow.signOut();
    expect(api.loggedOut).toEqual(["r-tok-2"]);
  });

  it("signs out when the refresh token is refused too", async () => {
    const api = new InMemoryApi();
    api.expiredTokens.add("tok-1");
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-1", refreshToken: "r-unknown" });
    const { flow, session } = setup(api, storage);
    await flow.start();
    expect(session.token).toBeNull();
    expect(flow.state.signedIn).toBe(false);
  });

  it("keeps the refresh token from sign-in", async () => {
    const api = new InMemoryApi();
    api.login = async () => ({ token: "tok-a", refreshToken: "r-a" });
    api.cases.set("tok-a", []);
    const { flow, session } = setup(api);
    await flow.start();
    flow.beginLogin();
    flow.setAccountField("username", "Sonnenblume");
    flow.setAccountField("password", "lang genug 1");
    await flow.submitAccount();
    expect(session.current).toEqual({ token: "tok-a", refreshToken: "r-a" });
  });
});

describe("SeekerFlow, returning seekers", () => {
  it("shows the cases of a session kept in this tab, then a new request skips the account step", async () => {
    const api = new InMemoryApi();
    api.cases.set("tok-s", []);
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-s" });
    const { flow } = setup(api, storage);
    await flow.start();
    expect(flow.state.step).toBe("cases");
    expect(flow.state.signedIn).toBe(true);
    expect(flow.state.createdCaseId).toBeNull();

    flow.startNewRequest();
    flow.setFindField("topicId", "addiction");
    flow.setFindField("postcode", "24103");
    await flow.searchAgencies();
    await flow.chooseAgency(agencyKiel.id);
    expect(flow.state.step).toBe("chat");
    expect(flow.state.cases).toMatchObject({ status: "ready", value: [{ caseId: "c1" }] });
  });

  it("signs out completely", async () => {
    const api = new InMemoryApi();
    api.cases.set("tok-s", []);
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-s" });
    const { flow, session } = setup(api, storage);
    await flow.start();
    flow.signOut();
    expect(session.token).toBeNull();
    expect(new SessionStore(storage).token).toBeNull();
    expect(flow.state.step).toBe("landing");
    expect(flow.state.signedIn).toBe(false);
  });
});

describe("SeekerFlow, groups", () => {
  it("lists groups for anonymous visitors, sends them to sign in on join, then joins the chosen group", async () => {
    const api = new InMemoryApi();
    api.groups = [groupOf("g1")];
    await api.registerSeeker({ username: "Anna", password: "geheim-genug-1" });
    const { flow } = setup(api);
    await flow.start();
    flow.showGroups();
    expect(flow.state.step).toBe("groups");
    await flow.loadGroups();
    expect(flow.state.groups).toMatchObject({ status: "ready", value: [{ groupId: "g1", seatsLeft: 2 }] });

    await flow.joinGroup("g1");
    expect(flow.state.step).toBe("account");
    expect(flow.state.account.mode).toBe("login");
    expect(flow.state.group.pendingGroupId).toBe("g1");
    expect(api.calls).not.toContain("joinGroup");

    flow.setAccountField("username", "Anna");
    flow.setAccountField("password", "geheim-genug-1");
    await flow.submitAccount();
    expect(api.calls).toContain("joinGroup");
    expect(api.members.get("g1")?.has("tok-Anna")).toBe(true);
    expect(flow.state.step).toBe("group");
    expect(flow.state.group).toMatchObject({ groupId: "g1", conversationId: "group-g1", view: "group", joining: false });
    // The chat engine cannot start in unit tests: the conversation says so instead of hanging.
    expect(flow.state.chat.failed).toBe(true);
  });

  it("says when a group is full and stays on the list", async () => {
    const api = new InMemoryApi();
    api.groups = [groupOf("g1", { maxParticipants: 1 })];
    api.cases.set("tok-other", []);
    await api.joinGroup("tok-other", "g1");
    api.cases.set("tok-s", []);
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-s" });
    const { flow } = setup(api, storage);
    await flow.start();
    flow.showGroups();
    await flow.joinGroup("g1");
    expect(flow.state.step).toBe("groups");
    expect(flow.state.group.error).toMatch(/voll/);
    expect(flow.state.focus.target).toBe("form");
  });

  it("asks for a private word, shows it, and ends it back to the group", async () => {
    const api = new InMemoryApi();
    api.groups = [groupOf("g1")];
    api.cases.set("tok-s", []);
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-s" });
    const { flow } = setup(api, storage);
    await flow.start();
    await flow.joinGroup("g1");
    await flow.askWhisper();
    expect(flow.state.group).toMatchObject({ view: "whisper", whisperId: "whisper-g1-tok-s", whisperBusy: false, whisperError: null });
    flow.showGroupConversation();
    expect(flow.state.group.view).toBe("group");
    flow.showWhisper();
    expect(flow.state.group.view).toBe("whisper");
    await flow.endWhisper();
    expect(api.whispers.size).toBe(0);
    expect(flow.state.group).toMatchObject({ view: "group", whisperId: null });
  });

  it("explains that a private word needs a running session", async () => {
    const api = new InMemoryApi();
    api.groups = [groupOf("g1", { phase: "before", startsAt: new Date(Date.now() + 3_600_000).toISOString() })];
    api.cases.set("tok-s", []);
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-s" });
    const { flow } = setup(api, storage);
    await flow.start();
    await flow.joinGroup("g1");
    await flow.askWhisper();
    expect(flow.state.group).toMatchObject({ view: "group", whisperId: null, whisperError: expect.stringMatching(/während die Gruppe läuft/) });
  });
});

describe("SeekerFlow, group conversations in the chat engine", () => {
  it("opens the group's and the private word's conversations, unencrypted only when the group is listed so", async () => {
    const opened: [string, { encrypted?: boolean } | undefined][] = [];
    const engine: ChatEngine = {
      state: { phase: "ready", historyLocked: false },
      subscribe: () => () => {},
      open: async (id, opts) => void opened.push([id, opts]),
      conversation: () => ({ phase: "ready" as const, messages: [], firstUnreadKey: null, othersTyping: false }),
      send: async () => {},
      retry: async () => {},
      sendAttachment: async () => {},
      openAttachment: async () => new Blob([]),
      markRead: () => {},
      typing: () => {},
      unreadCount: () => 0,
      changePassword: async () => {},
      stop: async () => {},
      unlockHistory: async () => "ok" as const,
    };
    const api = new InMemoryApi();
    api.groups = [groupOf("g1"), groupOf("g2", { encrypted: false })];
    api.cases.set("tok-s", []);
    const storage = memoryStorage();
    new SessionStore(storage).signIn({ token: "tok-s" });
    const flow = new SeekerFlow({ api, session: new SessionStore(storage), chat: { load: async () => engine, wipe: async () => {} } });
    await flow.start();
    await flow.joinGroup("g1");
    expect(flow.state.chat.failed).toBe(false);
    await flow.askWhisper();
    await flow.joinGroup("g2");
    expect(opened).toEqual([
      ["group-g1", { encrypted: true }],
      ["whisper-g1-tok-s", { encrypted: true }],
      ["group-g2", { encrypted: false }],
    ]);
    expect(flow.state.group).toMatchObject({ groupId: "g2", view: "group", whisperId: null });
  });
});

const slotA: Slot = { key: "k-a", startsAt: "2026-12-08T15:00:00.000Z", endsAt: "2026-12-08T15:45:00.000Z", timeZone: "Europe/Berlin" };
const slotB: Slot = { key: "k-b", startsAt: "2026-12-09T15:00:00.000Z", endsAt: "2026-12-09T15:45:00.000Z", timeZone: "Europe/Berlin" };

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

describe("SeekerFlow, chat appointments", () => {
  it("shows the agencies' free slots with the search; a visitor who picks one registers first and lands on the confirmation", async () => {
    const api = new InMemoryApi();
    api.slots = { "a-kiel": [slotA, slotB] };
    const { flow } = setup(api);
    await searchKiel(flow);
    await settle();
    expect(flow.state.slots["a-kiel"]).toEqual({ status: "ready", value: [slotA, slotB] });

    flow.pickSearchSlot("a-kiel", slotA);
    expect(flow.state.step).toBe("booking");
    expect(flow.state.booking).toMatchObject({ view: "confirm", slot: slotA, topicId: "addiction", agency: { id: "a-kiel" } });
    flow.setBookingReminder(true);
    await flow.confirmBooking();
    // Not signed in: registration first, with the booking kept; nothing booked yet.
    expect(flow.state.step).toBe("account");
    expect(flow.state.account.mode).toBe("register");
    expect(flow.state.booking.pending).toBe(true);
    expect(api.calls).not.toContain("book");

    flow.setAccountField("username", "Kranich Abendrot");
    flow.setAccountField("password", "ein langes Passwort 7");
    await flow.submitAccount();
    expect(api.calls).toContain("book");
    expect(api.calls).not.toContain("createCase");
    expect(flow.state.step).toBe("booking");
    expect(flow.state.booking).toMatchObject({ view: "booked", bookingId: "b1", pending: false, remind: true, error: null });
    expect(api.bookings[0]).toMatchObject({ remindByEmail: true, agencyId: "a-kiel", token: "tok-Kranich Abendrot" });
    await settle();
    expect(flow.currentBooking).toMatchObject({ bookingId: "b1", phase: "upcoming" });
    expect(await flow.bookingCalendar()).toContain("DTSTART:2026-12-08T15:00:00.000Z");
  });

  it("a slot taken meanwhile: the refusal in words with the fresh slots; picking one of them books it", async () => {
    const api = new InMemoryApi();
    api.slots = { "a-kiel": [slotA, slotB] };
    await api.registerSeeker({ username: "Anna", password: "geheim-genug-1" });
    await api.registerSeeker({ username: "Ben", password: "geheim-genug-1" });
    const { flow } = setup(api);
    await searchKiel(flow);
    flow.pickSearchSlot("a-kiel", slotA);
    await flow.confirmBooking();
    flow.setAccountMode("login");
    flow.setAccountField("username", "Anna");
    flow.setAccountField("password", "geheim-genug-1");
    // Someone else books the same slot before Anna is signed in.
    await api.book("tok-Ben", { agencyId: "a-kiel", topic: "addiction", key: "k-a" });
    await flow.submitAccount();
    expect(flow.state.step).toBe("booking");
    expect(flow.state.booking.view).toBe("confirm");
    expect(flow.state.booking.error).toMatch(/gerade jemand anderes gebucht/);
    expect(flow.state.booking.freshSlots).toEqual([slotB]);
    expect(flow.state.focus.target).toBe("form");

    flow.pickOtherSlot(slotB);
    expect(flow.state.booking).toMatchObject({ slot: slotB, error: null, freshSlots: null });
    await flow.confirmBooking();
    expect(flow.state.booking.view).toBe("booked");
  });

  it("typed refusals in words: one appointment per agency, the daily limit", async () => {
    const api = new InMemoryApi();
    api.slots = { "a-kiel": [slotA, slotB] };
    await api.registerSeeker({ username: "Anna", password: "geheim-genug-1" });
    await api.book("tok-Anna", { agencyId: "a-kiel", topic: "addiction", key: "k-a" });
    const { flow, session } = setup(api);
    session.signIn({ token: "tok-Anna" });
    await flow.start();
    await settle();
    expect(flow.state.bookings).toMatchObject({ status: "ready", value: [{ bookingId: "b1" }] });
    flow.pickCaseSlot("c1", slotB);
    await flow.confirmBooking();
    expect(flow.state.booking.error).toMatch(/schon einen Termin/);
    api.failNext.book = new ApiError(429, "LOTSE_RATE_LIMITED", "limit", []);
    await flow.confirmBooking();
    expect(flow.state.booking.error).toMatch(/morgen wieder/);
  });

  it("cancelling asks first, then offers the free slots to book anew; a started appointment is not cancelled", async () => {
    const api = new InMemoryApi();
    api.slots = { "a-kiel": [slotA, slotB] };
    await api.registerSeeker({ username: "Anna", password: "geheim-genug-1" });
    await api.book("tok-Anna", { agencyId: "a-kiel", topic: "addiction", key: "k-a" });
    const { flow, session } = setup(api);
    session.signIn({ token: "tok-Anna" });
    await flow.start();
    await settle();
    flow.showBooking("b1");
    expect(flow.state.step).toBe("booking");
    expect(flow.state.booking).toMatchObject({ view: "booked", bookingId: "b1", agency: { id: "a-kiel" } });
    flow.askCancelBooking();
    expect(flow.state.booking.confirmCancel).toBe(true);
    expect(flow.state.focus.target).toBe("cancelQuestion");
    flow.keepBooking();
    expect(flow.state.booking.confirmCancel).toBe(false);
    expect(flow.state.focus.target).toBe("cancelButton");
    expect(api.calls).not.toContain("cancelBooking");

    api.bookings[0]!.phase = "running";
    flow.askCancelBooking();
    await flow.cancelBooking();
    expect(flow.state.booking.error).toMatch(/schon begonnen/);
    api.bookings[0]!.phase = "upcoming";
    flow.askCancelBooking();
    await flow.cancelBooking();
    expect(flow.state.booking.view).toBe("cancelled");
    expect(api.bookings[0]!.status).toBe("cancelled");
    expect(flow.state.slots["a-kiel"]).toEqual({ status: "ready", value: [slotA, slotB] });
    flow.pickOtherSlot(slotB);
    await flow.confirmBooking();
    expect(flow.state.booking.view).toBe("booked");
  });

  it("signing in from the landing page forgets a pending booking", async () => {
    const api = new InMemoryApi();
    api.slots = { "a-kiel": [slotA] };
    const { flow } = setup(api);
    await searchKiel(flow);
    flow.pickSearchSlot("a-kiel", slotA);
    await flow.confirmBooking();
    expect(flow.state.booking.pending).toBe(true);
    flow.beginLogin();
    expect(flow.state.booking.pending).toBe(false);
    expect(flow.state.booking.slot).toBeNull();
  });
});

describe("live chat without registration", () => {
  it("offers the live chat only while someone is on duty, and checks the start form", async () => {
    const api = new InMemoryApi();
    const { flow } = setup(api);
    await flow.start();
    expect(flow.state.live.offer).toEqual({ status: "ready", value: [] });
    api.liveTopics = [topics[0]!];
    flow.showLanding();
    await flow.loadLiveOffer();
    expect(flow.state.live.offer).toEqual({ status: "ready", value: [topics[0]] });
    flow.beginLive();
    expect([flow.state.step, flow.state.live.topicId]).toEqual(["live", "debt"]);
    flow.setLiveField("postcode", "123");
    flow.setLiveField("pseudonym", "0171 2345678");
    await flow.startLive();
    expect(Object.keys(flow.state.live.errors).sort()).toEqual(["postcode", "pseudonym"]);
    expect(api.calls).not.toContain("startLive");
    // Nobody on duty for the chosen topic (any more): the refusal is placed at the topic.
    flow.setLiveField("postcode", "");
    flow.setLiveField("pseudonym", "");
    flow.setLiveField("topicId", "addiction");
    await flow.startLive();
    expect(flow.state.live.errors.topicId).toContain("niemand im Live-Chat");
  });

  it("keeps a temporary session in the tab, shows the queue, and forgets everything when the seeker leaves", async () => {
    const api = new InMemoryApi();
    api.liveTopics = [topics[0]!];
    const storage = memoryStorage();
    const { flow } = setup(api, storage);
    await flow.start();
    flow.beginLive();
    await flow.startLive();
    expect(flow.state.step).toBe("liveChat");
    expect(flow.state.live.name).toBe("Stille Möwe 101");
    expect(flow.state.live.chat).toMatchObject({ status: "waiting", position: 1 });
    expect(flow.state.signedIn).toBe(false);
    expect(JSON.parse(storage.getItem("lotse.session")!)).toMatchObject({ token: "live-1", live: { pseudonym: "Stille Möwe 101" } });

    // A reload in the same tab comes back to the live chat.
    const again = setup(api, storage).flow;
    await again.start();
    expect([again.state.step, again.state.live.name]).toEqual(["liveChat", "Stille Möwe 101"]);

    flow.askLeaveLive();
    expect(flow.state.live.confirmLeave).toBe(true);
    await flow.leaveLive();
    expect(api.live.size).toBe(0);
    expect(storage.getItem("lotse.session")).toBeNull();
    expect([flow.state.step, flow.state.farewell]).toEqual(["landing", flow.t.liveEndedLeft]);
  });

  it("'Zugang behalten' needs a valid password and turns the chat into an ordinary signed-in account", async () => {
    const api = new InMemoryApi();
    api.liveTopics = [topics[0]!];
    const storage = memoryStorage();
    const { flow } = setup(api, storage);
    await flow.start();
    flow.beginLive();
    await flow.startLive();
    flow.openLiveKeep(true);
    flow.setLiveKeepField("password", "kurz");
    await flow.keepLiveAccess();
    expect(flow.state.live.keep.errors.password).toBeTruthy();
    expect(api.calls).not.toContain("keepLive");
    flow.setLiveKeepField("password", "ein-langes-passwort");
    await flow.keepLiveAccess();
    expect(api.calls).toContain("keepLive");
    expect(flow.state.signedIn).toBe(true);
    expect(JSON.parse(storage.getItem("lotse.session")!)).toEqual({ token: "live-1", refreshToken: "r-live-1" });
    expect(flow.state.chat.caseId).toBe("live-case-1");
  });

  it("a chat that ended on the server ends in the app too", async () => {
    const api = new InMemoryApi();
    api.liveTopics = [topics[0]!];
    const { flow } = setup(api);
    await flow.start();
    flow.beginLive();
    await flow.startLive();
    api.live.get("live-1")!.status = "ended";
    flow.beginLive(); // any screen; the next state poll ends it
    await (flow as unknown as { start(): Promise<void> }).start();
    expect([flow.state.step, flow.state.farewell]).toEqual(["landing", flow.t.liveEndedClosed]);
  });
});
