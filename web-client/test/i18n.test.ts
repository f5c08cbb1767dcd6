// The three catalogues (German formal, German informal, English): every key in every catalogue
// (the typechecker enforces it too; this also catches a key added to one object through a cast),
// no empty texts, the forms of address kept apart, no protocol words, and the first-visit choice.
import { describe, expect, it } from "vitest";
import { defaultPseudonymRule, pseudonymViolationText } from "@lotse/policies";
import { pseudonymProblem } from "../src/domain/validation.ts";
import { htmlLang, initialLocale, LOCALES, LOCALE_STORAGE_KEY, readStoredLocale, storeLocale } from "../src/i18n/locale.ts";
import { catalogues } from "../src/i18n/messages.ts";
import type { Messages } from "../src/i18n/messages.ts";
import { callCatalogues } from "../src/i18n/calls.ts";
import { forumCatalogues } from "../src/i18n/forums.ts";
import { SeekerFlow } from "../src/domain/SeekerFlow.ts";
import { SessionStore } from "../src/domain/session.ts";
import type { LotseApi } from "../src/api/lotseApi.ts";

/** Every text of a catalogue, functions called with sample values. */
function texts(m: object): [string, string][] {
  return Object.entries(m).flatMap(([key, value]): [string, string][] => {
    if (typeof value === "string") return [[key, value]];
    if (Array.isArray(value)) return value.map((v, i): [string, string] => [`${key}[${i}]`, String(v)]);
    if (typeof value === "function") {
      const f = value as (...a: unknown[]) => unknown;
      // Texts that take a yes/no (e.g. a call with or without video) are checked both ways.
      return f.length === 1 && key !== "progress"
        ? [[key, String(f(2))], [`${key}(true)`, String(f(true))], [`${key}(false)`, String(f(false))]]
        : [[key, String(f(2, "X"))]];
    }
    return [[key, `not a text: ${typeof value}`]];
  });
}

const reference = Object.keys(catalogues["de-sie"]).sort();

describe("message catalogues", () => {
  it.each(LOCALES)("%s has exactly the keys of the others", (locale) => {
    expect(Object.keys(catalogues[locale]).sort()).toEqual(reference);
    expect(reference.length).toBeGreaterThan(100);
  });

  it.each(LOCALES)("%s has no empty text", (locale) => {
    for (const [key, text] of texts(catalogues[locale])) {
      expect(text.trim(), `${locale}.${key}`).not.toBe("");
      expect(text, `${locale}.${key}`).not.toMatch(/undefined|NaN|not a text/u);
    }
  });

  it.each(LOCALES)("%s uses no protocol words", (locale) => {
    for (const [key, text] of texts(catalogues[locale])) {
      expect(text, `${locale}.${key}`).not.toMatch(/matrix|room|device|@[^\s:]+:/iu);
    }
  });

  it("keeps the forms of address apart: the formal German never says du, the informal never Sie", () => {
    for (const [key, text] of texts(catalogues["de-sie"])) {
      expect(text, `de-sie.${key}`).not.toMatch(/\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/iu);
    }
    for (const [key, text] of texts(catalogues["de-du"])) {
      expect(text, `de-du.${key}`).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b/u);
    }
  });

  it("differ where they should", () => {
    expect(catalogues["de-sie"].landingHeading).toBe("Sie müssen nicht allein damit bleiben");
    expect(catalogues["de-du"].landingHeading).toBe("Du musst nicht allein damit bleiben");
    expect(catalogues.en.landingHeading).toBe("You don't have to deal with it alone");
  });
});

describe("call catalogues (loaded with the call screen after sign-in)", () => {
  const callReference = Object.keys(callCatalogues["de-sie"]).sort();

  it.each(LOCALES)("%s has exactly the keys of the others, none empty, no protocol words", (locale) => {
    expect(Object.keys(callCatalogues[locale]).sort()).toEqual(callReference);
    for (const [key, text] of texts(callCatalogues[locale])) {
      expect(text.trim(), `${locale}.${key}`).not.toBe("");
      expect(text, `${locale}.${key}`).not.toMatch(/undefined|NaN|not a text/u);
      expect(text, `${locale}.${key}`).not.toMatch(/matrix|room|device|@[^\s:]+:|webrtc|turn server/iu);
    }
  });

  it("keeps the forms of address apart", () => {
    for (const [key, text] of texts(callCatalogues["de-sie"])) {
      expect(text, `de-sie.${key}`).not.toMatch(/\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/iu);
    }
    for (const [key, text] of texts(callCatalogues["de-du"])) {
      expect(text, `de-du.${key}`).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b/u);
    }
    expect(callCatalogues["de-sie"].incomingHeading).toBe("Ihre Beratung ruft an");
    expect(callCatalogues["de-du"].incomingHeading).toBe("Deine Beratung ruft an");
    expect(callCatalogues.en.duration("3:05")).toBe("Duration 3:05");
  });
});

