import { describe, expect, it } from "vitest";
import { ApiError, CLIENT_BAD_RESPONSE, CLIENT_NETWORK_ERROR } from "../src/api/ApiError.ts";
import {
  accountErrorPlacement,
  generalErrorText,
  openCaseErrorText,
  searchErrorPlacement,
  TEXT_NETWORK,
  TEXT_UNREACHABLE,
} from "../src/domain/apiErrorMessages.ts";
import { caseStatusLabel } from "../src/domain/caseStatus.ts";
import {
  emailProblem,
  newPasswordProblem,
  postcodeProblem,
  pseudonymProblem,
} from "../src/domain/validation.ts";

describe("input checks", () => {
  it("accepts five-digit postcodes only", () => {
    expect(postcodeProblem(" 10115 ")).toBeNull();
    expect(postcodeProblem("")).toMatch(/Postleitzahl/);
    expect(postcodeProblem("1011")).toMatch(/5 Ziffern/);
    expect(postcodeProblem("1011a")).toMatch(/5 Ziffern/);
  });

  it("explains the pseudonym rule of @lotse/policies in German", () => {
    expect(pseudonymProblem("Sonnenblume")).toBeNull();
    expect(pseudonymProblem("ab")).toMatch(/mindestens 3 Zeichen/);
    expect(pseudonymProblem("anna@example.org")).toMatch(/E-Mail-Adresse/);
    expect(pseudonymProblem("Anna 0171 2345678")).toMatch(/Telefonnummer/);
    expect(pseudonymProblem("www.anna.de")).toMatch(/Link/);
  });

  it("asks for a password of at least 8 characters", () => {
    expect(newPasswordProblem("")).toMatch(/wähle ein Passwort/);
    expect(newPasswordProblem("kurz")).toMatch(/mindestens 8/);
    expect(newPasswordProblem("lang genug")).toBeNull();
  });

  it("lets the optional e-mail be empty but not half typed", () => {
    expect(emailProblem("")).toBeNull();
    expect(emailProblem("  ")).toBeNull();
    expect(emailProblem("anna@example.org")).toBeNull();
    expect(emailProblem("anna@")).toMatch(/leer lassen/);
  });
});

describe("API errors in German, at the right field", () => {
  const register = { mode: "register" as const, username: "Sonnenblume" };

  it("puts a taken or invalid pseudonym at the name field", () => {
    expect(
      accountErrorPlacement(new ApiError(409, "LOTSE_USERNAME_TAKEN", "taken"), register),
    ).toEqual({ field: "username", message: expect.stringMatching(/gibt es schon/) });
    expect(
      accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_PSEUDONYM", "x"), {
        mode: "register",
        username: "anna@example.org",
      }),
    ).toEqual({ field: "username", message: expect.stringMatching(/E-Mail-Adresse/) });
    // A rejection the local rule does not explain still gets a German sentence.
    expect(
      accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_PSEUDONYM", "x"), register).message,
    ).toMatch(/nicht möglich/);
  });

  it("puts bad credentials at the password field", () => {
    expect(
      accountErrorPlacement(new ApiError(401, "LOTSE_BAD_CREDENTIALS", "bad"), {
        mode: "login",
        username: "Sonnenblume",
      }).field,
    ).toBe("password");
  });

  it("routes password and e-mail validation codes to their fields", () => {
    expect(accountErrorPlacement(new ApiError(400, "LOTSE_WEAK_PASSWORD", ""), register).field).toBe(
      "password",
    );
    expect(accountErrorPlacement(new ApiError(400, "LOTSE_INVALID_EMAIL", ""), register).field).toBe(
      "email",
    );
  });

  it("reads the field out of the API's generic schema rejection", () => {
    const weak = new ApiError(400, "LOTSE_INVALID_INPUT", "body/password must NOT have fewer than 8 characters");
    expect(accountErrorPlacement(weak, register).field).toBe("password");
    const email = new ApiError(400, "LOTSE_INVALID_INPUT", 'body/email must match format "email"');
    expect(accountErrorPlacement(email, register).field).toBe("email");
    const other = new ApiError(400, "LOTSE_INVALID_INPUT", "body must have required property 'topic'");
    expect(accountErrorPlacement(other, register).field).toBe("form");
    const postcode = new ApiError(400, "LOTSE_INVALID_INPUT", 'querystring/postcode must match pattern "^[0-9]{5}$"');
    expect(searchErrorPlacement(postcode).field).toBe("postcode");
  });

  it("asks for another agency when the chosen one cannot take the case", () => {
    expect(openCaseErrorText(new ApiError(400, "LOTSE_AGENCY_TOPIC_MISMATCH", ""))).toMatch(/andere/);
    expect(openCaseErrorText(new ApiError(404, "LOTSE_UNKNOWN_AGENCY", ""))).toMatch(/andere/);
    expect(openCaseErrorText(new ApiError(503, "LOTSE_HOMESERVER_UNAVAILABLE", ""))).toMatch(/schiefgelaufen/);
  });

  it("shows network trouble, rate limits and server errors for the whole form", () => {
    const network = new ApiError(0, CLIENT_NETWORK_ERROR, "Failed to fetch");
    expect(accountErrorPlacement(network, register)).toEqual({ field: "form", message: TEXT_NETWORK });
    expect(generalErrorText(new ApiError(429, "LOTSE_RATE_LIMITED", ""))).toMatch(/warte/);
    expect(generalErrorText(new ApiError(500, "LOTSE_INTERNAL", "boom"))).toMatch(/schiefgelaufen/);
    expect(generalErrorText(new Error("not an ApiError"))).toMatch(/schiefgelaufen/);
    expect(generalErrorText(new ApiError(502, CLIENT_BAD_RESPONSE, "proxy page"))).toBe(TEXT_UNREACHABLE);
  });

  it("places search errors at topic or postcode", () => {
    expect(searchErrorPlacement(new ApiError(400, "LOTSE_INVALID_POSTCODE", "")).field).toBe(
      "postcode",
    );
    expect(searchErrorPlacement(new ApiError(404, "LOTSE_UNKNOWN_TOPIC", "")).field).toBe("topic");
    expect(searchErrorPlacement(new ApiError(503, "LOTSE_UNAVAILABLE", "")).field).toBe("form");
  });
});

describe("caseStatusLabel", () => {
  it("names every known status and tolerates new ones", () => {
    expect(caseStatusLabel("new").tone).toBe("waiting");
    expect(caseStatusLabel("in_progress").label).toBe("In Beratung");
    expect(caseStatusLabel("archived").tone).toBe("closed");
    expect(caseStatusLabel("closed").tone).toBe("closed");
    expect(caseStatusLabel("something_new").label).toBe("In Bearbeitung");
  });
});
