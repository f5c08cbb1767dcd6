// Public surface of @lotse/provisioning-api.
export { buildApp, BODY_LIMIT_BYTES, type BuildAppOptions } from "./app.ts";
export type { AppDeps } from "./appDeps.ts";
export { start, type StartedApi } from "./start.ts";
export { loadConfig, ConfigError, DEFAULT_CORS_ORIGINS, type ApiConfig, type Env, type LogLevel } from "./config.ts";
export { ErrCode, errStatus, errMessage, ApiError, type ErrorBody } from "./errors.ts";
export { HomeserverClient, HomeserverUnavailableError, MatrixApiError, type MatrixSession } from "./matrix/homeserverClient.ts";
export { PasswordHasher } from "./domain/passwords.ts";
export { loadCleanupConfig } from "./cleanup/cleanupConfig.ts";
export { SynapseAdmin } from "./cleanup/synapseAdmin.ts";
