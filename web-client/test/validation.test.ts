import { describe, expect, it } from "vitest";
import { ApiError, CLIENT_BAD_RESPONSE, CLIENT_NETWORK_ERROR } from "../src/api/ApiError.ts";
import {
  accountErrorPlacement,
  generalErrorText,
  openCaseErrorText,
  searchErrorPlacement,
} from "../src/domain/apiErrorMessages.ts";
import { caseStatusLabel } from "../src/domain/caseStatus.ts";
import {
  emailProblem,
  newPasswordProblem,
  postcodeProblem,
  pseudonymProblem,
} from "../src/domain/validation.ts";
import { messagesFor } from "../src/i18n/messages.ts";

const t = messagesFor("de-sie");
const en = messagesFor("en");

describe("input checks", () => {
  it("accepts five-digit postcodes only", () => {
    expect(postcodeProblem(" 10115 ", t)).toBeNull();
    expect(postcodeProblem("", t)).toMatch(/Postleitzahl/);
    expect(postcodeProblem("1011", t)).toMatch(/5 Ziffern/);
    expect(postcodeProblem("1011a", t)).toMatch(/5 Ziffern/);
  });

  it("explains the pseudonym rule of @lotse/policies in German", () => {
    expect(pseudonymProblem("Sonnenblume", "de-sie")).toBeNull();
    expect(pseudonymProblem("ab", "de-sie")).toMatch(/mindestens 3 Zeichen/);
    expect(pseudonymProblem("anna@example.org", "de-sie")).toMatch(/E-Mail-Adresse/);
    expect(pseudonymProblem("Anna 0171 2345678", "de-sie")).toMatch(/Telefonnummer/);
    expect(pseudonymProblem("www.anna.de", "de-sie")).toMatch(/Link/);
  });

  it("asks for a password of at least 8 characters", () => {
    expect(newPasswordProblem("", t)).toMatch(/wählen Sie ein Passwort/);
    expect(newPasswordProblem("kurz", t)).toMatch(/mindestens 8/);
    expect(newPasswordProblem("lang genug", t)).toBeNull();
  });

  it("lets the optional e-mail be empty but not half typed", () => {
    expect(emailProblem("", t)).toBeNull();
    expect(emailProblem("  ", t)).toBeNull();
    expect(emailProblem("anna@example.org", t)).toBeNull();
    expect(emailProblem("anna@", t)).toMatch(/leer lassen/);
  });
});

const register = { mode: "register" as const, username: "Sonnenblume" };

