// Several homeservers on one machine for federation tests: each Synapse gets its own loopback
// address (127.0.0.x), a name mapped to it in the chroot's hosts file, its own database in the
// test cluster, and a TLS federation listener with a certificate from a test CA that every server
// trusts. Server names carry the federation port explicitly ("agency.lotse.test:18748"), so no
// .well-known or SRV lookup happens.
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ensureDatabase } from "./postgres.ts";
import { loadOrCreateSecrets, type StackSecrets } from "./secrets.ts";
import { startSynapse, type RunningSynapse } from "./synapse.ts";
import { createTestCa, issueCertificate } from "./tlsCa.ts";

export type FederatedServerSpec = {
  /** Short name: the host becomes `<name>.lotse.test`. */
  name: string;
  /** Loopback address of its own, e.g. 127.0.0.2. */
  ip: string;
  /** Whether the Lotse appservice is registered here (the central server). */
  appservicePort?: number;
};

export type FederatedServer = {
  name: string;
  serverName: string;
  host: string;
  ip: string;
  homeserverUrl: string;
  secrets: StackSecrets;
  databaseUrl: string;
  synapse: RunningSynapse;
  /** Stops this homeserver; `restart()` brings it back with the same data. */
  stop(): Promise<void>;
  restart(): Promise<void>;
};

export async function startFederation(opts: {
  dir: string;
  adminDatabaseUrl: string;
  postgresPort: number;
  clientPort: number;
  federationPort: number;
  servers: FederatedServerSpec[];
  log?: (msg: string) => void;
}): Promise<FederatedServer[]> {
  const ca = await createTestCa(join(opts.dir, "ca"));
  const hosts = Object.fromEntries(opts.servers.map((s) => [`${s.name}.lotse.test`, s.ip]));
  const started: FederatedServer[] = [];
  try {
    for (const spec of opts.servers) {
      const host = `${spec.name}.lotse.test`;
      const serverName = `${host}:${opts.federationPort}`;
      const hostDir = join(opts.dir, spec.name);
      mkdirSync(join(hostDir, "tls"), { recursive: true });
      await issueCertificate(ca, host, join(hostDir, "tls"));
      copyFileSync(ca.caCert, join(hostDir, "tls", "ca.pem"));
      const secrets = loadOrCreateSecrets(hostDir);
      const dbName = `synapse_fed_${spec.name}`;
      await ensureDatabase(opts.adminDatabaseUrl, dbName, { collateC: true });
      const dbPassword = decodeURIComponent(new URL(opts.adminDatabaseUrl).password);
      const launch = () =>
        startSynapse({
          hostDir,
          instanceKey: `fed-${spec.name}-${opts.federationPort}`,
          hosts,
          ...(opts.log ? { log: opts.log } : {}),
          config: {
            serverName,
            port: opts.clientPort,
            bindAddress: spec.ip,
            publicBaseUrl: `http://${spec.ip}:${opts.clientPort}/`,
            database: { host: "127.0.0.1", port: opts.postgresPort, user: "postgres", password: dbPassword, database: dbName },
            appservice: {
              url: `http://127.0.0.1:${spec.appservicePort ?? 9}`,
              asToken: secrets.asToken,
              hsToken: secrets.hsToken,
              senderLocalpart: "lotse",
              userPrefix: "lotse_",
            },
            registrationSharedSecret: secrets.registrationSharedSecret,
            macaroonSecretKey: secrets.macaroonSecretKey,
            formSecret: secrets.formSecret,
            testRateLimits: true,
            federationTls: {
              bindAddress: spec.ip,
              port: opts.federationPort,
              certPath: "tls/tls.crt",
              keyPath: "tls/tls.key",
              trustedCaPath: "tls/ca.pem",
              allowLoopback: true,
            },
          },
        });
      const server: FederatedServer = {
        name: spec.name,
        serverName,
        host,
        ip: spec.ip,
        homeserverUrl: `http://${spec.ip}:${opts.clientPort}`,
        secrets,
        databaseUrl: opts.adminDatabaseUrl.replace(/\/[^/]*$/, `/${dbName}`),
        synapse: await launch(),
        stop: async () => {
          await server.synapse.stop();
        },
        restart: async () => {
          server.synapse = await launch();
        },
      };
      started.push(server);
    }
    return started;
  } catch (err) {
    await Promise.all(started.map((s) => s.stop().catch(() => {})));
    throw err;
  }
}
