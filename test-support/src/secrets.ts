// Tests register the secrets they use (pseudonyms, passwords, e-mail addresses, tokens, message
// texts); at the end of the integration run every log of the run is scanned for them
// (scripts/src/logScan.ts, run by the global teardown). Only long random values: a short or
// common string (or a 5-digit number) would turn up in some log by chance.
import { pseudonymKey } from "@lotse/policies";
import type { TestStackInfo } from "@lotse/scripts";
import { registerTestSecrets, unfitSecret, type SecretKind } from "@lotse/scripts/logScan";

export type { SecretKind };

/**
 * Registers values of one kind (default "token"); unfit values (short, digits only) throw. A
 * pseudonym is registered with its folded key too (what the database stores and would name in an
 * error message), when that is long enough.
 */
export function registerSecrets(stack: Pick<TestStackInfo, "dataDir">, values: readonly (string | undefined)[], kind: SecretKind = "token"): void {
  const list = values.filter((v): v is string => typeof v === "string");
  const extra = kind === "pseudonym" ? list.map((v) => pseudonymKey(v)).filter((k) => !list.includes(k) && unfitSecret(k) === undefined) : [];
  registerTestSecrets(
    stack.dataDir,
    [...list, ...extra].map((value) => ({ kind, value })),
  );
}
