// Tests register the secrets they use (pseudonyms, passwords, e-mail addresses, tokens, message
// texts); at the end of the integration run every log of the run is scanned for them
// (scripts/src/logScan.ts, run by the global teardown). Only long random values: a short or
// common string (or a 5-digit number) would turn up in some log by chance.
import type { TestStackInfo } from "@lotse/scripts";
import { registerTestSecrets, type SecretKind } from "../../scripts/src/logScan.ts";

export type { SecretKind };

/** Registers values of one kind (default "token"); unfit values (short, digits only) throw. */
export function registerSecrets(stack: Pick<TestStackInfo, "dataDir">, values: readonly (string | undefined)[], kind: SecretKind = "token"): void {
  registerTestSecrets(
    stack.dataDir,
    values.filter((v): v is string => typeof v === "string").map((value) => ({ kind, value })),
  );
}
