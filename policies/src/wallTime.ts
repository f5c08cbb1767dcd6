// Wall-clock time in an IANA time zone, and back: what weekly group sessions and consultation-hour
// slots need to stay at the same local time across daylight saving time. Pure (Intl only).

const MINUTE = 60_000;

export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock time of an instant in a time zone. */
export function wallTimeIn(instant: Date, timeZone: string): WallTime {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    ms: instant.getUTCMilliseconds(),
  };
}

function offsetMs(instant: Date, timeZone: string): number {
  const w = wallTimeIn(instant, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - instant.getTime();
}

/**
 * The instant at which the clocks in `timeZone` show `w`. A wall time that does not exist (the
 * hour skipped when DST starts) resolves to the instant one hour later on the clock; an ambiguous
 * one (the hour repeated when DST ends) to its first, summer-time instant.
 */
export function instantOfWallTime(w: WallTime, timeZone: string): Date {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms);
  const DAY = 24 * 60 * MINUTE;
  const offsetBefore = offsetMs(new Date(asUtc - DAY), timeZone);
  const offsetAfter = offsetMs(new Date(asUtc + DAY), timeZone);
  // Candidates with the offsets valid around that day (DST changes at most once a day here);
  // the earliest that really shows the wall time wins (ambiguous hour: summer time).
  const candidates = [asUtc - offsetBefore, asUtc - offsetAfter].sort((a, b) => a - b);
  for (const c of candidates) {
    const back = wallTimeIn(new Date(c), timeZone);
    if (back.hour === w.hour && back.minute === w.minute && back.day === w.day) return new Date(c);
  }
  // A skipped wall time: read with the offset from before the change (one hour later on the clock).
  return new Date(asUtc - offsetBefore);
}

