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

/** One allocation with coturn's test client in client-to-client mode: messages sent and received through the relay. */
async function allocate(port: number, username: string, password: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run("turnutils_uclient", ["-y", "-n", "4", "-m", "1", "-u", username, "-w", password, "-p", String(port), "127.0.0.1"], { timeout: 60_000 });
    const output = stdout + stderr;
    return { ok: /tot_recv_msgs=8\b/.test(output) && !/ERROR/.test(output), output };
  } catch (err) {
    return { ok: false, output: String((err as { stdout?: string }).stdout ?? err) };
  }
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
    expect((await allocate(port, turn.username, `${turn.password.slice(0, -2)}xx`)).ok).toBe(false);
    // The same user name scheme with an expiry in the past (the password would be the HMAC of it).
    expect((await allocate(port, `1:${turn.username.split(":").slice(1).join(":")}`, turn.password)).ok).toBe(false);
  });
});
