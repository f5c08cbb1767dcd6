import { describe, expect, it } from "vitest";
import {
  ApiError,
  apiErrorFromBody,
  CLIENT_BAD_RESPONSE,
  CLIENT_NETWORK_ERROR,
} from "../src/api/ApiError.ts";
import { createLotseApi } from "../src/api/lotseApi.ts";

type Call = { url: string; init: RequestInit };

/** A fetch that answers every call with one fixed response and records what it was asked. */
function answering(status: number, body: string, calls: Call[] = []): typeof fetch {
  return async (input, init) => {
    calls.push({ url: String(input), init: init ?? {} });
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  };
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error("expected the call to fail");
}

describe("apiErrorFromBody", () => {
  it("takes errcode and error from the API's error body", () => {
    const err = apiErrorFromBody(
      409,
      JSON.stringify({ errcode: "LOTSE_USERNAME_TAKEN", error: "Username taken" }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, errcode: "LOTSE_USERNAME_TAKEN", error: "Username taken" });
  });

  it("keeps an errcode whose error text is missing", () => {
    expect(apiErrorFromBody(400, '{"errcode":"LOTSE_X"}')).toMatchObject({
      status: 400,
      errcode: "LOTSE_X",
      error: "",
    });
  });

  it.each([
    ["an HTML page", "<html>Bad Gateway</html>"],
    ["an empty body", ""],
    ["JSON without errcode", '{"message":"nope"}'],
    ["a JSON array", "[]"],
  ])("turns %s into CLIENT_BAD_RESPONSE with the status", (_label, body) => {
    expect(apiErrorFromBody(502, body)).toMatchObject({ status: 502, errcode: CLIENT_BAD_RESPONSE });
  });
});

describe("createLotseApi", () => {
  it("lists agencies with topic and postcode as query parameters", async () => {
    const calls: Call[] = [];
    const api = createLotseApi({
      baseUrl: "https://api.example/",
      fetch: answering(200, '[{"id":"a1","name":"Beratung Nord","city":"Kiel"}]', calls),
    });
    const agencies = await api.findAgencies({ topic: "addiction", postcode: "24103" });
    expect(agencies).toEqual([{ id: "a1", name: "Beratung Nord", city: "Kiel" }]);
    expect(calls[0]?.url).toBe("https://api.example/v1/agencies?topic=addiction&postcode=24103");
    expect(calls[0]?.init.method).toBe("GET");
  });

  it("sends JSON bodies and the bearer token", async () => {
    const calls: Call[] = [];
    const api = createLotseApi({
      baseUrl: "",
      fetch: answering(201, '{"caseId":"c1","roomId":null,"status":"new"}', calls),
    });
    const created = await api.createCase("tok", { topic: "debt", agencyId: "a1" });
    expect(created).toEqual({ caseId: "c1", roomId: null, status: "new" });
    const call = calls[0];
    expect(call?.url).toBe("/v1/cases");
    const headers = call?.init.headers as Record<string, string>;
    expect(headers.authorization).toBe("Bearer tok");
    expect(headers["content-type"]).toBe("application/json");
    expect(JSON.parse(String(call?.init.body))).toEqual({ topic: "debt", agencyId: "a1" });
  });

  it("exchanges a refresh token and ends a sign-in without the access token", async () => {
    const calls: Call[] = [];
    const api = createLotseApi({
      baseUrl: "https://api.example",
      fetch: answering(200, '{"token":"t2","expiresIn":900,"refreshToken":"r2","refreshExpiresIn":1209600}', calls),
    });
    expect(await api.refreshSession("r1")).toMatchObject({ token: "t2", refreshToken: "r2" });
    expect(calls[0]?.url).toBe("https://api.example/v1/auth/refresh");
    expect(calls[0]?.init.method).toBe("POST");
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ refreshToken: "r1" });
    expect(calls[0]?.init.headers).not.toHaveProperty("authorization");
    const ended: Call[] = [];
    await createLotseApi({ baseUrl: "", fetch: async (input, init) => (ended.push({ url: String(input), init: init ?? {} }), new Response(null, { status: 204 })) }).logout("r2");
    expect(ended[0]?.url).toBe("/v1/auth/logout");
    expect(JSON.parse(String(ended[0]?.init.body))).toEqual({ refreshToken: "r2" });
  });

  it("sends no Authorization header on public routes", async () => {
    const calls: Call[] = [];
    const api = createLotseApi({ baseUrl: "", fetch: answering(200, "[]", calls) });
    await api.listTopics();
    expect(calls[0]?.init.headers).not.toHaveProperty("authorization");
  });

  it("rejects with the API's typed error", async () => {
    const api = createLotseApi({
      baseUrl: "",
      fetch: answering(401, '{"errcode":"LOTSE_BAD_CREDENTIALS","error":"Wrong username or password"}'),
    });
    const err = await rejection(api.login({ username: "Anna", password: "x" }));
    expect(err).toMatchObject({ status: 401, errcode: "LOTSE_BAD_CREDENTIALS" });
  });

  it("reports a failed connection as CLIENT_NETWORK_ERROR with status 0", async () => {
    const api = createLotseApi({
      baseUrl: "",
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    });
    const err = await rejection(api.listTopics());
    expect(err).toMatchObject({ status: 0, errcode: CLIENT_NETWORK_ERROR, error: "Failed to fetch" });
  });

  it("reports a success response that is not JSON, or not a list where one is due", async () => {
    const notJson = createLotseApi({ baseUrl: "", fetch: answering(200, "<html></html>") });
    expect(await rejection(notJson.listTopics())).toMatchObject({ errcode: CLIENT_BAD_RESPONSE });
    const notList = createLotseApi({ baseUrl: "", fetch: answering(200, "{}") });
    expect(await rejection(notList.listCases("tok"))).toMatchObject({ errcode: CLIENT_BAD_RESPONSE });
  });
  it("lists groups without a token and joins, asks for and ends a private word with one", async () => {
    const calls: Call[] = [];
    const group = {
      groupId: "g1", ref: "G-1", title: "Abends reden", topic: { id: "debt", name: { de: "Schulden", en: "Debt" } },
      agencyId: "a1", description: "d", rules: "r", phase: "open", startsAt: "2026-11-22T09:00:00.000Z",
      endsAt: "2026-11-22T10:00:00.000Z", durationMinutes: 60, repeatWeekly: true, maxParticipants: 8, seatsLeft: 3, encrypted: true,
    };
    const list = createLotseApi({ baseUrl: "https://api.example", fetch: answering(200, JSON.stringify([group]), calls) });
    expect(await list.listGroups()).toEqual([group]);
    expect(calls[0]?.url).toBe("https://api.example/v1/groups");
    expect(calls[0]?.init.method).toBe("GET");
    expect(calls[0]?.init.headers).not.toHaveProperty("authorization");

    const joined: Call[] = [];
    const api = createLotseApi({ baseUrl: "", fetch: answering(200, '{"roomId":"!r:x"}', joined) });
    expect(await api.joinGroup("tok", "g 1")).toEqual({ roomId: "!r:x" });
    expect(await api.openWhisper("tok", "g1")).toEqual({ roomId: "!r:x" });
    expect(joined.map((c) => [c.url, c.init.method, (c.init.headers as Record<string, string>).authorization])).toEqual([
      ["/v1/groups/g%201/join", "POST", "Bearer tok"],
      ["/v1/groups/g1/whisper", "POST", "Bearer tok"],
    ]);

    const ended: Call[] = [];
    const noContent: typeof fetch = async (input, init) => (ended.push({ url: String(input), init: init ?? {} }), new Response(null, { status: 204 }));
    await expect(createLotseApi({ baseUrl: "", fetch: noContent }).endWhisper("tok", "g1")).resolves.toBeUndefined();
    expect(ended[0]?.url).toBe("/v1/groups/g1/whisper/end");
    expect(ended[0]?.init.method).toBe("POST");
  });

  it("reports a full group with its errcode", async () => {
    const api = createLotseApi({ baseUrl: "", fetch: answering(409, '{"errcode":"LOTSE_GROUP_FULL","error":"full"}') });
    expect(await rejection(api.joinGroup("tok", "g1"))).toMatchObject({ status: 409, errcode: "LOTSE_GROUP_FULL" });
    const notList = createLotseApi({ baseUrl: "", fetch: answering(200, "{}") });
    expect(await rejection(notList.listGroups())).toMatchObject({ errcode: CLIENT_BAD_RESPONSE });
  });
});

