// Global setup of the `integration` test project: a fresh PostgreSQL + Synapse for the run,
import type {} from "./testStackTypes.ts";
// torn down afterwards. Test files get the connection facts through `inject("lotseStack")`.
import type { TestProject } from "vitest/node";
import { startInfrastructure, testPorts, type Infrastructure } from "./stack.ts";
import type { TestStackInfo } from "./testStackTypes.ts";

let infra: Infrastructure | undefined;

export async function setup(project: TestProject): Promise<void> {
  const ports = testPorts();
  const instance = `test-${ports.synapse}`;
  infra = await startInfrastructure({ instance, ports, fresh: true, testRateLimits: true });
  const info: TestStackInfo = {
    databaseUrl: infra.databaseUrl,
    adminDatabaseUrl: infra.adminDatabaseUrl,
    synapseDatabaseUrl: infra.synapseDatabaseUrl,
    homeserverUrl: infra.homeserverUrl,
    serverName: infra.serverName,
    asToken: infra.secrets.asToken,
    hsToken: infra.secrets.hsToken,
    appserviceHost: "127.0.0.1",
    appservicePort: ports.appservice,
    registrationSharedSecret: infra.secrets.registrationSharedSecret,
    botLocalpart: infra.botLocalpart,
    userPrefix: infra.userPrefix,
    jwtSecret: infra.secrets.jwtSecret,
    apiPort: ports.api,
    dataDir: infra.dir,
  };
  project.provide("lotseStack", info);
}

export async function teardown(): Promise<void> {
  await infra?.stop();
}
