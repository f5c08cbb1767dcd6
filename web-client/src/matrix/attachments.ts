// Documents and photos as Matrix encrypted attachments (issue 17; the spec's "Sending encrypted
// attachments"): the file is encrypted in the browser with AES-CTR (matrix-encrypt-attachment,
// WebCrypto), only the ciphertext is uploaded, and the key, IV and SHA-256 of the ciphertext
// travel in the `file` object of the message — which the room's Megolm session encrypts in turn,
// so the homeserver never holds the key. Photos are drawn onto a canvas and encoded again before
// that: what leaves the browser is pixels only, without EXIF (GPS position, camera serial, time),
// XMP, IPTC or comments. Part of the lazy chat chunk (loaded after sign-in).
import { decryptAttachment, encryptAttachment, type IEncryptedFile } from "matrix-encrypt-attachment";
import type { AttachmentInfo, AttachmentType } from "../domain/attachments.ts";

/** Longest edge of a re-encoded photo (a phone photo stays readable; memory stays bounded). */
const MAX_EDGE = 4096;
const JPEG_QUALITY = 0.9;

export type PreparedFile = { bytes: ArrayBuffer; width?: number; height?: number };

/**
 * Re-encodes a photo from its pixels: EXIF orientation applied (the picture stays upright once
 * the tag is gone), then a fresh JPEG or PNG with no metadata at all.
 */
export async function reencodeImage(file: Blob, type: "image/jpeg" | "image/png"): Promise<PreparedFile> {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  try {
    const scale = Math.min(1, MAX_EDGE / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const ctx = canvas.getContext("2d");
    if (ctx === null) throw new Error("no canvas");
    if (type === "image/jpeg") {
      // JPEG has no transparency: a white ground instead of black.
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, width, height);
    }
    ctx.drawImage(bitmap, 0, 0, width, height);
    const blob = await canvas.convertToBlob(type === "image/jpeg" ? { type, quality: JPEG_QUALITY } : { type });
    return { bytes: await blob.arrayBuffer(), width, height };
  } finally {
    bitmap.close();
  }
}

export async function prepareFile(file: Blob, type: AttachmentType): Promise<PreparedFile> {
  if (type === "application/pdf") return { bytes: await file.arrayBuffer() };
  return reencodeImage(file, type);
}

export async function encryptFile(bytes: ArrayBuffer): Promise<{ ciphertext: ArrayBuffer; info: IEncryptedFile }> {
  const { data, info } = await encryptAttachment(bytes);
  return { ciphertext: data, info };
}

export function decryptFile(ciphertext: ArrayBuffer, info: IEncryptedFile): Promise<ArrayBuffer> {
  return decryptAttachment(ciphertext, info);
}

/** Types the app renders or hands out as they are; anything else is a plain download. */
const SAFE_TYPES = new Set(["image/jpeg", "image/png", "application/pdf"]);

export function safeMimeType(declared: unknown): string {
  return typeof declared === "string" && SAFE_TYPES.has(declared) ? declared : "application/octet-stream";
}

/** What a received m.image / m.file says about its attachment (nothing for other messages). */
export function attachmentOf(content: Record<string, unknown>): AttachmentInfo | undefined {
  const msgtype = content["msgtype"];
  if (msgtype !== "m.image" && msgtype !== "m.file") return undefined;
  const file = content["file"] as { url?: unknown } | undefined;
  const url = file?.url ?? content["url"];
  if (typeof url !== "string" || !url.startsWith("mxc://")) return undefined;
  const info = (content["info"] ?? {}) as { mimetype?: unknown; size?: unknown };
  const mimeType = safeMimeType(info.mimetype ?? (file as { mimetype?: unknown } | undefined)?.mimetype);
  const name = typeof content["filename"] === "string" ? content["filename"] : typeof content["body"] === "string" ? content["body"] : "";
  return {
    // Shown inline only when it is a photo type the app renders.
    kind: msgtype === "m.image" && mimeType.startsWith("image/") ? "image" : "file",
    name: name.trim() === "" ? "file" : name,
    mimeType,
    ...(typeof info.size === "number" ? { size: info.size } : {}),
  };
}
