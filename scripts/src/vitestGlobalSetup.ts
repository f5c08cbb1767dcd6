// Global setup of the `integration` test project: a fresh PostgreSQL + Synapse for the run,
// torn down afterwards. Test files get the connection facts through `inject("lotseStack")`.
import type { TestProject } from "vitest/node";
import { startInfrastructure, testPorts, testStackInfo, type Infrastructure } from "./stack.ts";
import type { TestStackInfo } from "./testStackTypes.ts";

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
}
