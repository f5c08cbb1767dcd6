// Maps any thrown value onto the API error shape. Pure, so the mapping (including Fastify's own
// errors, JWT errors and database outages) is unit-tested without a server. Also produces a log
// description that never contains messages of unknown errors: drizzle puts the query parameters
// (passwords hashes, pseudonyms, e-mails) into its error messages.
import { ApiError, ErrCode, errMessage, errStatus, type ErrorBody } from "./errors.ts";

export type MappedError = {
  statusCode: number;
  body: ErrorBody;
  /** Expected client errors are not worth more than debug; the rest is logged. */
  logLevel: "debug" | "warn" | "error";
};

type Dict = Record<string, unknown>;

function isObject(v: unknown): v is Dict {
  return typeof v === "object" && v !== null;
}

/** The error and its causes (drizzle wraps driver errors in DrizzleQueryError.cause). */
export function causeChain(err: unknown): Dict[] {
  const out: Dict[] = [];
  let cur: unknown = err;
  while (isObject(cur) && out.length < 8 && !out.includes(cur)) {
    out.push(cur);
    cur = cur["cause"];
  }
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

/** SQLSTATE of a PostgreSQL server error anywhere in the cause chain. */
export function sqlState(err: unknown): string | undefined {
  for (const e of causeChain(err)) {
    const code = str(e["code"]);
    if (e["name"] === "PostgresError" && code !== undefined) return code;
  }
  return undefined;
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  for (const e of causeChain(err)) {
    if (e["name"] === "PostgresError" && e["code"] === "23505") {
      return constraint === undefined || e["constraint_name"] === constraint;
    }
  }
  return false;
}

const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
]);

/** True when the error means "PostgreSQL is not reachable / not accepting work right now". */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of causeChain(err)) {
    const code = str(e["code"]);
    if (code === undefined) continue;
    if (connectionCodes.has(code)) return true;
    if (e["name"] === "PostgresError") {
      // 08: connection exception; 57P01-57P03: shutdown / cannot connect now; 53300: too many
      // connections.
      if (code.startsWith("08") || /^57P0[1-3]$/.test(code) || code === "53300") return true;
    }
  }
  return false;
}

function mapped(errcode: ErrCode, logLevel: MappedError["logLevel"], message?: string): MappedError {
  return {
    statusCode: errStatus[errcode],
    body: { errcode, error: message ?? errMessage[errcode] },
    logLevel,
  };
}

export function mapError(err: unknown): MappedError {
  if (err instanceof ApiError) {
    // Routes that throw a 5xx ApiError have logged the cause themselves.
    return { statusCode: err.statusCode, body: err.toBody(), logLevel: "debug" };
  }
  const e = isObject(err) ? err : {};
  const code = str(e["code"]);

  // Schema validation: Fastify's message names the part and field ("body/password must ...")
  // and never contains the value.
  if (Array.isArray(e["validation"])) {
    const message = str(e["message"]);
    return mapped(ErrCode.InvalidInput, "debug", message);
  }

  switch (code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return mapped(ErrCode.BadJson, "debug");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return mapped(ErrCode.TooLarge, "debug");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return mapped(ErrCode.UnsupportedMediaType, "debug");
    case "FST_JWT_AUTHORIZATION_TOKEN_EXPIRED":
      return mapped(ErrCode.TokenExpired, "debug");
  }
  if (code === "FST_JWT_NO_AUTHORIZATION_IN_HEADER") return mapped(ErrCode.Unauthorized, "debug");
  if (code?.startsWith("FST_JWT_")) return mapped(ErrCode.Unauthorized, "debug", "The token is invalid.");

  if (isDatabaseUnavailable(err)) return mapped(ErrCode.Unavailable, "warn");

  const statusCode = typeof e["statusCode"] === "number" ? e["statusCode"] : undefined;
  if (statusCode === 429) return mapped(ErrCode.RateLimited, "debug");
  if (statusCode === 413) return mapped(ErrCode.TooLarge, "debug");
  if (statusCode === 415) return mapped(ErrCode.UnsupportedMediaType, "debug");
  // Other Fastify client errors (bad content length, …): their messages are generic and safe,
  // but keep the contract's fixed status per code.
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500 && code?.startsWith("FST_")) {
    return mapped(ErrCode.BadRequest, "debug");
  }
  return mapped(ErrCode.Internal, "error");
}

/**
 * What may be logged about an error: names, codes, the constraint and the stack frames, never a
 * message (except ours and Fastify's, which carry no input values).
 */
export function describeErrorForLog(err: unknown): Dict {
  const chain = causeChain(err).map((e) => {
    const d: Dict = {};
    const name = str(e["name"]);
    if (name !== undefined) d["name"] = name;
    const code = str(e["code"]);
    if (code !== undefined) d["code"] = code;
    const constraint = str(e["constraint_name"]);
    if (constraint !== undefined) d["constraint"] = constraint;
    if (err instanceof ApiError || code?.startsWith("FST_")) {
      const message = str(e["message"]);
      if (message !== undefined) d["message"] = message;
    }
    const stack = str(e["stack"]);
    if (stack !== undefined) {
      // The first line(s) up to the first frame repeat the message; keep only the frames.
      d["frames"] = stack
        .split("\n")
        .filter((l) => l.trimStart().startsWith("at "))
        .slice(0, 10)
        .map((l) => l.trim());
    }
    return d;
  });
  return { chain };
}
