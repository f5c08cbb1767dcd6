// Staff sign-in configuration: the trusted homeserver map and the staff token lifetime.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { staffTokenKey } from "../src/plugins/staffAuth.ts";
import { serverNameOf } from "../src/routes/authMatrix.ts";

const base = {
  LOTSE_DATABASE_URL: "postgres://lotse@127.0.0.1:5432/lotse",
  LOTSE_JWT_SECRET: "s".repeat(32),
  LOTSE_HOMESERVER_URL: "http://127.0.0.1:8008/",
  LOTSE_SERVER_NAME: "localhost",
  LOTSE_AS_TOKEN: "as-token",
};

function variableOf(env: Record<string, string>): string {
  try {
    loadConfig({ ...base, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err.variable;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("staff sign-in config", () => {
  it("trusts only the platform's own homeserver by default; 15-minute staff tokens", () => {
    const c = loadConfig(base);
    expect({ ...c.trustedHomeservers }).toEqual({ localhost: "http://127.0.0.1:8008" });
    expect(c.staffTokenTtlSeconds).toBe(900);
  });

  it("reads a list of server names with their base URLs", () => {
    const c = loadConfig({
      ...base,
      LOTSE_TRUSTED_HOMESERVERS: "lotse.example=https://matrix.lotse.example/, agency.example:8448=https://hs.agency.example:8448",
      LOTSE_STAFF_TOKEN_TTL_SECONDS: "600",
    });
    expect({ ...c.trustedHomeservers }).toEqual({
      "lotse.example": "https://matrix.lotse.example",
      "agency.example:8448": "https://hs.agency.example:8448",
    });
    expect(c.staffTokenTtlSeconds).toBe(600);
    // No prototype keys leak into the map.
    expect(Object.hasOwn(c.trustedHomeservers, "__proto__")).toBe(false);
    expect(c.trustedHomeservers["constructor"]).toBeUndefined();
  });

  it.each([
    ["no equals sign", { LOTSE_TRUSTED_HOMESERVERS: "lotse.example" }],
    ["not a URL", { LOTSE_TRUSTED_HOMESERVERS: "lotse.example=matrix" }],
    ["ftp URL", { LOTSE_TRUSTED_HOMESERVERS: "lotse.example=ftp://x" }],
    ["bad server name", { LOTSE_TRUSTED_HOMESERVERS: "lotse example=https://x" }],
    ["empty list", { LOTSE_TRUSTED_HOMESERVERS: " , " }],
    ["TTL too short", { LOTSE_STAFF_TOKEN_TTL_SECONDS: "10" }],
  ])("%s → ConfigError naming the variable", (_label, env) => {
    expect(variableOf(env)).toBe(Object.keys(env)[0]);
  });

  it("derives a staff signing key different from the seeker secret", () => {
    const secret = "s".repeat(32);
    expect(staffTokenKey(secret)).not.toBe(secret);
    expect(staffTokenKey(secret)).toBe(staffTokenKey(secret));
    expect(staffTokenKey(secret)).not.toBe(staffTokenKey("t".repeat(32)));
  });

  it("takes the server name of a user id after the first colon", () => {
    expect(serverNameOf("@anna:localhost")).toBe("localhost");
    expect(serverNameOf("@anna:agency.example:8448")).toBe("agency.example:8448");
    expect(serverNameOf("anna")).toBeUndefined();
  });
});
