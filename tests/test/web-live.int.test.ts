// The live chat without registration in a real browser (Debian's Chromium via playwright-core)
// against the real platform (built app, API with its live sweeper, bridge, Synapse, PostgreSQL):
//   1. a demo counselor goes on live duty from the pool room (`!dienst an`); a visitor at 320 px
//      sees "Jetzt live chatten" on the landing page, picks the topic and starts without an
//      account; the queue says where they are and that no estimate exists yet; the counselor takes
//      the chat (`!übernehmen`) in a real end-to-end encrypted client, types and answers; the
//      seeker sees "schreibt …", the answer and who they chat with, answers back (decrypted by the
//      counselor), ends the chat after a confirmation — and the temporary account, its rows and its
//      room are gone (Lotse's database and Synapse's);
//   2. a second visitor keeps their access ("Zugang behalten") with a password: a fresh browser
//      signs in with the chat name and that password and reads the whole conversation (restored
//      from the key backup set up at that moment);
//   3. the same in English and in informal German (offer, a refused start form, the queue, leaving).
// Every screen: no protocol words or ids, zero axe violations, no sideways scrolling.
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import type { Page } from "playwright-core";
import { seedDemo, type DemoAccounts } from "@lotse/scripts";
import {
  botCommand,
  type MatrixSession,
  matrixRequest,
  passwordLogin,
  randomLetters,
  registerSecrets,
  registerSynapseAdmin,
  startE2eeClient,
  stopClient,
  until,
  waitForDecryptedText,
} from "@lotse/test-support";
import { checkScreen, joinCaseRoom, openBrowser, startWebPlatform, type Walk, type WebPlatform } from "../src/web.ts";

const stack = inject("lotseStack");
const LONG = 120_000;
const SCREEN = { prefix: "live-" };
const bot = `@${stack.botLocalpart}:${stack.serverName}`;

