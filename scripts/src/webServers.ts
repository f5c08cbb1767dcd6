// The two browser apps for `npm start` and `npm run dev`:
//   production (npm start): each app is built (`vite build`) and its bundle served by `vite preview`
//     with the security headers production's nginx sends (strict CSP and the rest; the seeker app's
//     are in web-client/vite.config.ts, the console's in staff-client/vite.config.ts, and
//     scripts/test/webServers.int.test.ts holds them against docker/nginx-common.conf);
//   dev (npm run dev): Vite's hot-reloading dev servers (no CSP: they inject inline scripts).
// Both proxy /v1 to the API (and the seeker app /_matrix to the homeserver) so each app talks to
// its own origin, as behind the production reverse proxy.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { startService, type Service } from "./children.ts";
import { repoRoot } from "./paths.ts";
import { httpOk, waitFor } from "./proc.ts";

export type WebMode = "production" | "dev";

export type WebServers = { webUrl: string; staffUrl: string; services: Service[]; stop(): Promise<void> };

const apps = {
  web: { dir: join(repoRoot, "web-client") },
  staff: { dir: join(repoRoot, "staff-client") },
} as const;

function vite(app: keyof typeof apps): string {
  return join(apps[app].dir, "node_modules/vite/bin/vite.js");
}

/** Builds an app's production bundle into `outDir`; throws with Vite's output when it fails. */
export function buildApp(app: keyof typeof apps, outDir: string): void {
  const r = spawnSync(process.execPath, [vite(app), "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], { cwd: apps[app].dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`building ${app} failed: ${r.stderr}${r.stdout}`);
}

export async function startWebServers(opts: {
  mode: WebMode;
  webPort: number;
  staffPort: number;
  apiUrl: string;
  homeserverUrl: string;
  /** Where production bundles go (one folder per app). */
  buildDir: string;
  logDir: string;
  log?: (m: string) => void;
}): Promise<WebServers> {
  const webUrl = `http://127.0.0.1:${opts.webPort}`;
  const staffUrl = `http://127.0.0.1:${opts.staffPort}`;
  const env = {
    web: { LOTSE_WEB_API_TARGET: opts.apiUrl, LOTSE_WEB_HOMESERVER_TARGET: opts.homeserverUrl, LOTSE_WEB_HOST: "127.0.0.1", LOTSE_WEB_PORT: String(opts.webPort) },
    staff: { LOTSE_STAFF_API_TARGET: opts.apiUrl, LOTSE_STAFF_HOMESERVERS: new URL(opts.homeserverUrl).origin, LOTSE_STAFF_HOST: "127.0.0.1", LOTSE_STAFF_PORT: String(opts.staffPort) },
  };
  const services: Service[] = [];
  for (const app of ["web", "staff"] as const) {
    const outDir = join(opts.buildDir, app);
    if (opts.mode === "production") {
      opts.log?.(`building the ${app === "web" ? "seeker app" : "staff console"} (production bundle)`);
      buildApp(app, outDir);
    }
    const args = opts.mode === "production" ? [vite(app), "preview", "--outDir", outDir] : [vite(app)];
    services.push(startService({ name: `${app}-${opts.mode === "production" ? "server" : "dev"}`, args, env: env[app], cwd: apps[app].dir, logDir: opts.logDir }));
  }
  const stop = async () => {
    await Promise.all(services.map((s) => s.stop()));
  };
  try {
    await waitFor("seeker app", () => httpOk(webUrl), { timeoutMs: 60_000, isAlive: services[0]!.alive });
    await waitFor("staff console", () => httpOk(staffUrl), { timeoutMs: 60_000, isAlive: services[1]!.alive });
  } catch (err) {
    await stop();
    throw err;
  }
  return { webUrl, staffUrl, services, stop };
}
