// The staff console in a real browser (Debian's Chromium via playwright-core) against the real
// platform (built console, API, bridge, Synapse): a counselor signs in with the Matrix ID and
// password they counsel with — the console logs in at the homeserver, exchanges an OpenID token
// for a staff token and logs the Matrix session out again (no device left, checked in Synapse's
// database); wrong passwords and foreign servers are refused in words; the pool shows the
// agency's waiting case and never another agency's; taking it from the console assigns it (the
// case room's status names the counselor, as after `!take`), giving it back returns it to the
// pool; the absence message is stored; English on request; after 15 minutes the console asks
// for a new sign-in. Every screen: zero axe violations.
import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import postgres from "postgres";
import { eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { agencies, agencyMemberships, cases, counselors, createDb, type DbHandle, openCase } from "@lotse/store";
import { anyTopicId, createEmptyAgency, createSeeker, createStaff, randomLetters, registerSecrets, registerWithSharedSecret, roomState, type Staff, waitFor } from "@lotse/test-support";
import { startPlatform, type Platform } from "../src/platform.ts";
import { startStaffConsole, type StaffConsole } from "../src/staff.ts";
import { openBrowser } from "../src/web.ts";

const stack = inject("lotseStack");

async function axeClean(page: Page, screen: string): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${screen}: ${v.id} ${v.help}`)).toEqual([]);
}

describe("the staff console in Chromium", () => {
  let platform: Platform;
  let console_: StaffConsole;
  let dbh: DbHandle;
  const synapse = postgres(stack.synapseDatabaseUrl, { max: 1, onnotice: () => {} });
  let anna: Staff;
  let admin: Staff;
  let agencyId = "";
  let otherAgency = "";
  let caseNumber = 0;
  let topicId = "";
  let caseId = "";
  let otherCaseNumber = 0;
  const closers: (() => Promise<void>)[] = [];

  /** Signs a staff member in through the console's form. */
  const signInToConsole = async (page: Page, who: Staff) => {
    await page.goto(console_.url);
    await page.getByLabel("Matrix-ID").fill(who.userId);
    await page.getByLabel("Passwort").fill(who.password);
    await page.getByRole("button", { name: "Anmelden" }).click();
  };

  const devices = async (userId: string) => Number((await synapse<{ n: number }[]>`select count(*)::int as n from devices where user_id = ${userId}`)[0]!.n);

  beforeAll(async () => {
    dbh = createDb(stack.databaseUrl);
    platform = await startPlatform(stack);
    console_ = await startStaffConsole(stack, platform.apiUrl, stack.apiPort + 2);
    topicId = await anyTopicId(dbh.db);
    agencyId = await createEmptyAgency(dbh.db);
    anna = await createStaff(dbh.db, stack, agencyId, "counselor", "Anna Konsole");
    admin = await createStaff(dbh.db, stack, agencyId, "agency_admin", "Lea Leitung");
    registerSecrets(stack, [anna.password, admin.password], "password");
    const seeker = await createSeeker(dbh.db, stack);
    const opened = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId, postcodeRegion: "50" });
    caseId = opened.caseId;
    caseNumber = (await dbh.db.select({ n: cases.caseNumber }).from(cases).where(eq(cases.id, caseId)))[0]!.n;
    // Another agency's waiting case: never shown to Anna.
    otherAgency = await createEmptyAgency(dbh.db);
    await createStaff(dbh.db, stack, otherAgency, "counselor", "Bea Anderswo");
    const otherSeeker = await createSeeker(dbh.db, stack);
    const other = await openCase(dbh.db, { seekerId: otherSeeker.id, agencyId: otherAgency, topicId });
    otherCaseNumber = (await dbh.db.select({ n: cases.caseNumber }).from(cases).where(eq(cases.id, other.caseId)))[0]!.n;
    // The case room exists before Anna takes the case (the bridge made it).
    await waitFor("case room", async () => (await dbh.db.select({ roomId: cases.roomId }).from(cases).where(eq(cases.id, caseId)))[0]?.roomId ?? undefined, 90_000);
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    await console_?.stop();
    await platform?.stop();
    await synapse.end();
    await dbh?.close();
  });

  it("signs in with the Matrix account, leaves no device behind, and works the pool like the bot's commands", async () => {
    const browser = await openBrowser({ width: 1024 });
    closers.push(browser.close);
    const page = browser.page;
    await page.goto(console_.url);
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    await axeClean(page, "sign-in");

    // A server not on the trusted list, and a wrong password: refused in words, nothing signed in.
    await page.getByLabel("Matrix-ID").fill("@anna:fremder-server.example");
    await page.getByLabel("Passwort").fill("egal");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("alert").filter({ hasText: "nicht freigegeben" }).waitFor();
    await page.getByLabel("Matrix-ID").fill(anna.userId);
    await page.getByLabel("Passwort").fill("falsches Passwort");
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("alert").filter({ hasText: "Matrix-ID oder Passwort stimmen nicht." }).waitFor();
    await axeClean(page, "sign-in error");

    const before = await devices(anna.userId);
    await page.getByLabel("Passwort").fill(anna.password);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByText(`Angemeldet als ${anna.userId}`).waitFor();
    // The console's Matrix session was logged out again: no new device.
    expect(await devices(anna.userId)).toBe(before);

    const waiting = page.locator(`section:has(#waiting-h) tr[data-case="${caseNumber}"]`);
    await waiting.waitFor();
    await expect(waiting.innerText()).resolves.toMatch(/Fall \d+\s+\S.*\s+50xxx\s+wartet seit \d+ Min\./su);
    expect(await page.locator(`tr[data-case="${otherCaseNumber}"]`).count()).toBe(0);
    expect(await page.locator("body").innerText()).not.toContain("Bea Anderswo");
    // A counselor without the admin role has no team screen.
    expect(await page.getByRole("button", { name: "Team" }).count()).toBe(0);
    await axeClean(page, "cases");

    // Take: the same rule and transaction as !take; the case room's status names Anna.
    await page.getByRole("button", { name: `Fall ${caseNumber} übernehmen` }).click();
    await page.getByText(`Sie haben Fall ${caseNumber} übernommen.`).waitFor();
    await page.locator(`section:has(#mine-h) tr[data-case="${caseNumber}"]`).waitFor();
    const [row] = await dbh.db.select({ status: cases.status, assigned: cases.assignedCounselorId, roomId: cases.roomId }).from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ status: "in_progress", assigned: anna.counselorId });
    await waitFor("the case room names the counselor", async () => {
      const st = await roomState(stack.homeserverUrl, stack.asToken, row!.roomId!);
      const status = st.find((e) => e.type === "org.lotse.case_status")?.content as { counselor?: { displayName?: string } } | undefined;
      return status?.counselor?.displayName === "Anna Konsole" ? true : undefined;
    }, 90_000);

    // Absence message: stored for the seekers of her cases.
    await page.getByLabel("Abwesenheitsnotiz (die Ratsuchenden Ihrer Fälle sehen sie)").fill("Bis Montag nicht da.");
    await page.getByRole("button", { name: "Notiz setzen" }).click();
    await page.getByText("Ihre Abwesenheitsnotiz ist gesetzt; die ratsuchende Person Ihres offenen Falls sieht sie.").waitFor();
    expect((await dbh.db.select({ away: counselors.awayMessage }).from(counselors).where(eq(counselors.id, anna.counselorId)))[0]!.away).toBe("Bis Montag nicht da.");
    await page.getByRole("button", { name: "Ich bin zurück" }).click();
    await page.getByText("Willkommen zurück – Ihre Abwesenheitsnotiz ist gelöscht.").waitFor();

    // English on request; give the case back to the pool by keyboard.
    await page.getByLabel("Sprache").selectOption("en");
    await page.getByRole("heading", { name: "My cases (1)" }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe("en");
    await axeClean(page, "cases (en)");
    await page.getByRole("button", { name: `Give back case ${caseNumber} to the pool` }).focus();
    await page.keyboard.press("Enter");
    await page.getByText(`Case ${caseNumber} is back in the pool.`).waitFor();
    await page.locator(`section:has(#waiting-h) tr[data-case="${caseNumber}"]`).waitFor();
    expect((await dbh.db.select({ status: cases.status }).from(cases).where(eq(cases.id, caseId)))[0]!.status).toBe("new");

    // The staff token reaches nothing of another agency through the API either.
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("lotse.staff.session") ?? "{}") as { token?: string }).token ?? "");
    const foreign = await fetch(`${platform.apiUrl}/v1/staff/cases/${otherCaseNumber}/take`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    expect(foreign.status).toBe(404);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("lotse.staff.session"))).toBeNull();
  });

  it("switches live duty on and off from the console, like !dienst an / aus", async () => {
    const browser = await openBrowser({ width: 1024 });
    closers.push(browser.close);
    const page = browser.page;
    await signInToConsole(page, anna);
    await page.getByRole("heading", { name: "Live-Dienst" }).waitFor();
    await page.getByText("Sie sind nicht im Live-Dienst.").waitFor();
    await axeClean(page, "live duty off");
    const dutyUntil = async () => (await dbh.db.select({ u: counselors.liveDutyUntil }).from(counselors).where(eq(counselors.id, anna.counselorId)))[0]!.u;
    const clock = (d: Date) => d.toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" });

    // One hour, chosen and started by keyboard.
    await page.getByLabel("Wie lange?").selectOption("60");
    const t0 = Date.now();
    await page.getByRole("button", { name: "Live-Dienst beginnen" }).focus();
    await page.keyboard.press("Enter");
    await page.getByText(/^Sie sind jetzt im Live-Dienst bis \d\d:\d\d Uhr\.$/u).waitFor();
    const until = await dutyUntil();
    expect(until).not.toBeNull();
    expect(until!.getTime() - t0).toBeGreaterThan(59 * 60_000);
    expect(until!.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    await page.getByText(`Sie sind im Live-Dienst bis ${clock(until!)} Uhr. Niemand wartet.`).waitFor();
    await axeClean(page, "live duty on");

    // After a reload the console still says until when (read from the API).
    await page.reload();
    await page.getByText(`Sie sind im Live-Dienst bis ${clock(until!)} Uhr. Niemand wartet.`).waitFor();

    await page.getByRole("button", { name: "Live-Dienst beenden" }).click();
    await page.getByText("Ihr Live-Dienst ist beendet.").waitFor();
    await page.getByText("Sie sind nicht im Live-Dienst.").waitFor();
    expect(await dutyUntil()).toBeNull();

    // English.
    await page.getByLabel("Sprache").selectOption("en");
    await page.getByText("You are not on live duty.").waitFor();
    await page.getByRole("button", { name: "Start live duty" }).waitFor();
  });

  it("asks for a new sign-in when the staff token runs out after 15 minutes", async () => {
    const browser = await openBrowser({ width: 1024 });
    closers.push(browser.close);
    const page = browser.page;
    await page.clock.install();
    await page.goto(console_.url);
    await page.getByLabel("Matrix-ID").fill(anna.userId);
    await page.getByLabel("Passwort").fill(anna.password);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByText(`Angemeldet als ${anna.userId}`).waitFor();
    await page.clock.fastForward("15:01");
    await page.getByRole("status").filter({ hasText: "Ihre Anmeldung ist abgelaufen. Bitte melden Sie sich wieder an." }).waitFor();
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    await axeClean(page, "expired");
  });

  it("lets an agency admin add a person (invited to the pool room) and remove one after seeing their open cases", async () => {
    const browser = await openBrowser({ width: 1024 });
    closers.push(browser.close);
    const page = browser.page;
    await signInToConsole(page, admin);
    await page.getByRole("button", { name: "Team" }).click();
    await page.getByRole("heading", { name: /^Team von Testberatung / }).waitFor();
    await page.locator(`tr[data-member="${anna.userId}"]`, { hasText: "Beratung" }).waitFor();
    await page.locator(`tr[data-member="${admin.userId}"]`, { hasText: "Leitung" }).waitFor();
    expect(await page.locator("body").innerText()).not.toContain("Bea Anderswo");
    await axeClean(page, "team");

    // A new colleague who has a Matrix account: added by Matrix ID, invited into the pool room.
    const localpart = `neu_${randomLetters(10).toLowerCase()}`;
    await registerWithSharedSecret({ homeserverUrl: stack.homeserverUrl, sharedSecret: stack.registrationSharedSecret, localpart, password: randomLetters(20), displayName: "Chris Neu" });
    const chris = `@${localpart}:${stack.serverName}`;
    await page.getByLabel("Matrix-ID").fill("keine-id");
    await page.getByLabel("Name, wie ihn Ratsuchende sehen (z. B. Anna)").fill("Chris");
    await page.getByRole("button", { name: "Hinzufügen" }).click();
    await page.getByRole("alert").filter({ hasText: "Bitte prüfen Sie die Matrix-ID" }).waitFor();
    await page.getByLabel("Matrix-ID").fill(chris);
    await page.getByLabel("Rolle").selectOption("counselor");
    await page.getByRole("button", { name: "Hinzufügen" }).click();
    await page.getByText(`${chris} ist hinzugefügt und wird in den Pool-Raum eingeladen.`).waitFor();
    await page.locator(`tr[data-member="${chris}"]`, { hasText: "Chris" }).waitFor();
    await waitFor("Chris invited to the pool room", async () => {
      const [a] = await dbh.db.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, agencyId));
      if (!a?.poolRoomId) return undefined;
      const st = await roomState(stack.homeserverUrl, stack.asToken, a.poolRoomId);
      return st.find((e) => e.type === "m.room.member" && e.state_key === chris)?.content.membership === "invite" ? true : undefined;
    }, 90_000);

    // Removing Anna shows first what happens to her open case.
    await dbh.db.update(cases).set({ status: "in_progress", assignedCounselorId: anna.counselorId }).where(eq(cases.id, caseId));
    await page.getByRole("button", { name: "Anna Konsole entfernen" }).click();
    const dialog = page.getByRole("alertdialog", { name: "Anna Konsole wirklich entfernen?" });
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`Anna Konsole hat einen offenen Fall (Fall ${caseNumber}). Er bleibt Anna Konsole zugewiesen, bis eine Hauptberatung ihn neu zuweist.`);
    await axeClean(page, "team remove");
    await page.getByRole("button", { name: "Abbrechen" }).click();
    expect(await dbh.db.select().from(agencyMemberships).where(eq(agencyMemberships.counselorId, anna.counselorId))).toHaveLength(1);
    // Chris goes: no open cases, the membership is gone.
    const chrisId = (await dbh.db.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, chris)))[0]!.id;
    await page.getByRole("button", { name: "Chris entfernen" }).click();
    await page.getByRole("alertdialog").filter({ hasText: "Chris hat keine offenen Fälle." }).waitFor();
    await page.getByRole("button", { name: "Ja, entfernen" }).click();
    await page.getByText("Chris ist aus dem Team entfernt.").waitFor();
    expect(await dbh.db.select().from(agencyMemberships).where(eq(agencyMemberships.counselorId, chrisId))).toEqual([]);

    // Another agency's team is out of reach for this admin's token.
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("lotse.staff.session") ?? "{}") as { token?: string }).token ?? "");
    const foreign = await fetch(`${platform.apiUrl}/v1/admin/agencies/${otherAgency}/members`, { headers: { authorization: `Bearer ${token}` } });
    expect(foreign.status).toBe(403);
  });

  it("shows an agency admin the statistics: numbers from the database in the tables, plots drawn, CSV to download", async () => {
    // Six cases two weeks ago, answered after 1…6 hours and closed: median 3.5 h, 90 % 5.5 h.
    // Five live chats a week ago, taken after 2…6 minutes; a weekly group (deleted today) with one
    // participant in its three sessions — a count below five.
    const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
    let week = "";
    let liveWeek = "";
    let lastGroupWeek = "";
    try {
      for (const h of [1, 2, 3, 4, 5, 6]) {
        await sql`insert into cases (agency_id, topic_id, status, created_at, first_answer_at, closed_at)
          values (${agencyId}, ${topicId}, 'closed', now() - interval '14 days', now() - interval '14 days' + ${`${h} hours`}::interval, now() - interval '13 days')`;
      }
      for (const m of [2, 3, 4, 5, 6]) {
        await sql`insert into live_chat_waits (agency_id, topic_id, queued_hour, wait_seconds, taken)
          values (${agencyId}, ${topicId}, date_trunc('hour', now() - interval '7 days'), ${m * 60}, true)`;
      }
      const [g] = await sql<{ id: string }[]>`insert into groups (title, topic_id, agency_id, starts_at, duration_minutes, repeat_weekly, max_participants, created_by, deleted_at)
        values ('Statistikgruppe', ${topicId}, ${agencyId}, now() - interval '15 days', 60, true, 10, ${admin.counselorId}, now()) returning id`;
      const [seat] = await sql<{ id: string }[]>`insert into seekers (username, username_key, password_hash, matrix_localpart)
        values (${`Stat${randomLetters(8)}`}, ${`stat${randomLetters(8).toLowerCase()}`}, 'x', ${`lotse_stat_${randomLetters(8).toLowerCase()}`}) returning id`;
      await sql`insert into group_participants (group_id, seeker_id, joined_at) values (${g!.id}, ${seat!.id}, now() - interval '20 days')`;
      const weekOf = async (interval: string) =>
        (await sql<{ w: string }[]>`select to_char(date_trunc('week', (now() - ${interval}::interval) at time zone 'Europe/Berlin'), 'YYYY-MM-DD') as w`)[0]!.w;
      week = await weekOf("14 days");
      liveWeek = await weekOf("7 days");
      lastGroupWeek = await weekOf("1 day");
    } finally {
      await sql.end();
    }
    const browser = await openBrowser({ width: 1024 });
    closers.push(browser.close);
    const page = browser.page;
    await signInToConsole(page, admin);
    await page.getByRole("button", { name: "Statistik" }).click();
    await page.getByRole("heading", { name: /^Statistik von Testberatung / }).waitFor();
    // An agency admin sees only their agency: no choice of agencies.
    expect(await page.getByLabel("Beratungsstelle", { exact: true }).count()).toBe(0);
    const enquiries = page.locator(`section:has(#enq-h) tr[data-week="${week}"]`);
    await enquiries.waitFor();
    expect((await enquiries.locator("td").allInnerTexts()).map((x) => x.trim())).toEqual(["6", "0", "0", "6"]);
    const answers = page.locator(`section:has(#ans-h) tr[data-week="${week}"]`);
    expect((await answers.locator("td").allInnerTexts()).map((x) => x.trim())).toEqual(["3,5 Std.", "5,5 Std."]);
    // Open cases by age: the one case of this file (opened today, open) is "< 5".
    const cellsOf = async (selector: string) => (await page.locator(selector).locator("td").allInnerTexts()).map((x) => x.trim());
    expect(await cellsOf(`section:has(#age-h) tr[data-bucket="under_1d"]`)).toEqual(["< 5"]);
    expect(await cellsOf(`section:has(#age-h) tr[data-bucket="7d_28d"]`)).toEqual(["0"]);
    // By topic: seven opened (the six closed ones and the open one), the open count suppressed.
    expect(await cellsOf(`section:has(#topic-h) tr[data-topic="${topicId}"]`)).toEqual(["7", "< 5", "6"]);
    // Groups: one session a week, one participant: "< 5", no per-session figure.
    expect(await cellsOf(`section:has(#groups-h) tr[data-week="${lastGroupWeek}"]`)).toEqual(["1", "< 5", "–"]);
    // Live chat: five taken, waits 2…6 minutes: median 4 min, 90 % 5.6 min.
    expect(await cellsOf(`section:has(#live-h) tr[data-week="${liveWeek}"]`)).toEqual(["5", "5", "0", "4 Min.", "5,6 Min."]);
    // Every plot is drawn (uPlot canvases), labelled as a picture of its table.
    expect(await page.locator(".plot canvas").count()).toBeGreaterThanOrEqual(6);
    for (const name of ["Neue Anfragen pro Woche", "Offene Fälle nach Alter", "Fälle nach Thema", "Gruppentermine und Teilnahme", "Wartezeit im Live-Chat"]) {
      await page.getByRole("img", { name }).waitFor();
    }
    // Each plot's data as CSV, the same numbers, "< 5" as shown.
    const csvOf = async (link: string) => {
      const download = page.waitForEvent("download");
      await page.getByRole("link", { name: `${link} als CSV herunterladen` }).click();
      return readFileSync((await (await download).path())!, "utf8");
    };
    expect(await csvOf("Zeit bis zur ersten Antwort")).toContain(`${week};6;0;0;6;210;330`);
    expect(await csvOf("Offene Fälle nach Alter")).toContain("under_1d;< 5");
    expect(await csvOf("Fälle nach Thema")).toContain(`${topicId};`);
    expect(await csvOf("Gruppentermine und Teilnahme")).toContain(`${lastGroupWeek};1;< 5;`);
    expect(await csvOf("Wartezeit im Live-Chat")).toContain(`${liveWeek};5;5;0;240;336`);
    await axeClean(page, "statistics");
    // The period picker: four weeks still hold the live-chat week, by keyboard.
    await page.getByLabel("Zeitraum").selectOption("4");
    await page.locator(`section:has(#live-h) tr[data-week="${liveWeek}"]`).waitFor();
    // English.
    await page.getByLabel("Sprache").selectOption("en");
    await page.getByRole("heading", { name: "Waiting time in the live chat" }).waitFor();
    expect(await cellsOf(`section:has(#live-h) tr[data-week="${liveWeek}"]`)).toEqual(["5", "5", "0", "4 min", "5.6 min"]);
    await axeClean(page, "statistics (en)");
  });
});