describe("the live chat without registration in Chromium", () => {
  let platform: WebPlatform;
  let demo: DemoAccounts;
  let agency: DemoAccounts["agencies"][number];
  let counselorName = "";
  let session: MatrixSession;
  let counselorClient: MatrixClient;
  let poolRoomId = "";
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];
  const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
  const synapseSql = postgres(stack.synapseDatabaseUrl, { max: 1, onnotice: () => {} });

  const answer = `Hallo, ich bin jetzt für Sie da ${randomUUID()}`;
  const question = `Ich wusste nicht, wen ich fragen soll ${randomUUID()}`;
  const keptName = `Ebbe ${randomLetters(10)}`;
  const keptPassword = `ein langes Behaltepasswort ${randomLetters(6)}`;
  const keptAnswer = `Schön, dass Sie bleiben ${randomUUID()}`;

  /** Types a command in the pool room and returns the bot's reply to it. */
  const command = (text: string) => botCommand(session, poolRoomId, bot, text, LONG);

  /** The live chat of the seeker with this chat name: its case number and room (once created). */
  async function liveCase(name: string): Promise<{ caseNumber: number; roomId: string }> {
    return until(
      "the live chat's case room",
      async () => {
        const rows = await sql<{ case_number: number; room_id: string | null }[]>`
          select c.case_number, c.room_id from live_chats l join cases c on c.id = l.case_id join seekers s on s.id = l.seeker_id where s.username = ${name}`;
        return rows[0]?.room_id ? { caseNumber: rows[0].case_number, roomId: rows[0].room_id } : undefined;
      },
      LONG,
    );
  }

  /**
   * The seeker's app has joined the conversation, as the counselor's client sees it: only then are
   * the seeker's chat keys known to it (a message sent before could not be read by the seeker).
   */
  async function seekerJoined(roomId: string, name: string): Promise<void> {
    const [row] = await sql<{ matrix_localpart: string }[]>`select matrix_localpart from seekers where username = ${name}`;
    const userId = `@${row!.matrix_localpart}:${stack.serverName}`;
    await until("the seeker in the conversation", async () => (counselorClient.getRoom(roomId)?.getMember(userId)?.membership === "join" ? true : undefined), LONG);
  }

  async function startLive(page: Page, name?: string): Promise<string> {
    await page.goto(platform.webUrl);
    await page.getByRole("heading", { name: "Jetzt live chatten – ohne Anmeldung" }).waitFor({ timeout: LONG });
    await page.getByRole("button", { name: "Jetzt live chatten" }).click();
    await page.getByLabel("Worum geht es?").selectOption(agency.topicIds[0]!);
    if (name !== undefined) await page.getByLabel("Name im Chat (freiwillig)").fill(name);
    await page.getByRole("button", { name: "Chat beginnen" }).click();
    const nameLine = page.getByText(/^Ihr Name im Chat: /u);
    await nameLine.waitFor({ timeout: LONG });
    return (await nameLine.innerText()).replace(/^Ihr Name im Chat: /u, "");
  }

  beforeAll(async () => {
    demo = await seedDemo(stack);
    const adminToken = await registerSynapseAdmin(stack);
    registerSecrets(stack, [adminToken], "token");
    registerSecrets(stack, [keptName], "pseudonym");
    registerSecrets(stack, [keptPassword], "password");
    registerSecrets(stack, [answer, question, keptAnswer], "message");
    platform = await startWebPlatform(stack, { apiEnv: { LOTSE_SYNAPSE_ADMIN_TOKEN: adminToken, LOTSE_API_LIVE_SWEEP_MS: "1000" } });
    agency = demo.agencies[0]!;
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;
    counselorName = counselor.displayName;
    session = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);
    counselorClient = await startE2eeClient(session);
    const [row] = await sql<{ pool_room_id: string | null }[]>`select pool_room_id from agencies where id = ${agency.id}`;
    poolRoomId = row!.pool_room_id!;
    await until(
      "the counselor in the pool room",
      async () => (await matrixRequest(stack.homeserverUrl, session.accessToken, "POST", `/_matrix/client/v3/join/${encodeURIComponent(poolRoomId)}`, {})).status === 200 || undefined,
      LONG,
    );
    expect(await command("!dienst an 120")).toContain("Sie sind im Live-Dienst bis");
  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (session) await command("!dienst aus").catch(() => {});
    if (counselorClient) await stopClient(counselorClient);
    await platform?.stop();
    await sql.end();
    await synapseSql.end();
  });

  it("1: from the landing page through the queue to the conversation and its end, which erases everything", { timeout: 420_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await page.goto(platform.webUrl);
    await page.getByRole("heading", { name: "Jetzt live chatten – ohne Anmeldung" }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "landing-offer", SCREEN);
    await page.getByRole("button", { name: "Jetzt live chatten" }).click();
    // Starting without a topic is refused in words at the field.
    await page.getByLabel("Worum geht es?").selectOption("");
    await page.getByRole("button", { name: "Chat beginnen" }).click();
    await page.getByText("Bitte wählen Sie ein Thema.").waitFor();
    await checkScreen(page, walk, "start-errors", SCREEN);
    const name = await startLive(page);
    expect(name).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+ \d{3}$/u);
    await page.getByText("Sie sind als Nächstes dran.").waitFor({ timeout: LONG });
    await page.getByText("Wie lange es dauert, können wir noch nicht sagen.").waitFor();
    await checkScreen(page, walk, "waiting", SCREEN);

    // The counselor takes it from the queue in their Matrix client and answers, end to end encrypted.
    const { caseNumber, roomId } = await liveCase(name);
    expect(await command("!warteschlange")).toContain(`Fall ${caseNumber}`);
    expect(await command(`!übernehmen ${caseNumber}`)).toContain("übernommen");
    await joinCaseRoom(counselorClient, roomId);
    await seekerJoined(roomId, name);
    await page.getByText(`Sie chatten mit ${counselorName}`).waitFor({ timeout: LONG });
    await counselorClient.sendTyping(roomId, true, 60_000);
    await page.locator(".chat__typing", { hasText: "Die Beratung schreibt …" }).waitFor({ timeout: LONG });
    await counselorClient.sendMessage(roomId, { msgtype: "m.text", body: answer } as never);
    await counselorClient.sendTyping(roomId, false, 0);
    await page.locator(".message", { hasText: answer }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "conversation", SCREEN);
    await page.getByLabel("Ihre Nachricht", { exact: true }).fill(question);
    await page.getByRole("button", { name: "Senden", exact: true }).click();
    const received = await waitForDecryptedText(counselorClient, roomId, (b) => b === question, LONG);
    expect(received.wasEncrypted).toBe(true);

    // Ending asks first; then the page forgets the chat and the server erases it.
    await page.getByRole("button", { name: "Chat beenden" }).click();
    await page.getByText("Wirklich beenden?", { exact: false }).waitFor();
    await checkScreen(page, walk, "leave-confirm", SCREEN);
    await page.getByRole("button", { name: "Ja, beenden und löschen" }).click();
    await page.getByText("Ihr Live-Chat ist beendet.", { exact: false }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "ended", SCREEN);
    expect(await page.evaluate(() => sessionStorage.getItem("lotse.session"))).toBeNull();
    await page.reload();
    await page.getByRole("heading", { name: "Jetzt live chatten – ohne Anmeldung" }).waitFor({ timeout: LONG });

    await until("the temporary account erased", async () => ((await sql`select 1 from seekers where username = ${name}`).length === 0 ? true : undefined), LONG);
    expect(await sql`select 1 from cases where case_number = ${caseNumber}`).toHaveLength(0);
    await until("the room deleted on the homeserver", async () => ((await synapseSql`select 1 from rooms where room_id = ${roomId}`).length === 0 ? true : undefined), LONG);
    expect(await synapseSql`select 1 from events where room_id = ${roomId}`).toHaveLength(0);
    expect(walk.problems).toEqual([]);
  });

  it("2: 'Zugang behalten' keeps the conversation, readable in a fresh browser", { timeout: 420_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    expect(await startLive(page, keptName)).toBe(keptName);
    const { caseNumber, roomId } = await liveCase(keptName);
    expect(await command(`!übernehmen ${caseNumber}`)).toContain("übernommen");
    await joinCaseRoom(counselorClient, roomId);
    await seekerJoined(roomId, keptName);
    await counselorClient.sendMessage(roomId, { msgtype: "m.text", body: keptAnswer } as never);
    await page.locator(".message", { hasText: keptAnswer }).waitFor({ timeout: LONG });

    await page.getByRole("button", { name: "Zugang behalten" }).click();
    await page.getByText(`mit dem Namen „${keptName}“ an`, { exact: false }).waitFor();
    await page.getByLabel("Neues Passwort").fill("kurz");
    await page.getByRole("button", { name: "Zugang behalten" }).click();
    await page.locator(".field__error").first().waitFor();
    await checkScreen(page, walk, "keep-errors", SCREEN);
    await page.getByLabel("Neues Passwort").fill(keptPassword);
    await page.getByRole("button", { name: "Zugang behalten" }).click();
    // Now an ordinary account: the case's conversation with the way back to "my cases".
    await page.getByRole("button", { name: "Zu meinen Anfragen" }).waitFor({ timeout: LONG });
    await page.locator(".message", { hasText: keptAnswer }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "kept", SCREEN);
    const [kept] = await sql<{ temporary: boolean }[]>`select temporary from seekers where username = ${keptName}`;
    expect(kept).toEqual({ temporary: false });

    // The message key reached the backup made when the access was kept.
    const chatSession = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith("lotse.chat."));
      return key === undefined ? null : (JSON.parse(sessionStorage.getItem(key)!) as { accessToken: string });
    });
    await until(
      "the conversation's key in the backup",
      async () => {
        const res = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/room_keys/version`, { headers: { authorization: `Bearer ${chatSession!.accessToken}` } });
        const body = (await res.json()) as { count?: number };
        return (body.count ?? 0) >= 1 ? true : undefined;
      },
      LONG,
    );

    const fresh = await openBrowser({ width: 320 });
    closers.push(fresh.close);
    await fresh.page.goto(platform.webUrl);
    await fresh.page.getByRole("button", { name: "Ich habe schon einen Zugang" }).click();
    await fresh.page.getByLabel("Ihr Name hier").fill(keptName);
    await fresh.page.getByLabel("Passwort", { exact: true }).fill(keptPassword);
    await fresh.page.getByRole("button", { name: "Anmelden", exact: true }).click();
    await fresh.page.locator("li.case", { hasText: agency.name }).getByRole("button", { name: /Unterhaltung/u }).click();
    await fresh.page.locator(".message", { hasText: keptAnswer }).waitFor({ timeout: LONG });
    await checkScreen(fresh.page, walk, "kept-fresh-browser", SCREEN);
    expect(walk.problems).toEqual([]);
  });
  it("3: in English and in informal German — the offer, the start form's refusal, the queue, leaving", { timeout: 300_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;
    await page.goto(platform.webUrl);
    await page.getByLabel("Sprache und Anrede").selectOption("en");
    await page.getByRole("heading", { name: "Chat live now – no account needed" }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "landing-offer-en", SCREEN);
    await page.getByRole("button", { name: "Chat live now" }).click();
    await page.getByLabel("Postcode (optional)").fill("12");
    await page.getByRole("button", { name: "Start the chat" }).click();
    await page.locator(".field__error").first().waitFor();
    await checkScreen(page, walk, "start-errors-en", SCREEN);
    await page.getByLabel("What is it about?").selectOption(agency.topicIds[0]!);
    await page.getByLabel("Postcode (optional)").fill("");
    await page.getByRole("button", { name: "Start the chat" }).click();
    await page.getByText(/^Your name in the chat: /u).waitFor({ timeout: LONG });
    await page.getByText(/^(You are next\.|You are number \d+ in the queue\.)$/u).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "waiting-en", SCREEN);

    await page.getByRole("button", { name: "End the chat" }).click();
    await page.getByRole("button", { name: "Yes, end and delete" }).click();
    await page.getByText("Your live chat has ended.", { exact: false }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "ended-en", SCREEN);

    // Informal German, chosen on the landing page: start again, wait, leave.
    await page.getByLabel("Language").selectOption("de-du");
    await page.getByRole("button", { name: "Jetzt live chatten" }).click();
    await page.getByLabel("Worum geht es?").selectOption(agency.topicIds[0]!);
    await page.getByRole("button", { name: "Chat beginnen" }).click();
    await page.getByText(/^Dein Name im Chat: /u).waitFor({ timeout: LONG });
    await page.getByText("Du kannst schon schreiben.", { exact: false }).waitFor();
    await checkScreen(page, walk, "waiting-du", SCREEN);
    await page.getByRole("button", { name: "Chat beenden" }).click();
    await page.getByRole("button", { name: "Ja, beenden und löschen" }).click();
    await page.getByText("Dein Live-Chat ist beendet.", { exact: false }).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "ended-du", SCREEN);
    expect(walk.problems).toEqual([]);
  });
});
