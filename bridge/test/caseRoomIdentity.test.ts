import { describe, expect, it } from "vitest";
import { caseRoomAlias, caseRoomAliasLocalpart, isCaseId } from "../src/matrix/caseRoomIdentity.ts";

const caseId = "3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f60";

describe("case room identity", () => {
  it("derives a stable alias inside the appservice namespace", () => {
    const a = caseRoomAliasLocalpart(caseId);
    expect(a).toMatch(/^lotse_case_[0-9a-f]{32}$/);
    expect(caseRoomAliasLocalpart(caseId)).toBe(a);
    expect(caseRoomAliasLocalpart(caseId.toUpperCase())).toBe(a);
    expect(caseRoomAlias(caseId, "example.org")).toBe(`#${a}:example.org`);
    expect(caseRoomAlias(caseId, "example.org")).toMatch(/^#lotse_.*:example\.org$/);
  });

  it("does not expose the case id in the alias", () => {
    expect(caseRoomAliasLocalpart(caseId)).not.toContain(caseId.slice(0, 8));
  });

  it("gives different cases different aliases", () => {
    expect(caseRoomAliasLocalpart(caseId)).not.toBe(caseRoomAliasLocalpart("3f2b8c1e-9d4a-4e6b-8a7c-1b2c3d4e5f61"));
  });

  it("recognises case ids", () => {
    expect(isCaseId(caseId)).toBe(true);
    expect(isCaseId("nope")).toBe(false);
    expect(isCaseId(42)).toBe(false);
  });
});
