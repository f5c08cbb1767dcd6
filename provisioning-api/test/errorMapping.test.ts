import { describe, expect, it } from "vitest";
import { ApiError, ErrCode, errStatus } from "../src/errors.ts";
import { describeErrorForLog, isDatabaseUnavailable, isUniqueViolation, mapError } from "../src/errorMapping.ts";

function fastifyError(code: string, statusCode: number, message = "fastify says no"): Error {
  return Object.assign(new Error(message), { code, statusCode });
}

function pgError(code: string, extra: Record<string, unknown> = {}): Error {
  const e = Object.assign(new Error("duplicate key value"), { code, ...extra });
  e.name = "PostgresError";
  return e;
}

/** What drizzle 0.45 throws: the query and its parameters in the message, the driver error as cause. */
function drizzleWrapped(cause: unknown): Error {
  return Object.assign(new Error("Failed query: insert into seekers ...\nparams: Anna B,secret@example.org"), {
    name: "DrizzleQueryError",
    cause,
  });
}

describe("ErrCode", () => {
  it("has a status for every code, only from the allowed set", () => {
    const allowed = new Set([400, 401, 403, 404, 409, 413, 415, 429, 500, 503]);
    for (const code of Object.values(ErrCode)) {
      expect(allowed.has(errStatus[code])).toBe(true);
      expect(code.startsWith("LOTSE_")).toBe(true);
    }
  });
});

describe("mapError", () => {
  it("keeps ApiError code, status and message", () => {
    const m = mapError(new ApiError(ErrCode.InvalidPseudonym, "no e-mail addresses"));
    expect(m).toMatchObject({ statusCode: 400, body: { errcode: "LOTSE_INVALID_PSEUDONYM", error: "no e-mail addresses" } });
  });

  it.each([
    ["FST_ERR_CTP_INVALID_JSON_BODY", 400, "LOTSE_BAD_JSON", 400],
    ["FST_ERR_CTP_EMPTY_JSON_BODY", 400, "LOTSE_BAD_JSON", 400],
    ["FST_ERR_CTP_BODY_TOO_LARGE", 413, "LOTSE_TOO_LARGE", 413],
    ["FST_ERR_CTP_INVALID_MEDIA_TYPE", 415, "LOTSE_UNSUPPORTED_MEDIA_TYPE", 415],
    ["FST_ERR_CTP_INVALID_CONTENT_LENGTH", 400, "LOTSE_BAD_REQUEST", 400],
    ["FST_JWT_NO_AUTHORIZATION_IN_HEADER", 401, "LOTSE_UNAUTHORIZED", 401],
    ["FST_JWT_AUTHORIZATION_TOKEN_INVALID", 401, "LOTSE_UNAUTHORIZED", 401],
    ["FST_JWT_AUTHORIZATION_TOKEN_UNTRUSTED", 401, "LOTSE_UNAUTHORIZED", 401],
    ["FST_JWT_AUTHORIZATION_TOKEN_EXPIRED", 401, "LOTSE_TOKEN_EXPIRED", 401],
  ])("maps Fastify %s", (code, status, errcode, expected) => {
    const m = mapError(fastifyError(code, status));
    expect(m.statusCode).toBe(expected);
    expect(m.body.errcode).toBe(errcode);
  });

  it("maps schema validation to LOTSE_INVALID_INPUT with Fastify's field-naming message", () => {
    const err = Object.assign(new Error("body/password must NOT have fewer than 8 characters"), {
      code: "FST_ERR_VALIDATION",
      statusCode: 400,
      validation: [{ instancePath: "/password" }],
    });
    expect(mapError(err)).toMatchObject({
      statusCode: 400,
      body: { errcode: "LOTSE_INVALID_INPUT", error: "body/password must NOT have fewer than 8 characters" },
    });
  });

  it("maps a rate-limit 429 to LOTSE_RATE_LIMITED", () => {
    expect(mapError(Object.assign(new Error("x"), { statusCode: 429 })).body.errcode).toBe("LOTSE_RATE_LIMITED");
  });

  it.each([
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    Object.assign(new Error("write CONNECT_TIMEOUT"), { code: "CONNECT_TIMEOUT" }),
    drizzleWrapped(Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })),
    drizzleWrapped(pgError("57P01")),
    drizzleWrapped(pgError("08006")),
  ])("maps database outages to 503 LOTSE_UNAVAILABLE (%#)", (err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
    expect(mapError(err)).toMatchObject({ statusCode: 503, body: { errcode: "LOTSE_UNAVAILABLE" } });
  });

  it("turns anything else into a generic 500 without internals", () => {
    const err = drizzleWrapped(pgError("42P01"));
    const m = mapError(err);
    expect(m.statusCode).toBe(500);
    expect(m.body).toEqual({ errcode: "LOTSE_INTERNAL", error: "Internal server error." });
    expect(mapError("a string").statusCode).toBe(500);
    expect(mapError(null).statusCode).toBe(500);
  });
});

describe("isUniqueViolation", () => {
  it("sees a 23505 through drizzle's wrapper and checks the constraint", () => {
    const err = drizzleWrapped(pgError("23505", { constraint_name: "seekers_username_key_uq" }));
    expect(isUniqueViolation(err)).toBe(true);
    expect(isUniqueViolation(err, "seekers_username_key_uq")).toBe(true);
    expect(isUniqueViolation(err, "seekers_matrix_localpart_uq")).toBe(false);
    expect(isUniqueViolation(drizzleWrapped(pgError("23503")))).toBe(false);
  });
});

describe("describeErrorForLog", () => {
  it("never contains the message of an unknown error (drizzle puts parameters there)", () => {
    const err = drizzleWrapped(pgError("23505", { constraint_name: "seekers_username_key_uq", detail: "Key (username_key)=(anna_b)" }));
    const logged = JSON.stringify(describeErrorForLog(err));
    expect(logged).not.toContain("secret@example.org");
    expect(logged).not.toContain("Anna B");
    expect(logged).not.toContain("anna_b");
    expect(logged).toContain("23505");
    expect(logged).toContain("seekers_username_key_uq");
    expect(logged).toContain("DrizzleQueryError");
  });
});
