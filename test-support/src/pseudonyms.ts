// Test pseudonyms: random enough that no two runs (or two tests of one run) pick the same name.
import { randomBytes } from "node:crypto";

// No "p" and no "w": random letters could otherwise spell "http", "ftp" or "www", which the
// pseudonym rule refuses as a link (about one name in a thousand — a flaky registration).
const letters = "abcdefghijklmnoqrstuvxyz";

/** Random lowercase letters (pseudonyms allow only a few digits; never link-like). */
export function randomLetters(n: number): string {
  const bytes = randomBytes(n);
  return [...bytes].map((b) => letters[b % letters.length]).join("");
}

/** A fresh pseudonym like "Anna_qwertzui" that no other run uses. */
export function uniquePseudonym(first = "Anna"): string {
  return `${first}_${randomLetters(10)}`;
}
