// npm run bench:web — the seeker app's weight and speed, measured for real:
//   1. builds the web client with a manifest and prints the JavaScript each route downloads,
//      gzipped (before sign-in: the entry and its static imports plus the chosen language's texts
//      — each language is a chunk of its own, fetched before the first paint —, printed for every
//      language, the default German one in the last line; after sign-in: the later screens, the
//      chat engine chunk with its imports, plus the crypto WebAssembly);
//   2. starts a private stack (PostgreSQL, Synapse, API, bridge, `vite preview` of the build),
//      registers a seeker in Chromium, lets a demo counselor write 99 answers to the enquiry
//      (100 messages), then signs in from a fresh browser profile and measures the time from
//      pressing "Anmelden" until the conversation shows all 100 messages decrypted.
// Last line: `web js_before_login_gzip_kb=… login_to_history_ms=…`.
// `npm run bench:web -- --sizes` prints the sizes only (no stack, no browser).
// Ports: LOTSE_TEST_PORT_BASE (default 18000) + the usual offsets, instance "bench-web".
import { randomUUID } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { seedDemo, startInfrastructure, testPorts, testStackInfo, varDir, type TestStackInfo } from "../../scripts/src/index.ts";
import { passwordLogin, startE2eeClient, stopClient, until } from "../../test-support/src/matrixClient.ts";
import { buildWebClient, joinCaseRoom, openBrowser, startWebPlatform } from "../../tests/src/web.ts";

const HISTORY = 100;

type ManifestChunk = { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean; css?: string[] };

function gzKb(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length / 1024;
}

function closure(manifest: Record<string, ManifestChunk>, roots: string[], followDynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) stack.push(i);
    if (followDynamic) for (const i of manifest[key]?.dynamicImports ?? []) stack.push(i);
  }
  return seen;
}

/** The seeker app's language catalogues, each loaded on demand (web-client/src/i18n/messages.ts). */
const LANGUAGE_CHUNK = /^src\/i18n\/([a-z-]+)\.ts$/u;
/** The later screens' part of each catalogue; after sign-in only the default language's counts. */
const LATER_LANGUAGE_CHUNK = /^src\/i18n\/later\/([a-z-]+)\.ts$/u;
const DEFAULT_LANGUAGE = "de-sie";

