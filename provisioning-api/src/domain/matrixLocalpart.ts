// A seeker's Matrix localpart: the namespace prefix plus crypto-random characters. It is never
// derived from the pseudonym, so the Matrix ID reveals nothing about the person.
import { randomBytes } from "node:crypto";

/** Random part length in hex characters (12 bytes = 96 bits). */
export const LOCALPART_RANDOM_HEX_LENGTH = 24;

export function generateMatrixLocalpart(prefix: string, random: (n: number) => Buffer = randomBytes): string {
  return `${prefix}${random(LOCALPART_RANDOM_HEX_LENGTH / 2).toString("hex")}`;
}
