// How many cases one seeker may open: a per-account limit on top of the per-IP rate limit (a
// seeker behind a shared or changing address is still one account; pools should not fill with one
// person's repeated enquiries). Pure: the API passes the times of the seeker's recent openings.

export type CaseOpeningLimit = {
  /** Cases one seeker may open within the window. */
  perSeeker: number;
  /** The window, in hours. */
  windowHours: number;
};

export const defaultCaseOpeningLimit: CaseOpeningLimit = { perSeeker: 5, windowHours: 24 };

/**
 * Seconds until the seeker may open another case (0 = now). `openedAt` are the creation times of
 * the seeker's cases (any order; older ones are ignored).
 */
export function caseOpeningRetryAfterSeconds(openedAt: readonly Date[], now: Date, limit: CaseOpeningLimit = defaultCaseOpeningLimit): number {
  const windowMs = limit.windowHours * 3_600_000;
  const recent = openedAt
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - windowMs && t <= now.getTime())
    .sort((a, b) => a - b);
  if (recent.length < limit.perSeeker) return 0;
  // The window frees a slot when the oldest opening that keeps the count at the limit leaves it.
  const freeing = recent[recent.length - limit.perSeeker]!;
  return Math.max(1, Math.ceil((freeing + windowMs - now.getTime()) / 1000));
}
