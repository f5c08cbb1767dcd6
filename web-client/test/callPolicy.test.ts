// Who may ring the seeker (src/matrix/callPolicy.ts): only the counselor an open case is with;
// who may ask for a call (src/matrix/calls.ts): only the seeker of a case a counselor has taken.
import { describe, expect, it } from "vitest";
import { caseCounselor, mayRing } from "../src/matrix/callPolicy.ts";
import { MatrixCalls } from "../src/matrix/calls.ts";
import { CallRequestRefused } from "../src/domain/call.ts";

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

// The bad input "a seeker starting a call in a case nobody has taken": the app never starts
// a call; asking for one is refused with a typed reason, and nothing is sent. MatrixCalls runs on
// a stand-in for the two client methods it uses here (room state and event subscription): the rule
// under test is the app's own, not the SDK's.

function clientWith(rooms: Record<string, { marker?: unknown; status?: unknown }>) {
  return {
    on: () => {},
    off: () => {},
    getRoom: (id: string) => {
      const r = rooms[id];
      if (r === undefined) return null;
      const content = (c: unknown) => (c === undefined ? null : { getContent: () => c });
      return {
        currentState: {
          getStateEvents: (type: string) => content(type === "org.lotse.room" ? r.marker : type === "org.lotse.case_status" ? r.status : undefined),
        },
      };
    },
  };
}

describe("asking for a call", () => {
  const waiting = { caseNumber: 12, status: "new", counselor: null, absenceMessage: null };
  const rooms = {
    "!waiting:x": { marker: { kind: "case" }, status: waiting },
    "!taken:x": { marker: { kind: "case" }, status: taken },
    "!pool:x": { marker: { kind: "pool" }, status: taken },
  };

  it("is refused, typed, in a case nobody has taken, in a pool room and in an unknown room; nothing is sent", async () => {
    const sent: string[] = [];
    const calls = new MatrixCalls(clientWith(rooms) as never, { send: async (id) => void sent.push(id), flushUnsent: async () => true });
    for (const id of ["!waiting:x", "!pool:x", "!unknown:x"]) {
      expect(calls.canRequestCall(id)).toBe(false);
      const refused = await calls.requestCall(id, "Bitte anrufen").then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(CallRequestRefused);
      expect((refused as CallRequestRefused).reason).toBe("not_taken");
    }
    expect(sent).toEqual([]);
  });

  it("goes out once a counselor has the case; a failed send is typed too", async () => {
    const sent: string[] = [];
    const calls = new MatrixCalls(clientWith(rooms) as never, { send: async (id) => void sent.push(id), flushUnsent: async () => true });
    expect(calls.canRequestCall("!taken:x")).toBe(true);
    await calls.requestCall("!taken:x", "Bitte anrufen");
    expect(sent).toEqual(["!taken:x"]);
    const failing = new MatrixCalls(clientWith(rooms) as never, { send: async () => Promise.reject(new Error("403")), flushUnsent: async () => true });
    await expect(failing.requestCall("!taken:x", "Bitte anrufen")).rejects.toMatchObject({ name: "CallRequestRefused", reason: "not_ready" });
  });
});
