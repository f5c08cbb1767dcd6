// Process entry point: reads the environment, starts the API, stops on SIGINT/SIGTERM.
import { ConfigError, loadConfig, type ApiConfig } from "./config.ts";
import { start } from "./start.ts";
import { loadPlatformPolicy, type PlatformPolicy, PolicyConfigError } from "@lotse/policies";

let config: ApiConfig;
try {
  config = loadConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`lotse provisioning-api: configuration error: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

// The operator's policy file (LOTSE_POLICY_FILE) is shared with the bridge: a bad one stops both.
let policy: PlatformPolicy;
try {
  policy = loadPlatformPolicy(process.env);
} catch (err) {
  if (err instanceof PolicyConfigError) {
    process.stderr.write(`lotse provisioning-api: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}

const api = await start(config, { policy });

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    api.app.log.info({ signal }, "shutting down");
    api.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
