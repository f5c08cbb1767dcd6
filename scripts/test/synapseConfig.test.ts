import { describe, expect, it } from "vitest";
import { appserviceRegistration, homeserverConfig, type SynapseConfigInput } from "../src/synapseConfig.ts";

const input: SynapseConfigInput = {
  serverName: "beratung.example.org",
  port: 8008,
  dataPath: "/data",
  publicBaseUrl: "https://matrix.beratung.example.org/",
  database: { host: "db", port: 5432, user: "synapse", password: "pw", database: "synapse" },
  appservice: { url: "http://bridge:9000", asToken: "as", hsToken: "hs", senderLocalpart: "lotse", userPrefix: "lotse_" },
  registrationSharedSecret: "rss",
  macaroonSecretKey: "mac",
  formSecret: "form",
  testRateLimits: false,
};

describe("appservice registration", () => {
  it("claims the seeker and alias namespaces exclusively, with the server name escaped", () => {
    const reg = appserviceRegistration(input);
    expect(reg.namespaces.users).toEqual([{ exclusive: true, regex: "@lotse_.*:beratung\\.example\\.org" }]);
    expect(reg.namespaces.aliases).toEqual([{ exclusive: true, regex: "#lotse_.*:beratung\\.example\\.org" }]);
    const users = new RegExp(`^${reg.namespaces.users[0]!.regex}$`);
    expect(users.test("@lotse_abc:beratung.example.org")).toBe(true);
    expect(users.test("@lotse_abc:beratungXexample.org")).toBe(false);
    expect(users.test("@anna:beratung.example.org")).toBe(false);
  });
});

describe("homeserver config", () => {
  it("keeps registration closed and privacy-relevant features off", () => {
    const c = homeserverConfig(input);
    expect(c.enable_registration).toBe(false);
    expect(c.url_preview_enabled).toBe(false);
    expect(c.presence).toEqual({ enabled: false });
    expect(c.app_service_config_files).toEqual(["/data/appservice.yaml"]);
  });
  it("has no single sign-on unless asked (only the SSO browser test): CAS and the client whitelist", () => {
    expect(homeserverConfig(input).cas_config).toBeUndefined();
    expect(homeserverConfig(input).sso).toBeUndefined();
    const c = homeserverConfig({ ...input, sso: { cas: { serverUrl: "http://127.0.0.1:4000", idpName: "Träger" }, clientWhitelist: ["http://127.0.0.1:8081/"] } });
    expect(c.cas_config).toMatchObject({ enabled: true, server_url: "http://127.0.0.1:4000", idp_name: "Träger" });
    expect(c.sso).toEqual({ client_whitelist: ["http://127.0.0.1:8081/"] });
  });
  it("raises rate limits only when asked (tests), never by default", () => {
    expect(homeserverConfig(input).rc_message).toBeUndefined();
    expect(homeserverConfig({ ...input, testRateLimits: true }).rc_message).toEqual({
      per_second: 10_000,
      burst_count: 100_000,
    });
  });
});
