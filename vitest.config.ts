// Two projects: `unit` (pure logic, no I/O, runs in parallel) and `integration` (real PostgreSQL
// and Synapse, started once by the global setup, files run one after another because they share
// the appservice port the registration names).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Client SDKs log a lot; show test output only for failing tests.
    silent: "passed-only",
    projects: [
      "web-client/vitest.config.ts",
      {
        test: {
          name: "unit",
          include: ["*/test/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "**/node_modules/**", "web-client/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "integration",
          include: ["*/test/**/*.int.test.ts"],
          exclude: ["**/node_modules/**"],
          environment: "node",
          globalSetup: ["./scripts/src/vitestGlobalSetup.ts"],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
