// The seeker app's seven languages in a real browser (Chromium) against the real platform (the
// built app with its security headers, the API, Synapse):
//   1. each language walked — landing → find an agency (the topic in its name for that language) →
//      registration form (with a field error) —
//      at 320 px: zero axe violations, no protocol words, no sideways scrolling, `<html lang>` and
//      `dir` right; Arabic right to left, its text starting at the right edge;
//   2. the chosen language is kept across a reload, and the first paint after the reload is
//      already in it (only that language's texts are fetched, never the German ones);
//   3. languages load on demand: the first visit fetches the one catalogue it shows, and each
//      switch fetches exactly the chosen language's chunk (network observed), nothing of the later
//      screens' texts before sign-in.
// Texts are taken from the catalogues themselves (web-client/src/i18n), so the walk follows them.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { defaultPseudonymRule } from "@lotse/policies";
import { seedDemo, type DemoAccounts } from "@lotse/scripts";
import { topicSeeds } from "@lotse/store";
import { checkScreen, openBrowser, startWebPlatform, type Walk, type WebPlatform } from "../src/web.ts";
import type { FirstMessages } from "../../web-client/src/i18n/messages.ts";
import { ar } from "../../web-client/src/i18n/ar.ts";
import { deDu } from "../../web-client/src/i18n/de-du.ts";
import { deLeicht } from "../../web-client/src/i18n/de-leicht.ts";
import { deSie } from "../../web-client/src/i18n/de-sie.ts";
import { en } from "../../web-client/src/i18n/en.ts";
import { tr } from "../../web-client/src/i18n/tr.ts";
import { uk } from "../../web-client/src/i18n/uk.ts";

const stack = inject("lotseStack");
const LONG = 120_000;

type Lang = { locale: string; t: FirstMessages; lang: string; dir: "ltr" | "rtl"; name: string };

const LANGUAGES: Lang[] = [
  { locale: "de-sie", t: deSie, lang: "de", dir: "ltr", name: "Deutsch" },
  { locale: "de-du", t: deDu, lang: "de", dir: "ltr", name: "Deutsch (du)" },
  { locale: "de-leicht", t: deLeicht, lang: "de", dir: "ltr", name: "Leichte Sprache" },
  { locale: "en", t: en, lang: "en", dir: "ltr", name: "English" },
  { locale: "tr", t: tr, lang: "tr", dir: "ltr", name: "Türkçe" },
  { locale: "ar", t: ar, lang: "ar", dir: "rtl", name: "العربية" },
  { locale: "uk", t: uk, lang: "uk", dir: "ltr", name: "Українська" },
];

/** A language catalogue's chunk: `<locale>-<hash>.js`, the later screens' part `later-<locale>-<hash>.js`. */
const LANGUAGE_CHUNK = /\/assets\/(later-)?(de-sie|de-du|de-leicht|en|tr|ar|uk)-[\w-]{8}\.js$/u;

function languageRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on("request", (r) => {
    const m = LANGUAGE_CHUNK.exec(new URL(r.url()).pathname);
    if (m !== null) seen.push(`${m[1] ?? ""}${m[2]}`);
  });
  return seen;
}

const switcher = (page: Page) => page.locator("select[name=locale]");

/** The standard name a seeker sees in each language (seeded from store/src/topics.ts; issue 15). */
function standardTopicName(topicId: string, locale: string): string {
  const seed = topicSeeds.find((t) => t.id === topicId)!;
  if (locale === "de-sie" || locale === "de-du") return seed.nameDe;
  if (locale === "en") return seed.nameEn;
  return seed.names[locale as "de-leicht" | "tr" | "ar" | "uk"]!;
}

