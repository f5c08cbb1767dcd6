// What the integration tests' global setup provides to every test file (`inject("lotseStack")`).
import type {} from "vitest";
export type TestStackInfo = {
  /** The lotse database: migrated, topics seeded. */
  databaseUrl: string;
  /** Superuser URL on the same cluster (database "postgres"). */
  adminDatabaseUrl: string;
  /** Synapse's own database: tests query it to prove it holds no plaintext. */
  synapseDatabaseUrl: string;
  homeserverUrl: string;
  serverName: string;
  asToken: string;
  hsToken: string;
  appserviceHost: string;
  /** The bridge under test must listen here: the appservice registration points at it. */
  appservicePort: number;
  registrationSharedSecret: string;
  botLocalpart: string;
  userPrefix: string;
  jwtSecret: string;
  /** Port for a provisioning API process under test. */
  apiPort: number;
  /** The test instance's data directory (logs of processes under test go to `${dataDir}/logs`). */
  dataDir: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    lotseStack: TestStackInfo;
  }
}
