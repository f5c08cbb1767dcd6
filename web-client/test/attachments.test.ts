import { describe, expect, it } from "vitest";
import { attachmentsAllowedIn, checkAttachment, formatBytes, sniffType, typeNames, type AttachmentPolicy } from "../src/domain/attachments.ts";

const policy: AttachmentPolicy = { allowedTypes: ["image/jpeg", "image/png", "application/pdf"], maxFileBytes: 10 * 1024 * 1024, roomKinds: ["case"] };
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0, 0]);
const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const pdf = new TextEncoder().encode("%PDF-1.7\n");
const html = new TextEncoder().encode("<html><script>");

describe("attachments: the app's checks before any upload", () => {
  it("knows a file by its first bytes, not its name", () => {
    expect(sniffType(jpeg)).toBe("image/jpeg");
    expect(sniffType(png)).toBe("image/png");
    expect(sniffType(pdf)).toBe("application/pdf");
    expect(sniffType(html)).toBeNull();
    expect(sniffType(new Uint8Array([0xff, 0xd8]))).toBeNull();
  });

  it("refuses a wrong type, a too-large and an empty file, and any file where the policy allows none", () => {
    expect(checkAttachment({ size: 1000, head: jpeg }, policy, "case")).toEqual({ ok: true, type: "image/jpeg" });
    expect(checkAttachment({ size: 1000, head: html }, policy, "case")).toEqual({ ok: false, reason: "type" });
    expect(checkAttachment({ size: 10 * 1024 * 1024 + 1, head: pdf }, policy, "case")).toEqual({ ok: false, reason: "size", maxBytes: 10 * 1024 * 1024 });
    expect(checkAttachment({ size: 10 * 1024 * 1024, head: pdf }, policy, "case")).toEqual({ ok: true, type: "application/pdf" });
    expect(checkAttachment({ size: 0, head: new Uint8Array() }, policy, "case")).toEqual({ ok: false, reason: "empty" });
    expect(checkAttachment({ size: 10, head: png }, policy, "group")).toEqual({ ok: false, reason: "not_here" });
    expect(checkAttachment({ size: 10, head: png }, { ...policy, allowedTypes: ["application/pdf"] }, "case")).toEqual({ ok: false, reason: "type" });
  });

  it("offers the button only where the policy allows files (default: case conversations, not groups)", () => {
    expect(attachmentsAllowedIn(policy, "case")).toBe(true);
    expect(attachmentsAllowedIn(policy, "group")).toBe(false);
    expect(attachmentsAllowedIn(policy, "whisper")).toBe(false);
    expect(attachmentsAllowedIn({ ...policy, allowedTypes: [] }, "case")).toBe(false);
    expect(attachmentsAllowedIn(null, "case")).toBe(false);
  });

  it("says sizes and types in plain words", () => {
    expect(formatBytes(10 * 1024 * 1024, "de-DE")).toBe("10 MB");
    expect(formatBytes(1536 * 1024, "de-DE")).toBe("1,5 MB");
    expect(formatBytes(2048, "en")).toBe("2 KB");
    expect(typeNames(policy.allowedTypes)).toBe("JPEG, PNG, PDF");
  });
});
