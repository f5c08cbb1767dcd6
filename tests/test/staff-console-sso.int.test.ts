// The staff console's sign-in through the homeserver's single sign-on, in real Chromium: a second
// Synapse of its own (only this file; the shared stack has no SSO) with `cas_config` pointing at a
// small CAS 2.0 server (test-support/src/casServer.ts, the stand-in for an organisation's
// identity provider) and the console's address in `sso.client_whitelist`; the API trusts both
// homeservers. The counselor picks the SSO homeserver, sees "Anmelden mit <IdP>" next to the
// password form (axe-clean), signs in at the IdP's form, comes back with a login token that is
// gone from the address bar at once, and lands on the counselor's first screen — by the same path
// as the password sign-in: OpenID token → POST /v1/auth/matrix → Matrix logout, so the
// counselor's devices on Synapse (admin API) are the same as before. The used login token, tried
// again, is refused in plain German.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { agencyMemberships, counselors, createDb, type DbHandle } from "@lotse/store";
import { registerAdminWithSharedSecret, registerWithSharedSecret } from "@lotse/scripts";
import { type CasServer, createEmptyAgency, randomLetters, registerSecrets, startCasServer } from "@lotse/test-support";
import type { RunningSynapse } from "../../scripts/src/synapse.ts";
import { startPlatform, type Platform } from "../src/platform.ts";
import { startSecondSynapse } from "../src/secondSynapse.ts";
import { startStaffConsole, type StaffConsole } from "../src/staff.ts";
import { openBrowser } from "../src/web.ts";

const stack = inject("lotseStack");
const SSO_SERVER = "sso.localhost";
const IDP_NAME = "Musterträger";

async function axeClean(page: Page, screen: string): Promise<void> {
  const r = await new AxeBuilder({ page }).analyze();
  expect(r.violations.map((v) => `${screen}: ${v.id} ${v.help}`)).toEqual([]);
}

