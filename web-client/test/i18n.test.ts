// The seven catalogues (German formal, German informal, Leichte Sprache, English, Turkish, Arabic,
// Ukrainian): exactly the German one's keys in every catalogue (the typechecker enforces it too;
// this also catches a key added to one object through a cast), also for the calls' catalogues
// loaded later; no empty texts, the forms of address kept apart, no protocol words, Leichte
// Sprache's rules, each language named in itself, and the first-visit choice.
import { describe, expect, it } from "vitest";
import { defaultPseudonymRule, pseudonymViolationText } from "@lotse/policies";
import { pseudonymProblem } from "../src/domain/validation.ts";
import {
  applyDocumentLanguage,
  htmlLang,
  initialLocale,
  intlLocale,
  linkLocale,
  LOCALE_NAMES,
  LOCALES,
  LOCALE_STORAGE_KEY,
  readStoredLocale,
  storeLocale,
  textDirection,
} from "../src/i18n/locale.ts";
import { loadMessages, messagesFor } from "../src/i18n/messages.ts";
import { readFileSync } from "node:fs";
import { catalogues, firstParts, laterParts } from "./catalogues.ts";
import type { Messages } from "../src/i18n/messages.ts";
import { callCatalogues } from "../src/i18n/calls.ts";
import { attachmentCatalogues } from "../src/i18n/attachments.ts";
import { localHelpCatalogues } from "../src/i18n/localHelp.ts";
import { deepLinkCatalogues } from "../src/i18n/deepLink.ts";
import { forumCatalogues } from "../src/i18n/forums.ts";
import { SeekerFlow } from "../src/domain/SeekerFlow.ts";
import { SessionStore } from "../src/domain/session.ts";
import type { LotseApi } from "../src/api/lotseApi.ts";

