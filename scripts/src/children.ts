// Platform processes (bridge, API, web server) as child processes of the stack runner or of a
// test: real processes, so a test can crash one with SIGKILL. Output goes to a log file each.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.ts";

export type Service = {
  name: string;
  proc: ChildProcess;
  logFile: string;
  alive(): boolean;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** A crash: SIGKILL, no chance to clean up. */
  kill(): Promise<void>;
};

export function startService(opts: {
  name: string;
  /** Arguments to `node` (Node 24 runs the TypeScript entry points directly). */
  args: string[];
  env: Record<string, string>;
  logDir: string;
  cwd?: string;
}): Service {
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, `${opts.name}.log`);
  const out = openSync(logFile, "a");
  const proc = spawn(process.execPath, opts.args, {
    cwd: opts.cwd ?? repoRoot,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", out, out],
  });
  let alive = true;
  const exited = new Promise<number | null>((resolve) =>
    proc.on("exit", (code) => {
      alive = false;
      resolve(code);
    }),
  );
  const stopWith = async (signal: NodeJS.Signals, graceMs: number) => {
    if (!alive) return;
    proc.kill(signal);
    const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return {
    name: opts.name,
    proc,
    logFile,
    alive: () => alive,
    exited,
    stop: (graceMs = 10_000) => stopWith("SIGTERM", graceMs),
    kill: () => stopWith("SIGKILL", 0),
  };
}
