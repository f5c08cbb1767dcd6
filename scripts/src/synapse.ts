// Runs Synapse for the local stack. Where a Docker engine answers, the official image; where none
// does, the Debian sid chroot from scripts/provision-synapse.sh. In the chroot case Synapse runs in
// a private mount namespace (unshare), so its bind mount and /proc vanish with the process: no
// mounts are left behind after a crash.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cacheDir, repoRoot } from "./paths.ts";
import { run, waitFor, httpOk } from "./proc.ts";
import { appserviceRegistration, homeserverConfig, logConfig, SEEKER_GUARD_MODULE, type SynapseConfigInput } from "./synapseConfig.ts";

/** The Synapse module every homeserver of the project loads (copied next to its config, on PYTHONPATH). */
export const seekerGuardModuleFile = join(repoRoot, "scripts", "synapse", `${SEEKER_GUARD_MODULE}.py`);

export type SynapseRuntime = "chroot" | "docker";

export type RunningSynapse = {
  url: string;
  runtime: SynapseRuntime;
  stop(): Promise<void>;
};

export async function dockerAvailable(): Promise<boolean> {
  if (process.env.LOTSE_SYNAPSE_RUNTIME === "chroot") return false;
  try {
    await run("docker", ["info", "--format", "{{.ServerVersion}}"], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

export function synapseChrootDir(): string {
  return process.env.LOTSE_SYNAPSE_ROOT ?? join(cacheDir, "synapse-sid");
}

const DOCKER_IMAGE = "matrixdotorg/synapse:v1.160.0";

/** Adds missing `address name` lines to a hosts file (the chroot's, shared by its instances). */
function ensureHosts(file: string, hosts: Record<string, string>): void {
  const current = existsSync(file) ? readFileSync(file, "utf8") : "";
  const lines = current.split("\n");
  const missing = Object.entries(hosts).filter(([name, ip]) => !lines.some((l) => l.trim().split(/\s+/)[0] === ip && l.split(/\s+/).includes(name)));
  if (missing.length > 0) {
    appendFileSync(file, (current.endsWith("\n") || current === "" ? "" : "\n") + missing.map(([name, ip]) => `${ip} ${name}`).join("\n") + "\n");
  }
}

/**
 * Writes the config files into `hostDir` and starts Synapse. `config` is everything except
 * `dataPath`, which depends on the runtime.
 */
export async function startSynapse(opts: {
  hostDir: string;
  instanceKey: string;
  config: Omit<SynapseConfigInput, "dataPath">;
  /** Host names Synapse must resolve (test federation names → loopback addresses). */
  hosts?: Record<string, string>;
  log?: (msg: string) => void;
}): Promise<RunningSynapse> {
  const log = opts.log ?? (() => {});
  const runtime: SynapseRuntime = (await dockerAvailable()) ? "docker" : "chroot";
  const key = `${opts.instanceKey.replace(/[^a-z0-9_-]/gi, "")}-${createHash("sha256").update(opts.hostDir).digest("hex").slice(0, 8)}`;
  const dataPath = runtime === "docker" ? "/data" : `/srv/lotse/${key}`;
  // Relative paths in the federation TLS settings are files inside hostDir.
  const inside = (p: string) => (p.startsWith("/") ? p : `${dataPath}/${p}`);
  const fed = opts.config.federationTls;
  const input: SynapseConfigInput = {
    ...opts.config,
    dataPath,
    ...(fed
      ? { federationTls: { ...fed, certPath: inside(fed.certPath), keyPath: inside(fed.keyPath), trustedCaPath: inside(fed.trustedCaPath) } }
      : {}),
  };
  mkdirSync(join(opts.hostDir, "media_store"), { recursive: true });
  writeFileSync(join(opts.hostDir, "homeserver.yaml"), JSON.stringify(homeserverConfig(input), null, 2), { mode: 0o600 });
  writeFileSync(join(opts.hostDir, "appservice.yaml"), JSON.stringify(appserviceRegistration(input), null, 2), { mode: 0o600 });
  writeFileSync(join(opts.hostDir, "log.config"), JSON.stringify(logConfig(input), null, 2));
  copyFileSync(seekerGuardModuleFile, join(opts.hostDir, `${SEEKER_GUARD_MODULE}.py`));
  const url = `http://${input.bindAddress ?? "127.0.0.1"}:${input.port}`;
  const versionsUrl = `${url}/_matrix/client/versions`;

  if (runtime === "docker") {
    const name = `lotse-synapse-${key}`;
    await run("docker", ["rm", "-f", name]).catch(() => {});
    log(`starting Synapse (${DOCKER_IMAGE}) on ${url}`);
    await run("docker", [
      "run", "-d", "--name", name, "--network", "host",
      "-v", `${opts.hostDir}:/data`, "-e", "SYNAPSE_CONFIG_PATH=/data/homeserver.yaml", "-e", "PYTHONPATH=/data",
      "--entrypoint", "sh", DOCKER_IMAGE, "-c",
      "python -m synapse.app.homeserver -c /data/homeserver.yaml --generate-keys && exec python -m synapse.app.homeserver -c /data/homeserver.yaml",
    ]);
    await waitFor("Synapse", () => httpOk(versionsUrl), { timeoutMs: 180_000 });
    return { url, runtime, stop: async () => void (await run("docker", ["stop", "-t", "10", name]).catch(() => {})) };
  }

  const root = synapseChrootDir();
  if (!existsSync(join(root, ".lotse-ready"))) {
    throw new Error(`Synapse chroot not provisioned at ${root}: run scripts/provision-synapse.sh`);
  }
  if (opts.hosts) ensureHosts(join(root, "etc/hosts"), opts.hosts);
  const mountPoint = join(root, dataPath);
  mkdirSync(mountPoint, { recursive: true });
  const script = [
    "set -e",
    `mount --bind "${opts.hostDir}" "${mountPoint}"`,
    `mount -t proc proc "${root}/proc"`,
    `exec chroot "${root}" /bin/sh -c 'cd ${dataPath} && export PYTHONPATH=${dataPath} && python3 -m synapse.app.homeserver -c ${dataPath}/homeserver.yaml --generate-keys && exec python3 -m synapse.app.homeserver -c ${dataPath}/homeserver.yaml'`,
  ].join("\n");
  const out = openSync(join(opts.hostDir, "synapse.stdout.log"), "a");
  log(`starting Synapse (chroot ${root}) on ${url}`);
  const child: ChildProcess = spawn("unshare", ["--mount", "--propagation", "private", "--", "sh", "-c", script], {
    stdio: ["ignore", out, out],
    detached: false,
  });
  let exited = false;
  const exitedPromise = new Promise<void>((r) => child.on("exit", () => ((exited = true), r())));
  await waitFor("Synapse", () => httpOk(versionsUrl), { timeoutMs: 180_000, isAlive: () => !exited });
  return {
    url,
    runtime,
    async stop() {
      if (exited) return;
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exitedPromise;
      clearTimeout(t);
    },
  };
}
