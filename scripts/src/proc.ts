// Small process helpers for the local stack: run a command to completion, wait for a URL.
import { spawn, type SpawnOptions } from "node:child_process";

export class CommandError extends Error {
  readonly code: number | null;
  readonly output: string;
  constructor(cmd: string, code: number | null, output: string) {
    super(`${cmd} exited with ${code}: ${output.slice(-2000)}`);
    this.name = "CommandError";
    this.code = code;
    this.output = output;
  }
}

/** Runs a command, collects its output, rejects with the output when it fails. */
export function run(cmd: string, args: readonly string[], opts: SpawnOptions = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise(out);
      else reject(new CommandError([cmd, ...args].join(" "), code, out));
    });
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs = 120_000, intervalMs = 250, isAlive }: { timeoutMs?: number; intervalMs?: number; isAlive?: () => boolean } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (isAlive && !isAlive()) throw new Error(`${what}: process exited before it was ready`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  return res.ok;
}
