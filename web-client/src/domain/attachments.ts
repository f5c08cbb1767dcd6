// Documents and photos in a conversation (issue 17), as the app decides about them before
// anything leaves the browser: which type a file really is (its first bytes, not its name), and
// whether the platform policy lets the seeker send it here. Pure; the encryption and upload live in
// src/matrix/attachments.ts (the lazy chat chunk), the policy comes from GET /v1/attachments/policy.

export type AttachmentType = "image/jpeg" | "image/png" | "application/pdf";

/** The platform policy's `media` section as the app needs it. */
export type AttachmentPolicy = {
  allowedTypes: string[];
  maxFileBytes: number;
  /** Conversations that take files: "case", "group", "whisper". */
  roomKinds: string[];
};

export type AttachmentRoomKind = "case" | "group" | "whisper";

/** An attachment in a message: what the view shows before (and without) opening it. */
export type AttachmentInfo = {
  kind: "image" | "file";
  name: string;
  mimeType: string;
  /** Bytes of the (decrypted) file, when the sender said. */
  size?: number;
};

export type AttachmentRefusal =
  | { reason: "type" }
  | { reason: "size"; maxBytes: number }
  | { reason: "empty" }
  | { reason: "not_here" };

/** The file's type from its first bytes (a renamed file is what its content is). */
export function sniffType(head: Uint8Array): AttachmentType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
  return null;
}

/** May the seeker attach files in this kind of conversation at all (the button is shown)? */
export function attachmentsAllowedIn(policy: AttachmentPolicy | null, kind: AttachmentRoomKind): boolean {
  return policy !== null && policy.allowedTypes.length > 0 && policy.roomKinds.includes(kind);
}

/**
 * The decision before any upload: refused with a reason, or the file's real type. `size` is the
 * file's size as chosen; images are checked again after re-encoding (matrix/attachments.ts).
 */
export function checkAttachment(
  file: { size: number; head: Uint8Array },
  policy: AttachmentPolicy,
  kind: AttachmentRoomKind,
): { ok: true; type: AttachmentType } | ({ ok: false } & AttachmentRefusal) {
  if (!attachmentsAllowedIn(policy, kind)) return { ok: false, reason: "not_here" };
  if (file.size === 0) return { ok: false, reason: "empty" };
  const type = sniffType(file.head);
  if (type === null || !policy.allowedTypes.includes(type)) return { ok: false, reason: "type" };
  if (file.size > policy.maxFileBytes) return { ok: false, reason: "size", maxBytes: policy.maxFileBytes };
  return { ok: true, type };
}

/** "10 MB", "512 KB" — a size in words for the refusal (decimal units, as file managers show them). */
export function formatBytes(bytes: number, locale: string): string {
  const number = (n: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(n);
  if (bytes >= 1024 * 1024) return `${number(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${number(bytes / 1024)} KB`;
  return `${bytes} B`;
}

/** The file types of the policy in plain words for the hint ("JPEG, PNG, PDF"). */
export function typeNames(types: string[]): string {
  const names: Record<string, string> = { "image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF" };
  return types.map((t) => names[t] ?? t).join(", ");
}
