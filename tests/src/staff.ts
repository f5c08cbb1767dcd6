// The staff console for browser tests: its BUILT bundle served by `vite preview`, /v1 proxied to
// the test API, its CSP allowing the test homeserver (where it signs in).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { httpOk, repoRoot, startService, varDir, waitFor, type Service, type TestStackInfo } from "@lotse/scripts";

const staffDir = join(repoRoot, "staff-client");
const viteBin = join(repoRoot, "staff-client/node_modules/vite/bin/vite.js");

export type StaffConsole = { url: string; service: Service; stop(): Promise<void> };

/** `moreHomeservers`: further homeserver base URLs the console's CSP must reach (a second trusted homeserver). */
export async function startStaffConsole(stack: TestStackInfo, apiUrl: string, port: number, moreHomeservers: string[] = []): Promise<StaffConsole> {
  const outDir = join(varDir, "test-output", `staff-dist-${port}`);
  const built = spawnSync(process.execPath, [viteBin, "build", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"], { cwd: staffDir, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`staff console build failed: ${built.stderr}${built.stdout}`);
  const url = `http://127.0.0.1:${port}`;
  const service = startService({
    name: "staff-preview",
    args: [viteBin, "preview", "--outDir", outDir],
    cwd: staffDir,
    env: {
      LOTSE_STAFF_API_TARGET: apiUrl,
      LOTSE_STAFF_HOMESERVERS: [stack.homeserverUrl, ...moreHomeservers].map((u) => new URL(u).origin).join(" "),
      LOTSE_STAFF_PORT: String(port),
      LOTSE_STAFF_HOST: "127.0.0.1",
    },
    logDir: join(stack.dataDir, "logs"),
  });
  await waitFor("staff console", () => httpOk(`${url}/`), { timeoutMs: 60_000, isAlive: service.alive });
  return { url, service, stop: () => service.stop() };
}
