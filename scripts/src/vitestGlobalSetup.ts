// Global setup of the `integration` test project: a fresh PostgreSQL + Synapse for the run,
// torn down afterwards. Test files get the connection facts through `inject("lotseStack")`.
import type { TestProject } from "vitest/node";
import { startInfrastructure, testPorts, testStackInfo, type Infrastructure } from "./stack.ts";
import type { TestStackInfo } from "./testStackTypes.ts";
import { describeFindings, scanRunLogs } from "./logScan.ts";

let infra: Infrastructure | undefined;

export async function setup(project: TestProject): Promise<void> {
  const ports = testPorts();
  const instance = `test-${ports.synapse}`;
  infra = await startInfrastructure({ instance, ports, fresh: true, testRateLimits: true });
  const info: TestStackInfo = testStackInfo(infra);
  project.provide("lotseStack", info);
}

export async function teardown(): Promise<void> {
  await infra?.stop();
  // The log scan (logScan.ts) over every log of the run, once every process has stopped and
  // flushed. Vitest does not fail a run on a teardown error by itself: the exit code is set too.
  if (!infra) return;
  const scan = scanRunLogs(infra.dir);
  console.error(`[log scan] ${scan.secrets} test secrets searched in ${scan.files.length} log files: ${scan.findings.length} found`);
  if (scan.findings.length > 0) {
    process.exitCode = 1;
    throw new Error(describeFindings(scan));
  }
}
