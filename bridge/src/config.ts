// The bridge's configuration: one typed object read from environment variables and validated at
// start-up. Every error names the variable it is about, and all problems are reported at once so
// an operator fixes a broken deployment in one go. Pure: takes the environment as an argument.

export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
const logLevels: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

export type BridgeConfig = {
  databaseUrl: string;
  homeserverUrl: string;
  serverName: string;
  asToken: string;
  hsToken: string;
  appservice: { host: string; port: number };
  botLocalpart: string;
  userPrefix: string;
  /**
   * Reserved for on-disk state. The bot-sdk store itself is kept in memory on purpose (see
   * BridgeApp.ts); all durable bridge state lives in PostgreSQL.
   */
  dataDir: string | undefined;
  jobs: { pollMs: number; concurrency: number };
  /** Response-time reminders: thresholds in hours (ascending) and how often to scan. */
  reminders: { thresholdsHours: number[]; scanMs: number };
  /** "New answer" e-mails; undefined (no LOTSE_SMTP_URL) = off. */
  mail: { smtpUrl: string; from: string; intervalMinutes: number; publicUrl: string | undefined } | undefined;
  logLevel: LogLevel;
  /** Prometheus metrics listener (LOTSE_BRIDGE_METRICS_PORT, LOTSE_BRIDGE_METRICS_HOST default 127.0.0.1); undefined = off. */
  metrics: { host: string; port: number } | undefined;
};

