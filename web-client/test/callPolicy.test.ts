// Who may ring the seeker (src/matrix/callPolicy.ts): only the counselor an open case is with.
import { describe, expect, it } from "vitest";
import { caseCounselor, mayRing } from "../src/matrix/callPolicy.ts";

const anna = "@anna:lotse.example";
const taken = { caseNumber: 12, status: "in_progress", counselor: { userId: anna, displayName: "Anna" }, absenceMessage: null };

describe("who may ring the seeker", () => {
  it("the counselor who has the open case", () => {
    expect(caseCounselor({ kind: "case", caseId: "c1" }, taken)).toBe(anna);
    expect(mayRing({ kind: "case" }, taken, anna)).toBe(true);
  });

  it("nobody while the case waits in the pool — pool counselors neither", () => {
    const waiting = { caseNumber: 12, status: "new", counselor: null, absenceMessage: null };
    expect(caseCounselor({ kind: "case" }, waiting)).toBeNull();
    expect(mayRing({ kind: "case" }, waiting, anna)).toBe(false);
  });

  it("nobody once the case is closed or archived", () => {
    for (const status of ["closed", "archived"]) expect(mayRing({ kind: "case" }, { ...taken, status }, anna)).toBe(false);
  });

  it("nobody else in a taken case, and nobody in groups, private words or unmarked rooms", () => {
    expect(mayRing({ kind: "case" }, taken, "@bert:lotse.example")).toBe(false);
    expect(mayRing({ kind: "case" }, taken, undefined)).toBe(false);
    for (const kind of ["group", "whisper", "pool", undefined]) expect(mayRing({ kind }, taken, anna)).toBe(false);
    expect(mayRing(undefined, taken, anna)).toBe(false);
    expect(mayRing({ kind: "case" }, undefined, anna)).toBe(false);
  });

  it("state that is not what the bot writes counts as no counselor", () => {
    for (const status of [null, [], "in_progress", { status: "in_progress" }, { status: "in_progress", counselor: { userId: 7 } }, { status: "in_progress", counselor: { userId: "" } }]) {
      expect(caseCounselor({ kind: "case" }, status)).toBeNull();
    }
  });
});