function sizes(outDir: string): { beforeKb: number; afterKb: number; wasmKb: number; rows: string[]; languages: Record<string, number> } {
  const manifest = JSON.parse(readFileSync(join(outDir, ".vite/manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
  const code = closure(manifest, entries, false);
  const allDynamic = [...code].flatMap((k) => manifest[k]!.dynamicImports ?? []);
  const languageRoots = allDynamic.filter((k) => LANGUAGE_CHUNK.test(k));
  const dynamicRoots = allDynamic.filter((k) => !LANGUAGE_CHUNK.test(k));
  const rows: string[] = [];
  // Before sign-in: the code plus one language's texts (with any chunk they import).
  const languages: Record<string, number> = {};
  const codeKb = [...code].reduce((sum, k) => sum + (manifest[k]!.file.endsWith(".js") ? gzKb(join(outDir, manifest[k]!.file)) : 0), 0);
  for (const root of languageRoots) {
    const name = LANGUAGE_CHUNK.exec(root)![1]!;
    const own = [...closure(manifest, [root], false)].filter((k) => !code.has(k));
    languages[name] = codeKb + own.reduce((sum, k) => sum + gzKb(join(outDir, manifest[k]!.file)), 0);
  }
  const before = new Set([...code, ...closure(manifest, languageRoots.filter((k) => k.endsWith(`/${DEFAULT_LANGUAGE}.ts`)), false)]);
  const otherLanguage = (k: string) => LANGUAGE_CHUNK.test(k) || (LATER_LANGUAGE_CHUNK.test(k) && LATER_LANGUAGE_CHUNK.exec(k)![1] !== DEFAULT_LANGUAGE);
  const after = [...closure(manifest, dynamicRoots, true)].filter((k) => !before.has(k) && !otherLanguage(k));
  const sum = (keys: Iterable<string>, label: string) => {
    let total = 0;
    for (const k of keys) {
      const file = manifest[k]!.file;
      if (!file.endsWith(".js")) continue;
      const kb = gzKb(join(outDir, file));
      total += kb;
      rows.push(`  ${label.padEnd(22)} ${file.padEnd(44)} ${kb.toFixed(1).padStart(8)} KB gz`);
    }
    return total;
  };
  const beforeKb = sum(before, "landing/registration");
  const afterKb = sum(after, "after sign-in");
  const wasm = Object.values(manifest)
    .map((c) => c.file)
    .filter((f) => f.endsWith(".wasm"));
  let wasmKb = 0;
  for (const f of wasm) {
    const kb = gzKb(join(outDir, f));
    wasmKb += kb;
    rows.push(`  ${"after sign-in (wasm)".padEnd(22)} ${f.padEnd(44)} ${kb.toFixed(1).padStart(8)} KB gz (${(statSync(join(outDir, f)).size / 1024).toFixed(0)} KB raw)`);
  }
  return { beforeKb, afterKb, wasmKb, rows, languages };
}

async function main(): Promise<void> {
  // Not inside the instance folder: a fresh stack wipes that.
  const outDir = join(varDir, "bench-web-dist");
  buildWebClient(outDir, { manifest: true });
  const s = sizes(outDir);
  console.log("JavaScript per route (gzip -9):");
  for (const row of s.rows) console.log(row);
  console.log("before sign-in, per language (code + that language's texts):");
  for (const [name, kb] of Object.entries(s.languages).sort((a, b) => b[1] - a[1])) console.log(`  ${name.padEnd(10)} ${kb.toFixed(1).padStart(6)} KB gz`);
  console.log(`  total before sign-in (${DEFAULT_LANGUAGE}): ${s.beforeKb.toFixed(1)} KB; after sign-in (later screens, chat): ${s.afterKb.toFixed(1)} KB + wasm ${s.wasmKb.toFixed(1)} KB`);
  if (process.argv.includes("--sizes")) {
    console.log(`web js_before_login_gzip_kb=${s.beforeKb.toFixed(1)} max_language_kb=${Math.max(...Object.values(s.languages)).toFixed(1)}`);
    return;
  }

  const ports = testPorts();
  const infra = await startInfrastructure({ instance: "bench-web", ports, fresh: true, testRateLimits: true });
  const stack: TestStackInfo = testStackInfo(infra);

  const cleanups: (() => Promise<unknown>)[] = [() => infra.stop()];
  try {
    const demo = await seedDemo(stack);
    const platform = await startWebPlatform(stack, { outDir, prebuilt: true });
    cleanups.unshift(() => platform.stop());
    const agency = demo.agencies[1]!;
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;
    const counselorSession = await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password);

    // A seeker registers in the browser and sends the enquiry.
    const pseudonym = `Bench ${randomUUID().slice(0, 6).replace(/\d/gu, "x")}`;
    const password = "ein Passwort für den Bench";
    const first = await openBrowser();
    cleanups.unshift(() => first.close());
    const page = first.page;
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Beratung finden" }).click();
    await page.getByLabel("Thema").selectOption(agency.topicIds[0]!);
    await page.getByLabel("Postleitzahl").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Beratungsstellen finden" }).click();
    await page.locator("li.agency", { hasText: agency.name }).getByRole("button", { name: "Auswählen" }).click();
    await page.getByLabel("Ihr Name hier (Fantasiename)").fill(pseudonym);
    await page.getByLabel("Passwort", { exact: true }).fill(password);
    await page.getByLabel(/Ich bin einverstanden/u).check();
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    const composer = page.getByLabel("Ihre Anfrage", { exact: true });
    await until("the composer", async () => ((await composer.isEnabled()) ? true : undefined), 120_000);
    await composer.fill("Hallo, ich brauche Hilfe.");
    await page.getByRole("button", { name: "Anfrage senden" }).click();

    // The case's conversation, as the API reports it to the signed-in seeker.
    const apiToken = await page.evaluate(() => (JSON.parse(sessionStorage.getItem("lotse.session")!) as { token: string }).token);
    const roomId = await until(
      "the case's conversation",
      async () => {
        const res = await fetch(`${platform.apiUrl}/v1/cases`, { headers: { authorization: `Bearer ${apiToken}` } });
        const list = (await res.json()) as { roomId: string | null }[];
        return list[0]?.roomId ?? undefined;
      },
      120_000,
    );
    // The counselor joins over plain HTTP, then starts an encrypting client whose first sync
    // already has the room as joined.
    await until(
      "the counselor's join",
      async () => {
        const res = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/join`, {
          method: "POST",
          headers: { authorization: `Bearer ${counselorSession.accessToken}`, "content-type": "application/json" },
          body: "{}",
        });
        return res.ok ? true : undefined;
      },
      120_000,
    );
    const counselorClient = await startE2eeClient(counselorSession);
    cleanups.unshift(() => stopClient(counselorClient));
    await joinCaseRoom(counselorClient, roomId);
    for (let i = 1; i < HISTORY; i++) {
      await counselorClient.sendMessage(roomId, { msgtype: "m.text", body: `Antwort ${i} von ${HISTORY - 1}` } as never);
    }
    await page
      .locator(".message", { hasText: `Antwort ${HISTORY - 1} von` })
      .waitFor({ timeout: 120_000 })
      .catch(async (err: unknown) => {
        await page.screenshot({ path: join(varDir, "bench-web-failure.png"), fullPage: true });
        throw err;
      });
    // Wait until the first browser has saved the message keys to the backup.
    const chat = await page.evaluate(() => {
      const key = Object.keys(sessionStorage).find((k) => k.startsWith("lotse.chat."))!;
      return JSON.parse(sessionStorage.getItem(key)!) as { accessToken: string };
    });
    await until(
      "message keys in the backup",
      async () => {
        const res = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/room_keys/version`, {
          headers: { authorization: `Bearer ${chat.accessToken}` },
        });
        return (((await res.json()) as { count?: number }).count ?? 0) >= 2 ? true : undefined;
      },
      120_000,
    );

    // A fresh browser: sign in, open the conversation, wait for 100 decrypted messages.
    const second = await openBrowser();
    cleanups.unshift(() => second.close());
    const p2 = second.page;
    await p2.goto(platform.webUrl);
    await p2.getByRole("button", { name: "Ich habe schon einen Zugang" }).click();
    await p2.getByLabel("Ihr Name hier").fill(pseudonym);
    await p2.getByLabel("Passwort", { exact: true }).fill(password);
    const t0 = Date.now();
    await p2.getByRole("button", { name: "Anmelden", exact: true }).click();
    await p2.locator("li.case", { hasText: agency.name }).getByRole("button", { name: /Unterhaltung/u }).click();
    await p2.waitForFunction(
      (n) => document.querySelectorAll(".message").length >= n && document.querySelectorAll(".message__body--locked").length === 0,
      HISTORY,
      { timeout: 120_000, polling: 50 },
    );
    const loginToHistoryMs = Date.now() - t0;
    console.log(`login to ${HISTORY} messages shown decrypted (fresh browser, keys from the backup): ${loginToHistoryMs} ms`);
    console.log(`web js_before_login_gzip_kb=${s.beforeKb.toFixed(1)} login_to_history_ms=${loginToHistoryMs}`);
  } finally {
    for (const c of cleanups) await c().catch(() => {});
  }
}

await main();
