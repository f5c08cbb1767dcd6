// The seeker's web app for browser tests and the bench: the API (told to hand out the web
// origin as the homeserver URL, as behind the production reverse proxy), the bridge, the BUILT
// web client served by `vite preview` (proxying /v1 and /_matrix), and Debian's Chromium driven
// through playwright-core, one fresh profile directory per browser.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { ClientEvent, KnownMembership, type MatrixClient, type Room } from "matrix-js-sdk";
import { httpOk, repoRoot, startService, varDir, waitFor, type Service, type TestStackInfo } from "@lotse/scripts";
import { startBridge, stackEnv } from "./platform.ts";

export const CHROMIUM_PATH = process.env.LOTSE_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export type WebPlatform = {
  apiUrl: string;
  webUrl: string;
  api: Service;
  bridge: Service;
  web: Service;
  stop(): Promise<void>;
};

const webClientDir = join(repoRoot, "web-client");
const viteBin = join(repoRoot, "web-client/node_modules/vite/bin/vite.js");

/** Builds the web client into its own folder (so a running `dist/` is never disturbed). */
export function buildWebClient(outDir: string, opts: { manifest?: boolean } = {}): void {
  const args = [viteBin, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn", ...(opts.manifest ? ["--manifest"] : [])];
  const r = spawnSync(process.execPath, args, {
    cwd: webClientDir,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`vite build failed: ${r.stderr}${r.stdout}`);
}

export async function startWebPlatform(
  stack: TestStackInfo,
  opts: {
    outDir?: string;
    prebuilt?: boolean;
    /** Extra environment of the bridge (e.g. LOTSE_GROUP_SCAN_MS). */
    bridgeEnv?: Record<string, string>;
    /** Extra environment of the API (e.g. LOTSE_SYNAPSE_ADMIN_TOKEN for the live chat). */
    apiEnv?: Record<string, string>;
  } = {},
): Promise<WebPlatform> {
  const logDir = join(stack.dataDir, "logs");
  // The API's CORS list already names apiPort + 1 as the web origin (see platform.ts).
  const webPort = stack.apiPort + 1;
  const webUrl = `http://127.0.0.1:${webPort}`;
  const apiUrl = `http://127.0.0.1:${stack.apiPort}`;
  const outDir = opts.outDir ?? join(varDir, "test-output", `web-dist-${webPort}`);
  if (opts.prebuilt !== true) buildWebClient(outDir);

  const api = startService({
    name: "provisioning-api",
    args: ["provisioning-api/src/main.ts"],
    env: { ...stackEnv(stack), LOTSE_PUBLIC_HOMESERVER_URL: webUrl, ...opts.apiEnv },
    logDir,
  });
  const bridge =
    opts.bridgeEnv === undefined
      ? startBridge(stack)
      : startService({ name: "bridge", args: ["bridge/src/main.ts"], env: { ...stackEnv(stack), ...opts.bridgeEnv }, logDir });
  const web = startService({
    name: "web-preview",
    args: [viteBin, "preview", "--outDir", outDir],
    cwd: webClientDir,
    env: {
      LOTSE_WEB_API_TARGET: apiUrl,
      LOTSE_WEB_HOMESERVER_TARGET: stack.homeserverUrl,
      LOTSE_WEB_PORT: String(webPort),
      LOTSE_WEB_HOST: "127.0.0.1",
    },
    logDir,
  });
  try {
    await waitFor("provisioning API", () => httpOk(`${apiUrl}/health`), { timeoutMs: 60_000, isAlive: api.alive });
    await waitFor("web preview", () => httpOk(`${webUrl}/`), { timeoutMs: 60_000, isAlive: web.alive });
  } catch (err) {
    await Promise.all([api.stop(), bridge.stop(), web.stop()]);
    throw err;
  }
  return {
    apiUrl,
    webUrl,
    api,
    bridge,
    web,
    async stop() {
      await Promise.all([api.stop(), bridge.stop(), web.stop()]);
    },
  };
}

/** A browser with a new, empty profile; `close()` also removes the profile directory. */
export async function openBrowser(opts: { width?: number; /** More Chromium flags (e.g. fake camera and microphone). */ args?: string[] } = {}): Promise<{ context: BrowserContext; page: Page; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "lotse-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(opts.args ?? [])],
    headless: true,
    viewport: { width: opts.width ?? 390, height: 844 },
    locale: "de-DE",
    timezoneId: "Europe/Berlin",
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function screenshotDir(): string {
  const dir = join(varDir, "test-output", "screens");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Protocol words and identifiers a seeker must never see. */
export const JARGON = [/@[^\s:]+:[^\s]+/u, /![^\s:]+:[^\s]+/u, /matrix/iu, /room/iu, /device/iu];

/** The visible text plus every accessible name / hint an assistive technology would read. */
export async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attrs = [...document.querySelectorAll("[aria-label],[title],[placeholder],[alt]")].flatMap((el) =>
      ["aria-label", "title", "placeholder", "alt"].map((a) => el.getAttribute(a) ?? ""),
    );
    return [document.title, document.body.innerText, ...attrs].join("\n");
  });
}

/** The screens a browser test walked and what it found wrong on them. */
export type Walk = { screens: string[]; problems: string[] };

/**
 * Screenshots the screen (`<prefix><n>-<name>.png` in the test output folder) and records its
 * problems: protocol words, axe violations and — unless `sideways: false` — horizontal scrolling.
 */
export async function checkScreen(page: Page, walk: Walk, name: string, opts: { prefix?: string; sideways?: boolean } = {}): Promise<void> {
  await page.screenshot({ path: join(screenshotDir(), `${opts.prefix ?? ""}${String(walk.screens.length + 1).padStart(2, "0")}-${name}.png`), fullPage: true });
  walk.screens.push(name);
  const words = await pageWords(page);
  for (const re of JARGON) {
    const m = re.exec(words);
    if (m !== null) walk.problems.push(`${name}: shows "${m[0]}"`);
  }
  const axe = await new AxeBuilder({ page }).analyze();
  for (const v of axe.violations) walk.problems.push(`${name}: axe ${v.id} (${v.nodes.length}×): ${v.help}`);
  if (opts.sideways ?? true) {
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) walk.problems.push(`${name}: scrolls sideways by ${overflow}px`);
  }
}

