// The job catalogue decides, per stored row, whether a handler may run: unknown kinds and payloads
// that fail their kind's schema are refused with a reason that names the field, never its value.
import { describe, expect, it } from "vitest";
import { isJobKind, jobCatalogue, jobKinds, parseJob } from "../src/index.ts";

const caseId = "3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60";

describe("the job catalogue", () => {
  it("names every kind once, as <area>.<action>", () => {
    expect(new Set(jobKinds).size).toBe(jobKinds.length);
    for (const k of jobKinds) expect(k).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect(Object.keys(jobCatalogue)).toEqual(jobKinds);
    expect(isJobKind("case.create_room")).toBe(true);
    expect(isJobKind("toString")).toBe(false);
  });

  it("accepts a payload that matches its kind's schema", () => {
    const r = parseJob("case.pool_notice", { caseId, reason: "released" });
    expect(r).toEqual({ ok: true, job: { kind: "case.pool_notice", payload: { caseId, reason: "released" } } });
    expect(parseJob("moderation.ensure_policy_room", {}).ok).toBe(true);
    expect(parseJob("group.apply_phase", { groupId: caseId, endedAt: null }).ok).toBe(true);
  });

  it("refuses an unknown kind", () => {
    const r = parseJob("case.teleport", { caseId });
    expect(r).toEqual({ ok: false, reason: 'unknown room job kind "case.teleport"' });
  });

  it("refuses a payload that fails its schema, naming the field but not the value", () => {
    const secret = "not-a-uuid-but-a-secret";
    const bad = parseJob("case.create_room", { caseId: secret });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.reason).toContain("case.create_room");
    expect(bad.reason).toContain("/caseId");
    expect(bad.reason).not.toContain(secret);
    expect(parseJob("case.reminder_notice", { caseId, hours: "24" }).ok).toBe(false);
    expect(parseJob("moderation.flood", { roomId: "!r:x", userId: "@u:x", count: 3, action: "explode" }).ok).toBe(false);
    expect(parseJob("room.send_notice", { roomId: "!r:x", body: "" }).ok).toBe(false);
    expect(parseJob("case.create_room", null).ok).toBe(false);
  });
});
