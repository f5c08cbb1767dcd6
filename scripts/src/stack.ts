// The platform's infrastructure for one instance ("dev" for `npm start`, "test" for `npm test`):
// a PostgreSQL cluster with the lotse and synapse databases, and Synapse with the appservice
// registration pointing at the bridge. Application processes (API, bridge, web) are started by
// the caller.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runMigrations, seedTopics, createDb } from "@lotse/store";
import { restore } from "./backup.ts";
import { instanceDir } from "./paths.ts";
import type { TestStackInfo } from "./testStackTypes.ts";
import { ensureDatabase, startPostgres, type PostgresCluster } from "./postgres.ts";
import { loadOrCreateSecrets, type StackSecrets } from "./secrets.ts";
import { startSynapse, type RunningSynapse } from "./synapse.ts";
import { seekerMediaFromPolicy } from "./synapseConfig.ts";
import { loadPlatformPolicy, type PlatformPolicy } from "@lotse/policies";
import { startCoturn, type RunningTurn } from "./coturn.ts";

export type StackPorts = { postgres: number; synapse: number; appservice: number; api: number; web: number; turn: number };

export const devPorts: StackPorts = { postgres: 5433, synapse: 8008, appservice: 9000, api: 8090, web: 8080, turn: 3478 };

export function testPorts(base = Number(process.env.LOTSE_TEST_PORT_BASE ?? 18000)): StackPorts {
  return { postgres: base + 432, synapse: base + 8, appservice: base + 9, api: base + 90, web: base + 80, turn: base + 478 };
}

export type Infrastructure = {
  instance: string;
  dir: string;
  ports: StackPorts;
  secrets: StackSecrets;
  serverName: string;
  botLocalpart: string;
  userPrefix: string;
  databaseUrl: string;
  synapseDatabaseUrl: string;
  adminDatabaseUrl: string;
  homeserverUrl: string;
  postgres: PostgresCluster;
  synapse: RunningSynapse;
  /** The TURN server for calls (coturn on loopback). */
  turn: RunningTurn;
  /** Stops Synapse and starts it again with the same configuration (a fault or an upgrade). */
  restartSynapse(): Promise<void>;
  /** Stops PostgreSQL (fast shutdown: every connection is cut) and starts it again. */
  restartPostgres(): Promise<void>;
  stop(): Promise<void>;
};

export type Databases = {
  postgres: PostgresCluster;
  databaseUrl: string;
  synapseDatabaseUrl: string;
  secrets: StackSecrets;
  dir: string;
};

/** The instance's PostgreSQL cluster with both databases (created if missing, not migrated). */
export async function startDatabases(opts: {
  instance: string;
  ports: StackPorts;
  fresh?: boolean;
  log?: (msg: string) => void;
}): Promise<Databases> {
  const log = opts.log ?? ((m: string) => console.error(`[stack] ${m}`));
  const dir = instanceDir(opts.instance);
  if (opts.fresh) rmSync(dir, { recursive: true, force: true });
  const secrets = loadOrCreateSecrets(dir);
  const pg = await startPostgres({ dataDir: join(dir, "pg"), port: opts.ports.postgres, password: secrets.postgresPassword, log });
  try {
    await ensureDatabase(pg.url(), "lotse");
    await ensureDatabase(pg.url(), "synapse", { collateC: true });
  } catch (err) {
    await pg.stop().catch(() => {});
    throw err;
  }
  return { postgres: pg, databaseUrl: pg.url("lotse"), synapseDatabaseUrl: pg.url("synapse"), secrets, dir };
}

export function synapseMediaDir(instance: string): string {
  return join(instanceDir(instance), "synapse", "media_store");
}

