// The console's API client against a scripted fetch: the sign-in sequence (homeserver from the
// trusted list, login, OpenID token, exchange, logout — always), and every failure as its kind.
import { describe, expect, it } from "vitest";
import { createStaffApi, type Fetch, serverNameOf, StaffApiError } from "../src/api.ts";

type Call = { url: string; method: string; auth?: string; body?: unknown };

function scripted(answers: Record<string, (c: Call) => { status: number; body?: unknown } | "network">) {
  const calls: Call[] = [];
  const fetch: Fetch = async (url, init) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const call: Call = { url, method: init?.method ?? "GET", auth: headers.authorization, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const key = Object.keys(answers).find((k) => url.endsWith(k) || url.includes(k));
    const a = key ? answers[key]!(call) : { status: 404 };
    if (a === "network") throw new TypeError("fetch failed");
    return new Response(a.body === undefined ? null : JSON.stringify(a.body), { status: a.status, headers: { "content-type": "application/json" } });
  };
  return { fetch, calls };
}

const trusted = { "/v1/auth/matrix/homeservers": () => ({ status: 200, body: { homeservers: [{ serverName: "beratung.example", baseUrl: "https://matrix.beratung.example/" }] } }) };
const okLogin = { "/_matrix/client/v3/login": () => ({ status: 200, body: { access_token: "mx-token", user_id: "@anna:beratung.example" } }) };
const okOpenId = { "/openid/request_token": () => ({ status: 200, body: { access_token: "oid", token_type: "Bearer", matrix_server_name: "beratung.example", expires_in: 3600 } }) };
const logout = { "/_matrix/client/v3/logout": () => ({ status: 200, body: {} }) };

