import { MatrixError } from "matrix-bot-sdk";
import { describe, expect, it } from "vitest";
import { classifyError, describeError, PermanentJobError } from "../src/jobs/jobErrors.ts";

const matrixError = (errcode: string, status: number, extra: Record<string, unknown> = {}) =>
  new MatrixError({ errcode, error: "some text", ...extra }, status);

describe("classifyError", () => {
  it("treats our own permanent errors as permanent", () => {
    expect(classifyError(new PermanentJobError("case not found"))).toEqual({ kind: "permanent", reason: "case not found" });
  });

  it("treats refusals by the homeserver as permanent", () => {
    expect(classifyError(matrixError("M_FORBIDDEN", 403)).kind).toBe("permanent");
    expect(classifyError(matrixError("M_BAD_JSON", 400)).kind).toBe("permanent");
    expect(classifyError(matrixError("M_UNSUPPORTED_ROOM_VERSION", 400)).kind).toBe("permanent");
    expect(classifyError(matrixError("M_NOT_FOUND", 404)).kind).toBe("permanent");
  });

  it("retries rate limits and keeps retry_after_ms", () => {
    expect(classifyError(matrixError("M_LIMIT_EXCEEDED", 429, { retry_after_ms: 1500 }))).toEqual({
      kind: "transient",
      retryAfterMs: 1500,
      reason: "M_LIMIT_EXCEEDED (HTTP 429)",
    });
    expect(classifyError(matrixError("M_LIMIT_EXCEEDED", 429))).toEqual({
      kind: "transient",
      reason: "M_LIMIT_EXCEEDED (HTTP 429)",
    });
  });

  it("retries server errors, with or without a Matrix body", () => {
    expect(classifyError(matrixError("M_UNKNOWN", 500)).kind).toBe("transient");
    expect(classifyError({ statusCode: 502, body: "<html>bad gateway</html>" })).toEqual({ kind: "transient", reason: "HTTP 502" });
    expect(classifyError({ statusCode: 404, body: "nope" })).toEqual({ kind: "permanent", reason: "HTTP 404" });
  });

  it("retries token problems: a misconfigured deployment must not burn jobs", () => {
    expect(classifyError(matrixError("M_UNKNOWN_TOKEN", 401)).kind).toBe("transient");
  });

  it("retries network failures and unknown errors", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8008"), { code: "ECONNREFUSED" });
    expect(classifyError(refused)).toEqual({ kind: "transient", reason: "ECONNREFUSED" });
    expect(classifyError(new Error("boom")).kind).toBe("transient");
    expect(classifyError("a string").kind).toBe("transient");
    expect(classifyError(undefined).kind).toBe("transient");
  });
});

describe("describeError", () => {
  it("keeps codes and the homeserver's short text, not whole bodies", () => {
    const text = describeError(matrixError("M_FORBIDDEN", 403));
    expect(text).toBe("permanent: M_FORBIDDEN (HTTP 403): some text");
    expect(describeError({ statusCode: 502, body: "<html>secret page</html>" })).toBe("transient: HTTP 502");
  });

  it("does not include arbitrary error messages (they may quote data)", () => {
    expect(describeError(new Error("row contains Pseudonym"))).toBe("transient: Error");
  });
});