describe("the seeker app's languages in Chromium", () => {
  let platform: WebPlatform;
  let agency: DemoAccounts["agencies"][number];
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const demo = await seedDemo(stack);
    platform = await startWebPlatform(stack);
    agency = demo.agencies[1]!;
  }, LONG);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    await platform?.stop();
  });

  it("1: walks every language at 320 px with axe, Arabic right to left", { timeout: 600_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await page.goto(platform.webUrl);
    await page.getByRole("heading", { name: deSie.landingHeading }).waitFor();

    // The switcher names each language in itself, marked with its own lang.
    const options = await switcher(page)
      .locator("option")
      .evaluateAll((els) => els.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent, lang: o.getAttribute("lang") })));
    expect(options).toEqual(LANGUAGES.map((l) => ({ value: l.locale, text: l.name, lang: l.lang })));

    for (const { locale, t, lang, dir } of LANGUAGES) {
      await page.goto(platform.webUrl);
      await switcher(page).selectOption(locale);
      await page.getByRole("heading", { level: 1, name: t.landingHeading }).waitFor();
      await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual([lang, dir]);
      expect(await page.title()).toBe(t.documentTitle);
      await page.locator(".topic-list li").first().waitFor();
      await checkScreen(page, walk, `${locale}-landing`, { prefix: "lang-" });

      await page.getByRole("button", { name: t.landingFind }).click();
      // The fields by id (a label like "Konu" is also part of the heading's words); axe checks
      // that each has its label.
      await page.locator("#field-topic").selectOption(agency.topicIds[0]!);
      // The topic's own name in this language (Turkish in Turkish, Leichte Sprache plain), from the API.
      expect((await page.locator("#field-topic option:checked").textContent())?.trim()).toBe(standardTopicName(agency.topicIds[0]!, locale));
      await page.locator("#field-postcode").fill(agency.samplePostcode);
      await page.getByRole("button", { name: t.findSubmit }).click();
      const agencyItem = page.locator("li.agency", { hasText: agency.name });
      await agencyItem.waitFor();
      await checkScreen(page, walk, `${locale}-agencies`, { prefix: "lang-" });

      await agencyItem.getByRole("button", { name: t.findChoose }).click();
      await page.locator("#field-username").fill("ab");
      await page.locator("#field-consent").check();
      await page.getByRole("button", { name: t.submitRegister }).click();
      // The pseudonym rule's text comes in the same language.
      await page.getByText(t.pseudonymRule.too_short(defaultPseudonymRule)).first().waitFor();
      await checkScreen(page, walk, `${locale}-registration`, { prefix: "lang-" });

      if (dir === "rtl") {
        // Mirrored: the heading's and the first label's text start at the right edge of their box.
        const edges = await page.evaluate(() => {
          const gaps = (el: Element) => {
            const range = document.createRange();
            range.selectNodeContents(el);
            const text = range.getBoundingClientRect();
            const box = el.getBoundingClientRect();
            return { right: box.right - text.right, left: text.left - box.left };
          };
          const h1 = document.querySelector("h1")!;
          return {
            direction: getComputedStyle(h1).direction,
            heading: gaps(h1),
            label: gaps(document.querySelector("form label")!),
            overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          };
        });
        expect(edges.direction).toBe("rtl");
        expect(edges.heading.right).toBeLessThan(2);
        expect(edges.label.right).toBeLessThan(2);
        expect(edges.label.left).toBeGreaterThan(20);
        expect(edges.overflow).toBe(0);
      }
    }
    expect(walk.problems).toEqual([]);
  });

  it("2: keeps the chosen language across a reload, the first paint already in it", { timeout: 240_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await page.goto(platform.webUrl);
    await switcher(page).selectOption("uk");
    await page.getByRole("heading", { level: 1, name: uk.landingHeading }).waitFor();

    const requests = languageRequests(page);
    // Every heading the page ever shows after the reload, recorded from the first mutation on.
    await page.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { seenHeadings: string[] }).seenHeadings = seen;
      new MutationObserver(() => {
        for (const h of document.querySelectorAll("h1")) if (!seen.includes(h.textContent ?? "")) seen.push(h.textContent ?? "");
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.reload();
    await page.getByRole("heading", { level: 1, name: uk.landingHeading }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["uk", "ltr"]);
    expect(await switcher(page).inputValue()).toBe("uk");
    expect(await page.evaluate(() => (window as unknown as { seenHeadings: string[] }).seenHeadings)).toEqual([uk.landingHeading]);
    // Nothing but Ukrainian fetched (a copy from the browser's cache may not show as a request).
    expect(requests.filter((r) => r !== "uk")).toEqual([]);

    // Arabic too: right to left from the first paint.
    await switcher(page).selectOption("ar");
    await page.getByRole("heading", { level: 1, name: ar.landingHeading }).waitFor();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: ar.landingHeading }).waitFor();
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["ar", "rtl"]);
  });

  it("3: fetches only the language shown, and on each switch exactly the chosen one", { timeout: 240_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    const requests = languageRequests(page);
    await page.goto(platform.webUrl);
    await page.getByRole("heading", { level: 1, name: deSie.landingHeading }).waitFor();
    await page.locator(".topic-list li").first().waitFor();
    expect(requests).toEqual(["de-sie"]);

    for (const { locale, t } of LANGUAGES.filter((l) => l.locale !== "de-sie")) {
      const before = requests.length;
      const fetched = page.waitForResponse((r) => LANGUAGE_CHUNK.test(new URL(r.url()).pathname));
      await switcher(page).selectOption(locale);
      expect((await fetched).status()).toBe(200);
      await page.getByRole("heading", { level: 1, name: t.landingHeading }).waitFor();
      expect(requests.slice(before)).toEqual([locale]);
    }
    // Back to a language already here: nothing fetched again.
    const before = requests.length;
    await switcher(page).selectOption("de-sie");
    await page.getByRole("heading", { level: 1, name: deSie.landingHeading }).waitFor();
    expect(requests.slice(before)).toEqual([]);
    // Nothing of the later screens' texts before sign-in.
    expect(requests.filter((r) => r.startsWith("later-"))).toEqual([]);
  });
});
