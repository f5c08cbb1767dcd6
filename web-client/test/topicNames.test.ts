// The topic name a seeker sees: the chosen locale's own name from the API, else German (Leichte
// Sprache) or English (Turkish, Arabic, Ukrainian); the German catalogues German, English English.
import { describe, expect, it } from "vitest";
import type { LocalizedName } from "../src/api/types.ts";
import { LOCALES } from "../src/i18n/locale.ts";
import { localName, sortedByName } from "../src/i18n/topics.ts";

const full: LocalizedName = {
  de: "Schulden",
  en: "Debt",
  "de-leicht": "Hilfe bei Schulden",
  tr: "Borçlar",
  ar: "الديون",
  uk: "Борги",
};
const twoOnly: LocalizedName = { de: "Sucht", en: "Addiction" };

describe("localName", () => {
  it("picks each locale's own name when the API sends one", () => {
    const picked = Object.fromEntries(LOCALES.map((l) => [l, localName(full, l)]));
    expect(picked).toEqual({
      "de-sie": "Schulden",
      "de-du": "Schulden",
      "de-leicht": "Hilfe bei Schulden",
      en: "Debt",
      tr: "Borçlar",
      ar: "الديون",
      uk: "Борги",
    });
  });

  it("falls back to German for Leichte Sprache and to English for Turkish, Arabic and Ukrainian", () => {
    const picked = Object.fromEntries(LOCALES.map((l) => [l, localName(twoOnly, l)]));
    expect(picked).toEqual({ "de-sie": "Sucht", "de-du": "Sucht", "de-leicht": "Sucht", en: "Addiction", tr: "Addiction", ar: "Addiction", uk: "Addiction" });
  });

  it("treats a blank name as missing", () => {
    expect(localName({ ...twoOnly, tr: "  ", "de-leicht": "" }, "tr")).toBe("Addiction");
    expect(localName({ ...twoOnly, tr: "  ", "de-leicht": "" }, "de-leicht")).toBe("Sucht");
  });

  it("sorts by the picked name", () => {
    const items = [
      { id: "a", name: { de: "A", en: "A", tr: "Zeta" } },
      { id: "b", name: { de: "B", en: "B", tr: "Alfa" } },
    ];
    expect(sortedByName(items, "tr").map((i) => i.id)).toEqual(["b", "a"]);
    expect(sortedByName(items, "de-sie").map((i) => i.id)).toEqual(["a", "b"]);
  });
});
