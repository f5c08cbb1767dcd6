// `npm start`: the whole platform on loopback. PostgreSQL, Synapse, coturn, the bridge, the
// provisioning API, and the production bundles of the seeker app and the staff console served with
// production's security headers (webServers.ts); `npm run dev` (`--dev`) serves both apps from
// Vite's hot-reloading dev servers instead. Demo data seeded; URLs and demo accounts printed and
// written to var/demo-accounts.json. Ctrl-C stops everything cleanly; the next start reuses all data.
import { createHmac } from "node:crypto";
import { writeFileSync } from "node:fs";
import { startService, type Service } from "./children.ts";
import { join } from "node:path";
import { varDir } from "./paths.ts";
import { httpOk, waitFor } from "./proc.ts";
import { MatrixHttpError, registerAdminWithSharedSecret } from "./matrixAdmin.ts";
import { seedDemo } from "./seedDemo.ts";
import { seedFullScale } from "./seedFullScale.ts";
import { devPorts, infraFacts, processEnv, startInfrastructure, type Infrastructure } from "./stack.ts";
import { startWebServers } from "./webServers.ts";

const log = (m: string) => console.error(`[lotse] ${m}`);

let stopping = false;

async function main(): Promise<void> {
  const t0 = Date.now();
  const infra: Infrastructure = await startInfrastructure({ instance: "dev", ports: devPorts, log });
  const logDir = join(infra.dir, "logs");
  const children: Service[] = [];
  const service = (name: string, args: string[], env: Record<string, string>, cwd?: string) => {
    const s = startService({ name, args, env, logDir, ...(cwd ? { cwd } : {}) });
    void s.exited.then((code) => {
      if (!stopping) log(`${name} exited (${code}); see ${s.logFile}`);
    });
    children.push(s);
    return s;
  };

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    await Promise.all(children.map((c) => c.stop(10_000)));
    await infra.stop();
    log("stopped");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));

  try {
    const demo = await seedDemo({
      databaseUrl: infra.databaseUrl,
      homeserverUrl: infra.homeserverUrl,
      serverName: infra.serverName,
      registrationSharedSecret: infra.secrets.registrationSharedSecret,
    });
    // `npm start -- --full-scale` (or LOTSE_FULL_SCALE=1): the national catalogue next to the demo.
    if (process.argv.includes("--full-scale") || process.env["LOTSE_FULL_SCALE"] === "1") {
      const full = await seedFullScale({ databaseUrl: infra.databaseUrl, serverName: infra.serverName, log });
      log(`full scale: ${full.agencies} agencies, ${full.ranges} ranges, ${full.counselors} counselors${full.skipped ? " (present)" : ` (${full.ms} ms)`}`);
    }
    const env = processEnv(infraFacts(infra));
    const bridge = service("bridge", ["bridge/src/main.ts"], env);
    // The seeker app's CSP allows `connect-src 'self'` only, so the API tells it the homeserver is
    // its own origin (its server proxies /_matrix), as renderConfig does for production. Counselors'
    // Matrix clients still use Synapse's own URL.
    // The live chat without registration deletes an ended chat's room through Synapse's admin API:
    // the API gets a server admin's token (an operator account, registered once with the shared secret).
    const adminToken = await operatorAdminToken(infra.homeserverUrl, infra.serverName, infra.secrets.registrationSharedSecret);
    const api = service("provisioning-api", ["provisioning-api/src/main.ts"], {
      ...env,
      LOTSE_PUBLIC_HOMESERVER_URL: `http://127.0.0.1:${infra.ports.web}`,
      LOTSE_SYNAPSE_ADMIN_TOKEN: adminToken,
    });
    const apiUrl = `http://127.0.0.1:${infra.ports.api}`;
    const dev = process.argv.includes("--dev");
    const web = await startWebServers({
      mode: dev ? "dev" : "production",
      webPort: infra.ports.web,
      staffPort: infra.ports.web + 1,
      apiUrl,
      homeserverUrl: infra.homeserverUrl,
      buildDir: join(varDir, "web-dist"),
      logDir,
      log,
    });
    children.push(...web.services);
    const { webUrl, staffUrl } = web;
    await waitFor("provisioning API", () => httpOk(`${apiUrl}/health`), { timeoutMs: 60_000, isAlive: api.alive });
    await waitFor(
      "bridge",
      async () => (await fetch(`http://127.0.0.1:${infra.ports.appservice}/health`).catch(() => null)) !== null,
      { timeoutMs: 60_000, isAlive: bridge.alive },
    );

    const accounts = {
      homeserverUrl: infra.homeserverUrl,
      apiUrl,
      webUrl,
      staffUrl,
      counselors: demo.counselors.map(({ userId, password, agencyId, roles }) => ({ userId, password, agencyId, roles })),
      platformAdmin: { userId: demo.platformAdmin.userId, password: demo.platformAdmin.password },
      agencies: demo.agencies.map(({ id, name, topicIds, samplePostcode }) => ({ id, name, topicIds, samplePostcode })),
    };
    writeFileSync(join(varDir, "demo-accounts.json"), JSON.stringify(accounts, null, 2) + "\n", { mode: 0o600 });

    const lines = [
      "",
      "Lotse is running (Ctrl-C stops everything):",
      `  Web client (seekers)   ${webUrl}${dev ? "   (dev server, hot reload)" : "   (production bundle, production headers)"}`,
      `  Staff console          ${staffUrl}   (sign in with a demo counselor's Matrix ID and password)`,
      `  Provisioning API       ${apiUrl}   (OpenAPI: ${apiUrl}/docs/json)`,
      `  Synapse (homeserver)   ${infra.homeserverUrl}   server name: ${infra.serverName}`,
      `  PostgreSQL             127.0.0.1:${infra.ports.postgres}`,
      "",
      "Demo counselors — sign in with any Matrix client (homeserver URL above, password login):",
      ...demo.counselors.map((c) => `  ${c.userId.padEnd(36)} ${c.password}   ${c.displayName}${c.roles.includes("agency_admin") ? " — agency admin" : ""}`),
      `  ${demo.platformAdmin.userId.padEnd(36)} ${demo.platformAdmin.password}   ${demo.platformAdmin.displayName} — platform admin (admin API: POST /v1/auth/matrix)`,
      "",
      "Demo agencies:",
      ...demo.agencies.map((a) => `  ${a.name.padEnd(36)} postcode ${a.samplePostcode}  topics: ${a.topicIds.join(", ")}`),
      "",
      `Written to ${join(varDir, "demo-accounts.json")}; logs in ${logDir}. Up in ${((Date.now() - t0) / 1000).toFixed(1)} s.`,
      "",
    ];
    console.log(lines.join("\n"));
  } catch (err) {
    log(`start failed: ${err instanceof Error ? err.message : String(err)}`);
    await shutdown("error");
  }
}

await main();

/**
 * A Synapse server admin's access token for the local stack: the operator account "lotse-operator"
 * (password derived from the registration shared secret), registered on the first start and
 * signed in on the next ones.
 */
async function operatorAdminToken(homeserverUrl: string, serverName: string, sharedSecret: string): Promise<string> {
  const localpart = "lotse-operator";
  const password = createHmac("sha256", sharedSecret).update("lotse-operator-password").digest("base64url");
  try {
    return await registerAdminWithSharedSecret({ homeserverUrl, sharedSecret, localpart, password });
  } catch (err) {
    if (!(err instanceof MatrixHttpError) || err.errcode !== "M_USER_IN_USE") throw err;
  }
  const res = await fetch(`${homeserverUrl}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: `@${localpart}:${serverName}` }, password }),
  });
  const body = (await res.json()) as { access_token?: string };
  if (!res.ok || typeof body.access_token !== "string") throw new Error(`the operator account could not sign in (${res.status})`);
  return body.access_token;
}
