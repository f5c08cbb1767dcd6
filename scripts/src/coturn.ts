// The TURN server for calls (issue 13): coturn from Debian, on loopback for `npm start` and the
// test stack. Synapse hands out short-lived credentials for it (`turn_shared_secret`, the TURN REST
// API scheme: username "<expiry>:<user>", password HMAC-SHA1 of it), so the seeker's browser and
// the counselor's client can relay media when no direct path exists. In production coturn runs
// as its own compose service with the config `npm run config` writes (renderConfig.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { openSync } from "node:fs";
import { createConnection } from "node:net";
import { join } from "node:path";
import { waitFor } from "./proc.ts";

export type RunningTurn = {
  /** The URIs Synapse hands to clients (`turn_uris`). */
  uris: string[];
  port: number;
  stop(): Promise<void>;
};

/** Relay ports of an instance: a hundred right above the listening port (test bases are 1000 apart). */
export function turnRelayPorts(listeningPort: number): { min: number; max: number } {
  return { min: listeningPort + 22, max: listeningPort + 121 };
}

/**
 * coturn's command line. `loopbackPeers`: relay to 127.0.0.1 (only the local stack, where both
 * call ends live on this machine; never in production, where it would expose local services).
 */
export function coturnArgs(opts: { port: number; secret: string; realm: string; listenIp: string; relayIp: string; loopbackPeers: boolean }): string[] {
  const relay = turnRelayPorts(opts.port);
  return [
    "-n", // no config file: everything is on this command line
    `--listening-ip=${opts.listenIp}`,
    `--relay-ip=${opts.relayIp}`,
    `--listening-port=${opts.port}`,
    `--min-port=${relay.min}`,
    `--max-port=${relay.max}`,
    "--use-auth-secret",
    `--static-auth-secret=${opts.secret}`,
    `--realm=${opts.realm}`,
    "--no-tls",
    "--no-dtls",
    "--no-cli",
    "--fingerprint",
    "--no-multicast-peers",
    ...(opts.loopbackPeers ? ["--allow-loopback-peers"] : []),
    // coturn logs every allocation with the peer's address and the username, which carries a
    // Matrix user id — call metadata. It has no quieter level, so its log goes nowhere; start-up
    // failures still show on stderr.
    "--log-file=/dev/null",
    "--simple-log",
    "--no-stdout-log",
  ];
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: "127.0.0.1", port }, () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });
}

export async function startCoturn(opts: { port: number; secret: string; realm: string; logDir: string; log?: (m: string) => void }): Promise<RunningTurn> {
  const out = openSync(join(opts.logDir, "coturn.log"), "a");
  opts.log?.(`starting coturn on 127.0.0.1:${opts.port}`);
  const child: ChildProcess = spawn("turnserver", coturnArgs({ ...opts, listenIp: "127.0.0.1", relayIp: "127.0.0.1", loopbackPeers: true }), {
    stdio: ["ignore", out, out],
  });
  let exited = false;
  const gone = new Promise<void>((r) =>
    child.on("exit", () => {
      exited = true;
      r();
    }),
  );
  child.on("error", () => (exited = true));
  await waitFor("coturn", () => tcpOpen(opts.port), { timeoutMs: 30_000, isAlive: () => !exited });
  return {
    port: opts.port,
    uris: [`turn:127.0.0.1:${opts.port}?transport=udp`, `turn:127.0.0.1:${opts.port}?transport=tcp`],
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await gone;
      clearTimeout(t);
    },
  };
}
