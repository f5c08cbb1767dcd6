import { describe, expect, it } from "vitest";
import { checkPseudonym } from "../src/pseudonymRule.ts";
import type { PseudonymViolation } from "../src/pseudonymRule.ts";
import { pseudonymViolationText, seekerLocales } from "../src/pseudonymMessages.ts";

const violations: PseudonymViolation[] = [
  "too_short",
  "too_long",
  "invalid_characters",
  "looks_like_email",
  "looks_like_phone",
  "looks_like_link",
  "bad_spacing",
  "imitates_staff",
];

describe("pseudonymViolationText", () => {
  it.each(seekerLocales)("has a non-empty text for every violation in %s", (locale) => {
    for (const v of violations) expect(pseudonymViolationText(v, locale).trim()).not.toBe("");
  });

  it("speaks formally, informally and in English", () => {
    const r = checkPseudonym("ab");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(pseudonymViolationText(r.violation, "de-sie")).toBe("Ihr Name braucht mindestens 3 Zeichen.");
    expect(pseudonymViolationText(r.violation, "de-du")).toBe("Dein Name braucht mindestens 3 Zeichen.");
    expect(pseudonymViolationText(r.violation, "en")).toBe("Your name needs at least 3 characters.");
  });

  it("uses the rule's numbers", () => {
    const rule = { minLength: 5, maxLength: 9, maxDigitRun: 2, maxDigits: 2 };
    expect(pseudonymViolationText("too_long", "en", rule)).toContain("9");
    expect(pseudonymViolationText("looks_like_phone", "de-sie", rule)).toContain("2 Ziffern");
  });
});
