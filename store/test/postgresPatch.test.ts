// The store's PostgreSQL driver carries a patch (patches/postgres@3.4.9.patch, porsager/postgres
// #1208 and #1154): a write that postgres.js schedules with setImmediate could fire after the
// connection had dropped its socket and end the whole process with an uncaught TypeError — the
// bridge died that way when PostgreSQL restarted under load (`npm run chaos`). This test fails
// when the driver is installed without the patch (e.g. an upgrade that drops it).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

// The package's "exports" hide package.json; its CommonJS entry lies in <driver>/cjs/src/index.js.
const require = createRequire(join(import.meta.dirname, "..", "package.json"));
const driverDir = dirname(dirname(dirname(require.resolve("postgres"))));

describe("the patched postgres.js driver", () => {
  for (const file of ["src/connection.js", "cjs/src/connection.js"]) {
    it(`guards the deferred write against a closed socket (${file})`, () => {
      const source = readFileSync(join(driverDir, file), "utf8");
      const nextWrite = source.slice(source.indexOf("function nextWrite("), source.indexOf("function connectTimedOut("));
      expect(nextWrite).toContain("if (socket === null)");
      expect(nextWrite).toContain("CONNECTION_CLOSED");
      // Both teardown paths forget the cancelled timer, so a later write can schedule again.
      expect(source.match(/clearImmediate\(nextWriteTimer\)\n\s*nextWriteTimer = null/g)?.length).toBe(2);
    });
  }
});