describe("staff console sign-in", () => {
  it("logs in at the trusted homeserver, exchanges an OpenID token, and logs the Matrix session out again", async () => {
    const { fetch, calls } = scripted({
      ...trusted,
      ...okLogin,
      ...okOpenId,
      ...logout,
      "/v1/auth/matrix": () => ({ status: 200, body: { token: "staff-jwt", userId: "@anna:beratung.example", expiresIn: 900, roles: [{ role: "counselor", agencyId: "a1" }] } }),
    });
    const api = createStaffApi({ fetch, now: () => 1_000 });
    const s = await api.signIn(" @anna:beratung.example ", "geheim");
    expect(s).toEqual({ token: "staff-jwt", userId: "@anna:beratung.example", roles: [{ role: "counselor", agencyId: "a1" }], expiresAt: 1_000 + 900_000 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /v1/auth/matrix/homeservers",
      "POST https://matrix.beratung.example/_matrix/client/v3/login",
      "POST https://matrix.beratung.example/_matrix/client/v3/user/%40anna%3Aberatung.example/openid/request_token",
      "POST /v1/auth/matrix",
      "POST https://matrix.beratung.example/_matrix/client/v3/logout",
    ]);
    expect(calls[1]!.body).toMatchObject({ type: "m.login.password", identifier: { type: "m.id.user", user: "@anna:beratung.example" }, password: "geheim" });
    expect(calls[2]!.auth).toBe("Bearer mx-token");
    expect(calls[3]!.body).toEqual({ access_token: "oid", token_type: "Bearer", matrix_server_name: "beratung.example", expires_in: 3600 });
    expect(calls[4]!.auth).toBe("Bearer mx-token");
    // The password goes to the homeserver only.
    expect(calls.filter((c) => JSON.stringify(c.body ?? "").includes("geheim")).map((c) => c.url)).toEqual(["https://matrix.beratung.example/_matrix/client/v3/login"]);
  });

  it("logs the Matrix session out even when the account has no role", async () => {
    const { fetch, calls } = scripted({ ...trusted, ...okLogin, ...okOpenId, ...logout, "/v1/auth/matrix": () => ({ status: 403, body: { errcode: "LOTSE_FORBIDDEN", error: "no role" } }) });
    await expect(createStaffApi({ fetch }).signIn("@anna:beratung.example", "x")).rejects.toMatchObject({ kind: "no_role" });
    expect(calls.at(-1)!.url).toBe("https://matrix.beratung.example/_matrix/client/v3/logout");
  });

  it("words every failure by kind, asking nothing of an untrusted or malformed server", async () => {
    const kind = async (answers: Parameters<typeof scripted>[0], id = "@anna:beratung.example") => {
      const { fetch } = scripted(answers);
      try {
        await createStaffApi({ fetch }).signIn(id, "x");
        return "signed in";
      } catch (err) {
        return err instanceof StaffApiError ? err.kind : "other";
      }
    };
    expect(await kind({ ...trusted }, "anna")).toBe("bad_matrix_id");
    const { fetch, calls } = scripted({ ...trusted });
    await expect(createStaffApi({ fetch }).signIn("@anna:evil.example", "x")).rejects.toMatchObject({ kind: "untrusted_homeserver" });
    expect(calls.map((c) => c.url)).toEqual(["/v1/auth/matrix/homeservers"]);
    expect(await kind({ ...trusted, "/_matrix/client/v3/login": () => ({ status: 403, body: { errcode: "M_FORBIDDEN" } }) })).toBe("wrong_password");
    expect(await kind({ ...trusted, "/_matrix/client/v3/login": () => "network" })).toBe("homeserver_unreachable");
    expect(await kind({ ...trusted, "/_matrix/client/v3/login": () => ({ status: 429, body: {} }) })).toBe("rate_limited");
  });

  it("after single sign-on: the login token through the same path (OpenID, exchange, logout)", async () => {
    const { fetch, calls } = scripted({
      ...trusted,
      ...okLogin,
      ...okOpenId,
      ...logout,
      "/v1/auth/matrix": () => ({ status: 200, body: { token: "staff-jwt", userId: "@anna:beratung.example", expiresIn: 900, roles: [] } }),
    });
    const s = await createStaffApi({ fetch, now: () => 0 }).signInWithToken("beratung.example", "syl_token");
    expect(s.token).toBe("staff-jwt");
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /v1/auth/matrix/homeservers",
      "POST https://matrix.beratung.example/_matrix/client/v3/login",
      "POST https://matrix.beratung.example/_matrix/client/v3/user/%40anna%3Aberatung.example/openid/request_token",
      "POST /v1/auth/matrix",
      "POST https://matrix.beratung.example/_matrix/client/v3/logout",
    ]);
    expect(calls[1]!.body).toMatchObject({ type: "m.login.token", token: "syl_token" });
  });

  it("words single sign-on failures: used or expired token, no SSO, untrusted server", async () => {
    const kind = async (answers: Parameters<typeof scripted>[0], server = "beratung.example") => {
      try {
        await createStaffApi({ fetch: scripted(answers).fetch }).signInWithToken(server, "t");
        return "signed in";
      } catch (err) {
        return err instanceof StaffApiError ? err.kind : "other";
      }
    };
    expect(await kind({ ...trusted, "/_matrix/client/v3/login": () => ({ status: 403, body: { errcode: "M_FORBIDDEN", error: "Invalid login token" } }) })).toBe("sso_expired");
    expect(await kind({ ...trusted, "/_matrix/client/v3/login": () => ({ status: 400, body: { errcode: "M_UNKNOWN", error: "Unknown login type" } }) })).toBe("sso_unavailable");
    expect(await kind({ ...trusted }, "evil.example")).toBe("untrusted_homeserver");
  });

  it("reads the homeserver's login options and builds the SSO redirect to the console", async () => {
    const flows = (body: unknown) => scripted({ ...trusted, "/_matrix/client/v3/login": () => ({ status: 200, body }) }).fetch;
    const named = createStaffApi({ fetch: flows({ flows: [{ type: "m.login.password" }, { type: "m.login.sso", identity_providers: [{ id: "oidc-traeger", name: "Träger-Login" }, { id: "cas" }] }, { type: "m.login.token" }] }) });
    expect(await named.loginOptions("beratung.example")).toEqual({
      serverName: "beratung.example",
      password: true,
      sso: [
        { id: "oidc-traeger", name: "Träger-Login" },
        { id: "cas", name: null },
      ],
    });
    expect(await named.ssoRedirectUrl("beratung.example", { id: "oidc-traeger", name: "Träger-Login" }, "https://beratung.example/konsole/")).toBe(
      "https://matrix.beratung.example/_matrix/client/v3/login/sso/redirect/oidc-traeger?redirectUrl=https%3A%2F%2Fberatung.example%2Fkonsole%2F",
    );
    const unnamed = createStaffApi({ fetch: flows({ flows: [{ type: "m.login.sso" }] }) });
    expect(await unnamed.loginOptions("beratung.example")).toEqual({ serverName: "beratung.example", password: false, sso: [{ id: null, name: null }] });
    expect(await unnamed.ssoRedirectUrl("beratung.example", { id: null, name: null }, "https://x.example/")).toBe(
      "https://matrix.beratung.example/_matrix/client/v3/login/sso/redirect?redirectUrl=https%3A%2F%2Fx.example%2F",
    );
    const passwordOnly = createStaffApi({ fetch: flows({ flows: [{ type: "m.login.password" }] }) });
    expect((await passwordOnly.loginOptions("beratung.example")).sso).toEqual([]);
  });

  it("reads the server name of a Matrix ID", () => {
    expect(serverNameOf("@anna:beratung.example")).toBe("beratung.example");
    expect(serverNameOf("@anna:localhost:8448")).toBe("localhost:8448");
    expect(serverNameOf("anna")).toBeUndefined();
    expect(serverNameOf("@anna")).toBeUndefined();
  });
});

describe("staff routes", () => {
  const session = { token: "jwt", userId: "@anna:x", roles: [], expiresAt: 10_000 };
  it("sends the staff token and maps refusals and expiry", async () => {
    const { fetch, calls } = scripted({
      "/v1/staff/cases/7/take": () => ({ status: 409, body: { errcode: "LOTSE_CONFLICT", error: "Case #7 is already taken by Ben." } }),
      "/v1/staff/cases": () => ({ status: 200, body: [] }),
      "/v1/staff/absence": () => ({ status: 401, body: { errcode: "LOTSE_UNAUTHORIZED" } }),
    });
    const api = createStaffApi({ fetch, now: () => 5_000 });
    expect(await api.cases(session)).toEqual([]);
    expect(calls[0]!.auth).toBe("Bearer jwt");
    await expect(api.act(session, 7, "take")).rejects.toMatchObject({ kind: "refused", status: 409, errcode: "LOTSE_CONFLICT" });
    await expect(api.setAbsence(session, "Urlaub")).rejects.toMatchObject({ kind: "expired" });
    // An expired session asks nothing.
    const n = calls.length;
    await expect(createStaffApi({ fetch, now: () => 20_000 }).cases(session)).rejects.toMatchObject({ kind: "expired" });
    expect(calls.length).toBe(n);
  });
});
