// The seeker's web app in a real browser (Debian's Chromium via playwright-core) against the real
// platform: the built app served with its security headers, the API, the bridge, Synapse. One
// seeker goes the whole way, in order:
//   1. landing → topic + postcode → agency → registration → enquiry; a demo counselor (a real
//      end-to-end encrypted client) answers; the answer appears decrypted in the page;
//   2. a fresh browser (new empty profile) signs in with pseudonym + password and sees both
//      messages, restored from the key backup;
//   3. password change: the old password fails, the new one shows the history in a fresh browser;
//   4. account deletion, then signing in fails with a clear message;
//   5. on every screen on the way: no protocol words or identifiers, zero axe violations, no
//      horizontal scrolling at 320 px, only same-origin requests; screenshots of every screen go
//      to var/test-output/screens.
// The default texts are formal German ("Sie"); the main screens are walked in English and in
// informal German ("du") as well, chosen with the switcher and remembered across a reload. A
// reload after the browser's chat session died asks for the password and shows the history.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import type { Page } from "playwright-core";
import { seedDemo, type DemoAccounts } from "@lotse/scripts";
import { passwordLogin, startE2eeClient, stopClient, until, waitForDecryptedText, registerSecrets, randomLetters } from "@lotse/test-support";
import { checkScreen, joinCaseRoom, openBrowser, startWebPlatform, type Walk, type WebPlatform } from "../src/web.ts";

const stack = inject("lotseStack");

const LONG = 120_000;

