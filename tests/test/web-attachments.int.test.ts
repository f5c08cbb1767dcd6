// Documents and photos in a case conversation (issue 17), for real: the seeker's built app in
// Chromium at 320 px against the real platform, and a counselor's matrix-js-sdk client with its
// Rust crypto (Node). In order:
//   1. a file over the policy's size and a file of a type the policy does not allow are refused in
//      plain words before anything is uploaded (no request to the homeserver's media API);
//   2. a photo carrying an APP1 Exif segment with a GPS position and a camera serial (made in the
//      test) is attached: the counselor's client receives an encrypted `m.image` whose `file` names
//      key, IV and hash, downloads the ciphertext, decrypts it — a JPEG without any APP1 segment and
//      without the position or the serial; the seeker sees the photo inline;
//   3. a PDF round-trips byte for byte;
//   4. the counselor sends a photo and a PDF the same way: the seeker sees the photo decrypted and
//      downloads the PDF decrypted, byte for byte;
//   5. Synapse's media store and database hold only ciphertext: no JPEG or PDF magic bytes in the
//      stored files, no upload name, a neutral content type, no file key in any event;
// and every screen has no protocol words, zero axe violations and no sideways scrolling.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixClient, MatrixEvent } from "matrix-js-sdk";
import type { Page } from "playwright-core";
import { decryptAttachment, encryptAttachment, type IEncryptedFile } from "matrix-encrypt-attachment";
import { seedDemo, type DemoAccounts } from "@lotse/scripts";
import { passwordLogin, randomLetters, registerSecrets, startE2eeClient, stopClient, until, waitForDecryptedText } from "@lotse/test-support";
import { checkScreen, joinCaseRoom, openBrowser, startWebPlatform, type Walk, type WebPlatform } from "../src/web.ts";

const stack = inject("lotseStack");
const LONG = 120_000;

/** A JPEG's segments before the image data: [marker, payload]. */
function jpegSegments(bytes: Uint8Array): { marker: number; payload: Buffer }[] {
  const b = Buffer.from(bytes);
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new Error("not a JPEG");
  const out: { marker: number; payload: Buffer }[] = [];
  let i = 2;
  while (i + 4 <= b.length && b[i] === 0xff) {
    const marker = b[i + 1]!;
    if (marker === 0xda) break; // start of scan: image data follows
    const length = b.readUInt16BE(i + 2);
    out.push({ marker, payload: b.subarray(i + 4, i + 2 + length) });
    i += 2 + length;
  }
  return out;
}

/**
 * An APP1 Exif segment (big-endian TIFF): IFD0 with Make = `make` and a GPS IFD pointer; the GPS
 * IFD with latitude N 50° 56′ 0″ (Köln).
 */
function exifSegment(make: string): Buffer {
  const makeBytes = Buffer.from(`${make}\0`, "latin1");
  const ifd0 = 8;
  const ifd0Size = 2 + 2 * 12 + 4;
  const makeAt = ifd0 + ifd0Size;
  const gpsAt = makeAt + makeBytes.length + (makeBytes.length % 2);
  const gpsSize = 2 + 2 * 12 + 4;
  const rationalsAt = gpsAt + gpsSize;
  const tiff = Buffer.alloc(rationalsAt + 24);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(ifd0, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number | Buffer) => {
    tiff.writeUInt16BE(tag, at);
    tiff.writeUInt16BE(type, at + 2);
    tiff.writeUInt32BE(count, at + 4);
    if (typeof value === "number") tiff.writeUInt32BE(value, at + 8);
    else value.copy(tiff, at + 8);
  };
  tiff.writeUInt16BE(2, ifd0);
  entry(ifd0 + 2, 0x010f, 2, makeBytes.length, makeAt); // Make (ASCII, offset)
  entry(ifd0 + 14, 0x8825, 4, 1, gpsAt); // GPSInfo IFD pointer
  tiff.writeUInt32BE(0, ifd0 + 26);
  makeBytes.copy(tiff, makeAt);
  tiff.writeUInt16BE(2, gpsAt);
  entry(gpsAt + 2, 0x0001, 2, 2, Buffer.from("N\0\0\0", "latin1")); // GPSLatitudeRef
  entry(gpsAt + 14, 0x0002, 5, 3, rationalsAt); // GPSLatitude (3 rationals)
  tiff.writeUInt32BE(0, gpsAt + 26);
  [50, 1, 56, 1, 0, 1].forEach((v, i) => tiff.writeUInt32BE(v, rationalsAt + 4 * i));
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** A small PDF with a marker in it (valid enough for a viewer; the test compares bytes). */
function pdfWith(text: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
    "latin1",
  );
}

