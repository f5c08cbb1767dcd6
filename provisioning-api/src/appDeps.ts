// What the app is built from. Everything is constructed by the caller (start() or a test) and
// passed in; the app holds no module-level state.
import type { ApiConfig } from "./config.ts";
import type { DbHandle } from "./db/index.ts";
import type { PasswordHasher } from "./domain/passwords.ts";
import type { HomeserverClient } from "./matrix/homeserverClient.ts";

export type AppDeps = {
  config: ApiConfig;
  db: DbHandle;
  homeserver: HomeserverClient;
  passwords: PasswordHasher;
};

export type RouteOptions = { deps: AppDeps };
