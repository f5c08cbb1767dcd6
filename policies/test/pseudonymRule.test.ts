import { describe, expect, it } from "vitest";
import { checkPseudonym, pseudonymKey } from "../src/pseudonymRule.ts";

describe("checkPseudonym", () => {
  it.each(["Anna B", "Sonnenblume", "müde_mama", "Kai-23", "Łucja", "Юля", "نور"])("accepts %s", (name) => {
    const r = checkPseudonym(name);
    expect(r.ok).toBe(true);
  });

  it("trims and keeps the pseudonym as written", () => {
    expect(checkPseudonym("  Sonnenblume ")).toEqual({ ok: true, pseudonym: "Sonnenblume", key: "sonnenblume" });
  });

  it.each([
    ["ab", "too_short"],
    ["a".repeat(31), "too_long"],
    ["anna@example.org", "looks_like_email"],
    ["anna at web@de", "looks_like_email"],
    ["www.anna", "looks_like_link"],
    ["https anna", "looks_like_link"],
    ["anna.de", "looks_like_link"],
    ["0151 2345678", "looks_like_phone"],
    ["anna123456", "looks_like_phone"],
    ["a1b2c3d4e5", "looks_like_phone"],
    ["anna<script>", "invalid_characters"],
    ["anna 🙂", "invalid_characters"],
    ["_anna", "bad_spacing"],
    ["anna  b", "bad_spacing"],
  ])("rejects %s as %s", (name, violation) => {
    const r = checkPseudonym(name);
    expect(r).toMatchObject({ ok: false, violation });
    if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
  });
});

describe("pseudonymKey", () => {
  it("folds case, width and separators so look-alikes collide", () => {
    expect(pseudonymKey("Anna_B")).toBe(pseudonymKey("anna b"));
    expect(pseudonymKey("ANNA-B")).toBe(pseudonymKey("anna.b"));
    expect(pseudonymKey("Ａｎｎａ")).toBe(pseudonymKey("anna"));
    expect(pseudonymKey("anna")).not.toBe(pseudonymKey("anne"));
  });
});