/**
 * The next sync of `client` is a full one (no `since`): the homeserver sends every room afresh.
 * The token is dropped right after a sync has been processed (the running long poll would
 * otherwise store its own next token over it), so the loop's next request goes without one.
 */
function forceFullSync(client: MatrixClient): void {
  client.once(ClientEvent.Sync, () => {
    (client.store as unknown as { setSyncToken(token: string | null): void }).setSyncToken(null);
  });
}

/**
 * A counselor's client joins a case room it is invited to and waits until its own sync shows it
 * in the room with the room's encryption known. The join goes straight to the homeserver (time-
 * boxed, retried) rather than through `client.joinRoom`, which after the request also waits on the
 * crypto engine for a key bundle and can hang with it under load. On timeout the error says what
 * the homeserver and the client each believe, so a failure can be told apart.
 *
 * Under load the client's incremental syncs have been seen to keep showing "invite" for minutes
 * while the homeserver has the join (CI: "the client sees invite … the homeserver says join").
 * When a join was accepted and the client still disagrees 15 s later, the join is written once
 * more as a new membership event (join → join with new content) and the client is made to do a
 * full sync (its stored sync token dropped; crypto state untouched); repeated at most every 30 s.
 */
export async function joinCaseRoom(client: MatrixClient, roomId: string, timeoutMs = 120_000): Promise<Room> {
  const deadline = Date.now() + timeoutMs;
  const base = client.getHomeserverUrl().replace(/\/$/u, "");
  const auth = { authorization: `Bearer ${client.getAccessToken() ?? ""}` };
  const me = client.getSafeUserId();
  const attempts: string[] = [];
  let lastJoin = 0;
  let joinAcceptedAt = 0;
  let lastFullSync = 0;
  let syncs = 0;
  const onSync = (): void => void syncs++;
  client.on(ClientEvent.Sync, onSync);
  try {
    for (;;) {
      const room = client.getRoom(roomId);
      const membership = room?.getMyMembership();
      if (room && membership === KnownMembership.Join && room.hasEncryptionStateEvent()) return room;
      if (membership !== KnownMembership.Join && Date.now() - lastJoin > 10_000) {
        lastJoin = Date.now();
        const t0 = Date.now();
        const res = await fetch(`${base}/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {
          method: "POST",
          headers: { ...auth, "content-type": "application/json" },
          body: "{}",
          signal: AbortSignal.timeout(20_000),
        }).then(
          (r) => `${r.status}`,
          (err: unknown) => (err instanceof Error ? err.name : "error"),
        );
        attempts.push(`${res} in ${Date.now() - t0} ms (client saw ${membership ?? "nothing"})`);
        if (res === "200" && joinAcceptedAt === 0) joinAcceptedAt = Date.now();
      }
      if (
        membership !== KnownMembership.Join &&
        joinAcceptedAt !== 0 &&
        Date.now() - joinAcceptedAt > 15_000 &&
        Date.now() - lastFullSync > 30_000
      ) {
        lastFullSync = Date.now();
        // Another POST /join changes nothing (the homeserver answers with the existing join
        // event), so a join with new content writes a fresh membership event, which the
        // homeserver's sync then reports; and the next sync is a full one.
        const reassert = await fetch(`${base}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(me)}`, {
          method: "PUT",
          headers: { ...auth, "content-type": "application/json" },
          body: JSON.stringify({ membership: "join", displayname: client.getUser(me)?.displayName ?? undefined, "org.lotse.test.rejoin": Date.now() }),
          signal: AbortSignal.timeout(20_000),
        }).then(
          (r) => `${r.status}`,
          (err: unknown) => (err instanceof Error ? err.name : "error"),
        );
        forceFullSync(client);
        attempts.push(`join re-asserted: ${reassert}, full sync requested (client saw ${membership ?? "nothing"})`);
        console.warn(`joinCaseRoom ${roomId}: ${attempts.at(-1)}`);
      }
      if (Date.now() > deadline) {
        const server = await fetch(`${base}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.member/${encodeURIComponent(me)}`, {
          headers: auth,
          signal: AbortSignal.timeout(10_000),
        }).then(
          async (r) => `${r.status} ${JSON.stringify(((await r.json()) as { membership?: string }).membership ?? null)}`,
          (err: unknown) => (err instanceof Error ? err.name : "error"),
        );
        throw new Error(
          `timed out joining ${roomId}: the client sees ${membership ?? "no room"} (sync state ${client.getSyncState() ?? "none"}, ${syncs} syncs meanwhile), ` +
            `the homeserver says ${server}; joins: ${attempts.join("; ") || "none"}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    client.off(ClientEvent.Sync, onSync);
  }
}

/**
 * Keeps the last requests a page made and how each ended (sent, answered with a status, failed —
 * with the seconds since the trace began), for the message of a wait that failed: was a
 * request to the homeserver never answered, or never made? Ids in paths are masked and queries
 * dropped; bodies are never read.
 */
export function traceRequests(page: Page, keep = 120): { recent(): string } {
  const lines: string[] = [];
  const t0 = Date.now();
  const mask = (url: string) =>
    new URL(url).pathname.replace(/(?:[!@$#]|%21|%40|%24|%23)[^/]+/gu, "…").replace(/\/(?:send|sendToDevice|state)\/([^/]+)\/[^/]+/u, "/$1/…");
  const add = (line: string) => {
    lines.push(`${((Date.now() - t0) / 1000).toFixed(1).padStart(7)} s ${line}`);
    if (lines.length > keep) lines.shift();
  };
  page.on("request", (r) => add(`→ ${r.method()} ${mask(r.url())}`));
  page.on("requestfinished", (r) => {
    void r.response().then((res) => add(`← ${res?.status() ?? "?"} ${r.method()} ${mask(r.url())}`), () => {});
  });
  page.on("requestfailed", (r) => add(`✗ ${r.failure()?.errorText ?? "failed"} ${r.method()} ${mask(r.url())}`));
  return { recent: () => lines.join("\n") };
}
