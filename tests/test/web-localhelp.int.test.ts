// Issue 15 in a real browser (Debian's Chromium via playwright-core) against the real platform
// (built app behind the preview server as `npm start` serves it, API, bridge, Synapse, PostgreSQL):
//   - deep links: `/?topic=&postcode=` opens the search pre-filled and searched; `/?agency=` (and
//     the short link `/a/<slug>`) opens the agency directly; unknown and malformed values land on
//     the normal start with a gentle note, never an error page; the address goes back to "/";
//   - "Beratung vor Ort" on the case page: the case's agency's details for a visit, a nearby
//     on-site-only agency of the same topic, and an agency a counselor recommended through the staff
//     API with the note — the view and its texts loaded only after sign-in;
//   - the entry widget: a page on another loopback origin embeds the agency's card — shown when that
//     origin is listed in the agency's profile, refused by the browser (frame blocked) when not.
//   - the card in the seven languages (`?lang=`), embedded with the snippet the admin API gives for
//     each: it fits its frame; the Arabic one reads right to left (`dir="rtl"`, the box and the
//     text at the right) and is axe-clean; its link opens the app in Arabic, also after a reload,
//     though the browser asks for German.
// Every screen: no protocol words, zero axe violations.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedDemo, type DemoAccounts, type DemoAgency } from "@lotse/scripts";
import { passwordLogin, randomLetters, registerSecrets, uniquePseudonym, until } from "@lotse/test-support";
import { checkScreen, openBrowser, startWebPlatform, type Walk, type WebPlatform } from "../src/web.ts";

const stack = inject("lotseStack");
const LONG = 120_000;
const SCREEN = { prefix: "localhelp-" };

