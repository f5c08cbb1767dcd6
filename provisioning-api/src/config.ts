// The API's configuration: one typed schema, read from environment variables and validated at
// start-up. Every error names the variable, so a misconfigured deployment fails loudly and early.

import { defaultCaseOpeningLimit, defaultRetentionPolicy } from "@lotse/policies";

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const logLevels: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export type ApiConfig = {
  /** LOTSE_DATABASE_URL */
  databaseUrl: string;
  /** LOTSE_API_HOST, default 127.0.0.1 */
  host: string;
  /** LOTSE_API_PORT, default 8090 */
  port: number;
  /** LOTSE_JWT_SECRET, at least 32 characters (HS256). */
  jwtSecret: string;
  /** LOTSE_TOKEN_TTL_SECONDS: lifetime of seekers' access JWTs, default 900 (15 min). */
  tokenTtlSeconds: number;
  /** LOTSE_REFRESH_TOKEN_TTL_SECONDS: lifetime of a refresh token (renewed by each rotation), default 14 days. */
  refreshTokenTtlSeconds: number;
  /** LOTSE_PSEUDONYM_QUARANTINE_DAYS: a deleted account's pseudonym is blocked this long (default: policies' retention). */
  pseudonymQuarantineDays: number;
  /** LOTSE_HOMESERVER_URL: where the API reaches Synapse. */
  homeserverUrl: string;
  /** LOTSE_PUBLIC_HOMESERVER_URL: what clients are told; default = homeserverUrl. */
  publicHomeserverUrl: string;
  /**
   * LOTSE_STAFF_HOMESERVER_URL: where the staff console's browser reaches this platform's own
   * homeserver (its entry in `GET /v1/auth/matrix/homeservers`); unset = the trusted list's URL,
   * which in production is the compose network's internal address the browser cannot reach.
   */
  staffHomeserverUrl: string | null;
  /**
   * LOTSE_SYNAPSE_ADMIN_TOKEN: a Synapse server admin's access token; with it an erased seeker's
   * uploads are deleted from the homeserver (unset: they stay, a warning at start-up), and the live
   * chat without registration is offered (an ended chat's room is deleted at once; unset: no live chat).
   */
  synapseAdminToken?: string | null;
  /** LOTSE_SERVER_NAME */
  serverName: string;
  /** LOTSE_AS_TOKEN: the appservice token (registers and logs in seekers' Matrix users). */
  asToken: string;
  /** LOTSE_USER_PREFIX, default "lotse_". */
  userPrefix: string;
  /** LOTSE_CORS_ORIGINS, comma list. */
  corsOrigins: string[];
  /** LOTSE_RATE_LIMIT_MAX: login/registration requests per client per minute, default 10. */
  rateLimitMax: number;
  /** Cases one seeker may open within 24 hours (per-account limit; the per-IP limit is rateLimitMax). */
  casesPerSeekerPerDay: number;
  /** LOTSE_LOG_LEVEL, default info. */
  logLevel: LogLevel;
  /** LOTSE_HOMESERVER_TIMEOUT_MS: per request to the homeserver, default 5000. */
  homeserverTimeoutMs: number;
  /** LOTSE_API_TRUST_PROXY: trust X-Forwarded-For (behind the reverse proxy), default false. */
  trustProxy: boolean;
  /**
   * LOTSE_TRUSTED_HOMESERVERS: "server.name=https://base,other=https://…". Staff sign-in verifies
   * OpenID tokens only against these bases (never a URL derived from a request). Default: this
   * platform's own homeserver (LOTSE_SERVER_NAME → LOTSE_HOMESERVER_URL).
   */
  trustedHomeservers: Record<string, string>;
  /** LOTSE_STAFF_TOKEN_TTL_SECONDS: lifetime of staff JWTs, default 900 (15 min). */
  staffTokenTtlSeconds: number;
  /** LOTSE_PUBLIC_WEB_URL: the seeker app's address (the link in an appointment's calendar file); unset = no link. */
  publicWebUrl: string | undefined;
  /** LOTSE_API_METRICS_PORT: Prometheus metrics on their own listener (GET /metrics); unset = off. */
  metricsPort: number | undefined;
  /** LOTSE_API_METRICS_HOST, default 127.0.0.1: keep the metrics listener off the public network. */
  metricsHost: string;
  /** LOTSE_API_LIVE_SWEEP_MS: how often ended and idle live chats are looked for and erased, default 15000. */
  liveSweepMs: number;
};

