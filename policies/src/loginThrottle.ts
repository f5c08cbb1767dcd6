// Slow-down after failed sign-ins for one pseudonym: the first `freeFailures` failures cost
// nothing, then every further failure locks the pseudonym for an exponentially growing delay
// (base · 2^(n − freeFailures − 1), at most `maxDelaySeconds`). A success resets the count; a
// count whose last failure is older than `resetAfterSeconds` starts again at one. The same rule
// holds for pseudonyms that do not exist, so a lock reveals nothing about an account.

export type LoginThrottlePolicy = {
  freeFailures: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
  resetAfterSeconds: number;
};

export const defaultLoginThrottlePolicy: LoginThrottlePolicy = {
  freeFailures: 5,
  baseDelaySeconds: 30,
  maxDelaySeconds: 15 * 60,
  resetAfterSeconds: 24 * 3600,
};

/** Seconds the pseudonym is locked after its `failures`-th consecutive failure (0 = not locked). */
export function loginLockSeconds(failures: number, policy: LoginThrottlePolicy = defaultLoginThrottlePolicy): number {
  if (!Number.isFinite(failures) || failures <= policy.freeFailures) return 0;
  const exponent = Math.min(failures - policy.freeFailures - 1, 30);
  return Math.min(policy.baseDelaySeconds * 2 ** exponent, policy.maxDelaySeconds);
}
