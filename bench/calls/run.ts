// npm run bench:calls — how long a call takes to get going: from the counselor placing the call
// (matrix-js-sdk in a browser page, tests/src/callPage/) until the first media bytes from the
// seeker arrive at the counselor (getStats, polled every 20 ms), the seeker's app in Chromium
// accepting as soon as its dialog shows (with the camera). 20 calls directly, then 20 with the
// counselor's client relaying only (forceTURN → coturn), one after the other (the first direct call
// is a cold start), on a private stack; prints p50/p99 of each side by side. With 20 calls the p99 is the slowest one.
// Flood protection is off for the bench (call signalling counts as events: see below).
// Last line: `calls failed=… invite_to_media_ms direct_p50=… direct_p99=… relay_p50=… relay_p99=…`.
// Ports: LOTSE_TEST_PORT_BASE (default 18000) + the usual offsets, instance "bench-calls".
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { seedDemo, startInfrastructure, testPorts, testStackInfo, varDir, type TestStackInfo } from "../../scripts/src/index.ts";
import { passwordLogin, until } from "../../test-support/src/matrixClient.ts";
import { counselorPage, serveCounselorCallPage } from "../../tests/src/callPage.ts";
import { buildWebClient, openBrowser, startWebPlatform } from "../../tests/src/web.ts";