export class ConfigError extends Error {
  readonly problems: readonly { variable: string; message: string }[];
  constructor(problems: readonly { variable: string; message: string }[]) {
    super(`invalid configuration: ${problems.map((p) => `${p.variable}: ${p.message}`).join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

// Matrix localparts (spec: lowercase a-z, digits, and ._=-/+). Used for the bot and the prefix.
const localpartRe = /^[a-z0-9._=\-/+]+$/;
// Server name: host name or IP literal with an optional port (a loose check; Synapse is strict).
const serverNameRe = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

export function loadConfig(env: Env): BridgeConfig {
  const problems: { variable: string; message: string }[] = [];
  const bad = (variable: string, message: string) => {
    problems.push({ variable, message });
  };

  const required = (name: string): string => {
    const v = env[name]?.trim();
    if (!v) {
      bad(name, "is required");
      return "";
    }
    return v;
  };
  const optional = (name: string, fallback: string): string => {
    const v = env[name]?.trim();
    return v ? v : fallback;
  };
  const url = (name: string, protocols: readonly string[]): string => {
    const v = required(name);
    if (!v) return v;
    try {
      const u = new URL(v);
      if (!protocols.includes(u.protocol)) bad(name, `must use ${protocols.join(" or ")} (got ${u.protocol})`);
    } catch {
      bad(name, "is not a valid URL");
    }
    return v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    if (!/^\d+$/.test(raw)) {
      bad(name, `must be a whole number (got "${raw}")`);
      return fallback;
    }
    const n = Number(raw);
    if (n < min || n > max) bad(name, `must be between ${min} and ${max} (got ${n})`);
    return n;
  };
  const secret = (name: string): string => {
    const v = required(name);
    // Never echo the value: it is a credential.
    if (v && v.length < 16) bad(name, "is too short for a token (at least 16 characters)");
    if (v && /\s/.test(v)) bad(name, "must not contain whitespace");
    return v;
  };

  const databaseUrl = url("LOTSE_DATABASE_URL", ["postgres:", "postgresql:"]);
  const homeserverUrl = url("LOTSE_HOMESERVER_URL", ["http:", "https:"]).replace(/\/+$/, "");
  const serverName = required("LOTSE_SERVER_NAME");
  if (serverName && !serverNameRe.test(serverName)) bad("LOTSE_SERVER_NAME", "is not a valid Matrix server name");
  const asToken = secret("LOTSE_AS_TOKEN");
  const hsToken = secret("LOTSE_HS_TOKEN");
  if (asToken && hsToken && asToken === hsToken) bad("LOTSE_HS_TOKEN", "must differ from LOTSE_AS_TOKEN");

  const host = optional("LOTSE_APPSERVICE_HOST", "127.0.0.1");
  const port = int("LOTSE_APPSERVICE_PORT", 9000, 1, 65535);

  const botLocalpart = optional("LOTSE_BOT_LOCALPART", "lotse");
  if (!localpartRe.test(botLocalpart)) bad("LOTSE_BOT_LOCALPART", "is not a valid Matrix localpart (a-z, 0-9, ._=-/+)");
  const userPrefix = optional("LOTSE_USER_PREFIX", "lotse_");
  if (!localpartRe.test(userPrefix)) bad("LOTSE_USER_PREFIX", "is not a valid Matrix localpart prefix (a-z, 0-9, ._=-/+)");
  else if (botLocalpart.startsWith(userPrefix)) {
    // The registration's user namespace is `@<prefix>.*`; the bot must stay outside it so that a
    // seeker localpart can never collide with the bot.
    bad("LOTSE_BOT_LOCALPART", `must not start with LOTSE_USER_PREFIX ("${userPrefix}")`);
  }

  const dataDirRaw = env.LOTSE_BRIDGE_DATA_DIR?.trim();
  const dataDir = dataDirRaw ? dataDirRaw : undefined;

  const pollMs = int("LOTSE_JOB_POLL_MS", 2000, 100, 600_000);
  const concurrency = int("LOTSE_JOB_CONCURRENCY", 4, 1, 64);

  const reminderRaw = optional("LOTSE_REMINDER_HOURS", "24,44");
  const thresholdsHours = reminderRaw
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map(Number);
  if (thresholdsHours.some((h) => !Number.isInteger(h) || h < 1 || h > 24 * 30)) {
    bad("LOTSE_REMINDER_HOURS", `must be a comma-separated list of whole hours between 1 and 720 (got "${reminderRaw}")`);
  }
  const reminderScanMs = int("LOTSE_REMINDER_SCAN_MS", 60_000, 1_000, 3_600_000);

  const smtpUrl = env.LOTSE_SMTP_URL?.trim();
  if (smtpUrl) {
    try {
      const u = new URL(smtpUrl);
      if (u.protocol !== "smtp:" && u.protocol !== "smtps:") bad("LOTSE_SMTP_URL", `must use smtp: or smtps: (got ${u.protocol})`);
    } catch {
      bad("LOTSE_SMTP_URL", "is not a valid URL");
    }
  }
  const mailFrom = optional("LOTSE_MAIL_FROM", "Lotse <no-reply@localhost>");
  const notifyIntervalMinutes = int("LOTSE_NOTIFY_INTERVAL_MINUTES", 60, 1, 7 * 24 * 60);
  const publicUrl = env.LOTSE_PUBLIC_WEB_URL?.trim() || undefined;

  const logLevelRaw = optional("LOTSE_LOG_LEVEL", "info").toLowerCase();
  const logLevel = logLevels.find((l) => l === logLevelRaw);
  if (!logLevel) bad("LOTSE_LOG_LEVEL", `must be one of ${logLevels.join(", ")} (got "${logLevelRaw}")`);

  const metricsPort = env.LOTSE_BRIDGE_METRICS_PORT?.trim() ? int("LOTSE_BRIDGE_METRICS_PORT", 0, 0, 65535) : undefined;
  const metricsHost = optional("LOTSE_BRIDGE_METRICS_HOST", "127.0.0.1");

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    databaseUrl,
    homeserverUrl,
    serverName,
    asToken,
    hsToken,
    appservice: { host, port },
    botLocalpart,
    userPrefix,
    dataDir,
    jobs: { pollMs, concurrency },
    reminders: { thresholdsHours: [...new Set(thresholdsHours)].sort((a, b) => a - b), scanMs: reminderScanMs },
    mail: smtpUrl ? { smtpUrl, from: mailFrom, intervalMinutes: notifyIntervalMinutes, publicUrl } : undefined,
    logLevel: logLevel ?? "info",
    metrics: metricsPort === undefined ? undefined : { host: metricsHost, port: metricsPort },
  };
}
