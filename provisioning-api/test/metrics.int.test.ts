// Prometheus metrics on their own listener: request durations labelled by route pattern (never
// the URL with its ids), process metrics, nothing on the public port, no identifier in any label.
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { start } from "../src/index.ts";
import { stack, testConfig } from "./helpers.ts";

describe("API metrics", () => {
  it("counts requests by route pattern on the metrics listener only", async () => {
    const api = await start(testConfig(stack(), { LOTSE_API_PORT: "0", LOTSE_API_METRICS_PORT: "0" }), { logger: false });
    try {
      const { port } = api.app.server.address() as AddressInfo;
      expect(api.metricsPort).toBeGreaterThan(0);
      const unknownAgency = randomUUID();
      expect((await fetch(`http://127.0.0.1:${port}/v1/agencies/${unknownAgency}/slots`)).status).toBe(404);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/no/such/${unknownAgency}`)).status).toBe(404);
      // Not on the public port.
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(404);

      const res = await fetch(`http://127.0.0.1:${api.metricsPort}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain("text/plain");
      const text = await res.text();
      expect(text).toMatch(/lotse_api_request_duration_seconds_count\{route="\/v1\/agencies\/:agencyId\/slots",method="GET",status="404"\} 1/);
      expect(text).toMatch(/lotse_api_request_duration_seconds_count\{route="\/health",method="GET",status="200"\} 1/);
      expect(text).toMatch(/lotse_api_request_duration_seconds_count\{route="unmatched",method="GET",status="404"\} 2/);
      expect(text).toContain("lotse_api_process_resident_memory_bytes");
      expect(text).not.toContain(unknownAgency);
      expect((await fetch(`http://127.0.0.1:${api.metricsPort}/other`)).status).toBe(404);
    } finally {
      await api.close();
    }
  });
});
