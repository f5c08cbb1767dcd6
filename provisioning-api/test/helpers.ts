// Shared set-up for the API's integration tests: an app built on the real stack (from the global
// setup), direct table access for fixtures and row counts, and a hand-rolled HS256 signer for
// tokens the API would never issue (expired, foreign role, wrong secret).
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import type { FastifyServerOptions } from "fastify";
import { inject } from "vitest";
import type { TestStackInfo } from "../../scripts/src/testStackTypes.ts";
import { buildApp } from "../src/app.ts";
import { loadConfig, type ApiConfig } from "../src/config.ts";
import { agencies, agencyPostcodeRanges, agencyTopics, createDb, type DbHandle, type LotseDb } from "@lotse/store";
import { PasswordHasher } from "../src/domain/passwords.ts";
import { HomeserverClient } from "../src/matrix/homeserverClient.ts";

export function stack(): TestStackInfo {
  return inject("lotseStack");
}

export const JWT_SECRET = "integration-test-secret-0123456789abcdef";

export function testConfig(s: TestStackInfo, env: Record<string, string> = {}): ApiConfig {
  return loadConfig({
    LOTSE_DATABASE_URL: s.databaseUrl,
    LOTSE_JWT_SECRET: JWT_SECRET,
    LOTSE_HOMESERVER_URL: s.homeserverUrl,
    LOTSE_SERVER_NAME: s.serverName,
    LOTSE_AS_TOKEN: s.asToken,
    LOTSE_USER_PREFIX: s.userPrefix,
    LOTSE_RATE_LIMIT_MAX: "100000",
    LOTSE_CASES_PER_SEEKER_PER_DAY: "10000",
    LOTSE_LOG_LEVEL: "silent",
    ...env,
  });
}

export async function buildTestApp(
  config: ApiConfig,
  db: DbHandle,
  logger: FastifyServerOptions["logger"] = false,
) {
  const homeserver = new HomeserverClient({
    baseUrl: config.homeserverUrl,
    asToken: config.asToken,
    timeoutMs: config.homeserverTimeoutMs,
  });
  return buildApp({ config, db, homeserver, passwords: new PasswordHasher() }, { logger });
}

export function openDb(s: TestStackInfo): DbHandle {
  return createDb(s.databaseUrl, { max: 4 });
}

export type RowCounts = { seekers: number; cases: number; roomJobs: number };

export async function rowCounts(db: DbHandle): Promise<RowCounts> {
  const [r] = await db.sql<{ seekers: number; cases: number; room_jobs: number }[]>`
    select (select count(*)::int from seekers) as seekers,
           (select count(*)::int from cases) as cases,
           (select count(*)::int from room_jobs) as room_jobs`;
  if (r === undefined) throw new Error("no counts");
  return { seekers: r.seekers, cases: r.cases, roomJobs: r.room_jobs };
}

export { randomLetters, uniquePseudonym } from "@lotse/test-support";

export async function createAgency(
  db: LotseDb,
  opts: { topics: string[]; ranges: [string, string][]; city?: string },
): Promise<{ id: string; name: string; city: string }> {
  const name = `Testberatung ${randomUUID()}`;
  const city = opts.city ?? "Teststadt";
  const [a] = await db.insert(agencies).values({ name, city }).returning({ id: agencies.id });
  if (a === undefined) throw new Error("agency insert failed");
  if (opts.topics.length > 0) {
    await db.insert(agencyTopics).values(opts.topics.map((topicId) => ({ agencyId: a.id, topicId })));
  }
  if (opts.ranges.length > 0) {
    await db
      .insert(agencyPostcodeRanges)
      .values(
        opts.topics.flatMap((topicId) =>
          opts.ranges.map(([fromPostcode, toPostcode]) => ({ agencyId: a.id, topicId, fromPostcode, toPostcode })),
        ),
      );
  }
  return { id: a.id, name, city };
}

function b64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

/** Signs an HS256 JWT by hand, for tokens the API would not issue itself. */
export function signJwt(payload: Record<string, unknown>, secret = JWT_SECRET, alg = "HS256"): string {
  const head = b64url(JSON.stringify({ alg, typ: "JWT" }));
  const body = b64url(JSON.stringify(payload));
  const sig = alg === "none" ? "" : b64url(createHmac("sha256", secret).update(`${head}.${body}`).digest());
  return `${head}.${body}.${sig}`;
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}

export const REGISTRATION_DEFAULTS = { password: "correct horse battery", topic: "sucht", postcode: "10115" };
