// Runs the bridge under test as a child process (`node bridge/src/main.ts`), so that "crash" in a
// test is a real SIGKILL: the process and its database connections die as they would in
// production. Collects its structured log lines for assertions.
import { type ChildProcess, spawn } from "node:child_process";
import { appendFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestStackInfo } from "@lotse/scripts";

const mainPath = fileURLToPath(new URL("../../bridge/src/main.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export type LogLine = { level: number; msg: string; [k: string]: unknown };

export function bridgeEnv(stack: TestStackInfo, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    LOTSE_DATABASE_URL: stack.databaseUrl,
    LOTSE_HOMESERVER_URL: stack.homeserverUrl,
    LOTSE_SERVER_NAME: stack.serverName,
    LOTSE_AS_TOKEN: stack.asToken,
    LOTSE_HS_TOKEN: stack.hsToken,
    LOTSE_APPSERVICE_HOST: stack.appserviceHost,
    LOTSE_APPSERVICE_PORT: String(stack.appservicePort),
    LOTSE_BOT_LOCALPART: stack.botLocalpart,
    LOTSE_USER_PREFIX: stack.userPrefix,
    LOTSE_JOB_POLL_MS: "500",
    LOTSE_JOB_CONCURRENCY: "4",
    LOTSE_LOG_LEVEL: "info",
    // Not for the bridge: where BridgeProcess copies its output, so the end-of-run log scan
    // (scripts/src/logScan.ts) searches these bridges' logs too.
    [TEST_LOG_DIR]: join(stack.dataDir, "logs"),
    ...extra,
  };
}

const TEST_LOG_DIR = "LOTSE_TEST_LOG_DIR";
let started = 0;

export class BridgeProcess {
  readonly lines: LogLine[] = [];
  readonly stderr: string[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(child: ChildProcess, logFile?: string) {
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    let buf = "";
    const copy = (chunk: string) => {
      if (logFile) appendFileSync(logFile, chunk);
    };
    child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      copy(chunk);
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          this.lines.push(JSON.parse(line) as LogLine);
        } catch {
          this.stderr.push(line);
        }
      }
    });
    child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      copy(chunk);
      this.stderr.push(chunk);
    });
  }

  static async start(env: Record<string, string>, timeoutMs = 30_000): Promise<BridgeProcess> {
    const { [TEST_LOG_DIR]: logDir, ...bridgeOnly } = env;
    const child = spawn(process.execPath, ["--no-deprecation", mainPath], {
      cwd: repoRoot,
      env: bridgeOnly,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let logFile: string | undefined;
    if (logDir) {
      mkdirSync(logDir, { recursive: true });
      logFile = join(logDir, `bridge-test-${process.pid}-${++started}.log`);
    }
    const bridge = new BridgeProcess(child, logFile);
    await bridge.waitForLog((l) => l.msg === "bridge started", timeoutMs);
    return bridge;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async waitForLog(pred: (l: LogLine) => boolean, timeoutMs = 30_000): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.lines.find(pred);
      if (hit) return hit;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`bridge exited (${this.child.exitCode ?? this.child.signalCode}): ${this.stderr.join("").slice(-2000)}`);
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for a bridge log line; stderr: ${this.stderr.join("").slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Graceful stop (SIGTERM); resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill("SIGTERM");
    return (await this.exited).code;
  }

  /** A crash: SIGKILL, no chance to clean up. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGKILL");
    await this.exited;
  }
}
