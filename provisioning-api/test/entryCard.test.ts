// The entry card's catalogue and page (issue 15): every one of the seven languages has exactly the
// German one's keys, none empty, plain words (Leichte Sprache's rules, the forms of address kept
// apart, no protocol words); `?lang=` picks the card's language (unknown or missing → German), the
// page says its language and direction, and the link into the app and the snippets carry it.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seekerLocales } from "@lotse/policies";
import {
  agencyDeepLink,
  CARD_FRAME,
  CARD_STYLE,
  cardCatalogues,
  cardCsp,
  cardLanguage,
  type CardTexts,
  entrySnippets,
  renderCard,
} from "../src/domain/entryCard.ts";

const WEB = "https://lotse.example.org";
const AGENCY = { id: "2c7a3f1e-9b0d-4c1a-8e55-0a1b2c3d4e5f", name: "Suchtberatung <Köln> & \"Umgebung\"", slug: "sucht-koeln" };

/** Every text of a catalogue, functions called with a sample agency name. */
const texts = (c: CardTexts): [string, string][] =>
  Object.entries(c).map(([k, v]): [string, string] => [k, typeof v === "function" ? String((v as (a: string) => string)("Beratungsstelle X")) : String(v)]);
const reference = Object.keys(cardCatalogues["de-sie"]).sort();

describe("the card's catalogue", () => {
  it("has the seven languages of the seeker app, no more", () => {
    expect(Object.keys(cardCatalogues).sort()).toEqual([...seekerLocales].sort());
  });

  it.each(seekerLocales)("%s has exactly the German one's keys, none empty, no protocol words", (locale) => {
    expect(Object.keys(cardCatalogues[locale]).sort()).toEqual(reference);
    for (const [key, text] of texts(cardCatalogues[locale])) {
      expect(text.trim(), `${locale}.${key}`).not.toBe("");
      expect(text, `${locale}.${key}`).not.toMatch(/undefined|matrix|room|widget|iframe|@[^\s:]+:/iu);
    }
    expect(cardCatalogues[locale].region("Beratungsstelle X")).toContain("Beratungsstelle X");
  });

  it("fails on a missing or an extra key (the check itself)", () => {
    const { promise: _dropped, ...missing } = cardCatalogues.tr;
    expect(Object.keys(missing).sort()).not.toEqual(reference);
    expect(Object.keys({ ...cardCatalogues.ar, extra: "x" }).sort()).not.toEqual(reference);
  });

  it("is translated, not copied: each language's button text is its own", () => {
    const actions = seekerLocales.map((l) => cardCatalogues[l].action);
    expect(new Set(actions).size).toBe(seekerLocales.length);
    expect(cardCatalogues["de-sie"].action).toBe("Anonym online beraten lassen");
  });

  it("keeps the forms of address apart", () => {
    for (const locale of ["de-sie", "de-leicht"] as const) {
      for (const [key, text] of texts(cardCatalogues[locale])) expect(text, `${locale}.${key}`).not.toMatch(/\b(du|dich|dir|dein|deine|deiner)\b/iu);
    }
    for (const [key, text] of texts(cardCatalogues["de-du"])) expect(text, `de-du.${key}`).not.toMatch(/\b(Sie|Ihnen|Ihr|Ihre|Ihrer)\b/u);
  });

  it("Leichte Sprache: short sentences, no foreign or hard words", () => {
    for (const [key, text] of texts(cardCatalogues["de-leicht"])) {
      for (const sentence of text.split(/(?<=[.!?:])\s+/u)) expect(sentence.split(/\s+/u).length, `${key}: ${sentence}`).toBeLessThanOrEqual(15);
      expect(text, key).not.toMatch(/\b(online|chat|anonym\w*|link|vertraulich|verschlüsselt)\b/iu);
    }
  });

  it("each language in its own script", () => {
    expect(cardCatalogues.ar.action).toMatch(/^[\u0600-\u06FF\s]+$/u);
    expect(cardCatalogues.uk.action).toMatch(/^[\u0400-\u04FF\s-]+$/u);
    expect(cardCatalogues.tr.action).toMatch(/[çğıİöşü]/u);
  });
});