const CALLS = Number(process.env.LOTSE_BENCH_CALLS ?? 20);
const FAKE_MEDIA = ["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", "--autoplay-policy=no-user-gesture-required"];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const outDir = join(varDir, "bench-calls-dist");
  buildWebClient(outDir);
  const infra = await startInfrastructure({ instance: "bench-calls", ports: testPorts(), fresh: true, testRateLimits: true });
  const stack: TestStackInfo = testStackInfo(infra);
  const cleanups: (() => Promise<unknown>)[] = [() => infra.stop()];
  // Stopped early (SIGTERM/SIGINT): close the browsers and the private stack all the same.
  const stopEarly = () =>
    void (async () => {
      for (const c of cleanups) await c().catch(() => {});
      process.exit(130);
    })();
  process.once("SIGTERM", stopEarly);
  process.once("SIGINT", stopEarly);
  try {
    const demo = await seedDemo(stack);
    // Call signalling counts toward the platform's flood protection like any event (inside the
    // encrypted room it cannot be told apart): 40 calls in a few minutes would get the seeker
    // muted after the first handful. The bench measures calls, so flood protection is off here.
    const policyFile = join(varDir, "bench-calls-policy.yaml");
    // The seeker's app relays only by default (calls.seekerRelayOnly): switched off here so the
    // "direct" run is direct; the relayed run (counselor forceTURN) shows the relayed path.
    writeFileSync(policyFile, "flood:\n  enabled: false\ncalls:\n  seekerRelayOnly: false\n");
    const platform = await startWebPlatform(stack, { outDir, prebuilt: true, bridgeEnv: { LOTSE_POLICY_FILE: policyFile } });
    cleanups.unshift(() => platform.stop());
    const callPage = await serveCounselorCallPage();
    cleanups.unshift(() => callPage.stop());
    const agency = demo.agencies[0]!;
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;
    const session = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);

    const counselorBrowser = await openBrowser({ width: 800, args: FAKE_MEDIA });
    cleanups.unshift(() => counselorBrowser.close());
    const cp = counselorBrowser.page;
    await cp.goto(`${callPage.url}?log=debug`);
    await cp.getByText("bereit").waitFor();
    await counselorPage(cp, "start", "c", session);

    // A seeker registers and writes the enquiry.
    const seekerBrowser = await openBrowser({ width: 390, args: FAKE_MEDIA });
    cleanups.unshift(() => seekerBrowser.close());
    const page = seekerBrowser.page;
    // Both pages' console, for a failed call's story (var/bench-calls-console.log).
    const logFile = join(varDir, "bench-calls-console.log");
    writeFileSync(logFile, "");
    const consoleLog = { push: (line: string) => appendFileSync(logFile, `${line}\n`) };
    page.on("console", (m) => consoleLog.push(`${new Date().toISOString()} seeker ${m.type()}: ${m.text()}`));
    cp.on("console", (m) => consoleLog.push(`${new Date().toISOString()} counselor ${m.type()}: ${m.text()}`));
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Beratung finden" }).click();
    await page.getByLabel("Thema").selectOption(agency.topicIds[0]!);
    await page.getByLabel("Postleitzahl").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Beratungsstellen finden" }).click();
    await page.locator("li.agency", { hasText: agency.name }).getByRole("button", { name: "Auswählen" }).click();
    await page.getByLabel("Ihr Name hier (Fantasiename)").fill(`Bench ${Math.random().toString(36).slice(2, 8).replace(/\d/gu, "x")}`);
    await page.getByLabel("Passwort", { exact: true }).fill("ein Passwort für den Anruf-Bench");
    await page.getByLabel(/Ich bin einverstanden/u).check();
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    const composer = page.getByLabel("Ihre Anfrage", { exact: true });
    await until("the composer", async () => ((await composer.isEnabled()) ? true : undefined), 120_000);
    await composer.fill("Hallo, ich möchte lieber telefonieren.");
    await page.getByRole("button", { name: "Anfrage senden" }).click();
    const apiToken = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("lotse.session")!) as { token: string }).token);
    const [mine] = await until(
      "the case's conversation",
      async () => {
        const res = await fetch(`${platform.apiUrl}/v1/cases`, { headers: { authorization: `Bearer ${apiToken}` } });
        const list = (await res.json()) as { roomId: string | null; caseNumber: number }[];
        return list[0]?.roomId ? list : undefined;
      },
      120_000,
    );
    const roomId = mine!.roomId!;

    // The counselor takes the case (staff API, signed in with an OpenID token) and joins.
    const openId = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/user/${encodeURIComponent(counselor.userId)}/openid/request_token`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    const signIn = await fetch(`${platform.apiUrl}/v1/auth/matrix`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(await openId.json()) });
    const { token } = (await signIn.json()) as { token: string };
    const take = await fetch(`${platform.apiUrl}/v1/staff/cases/${mine!.caseNumber}/take`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
    if (!take.ok) throw new Error(`take: ${take.status}`);
    await fetch(`${stack.homeserverUrl}/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    await until("the counselor's client in the room", async () => ((await counselorPage(cp, "ready", "c", roomId)) ? true : undefined), 120_000);
    // The seeker's app knows the case is taken (the call offer shows) before the first call.
    await page.getByRole("button", { name: "Um einen Anruf bitten" }).waitFor({ timeout: 120_000 });

    const results: Record<"direct" | "relay", number[]> = { direct: [], relay: [] };
    const failures: string[] = [];
    for (const mode of ["direct", "relay"] as const) {
      await counselorPage(cp, "setForceTURN", "c", mode === "relay");
      for (let i = 0; i < CALLS; i++) {
        await counselorPage(cp, "placeCall", "c", roomId, true);
        await page.getByRole("dialog", { name: "Ihre Beratung ruft an" }).getByRole("button", { name: "Mit Kamera annehmen" }).click({ timeout: 60_000 });
        consoleLog.push(`${new Date().toISOString()} ---- ${mode} call ${i + 1}`);
        const ms = await counselorPage(cp, "mediaAfterInvite", "c", 30_000).catch(() => null);
        if (ms === null) {
          // Counted and described, not hidden: what each side saw.
          const snap = await counselorPage(cp, "snapshot", "c");
          const seen = await page.locator("dialog.call").innerText().catch(() => "(no dialog)");
          failures.push(`${mode} call ${i + 1}: counselor ${JSON.stringify(snap)}; seeker: ${seen.replace(/\s+/gu, " ")}`);
          consoleLog.push(`${new Date().toISOString()} ---- ${failures.at(-1)}`);
          process.stdout.write(`  ${mode} ${String(i + 1).padStart(2)}: no media within 30 s — ${failures.at(-1)}\n`);
        } else {
          const stats = await counselorPage(cp, "stats", "c");
          if ((stats?.localCandidate === "relay") !== (mode === "relay")) throw new Error(`${mode} call ${i + 1} used a ${stats?.localCandidate} candidate`);
          results[mode].push(ms);
          process.stdout.write(`  ${mode} ${String(i + 1).padStart(2)}: ${ms.toFixed(0)} ms\n`);
        }
        await counselorPage(cp, "hangUp", "c");
        await page.getByRole("dialog", { name: "Anruf beendet" }).getByRole("button", { name: "Schließen" }).click({ timeout: 60_000 });
        await until("the dialog closed", async () => ((await page.locator("dialog.call[open]").count()) === 0 ? true : undefined), 30_000);
      }
    }
    const row = (label: string, xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return { label, p50: percentile(s, 50), p99: percentile(s, 99), min: s[0]!, n: s.length };
    };
    const direct = row("direct", results.direct);
    const relay = row("relayed (TURN)", results.relay);
    console.log(`\ninvite → first media at the counselor, ${CALLS} calls each (the seeker's app accepting as soon as it rings):`);
    console.log(`  ${"".padEnd(16)} ${"p50".padStart(8)} ${"p99".padStart(8)} ${"min".padStart(8)}`);
    for (const r of [direct, relay]) console.log(`  ${r.label.padEnd(16)} ${`${r.p50.toFixed(0)} ms`.padStart(8)} ${`${r.p99.toFixed(0)} ms`.padStart(8)} ${`${r.min.toFixed(0)} ms`.padStart(8)}`);
    console.log(`  calls without media within 30 s: ${failures.length}${failures.map((f) => `\n    ${f}`).join("")}`);
    console.log(
      `calls failed=${failures.length} invite_to_media_ms direct_p50=${direct.p50.toFixed(0)} direct_p99=${direct.p99.toFixed(0)} relay_p50=${relay.p50.toFixed(0)} relay_p99=${relay.p99.toFixed(0)}`,
    );
  } finally {
    for (const c of cleanups) await c().catch(() => {});
  }
}

await main();
