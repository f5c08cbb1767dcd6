// The handler map is complete by construction: `JobHandlers` has one member per kind of the
// catalogue, so a map that lacks one (or types a handler for the wrong payload) does not compile.
// The @ts-expect-error lines are the test: `tsc` (run by `npm test`) fails if they compile.
import type { JobKind } from "@lotse/store";
import { describe, expect, it } from "vitest";
import type { JobHandler, JobHandlers } from "../src/jobs/jobTypes.ts";

const noop = async () => ({});

describe("the job handler map", () => {
  it("must name a handler for every kind of the catalogue", () => {
    const complete = (): JobHandlers => {
      throw new Error("type-level only");
    };
    const { "case.create_room": _dropped, ...withoutOne } = { ...({} as JobHandlers) };
    // @ts-expect-error a map without "case.create_room" is not a JobHandlers
    const incomplete: JobHandlers = withoutOne;
    expect(typeof complete).toBe("function");
    expect(incomplete).toBeDefined();
  });

  it("types each handler's payload by its kind", () => {
    const takesCase: JobHandler<"case.sync_room"> = async ({ job }) => ({ caseId: job.payload.caseId });
    // @ts-expect-error a group job's payload has no caseId
    const wrong: JobHandler<"group.invite"> = async ({ job }) => ({ caseId: job.payload.caseId });
    const kind: JobKind = "case.sync_room";
    expect([takesCase, wrong, noop].every((f) => typeof f === "function")).toBe(true);
    expect(kind).toBe("case.sync_room");
  });
});
