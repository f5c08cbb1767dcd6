// Log hygiene at the database: a taken pseudonym is refused through the unique index, and
// PostgreSQL would write the violating key (the folded pseudonym) and the failing statement into
// its log. The test stack's PostgreSQL (like docker/compose.yaml's) logs errors tersely and
// without statements; this test registers the pseudonym and its key for the end-of-run log scan
// (scripts/src/logScan.ts), which fails the run if either shows up in any log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { pseudonymKey } from "@lotse/policies";
import type { DbHandle } from "@lotse/store";
import { registerTestSecrets } from "../../scripts/src/logScan.ts";
import { buildTestApp, openDb, REGISTRATION_DEFAULTS, stack, testConfig, uniquePseudonym } from "./helpers.ts";

let db: DbHandle;
let app: FastifyInstance;

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
});

describe("no pseudonym in PostgreSQL's log", () => {
  it("registering a taken pseudonym (also in another spelling, also concurrently) answers 409 and leaves no trace for the log scan", async () => {
    const pseudonym = uniquePseudonym("Kranich");
    registerTestSecrets(stack().dataDir, [
      { kind: "pseudonym", value: pseudonym },
      { kind: "pseudonym", value: pseudonymKey(pseudonym) },
      { kind: "password", value: REGISTRATION_DEFAULTS.password },
    ]);
    const register = (username: string) =>
      app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username } });
    expect((await register(pseudonym)).statusCode).toBe(201);
    expect((await register(pseudonym)).statusCode).toBe(409);
    expect((await register(pseudonym.toUpperCase())).statusCode).toBe(409);
    const racers = await Promise.all([1, 2, 3].map(() => register(`${pseudonym}x`)));
    expect(racers.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    registerTestSecrets(stack().dataDir, [{ kind: "pseudonym", value: pseudonymKey(`${pseudonym}x`) }]);
  });
});
