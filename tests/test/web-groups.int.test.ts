// The seeker's group screens in a real browser (Debian's Chromium via playwright-core) against the
// real platform (built app, API, bridge with a fast group schedule scan, Synapse):
//   the demo group moderator creates a group that runs now (API, staff sign-in with an OpenID
//   token) and joins its conversation with an end-to-end encrypted client; a visitor sees the
//   groups, registers, opens the groups from "my cases", joins, writes in the group (shown as
//   sent), asks for a private word; the moderator answers there, the seeker sees the answer and
//   writes back, then ends the private word; in a group that has not started yet the composer is
//   disabled with a notice saying from when writing opens. The moderator's client decrypts the
//   seeker's group message and whisper message. Every new screen: no protocol words or ids, zero axe violations.
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
/** Group screens: screenshots prefixed "groups-"; this walk checks words and axe, not sideways scrolling. */
const GROUP_SCREEN = { prefix: "groups-", sideways: false };

async function hs(accessToken: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${stack.homeserverUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

describe("the seeker's group screens in Chromium", () => {
  let platform: WebPlatform;
  let demo: DemoAccounts;
  let modClient: MatrixClient;
  let modAccess = "";
  let groupId = "";
  let groupRoomId = "";
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];
  const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });

  const title = `Abendrunde ${randomUUID().slice(0, 6).replace(/\d/gu, "x")}`;
  const pseudonym = `Nebel ${randomLetters(10)}`;
  const password = "mein langes Gruppenpasswort 1";
  const groupText = `Hallo in die Runde ${randomUUID()}`;
  const modWhisper = `Wie kann ich helfen ${randomUUID()}`;
  const seekerWhisper = `Nur für Sie ${randomUUID()}`;

  beforeAll(async () => {
    registerSecrets(stack, [pseudonym], "pseudonym");
    registerSecrets(stack, [password], "password");
    registerSecrets(stack, [groupText, modWhisper, seekerWhisper], "message");
    demo = await seedDemo(stack);
    platform = await startWebPlatform(stack, { bridgeEnv: { LOTSE_GROUP_SCAN_MS: "1000" } });
    const moderator = demo.counselors.find((c) => c.roles.includes("group_moderator"));
    if (moderator === undefined) throw new Error("the demo has no group moderator");
    const session = await passwordLogin(stack.homeserverUrl, moderator.userId, moderator.password);
    modAccess = session.accessToken;
    // Staff sign-in as a Matrix client does it: an OpenID token from the homeserver, to the API.
    const openId = await hs(modAccess, "POST", `/_matrix/client/v3/user/${encodeURIComponent(moderator.userId)}/openid/request_token`, {});
    const signedIn = await fetch(`${platform.apiUrl}/v1/auth/matrix`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(openId.body),
    });
    expect(signedIn.status).toBe(200);
    const staffToken = ((await signedIn.json()) as { token: string }).token;
    const agency = demo.agencies.find((a) => a.id === moderator.agencyId)!;
    const created = await fetch(`${platform.apiUrl}/v1/groups`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${staffToken}` },
      body: JSON.stringify({
        title,
        topicId: agency.topicIds[0],
        description: "Wir sprechen über den Abend.",
        rules: "Freundlich bleiben.",
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        durationMinutes: 60,
        repeatWeekly: false,
        maxParticipants: 5,
      }),
    });
    const createdBody = (await created.json()) as { groupId?: string; roomId?: string; errcode?: string };
    // 503 LOTSE_ROOM_PENDING: the group exists and its room follows (slow machine).
    expect([201, 503]).toContain(created.status);
    if (created.status === 201) {
      groupId = createdBody.groupId!;
      groupRoomId = createdBody.roomId!;
    } else {
      const rows = await until("the new group", async () => {
        const r = await sql<{ id: string }[]>`select id from groups where title = ${title}`;
        return r[0];
      }, LONG);
      groupId = rows.id;
    }
    groupRoomId = await until("the group's conversation", async () => {
      const r = await sql<{ room_id: string | null; applied_phase: string }[]>`select room_id, applied_phase from groups where id = ${groupId}`;
      return r[0]?.room_id !== null && r[0]?.applied_phase === "open" ? r[0]?.room_id : undefined;
    }, LONG);
    // The demo's weekly group (not started yet) has its conversation too (made by the bridge after seeding).
    await until("the demo group's conversation", async () => {
      const r = await sql<{ room_id: string | null }[]>`select room_id from groups where id = ${demo.groups[0]!.id}`;
      return r[0]?.room_id ?? undefined;
    }, LONG);
    // The moderator is in the group's conversation before anyone writes there.
    modClient = await startE2eeClient(session);
    await joinCaseRoom(modClient, groupRoomId, LONG);
  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (modClient) await stopClient(modClient);
    await platform?.stop();
    await sql.end();
  });

  it("a seeker finds the group, joins, writes in it, has a private word and ends it", { timeout: 420_000 }, async () => {
    const browser = await openBrowser({ width: 390 });
    closers.push(browser.close);
    const { page } = browser;

    // A visitor sees the groups without an account; joining asks to sign in first.
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Gesprächsgruppen ansehen" }).click();
    const item = page.locator("li.group", { hasText: title });
    await item.waitFor({ timeout: LONG });
    await expect.poll(() => item.getByText("Läuft gerade").isVisible(), { timeout: LONG }).toBe(true);
    await checkScreen(page, walk, "groups-visitor", GROUP_SCREEN);
    await item.getByRole("button", { name: "Teilnehmen" }).click();
    await page.getByRole("heading", { level: 1, name: "Willkommen zurück" }).waitFor({ timeout: LONG });
    await page.getByText("dann geht es direkt zur Gruppe").waitFor();
    await checkScreen(page, walk, "groups-sign-in", GROUP_SCREEN);

    // Register (an account comes with a first enquiry), then groups from "my cases".
    const agency = demo.agencies[0]!;
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Beratung finden" }).click();
    await page.getByLabel("Thema").selectOption(agency.topicIds[0]!);
    await page.getByLabel("Postleitzahl").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Beratungsstellen finden" }).click();
    const agencyItem = page.locator("li.agency", { hasText: agency.name });
    await agencyItem.waitFor({ timeout: LONG });
    await agencyItem.getByRole("button", { name: "Auswählen" }).click();
    await page.getByLabel("Ihr Name hier (Fantasiename)").fill(pseudonym);
    await page.getByLabel("Passwort", { exact: true }).fill(password);
    await page.getByLabel(/Ich bin einverstanden/u).check();
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    // The new enquiry's chat opens first (its composer is there even while it loads).
    await page.locator("textarea#field-message").waitFor({ timeout: LONG });
    await page.getByRole("button", { name: "Meine Anfragen" }).click();
    await page.getByRole("button", { name: "Gesprächsgruppen", exact: true }).click({ timeout: LONG });
    await item.waitFor({ timeout: LONG });
    await checkScreen(page, walk, "groups", GROUP_SCREEN);

    // Join: the group's conversation opens; writing is open (the session runs).
    await item.getByRole("button", { name: "Teilnehmen" }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor({ timeout: LONG });
    const composer = page.getByLabel("Ihre Nachricht", { exact: true });
    await expect.poll(() => composer.isEnabled(), { timeout: LONG }).toBe(true);
    await checkScreen(page, walk, "group", GROUP_SCREEN);
    await composer.fill(groupText);
    await page.getByRole("button", { name: "Senden", exact: true }).click();
    await page.locator(".message--mine", { hasText: groupText }).getByText("gesendet", { exact: false }).waitFor({ timeout: LONG });
    const inGroup = await waitForDecryptedText(modClient, groupRoomId, (b) => b === groupText, LONG);
    expect(inGroup.wasEncrypted).toBe(true);

    // A private word: the whisper conversation opens; the moderator joins and writes first, so the
    // seeker's app has seen the moderator in it before the seeker writes.
    await page.getByRole("button", { name: "Um ein Gespräch unter vier Augen bitten" }).click();
    await page.getByRole("heading", { level: 1, name: "Gespräch unter vier Augen" }).waitFor({ timeout: LONG });
    const whisperRoomId = await until("the whisper conversation", async () => {
      const r = await sql<{ room_id: string | null }[]>`select room_id from whisper_rooms where group_id = ${groupId} and ended_at is null`;
      return r[0]?.room_id ?? undefined;
    }, LONG);
    await joinCaseRoom(modClient, whisperRoomId, LONG);
    await modClient.sendMessage(whisperRoomId, { msgtype: "m.text", body: modWhisper } as never);
    const modMessage = page.locator(".message", { hasText: modWhisper });
    await modMessage.waitFor({ timeout: LONG });
    await expect(modMessage.locator(".message__who").textContent()).resolves.toBe("Moderation");
    await expect.poll(() => composer.isEnabled(), { timeout: LONG }).toBe(true);
    await checkScreen(page, walk, "whisper", GROUP_SCREEN);
    await composer.fill(seekerWhisper);
    await page.getByRole("button", { name: "Senden", exact: true }).click();
    await page.locator(".message--mine", { hasText: seekerWhisper }).getByText("gesendet", { exact: false }).waitFor({ timeout: LONG });
    const inWhisper = await waitForDecryptedText(modClient, whisperRoomId, (b) => b === seekerWhisper, LONG);
    expect(inWhisper.wasEncrypted).toBe(true);

    // Ending it: back in the group, the private word is closed on the platform.
    await page.getByRole("button", { name: "Gespräch unter vier Augen beenden" }).click();
    await page.getByRole("heading", { level: 1, name: title }).waitFor({ timeout: LONG });
    const ended = await sql<{ ended_at: Date | null }[]>`select ended_at from whisper_rooms where room_id = ${whisperRoomId}`;
    expect(ended[0]?.ended_at).not.toBeNull();
    await page.getByRole("button", { name: "Um ein Gespräch unter vier Augen bitten" }).waitFor();

    // A group that has not started yet (the demo's weekly group): read along, writing opens at the start.
    const later = demo.groups[0]!;
    await page.getByRole("button", { name: "Zu den Gruppen" }).click();
    const laterItem = page.locator("li.group", { hasText: later.title });
    await laterItem.waitFor({ timeout: LONG });
    await laterItem.getByRole("button", { name: "Teilnehmen" }).click();
    await page.getByRole("heading", { level: 1, name: later.title }).waitFor({ timeout: LONG });
    // Loaded (no "loading" status left), whether or not anybody has written there yet.
    await expect.poll(() => page.locator("main [role=status]").count(), { timeout: LONG }).toBe(0);
    expect(await page.locator("main [role=alert]").count()).toBe(0);
    await page.getByText(/Die Gruppe beginnt am .* Ab dann können Sie schreiben/u).waitFor();
    expect(await composer.isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: "Um ein Gespräch unter vier Augen bitten" }).count()).toBe(0);
    await checkScreen(page, walk, "group-before-start", GROUP_SCREEN);

    expect(walk.problems).toEqual([]);
  });
});
