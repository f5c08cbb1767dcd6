// The API refuses to start with an invalid operator policy file (LOTSE_POLICY_FILE, shared with
// the bridge), naming the key path — before it opens a port or a database connection.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const mainPath = fileURLToPath(new URL("../src/main.ts", import.meta.url));

function runApi(policyFile: string) {
  return spawnSync(process.execPath, ["--no-deprecation", mainPath], {
    env: {
      PATH: process.env.PATH ?? "",
      LOTSE_DATABASE_URL: "postgres://nobody:nothing@127.0.0.1:1/none",
      LOTSE_HOMESERVER_URL: "http://127.0.0.1:1",
      LOTSE_SERVER_NAME: "localhost",
      LOTSE_AS_TOKEN: "a".repeat(32),
      LOTSE_HS_TOKEN: "b".repeat(32),
      LOTSE_JWT_SECRET: "c".repeat(40),
      LOTSE_API_PORT: "1",
      LOTSE_POLICY_FILE: policyFile,
    },
    encoding: "utf8",
    timeout: 30_000,
  });
}

describe("API start-up with a policy file", () => {
  it("refuses an invalid file, naming the key path", () => {
    const dir = mkdtempSync(join(tmpdir(), "lotse-api-policy-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "flood:\n  eventsPerMinute: 0\nmute:\n  defaultMinutes: ten\n");
    const r = runApi(file);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`invalid policy file ${file}`);
    expect(r.stderr).toContain("flood.eventsPerMinute: must be ≥ 1");
    expect(r.stderr).toContain("mute.defaultMinutes:");
  });
});
