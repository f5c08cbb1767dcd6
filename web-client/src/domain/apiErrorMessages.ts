// Turns an ApiError into words in the seeker's language and decides which form field it belongs
// to, so that each screen can show the error next to the input that caused it.
import { CLIENT_BAD_RESPONSE, CLIENT_NETWORK_ERROR, isApiError } from "../api/ApiError.ts";
import type { ApiError } from "../api/ApiError.ts";
import type { Locale } from "../i18n/locale.ts";
import { messagesFor } from "../i18n/messages.ts";
import { defaultPseudonymRule } from "@lotse/policies";
import { PASSWORD_MIN_LENGTH, pseudonymProblem } from "./validation.ts";

export type ErrorPlacement<F extends string> = { field: F | "form"; message: string };

/** A sentence for any error that has no better place than the whole screen. */
export function generalErrorText(err: unknown, locale: Locale): string {
  const t = messagesFor(locale);
  if (!isApiError(err)) return t.errUnknown;
  if (err.errcode === CLIENT_NETWORK_ERROR) return t.errNetwork;
  // A gateway's own error page (the API process is down behind the proxy): same advice.
  if (err.errcode === CLIENT_BAD_RESPONSE && [502, 503, 504].includes(err.status)) {
    return t.errUnreachable;
  }
  if (err.status === 429) return t.errRateLimited;
  return t.errUnknown;
}

export function isUnauthorized(err: unknown): boolean {
  return isApiError(err) && err.status === 401;
}

/**
 * Which request field a rejection is about. The API has specific codes for most cases; its
 * generic schema rejection (LOTSE_INVALID_INPUT) names the field in its text, e.g.
 * "body/password must NOT have fewer than 8 characters" (never the value).
 */
function rejectedField(err: ApiError, fields: readonly string[]): string | undefined {
  if (err.status !== 400 && err.status !== 404) return undefined;
  const code = err.errcode;
  const direct = fields.find((f) => code.includes(f.toUpperCase()));
  if (direct !== undefined) return direct;
  if (code !== "LOTSE_INVALID_INPUT") return undefined;
  return fields.find((f) => new RegExp(`(body|querystring)/${f}\\b`, "u").test(err.error));
}

export type AccountField = "username" | "password" | "email";

/** Errors of register and login, placed at the field they concern. */
export function accountErrorPlacement(
  err: unknown,
  attempt: { mode: "register" | "login"; username: string },
  locale: Locale,
): ErrorPlacement<AccountField> {
  const t = messagesFor(locale);
  if (!isApiError(err)) return { field: "form", message: t.errUnknown };
  const code = err.errcode;
  if (code === "LOTSE_USERNAME_TAKEN") {
    return { field: "username", message: t.errUsernameTaken };
  }
  if (code === "LOTSE_PSEUDONYM_IMITATES_STAFF") {
    // The API also knows the agencies' names, which the app's own check does not.
    return { field: "username", message: t.pseudonymRule.imitates_staff(defaultPseudonymRule) };
  }
  if (code === "LOTSE_INVALID_PSEUDONYM") {
    return {
      field: "username",
      message: pseudonymProblem(attempt.username, locale) ?? t.errPseudonymFallback,
    };
  }
  if (code === "LOTSE_BAD_CREDENTIALS") {
    return { field: "password", message: t.errBadCredentials };
  }
  const field = rejectedField(err, ["password", "email", "username"]);
  if (field === "password") {
    return {
      field: "password",
      message: attempt.mode === "register" ? t.errPasswordRejected(PASSWORD_MIN_LENGTH) : t.errPasswordCheck,
    };
  }
  if (field === "email") {
    return { field: "email", message: t.errEmailRejected };
  }
  if (field === "username") {
    return { field: "username", message: t.errUsernameCheck };
  }
  return { field: "form", message: generalErrorText(err, locale) };
}

export type SearchField = "topic" | "postcode";

/** Errors of the agency search. */
export function searchErrorPlacement(err: unknown, locale: Locale): ErrorPlacement<SearchField> {
  const t = messagesFor(locale);
  if (isApiError(err)) {
    const field = rejectedField(err, ["postcode", "topic"]);
    if (field === "postcode") {
      return { field: "postcode", message: t.errPostcodeUnknown };
    }
    if (field === "topic") {
      return { field: "topic", message: t.errTopicPick };
    }
  }
  return { field: "form", message: generalErrorText(err, locale) };
}

/** Errors of opening a case, whose only fix may be choosing another agency. */
export function openCaseErrorText(err: unknown, locale: Locale): string {
  if (
    isApiError(err) &&
    (err.errcode === "LOTSE_UNKNOWN_AGENCY" || err.errcode === "LOTSE_AGENCY_TOPIC_MISMATCH")
  ) {
    return messagesFor(locale).errAgencyUnavailable;
  }
  return generalErrorText(err, locale);
}

export type LiveStartField = "topicId" | "postcode" | "pseudonym";

/** Errors of starting a live chat, placed at the field they concern. */
export function liveStartErrorPlacement(err: unknown, attempt: { pseudonym: string }, locale: Locale): ErrorPlacement<LiveStartField> {
  const t = messagesFor(locale);
  if (!isApiError(err)) return { field: "form", message: t.errUnknown };
  switch (err.errcode) {
    case "LOTSE_NO_ONE_ON_DUTY":
      return { field: "topicId", message: t.errNoOneOnDuty };
    case "LOTSE_UNKNOWN_TOPIC":
      return { field: "topicId", message: t.liveTopicMissing };
    case "LOTSE_QUEUE_FULL":
      return { field: "form", message: t.errQueueFull };
    case "LOTSE_TOO_MANY_LIVE_STARTS":
      return { field: "form", message: t.errTooManyLive };
    case "LOTSE_LIVE_CHAT_UNAVAILABLE":
      return { field: "form", message: t.errLiveUnavailable };
    case "LOTSE_USERNAME_TAKEN":
    case "LOTSE_PSEUDONYM_QUARANTINED":
      return { field: "pseudonym", message: t.errUsernameTaken };
    case "LOTSE_INVALID_PSEUDONYM":
      return { field: "pseudonym", message: pseudonymProblem(attempt.pseudonym, locale) ?? t.errPseudonymFallback };
  }
  if (rejectedField(err, ["postcode"]) === "postcode") return { field: "postcode", message: t.postcodeFormat };
  return { field: "form", message: generalErrorText(err, locale) };
}
