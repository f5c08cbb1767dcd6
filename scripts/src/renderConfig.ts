// Renders the production configuration for docker/compose.yaml from the same code the local stack
// uses: docker/.env (secrets, generated once) and docker/synapse/{homeserver.yaml, appservice.yaml,
// log.config}. Usage: node scripts/src/renderConfig.ts <server-name> <public-base-url>
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./paths.ts";
import { loadOrCreateSecrets } from "./secrets.ts";
import { appserviceRegistration, homeserverConfig, logConfig, type SynapseConfigInput } from "./synapseConfig.ts";

export function renderProductionConfig(outDir: string, serverName: string, publicBaseUrl: string): void {
  const secrets = loadOrCreateSecrets(join(outDir, "secrets"));
  const input: SynapseConfigInput = {
    serverName,
    port: 8008,
    dataPath: "/data",
    publicBaseUrl,
    database: { host: "postgres", port: 5432, user: "postgres", password: secrets.postgresPassword, database: "synapse" },
    appservice: { url: "http://bridge:9000", asToken: secrets.asToken, hsToken: secrets.hsToken, senderLocalpart: "lotse", userPrefix: "lotse_" },
    registrationSharedSecret: secrets.registrationSharedSecret,
    macaroonSecretKey: secrets.macaroonSecretKey,
    formSecret: secrets.formSecret,
    testRateLimits: false,
    logLevel: "WARNING",
  };
  const synapseDir = join(outDir, "synapse");
  mkdirSync(synapseDir, { recursive: true });
  const hs = homeserverConfig(input);
  // In the container Synapse must listen on all interfaces of its network namespace.
  (hs.listeners as { bind_addresses: string[] }[])[0]!.bind_addresses = ["0.0.0.0"];
  writeFileSync(join(synapseDir, "homeserver.yaml"), JSON.stringify(hs, null, 2), { mode: 0o600 });
  writeFileSync(join(synapseDir, "appservice.yaml"), JSON.stringify(appserviceRegistration(input), null, 2), { mode: 0o600 });
  writeFileSync(join(synapseDir, "log.config"), JSON.stringify(logConfig(input), null, 2));
  const envFile = join(outDir, ".env");
  const env = [
    `POSTGRES_PASSWORD=${secrets.postgresPassword}`,
    `LOTSE_SERVER_NAME=${serverName}`,
    `LOTSE_PUBLIC_HOMESERVER_URL=${publicBaseUrl.replace(/\/$/, "")}`,
    `LOTSE_AS_TOKEN=${secrets.asToken}`,
    `LOTSE_HS_TOKEN=${secrets.hsToken}`,
    `LOTSE_JWT_SECRET=${secrets.jwtSecret}`,
    `LOTSE_USER_PREFIX=lotse_`,
    `LOTSE_BOT_LOCALPART=lotse`,
    `LOTSE_CORS_ORIGINS=${new URL(publicBaseUrl).origin}`,
  ].join("\n");
  if (!existsSync(envFile) || readFileSync(envFile, "utf8") !== env + "\n") writeFileSync(envFile, env + "\n", { mode: 0o600 });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [serverName, publicBaseUrl] = process.argv.slice(2);
  if (!serverName || !publicBaseUrl) {
    console.error("usage: node scripts/src/renderConfig.ts <server-name> <public-base-url>");
    process.exit(2);
  }
  renderProductionConfig(join(repoRoot, "docker"), serverName, publicBaseUrl);
  console.log(`wrote docker/.env and docker/synapse/ for ${serverName}`);
}