describe("createLotseApi, chat appointments", () => {
  const slot = { key: "k1", startsAt: "2026-12-08T15:00:00.000Z", endsAt: "2026-12-08T15:45:00.000Z", timeZone: "Europe/Berlin" };

  it("lists an agency's free slots without a token", async () => {
    const calls: Call[] = [];
    const api = createLotseApi({ baseUrl: "", fetch: answering(200, JSON.stringify([slot]), calls) });
    expect(await api.listSlots("a/1", 3)).toEqual([slot]);
    expect(calls[0]!.url).toBe("/v1/agencies/a%2F1/slots?limit=3");
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it("a refused booking carries the next free slots on the ApiError", async () => {
    const body = JSON.stringify({ errcode: "LOTSE_SLOT_TAKEN", error: "taken", nextSlots: [slot] });
    const api = createLotseApi({ baseUrl: "", fetch: answering(409, body) });
    const err = await rejection(api.book("tok", { agencyId: "a", topic: "t", key: "k0", remindByEmail: true }));
    expect(err).toMatchObject({ status: 409, errcode: "LOTSE_SLOT_TAKEN", nextSlots: [slot] });
    expect(apiErrorFromBody(400, '{"errcode":"LOTSE_X"}').nextSlots).toBeUndefined();
  });

  it("fetches the calendar file as text with the token in the header, never in the address", async () => {
    const calls: Call[] = [];
    const ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n";
    const api = createLotseApi({ baseUrl: "https://api.example", fetch: answering(200, ics, calls) });
    expect(await api.bookingCalendar("secret-token", "b1")).toBe(ics);
    expect(calls[0]!.url).toBe("https://api.example/v1/bookings/b1/calendar.ics");
    expect(calls[0]!.url).not.toContain("secret-token");
    expect((calls[0]!.init.headers as Record<string, string>).authorization).toBe("Bearer secret-token");
  });

  it("cancels with DELETE and accepts the empty 204", async () => {
    const calls: Call[] = [];
    const api = createLotseApi({ baseUrl: "", fetch: async (input, init) => (calls.push({ url: String(input), init: init ?? {} }), new Response(null, { status: 204 })) });
    await expect(api.cancelBooking("tok", "b1")).resolves.toBeUndefined();
    expect(calls[0]).toMatchObject({ url: "/v1/bookings/b1", init: { method: "DELETE" } });
  });
});
