// Per-instance secrets, generated once with a CSPRNG and kept in var/<instance>/secrets.json
// (mode 0600). Never committed, never logged.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type StackSecrets = {
  asToken: string;
  hsToken: string;
  registrationSharedSecret: string;
  macaroonSecretKey: string;
  formSecret: string;
  jwtSecret: string;
  postgresPassword: string;
  /** coturn's `static-auth-secret`, shared with Synapse (`turn_shared_secret`). */
  turnSecret: string;
};

const keys: (keyof StackSecrets)[] = [
  "asToken",
  "hsToken",
  "registrationSharedSecret",
  "macaroonSecretKey",
  "formSecret",
  "jwtSecret",
  "postgresPassword",
  "turnSecret",
];

function token(): string {
  return randomBytes(32).toString("base64url");
}

export function loadOrCreateSecrets(dir: string): StackSecrets {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, "secrets.json");
  const existing: Partial<StackSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  let changed = false;
  const secrets = {} as StackSecrets;
  for (const k of keys) {
    const v = existing[k];
    if (typeof v === "string" && v.length > 0) secrets[k] = v;
    else {
      secrets[k] = token();
      changed = true;
    }
  }
  if (changed) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
