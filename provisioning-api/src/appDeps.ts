// What the app is built from. Everything is constructed by the caller (start() or a test) and
// passed in; the app holds no module-level state.
import type { PlatformPolicy } from "@lotse/policies";
import type { ApiConfig } from "./config.ts";
import type { DbHandle } from "@lotse/store";
import type { PasswordHasher } from "./domain/passwords.ts";
import type { HomeserverClient } from "./matrix/homeserverClient.ts";
import type { SynapseAdmin } from "./cleanup/synapseAdmin.ts";

export type AppDeps = {
  config: ApiConfig;
  db: DbHandle;
  homeserver: HomeserverClient;
  passwords: PasswordHasher;
  /** Synapse's admin API (LOTSE_SYNAPSE_ADMIN_TOKEN), one instance built by start.ts: deletes an erased
   *  seeker's uploads and purges ended live chats' rooms; absent without a token (no live chat then). */
  synapseAdmin?: Pick<SynapseAdmin, "deleteUserMedia" | "purgeRoom"> | null;
  /** The platform policy in force (LOTSE_POLICY_FILE, loaded by main.ts); default: the policy's defaults. */
  policy?: PlatformPolicy;
};

export type RouteOptions = { deps: AppDeps };
