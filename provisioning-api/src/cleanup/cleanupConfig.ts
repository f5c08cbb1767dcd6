// Configuration of `npm run cleanup` (environment variables, validated; errors name the variable).
import { defaultRetentionPolicy, type RetentionPolicy } from "@lotse/policies";
import { ConfigError, type Env } from "../config.ts";

export type CleanupConfig = {
  databaseUrl: string;
  homeserverUrl: string;
  serverName: string;
  asToken: string;
  /** LOTSE_SYNAPSE_ADMIN_TOKEN: a Synapse server admin's access token; without it closed cases are not removed. */
  adminToken: string | null;
  policy: RetentionPolicy;
};

const dayVars: [keyof RetentionPolicy, string][] = [
  ["unusedRegistrationDays", "LOTSE_RETENTION_UNUSED_REGISTRATION_DAYS"],
  ["inactiveSeekerDays", "LOTSE_RETENTION_INACTIVE_SEEKER_DAYS"],
  ["closedCaseDays", "LOTSE_RETENTION_CLOSED_CASE_DAYS"],
  ["finishedGroupDays", "LOTSE_RETENTION_FINISHED_GROUP_DAYS"],
  ["pseudonymQuarantineDays", "LOTSE_PSEUDONYM_QUARANTINE_DAYS"],
  ["bookkeepingDays", "LOTSE_RETENTION_BOOKKEEPING_DAYS"],
  ["forumReportDays", "LOTSE_RETENTION_FORUM_REPORT_DAYS"],
];

function need(env: Env, name: string): string {
  const v = env[name]?.trim();
  if (!v) throw new ConfigError(name, "is required");
  return v;
}

export function loadCleanupConfig(env: Env): CleanupConfig {
  const policy: RetentionPolicy = { ...defaultRetentionPolicy };
  for (const [key, name] of dayVars) {
    const v = env[name]?.trim();
    if (v === undefined || v === "") continue;
    if (!/^\d+$/.test(v) || Number(v) > 36_500) throw new ConfigError(name, `must be a number of days (0–36500), got "${v}"`);
    policy[key] = Number(v);
  }
  const databaseUrl = need(env, "LOTSE_DATABASE_URL");
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) throw new ConfigError("LOTSE_DATABASE_URL", "must be a postgres:// URL");
  const homeserverUrl = need(env, "LOTSE_HOMESERVER_URL");
  try {
    new URL(homeserverUrl);
  } catch {
    throw new ConfigError("LOTSE_HOMESERVER_URL", "must be an http(s) URL");
  }
  return {
    databaseUrl,
    homeserverUrl,
    serverName: need(env, "LOTSE_SERVER_NAME"),
    asToken: need(env, "LOTSE_AS_TOKEN"),
    adminToken: env["LOTSE_SYNAPSE_ADMIN_TOKEN"]?.trim() || null,
    policy,
  };
}
