// Public surface of @lotse/bridge: start a bridge from a config (used by main.ts and by tools
// that run the stack in-process), plus the pure pieces other packages or tests may reuse.
export { start, appserviceRegistration, type BridgeDeps, type RunningBridge } from "./BridgeApp.ts";
export { loadConfig, ConfigError, type BridgeConfig, type Env } from "./config.ts";
export { scanGroupSchedules } from "./groups/GroupScheduler.ts";
export { caseRoomAlias, caseRoomAliasLocalpart } from "./matrix/caseRoomIdentity.ts";