async function signIn(page: Page, webUrl: string, username: string, password: string): Promise<void> {
  await page.goto(webUrl);
  await page.getByRole("button", { name: "Ich habe schon einen Zugang" }).click();
  await page.getByLabel("Ihr Name hier").fill(username);
  await page.getByLabel("Passwort", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Anmelden", exact: true }).click();
}

describe("the seeker's web app in Chromium", () => {
  let platform: WebPlatform;
  let demo: DemoAccounts;
  let counselorClient: MatrixClient;
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];

  const pseudonym = `Wolke ${randomLetters(10)}`;
  let password = "mein langes Passwort 1";
  const enquiry = `Ich weiß nicht mehr weiter ${randomUUID()}`;
  const reply = `Danke, dass du schreibst ${randomUUID()}`;
  let agency: DemoAccounts["agencies"][number];
  let caseRoomId = "";

  beforeAll(async () => {
    // Searched for in every log of the run at its end (scripts/src/logScan.ts).
    registerSecrets(stack, [pseudonym], "pseudonym");
    registerSecrets(stack, [password, "ein ganz neues Passwort 2"], "password");
    registerSecrets(stack, [enquiry, reply], "message");
    demo = await seedDemo(stack);
    platform = await startWebPlatform(stack);
    agency = demo.agencies[1]!;
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;
    counselorClient = await startE2eeClient(await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password));
  }, LONG);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (counselorClient) await stopClient(counselorClient);
    await platform?.stop();
  });

  it("1: registers, sends the enquiry, and shows the counselor's answer decrypted", { timeout: 240_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));

    const landing = await page.goto(platform.webUrl);
    const csp = landing?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("unsafe-inline");
    expect(landing?.headers()["referrer-policy"]).toBe("no-referrer");
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.locator(".topic-list li").first().waitFor();
    await checkScreen(page, walk, "landing");

    await page.getByRole("button", { name: "Beratung finden" }).click();
    const topic = agency.topicIds[0]!;
    await page.getByLabel("Thema").selectOption(topic);
    await page.getByLabel("Postleitzahl").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Beratungsstellen finden" }).click();
    const agencyItem = page.locator("li.agency", { hasText: agency.name });
    await agencyItem.waitFor();
    await checkScreen(page, walk, "agencies");
    await agencyItem.getByRole("button", { name: "Auswählen" }).click();

    const username = page.getByLabel("Ihr Name hier (Fantasiename)");
    await username.fill("ab");
    await page.getByLabel("Passwort", { exact: true }).fill("kurz");
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    await page.locator(".field__error").first().waitFor();
    await checkScreen(page, walk, "registration-errors");
    await username.fill(pseudonym);
    await page.getByLabel("Passwort", { exact: true }).fill(password);
    await page.getByLabel(/Ich bin einverstanden/u).check();
    await checkScreen(page, walk, "registration");

    // Nothing of the chat engine was downloaded before signing in.
    expect(requests.filter((u) => /engine-|rust-crypto|\.wasm/u.test(u))).toEqual([]);
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();

    // <html lang> follows the render (an effect): wait for it rather than read it once.
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("de");
    const composer = page.getByLabel("Ihre Anfrage", { exact: true });
    await expect.poll(() => composer.isEnabled(), { timeout: LONG }).toBe(true);
    await checkScreen(page, walk, "enquiry");
    await composer.fill(enquiry);
    await page.getByRole("button", { name: "Anfrage senden" }).click();
    await page.locator(".message--mine", { hasText: enquiry }).getByText("gesendet", { exact: false }).waitFor({ timeout: LONG });

    // The counselor's own client joins, decrypts the enquiry and answers.
    const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
    let roomId: string;
    try {
      roomId = await until("the case's conversation", async () => {
        const rows = await sql<{ room_id: string | null }[]>`
          select c.room_id from cases c join seekers s on s.id = c.seeker_id where s.username = ${pseudonym}`;
        return rows[0]?.room_id ?? undefined;
      });
    } finally {
      await sql.end();
    }
    caseRoomId = roomId;
    await joinCaseRoom(counselorClient, roomId);
    const received = await waitForDecryptedText(counselorClient, roomId, (b) => b === enquiry, LONG);
    expect(received.wasEncrypted).toBe(true);

    // Live state (standard read receipts and typing notifications, as Element shows them): the
    // counselor reads the enquiry — the seeker sees "gelesen"; the counselor types — the seeker
    // sees "Die Beratung schreibt …" until the answer is there.
    const enquiryEvent = counselorClient.getRoom(roomId)!.getLiveTimeline().getEvents().find((e) => e.getContent().body === enquiry)!;
    await counselorClient.sendReadReceipt(enquiryEvent);
    await page.locator(".message--mine", { hasText: enquiry }).getByText("gelesen", { exact: false }).waitFor({ timeout: LONG });
    await counselorClient.sendTyping(roomId, true, 60_000);
    await page.locator(".chat__typing", { hasText: "Die Beratung schreibt …" }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "chat typing");
    await counselorClient.sendMessage(roomId, { msgtype: "m.text", body: reply } as never);
    await counselorClient.sendTyping(roomId, false, 0);
    await expect.poll(() => page.locator(".chat__typing").innerText(), { timeout: LONG }).toBe("");
    // And the other way round: the seeker's typing reaches the counselor's client.
    const me = counselorClient.getUserId();
    await page.locator("#field-message").pressSequentially("Ich schreibe gerade", { delay: 10 });
    await until(
      "the seeker's typing notification in the counselor's client",
      async () => (counselorClient.getRoom(roomId)?.getMembers().some((m) => m.typing && m.userId !== me) ? true : undefined),
      LONG,
    );
    await page.locator("#field-message").fill("");

    await page.locator(".message", { hasText: reply }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "chat");

    // Both message keys are in the server-side backup before another browser is tried.
    const chatSession = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith("lotse.chat."));
      return key === undefined ? null : (JSON.parse(sessionStorage.getItem(key)!) as { accessToken: string });
    });
    expect(chatSession).not.toBeNull();
    // Nothing that opens the conversation outlives the tab: no chat token in localStorage.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("lotse.chat.")))).toEqual([]);
    await until(
      "both message keys in the backup",
      async () => {
        const res = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/room_keys/version`, {
          headers: { authorization: `Bearer ${chatSession!.accessToken}` },
        });
        const body = (await res.json()) as { count?: number };
        return (body.count ?? 0) >= 2 ? true : undefined;
      },
      LONG,
    );

    // The case list says in words that the counselor answered (once the bridge has seen it).
    await page.getByRole("button", { name: "Meine Anfragen" }).click();
    const caseItem = page.locator("li.case", { hasText: agency.name });
    await caseItem.waitFor();
    await expect
      .poll(
        async () => {
          if (await caseItem.getByText("Beantwortet").isVisible()) return true;
          await page.getByRole("button", { name: "Aktualisieren" }).click();
          await caseItem.waitFor();
          return false;
        },
        { timeout: LONG, interval: 1000 },
      )
      .toBe(true);
    await checkScreen(page, walk, "cases");

    // Only the page's own origin was ever contacted.
    const foreign = requests.filter((u) => !u.startsWith(platform.webUrl) && !u.startsWith("data:") && !u.startsWith("blob:"));
    expect(foreign).toEqual([]);
  });

  it("2: a fresh browser signs in and shows the whole conversation", { timeout: 360_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await signIn(page, platform.webUrl, pseudonym, password);
    await page.locator("li.case", { hasText: agency.name }).getByRole("button", { name: /Unterhaltung/u }).click();
    await page.locator(".message", { hasText: enquiry }).waitFor({ timeout: LONG });
    await page.locator(".message", { hasText: reply }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "chat-new-browser");

    // A message the server refuses is marked as not sent and goes out on "Noch einmal senden".
    const refused = "/_matrix/client/v3/rooms/*/send/**";
    await page.route(`**${refused}`, (route) =>
      route.fulfill({ status: 403, contentType: "application/json", body: JSON.stringify({ errcode: "M_FORBIDDEN", error: "test" }) }),
    );
    const later = `Noch eine Frage ${randomUUID()}`;
    registerSecrets(stack, [later], "message");
    await page.getByLabel("Ihre Nachricht").fill(later);
    await page.getByRole("button", { name: "Senden", exact: true }).click();
    const failed = page.locator(".message--mine", { hasText: later });
    await failed.getByText("Nicht gesendet.").waitFor({ timeout: LONG });
    await checkScreen(page, walk, "chat-send-failed");
    await page.unroute(`**${refused}`);
    await failed.getByRole("button", { name: "Noch einmal senden" }).click();
    await failed.locator(".message__meta", { hasText: "· gesendet" }).waitFor({ timeout: LONG });
    await waitForDecryptedText(counselorClient, caseRoomId, (b) => b === later, LONG);

    // A request that is never answered (a stalled connection) ends after the app's minute: the
    // message shows as not sent instead of "wird gesendet" forever, and goes out on a retry.
    let release: () => void = () => {};
    const released = new Promise<void>((r) => (release = r));
    let held = 0;
    await page.route(`**${refused}`, async (route) => {
      held++;
      await released;
      await route.abort().catch(() => {}); // the page gave up on it long before
    });
    const stalled = `Hört mich jemand? ${randomUUID()}`;
    registerSecrets(stack, [stalled], "message");
    await page.getByLabel("Ihre Nachricht").fill(stalled);
    await page.getByRole("button", { name: "Senden", exact: true }).click();
    const hanging = page.locator(".message--mine", { hasText: stalled });
    await hanging.getByText("Nicht gesendet.").waitFor({ timeout: LONG });
    expect(held).toBe(1);
    release();
    await page.unroute(`**${refused}`);
    await hanging.getByRole("button", { name: "Noch einmal senden" }).click();
    await hanging.locator(".message__meta", { hasText: "· gesendet" }).waitFor({ timeout: LONG });
    await waitForDecryptedText(counselorClient, caseRoomId, (b) => b === stalled, LONG);
  });

  it("3: after a password change the old password fails and the new one shows the history", { timeout: 240_000 }, async () => {
    const first = await openBrowser({ width: 320 });
    closers.push(first.close);
    await signIn(first.page, platform.webUrl, pseudonym, password);
    await first.page.getByRole("button", { name: "Mein Zugang" }).click();
    await checkScreen(first.page, walk, "account");
    const newPassword = "ein ganz neues Passwort 2";
    await first.page.getByLabel("Bisheriges Passwort").fill(password);
    await first.page.getByLabel("Neues Passwort").fill(newPassword);
    await first.page.getByRole("button", { name: "Passwort ändern" }).click();
    await first.page.getByText("Melden Sie sich ab jetzt mit dem neuen Passwort an.").waitFor({ timeout: LONG });
    const oldPassword = password;
    password = newPassword;

    const second = await openBrowser({ width: 320 });
    closers.push(second.close);
    await signIn(second.page, platform.webUrl, pseudonym, oldPassword);
    await second.page.getByText("Name oder Passwort stimmen nicht").waitFor();
    await checkScreen(second.page, walk, "login-wrong-password");
    await second.page.getByLabel("Passwort", { exact: true }).fill(password);
    await second.page.getByRole("button", { name: "Anmelden", exact: true }).click();
    await second.page.locator("li.case", { hasText: agency.name }).getByRole("button", { name: /Unterhaltung/u }).click();
    await second.page.locator(".message", { hasText: enquiry }).waitFor({ timeout: LONG });
    await second.page.locator(".message", { hasText: reply }).waitFor({ timeout: LONG });
  });

  it("3b: after a reload with a dead chat session, the password brings the older messages back", { timeout: 240_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await signIn(page, platform.webUrl, pseudonym, password);
    await page.locator("li.case", { hasText: agency.name }).getByRole("button", { name: /Unterhaltung/u }).click();
    await page.locator(".message", { hasText: reply }).waitFor({ timeout: LONG });

    // The homeserver ends this browser's chat session (as when it is revoked or expires).
    const chatSession = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith("lotse.chat."));
      return key === undefined ? null : (JSON.parse(sessionStorage.getItem(key)!) as { accessToken: string; deviceId: string });
    });
    expect(chatSession).not.toBeNull();
    const out = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/logout`, {
      method: "POST",
      headers: { authorization: `Bearer ${chatSession!.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(out.status).toBe(200);

    await page.reload();
    await page.locator("li.case", { hasText: agency.name }).getByRole("button", { name: /Unterhaltung/u }).click();
    const prompt = page.getByLabel("Ihr Passwort", { exact: true });
    await prompt.waitFor({ timeout: LONG });
    // The older messages arrive, but locked: this browser's new session has none of their keys.
    await page.locator(".message__body--locked").first().waitFor({ timeout: LONG });
    expect(await page.locator(".message", { hasText: reply }).count()).toBe(0);
    await checkScreen(page, walk, "chat-password-again");
    // A new chat session was opened for this browser.
    const renewed = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith("lotse.chat."));
      return key === undefined ? null : (JSON.parse(sessionStorage.getItem(key)!) as { deviceId: string });
    });
    expect(renewed?.deviceId).not.toBe(chatSession!.deviceId);

    await prompt.fill("nicht das Passwort");
    await page.getByRole("button", { name: "Ältere Nachrichten anzeigen" }).click();
    await page.getByText("Das Passwort stimmt nicht.").waitFor({ timeout: LONG });
    await prompt.fill(password);
    await page.getByRole("button", { name: "Ältere Nachrichten anzeigen" }).click();
    await page.locator(".message", { hasText: enquiry }).waitFor({ timeout: LONG });
    await page.locator(".message", { hasText: reply }).waitFor({ timeout: LONG });
    await prompt.waitFor({ state: "detached", timeout: LONG });

    // Another tab of the same browser is not signed in: both sessions live in this tab only.
    const other = await browser.context.newPage();
    await other.goto(platform.webUrl);
    await other.getByRole("button", { name: "Beratung finden" }).waitFor();
    expect(await other.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("lotse.")))).toEqual([]);
    await other.close();
  });

  it("3c: the main screens in English, chosen on the landing page and remembered", { timeout: 240_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await page.goto(platform.webUrl);
    await page.getByRole("heading", { name: "Sie müssen nicht allein damit bleiben" }).waitFor();
    await page.getByLabel("Sprache und Anrede").selectOption("en");
    await page.getByRole("heading", { name: "You don't have to deal with it alone" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.locator(".topic-list li").first().waitFor();
    await checkScreen(page, walk, "en-landing");

    await page.getByRole("button", { name: "Find counseling" }).click();
    await page.getByLabel("Topic").selectOption(agency.topicIds[0]!);
    await page.getByLabel("Postcode").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Find counseling services" }).click();
    const agencyItem = page.locator("li.agency", { hasText: agency.name });
    await agencyItem.waitFor();
    await checkScreen(page, walk, "en-agencies");
    await agencyItem.getByRole("button", { name: "Choose" }).click();
    await page.getByLabel("Your name here (made up)").fill("ab");
    await page.getByLabel(/I agree/u).check();
    await page.getByRole("button", { name: "Create account and continue" }).click();
    await page.getByText("Your name needs at least 3 characters.").waitFor();
    await checkScreen(page, walk, "en-registration-errors");

    // The choice survives a reload (localStorage), and <html lang> follows it from the start.
    await page.reload();
    await page.getByRole("heading", { name: "You don't have to deal with it alone" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("en");
    await page.getByRole("button", { name: "I already have an account" }).click();
    await page.getByLabel("Your name here").fill(pseudonym);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await checkScreen(page, walk, "en-login");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    const caseItem = page.locator("li.case", { hasText: agency.name });
    await caseItem.getByText("Answered").waitFor({ timeout: LONG });
    await checkScreen(page, walk, "en-cases");
    await caseItem.getByRole("button", { name: "Open conversation" }).click();
    await page.locator(".message", { hasText: reply }).waitFor({ timeout: LONG });
    await page.getByLabel("Your message").waitFor();
    await checkScreen(page, walk, "en-chat");
    await page.getByRole("button", { name: "My account" }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await checkScreen(page, walk, "en-account");
  });

  it("3d: the main screens with the informal du, chosen on the account page", { timeout: 240_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await signIn(page, platform.webUrl, pseudonym, password);
    await page.getByRole("button", { name: "Mein Zugang" }).click();
    await page.getByRole("heading", { name: "Ihr Zugang" }).waitFor();
    await page.getByLabel("Sprache und Anrede").selectOption("de-du");
    await page.getByRole("heading", { name: "Dein Zugang" }).waitFor();
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("de");
    await checkScreen(page, walk, "du-account");

    // An expired access token (answered here once by the test) is exchanged through the real
    // POST /v1/auth/refresh, and the list loads with the new token.
    const tokenBefore = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("lotse.session")!) as { token: string }).token);
    let refusedOnce = false;
    await page.route("**/v1/cases", async (route) => {
      if (refusedOnce || route.request().method() !== "GET") return route.continue();
      refusedOnce = true;
      return route.fulfill({
        status: 401,
        contentType: "application/json",
        body: JSON.stringify({ errcode: "LOTSE_TOKEN_EXPIRED", error: "The session has expired; please sign in again." }),
      });
    });
    const refreshed = page.waitForResponse((r) => r.url().endsWith("/v1/auth/refresh"), { timeout: LONG });
    await page.getByRole("button", { name: "Meine Anfragen" }).click();
    expect((await refreshed).status()).toBe(200);
    await page.unroute("**/v1/cases");
    expect(refusedOnce).toBe(true);
    const tokenAfter = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("lotse.session")!) as { token: string }).token);
    expect(tokenAfter).not.toBe(tokenBefore);
    const caseItem = page.locator("li.case", { hasText: agency.name });
    await caseItem.getByText("Beantwortet").waitFor({ timeout: LONG });
    await page.getByRole("heading", { name: "Deine Anfragen" }).waitFor();
    await checkScreen(page, walk, "du-cases");
    await caseItem.getByRole("button", { name: "Unterhaltung öffnen" }).click();
    await page.locator(".message", { hasText: reply }).waitFor({ timeout: LONG });
    await page.getByLabel("Deine Nachricht").waitFor();
    await checkScreen(page, walk, "du-chat");
    await page.getByRole("button", { name: "Abmelden" }).first().click();
    await page.getByText("Du bist abgemeldet.").waitFor({ timeout: LONG });
    await page.getByRole("heading", { name: "Du musst nicht allein damit bleiben" }).waitFor();
    await checkScreen(page, walk, "du-landing");
    await page.getByRole("button", { name: "Beratung finden" }).click();
    await page.getByRole("heading", { name: "Worüber möchtest du sprechen?" }).waitFor();
    await page.getByLabel("Thema").selectOption(agency.topicIds[0]!);
    await page.getByLabel("Postleitzahl").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Beratungsstellen finden" }).click();
    const agencyItem = page.locator("li.agency", { hasText: agency.name });
    await agencyItem.waitFor();
    await checkScreen(page, walk, "du-agencies");
    await agencyItem.getByRole("button", { name: "Auswählen" }).click();
    await page.getByLabel("Dein Name hier (Fantasiename)").fill("ab");
    await page.getByLabel(/Ich bin einverstanden/u).check();
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    await page.getByText("Dein Name braucht mindestens 3 Zeichen.").waitFor();
    await checkScreen(page, walk, "du-registration-errors");
  });

  it("3e: the keyboard alone reaches every control and gets from the landing page to the registration form", { timeout: 180_000 }, async () => {
    const browser = await openBrowser({ width: 390 });
    closers.push(browser.close);
    const { page } = browser;
    /** Tabs through the page; returns the controls never focused (visible, enabled ones only). */
    const unreachable = async (): Promise<string[]> => {
      const total = await page.evaluate(() => document.querySelectorAll("a[href],button,input,select,textarea,summary").length);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      for (let i = 0; i < total + 5; i++) {
        await page.keyboard.press("Tab");
        await page.evaluate(() => document.activeElement?.setAttribute("data-kb-reached", ""));
      }
      return page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>("a[href],button,input,select,textarea,summary")]
          .filter((el) => el.offsetParent !== null && !(el as HTMLButtonElement).disabled && !el.hasAttribute("data-kb-reached"))
          .map((el) => el.outerHTML.slice(0, 80)),
      );
    };
    const focusByTab = async (name: string): Promise<void> => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press("Tab");
        const names = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          const labels = el && "labels" in el ? [...((el as HTMLInputElement).labels ?? [])].map((l) => (l.textContent ?? "").trim()) : [];
          return [el?.tagName === "BUTTON" || el?.tagName === "A" ? (el.textContent ?? "").trim() : "", el?.getAttribute("aria-label") ?? "", ...labels];
        });
        if (names.some((n) => n === name || n.startsWith(`${name} `))) return;
      }
      throw new Error(`"${name}" is not reachable with the Tab key`);
    };

    await page.goto(platform.webUrl);
    await page.locator(".topic-list li").first().waitFor();
    expect(await unreachable()).toEqual([]);
    await focusByTab("Beratung finden");
    await page.keyboard.press("Enter");
    await page.getByLabel("Postleitzahl").waitFor();
    expect(await unreachable()).toEqual([]);
    await focusByTab("Thema");
    await page.keyboard.press("ArrowDown");
    await focusByTab("Postleitzahl");
    await page.keyboard.type(agency.samplePostcode);
    await page.getByLabel("Thema").selectOption(agency.topicIds[0]!); // the one the agency serves, whatever ArrowDown chose
    await focusByTab("Beratungsstellen finden");
    await page.keyboard.press("Enter");
    const agencyItem = page.locator("li.agency", { hasText: agency.name });
    await agencyItem.waitFor({ timeout: LONG });
    expect(await unreachable()).toEqual([]);
    await agencyItem.getByRole("button", { name: "Auswählen" }).focus();
    await page.keyboard.press("Enter");
    await page.getByLabel("Ihr Name hier (Fantasiename)").waitFor();
    expect(await unreachable()).toEqual([]);
    await focusByTab("Ihr Name hier");
    await page.keyboard.type("Tastatur Tester");
    expect(await page.getByLabel("Ihr Name hier (Fantasiename)").inputValue()).toBe("Tastatur Tester");
  });

  it("3f: Schnell weg — Escape twice or the button leave at once; the tab's session is gone and Back does not return", { timeout: 180_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    // The neutral site, answered by the test (no network here).
    await page.route("https://www.wikipedia.org/**", (r) => r.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>Wikipedia</title><p>neutral</p>" }));
    await signIn(page, platform.webUrl, pseudonym, password);
    await page.getByRole("button", { name: "Mein Zugang" }).waitFor();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Escape");
    await page.waitForURL("https://www.wikipedia.org/**");
    // The history entry was replaced: Back does not lead into the counseling.
    await page.goBack().catch(() => null);
    expect(page.url().startsWith(platform.webUrl)).toBe(false);
    // Opening the page again in the same tab: signed out, the tab's session is gone.
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Schnell weg: diese Seite sofort verlassen (auch zweimal Esc)" }).waitFor();
    expect(await page.getByRole("button", { name: "Mein Zugang" }).count()).toBe(0);
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    // The button on the landing page does the same.
    await page.getByRole("button", { name: "Schnell weg: diese Seite sofort verlassen (auch zweimal Esc)" }).click();
    await page.waitForURL("https://www.wikipedia.org/**");
  });

  it("4: deleting the account signs out; signing in again fails with a clear message", { timeout: 180_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await signIn(page, platform.webUrl, pseudonym, password);
    await page.getByRole("button", { name: "Mein Zugang" }).click();
    await page.getByRole("button", { name: "Zugang löschen" }).click();
    await page.locator(".field__error").first().waitFor();
    await checkScreen(page, walk, "delete-errors");
    await page.getByLabel("Ihr Passwort").fill(password);
    await page.getByLabel(/endgültig löschen/u).check();
    await page.getByRole("button", { name: "Zugang löschen" }).click();
    await page.getByText("Ihr Zugang ist gelöscht.").waitFor({ timeout: LONG });
    await checkScreen(page, walk, "deleted");
    // Nothing of the chat is left in this browser.
    const left = await page.evaluate(() =>
      [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) => k.startsWith("lotse.chat.") || k === "lotse.session"),
    );
    expect(left).toEqual([]);

    await signIn(page, platform.webUrl, pseudonym, password);
    await page.getByText("Name oder Passwort stimmen nicht").waitFor();
  });

  it("5: no protocol words, no axe violations, no sideways scrolling on any screen", () => {
    expect(walk.screens.length).toBeGreaterThanOrEqual(25);
    expect(walk.problems).toEqual([]);
  });
});