describe("staff console sign-in through the homeserver's single sign-on (CAS)", () => {
  let cas: CasServer | undefined;
  let synapse: RunningSynapse | undefined;
  let platform: Platform | undefined;
  let console_: StaffConsole | undefined;
  let dbh: DbHandle | undefined;
  let adminToken = "";
  const casUser = `berater${randomLetters(6).toLowerCase()}`;
  const casPassword = randomLetters(16);
  const userId = `@${casUser}:${SSO_SERVER}`;
  const closers: (() => Promise<void>)[] = [];

  const devices = async (): Promise<string[]> => {
    const res = await fetch(`${synapse!.url}/_synapse/admin/v2/users/${encodeURIComponent(userId)}/devices`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { devices: { device_id: string }[] }).devices.map((d) => d.device_id).sort();
  };

  beforeAll(async () => {
    registerSecrets(stack, [casPassword], "password");
    cas = await startCasServer({ users: { [casUser]: casPassword }, displayNames: { [casUser]: "Bernd Berater" } });
    const consoleUrl = `http://127.0.0.1:${stack.apiPort + 2}`;

    // The SSO homeserver: its own database and port; CAS at the test IdP; the console whitelisted.
    const second = await startSecondSynapse(stack, {
      name: "sso",
      portOffset: 771,
      serverName: SSO_SERVER,
      config: { sso: { cas: { serverUrl: cas.url, idpName: IDP_NAME }, clientWhitelist: [`${consoleUrl}/`] } },
    });
    synapse = second.synapse;
    const secrets = second.secrets;
    // The counselor already has a Matrix account there (the CAS login takes it over by localpart),
    // and Lotse knows that Matrix ID as a counselor of an agency.
    await registerWithSharedSecret({ homeserverUrl: synapse.url, sharedSecret: secrets.registrationSharedSecret, localpart: casUser, password: randomLetters(20), displayName: "Bernd Berater" });
    adminToken = await registerAdminWithSharedSecret({ homeserverUrl: synapse.url, sharedSecret: secrets.registrationSharedSecret, localpart: `admin_${randomLetters(6).toLowerCase()}`, password: randomLetters(20) });

    platform = await startPlatform(stack, { LOTSE_TRUSTED_HOMESERVERS: `${stack.serverName}=${stack.homeserverUrl},${SSO_SERVER}=${synapse.url}` });
    console_ = await startStaffConsole(stack, platform.apiUrl, stack.apiPort + 2, [synapse.url]);
    expect(console_.url).toBe(consoleUrl);
    dbh = createDb(stack.databaseUrl);
    const agencyId = await createEmptyAgency(dbh.db);
    const [c] = await dbh.db.insert(counselors).values({ matrixUserId: userId, displayName: "Bernd Berater" }).returning({ id: counselors.id });
    await dbh.db.insert(agencyMemberships).values({ agencyId, counselorId: c!.id, role: "counselor" });
  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    await console_?.stop();
    await platform?.stop();
    await synapse?.stop();
    await cas?.stop();
    await dbh?.close();
  });

  it("offers the IdP's button, signs in through it without leaving a device, and refuses a used login token in words", async () => {
    const browser = await openBrowser({ width: 1024 });
    closers.push(browser.close);
    const page = browser.page;
    // The login token as the browser brought it back (to try it a second time below).
    const returns: string[] = [];
    page.on("request", (req) => {
      if (req.isNavigationRequest() && req.url().startsWith(console_!.url) && req.url().includes("loginToken=")) returns.push(req.url());
    });

    await page.goto(console_!.url);
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    // Two trusted homeservers: a picker. The platform's own offers password only …
    await page.getByLabel("Matrix-Server").waitFor();
    await page.getByLabel("Matrix-ID").waitFor();
    expect(await page.getByRole("button", { name: `Anmelden mit ${IDP_NAME}` }).count()).toBe(0);
    // … the SSO homeserver offers its identity provider next to the password form.
    await page.getByLabel("Matrix-Server").selectOption(SSO_SERVER);
    const ssoButton = page.getByRole("button", { name: `Anmelden mit ${IDP_NAME}`, exact: true });
    await ssoButton.waitFor();
    await page.getByLabel("Passwort").waitFor();
    await axeClean(page, "sign-in with SSO");

    const before = await devices();
    await ssoButton.click();
    // The identity provider's own form (the CAS server), then back through Synapse to the console.
    await page.getByLabel("Benutzername").fill(casUser);
    await page.getByLabel("Kennwort").fill(casPassword);
    await page.getByRole("button", { name: "Beim Träger anmelden" }).click();
    await page.getByText(`Angemeldet als ${userId}`).waitFor({ timeout: 60_000 });
    // The counselor's first screen; the token left the address bar; only the chosen homeserver was
    // remembered across the redirect, and it is gone again.
    await page.getByRole("heading", { name: "Meine Fälle (0)" }).waitFor();
    expect(page.url()).not.toContain("loginToken");
    expect(returns).toHaveLength(1);
    // The login token is a secret: the run's log scan looks for it in every log.
    registerSecrets(stack, [new URL(returns[0]!).searchParams.get("loginToken") ?? undefined], "token");
    expect(cas!.validated()).toBe(1);
    expect(await page.evaluate(() => Object.keys(sessionStorage).sort())).toEqual(["lotse.staff.session"]);
    // The Matrix session of the sign-in was logged out again: the same devices as before.
    expect(await devices()).toEqual(before);

    // The used login token once more (as a reload of a stale address would): refused in German.
    await page.getByRole("button", { name: "Abmelden" }).click();
    await page.getByRole("heading", { name: "Anmelden" }).waitFor();
    await page.evaluate((server) => sessionStorage.setItem("lotse.staff.sso-homeserver", server), SSO_SERVER);
    await page.goto(returns[0]!);
    await page.getByRole("alert").filter({ hasText: "Die Anmeldung ist abgelaufen, bitte noch einmal." }).waitFor();
    expect(page.url()).not.toContain("loginToken");
    expect(await page.getByText(`Angemeldet als ${userId}`).count()).toBe(0);
    expect(await devices()).toEqual(before);
    await axeClean(page, "sign-in after a used login token");
  });
});
