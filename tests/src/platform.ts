// The platform's own processes (provisioning API and bridge) started for real against the test
// stack, plus a tiny typed caller for the public HTTP API.
import { join } from "node:path";
import { httpOk, processEnv, startService, waitFor, type Service, type TestStackInfo } from "@lotse/scripts";

export type Platform = { apiUrl: string; api: Service; bridge: Service; stop(): Promise<void> };

export function stackEnv(stack: TestStackInfo): Record<string, string> {
  return {
    ...processEnv({
      databaseUrl: stack.databaseUrl,
      homeserverUrl: stack.homeserverUrl,
      serverName: stack.serverName,
      asToken: stack.asToken,
      hsToken: stack.hsToken,
      jwtSecret: stack.jwtSecret,
      userPrefix: stack.userPrefix,
      botLocalpart: stack.botLocalpart,
      appservicePort: stack.appservicePort,
      apiPort: stack.apiPort,
      webPort: stack.apiPort + 1,
      dataDir: stack.dataDir,
    }),
    LOTSE_RATE_LIMIT_MAX: "100000",
    LOTSE_CASES_PER_SEEKER_PER_DAY: "10000",
    LOTSE_LOG_LEVEL: "info",
    LOTSE_JOB_POLL_MS: "500",
  };
}

export function startBridge(stack: TestStackInfo, name = "bridge"): Service {
  return startService({ name, args: ["bridge/src/main.ts"], env: stackEnv(stack), logDir: join(stack.dataDir, "logs") });
}

export async function startPlatform(stack: TestStackInfo, extraApiEnv: Record<string, string> = {}): Promise<Platform> {
  const logDir = join(stack.dataDir, "logs");
  const api = startService({
    name: "provisioning-api",
    args: ["provisioning-api/src/main.ts"],
    env: { ...stackEnv(stack), ...extraApiEnv },
    logDir,
  });
  const bridge = startBridge(stack);
  const apiUrl = `http://127.0.0.1:${stack.apiPort}`;
  try {
    await waitFor("provisioning API", () => httpOk(`${apiUrl}/health`), { timeoutMs: 60_000, isAlive: api.alive });
  } catch (err) {
    // Not left behind: an API and a bridge still holding their ports fail every later file of the run.
    await Promise.all([api.stop(), bridge.stop()]);
    throw err;
  }
  return {
    apiUrl,
    api,
    bridge,
    async stop() {
      await Promise.all([api.stop(), bridge.stop()]);
    },
  };
}

export type ApiResponse<T> = { status: number; body: T };

export async function callApi<T = Record<string, unknown>>(
  apiUrl: string,
  method: "GET" | "POST",
  path: string,
  opts: { body?: unknown; token?: string } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers,
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}
