// The bridge process assembled from built parts: the appservice (HTTP listener for Synapse and
// the bot's client), the database, and the room job worker. `start` takes a validated config and
// optional prebuilt dependencies; argv, environment and signals are main.ts's business.
//
// Storage provider: MemoryStorageProvider, on purpose. matrix-bot-sdk's appservice store only
// remembers which users are registered and which inbound transactions were handled. All of the
// bridge's durable state is in PostgreSQL (the outbox and the case rows), and "is this user
// registered" is re-learnt with one idempotent request (M_USER_IN_USE). SimpleFsStorageProvider
// would add a second, unreplicated state file that lowdb rewrites synchronously on every new
// registration — with tens of thousands of seekers that blocks the event loop and grows without
// bound — while buying nothing a restart needs. When the bridge starts acting on inbound events,
// their de-duplication belongs in PostgreSQL, next to the effect.
import { Appservice, MemoryStorageProvider, SimpleRetryJoinStrategy } from "matrix-bot-sdk";
import { agencies, agencyMemberships, createDb, type DbHandle, forums, requestForumStaffSync, requestPoolRoom } from "@lotse/store";
import { poolRoles } from "@lotse/policies";
import { and, eq, exists, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { RetryPolicy } from "@lotse/policies";
import type { BridgeConfig } from "./config.ts";
import { createLogger, routeSdkLogs } from "./logging.ts";
import { jobHandlers } from "./jobs/jobHandlers.ts";
import { classifyError, describeError } from "./jobs/jobErrors.ts";
import { RoomJobWorker } from "./jobs/RoomJobWorker.ts";
import { BotSdkMatrixRoomApi } from "./matrix/MatrixRoomApi.ts";
import { inboundEventRouter } from "./events/inboundEvents.ts";
import { startReminderLoop } from "./reminders/ReminderScanner.ts";
import { startAppointmentNoticeLoop } from "./consultation/AppointmentNotices.ts";
import { startAppointmentOutcomeLoop } from "./consultation/AppointmentPresence.ts";
import { groupScanIntervalMs, startGroupScheduler } from "./groups/GroupScheduler.ts";
import { setUpModeration } from "./moderation/index.ts";
import type { Server } from "node:http";
import { createBridgeMetrics, serveMetrics } from "./metrics.ts";

export type BridgeDeps = {
  logger?: Logger;
  /** A database handle owned by the caller (not closed by stop()). */
  db?: DbHandle;
  /** Retry policy for room jobs; its leaseMs is the claim grace (see RoomJobWorker.ts). */
  retryPolicy?: RetryPolicy;
};

export type RunningBridge = {
  readonly appservice: Appservice;
  readonly botUserId: string;
  /** The metrics listener's port when configured (0 picks a free one). */
  readonly metricsPort: number | undefined;
  stop(): Promise<void>;
};

export function appserviceRegistration(config: BridgeConfig) {
  const server = config.serverName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    id: "lotse",
    url: `http://${config.appservice.host}:${config.appservice.port}`,
    as_token: config.asToken,
    hs_token: config.hsToken,
    sender_localpart: config.botLocalpart,
    namespaces: {
      users: [{ exclusive: true, regex: `@${config.userPrefix}.*:${server}` }],
      aliases: [{ exclusive: true, regex: `#${config.userPrefix}.*:${server}` }],
      rooms: [],
    },
    rate_limited: false,
  };
}

