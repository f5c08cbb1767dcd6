// npm run bench:console — the staff console's weight and speed, measured for real, each next to a
// baseline of the seeker app:
//   1. builds the console (and the seeker app) with a manifest and prints every JavaScript chunk
//      gzipped: the first screen's download (the entry and its static imports) and each screen
//      loaded on demand (admin screens, statistics with uPlot); baseline: the seeker app's landing;
//   2. starts a private stack (PostgreSQL, Synapse, API, bridge, the seeker app's and the
//      console's production bundles), and in a fresh Chromium profile per run measures the time
//      from pressing "Anmelden" (a demo counselor's Matrix ID and password: homeserver login,
//      OpenID token, exchange, logout) until the first screen shows the counselor's cases;
//      baseline: opening the seeker app's landing page until its first button shows.
// Last line: `console first_screen_js_gzip_kb=… signin_to_first_screen_p50_ms=… …`.
// Ports: LOTSE_TEST_PORT_BASE (default 18000) + the usual offsets, instance "bench-console".
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { repoRoot, seedDemo, startInfrastructure, testPorts, testStackInfo, varDir, type TestStackInfo } from "../../scripts/src/index.ts";
import { startStaffConsole } from "../../tests/src/staff.ts";
import { buildWebClient, openBrowser, startWebPlatform } from "../../tests/src/web.ts";

const RUNS = Number(process.env.LOTSE_BENCH_RUNS ?? 10);

type ManifestChunk = { file: string; src?: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean };

function gzKb(path: string): number {
  return gzipSync(readFileSync(path), { level: 9 }).length / 1024;
}

function staticClosure(manifest: Record<string, ManifestChunk>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    for (const i of manifest[key]?.imports ?? []) stack.push(i);
  }
  return seen;
}

/** The first download (entry + static imports) and every other JavaScript chunk, gzipped. */
function chunkSizes(outDir: string): { firstKb: number; rows: { chunk: string; file: string; kb: number; first: boolean }[] } {
  const manifest = JSON.parse(readFileSync(join(outDir, ".vite/manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  const first = staticClosure(manifest, Object.keys(manifest).filter((k) => manifest[k]!.isEntry));
  const rows = Object.entries(manifest)
    .filter(([, c]) => c.file.endsWith(".js"))
    .map(([k, c]) => ({ chunk: k, file: c.file, kb: gzKb(join(outDir, c.file)), first: first.has(k) }))
    .sort((a, b) => Number(b.first) - Number(a.first) || b.kb - a.kb);
  return { firstKb: rows.filter((r) => r.first).reduce((s, r) => s + r.kb, 0), rows };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]!;
}

async function main(): Promise<void> {
  const consoleDir = join(varDir, "bench-console-dist");
  const built = spawnSync(process.execPath, [join(repoRoot, "staff-client/node_modules/vite/bin/vite.js"), "build", "--outDir", consoleDir, "--emptyOutDir", "--manifest", "--logLevel", "warn"], {
    cwd: join(repoRoot, "staff-client"),
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`staff console build failed: ${built.stderr}${built.stdout}`);
  const webDir = join(varDir, "bench-console-web-dist");
  buildWebClient(webDir, { manifest: true });
  const staff = chunkSizes(consoleDir);
  const web = chunkSizes(webDir);
  console.log("Staff console, JavaScript per chunk (gzip -9):");
  for (const r of staff.rows) console.log(`  ${(r.first ? "first screen" : "on demand").padEnd(13)} ${r.chunk.padEnd(40)} ${r.kb.toFixed(1).padStart(6)} KB`);
  console.log(`  first screen in all: ${staff.firstKb.toFixed(1)} KB — baseline, the seeker app's landing: ${web.firstKb.toFixed(1)} KB`);

  const ports = testPorts();
  const infra = await startInfrastructure({ instance: "bench-console", ports, fresh: true, testRateLimits: true });
  const stack: TestStackInfo = testStackInfo(infra);
  const cleanups: (() => Promise<unknown>)[] = [() => infra.stop()];
  try {
    const demo = await seedDemo(stack);
    const platform = await startWebPlatform(stack, { outDir: webDir, prebuilt: true });
    cleanups.unshift(() => platform.stop());
    const konsole = await startStaffConsole(stack, platform.apiUrl, stack.apiPort + 2);
    cleanups.unshift(() => konsole.stop());
    const counselor = demo.counselors[0]!;

    const signIn: number[] = [];
    const landing: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const b = await openBrowser({ width: 1024 });
      try {
        const page = b.page;
        const problems: string[] = [];
        page.on("console", (m) => void (m.type() === "error" && problems.push(m.text())));
        page.on("requestfailed", (r) => void problems.push(`${r.url()} ${r.failure()?.errorText ?? ""}`));
        // Baseline: the seeker app's landing, cold profile, until its first button shows.
        const t0 = performance.now();
        await page.goto(platform.webUrl);
        await page.getByRole("button", { name: "Beratung finden" }).waitFor();
        landing.push(performance.now() - t0);
        // The console: the form is there; from "Anmelden" until the counselor's cases show.
        await page.goto(konsole.url);
        await page.getByLabel("Matrix-ID").fill(counselor.userId);
        await page.getByLabel("Passwort").fill(counselor.password);
        const t1 = performance.now();
        await page.getByRole("button", { name: "Anmelden" }).click();
        await page
          .getByRole("heading", { name: /^Meine Fälle/u })
          .waitFor()
          .catch(async (err: unknown) => {
            console.error(`first screen not reached; the page says: ${(await page.locator("main").innerText()).slice(0, 400)}; browser: ${problems.join(" | ")}`);
            throw err;
          });
        await page.locator("section:has(#waiting-h) h2").waitFor();
        signIn.push(performance.now() - t1);
      } finally {
        await b.close();
      }
    }
    const fmt = (xs: number[]) => `p50 ${quantile(xs, 0.5).toFixed(0)} ms, p90 ${quantile(xs, 0.9).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
    console.log(`sign-in → first screen (${RUNS} runs, fresh profile each): ${fmt(signIn)}`);
    console.log(`baseline, seeker app landing until its first button (same runs): ${fmt(landing)}`);
    console.log(
      `console first_screen_js_gzip_kb=${staff.firstKb.toFixed(1)} web_landing_js_gzip_kb=${web.firstKb.toFixed(1)} signin_to_first_screen_p50_ms=${quantile(signIn, 0.5).toFixed(0)} signin_to_first_screen_p90_ms=${quantile(signIn, 0.9).toFixed(0)} web_landing_p50_ms=${quantile(landing, 0.5).toFixed(0)}`,
    );
  } finally {
    for (const c of cleanups) await c().catch(() => {});
  }
}

await main();
