import { describe, expect, it } from "vitest";
import { checkPseudonym, imitatesStaff, lookalikeFold, pseudonymKey } from "../src/pseudonymRule.ts";

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

describe("names that imitate staff", () => {
  it.each([
    "Berater Tom",
    "Beraterin Anna",
    "BERATERIN",
    "Moderator",
    "Team Moderation",
    "Admin",
    "4dm1n",
    "A d m i n",
    "a.d.m.i.n",
    "Аdmin", // Cyrillic А
    "Αdmіn", // Greek Α, Cyrillic і
    "Ａｄｍｉｎ", // full width
    "Admín",
    "L0tse",
    "1otse",
    "lotse_team",
    "Supp0rt",
    "B3r4ter",
  ])("refuses %s", (name) => {
    const r = checkPseudonym(name);
    expect(r).toMatchObject({ ok: false, violation: "imitates_staff" });
  });

  it("refuses the agencies' names given as reserved, also as look-alikes, and accepts them without", () => {
    const agencies = ["Caritas Köln", "Diakonie Hamburg"];
    expect(checkPseudonym("Caritas Koln", undefined, agencies)).toMatchObject({ ok: false, violation: "imitates_staff" });
    expect(checkPseudonym("C4ritas-Köln 2", undefined, agencies)).toMatchObject({ ok: false, violation: "imitates_staff" });
    expect(checkPseudonym("diakonie hamburg", undefined, agencies)).toMatchObject({ ok: false, violation: "imitates_staff" });
    expect(checkPseudonym("Caritas Koln").ok).toBe(true);
  });

  it.each(["Anna", "Bernd", "Mia Sonnenschein", "Lotta", "Adam", "Ramona", "Emil"])("accepts the ordinary name %s", (name) => {
    expect(checkPseudonym(name).ok).toBe(true);
  });

  it("folds look-alikes to one string", () => {
    expect(lookalikeFold("4DM1N")).toBe(lookalikeFold("admin"));
    expect(lookalikeFold("Аdmin")).toBe(lookalikeFold("admin"));
    expect(lookalikeFold("A-d m.i_n")).toBe(lookalikeFold("admin"));
    expect(imitatesStaff("Anna")).toBe(false);
  });
});
