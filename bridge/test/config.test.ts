import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

const base = {
  LOTSE_DATABASE_URL: "postgres://lotse@127.0.0.1:5432/lotse",
  LOTSE_HOMESERVER_URL: "http://127.0.0.1:8008/",
  LOTSE_SERVER_NAME: "localhost",
  LOTSE_AS_TOKEN: "as-token-aaaaaaaaaaaaaaaa",
  LOTSE_HS_TOKEN: "hs-token-bbbbbbbbbbbbbbbb",
};

function problemsOf(env: Record<string, string | undefined>): Record<string, string> {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return Object.fromEntries((err as ConfigError).problems.map((p) => [p.variable, p.message]));
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("serves metrics only when a port is set, on loopback unless told otherwise", () => {
    expect(loadConfig(base).metrics).toBeUndefined();
    expect(loadConfig({ ...base, LOTSE_BRIDGE_METRICS_PORT: "9102" }).metrics).toEqual({ host: "127.0.0.1", port: 9102 });
    expect(loadConfig({ ...base, LOTSE_BRIDGE_METRICS_PORT: "9102", LOTSE_BRIDGE_METRICS_HOST: "0.0.0.0" }).metrics).toEqual({ host: "0.0.0.0", port: 9102 });
    expect(problemsOf({ ...base, LOTSE_BRIDGE_METRICS_PORT: "70000" })).toHaveProperty("LOTSE_BRIDGE_METRICS_PORT");
    expect(problemsOf({ ...base, LOTSE_BRIDGE_METRICS_PORT: "abc" })).toHaveProperty("LOTSE_BRIDGE_METRICS_PORT");
  });

  it("applies the documented defaults", () => {
    const c = loadConfig(base);
    expect(c).toEqual({
      databaseUrl: base.LOTSE_DATABASE_URL,
      homeserverUrl: "http://127.0.0.1:8008",
      serverName: "localhost",
      asToken: base.LOTSE_AS_TOKEN,
      hsToken: base.LOTSE_HS_TOKEN,
      appservice: { host: "127.0.0.1", port: 9000 },
      botLocalpart: "lotse",
      userPrefix: "lotse_",
      dataDir: undefined,
      jobs: { pollMs: 2000, concurrency: 4 },
      reminders: { thresholdsHours: [24, 44], scanMs: 60_000 },
      mail: undefined,
      logLevel: "info",
    });
  });

  it("reads reminder thresholds and rejects bad ones", () => {
    expect(loadConfig({ ...base, LOTSE_REMINDER_HOURS: "44, 24,24", LOTSE_REMINDER_SCAN_MS: "5000" }).reminders).toEqual({ thresholdsHours: [24, 44], scanMs: 5000 });
    expect(() => loadConfig({ ...base, LOTSE_REMINDER_HOURS: "24,x" })).toThrow(/LOTSE_REMINDER_HOURS/);
    expect(() => loadConfig({ ...base, LOTSE_REMINDER_HOURS: "0" })).toThrow(/LOTSE_REMINDER_HOURS/);
  });

  it("reads every optional variable", () => {
    const c = loadConfig({
      ...base,
      LOTSE_APPSERVICE_HOST: "0.0.0.0",
      LOTSE_APPSERVICE_PORT: "9100",
      LOTSE_BOT_LOCALPART: "lotsebot",
      LOTSE_USER_PREFIX: "lx_",
      LOTSE_BRIDGE_DATA_DIR: "/var/lib/lotse",
      LOTSE_JOB_POLL_MS: "500",
      LOTSE_JOB_CONCURRENCY: "8",
      LOTSE_LOG_LEVEL: "DEBUG",
    });
    expect(c.appservice).toEqual({ host: "0.0.0.0", port: 9100 });
    expect(c.botLocalpart).toBe("lotsebot");
    expect(c.userPrefix).toBe("lx_");
    expect(c.dataDir).toBe("/var/lib/lotse");
    expect(c.jobs).toEqual({ pollMs: 500, concurrency: 8 });
    expect(c.logLevel).toBe("debug");
  });

  it("names every missing required variable at once", () => {
    expect(Object.keys(problemsOf({})).sort()).toEqual([
      "LOTSE_AS_TOKEN",
      "LOTSE_DATABASE_URL",
      "LOTSE_HOMESERVER_URL",
      "LOTSE_HS_TOKEN",
      "LOTSE_SERVER_NAME",
    ]);
  });

  it("rejects malformed values and names the variable", () => {
    const p = problemsOf({
      ...base,
      LOTSE_DATABASE_URL: "mysql://x/y",
      LOTSE_HOMESERVER_URL: "not a url",
      LOTSE_SERVER_NAME: "bad name!",
      LOTSE_APPSERVICE_PORT: "70000",
      LOTSE_JOB_POLL_MS: "2s",
      LOTSE_JOB_CONCURRENCY: "0",
      LOTSE_LOG_LEVEL: "loud",
      LOTSE_USER_PREFIX: "Lotse_",
    });
    expect(Object.keys(p).sort()).toEqual([
      "LOTSE_APPSERVICE_PORT",
      "LOTSE_DATABASE_URL",
      "LOTSE_HOMESERVER_URL",
      "LOTSE_JOB_CONCURRENCY",
      "LOTSE_JOB_POLL_MS",
      "LOTSE_LOG_LEVEL",
      "LOTSE_SERVER_NAME",
      "LOTSE_USER_PREFIX",
    ]);
  });

  it("never echoes a token in its messages", () => {
    const err = (() => {
      try {
        loadConfig({ ...base, LOTSE_AS_TOKEN: "short secret", LOTSE_HS_TOKEN: "short secret" });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(err.message).not.toContain("short secret");
    expect(err.problems.map((p) => p.variable)).toContain("LOTSE_AS_TOKEN");
  });

  it("rejects equal as and hs tokens", () => {
    expect(problemsOf({ ...base, LOTSE_HS_TOKEN: base.LOTSE_AS_TOKEN })).toHaveProperty("LOTSE_HS_TOKEN");
  });

  it("keeps the bot outside the seekers' user namespace", () => {
    expect(problemsOf({ ...base, LOTSE_BOT_LOCALPART: "lotse_bot" })).toHaveProperty("LOTSE_BOT_LOCALPART");
  });
});