/** A decrypted `m.image` / `m.file` in the counselor's timeline whose name matches. */
async function waitForAttachment(client: MatrixClient, roomId: string, msgtype: string): Promise<MatrixEvent> {
  return until(
    `an encrypted ${msgtype} for the counselor`,
    async () => {
      for (const ev of client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? []) {
        if (ev.isEncrypted()) await client.decryptEventIfNeeded(ev);
        if (ev.getType() === "m.room.message" && ev.getContent().msgtype === msgtype) return ev;
      }
      return undefined;
    },
    LONG,
  );
}

/** Downloads media with the token in the header (authenticated media), as a client does. */
async function download(session: { accessToken: string }, mxc: string): Promise<ArrayBuffer> {
  const [server, mediaId] = mxc.replace(/^mxc:\/\//u, "").split("/");
  const res = await fetch(`${stack.homeserverUrl}/_matrix/client/v1/media/download/${server}/${mediaId}`, {
    headers: { authorization: `Bearer ${session.accessToken}` },
  });
  expect(res.status).toBe(200);
  return res.arrayBuffer();
}

/** Where Synapse keeps a local upload (its media store's layout: local_content/ab/cd/efgh…). */
function storedFile(mxc: string): Buffer {
  const mediaId = mxc.split("/").pop()!;
  return readFileSync(join(stack.dataDir, "synapse", "media_store", "local_content", mediaId.slice(0, 2), mediaId.slice(2, 4), mediaId.slice(4)));
}

const MAGIC = { jpeg: Buffer.from([0xff, 0xd8, 0xff]), png: Buffer.from([0x89, 0x50, 0x4e, 0x47]), pdf: Buffer.from("%PDF", "latin1") };

describe("documents and photos in a case conversation, in Chromium", () => {
  let platform: WebPlatform;
  let demo: DemoAccounts;
  let agency: DemoAccounts["agencies"][number];
  let counselor: MatrixClient;
  let counselorSession: { accessToken: string };
  let page: Page;
  let roomId = "";
  const walk: Walk = { screens: [], problems: [] };
  const closers: (() => Promise<void>)[] = [];
  const mediaRequests: string[] = [];
  const allRequests: string[] = [];
  const uploads: string[] = [];
  const errors: string[] = [];
  const sql = postgres(stack.databaseUrl, { max: 1, onnotice: () => {} });
  const synapseSql = postgres(stack.synapseDatabaseUrl, { max: 1, onnotice: () => {} });

  const pseudonym = `Akte ${randomLetters(10)}`;
  const password = `ein Passwort für Dateien ${randomLetters(8)}`;
  const enquiry = `Ich habe einen Brief vom Amt bekommen ${randomUUID()}`;
  const serial = `LotseCam SN-${randomLetters(12)}`;
  const pdfMarker = `Bescheid ${randomUUID()}`;
  const counselorPdfMarker = `Antrag ${randomUUID()}`;
  const pdfBytes = pdfWith(pdfMarker);
  const keys: string[] = [];

  beforeAll(async () => {
    registerSecrets(stack, [pseudonym], "pseudonym");
    registerSecrets(stack, [password], "password");
    registerSecrets(stack, [enquiry, pdfMarker, counselorPdfMarker], "message");
    demo = await seedDemo(stack);
    platform = await startWebPlatform(stack);
    agency = demo.agencies[0]!;
    const c = demo.counselors.find((x) => x.agencyId === agency.id)!;
    const session = await passwordLogin(stack.homeserverUrl, c.userId, c.password);
    counselorSession = session;
    counselor = await startE2eeClient(session);
    const browser = await openBrowser({ width: 320 });
    closers.push(browser.close);
    page = browser.page;
    page.on("request", (r) => allRequests.push(r.url()));
    page.on("request", (r) => {
      if (r.url().includes("/_matrix/media/") || r.url().includes("/media/v3/upload")) mediaRequests.push(`${r.method()} ${r.url()}`);
    });
    page.on("response", async (r) => {
      if (r.url().includes("/media/v3/upload") && r.ok()) uploads.push(String(((await r.json()) as { content_uri?: string }).content_uri));
    });
    page.on("console", (m) => {
      if (/Content Security Policy/iu.test(m.text())) errors.push(m.text());
    });

  }, 300_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => {});
    if (counselor) await stopClient(counselor);
    await platform?.stop();
    await sql.end();
    await synapseSql.end();
  });

  it("0: registers and writes the enquiry; the counselor's client reads it", { timeout: 240_000 }, async () => {
    await page.goto(platform.webUrl);
    await page.getByRole("button", { name: "Beratung finden" }).click();
    await page.getByLabel("Thema").selectOption(agency.topicIds[0]!);
    await page.getByLabel("Postleitzahl").fill(agency.samplePostcode);
    await page.getByRole("button", { name: "Beratungsstellen finden" }).click();
    await page.locator("li.agency", { hasText: agency.name }).getByRole("button", { name: "Auswählen" }).click();
    await page.getByLabel("Ihr Name hier (Fantasiename)").fill(pseudonym);
    await page.getByLabel("Passwort", { exact: true }).fill(password);
    await page.getByLabel(/Ich bin einverstanden/u).check();
    // Nothing of attachments (nor the chat engine) was downloaded before signing in.
    expect(allRequests.filter((u) => /Attachments-|engine-/u.test(u))).toEqual([]);
    expect(allRequests.some((u) => /\/assets\/index-/u.test(u))).toBe(true);
    await page.getByRole("button", { name: "Zugang anlegen und weiter" }).click();
    const composer = page.getByLabel("Ihre Anfrage", { exact: true });
    await expect.poll(() => composer.isEnabled(), { timeout: LONG }).toBe(true);
    await composer.fill(enquiry);
    await page.getByRole("button", { name: "Anfrage senden" }).click();
    await page.locator(".message--mine", { hasText: enquiry }).getByText("gesendet", { exact: false }).waitFor({ timeout: LONG });
    roomId = await until("the case's conversation", async () => {
      const rows = await sql<{ room_id: string | null }[]>`
        select c.room_id from cases c join seekers s on s.id = c.seeker_id where s.username = ${pseudonym}`;
      return rows[0]?.room_id ?? undefined;
    });
    await joinCaseRoom(counselor, roomId);
    await waitForDecryptedText(counselor, roomId, (b) => b === enquiry, LONG);
  });

  it("1: refuses a too-large file and a wrong type in words, before any upload", { timeout: LONG }, async () => {
    const button = page.getByRole("button", { name: "Foto oder Dokument anhängen" });
    await button.waitFor({ timeout: LONG });
    await expect.poll(() => button.isEnabled(), { timeout: LONG }).toBe(true);
    await expect.poll(() => page.locator("#attach-hint").textContent()).toContain("JPEG, PNG, PDF bis 10 MB");
    await checkScreen(page, walk, "attach-offered", { prefix: "attach-" });

    // 10 MB and one byte: a PDF by its first bytes, refused for its size.
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 0x20);
    big.write("%PDF-1.4\n", 0, "latin1");
    await page.locator("#field-attachment").setInputFiles({ name: "gross.pdf", mimeType: "application/pdf", buffer: big });
    await page.getByRole("alert").filter({ hasText: "Diese Datei ist zu groß. Eine Datei darf höchstens 10 MB groß sein." }).waitFor();
    await checkScreen(page, walk, "attach-too-large", { prefix: "attach-" });

    // A web page named like a photo: its bytes say what it is.
    await page.locator("#field-attachment").setInputFiles({ name: "foto.jpg", mimeType: "image/jpeg", buffer: Buffer.from("<html><body>hallo</body></html>") });
    await page.getByRole("alert").filter({ hasText: "Diese Datei kann nicht gesendet werden. Möglich sind nur JPEG, PNG, PDF." }).waitFor();

    expect(mediaRequests).toEqual([]);
  });

  it("2: a photo with GPS Exif reaches the counselor encrypted, and decrypted it carries no metadata", { timeout: LONG * 2 }, async () => {
    // A real JPEG from the browser's encoder, then an Exif segment put in after its start marker.
    const base64 = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(96, 64);
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "#2a7";
      ctx.fillRect(0, 0, 96, 64);
      ctx.fillStyle = "#c33";
      ctx.fillRect(20, 10, 40, 30);
      const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.9 });
      const bytes = new Uint8Array(await blob.arrayBuffer());
      let s = "";
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    });
    const plain = Buffer.from(base64, "base64");
    const photo = Buffer.concat([plain.subarray(0, 2), exifSegment(serial), plain.subarray(2)]);
    // The photo as chosen does carry the position and the serial (so the check below can fail).
    expect(jpegSegments(photo).some((s) => s.marker === 0xe1 && s.payload.subarray(0, 4).toString("latin1") === "Exif")).toBe(true);
    expect(photo.includes(Buffer.from(serial, "latin1"))).toBe(true);

    await page.locator("#field-attachment").setInputFiles({ name: "IMG_20261204_101500.jpg", mimeType: "image/jpeg", buffer: photo });
    // The seeker sees the photo in the conversation, decrypted in the page.
    const own = page.locator(".message--mine img.attachment__image");
    await own.waitFor({ timeout: LONG });
    await expect.poll(() => own.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: LONG }).toBe(96);

    const ev = await waitForAttachment(counselor, roomId, "m.image");
    expect(ev.getWireType()).toBe("m.room.encrypted");
    const content = ev.getContent() as { body: string; url?: string; file: IEncryptedFile & { url: string }; info: { mimetype: string; w: number; h: number } };
    expect(content.url).toBeUndefined();
    expect(content.file).toMatchObject({ v: "v2", key: { alg: "A256CTR", kty: "oct" } });
    expect(content.file.hashes?.sha256).toBeTruthy();
    expect(content.info).toMatchObject({ mimetype: "image/jpeg", w: 96, h: 64 });
    // The camera's name (with the date in it) stays behind too.
    expect(content.body).not.toContain("2026");
    keys.push(content.file.key.k);

    const ciphertext = await download(counselorSession, content.file.url);
    expect(Buffer.from(ciphertext).subarray(0, 3).equals(MAGIC.jpeg)).toBe(false);
    const decrypted = new Uint8Array(await decryptAttachment(ciphertext, content.file));
    const segments = jpegSegments(decrypted);
    expect(segments.filter((s) => s.marker === 0xe1)).toEqual([]); // no APP1 (Exif, XMP)
    expect(segments.filter((s) => s.marker === 0xed)).toEqual([]); // no APP13 (IPTC)
    expect(segments.filter((s) => s.marker === 0xfe)).toEqual([]); // no comment
    const asText = Buffer.from(decrypted).toString("latin1");
    expect(asText).not.toContain("Exif");
    expect(asText).not.toContain(serial);
    expect(asText).not.toContain("SN-");
    await checkScreen(page, walk, "attach-photo-sent", { prefix: "attach-" });
  });

  it("3: a PDF round-trips byte for byte", { timeout: LONG * 2 }, async () => {
    await page.locator("#field-attachment").setInputFiles({ name: "Bescheid.pdf", mimeType: "application/pdf", buffer: pdfBytes });
    await page.locator(".message--mine").getByRole("button", { name: "Bescheid.pdf herunterladen" }).waitFor({ timeout: LONG });
    const ev = await waitForAttachment(counselor, roomId, "m.file");
    expect(ev.getWireType()).toBe("m.room.encrypted");
    const content = ev.getContent() as { body: string; file: IEncryptedFile & { url: string }; info: { mimetype: string; size: number } };
    expect(content.body).toBe("Bescheid.pdf");
    expect(content.info).toMatchObject({ mimetype: "application/pdf", size: pdfBytes.length });
    keys.push(content.file.key.k);
    const decrypted = Buffer.from(await decryptAttachment(await download(counselorSession, content.file.url), content.file));
    expect(decrypted.equals(pdfBytes)).toBe(true);

    // The seeker's own download decrypts to the same bytes.
    const [file] = await Promise.all([
      page.waitForEvent("download"),
      page.locator(".message--mine").getByRole("button", { name: "Bescheid.pdf herunterladen" }).click(),
    ]);
    expect(file.suggestedFilename()).toBe("Bescheid.pdf");
    expect(readFileSync((await file.path())!).equals(pdfBytes)).toBe(true);
  });

  it("4: the counselor's photo and PDF show decrypted in the seeker's app", { timeout: LONG * 2 }, async () => {
    const png = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(40, 30);
      const ctx = canvas.getContext("2d")!;
      ctx.fillStyle = "#357";
      ctx.fillRect(0, 0, 40, 30);
      const bytes = new Uint8Array(await (await canvas.convertToBlob({ type: "image/png" })).arrayBuffer());
      let s = "";
      for (const b of bytes) s += String.fromCharCode(b);
      return btoa(s);
    });
    const counselorPdf = pdfWith(counselorPdfMarker);
    const send = async (bytes: Buffer, msgtype: string, name: string, mimetype: string) => {
      const { data, info } = await encryptAttachment(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      const uploaded = await counselor.uploadContent(new Blob([data]), { type: "application/octet-stream", includeFilename: false });
      uploads.push(uploaded.content_uri);
      keys.push(info.key.k);
      await counselor.sendMessage(roomId, { msgtype, body: name, file: { ...info, url: uploaded.content_uri, mimetype }, info: { mimetype, size: bytes.length } } as never);
    };
    await send(Buffer.from(png, "base64"), "m.image", "skizze.png", "image/png");
    await send(counselorPdf, "m.file", "Antrag.pdf", "application/pdf");

    const theirs = page.locator(".message:not(.message--mine) img.attachment__image");
    await theirs.waitFor({ timeout: LONG });
    await expect.poll(() => theirs.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth), { timeout: LONG }).toBe(40);
    const button = page.locator(".message:not(.message--mine)").getByRole("button", { name: "Antrag.pdf herunterladen" });
    await button.waitFor({ timeout: LONG });
    const [file] = await Promise.all([page.waitForEvent("download"), button.click()]);
    expect(readFileSync((await file.path())!).equals(counselorPdf)).toBe(true);
    await checkScreen(page, walk, "attach-received", { prefix: "attach-" });
  });

  it("5: Synapse's media store and database hold only ciphertext", { timeout: LONG }, async () => {
    expect(uploads.length).toBe(4);
    for (const mxc of uploads) {
      const stored = storedFile(mxc);
      expect(stored.length).toBeGreaterThan(0);
      for (const magic of Object.values(MAGIC)) expect(stored.subarray(0, magic.length).equals(magic), mxc).toBe(false);
      const text = stored.toString("latin1");
      for (const marker of ["%PDF", "Exif", "JFIF", "IHDR", pdfMarker, counselorPdfMarker, serial]) expect(text.includes(marker), `${mxc}: ${marker}`).toBe(false);
      const mediaId = mxc.split("/").pop()!;
      const [row] = await synapseSql<{ media_type: string; upload_name: string | null }[]>`
        select media_type, upload_name from local_media_repository where media_id = ${mediaId}`;
      expect(row).toEqual({ media_type: "application/octet-stream", upload_name: null });
    }
    // No thumbnails were made of ciphertext, and no event holds a file's key or a plaintext file event.
    const plaintext = await synapseSql<{ n: number }[]>`
      select count(*)::int as n from events where room_id = ${roomId} and type = 'm.room.message'`;
    expect(plaintext[0]?.n).toBe(0);
    for (const k of keys) {
      const hits = await synapseSql<{ n: number }[]>`select count(*)::int as n from event_json where json like ${`%${k}%`}`;
      expect(hits[0]?.n, "a file key in Synapse's database").toBe(0);
    }
    expect(errors).toEqual([]);
    expect(walk.problems).toEqual([]);
  });
});