/** A page on its own loopback origin that embeds `src` in an iframe. */
async function embeddingPage(src: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="de"><head><title>Eine Beratungsstelle</title></head><body><main><h1>Unsere Seite</h1><iframe id="card" title="Anonym online beraten lassen" src="${src}" width="340" height="130"></iframe></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A page on its own loopback origin whose body the test sets (an agency's page with a snippet). */
async function agencyPage(): Promise<{ origin: string; show(snippet: string, lang: string): void; close(): Promise<void> }> {
  let body = "";
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    show(snippet, lang) {
      body = `<!doctype html><html lang="${lang.startsWith("de") ? "de" : lang}"><head><title>Eine Beratungsstelle</title></head><body><main><h1>Unsere Seite</h1>${snippet}</main></body></html>`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("local help and the way in from anywhere, in Chromium", () => {
  let platform: WebPlatform;
  let demo: DemoAccounts;
  let agency: DemoAgency;
  let topic: string;
  let staffToken = "";
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];
  const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
  const slug = `vor-ort-${randomLetters(8).toLowerCase()}`;
  const pseudonym = uniquePseudonym("Vorort");
  const password = `ein langes Vor-Ort-Passwort ${randomLetters(6)}`;
  const note = `Dort gibt es dienstags eine offene Sprechstunde ${randomLetters(6)}`;
  let onSiteId = "";
  let recommendedId = "";
  const profileBefore: Record<string, unknown> = {};

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${platform.apiUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };

  beforeAll(async () => {
    registerSecrets(stack, [pseudonym], "pseudonym");
    registerSecrets(stack, [password], "password");
    demo = await seedDemo(stack);
    platform = await startWebPlatform(stack, { apiEnv: { LOTSE_PUBLIC_WEB_URL: `http://127.0.0.1:${stack.apiPort + 1}` } });
    agency = demo.agencies[0]!;
    topic = agency.topicIds[0]!;
    // The demo agency's profile for a visit (kept to be restored), its short link; an agency that
    // counsels on site only, on the same topic, at the same postcode; another one to recommend.
    const [before] = await sql`select address, phone, opening_hours, website, accessibility_notes, on_site_services, slug, embed_origins from agencies where id = ${agency.id}`;
    Object.assign(profileBefore, before);
    await sql`update agencies set address = 'Domstraße 5', phone = '0221 123456', opening_hours = 'Mo–Do 9–16 Uhr', website = 'https://beratung.example.org',
      accessibility_notes = 'Eingang ebenerdig, Aufzug', on_site_services = array['Dolmetschen']::text[], slug = ${slug} where id = ${agency.id}`;
    const [onSite] = await sql<{ id: string }[]>`insert into agencies (name, city, address, postcode, online, opening_hours, on_site_services)
      values (${`Suchthilfe vor Ort ${randomLetters(5)}`}, 'Köln', 'Am Hof 3', ${agency.samplePostcode}, false, 'Mi 14–18 Uhr', array['Offene Sprechstunde']::text[]) returning id`;
    onSiteId = onSite!.id;
    const [rec] = await sql<{ id: string }[]>`insert into agencies (name, city, address, phone, online) values (${`Schuldnerhilfe ${randomLetters(5)}`}, 'Bonn', 'Markt 1', '0228 9876', true) returning id`;
    recommendedId = rec!.id;
    await sql`insert into agency_topics (agency_id, topic_id) values (${onSiteId}, ${topic}), (${recommendedId}, ${topic})`;
    await sql`insert into agency_postcode_ranges (agency_id, topic_id, from_postcode, to_postcode) values (${onSiteId}, ${topic}, ${agency.samplePostcode}, ${agency.samplePostcode})`;
    // Staff sign-in as a Matrix client does it: an OpenID token from the homeserver, to the API.
    // Anna: counselor (recommends) and the agency's admin (asks for the entry snippets).
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id && c.roles.includes("agency_admin"))!;
    const session = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);
    const openIdRes = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/user/${encodeURIComponent(counselor.userId)}/openid/request_token`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    const signedIn = await api("POST", "/v1/auth/matrix", undefined, await openIdRes.json());
    expect(signedIn.status).toBe(200);
    staffToken = signedIn.body.token as string;
  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    await platform?.stop();
    if (onSiteId !== "") await sql`update agencies set deleted_at = now() where id in (${onSiteId}, ${recommendedId})`.catch(() => {});
    if (agency !== undefined && profileBefore.on_site_services !== undefined) {
      const p = profileBefore as { address: string | null; phone: string | null; opening_hours: string | null; website: string | null; accessibility_notes: string | null; on_site_services: string[]; slug: string | null; embed_origins: string[] };
      await sql`update agencies set address = ${p.address}, phone = ${p.phone}, opening_hours = ${p.opening_hours}, website = ${p.website}, accessibility_notes = ${p.accessibility_notes},
        on_site_services = ${p.on_site_services}, slug = ${p.slug}, embed_origins = ${p.embed_origins} where id = ${agency.id}`.catch(() => {});
    }
    await sql.end();
  });

  it("deep links with good values open the search pre-filled or the agency; bad values start normally with a gentle note", { timeout: 300_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;

    // Topic and postcode: the search, filled in and already answered.
    const first = await page.goto(`${platform.webUrl}/?topic=${topic}&postcode=${agency.samplePostcode}`);
    expect(first?.status()).toBe(200);
    await page.getByRole("heading", { level: 1, name: /Worüber möchten Sie sprechen/u }).waitFor();
    await page.locator("li.agency", { hasText: agency.name }).waitFor({ timeout: LONG });
    expect(await page.getByLabel("Thema").inputValue()).toBe(topic);
    expect(await page.getByLabel("Postleitzahl").inputValue()).toBe(agency.samplePostcode);
    expect(new URL(page.url()).search).toBe("");
    await checkScreen(page, walk, "deeplink-search", SCREEN);

    // The agency itself: named, its topic chosen; with a postcode it is offered alone.
    await page.goto(`${platform.webUrl}/?agency=${agency.id}`);
    await page.getByText(`Sie möchten ${agency.name} in`).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "deeplink-agency", SCREEN);
    await page.getByLabel("Thema").selectOption(topic);
    await page.getByLabel("Postleitzahl").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Beratungsstellen finden" }).click();
    await page.locator("li.agency", { hasText: agency.name }).waitFor();
    expect(await page.locator("li.agency").count()).toBe(1);

    // The short link of the agency's social-media profile leads to the same place.
    await page.goto(`${platform.webUrl}/a/${slug}`);
    await page.getByText(`Sie möchten ${agency.name} in`).waitFor({ timeout: LONG });

    // Bad values: unknown topic, malformed postcode, malformed and unknown agency, unknown short link.
    for (const bad of ["/?topic=gibt-es-nicht", "/?postcode=12ab", "/?agency=%3Cscript%3E", "/?agency=00000000-0000-4000-8000-000000000000", `/a/gibt-es-nicht-${randomLetters(6).toLowerCase()}`]) {
      const res = await page.goto(`${platform.webUrl}${bad}`);
      expect(res?.status(), bad).toBe(200);
      await page.getByText("Der Link war nicht ganz vollständig. Sie können hier ganz normal beginnen.").waitFor({ timeout: LONG });
      await page.getByRole("button", { name: "Beratung finden" }).waitFor();
    }
    await checkScreen(page, walk, "deeplink-bad", SCREEN);
    // A bad value next to good ones: the good ones are used, the note says the rest was dropped.
    await page.goto(`${platform.webUrl}/?topic=${topic}&postcode=1`);
    await page.getByText("Der Link war nicht ganz vollständig").waitFor({ timeout: LONG });
    expect(await page.getByLabel("Thema").inputValue()).toBe(topic);
    expect(walk.problems).toEqual([]);
  });

  it("shows Beratung vor Ort on the case page: the agency's details, a nearby on-site-only agency, a counselor's recommendation", { timeout: 420_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));

    await page.goto(`${platform.webUrl}/?topic=${topic}&postcode=${agency.samplePostcode}&agency=${agency.id}`);
    const item = page.locator("li.agency", { hasText: agency.name });
    await item.waitFor({ timeout: LONG });
    // Before sign-in nothing of "Beratung vor Ort" was loaded.
    expect(requests.filter((u) => /LocalHelp|localHelp/u.test(u))).toEqual([]);
    await item.getByRole("button", { name: "Auswählen" }).click();
    await page.getByLabel("Ihr Name hier (Fantasiename)").fill(pseudonym);
    await page.getByLabel("Passwort", { exact: true }).fill(password);
    await page.getByLabel(/Ich bin einverstanden/u).check();
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    const caseNumber = await until("the case opened by the app", async () => {
      const rows = await sql<{ case_number: number }[]>`select c.case_number from cases c join seekers s on s.id = c.seeker_id where s.username = ${pseudonym}`;
      return rows[0]?.case_number;
    });

    // A counselor of the agency recommends another agency, with a note (staff API).
    const recommended = await api("POST", `/v1/staff/cases/${caseNumber}/recommendations`, staffToken, { agency: recommendedId, note });
    expect(recommended.status).toBe(201);

    await page.getByRole("button", { name: "Meine Anfragen" }).click();
    const summary = page.locator("details.local-help summary", { hasText: "Beratung vor Ort" });
    await summary.waitFor({ timeout: LONG });
    await summary.click();
    const box = page.locator("details.local-help");
    await box.getByText("Domstraße 5").waitFor({ timeout: LONG });
    await box.getByText("Mo–Do 9–16 Uhr").waitFor();
    await box.getByText("Eingang ebenerdig, Aufzug").waitFor();
    await box.getByRole("link", { name: "0221 123456" }).waitFor();
    // The nearby agency counsels on site only: listed, and said so.
    const nearby = box.locator(".visit", { hasText: "Suchthilfe vor Ort" });
    await nearby.waitFor();
    await nearby.getByText("Nur vor Ort, nicht online").waitFor();
    await nearby.getByText("Mi 14–18 Uhr").waitFor();
    // The recommendation: the agency's details and the counselor's note.
    await box.getByRole("heading", { name: "Empfohlen von Ihrer Beratung" }).waitFor();
    await box.getByText(note).waitFor();
    await box.locator(".visit", { hasText: "Schuldnerhilfe" }).getByText("0228 9876").waitFor();
    expect(requests.some((u) => /LocalHelp-[A-Za-z0-9_-]+\.js/u.test(u))).toBe(true);
    await checkScreen(page, walk, "case-local-help", SCREEN);
    expect(walk.problems).toEqual([]);
  });

  it("the entry card: embedded on a listed origin it shows, on any other origin the browser refuses the frame", { timeout: 300_000 }, async () => {
    const cardUrl = `${platform.webUrl}/widget/${agency.id}`;
    const listed = await embeddingPage(cardUrl);
    closers.push(listed.close);
    const other = await embeddingPage(cardUrl);
    closers.push(other.close);
    await sql`update agencies set embed_origins = array[${listed.origin}]::text[] where id = ${agency.id}`;

    const browser = await openBrowser({ width: 390 });
    closers.push(browser.close);
    const { page } = browser;
    const cardResponses: { status: number; csp: string | undefined; cookie: string | undefined }[] = [];
    const refusals: string[] = [];
    page.on("console", (m) => {
      if (/frame-ancestors/u.test(m.text())) refusals.push(m.text());
    });
    page.on("response", (r) => {
      if (r.url() === cardUrl) cardResponses.push({ status: r.status(), csp: r.headers()["content-security-policy"], cookie: r.headers()["set-cookie"] });
    });

    await page.goto(listed.origin);
    const frame = page.frameLocator("#card");
    await frame.getByRole("link", { name: "Anonym online beraten lassen" }).waitFor({ timeout: LONG });
    await frame.getByText(agency.name).waitFor();
    expect(await frame.getByRole("link", { name: "Anonym online beraten lassen" }).getAttribute("href")).toBe(`${platform.webUrl}/?agency=${agency.id}`);
    expect(cardResponses.at(-1)).toMatchObject({ status: 200, cookie: undefined });
    expect(cardResponses.at(-1)!.csp).toContain(`frame-ancestors ${listed.origin}`);
    // The card loads nothing else: every request of the page went to the two origins.
    await checkScreen(page, walk, "card-listed", SCREEN);

    expect(refusals).toEqual([]);
    await page.goto(other.origin);
    await page.getByRole("heading", { name: "Unsere Seite" }).waitFor();
    // The card was served (the API said whom it may be framed by) and Chromium refused the frame.
    await expect.poll(() => refusals.length, { timeout: LONG }).toBeGreaterThan(0);
    expect(refusals[0]).toContain(platform.webUrl);
    expect(cardResponses.at(-1)!.csp).toContain(`frame-ancestors ${listed.origin}`);
    expect(await page.frameLocator("#card").getByRole("link", { name: "Anonym online beraten lassen" }).count()).toBe(0);

    // No origins listed at all: framed nowhere.
    await sql`update agencies set embed_origins = '{}'::text[] where id = ${agency.id}`;
    const refusedBefore = refusals.length;
    await page.goto(listed.origin);
    await page.getByRole("heading", { name: "Unsere Seite" }).waitFor();
    await expect.poll(() => refusals.length, { timeout: LONG }).toBeGreaterThan(refusedBefore);
    expect(cardResponses.at(-1)!.csp).toMatch(/frame-ancestors 'none'$/u);
    expect(await page.frameLocator("#card").getByRole("link", { name: "Anonym online beraten lassen" }).count()).toBe(0);
    expect(walk.problems).toEqual([]);
  });
  it("the entry card in the seven languages: each fits its frame; the Arabic one reads right to left, is axe-clean and opens the app in Arabic", { timeout: 420_000 }, async () => {
    const host = await agencyPage();
    closers.push(host.close);
    await sql`update agencies set embed_origins = array[${host.origin}]::text[] where id = ${agency.id}`;
    const browser = await openBrowser({ width: 390 });
    closers.push(browser.close);
    const { page, context } = browser;
    const elsewhere: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(host.origin) && !r.url().startsWith(platform.webUrl)) elsewhere.push(r.url());
    });
    const cardFrame = () => page.frames().find((f) => f.url().startsWith(`${platform.webUrl}/widget/`));
    /** The card's document: its language and direction, how much it needs, where the box and the button sit. */
    const measure = () =>
      cardFrame()!.evaluate(() => {
        const root = document.documentElement;
        const box = document.querySelector("main")!.getBoundingClientRect();
        const button = document.querySelector("a")!.getBoundingClientRect();
        return {
          lang: root.lang,
          dir: root.dir,
          width: root.clientWidth,
          height: root.clientHeight,
          scrollWidth: root.scrollWidth,
          scrollHeight: root.scrollHeight,
          around: [getComputedStyle(root).backgroundColor, getComputedStyle(document.body).backgroundColor],
          box: { left: box.left, right: box.right },
          button: { left: button.left, right: button.right },
        };
      });

    const tooSmall: string[] = [];
    for (const lang of ["de-sie", "de-du", "de-leicht", "en", "tr", "ar", "uk"]) {
      const entry = await api("GET", `/v1/admin/agencies/${agency.id}/entry?lang=${lang}`, staffToken);
      expect(entry.status, lang).toBe(200);
      const snippet = entry.body.iframeCard as string;
      const title = /title="([^"]+)"/u.exec(snippet)![1]!;
      host.show(snippet, lang);
      await page.goto(`${host.origin}/?${lang}`);
      const link = page.frameLocator("iframe").getByRole("link", { name: title });
      await link.waitFor({ timeout: LONG });
      expect(await link.getAttribute("href"), lang).toBe(`${platform.webUrl}/?agency=${agency.id}&lang=${lang}`);
      const m = await measure();
      expect(m.lang, lang).toBe(lang.startsWith("de") ? "de" : lang);
      // Around the card the frame shows the agency's page (no background of its own).
      expect(m.around, lang).toEqual(["rgba(0, 0, 0, 0)", "rgba(0, 0, 0, 0)"]);
      // Everything of the card inside the frame the snippet sets: no scrolling, nothing cut off
      // (collected for all languages, so that one run names every one that does not fit).
      if (m.scrollHeight > m.height || m.scrollWidth > m.width) tooSmall.push(`${lang}: needs ${m.scrollWidth}×${m.scrollHeight}, has ${m.width}×${m.height}`);
      if (lang === "ar") {
        // Right to left: the box (narrower than the frame) stands at the right edge, the button
        // starts at its right side (border and padding: 16 px).
        expect(m.dir).toBe("rtl");
        expect(Math.abs(m.width - m.box.right)).toBeLessThan(1);
        expect(m.box.left).toBeGreaterThan(10);
        expect(m.box.right - m.button.right).toBeLessThan(17);
        await page.frameLocator("iframe").getByText("دون ذكر الاسم، مجانًا ومشفّرة.").waitFor();
        // axe on the agency's page goes into the card's frame too (the card is only ever a part
        // of a page: on its own it would lack a level-one heading, which the agency's page has).
        await checkScreen(page, walk, "card-ar", SCREEN);
      } else {
        expect(m.dir, lang).toBe("ltr");
        expect(m.box.left, lang).toBe(0);
        expect(m.width - m.box.right, lang).toBeGreaterThan(10);
        expect(m.button.left - m.box.left, lang).toBeLessThan(17);
      }
    }
    expect(tooSmall).toEqual([]);

    // The Arabic card's link: the app opens in Arabic (the browser asks for German), at the agency.
    host.show((await api("GET", `/v1/admin/agencies/${agency.id}/entry?lang=ar`, staffToken)).body.iframeCard as string, "ar");
    await page.goto(host.origin);
    const [app] = await Promise.all([context.waitForEvent("page"), page.frameLocator("iframe").getByRole("link", { name: "احصل على استشارة عبر الإنترنت" }).click()]);
    await app.getByText(`تريد الكتابة إلى ${agency.name}`).waitFor({ timeout: LONG });
    expect(await app.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(["ar", "rtl"]);
    expect(new URL(app.url()).search).toBe("");
    await checkScreen(app, walk, "app-from-ar-card", SCREEN);
    // Remembered as if chosen in the switcher: a reload stays Arabic.
    await app.reload();
    await app.getByRole("button", { name: "ابحث عن استشارة" }).waitFor({ timeout: LONG });
    expect(await app.evaluate(() => [document.documentElement.lang, localStorage.getItem("lotse.locale")])).toEqual(["ar", "ar"]);
    // An unknown language in a link changes nothing: the remembered Arabic stays.
    await app.goto(`${platform.webUrl}/?lang=xx`);
    await app.getByRole("button", { name: "ابحث عن استشارة" }).waitFor({ timeout: LONG });
    expect(elsewhere).toEqual([]);
    expect(walk.problems).toEqual([]);
  });
});
