/**
 * The small HTTP and waiting helpers every bench script uses (one copy instead of one per script).
 * `http` never throws on a status: the caller reads `status` (a client's view); a body that is not
 * JSON comes back as its text. `until` observes a state (a row, an answer, a health check) and
 * returns the first value the probe gives that is not `undefined`/`false`; a probe that throws
 * counts as "not yet" (the other side may be down on purpose).
 */
export type Answer = { status: number; json: any; headers: Headers };

export async function http(method: string, url: string, body?: unknown, token?: string, timeoutMs = 60_000): Promise<Answer> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs: number, everyMs = 250): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await sleep(everyMs);
  }
}