export async function startInfrastructure(opts: {
  instance: string;
  ports: StackPorts;
  /** Wipe the instance's data first (tests start from nothing). */
  fresh?: boolean;
  /** Restore this backup (scripts/src/backup.ts) into the empty instance before anything starts. */
  restoreFrom?: string;
  testRateLimits?: boolean;
  serverName?: string;
  /**
   * The platform policy whose `media` section the homeserver's seeker guard enforces; default: the
   * operator's file (LOTSE_POLICY_FILE, as the API and the bridge read it) or the defaults.
   */
  policy?: PlatformPolicy;
  log?: (msg: string) => void;
}): Promise<Infrastructure> {
  const log = opts.log ?? ((m: string) => console.error(`[stack] ${m}`));
  const { postgres: pg, databaseUrl, synapseDatabaseUrl, secrets, dir } = await startDatabases(opts);
  const serverName = opts.serverName ?? "localhost";
  const botLocalpart = "lotse";
  const userPrefix = "lotse_";
  let synapse: RunningSynapse | undefined;
  let turn: RunningTurn | undefined;
  try {
    if (opts.restoreFrom) {
      log(`restoring ${opts.restoreFrom}`);
      await restore({ lotseDatabaseUrl: databaseUrl, synapseDatabaseUrl, mediaDir: synapseMediaDir(opts.instance) }, opts.restoreFrom);
    }
    // Migrations run on every start (an upgrade applies the new ones; concurrent starters are
    // serialised by an advisory lock in runMigrations).
    await runMigrations(databaseUrl);
    const { db, close } = createDb(databaseUrl, { max: 1 });
    try {
      await seedTopics(db);
    } finally {
      await close();
    }
    const logDir = join(dir, "logs");
    mkdirSync(logDir, { recursive: true });
    turn = await startCoturn({ port: opts.ports.turn, secret: secrets.turnSecret, realm: serverName, logDir, log });
    const synapseOptions: Parameters<typeof startSynapse>[0] = {
      hostDir: join(dir, "synapse"),
      instanceKey: opts.instance,
      log,
      config: {
        serverName,
        port: opts.ports.synapse,
        publicBaseUrl: `http://127.0.0.1:${opts.ports.synapse}/`,
        database: {
          host: "127.0.0.1",
          port: opts.ports.postgres,
          user: "postgres",
          password: secrets.postgresPassword,
          database: "synapse",
        },
        appservice: {
          url: `http://127.0.0.1:${opts.ports.appservice}`,
          asToken: secrets.asToken,
          hsToken: secrets.hsToken,
          senderLocalpart: botLocalpart,
          userPrefix,
        },
        registrationSharedSecret: secrets.registrationSharedSecret,
        macaroonSecretKey: secrets.macaroonSecretKey,
        formSecret: secrets.formSecret,
        testRateLimits: opts.testRateLimits ?? false,
        turn: { uris: turn.uris, sharedSecret: secrets.turnSecret },
        seekerMedia: seekerMediaFromPolicy(opts.policy ?? loadPlatformPolicy(process.env)),
      },
    };
    synapse = await startSynapse(synapseOptions);
    let running = synapse;
    const runningTurn = turn;
    return {
      instance: opts.instance,
      dir,
      ports: opts.ports,
      secrets,
      serverName,
      botLocalpart,
      userPrefix,
      databaseUrl,
      synapseDatabaseUrl,
      adminDatabaseUrl: pg.url(),
      homeserverUrl: running.url,
      postgres: pg,
      get synapse() {
        return running;
      },
      turn: runningTurn,
      async restartSynapse() {
        await running.stop();
        running = await startSynapse(synapseOptions);
      },
      async restartPostgres() {
        await pg.stop();
        await startPostgres({ dataDir: join(dir, "pg"), port: opts.ports.postgres, password: secrets.postgresPassword, log });
      },
      async stop() {
        await running.stop();
        await runningTurn.stop();
        await pg.stop();
      },
    };
  } catch (err) {
    await synapse?.stop().catch(() => {});
    await turn?.stop().catch(() => {});
    await pg.stop().catch(() => {});
    throw err;
  }
}

export type ProcessFacts = {
  databaseUrl: string;
  homeserverUrl: string;
  serverName: string;
  asToken: string;
  hsToken: string;
  jwtSecret: string;
  userPrefix: string;
  botLocalpart: string;
  appservicePort: number;
  apiPort: number;
  webPort: number;
  dataDir: string;
};

export function infraFacts(infra: Infrastructure): ProcessFacts {
  return {
    databaseUrl: infra.databaseUrl,
    homeserverUrl: infra.homeserverUrl,
    serverName: infra.serverName,
    asToken: infra.secrets.asToken,
    hsToken: infra.secrets.hsToken,
    jwtSecret: infra.secrets.jwtSecret,
    userPrefix: infra.userPrefix,
    botLocalpart: infra.botLocalpart,
    appservicePort: infra.ports.appservice,
    apiPort: infra.ports.api,
    webPort: infra.ports.web,
    dataDir: infra.dir,
  };
}

/** Environment for the bridge and API processes of an instance. */
export function processEnv(f: ProcessFacts): Record<string, string> {
  return {
    LOTSE_DATABASE_URL: f.databaseUrl,
    LOTSE_HOMESERVER_URL: f.homeserverUrl,
    LOTSE_PUBLIC_HOMESERVER_URL: f.homeserverUrl,
    LOTSE_SERVER_NAME: f.serverName,
    // Staff sign-in (POST /v1/auth/matrix) verifies OpenID tokens only against these homeservers.
    LOTSE_TRUSTED_HOMESERVERS: `${f.serverName}=${f.homeserverUrl}`,
    LOTSE_AS_TOKEN: f.asToken,
    LOTSE_HS_TOKEN: f.hsToken,
    LOTSE_USER_PREFIX: f.userPrefix,
    LOTSE_BOT_LOCALPART: f.botLocalpart,
    LOTSE_APPSERVICE_HOST: "127.0.0.1",
    LOTSE_APPSERVICE_PORT: String(f.appservicePort),
    LOTSE_API_HOST: "127.0.0.1",
    LOTSE_API_PORT: String(f.apiPort),
    LOTSE_JWT_SECRET: f.jwtSecret,
    LOTSE_BRIDGE_DATA_DIR: join(f.dataDir, "bridge"),
    LOTSE_CORS_ORIGINS: `http://127.0.0.1:${f.webPort},http://localhost:${f.webPort}`,
    // The seeker app: the link in appointment calendar files and notification mails.
    LOTSE_PUBLIC_WEB_URL: `http://127.0.0.1:${f.webPort}`,
  };
}

/** The connection facts of a running instance in the shape integration tests receive. */
export function testStackInfo(infra: Infrastructure): TestStackInfo {
  return {
    databaseUrl: infra.databaseUrl,
    adminDatabaseUrl: infra.adminDatabaseUrl,
    synapseDatabaseUrl: infra.synapseDatabaseUrl,
    homeserverUrl: infra.homeserverUrl,
    serverName: infra.serverName,
    asToken: infra.secrets.asToken,
    hsToken: infra.secrets.hsToken,
    appserviceHost: "127.0.0.1",
    appservicePort: infra.ports.appservice,
    registrationSharedSecret: infra.secrets.registrationSharedSecret,
    botLocalpart: infra.botLocalpart,
    userPrefix: infra.userPrefix,
    jwtSecret: infra.secrets.jwtSecret,
    apiPort: infra.ports.api,
    dataDir: infra.dir,
  };
}