describe("the card's language", () => {
  it("takes the seeker app's locale ids; anything else or nothing gives German, not carried on", () => {
    expect(cardLanguage("tr")).toEqual({ locale: "tr", asked: true });
    expect(cardLanguage("de-leicht")).toEqual({ locale: "de-leicht", asked: true });
    for (const bad of [undefined, "", "xx", "TR", "de", "ar ", ["tr", "ar"], 7]) expect(cardLanguage(bad), String(bad)).toEqual({ locale: "de-sie", asked: false });
  });

  it("the Arabic card: lang ar, right to left, its texts, the link carrying the language, the name escaped and isolated", () => {
    const html = renderCard(AGENCY, WEB, cardLanguage("ar"));
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain(`<title>${cardCatalogues.ar.action}</title>`);
    expect(html).toContain(cardCatalogues.ar.promise);
    expect(html).toContain(`href="${WEB}/?agency=${AGENCY.id}&amp;lang=ar"`);
    expect(html).toContain("<bdi>Suchtberatung &lt;Köln&gt; &amp; &quot;Umgebung&quot;</bdi>");
    expect(html).not.toContain("<Köln>");
    expect(html).not.toMatch(/<script|<img|<link|src=/iu);
  });

  it("the German variants say lang de, left to right; the default card is the card as before", () => {
    expect(renderCard(AGENCY, WEB, cardLanguage("de-leicht"))).toContain('<html lang="de" dir="ltr">');
    expect(renderCard(AGENCY, WEB, cardLanguage("de-du"))).toContain(`&amp;lang=de-du"`);
    const plain = renderCard(AGENCY, WEB, cardLanguage(undefined));
    expect(plain).toContain('<html lang="de" dir="ltr">');
    expect(plain).toContain(`href="${WEB}/?agency=${AGENCY.id}"`);
    expect(plain).toContain(">Anonym online beraten lassen</a>");
    expect(plain).toContain("Anonym, kostenlos und verschlüsselt.");
    expect(renderCard(AGENCY, WEB, cardLanguage("tr"))).toContain('<html lang="tr" dir="ltr">');
  });

  it("one style for every language, allowed by its hash in the CSP", () => {
    const hash = createHash("sha256").update(CARD_STYLE).digest("base64");
    expect(cardCsp([])).toBe(`default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`);
    for (const l of seekerLocales) expect(renderCard(AGENCY, WEB, cardLanguage(l))).toContain(`<style>${CARD_STYLE}</style>`);
    expect(CARD_STYLE).not.toMatch(/left|right/u);
  });
});

describe("the snippets", () => {
  it("without a language: German, nothing carries lang (as before languages)", () => {
    const s = entrySnippets(AGENCY, WEB, cardLanguage(undefined));
    expect(s.lang).toBe("de-sie");
    expect(s.deepLink).toBe(agencyDeepLink(WEB, AGENCY.id));
    expect(s.deepLink).toBe(`${WEB}/?agency=${AGENCY.id}`);
    expect(s.cardUrl).toBe(`${WEB}/widget/${AGENCY.id}`);
    expect(s.shortLink).toBe(`${WEB}/a/sucht-koeln`);
    expect(s.linkButton).not.toMatch(/lang=/u);
    expect(s.iframeCard).toBe(
      `<iframe src="${WEB}/widget/${AGENCY.id}" title="Anonym online beraten lassen" width="340" height="${CARD_FRAME.height}" style="border:0" loading="lazy" referrerpolicy="no-referrer"></iframe>`,
    );
  });

  it("in Turkish: every link carries lang=tr, the texts are Turkish and marked as such", () => {
    const s = entrySnippets(AGENCY, WEB, cardLanguage("tr"));
    expect(s.lang).toBe("tr");
    expect(s.deepLink).toBe(`${WEB}/?agency=${AGENCY.id}&lang=tr`);
    expect(s.cardUrl).toBe(`${WEB}/widget/${AGENCY.id}?lang=tr`);
    expect(s.shortLink).toBe(`${WEB}/a/sucht-koeln?lang=tr`);
    expect(s.linkButton).toContain(`href="${WEB}/?agency=${AGENCY.id}&amp;lang=tr" lang="tr" target`);
    expect(s.linkButton).toContain(`>${cardCatalogues.tr.action}</a>`);
    expect(s.iframeCard).toContain(`src="${WEB}/widget/${AGENCY.id}?lang=tr" lang="tr" title="${cardCatalogues.tr.action}"`);
    expect(entrySnippets({ ...AGENCY, slug: null }, WEB, cardLanguage("tr")).shortLink).toBeNull();
  });

  it("in Arabic: the link button also reads right to left", () => {
    const s = entrySnippets(AGENCY, WEB, cardLanguage("ar"));
    expect(s.linkButton).toContain('lang="ar" dir="rtl"');
    expect(s.iframeCard).toContain(`width="340" height="${CARD_FRAME.height}"`);
  });
});
