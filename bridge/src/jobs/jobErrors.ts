// Which failures of a room job are worth retrying. Pure: looks only at the shape of the error
// (matrix-bot-sdk's MatrixError, a raw non-2xx response, a Node network error), so it is unit
// tested without a homeserver. The rule: anything that can heal by itself (network, 5xx, rate
// limits, a homeserver that is restarting) is transient; a request the homeserver understood and
// refused, or data that is missing in our own database, is permanent.

/** Thrown by job handlers for failures no retry can fix (missing rows, bad payloads). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

export type ErrorClass =
  | { kind: "transient"; retryAfterMs?: number; reason: string }
  | { kind: "permanent"; reason: string };

const transientNetworkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "ESOCKETTIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ENOTFOUND",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
]);

// Errcodes that say "the homeserver (or our token) is not ready", not "your request is wrong":
// a misconfigured or restarting deployment must not burn every pending job into `failed`.
const transientErrcodes = new Set(["M_LIMIT_EXCEEDED", "M_UNKNOWN_TOKEN", "M_MISSING_TOKEN", "M_RESOURCE_LIMIT_EXCEEDED"]);

type Shape = {
  name?: unknown;
  errcode?: unknown;
  statusCode?: unknown;
  code?: unknown;
  retryAfterMs?: unknown;
  body?: unknown;
};

function asShape(err: unknown): Shape | undefined {
  return typeof err === "object" && err !== null ? (err as Shape) : undefined;
}

function retryAfterOf(s: Shape): number | undefined {
  if (typeof s.retryAfterMs === "number" && s.retryAfterMs >= 0) return s.retryAfterMs;
  const body = asShape(s.body) as { retry_after_ms?: unknown } | undefined;
  if (body && typeof body.retry_after_ms === "number" && body.retry_after_ms >= 0) return body.retry_after_ms;
  return undefined;
}

function statusIsTransient(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}

export function classifyError(err: unknown): ErrorClass {
  if (err instanceof PermanentJobError) return { kind: "permanent", reason: err.message };
  const s = asShape(err);
  if (!s) return { kind: "transient", reason: "unknown error" };

  const status = typeof s.statusCode === "number" ? s.statusCode : undefined;
  if (typeof s.errcode === "string") {
    const errcode = s.errcode;
    const where = status !== undefined ? `${errcode} (HTTP ${status})` : errcode;
    if (transientErrcodes.has(errcode)) {
      const retryAfterMs = retryAfterOf(s);
      return retryAfterMs !== undefined
        ? { kind: "transient", retryAfterMs, reason: where }
        : { kind: "transient", reason: where };
    }
    if (status !== undefined && statusIsTransient(status)) return { kind: "transient", reason: where };
    return { kind: "permanent", reason: where };
  }
  // A non-2xx response without a Matrix error body (a proxy's 502 page, for instance).
  if (status !== undefined) {
    return statusIsTransient(status)
      ? { kind: "transient", reason: `HTTP ${status}` }
      : { kind: "permanent", reason: `HTTP ${status}` };
  }
  if (typeof s.code === "string" && transientNetworkCodes.has(s.code)) return { kind: "transient", reason: s.code };
  // Unknown failures (including database errors) are retried: attempts are bounded by the retry
  // policy, so a truly broken job still ends in `failed`, with its reason kept.
  const name = typeof s.name === "string" ? s.name : "Error";
  return { kind: "transient", reason: typeof s.code === "string" ? `${name} ${s.code}` : name };
}

/**
 * A short, safe description for `room_jobs.last_error` and logs: error codes and our own messages
 * only. Never the request or response body (which could carry user data) and never a token.
 */
export function describeError(err: unknown, cls: ErrorClass = classifyError(err)): string {
  if (err instanceof PermanentJobError) return err.message.slice(0, 500);
  const s = asShape(err);
  const matrixText = s && typeof s.errcode === "string" ? (asShape(s.body) as { error?: unknown } | undefined)?.error : undefined;
  const detail = typeof matrixText === "string" ? `: ${matrixText.slice(0, 200)}` : "";
  return `${cls.kind}: ${cls.reason}${detail}`;
}
