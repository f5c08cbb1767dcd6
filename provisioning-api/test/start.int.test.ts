// start(config): migrates, seeds topics, listens on real HTTP, closes cleanly (twice is fine).
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { start } from "../src/index.ts";
import { stack, testConfig } from "./helpers.ts";

describe("start", () => {
  it("serves the API over HTTP and closes", async () => {
    const api = await start(testConfig(stack(), { LOTSE_API_PORT: "0" }), { logger: false });
    try {
      const { port } = api.app.server.address() as AddressInfo;
      const health = await fetch(`http://127.0.0.1:${port}/health`);
      expect(health.status).toBe(200);
      const topics = (await (await fetch(`http://127.0.0.1:${port}/v1/topics`)).json()) as unknown[];
      expect(topics.length).toBeGreaterThanOrEqual(22);
      const cors = await fetch(`http://127.0.0.1:${port}/v1/topics`, { headers: { origin: "http://127.0.0.1:8080" } });
      expect(cors.headers.get("access-control-allow-origin")).toBe("http://127.0.0.1:8080");
    } finally {
      await api.close();
      await api.close();
    }
  });
});
