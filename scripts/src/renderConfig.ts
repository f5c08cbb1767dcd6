// `npm run config -- --domain example.org [--public-url https://example.org] [--out docker] [--workers N] [--policy FILE]`:
// renders everything an operator needs for docker/compose.yaml from the same code the local stack
// uses: docker/.env (secrets, generated once and kept), docker/synapse/ (homeserver.yaml,
// appservice.yaml, log.config, signing.key). Re-running keeps every secret and key.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { repoRoot } from "./paths.ts";
import { loadOrCreateSecrets } from "./secrets.ts";
import { loadPlatformPolicy } from "@lotse/policies";
import { appserviceRegistration, homeserverConfig, logConfig, SEEKER_GUARD_MODULE, seekerMediaFromPolicy, type SynapseConfigInput } from "./synapseConfig.ts";

export type ProductionConfigOptions = {
  /** Matrix server name and the public domain, e.g. beratung.example.org. */
  domain: string;
  /** Public base URL of the one origin serving web, API and /_matrix; default https://<domain>/. */
  publicUrl?: string;
  /**
   * Synapse generic workers for docker/compose.workers.yaml (0 = monolith, the default): the main
   * process gets Redis and a replication listener, each worker a config file in synapse/workers/.
   */
  workers?: number;
  /**
   * The operator's platform policy file (the LOTSE_POLICY_FILE the API and the bridge read): its
   * `media` section (seekers' file size, daily quota, conversations with files) goes into the
   * homeserver's seeker guard config. Default: LOTSE_POLICY_FILE from the environment, else the
   * policy's defaults.
   */
  policyFile?: string;
};

/** Where the workers' pieces meet: compose service names, ports (docker/compose.workers.yaml). */
export const WORKERS = {
  replicationPort: 9093,
  workerPort: 8083,
  redisHost: "redis",
  mainHost: "synapse",
  name: (n: number) => `generic_worker${n}`,
  maxWorkers: 8,
} as const;

/** A generic worker's config (client and federation reads; /sync is what it is there for). */
/** Synapse's metrics listener in the production compose (internal network only). */
export const SYNAPSE_METRICS_PORT = 9100;

export function workerConfig(n: number): Record<string, unknown> {
  return {
    worker_app: "synapse.app.generic_worker",
    worker_name: WORKERS.name(n),
    worker_listeners: [
      { type: "http", port: WORKERS.workerPort, bind_addresses: ["0.0.0.0"], x_forwarded: true, resources: [{ names: ["client", "federation"], compress: false }] },
    ],
    worker_log_config: "/config/log.config",
  };
}

