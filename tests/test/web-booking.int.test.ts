// The seeker's chat-appointment screens in a real browser (Debian's Chromium via playwright-core)
// against the real platform (built app, API, bridge, Synapse, PostgreSQL):
//   a demo counselor signs in as staff (OpenID token from the homeserver) and publishes three
//   one-off consultation slots; a visitor sees them on the agency card (320 px wide, German "Sie"),
//   picks one, is asked to create an account first, registers and lands on the confirmation,
//   downloads the .ics (fetched with the token in the header, saved from a Blob: time, no
//   pseudonym), sees the appointment in "my cases" (refreshed on focus), cancels it after being
//   asked again and is offered the free slots. A second visitor (English) picks a slot that another
//   seeker books meanwhile: after registering, the refusal is said in words with the fresh slots,
//   and one of those is booked. A third seeker's appointment starts during the test: "my cases"
//   says it is running and that the counselor is not there yet; in the conversation the counselor
//   (a real end-to-end encrypted client) types and answers, and afterwards the counselor is there.
//   Every screen: no protocol words or ids, zero axe violations.
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Page } from "playwright-core";
import { seedDemo, type DemoAccounts, type DemoAgency } from "@lotse/scripts";
import { randomUUID } from "node:crypto";
import { passwordLogin, randomLetters, registerSecrets, startE2eeClient, stopClient, uniquePseudonym, until } from "@lotse/test-support";
import { checkScreen, joinCaseRoom, openBrowser, startWebPlatform, type Walk, type WebPlatform } from "../src/web.ts";

const stack = inject("lotseStack");
const LONG = 120_000;
const SCREEN = { prefix: "booking-" };

type Slot = { key: string; startsAt: string; endsAt: string; timeZone: string };

