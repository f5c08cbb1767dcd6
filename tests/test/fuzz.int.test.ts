// Property-based fuzzing of every route the API declares in its OpenAPI document: generated and
// mutated requests (bodies, path parameters, query strings, tokens, content types), with a fixed
// seed. Whatever arrives, the API answers with a typed error or a success — never a 5xx, never an
// untyped error body. New routes are covered automatically because the routes come from /docs/json.
// More runs: `npm run fuzz` (2,000 per route; LOTSE_FUZZ_RUNS and LOTSE_FUZZ_SEED override).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig, start, type StartedApi } from "@lotse/provisioning-api";
import { createDb, runMigrations, seedTopics } from "@lotse/store";
import { seedDemo } from "@lotse/scripts";
import { ensureDatabase } from "../../scripts/src/postgres.ts";
import { stackEnv } from "../src/platform.ts";

const stack = inject("lotseStack");
const RUNS = Number(process.env.LOTSE_FUZZ_RUNS ?? 100);
const SEED = Number(process.env.LOTSE_FUZZ_SEED ?? 20261122);

type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; items?: JsonSchema; enum?: unknown[] };
type Operation = {
  parameters?: { in: string; name: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};
type Spec = { paths: Record<string, Record<string, Operation>> };

/** Values of the declared type most of the time, anything JSON now and then. */
function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const any = fc.jsonValue({ maxDepth: 2 });
  if (!schema || depth > 3) return any;
  if (schema.enum) return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: any });
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const typed: fc.Arbitrary<unknown> =
    type === "string"
      ? fc.oneof(fc.string(), fc.uuid(), fc.constantFrom("", "schulden", "10115", "a".repeat(5000), "ä😀\u0000", "@x:localhost"))
      : type === "integer" || type === "number"
        ? fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53))
        : type === "boolean"
          ? fc.boolean()
          : type === "array"
            ? fc.array(valueFor(schema.items, depth + 1), { maxLength: 4 })
            : type === "object"
              ? objectFor(schema, depth + 1)
              : any;
  return fc.oneof({ weight: 4, arbitrary: typed }, { weight: 1, arbitrary: any });
}

function objectFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const props = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, valueFor(s, depth)]));
  return fc.record(props, { requiredKeys: [] });
}

const pathValue = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.nat().map(String), fc.constant("..%2F..%2Fetc"));

describe("API fuzzing (fast-check, every OpenAPI route)", () => {
  let api: StartedApi;
  let spec: Spec;
  let seekerToken = "";

  beforeAll(async () => {
    // A database of its own, so generated cases never reach a bridge of another test.
    await ensureDatabase(stack.adminDatabaseUrl, "lotse_fuzz");
    const databaseUrl = stack.adminDatabaseUrl.replace(/\/postgres$/, "/lotse_fuzz");
    await runMigrations(databaseUrl);
    const dbh = createDb(databaseUrl, { max: 1 });
    await seedTopics(dbh.db).finally(() => dbh.close());
    await seedDemo({ ...stack, databaseUrl });
    api = await start(
      loadConfig({
        ...stackEnv(stack),
        LOTSE_DATABASE_URL: databaseUrl,
        LOTSE_API_PORT: String(stack.apiPort + 2),
        LOTSE_LOG_LEVEL: "silent",
        LOTSE_RATE_LIMIT_MAX: "1000000",
      }),
    );
    spec = (await api.app.inject({ method: "GET", url: "/docs/json" })).json() as Spec;
  });

  /**
   * A fresh seeker for each route: routes such as logout-all, a password change or the account's
   * deletion end the token they are called with, and every later route would then see only 401s.
   */
  async function freshSeekerToken(n: number): Promise<string> {
    const letters = n.toString(26).replace(/./g, (d) => String.fromCharCode(97 + parseInt(d, 26)));
    const reg = await api.app.inject({
      method: "POST",
      url: "/v1/seekers",
      payload: { username: `Fuzzy Kiwi ${letters}`, password: "ein langes Passwort", topic: "schulden", postcode: "50667" },
    });
    expect(reg.statusCode, reg.body).toBe(201);
    return (reg.json() as { token: string }).token;
  }

  afterAll(async () => {
    await api?.close();
  });

  it("answers every generated request with a success or a typed 4xx error", async () => {
    const operations = Object.entries(spec.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([method]) => ["get", "post", "put", "patch", "delete"].includes(method))
        .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    expect(operations.length).toBeGreaterThan(8);
    let requests = 0;
    for (const [i, { path, method, op }] of operations.entries()) {
      seekerToken = await freshSeekerToken(i);
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.["application/json"]?.schema;
      const request = fc.record({
        pathParams: fc.record(Object.fromEntries(params.filter((p) => p.in === "path").map((p) => [p.name, pathValue]))),
        query: fc.record(
          Object.fromEntries(params.filter((p) => p.in === "query").map((p) => [p.name, valueFor(p.schema).map((v) => (typeof v === "string" ? v : JSON.stringify(v)))])),
          { requiredKeys: [] },
        ),
        body: bodySchema ? fc.oneof({ weight: 3, arbitrary: objectFor(bodySchema) }, { weight: 1, arbitrary: fc.jsonValue() }) : fc.option(fc.jsonValue(), { nil: undefined }),
        rawText: fc.option(fc.string({ maxLength: 200 }), { nil: undefined, freq: 6 }),
        auth: fc.constantFrom("none", "seeker", "garbage", "wrongScheme"),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          requests++;
          const url =
            path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(r.pathParams[name] ?? "x"))) +
            (Object.keys(r.query).length ? `?${new URLSearchParams(r.query as Record<string, string>).toString()}` : "");
          const headers: Record<string, string> = {};
          if (r.auth === "seeker") headers.authorization = `Bearer ${seekerToken}`;
          if (r.auth === "garbage") headers.authorization = "Bearer eyJ.garbage.token";
          if (r.auth === "wrongScheme") headers.authorization = `Basic ${seekerToken}`;
          let payload: string | undefined;
          if (r.rawText !== undefined && method !== "GET") {
            headers["content-type"] = "application/json";
            payload = r.rawText; // mostly malformed JSON
          } else if (r.body !== undefined && method !== "GET") {
            headers["content-type"] = "application/json";
            payload = JSON.stringify(r.body);
          }
          const res = await api.app.inject({ method: method as "GET", url, headers, ...(payload !== undefined ? { payload } : {}) });
          const context = `${method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, context).toBeLessThan(500);
          if (res.statusCode >= 400) {
            const body = JSON.parse(res.body) as { errcode?: unknown; error?: unknown };
            expect(typeof body.errcode === "string" && body.errcode.startsWith("LOTSE_"), context).toBe(true);
            expect(typeof body.error, context).toBe("string");
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    expect(requests).toBeGreaterThanOrEqual(operations.length * RUNS);
  }, 600_000);
});
