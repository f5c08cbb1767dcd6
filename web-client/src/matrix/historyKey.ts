// The key that protects a seeker's saved message history, derived on the device from the password.
// PBKDF2-SHA-512 (Web Crypto, native in every browser) over the password with the account's own
// chat user id as salt: deterministic per account, different for every account, and the password
// itself never leaves the device for this purpose.

export const HISTORY_KEY_ITERATIONS = 200_000;

export async function deriveHistoryKey(password: string, userId: string): Promise<Uint8Array<ArrayBuffer>> {
  const encoder = new TextEncoder();
  const material = await crypto.subtle.importKey("raw", encoder.encode(password.normalize("NFC")), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-512", salt: encoder.encode(`lotse.history.v1:${userId}`), iterations: HISTORY_KEY_ITERATIONS },
    material,
    256,
  );
  return new Uint8Array(bits);
}
