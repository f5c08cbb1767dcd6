// What `npm start` serves: the production bundles of the seeker app and the staff console, with
// the security headers production's nginx sends (docker/nginx-common.conf is the reference), a
// small entry before sign-in, deep links answered with the app, and /v1 on the apps' own origin
// reaching the real API. (`npm run dev` uses the same code with Vite's dev servers.)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { repoRoot, startWebServers, varDir, type WebServers } from "@lotse/scripts";
import { startPlatform, type Platform } from "../src/platform.ts";

const stack = inject("lotseStack");

/** The headers nginx adds to every page (`add_header Name value always;`). */
function nginxHeaders(): Record<string, string> {
  const conf = readFileSync(join(repoRoot, "docker/nginx-common.conf"), "utf8");
  const out: Record<string, string> = {};
  for (const m of conf.matchAll(/^add_header ([A-Za-z-]+) ("[^"]*"|\S+) always;$/gmu)) out[m[1]!.toLowerCase()] = m[2]!.replace(/^"|"$/gu, "");
  return out;
}

describe("npm start serves what production serves", () => {
  let platform: Platform;
  let web: WebServers;

  beforeAll(async () => {
    platform = await startPlatform(stack);
    web = await startWebServers({
      mode: "production",
      webPort: stack.apiPort + 3,
      staffPort: stack.apiPort + 4,
      apiUrl: platform.apiUrl,
      homeserverUrl: stack.homeserverUrl,
      buildDir: join(varDir, "test-output", `start-dist-${stack.apiPort}`),
      logDir: join(stack.dataDir, "logs"),
    });
  }, 240_000);

  afterAll(async () => {
    await web?.stop();
    await platform?.stop();
  });

  it("the seeker app: nginx's headers, a hashed bundle small before sign-in, deep links, /v1 and /_matrix on its own origin", async () => {
    const expected = nginxHeaders();
    expect(Object.keys(expected).sort()).toEqual(["content-security-policy", "cross-origin-opener-policy", "permissions-policy", "referrer-policy", "x-content-type-options"]);
    const res = await fetch(`${web.webUrl}/`);
    expect(res.status).toBe(200);
    for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), name).toBe(value);
    // Calls: camera and microphone for the app's own origin only; the CSP names nothing foreign.
    expect(expected["permissions-policy"]).toMatch(/(^|, )camera=\(self\)(,|$)/u);
    expect(expected["permissions-policy"]).toMatch(/(^|, )microphone=\(self\)(,|$)/u);
    expect(expected["content-security-policy"]).toContain("connect-src 'self';");
    expect(expected["content-security-policy"]).not.toMatch(/https?:|\*/u);
    const html = await res.text();
    const scripts = [...html.matchAll(/<(?:script type="module" crossorigin src|link rel="modulepreload" crossorigin href)="(\/assets\/[^"]+\.js)"/gu)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const s of scripts) expect(s).toMatch(/-[A-Za-z0-9_-]{8}\.js$/u);
    let gz = 0;
    for (const s of scripts) {
      const js = await fetch(`${web.webUrl}${s}`);
      expect(js.status).toBe(200);
      gz += gzipSync(Buffer.from(await js.arrayBuffer())).length;
    }
    // Production bundles, not the dev server's ~380 KB unbundled: a guard against serving the wrong
    // thing, not the budget. The budget (issue 15: 30 KB before sign-in, in every language) is
    // measured by `npm run bench:web` at gzip -9 and stated in the README; counted here (default
    // gzip level, the entry with its preloads) it comes out somewhat larger.
    expect(gz).toBeLessThan(50_000);
    const deep = await fetch(`${web.webUrl}/faelle/12`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    const topics = await fetch(`${web.webUrl}/v1/topics`);
    expect(topics.status).toBe(200);
    expect(Array.isArray(await topics.json())).toBe(true);
    const versions = await fetch(`${web.webUrl}/_matrix/client/versions`);
    expect(versions.status).toBe(200);
    expect((await versions.json()) as { versions: string[] }).toHaveProperty("versions");
  });

  it("the staff console: the same headers, its CSP naming exactly the homeserver it signs in at, /v1 on its own origin", async () => {
    const expected = nginxHeaders();
    const res = await fetch(`${web.staffUrl}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`connect-src 'self' ${new URL(stack.homeserverUrl).origin};`);
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("frame-ancestors 'none'");
    for (const name of ["cross-origin-opener-policy", "referrer-policy", "x-content-type-options"]) expect(res.headers.get(name), name).toBe(expected[name]);
    // The console makes no calls: no camera, no microphone (stricter than the seeker app).
    expect(res.headers.get("permissions-policy")).toBe("camera=(), microphone=(), geolocation=(), interest-cohort=()");
    expect(await res.text()).toContain("Lotse – Konsole für Beratungsstellen");
    const hs = await fetch(`${web.staffUrl}/v1/auth/matrix/homeservers`);
    expect(hs.status).toBe(200);
    expect(((await hs.json()) as { homeservers: { serverName: string }[] }).homeservers.map((h) => h.serverName)).toContain(stack.serverName);
  });
});
