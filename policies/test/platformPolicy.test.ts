import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  defaultPlatformPolicy,
  loadPlatformPolicy,
  parsePolicyText,
  PolicyConfigError,
  resolvePlatformPolicy,
} from "../src/platformPolicy.ts";
import { policyTable, readmeWithPolicyTable } from "../src/policyReadme.ts";

describe("policy file", () => {
  it("without a file: the defaults", () => {
    expect(loadPlatformPolicy({})).toEqual(defaultPlatformPolicy);
  });

  it("merges a valid override over the defaults, key by key", () => {
    const r = parsePolicyText("flood:\n  eventsPerMinute: 5\n  action: notify\nmoderation:\n  immuneUsers: ['@ops:example.org']\n");
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.flood.eventsPerMinute).toBe(5);
    expect(r.policy.flood.action).toBe("notify");
    expect(r.policy.flood.muteMinutes).toBe(defaultPlatformPolicy.flood.muteMinutes);
    expect(r.policy.moderation).toEqual({ moderatorLevel: 50, immuneUsers: ["@ops:example.org"] });
    expect(r.policy.mute).toEqual(defaultPlatformPolicy.mute);
  });

  it("reads JSON files strictly and YAML otherwise", () => {
    expect(parsePolicyText('{"mute": {"defaultMinutes": 3}}', "p.json")).toMatchObject({ ok: true, policy: { mute: { defaultMinutes: 3 } } });
    expect(parsePolicyText("mute: {defaultMinutes: 3", "p.json")).toMatchObject({ ok: false });
    const bad = parsePolicyText("mute: [", "p.yaml");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0]).toMatch(/^\(file\): not valid YAML/);
  });

  it("rejects invalid values naming the key path", () => {
    const r = resolvePlatformPolicy({ flood: { eventsPerMinute: 0, action: "shout", roomKinds: ["case", "lobby"] }, mute: { maxMinutes: 600000 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain("flood.eventsPerMinute: must be ≥ 1");
    expect(r.errors).toContain("flood.action: must be one of mute, kick, notify");
    expect(r.errors.some((e) => e.startsWith("flood.roomKinds[1]: must be one of case, pool"))).toBe(true);
    expect(r.errors).toContain("mute.maxMinutes: must be ≤ 525600");
  });

  it("rejects unknown keys, wrong types and contradictions", () => {
    const r = resolvePlatformPolicy({ flod: {}, flood: { enabled: "yes", eventsPerMinut: 3 }, moderation: { immuneUsers: ["bob"] } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain("flod: unknown key");
    expect(r.errors).toContain("flood.eventsPerMinut: unknown key");
    expect(r.errors.some((e) => e.startsWith("flood.enabled: "))).toBe(true);
    expect(r.errors).toContain("moderation.immuneUsers[0]: must be a Matrix user id (@name:server)");
    expect(resolvePlatformPolicy({ mute: { defaultMinutes: 30, maxMinutes: 20 } })).toEqual({ ok: false, errors: ["mute.defaultMinutes: must be ≤ mute.maxMinutes"] });
    expect(resolvePlatformPolicy([1])).toMatchObject({ ok: false });
  });

  it("loadPlatformPolicy throws naming the file and every bad path", () => {
    const dir = mkdtempSync(join(tmpdir(), "lotse-policy-"));
    const file = join(dir, "policy.yaml");
    writeFileSync(file, "flood:\n  eventsPerMinute: 0\n");
    expect(() => loadPlatformPolicy({ LOTSE_POLICY_FILE: file })).toThrow(PolicyConfigError);
    expect(() => loadPlatformPolicy({ LOTSE_POLICY_FILE: file })).toThrow(/flood\.eventsPerMinute: must be ≥ 1/);
    expect(() => loadPlatformPolicy({ LOTSE_POLICY_FILE: join(dir, "missing.yaml") })).toThrow(/cannot be read \(ENOENT\)/);
    writeFileSync(file, "flood:\n  eventsPerMinute: 7\n");
    expect(loadPlatformPolicy({ LOTSE_POLICY_FILE: file }).flood.eventsPerMinute).toBe(7);
  });

  it("does not let an override change the defaults object", () => {
    resolvePlatformPolicy({ moderation: { immuneUsers: ["@a:b"] } });
    expect(defaultPlatformPolicy.moderation.immuneUsers).toEqual([]);
  });
});

describe("policies/README.md", () => {
  it("lists every policy with its default (regenerate: pnpm --filter @lotse/policies readme)", () => {
    const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
    expect(readmeWithPolicyTable(readme)).toBe(readme);
    for (const key of [
      "flood.eventsPerMinute",
      "flood.action",
      "mute.defaultMinutes",
      "moderation.moderatorLevel",
      "policyList.enabled",
      "groups.maxParticipants",
      "pseudonym.maxLength",
      "rooms.case.encryption",
      "rooms.group.powerLevels.expert",
      "rooms.policy_list.historyVisibility",
    ]) {
      expect(policyTable()).toContain(`| \`${key}\` |`);
    }
  });
});
