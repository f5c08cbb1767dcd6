// Moderation assembled for BridgeApp.ts: the event handlers, the job handlers, the room API wrapper
// that keeps policy-banned users out of new rooms, and the start-up request for the policy room.
import { loadPlatformPolicy, type PlatformPolicy } from "@lotse/policies";
import { requestPolicyRoomSync } from "@lotse/store";
import type { LotseDb } from "@lotse/store";
import type { Appservice } from "matrix-bot-sdk";
import type { EventHandler } from "../events/EventRouter.ts";
import type { Logger } from "pino";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import type { SomeJobHandlers } from "../jobs/jobTypes.ts";
import { type ModerationDeps, withPolicyBans } from "./Moderation.ts";
import { BotSdkModerationMatrix } from "./moderationMatrix.ts";
import { moderationHandlers, type ModerationJobKind } from "./moderationJobs.ts";
import { moderationEventHandlers } from "./ModerationProcessor.ts";

export { activeMutes, bannedUsers, policyBanFor } from "./Moderation.ts";

export type Moderation = {
  readonly policy: PlatformPolicy;
  /** Handlers for the bridge's event router: commands, flood, policy rules, policy bans. */
  readonly eventHandlers: EventHandler[];
  readonly handlers: SomeJobHandlers<ModerationJobKind>;
  /** The bridge's room API, with policy-banned users left out of new rooms and invitations. */
  wrap(matrix: MatrixRoomApi): MatrixRoomApi;
  /** Queues the policy-list room job (creates the room or invites new admins, loads the rules). */
  start(): Promise<void>;
};

export function setUpModeration(opts: {
  appservice: Appservice;
  db: LotseDb;
  serverName: string;
  userPrefix: string;
  log: Logger;
  /** Defaults to LOTSE_POLICY_FILE merged over the defaults (throws naming the bad key paths). */
  policy?: PlatformPolicy;
}): Moderation {
  const policy = opts.policy ?? loadPlatformPolicy(process.env);
  // Synapse asks the appservice about unknown aliases in its namespace (#lotse_…); matrix-bot-sdk
  // leaves such a query unanswered unless someone listens, so a lookup of a missing alias (the
  // policy room before it exists, a mistyped alias in a command) would hang until it times out.
  // The bridge creates rooms itself, never on demand: "no such room".
  opts.appservice.on("query.room", (_alias: string, respond: (result: false) => unknown) => {
    void respond(false);
  });
  const matrix = new BotSdkModerationMatrix(opts.appservice.botClient, opts.appservice.botUserId);
  const deps: ModerationDeps = { db: opts.db, matrix, policy, serverName: opts.serverName, userPrefix: opts.userPrefix, log: opts.log };
  return {
    policy,
    eventHandlers: moderationEventHandlers(deps),
    handlers: moderationHandlers(deps),
    wrap: (inner) => withPolicyBans(inner, matrix, opts.log),
    async start() {
      if (!policy.policyList.enabled) return;
      await opts.db.transaction(async (tx) => requestPolicyRoomSync(tx));
    },
  };
}
