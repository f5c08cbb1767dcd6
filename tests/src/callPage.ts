// The counselor's side of a call, in the browser (tests/src/callPage/): bundled once with Vite into
// the test output folder and served by a tiny static server, so a Chromium page can run a
// counselor's matrix-js-sdk client with WebRTC. The page talks to the homeserver directly (CORS).
import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import type { Page } from "playwright-core";
import { repoRoot, varDir } from "@lotse/scripts";
import type { CallSnapshot, CallStats, CounselorPageApi, Session } from "./callPage/counselorCall.ts";

export type { CallSnapshot, CallStats, Session };

const viteBin = join(repoRoot, "web-client/node_modules/vite/bin/vite.js");
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".css": "text/css",
  ".map": "application/json",
};

export type CallPageServer = { url: string; stop(): Promise<void> };

/** Builds the page (Vite, like the apps) and serves it on a free loopback port. */
export async function serveCounselorCallPage(): Promise<CallPageServer> {
  const outDir = join(varDir, "test-output", `counselor-call-page-${process.pid}`);
  const built = spawnSync(process.execPath, [viteBin, "build", join(repoRoot, "tests/src/callPage"), "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  if (built.status !== 0) throw new Error(`building the counselor call page failed: ${built.stderr}${built.stdout}`);
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)).replace(/^(\.\.[/\\])+/u, "");
    const file = join(outDir, path === "/" ? "index.html" : path);
    readFile(file).then(
      (body) => {
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
        res.end(body);
      },
      () => {
        res.writeHead(404);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, stop: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Calls `window.counselors[method](...args)` in the page. */
export async function counselorPage<K extends keyof CounselorPageApi>(
  page: Page,
  method: K,
  ...args: Parameters<CounselorPageApi[K]>
): Promise<Awaited<ReturnType<CounselorPageApi[K]>>> {
  return page.evaluate(
    ([m, a]) => (globalThis as unknown as { counselors: Record<string, (...x: unknown[]) => unknown> }).counselors[m as string]!(...(a as unknown[])),
    [method, args] as const,
  ) as Promise<Awaited<ReturnType<CounselorPageApi[K]>>>;
}
