// The seeker's forum screens ("Austausch", issue 15) in a real browser (Debian's Chromium via
// playwright-core) at 320 px against the real platform (built app, API, bridge, Synapse): another
// seeker has started a thread (plain HTTP with their own Matrix session); a visitor finds the
// forum from the landing page and sees the thread's title but not its text, with the plain
// sentence that the forum is not end-to-end encrypted; signs in from there, comes back to the
// forum, joins, reads the thread, answers in it (the other seeker reads the answer), reports the
// other seeker's post after a confirmation (a report row with the post's id, nothing written in
// the forum), starts a thread of their own (its title, only, in the public list), and goes on to personal counseling with the forum's topic chosen. Every screen: no
// protocol words or ids, zero axe violations, no sideways scrolling.
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { registerSecrets, randomLetters, until } from "@lotse/test-support";
import { checkScreen, openBrowser, startWebPlatform, type Walk, type WebPlatform } from "../src/web.ts";

const stack = inject("lotseStack");
const LONG = 120_000;
const SCREEN = { prefix: "forums-" };
const r = encodeURIComponent;

async function http<T = Record<string, unknown>>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

describe("the seeker's forum screens in Chromium at 320 px", () => {
  let platform: WebPlatform;
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];
  const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
  const hex = randomBytes(3).toString("hex").replace(/\d/gu, "x");
  const topicId = `forum-web-${hex}`;
  const topicName = `Nachbarschaft ${hex}`;
  const threadTitle = `Wer kennt sich mit Nebenkosten aus ${hex}`;
  const threadText = `Meine Abrechnung ist dieses Jahr doppelt so hoch ${randomBytes(4).toString("hex")}`;
  const newTitle = `Gibt es hier Mietvereine ${hex}`;
  const newText = `Ich suche einen in meiner Nähe ${randomBytes(4).toString("hex")}`;
  const answer = `Lass sie von einer Beratungsstelle prüfen ${randomBytes(4).toString("hex")}`;
  const author = { pseudonym: `Wolke ${randomLetters(10)}`, password: "das Passwort der Autorin 1", token: "", access: "" };
  const reader = { pseudonym: `Hafen ${randomLetters(10)}`, password: "das Passwort des Lesers 1", token: "" };
  let roomId = "";
  let rootId = "";

  beforeAll(async () => {
    registerSecrets(stack, [author.pseudonym, reader.pseudonym], "pseudonym");
    registerSecrets(stack, [author.password, reader.password], "password");
    registerSecrets(stack, [threadText, answer, newText], "message");
    await sql`insert into topics (id, name_de, name_en) values (${topicId}, ${topicName}, ${`Neighbourhood ${hex}`})`;
    platform = await startWebPlatform(stack);
    for (const s of [author, reader]) {
      const reg = await http<{ token: string }>(platform.apiUrl, "POST", "/v1/seekers", undefined, { username: s.pseudonym, password: s.password, topic: topicId, postcode: "50667" });
      expect(reg.status).toBe(201);
      s.token = reg.body.token;
    }
    const session = await http<{ accessToken: string }>(platform.apiUrl, "POST", "/v1/matrix/session", author.token);
    author.access = session.body.accessToken;
    const joined = await http<{ roomId: string }>(platform.apiUrl, "POST", `/v1/forums/${topicId}/join`, author.token);
    expect(joined.status).toBe(200);
    roomId = joined.body.roomId;
    await until("the author in the forum", async () => ((await http(stack.homeserverUrl, "POST", `/_matrix/client/v3/join/${r(roomId)}`, author.access, {})).status === 200 ? true : undefined), LONG);
    const root = await http<{ event_id: string }>(stack.homeserverUrl, "PUT", `/_matrix/client/v3/rooms/${r(roomId)}/send/m.room.message/t${hex}`, author.access, { msgtype: "m.text", body: `${threadTitle}\n${threadText}` });
    expect(root.status).toBe(200);
    rootId = root.body.event_id;
  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    await platform?.stop();
    await sql.end();
  });

  it("a visitor sees titles only; signed in, the seeker joins, reads, answers, reports, and goes on to counseling", { timeout: 480_000 }, async () => {
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    const { page } = browser;

    // A visitor: the forum list from the landing page, then the forum's thread titles.
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Austausch mit anderen" }).click();
    await page.getByRole("heading", { level: 1, name: "Austausch" }).waitFor({ timeout: LONG });
    const forumButton = page.getByRole("button", { name: topicName });
    await forumButton.waitFor({ timeout: LONG });
    await checkScreen(page, walk, "list", SCREEN);
    await forumButton.click();
    await page.getByRole("heading", { level: 1, name: `Austausch: ${topicName}` }).waitFor({ timeout: LONG });
    await page.getByText(threadTitle).waitFor({ timeout: LONG });
    await page.getByText(/Andere Mitglieder und die Moderation können hier mitlesen/u).waitFor();
    // No footer promising encrypted messages next to a forum that is not end-to-end encrypted.
    expect(await page.getByText(/Ihre Nachrichten sind verschlüsselt/u).count()).toBe(0);
    expect(await page.getByText(threadText).count()).toBe(0);
    expect(await page.getByText(author.pseudonym).count()).toBe(0);
    await checkScreen(page, walk, "visitor", SCREEN);

    // Sign in from the forum: back to the same forum afterwards.
    await page.getByRole("button", { name: "Anmelden und mitmachen" }).click();
    await page.getByRole("heading", { level: 1, name: "Willkommen zurück" }).waitFor({ timeout: LONG });
    await page.getByLabel("Ihr Name hier", { exact: true }).fill(reader.pseudonym);
    await page.getByLabel("Passwort", { exact: true }).fill(reader.password);
    await page.getByRole("button", { name: /^Anmelden/u }).click();
    await page.getByRole("heading", { level: 1, name: `Austausch: ${topicName}` }).waitFor({ timeout: LONG });
    await page.getByRole("button", { name: "Beitreten und mitlesen" }).click();

    // A member: the thread from the forum's room, opened; its first post's text is there now.
    const threadButton = page.getByRole("button", { name: threadTitle });
    await threadButton.waitFor({ timeout: LONG });
    await checkScreen(page, walk, "member", SCREEN);
    await threadButton.click();
    await page.getByRole("heading", { level: 2, name: threadTitle }).waitFor({ timeout: LONG });
    await page.getByText(threadText).waitFor({ timeout: LONG });
    await checkScreen(page, walk, "thread", SCREEN);

    // Answer in the thread: the author reads it as an m.thread answer to the first post.
    await page.getByLabel("Ihre Antwort").fill(answer);
    await page.getByRole("button", { name: "Antworten", exact: true }).click();
    const seen = await until(
      "the answer in the author's thread",
      async () => {
        const res = await http<{ chunk: { content: { body?: string } }[] }>(stack.homeserverUrl, "GET", `/_matrix/client/v1/rooms/${r(roomId)}/relations/${r(rootId)}/m.thread`, author.access);
        return res.body?.chunk?.find((e) => e.content.body === answer);
      },
      LONG,
    );
    expect(seen.content.body).toBe(answer);

    // Report the author's post: a confirmation first, then thanks; the report names the post only.
    await page.locator(".forum-post", { hasText: threadText }).getByRole("button", { name: "Melden" }).click();
    await page.getByRole("group", { name: "Beitrag melden" }).waitFor();
    await page.getByLabel("Werbung oder Spam").check();
    await checkScreen(page, walk, "report", SCREEN);
    await page.getByRole("button", { name: "Ja, melden" }).click();
    await page.getByText("Danke. Die Moderation sieht sich den Beitrag an.").waitFor({ timeout: LONG });
    const reports = await sql<{ event_id: string; reason: string }[]>`select event_id, reason from forum_reports where topic_id = ${topicId}`;
    expect(reports).toEqual([{ event_id: rootId, reason: "spam" }]);

    // Start a thread: it shows in the member's list, and its title (only) in the public list.
    await page.getByRole("button", { name: "Zurück zu den Themen" }).click();
    await page.getByRole("button", { name: "Thema beginnen" }).click();
    await page.getByText("Bitte geben Sie eine Überschrift ein.").waitFor();
    await page.getByLabel("Überschrift").fill(newTitle);
    await page.getByLabel("Ihr Beitrag").fill(newText);
    await page.getByRole("button", { name: "Thema beginnen" }).click();
    await page.getByRole("button", { name: newTitle }).waitFor({ timeout: LONG });
    const listed = await until(
      "the new thread in the public list",
      async () => {
        const res = await http<{ threads: { title: string }[] }>(platform.apiUrl, "GET", `/v1/forums/${topicId}/threads`);
        return res.body.threads.some((t) => t.title === newTitle) ? res : undefined;
      },
      LONG,
    );
    expect(JSON.stringify(listed.body)).not.toContain(newText);

    // Personal counseling from the forum: the search with the forum's topic chosen.
    await page.getByRole("button", { name: "Ich möchte persönlich beraten werden" }).click();
    await expect.poll(() => page.getByLabel("Thema").inputValue(), { timeout: LONG }).toBe(topicId);

    expect(walk.problems).toEqual([]);
  });
});