/** Synapse's signing key file format: "ed25519 <key id> <unpadded base64 seed>". */
export function newSigningKey(): string {
  const { privateKey } = generateKeyPairSync("ed25519");
  const jwk = privateKey.export({ format: "jwk" }) as { d: string };
  const seed = Buffer.from(jwk.d, "base64url").toString("base64").replace(/=+$/, "");
  return `ed25519 a_${randomBytes(3).toString("base64url").replace(/[^a-zA-Z0-9]/g, "x").slice(0, 4)} ${seed}\n`;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export class ConfigInputError extends Error {
  constructor(option: string, message: string) {
    super(`--${option}: ${message}`);
    this.name = "ConfigInputError";
  }
}

/** The path production's nginx serves the staff console under (docker/nginx-common.conf). */
export const STAFF_CONSOLE_PATH = "/konsole/";

/** Where the seeker app and the staff console are once the stack runs. */
export function productionUrls(opts: Pick<ProductionConfigOptions, "domain" | "publicUrl">): { webUrl: string; staffUrl: string } {
  const origin = new URL(opts.publicUrl ?? `https://${opts.domain}/`).origin;
  return { webUrl: `${origin}/`, staffUrl: `${origin}${STAFF_CONSOLE_PATH}` };
}

export function productionEnv(outDir: string, opts: ProductionConfigOptions): Record<string, string> {
  const secrets = loadOrCreateSecrets(join(outDir, "secrets"));
  const publicUrl = new URL(opts.publicUrl ?? `https://${opts.domain}/`);
  return {
    POSTGRES_PASSWORD: secrets.postgresPassword,
    LOTSE_SERVER_NAME: opts.domain,
    LOTSE_PUBLIC_HOMESERVER_URL: publicUrl.origin,
    // The console (same origin, /konsole/) signs in at the public address; the API checks tokens internally.
    LOTSE_STAFF_HOMESERVER_URL: publicUrl.origin,
    LOTSE_AS_TOKEN: secrets.asToken,
    LOTSE_HS_TOKEN: secrets.hsToken,
    LOTSE_JWT_SECRET: secrets.jwtSecret,
    LOTSE_USER_PREFIX: "lotse_",
    LOTSE_BOT_LOCALPART: "lotse",
    LOTSE_CORS_ORIGINS: publicUrl.origin,
    LOTSE_PUBLIC_WEB_URL: publicUrl.origin,
    LOTSE_TRUSTED_HOMESERVERS: `${opts.domain}=http://synapse:8008`,
  };
}

/** TURN ports the host must open (docs/deployment.md): listening UDP/TCP, TLS, and the relay range. */
export const TURN_PORTS = { listening: 3478, tls: 5349, relayMin: 49160, relayMax: 49400 } as const;

/** What Synapse hands to clients: TURN over UDP and TCP, and over TLS for networks that allow only 443-like traffic. */
export function productionTurnUris(domain: string): string[] {
  return [
    `turn:${domain}:${TURN_PORTS.listening}?transport=udp`,
    `turn:${domain}:${TURN_PORTS.listening}?transport=tcp`,
    `turns:${domain}:${TURN_PORTS.tls}?transport=tcp`,
  ];
}

/**
 * coturn's config for the compose service: credentials only from Synapse's shared secret, no
 * relaying into private or loopback networks (a TURN server must not become a door into the
 * host's network), TLS with the web front's certificate, and no log of allocations (each names a
 * Matrix user: call metadata).
 */
export function coturnConfig(domain: string, secret: string): string {
  return [
    `listening-port=${TURN_PORTS.listening}`,
    `tls-listening-port=${TURN_PORTS.tls}`,
    `min-port=${TURN_PORTS.relayMin}`,
    `max-port=${TURN_PORTS.relayMax}`,
    "use-auth-secret",
    `static-auth-secret=${secret}`,
    `realm=${domain}`,
    "fingerprint",
    "no-cli",
    "no-multicast-peers",
    "no-tlsv1",
    "no-tlsv1_1",
    "cert=/etc/coturn/tls/fullchain.pem",
    "pkey=/etc/coturn/tls/privkey.pem",
    ...[
      "0.0.0.0-0.255.255.255",
      "10.0.0.0-10.255.255.255",
      "100.64.0.0-100.127.255.255",
      "127.0.0.0-127.255.255.255",
      "169.254.0.0-169.254.255.255",
      "172.16.0.0-172.31.255.255",
      "192.0.0.0-192.0.0.255",
      "192.168.0.0-192.168.255.255",
      "198.18.0.0-198.19.255.255",
      "::1",
      "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
      "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    ].map((range) => `denied-peer-ip=${range}`),
    "log-file=/dev/null",
    "simple-log",
    "no-stdout-log",
    "",
  ].join("\n");
}

export function renderProductionConfig(outDir: string, opts: ProductionConfigOptions): void {
  if (!DOMAIN.test(opts.domain)) throw new ConfigInputError("domain", `"${opts.domain}" is not a domain name`);
  let publicUrl: URL;
  try {
    publicUrl = new URL(opts.publicUrl ?? `https://${opts.domain}/`);
  } catch {
    throw new ConfigInputError("public-url", `"${opts.publicUrl}" is not a URL`);
  }
  if (publicUrl.protocol !== "https:") throw new ConfigInputError("public-url", "must be https (TLS terminates in front of the web service)");
  const secrets = loadOrCreateSecrets(join(outDir, "secrets"));
  const input: SynapseConfigInput = {
    serverName: opts.domain,
    port: 8008,
    dataPath: "/data",
    configPath: "/config",
    logToConsole: true,
    publicBaseUrl: publicUrl.href,
    database: { host: "postgres", port: 5432, user: "postgres", password: secrets.postgresPassword, database: "synapse" },
    appservice: { url: "http://bridge:9000", asToken: secrets.asToken, hsToken: secrets.hsToken, senderLocalpart: "lotse", userPrefix: "lotse_" },
    registrationSharedSecret: secrets.registrationSharedSecret,
    macaroonSecretKey: secrets.macaroonSecretKey,
    formSecret: secrets.formSecret,
    testRateLimits: false,
    logLevel: "WARNING",
    turn: { uris: productionTurnUris(opts.domain), sharedSecret: secrets.turnSecret },
    seekerMedia: seekerMediaFromPolicy(loadPlatformPolicy(opts.policyFile !== undefined ? { LOTSE_POLICY_FILE: opts.policyFile } : process.env)),
  };
  const synapseDir = join(outDir, "synapse");
  mkdirSync(synapseDir, { recursive: true });
  const hs = homeserverConfig(input);
  // In the container Synapse listens on its own network namespace's interfaces, behind the proxy.
  (hs.listeners as { bind_addresses: string[]; x_forwarded: boolean }[])[0]!.bind_addresses = ["0.0.0.0"];
  (hs.listeners as { bind_addresses: string[]; x_forwarded: boolean }[])[0]!.x_forwarded = true;
  // Synapse's Prometheus metrics (docs/operations.md): their own listener on the compose network,
  // never published and never behind the web proxy.
  hs.enable_metrics = true;
  (hs.listeners as unknown[]).push({ port: SYNAPSE_METRICS_PORT, bind_addresses: ["0.0.0.0"], type: "metrics", tls: false });
  const workers = opts.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0 || workers > WORKERS.maxWorkers) throw new ConfigInputError("workers", `must be a whole number from 0 to ${WORKERS.maxWorkers}`);
  if (workers > 0) {
    // Replication between the main process and its workers: Redis plus the main process's
    // replication listener, reachable only on the compose network (never published).
    hs.redis = { enabled: true, host: WORKERS.redisHost, port: 6379 };
    hs.instance_map = { main: { host: WORKERS.mainHost, port: WORKERS.replicationPort } };
    (hs.listeners as unknown[]).push({ port: WORKERS.replicationPort, bind_addresses: ["0.0.0.0"], type: "http", tls: false, x_forwarded: false, resources: [{ names: ["replication"], compress: false }] });
    mkdirSync(join(synapseDir, "workers"), { recursive: true });
    for (let n = 1; n <= workers; n++) {
      writeFileSync(join(synapseDir, "workers", `${WORKERS.name(n)}.yaml`), JSON.stringify(workerConfig(n), null, 2), { mode: 0o640 });
    }
  }
  writeFileSync(join(synapseDir, "homeserver.yaml"), JSON.stringify(hs, null, 2), { mode: 0o640 });
  mkdirSync(join(outDir, "coturn"), { recursive: true });
  writeFileSync(join(outDir, "coturn", "turnserver.conf"), coturnConfig(opts.domain, secrets.turnSecret), { mode: 0o640 });
  writeFileSync(join(synapseDir, "appservice.yaml"), JSON.stringify(appserviceRegistration(input), null, 2), { mode: 0o640 });
  writeFileSync(join(synapseDir, "log.config"), JSON.stringify(logConfig(input), null, 2));
  // The seeker guard module (homeserver.yaml `modules`); compose puts /config on PYTHONPATH.
  copyFileSync(join(repoRoot, "scripts", "synapse", `${SEEKER_GUARD_MODULE}.py`), join(synapseDir, `${SEEKER_GUARD_MODULE}.py`));
  const keyFile = join(synapseDir, "signing.key");
  if (!existsSync(keyFile)) writeFileSync(keyFile, newSigningKey(), { mode: 0o640 });
  const env = productionEnv(outDir, opts);
  writeFileSync(
    join(outDir, ".env"),
    Object.entries(env)
      .map(([k, v]) => `${k}=${v}`)
      .join("\n") + "\n",
    { mode: 0o600 },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { values } = parseArgs({
      options: { domain: { type: "string" }, "public-url": { type: "string" }, out: { type: "string" }, workers: { type: "string" }, policy: { type: "string" } },
    });
    if (!values.domain) throw new ConfigInputError("domain", "is required, e.g. --domain beratung.example.org");
    const out = values.out ?? join(repoRoot, "docker");
    renderProductionConfig(out, {
      domain: values.domain,
      ...(values["public-url"] ? { publicUrl: values["public-url"] } : {}),
      ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
      ...(values.policy !== undefined ? { policyFile: values.policy } : {}),
    });
    console.log(`wrote ${join(out, ".env")} and ${join(out, "synapse")}/ for ${values.domain}`);
    const urls = productionUrls({ domain: values.domain, ...(values["public-url"] ? { publicUrl: values["public-url"] } : {}) });
    console.log(`seeker app: ${urls.webUrl}\nstaff console (counselors, agency and platform admins): ${urls.staffUrl}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  }
}