export type Env = Readonly<Record<string, string | undefined>>;

/** A configuration error naming the offending environment variable. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

const knownVariables = [
  "LOTSE_DATABASE_URL",
  "LOTSE_API_HOST",
  "LOTSE_API_PORT",
  "LOTSE_API_METRICS_PORT",
  "LOTSE_API_METRICS_HOST",
  "LOTSE_API_LIVE_SWEEP_MS",
  "LOTSE_JWT_SECRET",
  "LOTSE_TOKEN_TTL_SECONDS",
  "LOTSE_REFRESH_TOKEN_TTL_SECONDS",
  "LOTSE_PSEUDONYM_QUARANTINE_DAYS",
  "LOTSE_HOMESERVER_URL",
  "LOTSE_PUBLIC_HOMESERVER_URL",
  "LOTSE_SERVER_NAME",
  "LOTSE_AS_TOKEN",
  "LOTSE_USER_PREFIX",
  "LOTSE_CORS_ORIGINS",
  "LOTSE_RATE_LIMIT_MAX",
  "LOTSE_LOG_LEVEL",
  "LOTSE_HOMESERVER_TIMEOUT_MS",
  "LOTSE_API_TRUST_PROXY",
  "LOTSE_TRUSTED_HOMESERVERS",
  "LOTSE_STAFF_TOKEN_TTL_SECONDS",
  "LOTSE_PUBLIC_WEB_URL",
  "LOTSE_SYNAPSE_ADMIN_TOKEN",
] as const;

export const DEFAULT_CORS_ORIGINS = ["http://127.0.0.1:8080", "http://localhost:8080"];

function raw(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === "" ? undefined : v;
}

function required(env: Env, name: string): string {
  const v = raw(env, name);
  if (v === undefined) throw new ConfigError(name, "is required");
  return v;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const v = raw(env, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v)) throw new ConfigError(name, `must be an integer, got "${v}"`);
  const n = Number(v);
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}`);
  return n;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const v = raw(env, name);
  if (v === undefined) return fallback;
  if (v === "true" || v === "1") return true;
  if (v === "false" || v === "0") return false;
  throw new ConfigError(name, `must be true or false, got "${v}"`);
}

function httpUrl(name: string, v: string): string {
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError(name, "must be an http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new ConfigError(name, "must be an http(s) URL");
  }
  // Without trailing slash, so paths can be appended.
  return v.replace(/\/+$/, "");
}

function trustedHomeservers(env: Env, serverName: string, homeserverUrl: string): Record<string, string> {
  const name = "LOTSE_TRUSTED_HOMESERVERS";
  const v = raw(env, name);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (v === undefined) {
    out[serverName] = homeserverUrl;
    return out;
  }
  for (const entry of v.split(",").map((s) => s.trim()).filter((s) => s !== "")) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new ConfigError(name, `"${entry}" is not server.name=https://base`);
    const server = entry.slice(0, eq).trim();
    if (!/^[A-Za-z0-9.:\-[\]]+$/.test(server)) throw new ConfigError(name, `"${server}" is not a valid Matrix server name`);
    out[server] = httpUrl(name, entry.slice(eq + 1).trim());
  }
  if (Object.keys(out).length === 0) throw new ConfigError(name, "lists no homeserver");
  return out;
}

/** Reads and validates the configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env): ApiConfig {
  // LOTSE_API_* belongs to this process alone, so an unknown one is almost surely a typo.
  for (const key of Object.keys(env)) {
    if (key.startsWith("LOTSE_API_") && !(knownVariables as readonly string[]).includes(key)) {
      throw new ConfigError(key, "is not a known setting of the provisioning API");
    }
  }

  const databaseUrl = required(env, "LOTSE_DATABASE_URL");
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError("LOTSE_DATABASE_URL", "must be a postgres:// URL");
  }

  const jwtSecret = required(env, "LOTSE_JWT_SECRET");
  if (jwtSecret.length < 32) {
    throw new ConfigError("LOTSE_JWT_SECRET", "must have at least 32 characters");
  }

  const homeserverUrl = httpUrl("LOTSE_HOMESERVER_URL", required(env, "LOTSE_HOMESERVER_URL"));
  const publicRaw = raw(env, "LOTSE_PUBLIC_HOMESERVER_URL");
  const publicHomeserverUrl =
    publicRaw === undefined ? homeserverUrl : httpUrl("LOTSE_PUBLIC_HOMESERVER_URL", publicRaw);

  const staffRaw = raw(env, "LOTSE_STAFF_HOMESERVER_URL");
  const staffHomeserverUrl = staffRaw === undefined ? null : httpUrl("LOTSE_STAFF_HOMESERVER_URL", staffRaw);

  const serverName = required(env, "LOTSE_SERVER_NAME");
  if (!/^[A-Za-z0-9.:\-[\]]+$/.test(serverName)) {
    throw new ConfigError("LOTSE_SERVER_NAME", "is not a valid Matrix server name");
  }

  const userPrefix = raw(env, "LOTSE_USER_PREFIX") ?? "lotse_";
  if (!/^[a-z0-9._=\-/]+$/.test(userPrefix)) {
    throw new ConfigError("LOTSE_USER_PREFIX", "must be lowercase Matrix localpart characters");
  }

  const corsRaw = raw(env, "LOTSE_CORS_ORIGINS");
  const corsOrigins =
    corsRaw === undefined
      ? [...DEFAULT_CORS_ORIGINS]
      : corsRaw
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== "");
  for (const origin of corsOrigins) {
    let ok = false;
    try {
      const u = new URL(origin);
      ok = (u.protocol === "http:" || u.protocol === "https:") && u.origin === origin;
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new ConfigError("LOTSE_CORS_ORIGINS", `"${origin}" is not an origin like https://host:port`);
    }
  }

  const logLevelRaw = raw(env, "LOTSE_LOG_LEVEL") ?? "info";
  if (!(logLevels as readonly string[]).includes(logLevelRaw)) {
    throw new ConfigError("LOTSE_LOG_LEVEL", `must be one of ${logLevels.join(", ")}`);
  }

  return {
    databaseUrl,
    host: raw(env, "LOTSE_API_HOST") ?? "127.0.0.1",
    port: integer(env, "LOTSE_API_PORT", 8090, 0, 65535),
    jwtSecret,
    tokenTtlSeconds: integer(env, "LOTSE_TOKEN_TTL_SECONDS", 900, 60, 30 * 86_400),
    refreshTokenTtlSeconds: integer(env, "LOTSE_REFRESH_TOKEN_TTL_SECONDS", 14 * 86_400, 300, 365 * 86_400),
    pseudonymQuarantineDays: integer(env, "LOTSE_PSEUDONYM_QUARANTINE_DAYS", defaultRetentionPolicy.pseudonymQuarantineDays, 0, 3650),
    homeserverUrl,
    publicHomeserverUrl,
    staffHomeserverUrl,
    serverName,
    asToken: required(env, "LOTSE_AS_TOKEN"),
    synapseAdminToken: raw(env, "LOTSE_SYNAPSE_ADMIN_TOKEN") ?? null,
    userPrefix,
    corsOrigins,
    rateLimitMax: integer(env, "LOTSE_RATE_LIMIT_MAX", 10, 1, 1_000_000),
    casesPerSeekerPerDay: integer(env, "LOTSE_CASES_PER_SEEKER_PER_DAY", defaultCaseOpeningLimit.perSeeker, 1, 10_000),
    logLevel: logLevelRaw as LogLevel,
    homeserverTimeoutMs: integer(env, "LOTSE_HOMESERVER_TIMEOUT_MS", 5000, 100, 120_000),
    trustProxy: boolean(env, "LOTSE_API_TRUST_PROXY", false),
    trustedHomeservers: trustedHomeservers(env, serverName, homeserverUrl),
    staffTokenTtlSeconds: integer(env, "LOTSE_STAFF_TOKEN_TTL_SECONDS", 900, 60, 86_400),
    metricsPort: raw(env, "LOTSE_API_METRICS_PORT") === undefined ? undefined : integer(env, "LOTSE_API_METRICS_PORT", 0, 0, 65535),
    metricsHost: raw(env, "LOTSE_API_METRICS_HOST") ?? "127.0.0.1",
    liveSweepMs: integer(env, "LOTSE_API_LIVE_SWEEP_MS", 15_000, 200, 3_600_000),
    publicWebUrl: raw(env, "LOTSE_PUBLIC_WEB_URL") === undefined ? undefined : httpUrl("LOTSE_PUBLIC_WEB_URL", raw(env, "LOTSE_PUBLIC_WEB_URL")!),
  };
}
