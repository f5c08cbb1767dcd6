// The one error type of the API layer. The provisioning API answers every failure with
// `{errcode, error}`; failures that never reached the API (network down, a proxy's HTML error
// page) get client-side codes so that callers can handle every case by `errcode`.

export const CLIENT_NETWORK_ERROR = "LOTSE_CLIENT_NETWORK_ERROR";
export const CLIENT_BAD_RESPONSE = "LOTSE_CLIENT_BAD_RESPONSE";

export class ApiError extends Error {
  /** HTTP status; 0 when no response arrived. */
  readonly status: number;
  /** `LOTSE_…` code from the API, or one of the `CLIENT_…` codes above. */
  readonly errcode: string;
  /** Human text from the API (English, for developers); the UI shows its own German texts. */
  readonly error: string;
  /** Next free appointment slots sent with a refused booking (409/429 from POST /v1/bookings). */
  readonly nextSlots: unknown[] | undefined;

  constructor(status: number, errcode: string, error: string, nextSlots?: unknown[]) {
    super(`${status} ${errcode}: ${error}`);
    this.name = "ApiError";
    this.status = status;
    this.errcode = errcode;
    this.error = error;
    this.nextSlots = nextSlots;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/**
 * Builds the ApiError for a non-2xx response from its status and raw body text. A body in the
 * API's `{errcode, error}` shape is taken as is; anything else (an HTML page from a proxy, an
 * empty body) becomes CLIENT_BAD_RESPONSE carrying the status.
 */
export function apiErrorFromBody(status: number, bodyText: string): ApiError {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    body = undefined;
  }
  if (
    typeof body === "object" &&
    body !== null &&
    "errcode" in body &&
    typeof body.errcode === "string" &&
    body.errcode !== ""
  ) {
    const error = "error" in body && typeof body.error === "string" ? body.error : "";
    const nextSlots = "nextSlots" in body && Array.isArray(body.nextSlots) ? (body.nextSlots as unknown[]) : undefined;
    return new ApiError(status, body.errcode, error, nextSlots);
  }
  return new ApiError(status, CLIENT_BAD_RESPONSE, `Unexpected response (HTTP ${status}).`);
}