describe("forum catalogues (loaded with the forum screens)", () => {
  const forumReference = Object.keys(forumCatalogues["de-sie"]).sort();
  const all = (locale: keyof typeof forumCatalogues) => {
    const { reasons, ...rest } = forumCatalogues[locale];
    return [...texts(rest), ...texts(reasons)];
  };

  it.each(LOCALES)("%s has exactly the keys of the others, none empty, no protocol words", (locale) => {
    expect(Object.keys(forumCatalogues[locale]).sort()).toEqual(forumReference);
    expect(Object.keys(forumCatalogues[locale].reasons).sort()).toEqual(Object.keys(forumCatalogues["de-sie"].reasons).sort());
    for (const [key, text] of all(locale)) {
      expect(text.trim(), `${locale}.${key}`).not.toBe("");
      expect(text, `${locale}.${key}`).not.toMatch(/undefined|NaN|not a text/u);
      expect(text, `${locale}.${key}`).not.toMatch(/matrix|room|device|@[^\s:]+:/iu);
    }
  });

  it("keeps the forms of address apart and says plainly when a forum is not end-to-end encrypted", () => {
    for (const [key, text] of all("de-sie")) expect(text, `de-sie.${key}`).not.toMatch(/\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/iu);
    for (const [key, text] of all("de-du")) expect(text, `de-du.${key}`).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b/u);
    expect(forumCatalogues["de-sie"].notEncrypted).toMatch(/^Andere Mitglieder und die Moderation können hier mitlesen/u);
    expect(forumCatalogues["de-sie"].personalCounseling).toBe("Ich möchte persönlich beraten werden");
  });
});

describe("the pseudonym rule's messages from policies, in the chosen language", () => {
  it.each(LOCALES)("%s", (locale) => {
    expect(pseudonymProblem("Sonnenblume", locale)).toBeNull();
    expect(pseudonymProblem("ab", locale)).toBe(pseudonymViolationText("too_short", locale));
    expect(pseudonymProblem("ab", locale)).toContain(String(defaultPseudonymRule.minLength));
    expect(pseudonymProblem("www.anna.de", locale)).toBe(pseudonymViolationText("looks_like_link", locale));
  });
});

describe("choosing the language", () => {
  it("takes a remembered choice first, then the browser's languages, then formal German", () => {
    expect(initialLocale("de-du", ["en-US"])).toBe("de-du");
    expect(initialLocale(null, ["en-US", "de"])).toBe("en");
    expect(initialLocale(null, ["fr-FR", "de-AT", "en"])).toBe("de-sie");
    expect(initialLocale(null, ["fr-FR"])).toBe("de-sie");
    expect(initialLocale("klingon", [])).toBe("de-sie");
    expect(htmlLang("de-du")).toBe("de");
    expect(htmlLang("en")).toBe("en");
  });

  it("remembers the choice and switches every text the flow produces", async () => {
    const stored = new Map<string, string>();
    const prefs = { getItem: (k: string) => stored.get(k) ?? null, setItem: (k: string, v: string) => void stored.set(k, v) };
    const api = { listTopics: async () => [] } as unknown as LotseApi;
    const flow = new SeekerFlow({ api, session: new SessionStore(null), preferences: prefs });
    expect(flow.state.locale).toBe("de-sie");
    flow.beginSearch();
    await flow.searchAgencies();
    expect(flow.state.find.errors.topic).toBe("Bitte wählen Sie ein Thema.");
    flow.setLocale("en");
    expect(stored.get(LOCALE_STORAGE_KEY)).toBe("en");
    expect(readStoredLocale(prefs)).toBe("en");
    await flow.searchAgencies();
    expect(flow.state.find.errors.topic).toBe("Please choose a topic.");
    expect(flow.state.find.errors.postcode).toBe("Please enter your postcode.");
    flow.setLocale("de-du");
    await flow.searchAgencies();
    expect(flow.state.find.errors.topic).toBe("Bitte wähle ein Thema.");
    storeLocale(null, "en"); // no storage: no error
  });
});