/** Every text of a catalogue, functions called with sample values. */
function texts(m: object): [string, string][] {
  return Object.entries(m).flatMap(([key, value]): [string, string][] => {
    if (typeof value === "string") return [[key, value]];
    if (key === "pseudonymRule") {
      // The pseudonym rule's texts (from @lotse/policies): one function of the rule per violation.
      return Object.entries(value as Record<string, (r: typeof defaultPseudonymRule) => string>).map(
        ([violation, f]): [string, string] => [`${key}.${violation}`, String(f(defaultPseudonymRule))],
      );
    }
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
const pseudonymReference = Object.keys(catalogues["de-sie"].pseudonymRule).sort();

describe("message catalogues", () => {
  it.each(LOCALES)("%s has exactly the keys of the German one", (locale) => {
    expect(Object.keys(catalogues[locale]).sort()).toEqual(reference);
    expect(Object.keys(catalogues[locale].pseudonymRule).sort()).toEqual(pseudonymReference);
    expect(reference.length).toBeGreaterThan(100);
  });

  it("fails on a missing or an extra key (the check itself)", () => {
    const { landingHeading: _dropped, ...missing } = catalogues.tr;
    expect(Object.keys(missing).sort()).not.toEqual(reference);
    expect(Object.keys({ ...catalogues.tr, extraKey: "x" }).sort()).not.toEqual(reference);
  });

  it.each(LOCALES)("%s is the catalogue the app loads for it, in the same two parts as the German one", async (locale) => {
    expect(await loadMessages(locale)).toEqual(catalogues[locale]);
    expect(messagesFor(locale)).toEqual(catalogues[locale]);
    expect(Object.keys(firstParts[locale]).sort()).toEqual(Object.keys(firstParts["de-sie"]).sort());
    expect(Object.keys(laterParts[locale]).sort()).toEqual(Object.keys(laterParts["de-sie"]).sort());
  });

  it("the first screens read only the first part (the later part arrives with the later screens)", () => {
    const laterKeys = new Set(Object.keys(laterParts["de-sie"]));
    const firstScreens = [
      "ui/App.tsx",
      "ui/LandingStep.tsx",
      "ui/FindAgencyStep.tsx",
      "ui/AccountStep.tsx",
      "ui/OpeningStep.tsx",
      "ui/GroupsStep.tsx",
      "ui/LiveStep.tsx",
      "ui/SlotList.tsx",
      "ui/LanguageSwitcher.tsx",
      "ui/Field.tsx",
      "domain/apiErrorMessages.ts",
      "domain/validation.ts",
    ];
    let reads = 0;
    for (const file of firstScreens) {
      const source = readFileSync(new URL(`../src/${file}`, import.meta.url), "utf8");
      for (const [, key] of source.matchAll(/\bt\.(\w+)/gu)) {
        reads++;
        expect(laterKeys.has(key!), `${file} reads the later text ${key}`).toBe(false);
      }
    }
    expect(reads).toBeGreaterThan(100);
    expect(laterKeys.has("chatSend")).toBe(true);
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

  it("keeps the forms of address apart: the formal German and Leichte Sprache never say du, the informal never Sie", () => {
    for (const locale of ["de-sie", "de-leicht"] as const) {
      for (const [key, text] of texts(catalogues[locale])) {
        expect(text, `${locale}.${key}`).not.toMatch(/\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/iu);
      }
    }
    for (const [key, text] of texts(catalogues["de-du"])) {
      expect(text, `de-du.${key}`).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b/u);
    }
  });

  it("differ where they should", () => {
    expect(catalogues["de-sie"].landingHeading).toBe("Sie müssen nicht allein damit bleiben");
    expect(catalogues["de-du"].landingHeading).toBe("Du musst nicht allein damit bleiben");
    expect(catalogues["de-leicht"].landingHeading).toBe("Sie sind nicht allein");
    expect(catalogues.en.landingHeading).toBe("You don't have to deal with it alone");
    expect(catalogues.tr.landingHeading).toBe("Bununla yalnız kalmak zorunda değilsiniz");
    expect(catalogues.ar.landingHeading).toBe("لست مضطرًا لمواجهة الأمر وحدك");
    expect(catalogues.uk.landingHeading).toBe("Вам не треба залишатися з цим наодинці");
    // No catalogue copies another's texts wholesale (a forgotten translation); the two German
    // forms of address share most words by design.
    for (const a of LOCALES) {
      for (const b of LOCALES) {
        if (a >= b || (a === "de-du" && b === "de-sie")) continue;
        const same = reference.filter((k) => typeof catalogues[a][k as keyof Messages] === "string" && catalogues[a][k as keyof Messages] === catalogues[b][k as keyof Messages]);
        expect(same.length, `${a} and ${b} share ${same.join(", ")}`).toBeLessThan(reference.length / 4);
      }
    }
  });

  it("writes the Arabic, Turkish and Ukrainian texts in their own scripts, not in German or English", () => {
    const arabic = /[\u0600-\u06FF]/u;
    const cyrillic = /[\u0400-\u04FF]/u;
    for (const [key, text] of texts(catalogues.ar)) {
      if (/^(progress|accountLeadCity|groupsWhen|slotWhen|duration)/u.test(key)) continue;
      expect(text, `ar.${key}`).toMatch(arabic);
    }
    for (const [key, text] of texts(catalogues.uk)) {
      if (/^(accountLeadCity|groupsWhen|slotWhen)/u.test(key)) continue;
      expect(text, `uk.${key}`).toMatch(cyrillic);
    }
    expect(catalogues.tr.findSubmit).not.toBe(catalogues.en.findSubmit);
  });
});

describe("Leichte Sprache follows its rules", () => {
  const sentences = (text: string) =>
    text
      .split(/(?<=[.!?:])\s+/u)
      .map((s) => s.trim())
      .filter((s) => s !== "");
  const all = [
    ...texts(catalogues["de-leicht"]),
    ...texts(callCatalogues["de-leicht"]),
    ...texts(attachmentCatalogues["de-leicht"]),
    ...texts(deepLinkCatalogues["de-leicht"]),
    ...texts(localHelpCatalogues["de-leicht"]),
  ];

  it("short sentences: at most 15 words each", () => {
    for (const [key, text] of all) {
      for (const sentence of sentences(text)) {
        expect(sentence.split(/\s+/u).length, `de-leicht.${key}: ${sentence}`).toBeLessThanOrEqual(15);
      }
    }
  });

  it("no foreign or hard words where a plain German one exists", () => {
    const hard = /\b(online|chat|chatten|live|anonym\w*|pseudonym\w*|fantasiename|account|login|link|vertraulich|moderation|ICS|queue|Warteschlange|Konto|browser)\b/iu;
    for (const [key, text] of all) expect(text, `de-leicht.${key}`).not.toMatch(hard);
  });

  it("explains the hard words it needs: password, encrypted", () => {
    expect(catalogues["de-leicht"].passwordHintRegister(8)).toContain("Ein Passwort ist ein geheimes Wort.");
    expect(catalogues["de-leicht"].footer).toContain("verschlüsselt. Das heißt:");
  });
});

describe("language names and document language", () => {
  it("names each language in itself", () => {
    expect(LOCALES.map((l) => LOCALE_NAMES[l])).toEqual(["Deutsch", "Deutsch (du)", "Leichte Sprache", "English", "Türkçe", "العربية", "Українська"]);
  });

  it("sets lang and the writing direction: Arabic right to left", () => {
    const root = { lang: "", dir: "" };
    applyDocumentLanguage(root, "ar");
    expect(root).toEqual({ lang: "ar", dir: "rtl" });
    applyDocumentLanguage(root, "de-leicht");
    expect(root).toEqual({ lang: "de", dir: "ltr" });
    expect(LOCALES.filter((l) => textDirection(l) === "rtl")).toEqual(["ar"]);
    expect(intlLocale("uk")).toBe("uk-UA");
    expect(intlLocale("tr")).toBe("tr-TR");
  });
});

describe("deep link catalogues (loaded only when the address carries a link)", () => {
  const ref = Object.keys(deepLinkCatalogues["de-sie"]).sort();
  it.each(LOCALES)("%s has exactly the keys of the others, none empty, no protocol words", (locale) => {
    expect(Object.keys(deepLinkCatalogues[locale]).sort()).toEqual(ref);
    for (const [key, text] of texts(deepLinkCatalogues[locale])) {
      expect(text.trim(), `${locale}.${key}`).not.toBe("");
      expect(text, `${locale}.${key}`).not.toMatch(/matrix|room|device|undefined/iu);
    }
  });
  it("keeps the forms of address apart", () => {
    for (const [key, text] of texts(deepLinkCatalogues["de-sie"])) expect(text, key).not.toMatch(/\b(du|dich|dir|dein|deine|deiner)\b/iu);
    for (const [key, text] of texts(deepLinkCatalogues["de-du"])) expect(text, key).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihrer)\b/u);
  });
});

describe("local help catalogues (loaded with the case page's \"Beratung vor Ort\" after sign-in)", () => {
  const ref = Object.keys(localHelpCatalogues["de-sie"]).sort();
  it.each(LOCALES)("%s has exactly the keys of the others, none empty, no protocol words", (locale) => {
    expect(Object.keys(localHelpCatalogues[locale]).sort()).toEqual(ref);
    for (const [key, text] of texts(localHelpCatalogues[locale])) {
      expect(text.trim(), `${locale}.${key}`).not.toBe("");
      expect(text, `${locale}.${key}`).not.toMatch(/matrix|room|device|@[^\s:]+:|routing|index/iu);
    }
  });
  it("keeps the forms of address apart", () => {
    for (const [key, text] of texts(localHelpCatalogues["de-sie"])) expect(text, key).not.toMatch(/\b(du|dich|dir|dein|deine|deiner)\b/iu);
    for (const [key, text] of texts(localHelpCatalogues["de-du"])) expect(text, key).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihrer)\b/u);
  });
});

