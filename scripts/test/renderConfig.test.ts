import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderProductionConfig } from "../src/renderConfig.ts";

describe("production config", () => {
  it("renders Synapse config, registration and secrets that agree, with private file modes, stable on re-run", () => {
    const dir = mkdtempSync(join(tmpdir(), "lotse-render-"));
    renderProductionConfig(dir, "beratung.example.org", "https://beratung.example.org/");
    const hs = JSON.parse(readFileSync(join(dir, "synapse/homeserver.yaml"), "utf8"));
    const reg = JSON.parse(readFileSync(join(dir, "synapse/appservice.yaml"), "utf8"));
    const env = Object.fromEntries(
      readFileSync(join(dir, ".env"), "utf8").trim().split("\n").map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    expect(hs.server_name).toBe("beratung.example.org");
    expect(hs.listeners[0].bind_addresses).toEqual(["0.0.0.0"]);
    expect(hs.database.args.password).toBe(env.POSTGRES_PASSWORD);
    expect(reg.as_token).toBe(env.LOTSE_AS_TOKEN);
    expect(reg.hs_token).toBe(env.LOTSE_HS_TOKEN);
    expect(reg.as_token).not.toBe(reg.hs_token);
    expect(statSync(join(dir, ".env")).mode & 0o077).toBe(0);
    renderProductionConfig(dir, "beratung.example.org", "https://beratung.example.org/");
    expect(JSON.parse(readFileSync(join(dir, "synapse/appservice.yaml"), "utf8")).as_token).toBe(reg.as_token);
  });
});
