// `!group create` reads its wall-clock start time in the platform policy's groups.timeZone
// (default Europe/Berlin).
import { describe, expect, it } from "vitest";
import { parseGroupCommand } from "../src/groups/groupCommandParse.ts";

function startOf(body: string, timeZone?: string): string | undefined {
  const r = parseGroupCommand(body, timeZone);
  return r?.ok && r.command.kind === "group_create" ? r.command.startsAt.toISOString() : undefined;
}

describe("!group create in the policy's time zone", () => {
  const cmd = "!group create 2030-01-15T18:00 60 10 once sucht Abendgruppe";
  it("default: Berlin wall time (UTC+1 in January)", () => {
    expect(startOf(cmd)).toBe("2030-01-15T17:00:00.000Z");
  });
  it("another zone from the policy: New York wall time (UTC-5 in January)", () => {
    expect(startOf(cmd, "America/New_York")).toBe("2030-01-15T23:00:00.000Z");
  });
});
