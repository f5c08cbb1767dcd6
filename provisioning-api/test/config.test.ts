import { describe, expect, it } from "vitest";
import { ConfigError, DEFAULT_CORS_ORIGINS, loadConfig } from "../src/config.ts";

const base = {
  LOTSE_DATABASE_URL: "postgres://lotse@127.0.0.1:5432/lotse",
  LOTSE_JWT_SECRET: "s".repeat(32),
  LOTSE_HOMESERVER_URL: "http://127.0.0.1:8008/",
  LOTSE_SERVER_NAME: "localhost",
  LOTSE_AS_TOKEN: "as-token",
};

function errorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("serves metrics only when a port is set, on loopback unless told otherwise", () => {
    expect(loadConfig(base).metricsPort).toBeUndefined();
    expect(loadConfig(base).metricsHost).toBe("127.0.0.1");
    expect(loadConfig({ ...base, LOTSE_API_METRICS_PORT: "9101", LOTSE_API_METRICS_HOST: "0.0.0.0" })).toMatchObject({ metricsPort: 9101, metricsHost: "0.0.0.0" });
    expect(errorOf({ ...base, LOTSE_API_METRICS_PORT: "70000" }).message).toContain("LOTSE_API_METRICS_PORT");
  });

  it("applies defaults", () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 8090,
      tokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 14 * 86_400,
      pseudonymQuarantineDays: 90,
      homeserverUrl: "http://127.0.0.1:8008",
      publicHomeserverUrl: "http://127.0.0.1:8008",
      userPrefix: "lotse_",
      corsOrigins: DEFAULT_CORS_ORIGINS,
      rateLimitMax: 10,
      logLevel: "info",
      trustProxy: false,
    });
  });

  it("reads every setting", () => {
    const c = loadConfig({
      ...base,
      LOTSE_API_HOST: "0.0.0.0",
      LOTSE_API_PORT: "9000",
      LOTSE_TOKEN_TTL_SECONDS: "3600",
      LOTSE_PUBLIC_HOMESERVER_URL: "https://matrix.example.org",
      LOTSE_STAFF_HOMESERVER_URL: "https://lotse.example.org",
      LOTSE_USER_PREFIX: "seek_",
      LOTSE_CORS_ORIGINS: "https://a.example, https://b.example:8443",
      LOTSE_RATE_LIMIT_MAX: "1000",
      LOTSE_LOG_LEVEL: "warn",
      LOTSE_API_TRUST_PROXY: "true",
    });
    expect(c).toMatchObject({
      host: "0.0.0.0",
      port: 9000,
      tokenTtlSeconds: 3600,
      publicHomeserverUrl: "https://matrix.example.org",
      staffHomeserverUrl: "https://lotse.example.org",
      userPrefix: "seek_",
      corsOrigins: ["https://a.example", "https://b.example:8443"],
      rateLimitMax: 1000,
      logLevel: "warn",
      trustProxy: true,
    });
  });

  it.each([
    [{ LOTSE_DATABASE_URL: undefined }, "LOTSE_DATABASE_URL"],
    [{ LOTSE_DATABASE_URL: "mysql://x" }, "LOTSE_DATABASE_URL"],
    [{ LOTSE_JWT_SECRET: undefined }, "LOTSE_JWT_SECRET"],
    [{ LOTSE_JWT_SECRET: "short" }, "LOTSE_JWT_SECRET"],
    [{ LOTSE_HOMESERVER_URL: "not a url" }, "LOTSE_HOMESERVER_URL"],
    [{ LOTSE_HOMESERVER_URL: "ftp://x" }, "LOTSE_HOMESERVER_URL"],
    [{ LOTSE_PUBLIC_HOMESERVER_URL: "nope" }, "LOTSE_PUBLIC_HOMESERVER_URL"],
    [{ LOTSE_STAFF_HOMESERVER_URL: "javascript:alert(1)" }, "LOTSE_STAFF_HOMESERVER_URL"],
    [{ LOTSE_SERVER_NAME: "" }, "LOTSE_SERVER_NAME"],
    [{ LOTSE_AS_TOKEN: "  " }, "LOTSE_AS_TOKEN"],
    [{ LOTSE_API_PORT: "80a" }, "LOTSE_API_PORT"],
    [{ LOTSE_API_PORT: "70000" }, "LOTSE_API_PORT"],
    [{ LOTSE_TOKEN_TTL_SECONDS: "-5" }, "LOTSE_TOKEN_TTL_SECONDS"],
    [{ LOTSE_RATE_LIMIT_MAX: "0" }, "LOTSE_RATE_LIMIT_MAX"],
    [{ LOTSE_USER_PREFIX: "Lotse_" }, "LOTSE_USER_PREFIX"],
    [{ LOTSE_CORS_ORIGINS: "https://a.example/path" }, "LOTSE_CORS_ORIGINS"],
    [{ LOTSE_LOG_LEVEL: "loud" }, "LOTSE_LOG_LEVEL"],
    [{ LOTSE_API_TRUST_PROXY: "yes" }, "LOTSE_API_TRUST_PROXY"],
    [{ LOTSE_API_PROT: "8090" }, "LOTSE_API_PROT"],
  ])("rejects %o naming %s", (override, variable) => {
    const e = errorOf({ ...base, ...override });
    expect(e.variable).toBe(variable);
    expect(e.message.startsWith(`${variable}: `)).toBe(true);
  });

  it("ignores other processes' LOTSE_ variables", () => {
    expect(() => loadConfig({ ...base, LOTSE_HS_TOKEN: "x", LOTSE_BOT_LOCALPART: "lotse" })).not.toThrow();
  });
});