describe("API errors in German, at the right field", () => {
  it("puts a taken or invalid pseudonym at the name field", () => {
    expect(
      accountErrorPlacement(new ApiError(409, "LOTSE_USERNAME_TAKEN", "taken"), register, "de-sie"),
    ).toEqual({ field: "username", message: expect.stringMatching(/gibt es schon/) });
    expect(
      accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_PSEUDONYM", "x"), {
        mode: "register",
        username: "anna@example.org",
      }, "de-sie"),
    ).toEqual({ field: "username", message: expect.stringMatching(/E-Mail-Adresse/) });
    // A rejection the local rule does not explain still gets a German sentence.
    expect(
      accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_PSEUDONYM", "x"), register, "de-sie").message,
    ).toMatch(/nicht möglich/);
  });

  it("words a name that imitates staff or an agency (the API knows the agencies' names) in each language", () => {
    const caritas = { mode: "register" as const, username: "Caritas Koeln" };
    const err = new ApiError(400, "LOTSE_PSEUDONYM_IMITATES_STAFF", "x");
    expect(accountErrorPlacement(err, caritas, "de-sie")).toEqual({ field: "username", message: expect.stringMatching(/Bitte wählen Sie einen Namen/) });
    expect(accountErrorPlacement(err, caritas, "de-du").message).toMatch(/Bitte wähle einen Namen/);
    expect(accountErrorPlacement(err, caritas, "en").message).toMatch(/does not sound like a counselor/);
    // The app's own check already refuses the staff words before anything is sent.
    expect(accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_PSEUDONYM", "x"), { mode: "register", username: "B3r4terin Anna" }, "de-sie").message).toMatch(/Beratung/);
  });

  it("puts bad credentials at the password field", () => {
    expect(
      accountErrorPlacement(new ApiError(401, "LOTSE_BAD_CREDENTIALS", "bad"), {
        mode: "login",
        username: "Sonnenblume",
      }, "de-sie").field,
    ).toBe("password");
  });

  it("routes password and e-mail validation codes to their fields", () => {
    expect(accountErrorPlacement(new ApiError(400, "LOTSE_WEAK_PASSWORD", ""), register, "de-sie").field).toBe(
      "password",
    );
    expect(accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_EMAIL", ""), register, "de-sie").field).toBe(
      "email",
    );
  });

  it("reads the field out of the API's generic schema rejection", () => {
    const weak = new ApiError(400, "LOTSE_INVALID_INPUT", "body/password must NOT have fewer than 8 characters");
    expect(accountErrorPlacement(weak, register, "de-sie").field).toBe("password");
    const email = new ApiError(400, "LOTSE_INVALID_INPUT", 'body/email must match format "email"');
    expect(accountErrorPlacement(email, register, "de-sie").field).toBe("email");
    const other = new ApiError(400, "LOTSE_INVALID_INPUT", "body must have required property 'topic'");
    expect(accountErrorPlacement(other, register, "de-sie").field).toBe("form");
    const postcode = new ApiError(400, "LOTSE_INVALID_INPUT", 'querystring/postcode must match pattern "^[0-9]{5}$"');
    expect(searchErrorPlacement(postcode, "de-sie").field).toBe("postcode");
  });

  it("asks for another agency when the chosen one cannot take the case", () => {
    expect(openCaseErrorText(new ApiError(400, "LOTSE_AGENCY_TOPIC_MISMATCH", ""), "de-sie")).toMatch(/andere/);
    expect(openCaseErrorText(new ApiError(404, "LOTSE_UNKNOWN_AGENCY", ""), "de-sie")).toMatch(/andere/);
    expect(openCaseErrorText(new ApiError(503, "LOTSE_HOMESERVER_UNAVAILABLE", ""), "de-sie")).toMatch(/schiefgelaufen/);
  });

  it("shows network trouble, rate limits and server errors for the whole form", () => {
    const network = new ApiError(0, CLIENT_NETWORK_ERROR, "Failed to fetch");
    expect(accountErrorPlacement(network, register, "de-sie")).toEqual({ field: "form", message: t.errNetwork });
    expect(generalErrorText(new ApiError(429, "LOTSE_RATE_LIMITED", ""), "de-sie")).toMatch(/warte/);
    expect(generalErrorText(new ApiError(500, "LOTSE_INTERNAL", "boom"), "de-sie")).toMatch(/schiefgelaufen/);
    expect(generalErrorText(new Error("not an ApiError"), "de-sie")).toMatch(/schiefgelaufen/);
    expect(generalErrorText(new ApiError(502, CLIENT_BAD_RESPONSE, "proxy page"), "de-sie")).toBe(t.errUnreachable);
  });

  it("places search errors at topic or postcode", () => {
    expect(searchErrorPlacement(new ApiError(400, "LOTSE_INVALID_POSTCODE", ""), "de-sie").field).toBe(
      "postcode",
    );
    expect(searchErrorPlacement(new ApiError(404, "LOTSE_UNKNOWN_TOPIC", ""), "de-sie").field).toBe("topic");
    expect(searchErrorPlacement(new ApiError(503, "LOTSE_UNAVAILABLE", ""), "de-sie").field).toBe("form");
  });
});

describe("caseStatusLabel", () => {
  it("names every known status, answered or not, and tolerates new ones", () => {
    expect(caseStatusLabel("new", false, t)).toEqual({ label: "Wartet auf eine Beraterin oder einen Berater", tone: "waiting" });
    expect(caseStatusLabel("new", undefined, t).tone).toBe("waiting");
    expect(caseStatusLabel("in_progress", false, t).label).toBe("Angenommen – eine Antwort kommt bald");
    expect(caseStatusLabel("in_progress", true, t)).toEqual({ label: "Beantwortet", tone: "active" });
    expect(caseStatusLabel("new", true, t).label).toBe("Beantwortet");
    expect(caseStatusLabel("archived", true, t)).toEqual({ label: "Abgeschlossen", tone: "closed" });
    expect(caseStatusLabel("closed", false, t).tone).toBe("closed");
    expect(caseStatusLabel("something_new", false, t).label).toBe("In Bearbeitung");
    expect(caseStatusLabel("new", false, en).label).toBe("Waiting for a counselor");
    expect(caseStatusLabel("in_progress", true, en).label).toBe("Answered");
    expect(caseStatusLabel("closed", true, en).label).toBe("Closed");
  });
});

describe("texts in the chosen language", () => {
  it("explains the pseudonym rule in English and informal German too", () => {
    expect(pseudonymProblem("ab", "en")).toBe("Your name needs at least 3 characters.");
    expect(pseudonymProblem("ab", "de-du")).toBe("Dein Name braucht mindestens 3 Zeichen.");
    expect(pseudonymProblem("anna@example.org", "en")).toMatch(/e-mail address/);
  });

  it("puts API errors in English when English is chosen", () => {
    expect(accountErrorPlacement(new ApiError(409, "LOTSE_USERNAME_TAKEN", "taken"), register, "en").message).toBe(
      en.errUsernameTaken,
    );
    expect(
      accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_PSEUDONYM", "x"), { mode: "register", username: "ab" }, "en").message,
    ).toBe("Your name needs at least 3 characters.");
    expect(generalErrorText(new ApiError(429, "LOTSE_RATE_LIMITED", ""), "en")).toBe(en.errRateLimited);
    expect(openCaseErrorText(new ApiError(404, "LOTSE_UNKNOWN_AGENCY", ""), "de-du")).toMatch(/wähle eine andere/);
  });
});
