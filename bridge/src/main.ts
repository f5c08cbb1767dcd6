// Entry point of the bridge process: environment → config, signals → graceful stop.
import { ConfigError, loadConfig } from "./config.ts";
import { start } from "./BridgeApp.ts";
import { createLogger } from "./logging.ts";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) process.stderr.write(`lotse-bridge: config: ${p.variable} ${p.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  process.on("uncaughtException", (err) => {
    log.fatal({ err: { name: err.name, message: err.message, stack: err.stack } }, "uncaught exception");
    process.exit(1);
  });
  process.on("unhandledRejection", (reason) => {
    // The stack names the code path (frames only; messages of ours carry no content).
    log.fatal({ reason: reason instanceof Error ? reason.message : String(reason), stack: reason instanceof Error ? reason.stack?.split("\n").slice(1, 16).join("\n") : undefined }, "unhandled rejection");
    process.exit(1);
  });

  const bridge = await start(config, { logger: log });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      log.warn({ signal }, "second signal: exiting without waiting");
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, "stopping");
    bridge.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err: err instanceof Error ? err.message : String(err) }, "stop failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main().catch((err: unknown) => {
  process.stderr.write(`lotse-bridge: start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
