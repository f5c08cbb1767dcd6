// The TURN server for calls (issue 13): the test stack runs coturn on loopback, Synapse hands a
// signed-in user credentials for it (`/voip/turnServer`, derived from the shared secret), and with
// those credentials a TURN allocation succeeds and relays data — checked with coturn's own client
// (`turnutils_uclient`, Debian's coturn package). Wrong or expired credentials are refused.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { passwordLogin, randomLetters, registerWithSharedSecret } from "@lotse/test-support";

const stack = inject("lotseStack");
const run = promisify(execFile);

type TurnServer = { username: string; password: string; uris: string[]; ttl: number };

async function turnCredentials(): Promise<TurnServer> {
  const localpart = `turn_${randomLetters(12).toLowerCase()}`;
  const password = randomLetters(24);
  await registerWithSharedSecret({ homeserverUrl: stack.homeserverUrl, sharedSecret: stack.registrationSharedSecret, localpart, password, displayName: "Beraterin TURN" });
  const session = await passwordLogin(stack.homeserverUrl, `@${localpart}:${stack.serverName}`, password);
  const res = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/voip/turnServer`, { headers: { authorization: `Bearer ${session.accessToken}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as TurnServer;
}

type Allocation = { ok: boolean; refused: boolean; output: string };

/**
 * One allocation with coturn's test client in client-to-client mode: messages sent and received
 * through the relay. Judged by the client's final totals (`tot_send_msgs=N, tot_recv_msgs=M`, the
 * last such line), not by its per-second progress lines, whose counts depend on timing.
 */
async function allocateOnce(port: number, username: string, password: string): Promise<Allocation> {
  let output: string;
  try {
    const { stdout, stderr } = await run("turnutils_uclient", ["-y", "-n", "4", "-m", "1", "-u", username, "-w", password, "-p", String(port), "127.0.0.1"], { timeout: 60_000 });
    output = stdout + stderr;
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string };
    output = `${e.stdout ?? ""}${e.stderr ?? ""}` || String(err);
  }
  const refused = /Cannot complete Allocation/.test(output);
  const totals = [...output.matchAll(/tot_send_msgs=(\d+), tot_recv_msgs=(\d+)\s*$/gm)].at(-1);
  const sent = Number(totals?.[1] ?? 0);
  const received = Number(totals?.[2] ?? 0);
  return { ok: !refused && !/ERROR/.test(output) && sent > 0 && received === sent, refused, output };
}

/**
 * A granted allocation whose datagrams were not all relayed (UDP on a loaded machine may drop
 * one) is tried again, up to three times; a refused allocation is final.
 */
async function allocate(port: number, username: string, password: string): Promise<Allocation> {
  let last = await allocateOnce(port, username, password);
  for (let attempt = 1; attempt < 3 && !last.ok && !last.refused; attempt++) last = await allocateOnce(port, username, password);
  return last;
}

describe("TURN for calls", () => {
  it("Synapse hands out short-lived credentials for the stack's coturn, and they relay", async () => {
    const turn = await turnCredentials();
    expect(turn.uris).toEqual([expect.stringMatching(/^turn:127\.0\.0\.1:\d+\?transport=udp$/), expect.stringMatching(/^turn:127\.0\.0\.1:\d+\?transport=tcp$/)]);
    expect(turn.ttl).toBe(3600);
    // TURN REST credentials: "<expiry>:<user>", valid for the lifetime.
    const [expiry] = turn.username.split(":");
    expect(Number(expiry) * 1000).toBeGreaterThan(Date.now() + 50 * 60_000);
    const port = Number(/:(\d+)\?/.exec(turn.uris[0]!)![1]);
    const good = await allocate(port, turn.username, turn.password);
    expect(good.ok, good.output.slice(-500)).toBe(true);
  });

  it("refuses a wrong password and expired credentials", async () => {
    const turn = await turnCredentials();
    const port = Number(/:(\d+)\?/.exec(turn.uris[0]!)![1]);
    const wrong = await allocate(port, turn.username, `${turn.password.slice(0, -2)}xx`);
    expect(wrong.ok).toBe(false);
    expect(wrong.refused, wrong.output.slice(-500)).toBe(true);
    // The same user name scheme with an expiry in the past (the password would be the HMAC of it).
    const expired = await allocate(port, `1:${turn.username.split(":").slice(1).join(":")}`, turn.password);
    expect(expired.ok).toBe(false);
    expect(expired.refused, expired.output.slice(-500)).toBe(true);
  });
});