describe("call catalogues (loaded with the call screen after sign-in)", () => {
  const callReference = Object.keys(callCatalogues["de-sie"]).sort();

  it.each(LOCALES)("%s has exactly the keys of the German one, none empty, no protocol words", (locale) => {
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

describe("the attachment texts (loaded after sign-in)", () => {
  const reference = Object.keys(attachmentCatalogues["de-sie"]).sort();

  it.each(LOCALES)("%s has exactly the keys of the others, none empty, no protocol words", (locale) => {
    expect(Object.keys(attachmentCatalogues[locale]).sort()).toEqual(reference);
    for (const [key, text] of texts(attachmentCatalogues[locale])) {
      expect(text.trim(), `${locale}.${key}`).not.toBe("");
      expect(text, `${locale}.${key}`).not.toMatch(/undefined|NaN|not a text/u);
      expect(text, `${locale}.${key}`).not.toMatch(/matrix|room|device|mxc|exif|upload|@[^\s:]+:/iu);
    }
  });

  it("keeps the forms of address apart", () => {
    for (const [key, text] of texts(attachmentCatalogues["de-sie"])) {
      expect(text, `de-sie.${key}`).not.toMatch(/\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/iu);
    }
    for (const [key, text] of texts(attachmentCatalogues["de-du"])) {
      expect(text, `de-du.${key}`).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b/u);
    }
    expect(attachmentCatalogues["de-sie"].attachRefusedSize("10 MB")).toBe("Diese Datei ist zu groß. Eine Datei darf höchstens 10 MB groß sein.");
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

describe("the catalogues loaded later are complete in every language", () => {
  // Each catalogue against the union of all its languages' keys, so a key added in only some
  // languages (as merges of de-sie/de-du/en-only branches do) fails here, whichever side lacks it.
  // The forums' report reasons are a nested object: checked as keys of their own.
  const forumsFlat = Object.fromEntries(
    LOCALES.map((locale) => {
      const { reasons, ...rest } = forumCatalogues[locale];
      return [locale, { ...rest, ...Object.fromEntries(Object.entries(reasons).map(([k, v]) => [`reasons.${k}`, v])) }];
    }),
  ) as unknown as Record<(typeof LOCALES)[number], Record<string, unknown>>;
  const later = { calls: callCatalogues, attachments: attachmentCatalogues, deepLink: deepLinkCatalogues, localHelp: localHelpCatalogues, forums: forumsFlat } as const;
  const cases = Object.entries(later).flatMap(([name, cats]) => LOCALES.map((locale) => [name, locale] as const));
  it.each(cases)("%s: %s has every key, none empty", (name, locale) => {
    const cats = later[name as keyof typeof later] as Record<string, Record<string, unknown>>;
    expect(Object.keys(cats).sort(), name).toEqual([...LOCALES].sort());
    const union = [...new Set(Object.values(cats).flatMap((c) => Object.keys(c)))].sort();
    const cat = cats[locale];
    expect(cat, `${name}.${locale}`).toBeDefined();
    expect(Object.keys(cat ?? {}).sort(), `${name}.${locale}`).toEqual(union);
    for (const [key, text] of texts(cat ?? {})) expect(text.trim(), `${name}.${locale}.${key}`).not.toBe("");
  });

  it("Leichte Sprache never says du in them", () => {
    for (const [name, cats] of Object.entries(later)) {
      for (const [key, text] of texts(cats["de-leicht"])) {
        expect(text, `${name}.de-leicht.${key}`).not.toMatch(/\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines)\b/iu);
      }
    }
  });

  it("writes their Arabic and Ukrainian texts in their own scripts, and none copies the English", () => {
    for (const [name, cats] of Object.entries(later)) {
      for (const [key, text] of texts(cats.ar)) if (key !== "duration") expect(text, `${name}.ar.${key}`).toMatch(/[\u0600-\u06FF]/u);
      for (const [key, text] of texts(cats.uk)) expect(text, `${name}.uk.${key}`).toMatch(/[\u0400-\u04FF]/u);
      const en = new Map(texts(cats.en));
      for (const locale of ["de-leicht", "tr", "ar", "uk"] as const) {
        for (const [key, text] of texts(cats[locale])) expect(text, `${name}.${locale}.${key}`).not.toBe(en.get(key));
      }
    }
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
    expect(initialLocale(null, ["fr-FR", "tr-TR", "de"])).toBe("tr");
    expect(initialLocale(null, ["ar-SY"])).toBe("ar");
    expect(initialLocale(null, ["uk"])).toBe("uk");
    expect(initialLocale("de-leicht", ["en"])).toBe("de-leicht");
    expect(htmlLang("de-du")).toBe("de");
    expect(htmlLang("de-leicht")).toBe("de");
    expect(htmlLang("en")).toBe("en");
    expect(htmlLang("uk")).toBe("uk");
  });

  it("takes a link's ?lang= (an agency's entry card) when it names one of the seven; anything else is ignored", () => {
    expect(linkLocale("?agency=2c7a3f1e-9b0d-4c1a-8e55-0a1b2c3d4e5f&lang=tr")).toBe("tr");
    expect(linkLocale("?lang=ar")).toBe("ar");
    expect(linkLocale("?lang=de-leicht&topic=sucht")).toBe("de-leicht");
    for (const search of ["", "?agency=x", "?lang=", "?lang=xx", "?lang=TR", "?lang=de", "?language=tr", "?lang=%3Cscript%3E"]) {
      expect(linkLocale(search), search).toBeNull();
    }
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
