// Local test config until the root vitest.config.ts has a project for the web client. The tests
// cover the API client and the domain layer only, which need no DOM.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "web-client",
    include: ["test/**/*.test.ts"],
    environment: "node",
    // The app loads each language's texts on demand; the tests have them all (test/setup.ts).
    setupFiles: ["test/setup.ts"],
  },
});
