// Turns an ApiError into German words and decides which form field it belongs to, so that each
// screen can show the error next to the input that caused it.
import { CLIENT_NETWORK_ERROR, isApiError } from "../api/ApiError.ts";
import { pseudonymProblem } from "./validation.ts";

export type ErrorPlacement<F extends string> = { field: F | "form"; message: string };

export const TEXT_NETWORK =
  "Wir erreichen den Server gerade nicht. Bitte prüfe deine Internetverbindung und versuche es noch einmal.";
export const TEXT_RATE_LIMITED = "Das waren gerade sehr viele Versuche. Bitte warte einen Moment.";
export const TEXT_UNKNOWN = "Da ist leider etwas schiefgelaufen. Bitte versuche es gleich noch einmal.";
export const TEXT_SESSION_EXPIRED = "Deine Anmeldung ist abgelaufen. Bitte melde dich noch einmal an.";

/** A German sentence for any error that has no better place than the whole screen. */
export function generalErrorText(err: unknown): string {
  if (!isApiError(err)) return TEXT_UNKNOWN;
  if (err.errcode === CLIENT_NETWORK_ERROR) return TEXT_NETWORK;
  if (err.status === 429) return TEXT_RATE_LIMITED;
  return TEXT_UNKNOWN;
}

export function isUnauthorized(err: unknown): boolean {
  return isApiError(err) && err.status === 401;
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
  if (err.status === 400 && code.includes("PASSWORD")) {
    return {
      field: "password",
      message: "Dieses Passwort geht leider nicht. Bitte wähle ein längeres.",
    };
  }
  if (err.status === 400 && code.includes("EMAIL")) {
    return {
      field: "email",
      message: "Diese E-Mail-Adresse können wir nicht verwenden. Du kannst das Feld auch leer lassen.",
    };
  }
  return { field: "form", message: generalErrorText(err) };
}

export type SearchField = "topic" | "postcode";

/** Errors of the agency search. */
export function searchErrorPlacement(err: unknown): ErrorPlacement<SearchField> {
  if (isApiError(err) && err.status === 400) {
    if (err.errcode.includes("POSTCODE")) {
      return { field: "postcode", message: "Diese Postleitzahl kennen wir leider nicht." };
    }
    if (err.errcode.includes("TOPIC")) {
      return { field: "topic", message: "Bitte wähle ein Thema aus der Liste." };
    }
  }
  return { field: "form", message: generalErrorText(err) };
}
