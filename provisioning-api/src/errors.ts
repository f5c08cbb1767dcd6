// The one error shape of the API: `{errcode, error}` with a fixed HTTP status per code.
// Route code throws ApiError; the error handler (plugins/errorHandler.ts) maps everything else
// (Fastify's own errors, database outages) onto these codes.

export const ErrCode = {
  BadJson: "LOTSE_BAD_JSON",
  BadRequest: "LOTSE_BAD_REQUEST",
  InvalidInput: "LOTSE_INVALID_INPUT",
  InvalidPseudonym: "LOTSE_INVALID_PSEUDONYM",
  PseudonymImitatesStaff: "LOTSE_PSEUDONYM_IMITATES_STAFF",
  AgencyTopicMismatch: "LOTSE_AGENCY_TOPIC_MISMATCH",
  Unauthorized: "LOTSE_UNAUTHORIZED",
  TokenExpired: "LOTSE_TOKEN_EXPIRED",
  BadCredentials: "LOTSE_BAD_CREDENTIALS",
  Forbidden: "LOTSE_FORBIDDEN",
  NotFound: "LOTSE_NOT_FOUND",
  UnknownTopic: "LOTSE_UNKNOWN_TOPIC",
  UnknownAgency: "LOTSE_UNKNOWN_AGENCY",
  UsernameTaken: "LOTSE_USERNAME_TAKEN",
  TooLarge: "LOTSE_TOO_LARGE",
  UnsupportedMediaType: "LOTSE_UNSUPPORTED_MEDIA_TYPE",
  RateLimited: "LOTSE_RATE_LIMITED",
  Internal: "LOTSE_INTERNAL",
  Unavailable: "LOTSE_UNAVAILABLE",
  HomeserverUnavailable: "LOTSE_HOMESERVER_UNAVAILABLE",
  UntrustedHomeserver: "LOTSE_UNTRUSTED_HOMESERVER",
  InvalidOpenIdToken: "LOTSE_INVALID_OPENID_TOKEN",
  ServerNameMismatch: "LOTSE_SERVER_NAME_MISMATCH",
  NotStaff: "LOTSE_NOT_STAFF",
  Conflict: "LOTSE_CONFLICT",
  ImportInvalid: "LOTSE_IMPORT_INVALID",
  LoginThrottled: "LOTSE_LOGIN_THROTTLED",
  InvalidRefreshToken: "LOTSE_INVALID_REFRESH_TOKEN",
  RefreshTokenReused: "LOTSE_REFRESH_TOKEN_REUSED",
  SessionRevoked: "LOTSE_SESSION_REVOKED",
  PseudonymQuarantined: "LOTSE_PSEUDONYM_QUARANTINED",
  GroupFull: "LOTSE_GROUP_FULL",
  RoomPending: "LOTSE_ROOM_PENDING",
  SlotTaken: "LOTSE_SLOT_TAKEN",
  SlotUnavailable: "LOTSE_SLOT_UNAVAILABLE",
  TemporaryAccount: "LOTSE_TEMPORARY_ACCOUNT",
  LiveChatUnavailable: "LOTSE_LIVE_CHAT_UNAVAILABLE",
  NoOneOnDuty: "LOTSE_NO_ONE_ON_DUTY",
  QueueFull: "LOTSE_QUEUE_FULL",
  TooManyLiveStarts: "LOTSE_TOO_MANY_LIVE_STARTS",
  LiveChatEnded: "LOTSE_LIVE_CHAT_ENDED",
  UnknownEvent: "LOTSE_UNKNOWN_EVENT",
} as const;

export type ErrCode = (typeof ErrCode)[keyof typeof ErrCode];

export const errStatus: Record<ErrCode, number> = {
  LOTSE_BAD_JSON: 400,
  LOTSE_BAD_REQUEST: 400,
  LOTSE_INVALID_INPUT: 400,
  LOTSE_INVALID_PSEUDONYM: 400,
  LOTSE_PSEUDONYM_IMITATES_STAFF: 400,
  LOTSE_AGENCY_TOPIC_MISMATCH: 400,
  LOTSE_UNAUTHORIZED: 401,
  LOTSE_TOKEN_EXPIRED: 401,
  LOTSE_BAD_CREDENTIALS: 401,
  LOTSE_FORBIDDEN: 403,
  LOTSE_NOT_FOUND: 404,
  LOTSE_UNKNOWN_TOPIC: 404,
  LOTSE_UNKNOWN_AGENCY: 404,
  LOTSE_USERNAME_TAKEN: 409,
  LOTSE_TOO_LARGE: 413,
  LOTSE_UNSUPPORTED_MEDIA_TYPE: 415,
  LOTSE_RATE_LIMITED: 429,
  LOTSE_INTERNAL: 500,
  LOTSE_UNAVAILABLE: 503,
  LOTSE_HOMESERVER_UNAVAILABLE: 503,
  LOTSE_UNTRUSTED_HOMESERVER: 401,
  LOTSE_INVALID_OPENID_TOKEN: 401,
  LOTSE_SERVER_NAME_MISMATCH: 401,
  LOTSE_NOT_STAFF: 403,
  LOTSE_CONFLICT: 409,
  LOTSE_IMPORT_INVALID: 400,
  LOTSE_LOGIN_THROTTLED: 429,
  LOTSE_INVALID_REFRESH_TOKEN: 401,
  LOTSE_REFRESH_TOKEN_REUSED: 401,
  LOTSE_SESSION_REVOKED: 401,
  LOTSE_PSEUDONYM_QUARANTINED: 409,
  LOTSE_GROUP_FULL: 409,
  LOTSE_ROOM_PENDING: 503,
  LOTSE_SLOT_TAKEN: 409,
  LOTSE_SLOT_UNAVAILABLE: 409,
  LOTSE_TEMPORARY_ACCOUNT: 403,
  LOTSE_LIVE_CHAT_UNAVAILABLE: 503,
  LOTSE_NO_ONE_ON_DUTY: 409,
  LOTSE_QUEUE_FULL: 409,
  LOTSE_TOO_MANY_LIVE_STARTS: 429,
  LOTSE_UNKNOWN_EVENT: 404,
  LOTSE_LIVE_CHAT_ENDED: 409,
};