export async function start(config: BridgeConfig, deps: BridgeDeps = {}): Promise<RunningBridge> {
  const log = deps.logger ?? createLogger(config.logLevel);
  // Group schedule scan interval (LOTSE_GROUP_SCAN_MS; 0 = off), validated before anything starts.
  const groupScanMs = groupScanIntervalMs(process.env);
  routeSdkLogs(log);

  // One connection per in-flight job (its transaction holds the row lock), one for claiming;
  // LISTEN uses a dedicated connection of its own.
  const ownDb = !deps.db;
  const dbHandle = deps.db ?? createDb(config.databaseUrl, { max: config.jobs.concurrency + 1 });

  // Metrics (metrics.ts): created always (cheap), served only when a port is configured.
  const metrics = createBridgeMetrics(dbHandle.db, { processMetrics: config.metrics !== undefined });
  let metricsServer: Awaited<ReturnType<typeof serveMetrics>> | undefined;

  const appservice = new Appservice({
    homeserverName: config.serverName,
    homeserverUrl: config.homeserverUrl,
    port: config.appservice.port,
    bindAddress: config.appservice.host,
    registration: appserviceRegistration(config),
    storage: new MemoryStorageProvider(),
    joinStrategy: new SimpleRetryJoinStrategy(),
  });

  let worker: RoomJobWorker | undefined;
  let reminders: { stop(): Promise<void> } | undefined;
  let appointmentNotices: { stop(): Promise<void> } | undefined;
  let appointmentOutcomes: { stop(): Promise<void> } | undefined;
  let groupScheduler: { stop(): Promise<void> } | undefined;
  // Moderation (moderation/): the policy file is validated here, before anything starts; every
  // room the bridge creates or invites to leaves policy-banned users out.
  const moderation = setUpModeration({ appservice, db: dbHandle.db, serverName: config.serverName, userPrefix: config.userPrefix, log: log.child({ component: "moderation" }) });
  const matrix = moderation.wrap(new BotSdkMatrixRoomApi(appservice.botClient, appservice.botUserId));
  // Inbound events are acted on before the homeserver's transaction is acknowledged (see
  // events/EventRouter.ts); registered before the listener starts so no event is missed.
  appservice.addPreprocessor(
    inboundEventRouter({
      db: dbHandle.db,
      matrix,
      userPrefix: config.userPrefix,
      ...(config.mail ? { notifyIntervalMinutes: config.mail.intervalMinutes } : {}),
      groupPolicy: moderation.policy.groups,
      consultationPolicy: moderation.policy.consultation,
      livePolicy: moderation.policy.live,
      moderation: moderation.eventHandlers,
      log: log.child({ component: "events" }),
      observe: metrics.events,
    }),
  );
  try {
    try {
      // Listens for Synapse, then registers the bot user (already present: Synapse creates the
      // sender user itself; M_USER_IN_USE is handled by the SDK).
      await appservice.begin();
    } catch (err) {
      const cls = classifyError(err);
      if (cls.kind === "permanent" || !appserviceListening(appservice)) throw err;
      // Synapse not reachable yet: jobs retry on their own, no reason to refuse to start.
      log.warn({ err: describeError(err, cls) }, "could not reach the homeserver at start-up; continuing");
    }
    worker = new RoomJobWorker({
      db: dbHandle.db,
      sql: dbHandle.sql,
      handlers: jobHandlers({
        matrix,
        serverName: config.serverName,
        userPrefix: config.userPrefix,
        policy: moderation.policy,
        mail: config.mail,
        moderation: moderation.handlers,
      }),
      log: log.child({ component: "room-jobs" }),
      concurrency: config.jobs.concurrency,
      pollMs: config.jobs.pollMs,
      observe: metrics.jobs,
      ...(deps.retryPolicy ? { policy: deps.retryPolicy } : {}),
    });
    await worker.start();
    // Every agency has a pool room: agencies created while the bridge was away (or before pool
    // rooms existed) get theirs now. One job per agency (idempotency key), so this is cheap.
    await requestMissingPoolRooms(dbHandle.db);
    await lineUpForumStaffAtStart(dbHandle.db);
    await moderation.start();
    reminders = startReminderLoop({
      db: dbHandle.db,
      log: log.child({ component: "reminders" }),
      thresholdsHours: config.reminders.thresholdsHours,
      intervalMs: config.reminders.scanMs,
    });
    // The counselor's notice before a booked appointment (consultation/AppointmentNotices.ts).
    appointmentNotices = startAppointmentNoticeLoop({
      db: dbHandle.db,
      log: log.child({ component: "appointments" }),
      policy: moderation.policy.consultation,
      mail: config.mail !== undefined,
      intervalMs: config.reminders.scanMs,
    });
    // Held or not shown up, once an appointment's grace period is over (consultation/AppointmentPresence.ts).
    appointmentOutcomes = startAppointmentOutcomeLoop({
      db: dbHandle.db,
      log: log.child({ component: "appointments" }),
      policy: moderation.policy.consultation,
      intervalMs: config.reminders.scanMs,
    });
    // Opens and closes group rooms on their schedule (groups/GroupScheduler.ts).
    if (groupScanMs > 0) groupScheduler = startGroupScheduler({ db: dbHandle.db, log: log.child({ component: "groups" }), intervalMs: groupScanMs, policy: moderation.policy.groups });
    if (config.metrics) metricsServer = await serveMetrics(metrics.registry, config.metrics.host, config.metrics.port);
  } catch (err) {
    await metricsServer?.close();
    await groupScheduler?.stop();
    await appointmentNotices?.stop();
    await appointmentOutcomes?.stop();
    await reminders?.stop();
    await closeAppservice(appservice);
    if (ownDb) await dbHandle.close().catch(() => {});
    throw err;
  }
  const metricsAddress = metricsServer?.server.address();
  const metricsPort = typeof metricsAddress === "object" && metricsAddress !== null ? metricsAddress.port : undefined;
  log.info(
    { listen: `${config.appservice.host}:${config.appservice.port}`, botUserId: appservice.botUserId, ...(metricsPort !== undefined ? { metricsPort } : {}) },
    "bridge started",
  );

  let stopped: Promise<void> | undefined;
  const runningWorker = worker;
  return {
    appservice,
    botUserId: appservice.botUserId,
    metricsPort,
    stop() {
      stopped ??= (async () => {
        log.info("bridge stopping: finishing in-flight room jobs");
        await groupScheduler?.stop();
        await appointmentNotices?.stop();
        await appointmentOutcomes?.stop();
        await reminders?.stop();
        await runningWorker.stop();
        await metricsServer?.close();
        await closeAppservice(appservice);
        if (ownDb) await dbHandle.close();
        log.info("bridge stopped");
      })();
      return stopped;
    },
  };
}

