// Password hashing with argon2id (library defaults: m=64 MiB, t=3, p=4). Unknown users are
// verified against a dummy hash so that "no such user" and "wrong password" take about as long.
import { randomBytes } from "node:crypto";
import { argon2id, hash, verify } from "argon2";

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

export class PasswordHasher {
  #dummy: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hash(password, { type: argon2id });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, password);
    } catch {
      // A malformed stored hash never authenticates.
      return false;
    }
  }

  /** Spends the time of one verification and always fails. */
  async verifyDummy(password: string): Promise<false> {
    this.#dummy ??= this.hash(randomBytes(16).toString("hex"));
    await this.verify(await this.#dummy, password);
    return false;
  }
}