/** Default human text per code; routes may give a more specific one (never internals). */
export const errMessage: Record<ErrCode, string> = {
  LOTSE_BAD_JSON: "The request body is not valid JSON.",
  LOTSE_BAD_REQUEST: "The request is malformed.",
  LOTSE_INVALID_INPUT: "The request contains invalid input.",
  LOTSE_INVALID_PSEUDONYM: "The pseudonym is not allowed.",
  LOTSE_PSEUDONYM_IMITATES_STAFF: "The pseudonym must not look like a counselor, moderator, the platform or an agency.",
  LOTSE_AGENCY_TOPIC_MISMATCH: "The agency does not counsel on this topic.",
  LOTSE_UNAUTHORIZED: "Authentication is required.",
  LOTSE_TOKEN_EXPIRED: "The session has expired; please sign in again.",
  LOTSE_BAD_CREDENTIALS: "Unknown username or wrong password.",
  LOTSE_FORBIDDEN: "This action is not allowed.",
  LOTSE_NOT_FOUND: "Not found.",
  LOTSE_UNKNOWN_TOPIC: "Unknown topic.",
  LOTSE_UNKNOWN_AGENCY: "Unknown agency.",
  LOTSE_USERNAME_TAKEN: "This pseudonym is already taken.",
  LOTSE_TOO_LARGE: "The request body is too large.",
  LOTSE_UNSUPPORTED_MEDIA_TYPE: "Unsupported content type; send application/json.",
  LOTSE_RATE_LIMITED: "Too many requests; please wait a moment.",
  LOTSE_INTERNAL: "Internal server error.",
  LOTSE_UNAVAILABLE: "The service is temporarily unavailable.",
  LOTSE_HOMESERVER_UNAVAILABLE: "The chat server is temporarily unavailable.",
  LOTSE_UNTRUSTED_HOMESERVER: "This homeserver is not trusted for staff sign-in.",
  LOTSE_INVALID_OPENID_TOKEN: "The OpenID token is invalid or has expired.",
  LOTSE_SERVER_NAME_MISMATCH: "The OpenID token belongs to a different homeserver.",
  LOTSE_NOT_STAFF: "This Matrix account holds no role on the platform.",
  LOTSE_CONFLICT: "The request conflicts with the current state.",
  LOTSE_IMPORT_INVALID: "The file has invalid lines; nothing was imported.",
  LOTSE_LOGIN_THROTTLED: "Too many failed sign-ins for this pseudonym; please wait before trying again.",
  LOTSE_INVALID_REFRESH_TOKEN: "The refresh token is invalid or has expired; please sign in again.",
  LOTSE_REFRESH_TOKEN_REUSED: "This refresh token was used before; the session has been ended for safety. Please sign in again.",
  LOTSE_SESSION_REVOKED: "The session has been ended; please sign in again.",
  LOTSE_PSEUDONYM_QUARANTINED: "This pseudonym belonged to a deleted account and cannot be registered yet.",
  LOTSE_GROUP_FULL: "This group is full.",
  LOTSE_ROOM_PENDING: "The chat room is still being set up; please try again in a moment.",
  LOTSE_SLOT_TAKEN: "Someone else has just booked this time; please choose another one.",
  LOTSE_SLOT_UNAVAILABLE: "This appointment time is no longer offered; please choose another one.",
  LOTSE_TEMPORARY_ACCOUNT: "A live chat without registration cannot do this; keep your access with a password first.",
  LOTSE_LIVE_CHAT_UNAVAILABLE: "The live chat is not offered on this platform.",
  LOTSE_NO_ONE_ON_DUTY: "Nobody is on live duty for this topic right now.",
  LOTSE_QUEUE_FULL: "Too many people are waiting for this topic right now; please try again later.",
  LOTSE_TOO_MANY_LIVE_STARTS: "Too many live chats were started from this connection in the last hour; please try again later.",
  LOTSE_LIVE_CHAT_ENDED: "This live chat has ended.",
  LOTSE_UNKNOWN_EVENT: "There is no such post in this forum.",
};

export type ErrorBody = { errcode: ErrCode; error: string };

export class ApiError extends Error {
  readonly errcode: ErrCode;
  readonly statusCode: number;
  constructor(errcode: ErrCode, message?: string) {
    super(message ?? errMessage[errcode]);
    this.name = "ApiError";
    this.errcode = errcode;
    this.statusCode = errStatus[errcode];
  }

  toBody(): ErrorBody {
    return { errcode: this.errcode, error: this.message };
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}