async function requestMissingPoolRooms(db: DbHandle["db"]): Promise<void> {
  await db.transaction(async (tx) => {
    // Only agencies with pool counselors: a pool room nobody is invited to is useless, and the
    // first counselor (agency.sync_pool) or the first case (case.pool_notice) creates it anyway.
    const missing = await tx
      .select({ id: agencies.id })
      .from(agencies)
      .where(
        and(
          isNull(agencies.poolRoomId),
          isNull(agencies.deletedAt),
          exists(
            tx
              .select({ one: sql`1` })
              .from(agencyMemberships)
              .where(and(eq(agencyMemberships.agencyId, agencies.id), inArray(agencyMemberships.role, [...poolRoles]))),
          ),
        ),
      );
    for (const a of missing) await requestPoolRoom(tx, a.id);
  });
}

/**
 * Forums that have a room get their staff brought in line at every start (changes the writers'
 * forum.sync_staff jobs did not cover, e.g. made before this version): one job each.
 */
async function lineUpForumStaffAtStart(db: DbHandle["db"]): Promise<void> {
  await db.transaction(async (tx) => {
    const rows = await tx.select({ topicId: forums.topicId }).from(forums).where(isNotNull(forums.roomId));
    await requestForumStaffSync(tx, rows.map((f) => f.topicId));
  });
}

// matrix-bot-sdk keeps its http.Server private and stop() does not wait for it; close it properly
// so a stopped bridge frees its port (Synapse holds keep-alive connections open).
function serverOf(appservice: Appservice): Server | undefined {
  return (appservice as unknown as { appServer?: Server }).appServer;
}

function appserviceListening(appservice: Appservice): boolean {
  return serverOf(appservice)?.listening === true;
}

async function closeAppservice(appservice: Appservice): Promise<void> {
  const server = serverOf(appservice);
  if (!server?.listening) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
