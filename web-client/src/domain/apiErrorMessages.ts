// Turns an ApiError into German words and decides which form field it belongs to, so that each
// screen can show the error next to the input that caused it.
import { CLIENT_BAD_RESPONSE, CLIENT_NETWORK_ERROR, isApiError } from "../api/ApiError.ts";
import type { ApiError } from "../api/ApiError.ts";
import { pseudonymProblem } from "./validation.ts";

export type ErrorPlacement<F extends string> = { field: F | "form"; message: string };

export const TEXT_NETWORK =
  "Wir erreichen den Server gerade nicht. Bitte prüfe deine Internetverbindung und versuche es noch einmal.";
export const TEXT_UNREACHABLE =
  "Die Online-Beratung ist gerade nicht erreichbar. Bitte versuche es in ein paar Minuten noch einmal.";
export const TEXT_RATE_LIMITED = "Das waren gerade sehr viele Versuche. Bitte warte einen Moment.";
export const TEXT_UNKNOWN = "Da ist leider etwas schiefgelaufen. Bitte versuche es gleich noch einmal.";
export const TEXT_SESSION_EXPIRED = "Deine Anmeldung ist abgelaufen. Bitte melde dich noch einmal an.";

/** A German sentence for any error that has no better place than the whole screen. */
export function generalErrorText(err: unknown): string {
  if (!isApiError(err)) return TEXT_UNKNOWN;
  if (err.errcode === CLIENT_NETWORK_ERROR) return TEXT_NETWORK;
  // A gateway's own error page (the API process is down behind the proxy): same advice.
  if (err.errcode === CLIENT_BAD_RESPONSE && [502, 503, 504].includes(err.status)) {
    return TEXT_UNREACHABLE;
  }
  if (err.status === 429) return TEXT_RATE_LIMITED;
  return TEXT_UNKNOWN;
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
): ErrorPlacement<AccountField> {
  if (!isApiError(err)) return { field: "form", message: TEXT_UNKNOWN };
  const code = err.errcode;
  if (code === "LOTSE_USERNAME_TAKEN") {
    return {
      field: "username",
      message: "Diesen Namen gibt es schon. Bitte wähle einen anderen.",
    };
  }
  if (code === "LOTSE_INVALID_PSEUDONYM") {
    return {
      field: "username",
      message:
        pseudonymProblem(attempt.username) ??
        "Dieser Name ist leider nicht möglich. Bitte wähle einen anderen.",
    };
  }
  if (code === "LOTSE_BAD_CREDENTIALS") {
    return {
      field: "password",
      message: "Name oder Passwort stimmen nicht. Bitte prüfe deine Eingabe.",
    };
  }
  const field = rejectedField(err, ["password", "email", "username"]);
  if (field === "password") {
    return {
      field: "password",
      message:
        attempt.mode === "register"
          ? "Dieses Passwort geht leider nicht. Bitte wähle eines mit mindestens 8 Zeichen."
          : "Bitte prüfe dein Passwort.",
    };
  }
  if (field === "email") {
    return {
      field: "email",
      message: "Diese E-Mail-Adresse können wir nicht verwenden. Du kannst das Feld auch leer lassen.",
    };
  }
  if (field === "username") {
    return { field: "username", message: "Bitte prüfe deinen Namen." };
  }
  return { field: "form", message: generalErrorText(err) };
}

export type SearchField = "topic" | "postcode";

/** Errors of the agency search. */
export function searchErrorPlacement(err: unknown): ErrorPlacement<SearchField> {
  if (isApiError(err)) {
    const field = rejectedField(err, ["postcode", "topic"]);
    if (field === "postcode") {
      return { field: "postcode", message: "Diese Postleitzahl kennen wir leider nicht." };
    }
    if (field === "topic") {
      return { field: "topic", message: "Bitte wähle ein Thema aus der Liste." };
    }
  }
  return { field: "form", message: generalErrorText(err) };
}

/** Errors of opening a case, whose only fix may be choosing another agency. */
export function openCaseErrorText(err: unknown): string {
  if (
    isApiError(err) &&
    (err.errcode === "LOTSE_UNKNOWN_AGENCY" || err.errcode === "LOTSE_AGENCY_TOPIC_MISMATCH")
  ) {
    return "Diese Beratungsstelle kann deine Anfrage gerade leider nicht annehmen. Bitte wähle eine andere.";
  }
  return generalErrorText(err);
}