/** The slot in words as the app says it (weekday, date, times in the platform's time zone). */
function inWords(slot: { startsAt: string; endsAt: string }, locale: "de" | "en"): string {
  const intl = locale === "de" ? "de-DE" : "en-GB";
  const day = new Intl.DateTimeFormat(intl, { weekday: "long", day: "numeric", month: "long", timeZone: "Europe/Berlin" }).format(new Date(slot.startsAt));
  const time = (iso: string) => new Intl.DateTimeFormat(intl, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" }).format(new Date(iso));
  const times = `${time(slot.startsAt)}–${time(slot.endsAt)}`;
  return locale === "de" ? `${day}, ${times} Uhr` : `${day}, ${times}`;
}

async function search(page: Page, agency: DemoAgency, labels: { find: string; topic: string; postcode: string; submit: string }): Promise<void> {
  await page.getByRole("button", { name: labels.find }).click();
  await page.getByLabel(labels.topic).selectOption(agency.topicIds[0]!);
  await page.getByLabel(labels.postcode).fill(agency.samplePostcode);
  await page.getByRole("button", { name: labels.submit }).click();
}

describe("the seeker's chat-appointment screens in Chromium", () => {
  let platform: WebPlatform;
  let demo: DemoAccounts;
  let agency: DemoAgency;
  let staffToken = "";
  let slots: Slot[] = [];
  const slotIds: string[] = [];
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];
  const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });

  const pseudonymA = `Kranich ${randomLetters(10)}`;
  const pseudonymB = `Heron ${randomLetters(10)}`;
  const pseudonymC = uniquePseudonym("Termin");
  const pseudonymD = uniquePseudonym("Jetzt");
  const answerD = `Ich bin da, schön dass Sie gekommen sind ${randomUUID()}`;
  const password = `ein langes Terminpasswort ${randomLetters(6)}`;

  const api = async (method: string, path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${platform.apiUrl}${path}`, {
      method,
      headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };

  beforeAll(async () => {
    registerSecrets(stack, [pseudonymA, pseudonymB, pseudonymC, pseudonymD], "pseudonym");
    registerSecrets(stack, [answerD], "message");
    registerSecrets(stack, [password], "password");
    demo = await seedDemo(stack);
    platform = await startWebPlatform(stack);
    agency = demo.agencies[0]!;
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id);
    if (counselor === undefined) throw new Error("the demo agency has no counselor");
    // Staff sign-in as a Matrix client does it: an OpenID token from the homeserver, to the API.
    const session = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);
    const openIdRes = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/user/${encodeURIComponent(counselor.userId)}/openid/request_token`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    const signedIn = await api("POST", "/v1/auth/matrix", undefined, await openIdRes.json());
    expect(signedIn.status).toBe(200);
    staffToken = signedIn.body.token as string;
    const [row] = await sql<{ id: string }[]>`select id from counselors where matrix_user_id = ${counselor.userId}`;
    // Three one-off slots on the next days, 45 minutes each, the counselor's own.
    for (const daysAhead of [2, 3, 4]) {
      const startsAt = new Date(Date.now() + daysAhead * 86_400_000);
      startsAt.setUTCHours(15, 0, 0, 0);
      const added = await api("POST", `/v1/staff/agencies/${agency.id}/consultation-hours/slots`, staffToken, { counselorId: row!.id, startsAt: startsAt.toISOString(), minutes: 45 });
      expect(added.status).toBe(201);
      slotIds.push(added.body.slotId as string);
    }
    const free = await api("GET", `/v1/agencies/${agency.id}/slots?limit=10`);
    slots = free.body as unknown as Slot[];
    expect(slots).toHaveLength(3);
    expect(slots[0]!.timeZone).toBe("Europe/Berlin");
  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    // The demo agency's hours as they were (removing a slot cancels what is booked on it).
    for (const slotId of slotIds) await api("DELETE", `/v1/staff/agencies/${agency.id}/consultation-hours/slots/${slotId}`, staffToken).catch(() => {});
    await platform?.stop();
    await sql.end();
  });

  it("a visitor sees the slots, registers to book, downloads the .ics, sees the appointment and cancels it", { timeout: 420_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    const icsRequests: { url: string; authorization: string | undefined }[] = [];
    page.on("request", (r) => {
      if (r.url().includes("calendar.ics")) icsRequests.push({ url: r.url(), authorization: r.headers().authorization });
    });

    await page.goto(platform.webUrl);
    await search(page, agency, { find: "Beratung finden", topic: "Thema", postcode: "Postleitzahl", submit: "Beratungsstellen finden" });
    const card = page.locator("li.agency", { hasText: agency.name });
    const first = slots[0]!;
    const slotButton = card.getByRole("button", { name: inWords(first, "de"), exact: true });
    await slotButton.waitFor({ timeout: LONG });
    await card.getByText("Chat-Termine").waitFor();
    expect(inWords(first, "de")).toMatch(/^\p{L}+, \d{1,2}\. \p{L}+, \d\d:\d\d–\d\d:\d\d Uhr$/u);
    await checkScreen(page, walk, "search-slots", SCREEN);

    // Picking a slot: the booking page; booking asks for an account first, saying why.
    await slotButton.click();
    await page.getByRole("heading", { level: 1, name: "Chat-Termin buchen" }).waitFor();
    await page.getByText(inWords(first, "de")).waitFor();
    await page.getByLabel("Erinnern Sie mich per E-Mail an den Termin").check();
    await checkScreen(page, walk, "confirm", SCREEN);
    await page.getByRole("button", { name: "Termin buchen" }).click();
    await page.getByRole("heading", { level: 1, name: "Ihr anonymer Zugang" }).waitFor();
    await page.getByText("Danach wird der Termin gleich für Sie gebucht").waitFor();
    await checkScreen(page, walk, "register", SCREEN);
    await page.getByLabel("Ihr Name hier (Fantasiename)").fill(pseudonymA);
    await page.getByLabel("Passwort", { exact: true }).fill(password);
    await page.getByLabel(/Ich bin einverstanden/u).check();
    const booked = page.waitForResponse((r) => r.url().endsWith("/v1/bookings") && r.request().method() === "POST", { timeout: LONG });
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    expect((await booked).status()).toBe(201);

    // The confirmation: time in words, reminder, calendar file, cancel.
    await page.getByRole("heading", { level: 1, name: "Ihr Termin ist gebucht" }).waitFor({ timeout: LONG });
    await page.getByText(inWords(first, "de")).waitFor();
    await page.getByText("Wir erinnern Sie per E-Mail an den Termin.").waitFor();
    await page.getByText(/^Ihr Termin ist am .* um \d\d:\d\d Uhr\.$/u).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "booked", SCREEN);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Termin in meinen Kalender (ICS-Datei)" }).click()]);
    expect(download.suggestedFilename()).toBe("termin.ics");
    expect(download.url()).toMatch(/^blob:/u);
    const ics = readFileSync((await download.path())!, "utf8");
    const stamp = first.startsAt.replace(/[-:]/gu, "").replace(/\.\d{3}/u, "");
    expect(ics).toContain("BEGIN:VCALENDAR");
    expect(ics).toContain(`DTSTART:${stamp}`);
    expect(ics).not.toContain(pseudonymA);
    // The token went in the header, never into an address.
    expect(icsRequests).toHaveLength(1);
    expect(icsRequests[0]!.url).not.toContain("?");
    expect(icsRequests[0]!.authorization).toMatch(/^Bearer /u);
    const [bookingRow] = await sql<{ status: string; remind_by_email: boolean }[]>`select status, remind_by_email from bookings where slot_id = ${slotIds[0]!}`;
    expect(bookingRow).toMatchObject({ status: "booked", remind_by_email: true });

    // "My cases": the case with the appointment in words; refreshed when the tab gets focus again.
    await page.getByRole("button", { name: "Meine Anfragen" }).click();
    const kase = page.locator("li.case", { hasText: agency.name });
    await kase.getByText("Chat-Termin:").waitFor({ timeout: LONG });
    await kase.getByText(/^Ihr Termin ist am .* um \d\d:\d\d Uhr\.$/u).waitFor();
    await kase.getByRole("button", { name: "Zum Gespräch" }).waitFor();
    const refreshed = page.waitForResponse((r) => r.url().endsWith("/v1/bookings") && r.request().method() === "GET");
    await page.evaluate(() => window.dispatchEvent(new Event("focus")));
    expect((await refreshed).status()).toBe(200);
    await checkScreen(page, walk, "cases", SCREEN);

    // Cancelling asks first; then the free slots are offered again (this one among them).
    await kase.getByRole("button", { name: "Termin ansehen" }).click();
    await page.getByRole("heading", { level: 1, name: "Ihr Termin ist gebucht" }).waitFor();
    await page.getByRole("button", { name: "Termin absagen" }).click();
    await page.getByText("Möchten Sie diesen Termin wirklich absagen?").waitFor();
    await checkScreen(page, walk, "cancel-ask", SCREEN);
    // By keyboard: the question has the focus, the next Tab is "yes".
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cancel-question");
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Ja, Termin absagen");
    const cancelled = page.waitForResponse((r) => /\/v1\/bookings\/[^/]+$/u.test(r.url()) && r.request().method() === "DELETE");
    await page.keyboard.press("Enter");
    expect((await cancelled).status()).toBe(204);
    await page.getByRole("heading", { level: 1, name: "Abgesagt" }).waitFor({ timeout: LONG });
    await page.getByText("Ihr Termin ist abgesagt.").waitFor();
    await page.getByRole("button", { name: inWords(first, "de"), exact: true }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "cancelled", SCREEN);
    const [after] = await sql<{ status: string }[]>`select status from bookings where slot_id = ${slotIds[0]!}`;
    expect(after?.status).toBe("cancelled");
    expect(walk.problems).toEqual([]);
  });

  it("a slot booked by someone else meanwhile: the refusal in words with the fresh slots (English)", { timeout: 420_000 }, async () => {
    const browser = await openBrowser({ width: 390 });
    closers.push(browser.close);
    const { page } = browser;
    await page.goto(platform.webUrl);
    await page.getByLabel("Sprache und Anrede").selectOption("en");
    await search(page, agency, { find: "Find counseling", topic: "Topic", postcode: "Postcode", submit: "Find counseling services" });
    const card = page.locator("li.agency", { hasText: agency.name });
    const wanted = slots[1]!;
    // Picked by keyboard.
    const wantedButton = card.getByRole("button", { name: inWords(wanted, "en"), exact: true });
    await wantedButton.waitFor({ timeout: LONG });
    await wantedButton.focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Book a chat appointment" }).waitFor();

    // Another seeker books the same slot first (through the API).
    const other = await api("POST", "/v1/seekers", undefined, { username: pseudonymC, password, topic: agency.topicIds[0], postcode: agency.samplePostcode });
    expect(other.status).toBe(201);
    const taken = await api("POST", "/v1/bookings", other.body.token as string, { agencyId: agency.id, topic: agency.topicIds[0], key: wanted.key });
    expect(taken.status).toBe(201);

    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.getByText("Right after that, the appointment is booked for you.").waitFor();
    await page.getByLabel("Your name here (made up)").fill(pseudonymB);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await page.getByLabel(/I agree/u).check();
    const refused = page.waitForResponse((r) => r.url().endsWith("/v1/bookings") && r.request().method() === "POST", { timeout: LONG });
    await page.getByRole("button", { name: "Create account and continue" }).click();
    expect((await refused).status()).toBe(409);
    await page.getByText("Someone else has just booked this appointment. Please choose another time.").waitFor({ timeout: LONG });
    const fresh = page.getByRole("list", { name: "Free chat appointments" });
    await fresh.getByRole("button", { name: inWords(slots[2]!, "en"), exact: true }).waitFor();
    expect(await fresh.getByRole("button", { name: inWords(wanted, "en"), exact: true }).count()).toBe(0);
    await checkScreen(page, walk, "taken-en", SCREEN);

    await fresh.getByRole("button", { name: inWords(slots[2]!, "en"), exact: true }).click();
    await page.getByRole("button", { name: "Book appointment" }).click();
    await page.getByRole("heading", { level: 1, name: "Your appointment is booked" }).waitFor({ timeout: LONG });
    await page.getByText(inWords(slots[2]!, "en")).waitFor();
    await checkScreen(page, walk, "booked-en", SCREEN);
    expect(walk.problems).toEqual([]);
  });
  it("at the appointment's start: running, the counselor not there yet, then there — typing and the answer in the conversation", { timeout: 420_000 }, async () => {
    // A seeker with an account and an appointment with the demo counselor that starts in 75 seconds
    // (set up through the API: this test is about the appointment's time, not about booking).
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;
    const [row] = await sql<{ id: string }[]>`select id from counselors where matrix_user_id = ${counselor.userId}`;
    const startsAt = new Date(Date.now() + 75_000);
    const added = await api("POST", `/v1/staff/agencies/${agency.id}/consultation-hours/slots`, staffToken, { counselorId: row!.id, startsAt: startsAt.toISOString(), minutes: 30 });
    expect(added.status).toBe(201);
    slotIds.push(added.body.slotId as string);
    const free = (await api("GET", `/v1/agencies/${agency.id}/slots?limit=10`)).body as unknown as Slot[];
    const soon = free.find((f) => new Date(f.startsAt).getTime() === startsAt.getTime())!;
    const seeker = await api("POST", "/v1/seekers", undefined, { username: pseudonymD, password, topic: agency.topicIds[0], postcode: agency.samplePostcode });
    expect(seeker.status).toBe(201);
    const booked = await api("POST", "/v1/bookings", seeker.body.token as string, { agencyId: agency.id, topic: agency.topicIds[0], key: soon.key });
    expect(booked.status).toBe(201);

    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Ich habe schon einen Zugang" }).click();
    await page.getByLabel("Ihr Name hier").fill(pseudonymD);
    await page.getByLabel("Passwort", { exact: true }).fill(password);
    await page.getByRole("button", { name: "Anmelden", exact: true }).click();
    const kase = page.locator("li.case", { hasText: agency.name });
    await kase.getByText("Chat-Termin:").waitFor({ timeout: LONG });
    // At the start (the app refreshes every 20 s): running, and nobody from the counseling side yet.
    await kase.getByText("Ihr Termin läuft jetzt.").waitFor({ timeout: 180_000 });
    await kase.getByText("Ihre Beraterin/Ihr Berater ist noch nicht da.").waitFor();
    await checkScreen(page, walk, "running", SCREEN);

    // The seeker opens the conversation; the counselor comes, types and answers (end to end encrypted).
    await kase.getByRole("button", { name: "Zum Gespräch" }).click();
    const roomId = (await sql<{ room_id: string }[]>`select room_id from cases where id = ${booked.body.caseId as string}`)[0]!.room_id;
    const counselorClient = await startE2eeClient(await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password));
    closers.push(() => stopClient(counselorClient));
    await joinCaseRoom(counselorClient, roomId);
    const [seekerRow] = await sql<{ matrix_localpart: string }[]>`select matrix_localpart from seekers where username = ${pseudonymD}`;
    const seekerUserId = `@${seekerRow!.matrix_localpart}:${stack.serverName}`;
    await until("the seeker in the conversation", async () => (counselorClient.getRoom(roomId)?.getMember(seekerUserId)?.membership === "join" ? true : undefined), LONG);
    await counselorClient.sendTyping(roomId, true, 60_000);
    await page.locator(".chat__typing", { hasText: "Die Beratung schreibt …" }).waitFor({ timeout: LONG });
    await counselorClient.sendMessage(roomId, { msgtype: "m.text", body: answerD } as never);
    await counselorClient.sendTyping(roomId, false, 0);
    await page.locator(".message", { hasText: answerD }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "running-chat", SCREEN);

    // Back in "my cases": the counselor is there now (the bridge saw their first event of the appointment).
    await page.getByRole("button", { name: "Meine Anfragen" }).click();
    await expect
      .poll(
        async () => {
          if (await kase.getByText("Ihre Beraterin/Ihr Berater ist da.").isVisible()) return true;
          await page.evaluate(() => window.dispatchEvent(new Event("focus")));
          return false;
        },
        { timeout: LONG, interval: 1000 },
      )
      .toBe(true);
    expect(walk.problems).toEqual([]);
  });
});
