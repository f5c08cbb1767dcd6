// Builds the Fastify app from its dependencies: external plugins first (CORS, JWT, rate limit,
// OpenAPI), then the app's own (error shape), then routes. Does not listen; see start.ts.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import fastifyCors from "@fastify/cors";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifySwagger from "@fastify/swagger";
import { registerAjvFormats, TypeBoxValidatorCompiler, type TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { AppDeps } from "./appDeps.ts";
import { ApiError, ErrCode } from "./errors.ts";
import { loggerOptions } from "./logging.ts";
import { registerAuth } from "./plugins/auth.ts";
import { installErrorHandling } from "./plugins/errorHandler.ts";
import { metricsPlugin } from "./plugins/metrics.ts";
import { registerStaffAuth } from "./plugins/staffAuth.ts";
import { tokenVersionOf } from "./repositories/sessionsRepository.ts";
import { registerRouting } from "./routing/routingService.ts";
import { agencySearchRoutes } from "./routes/agencies.ts";
import { adminRoutes } from "./routes/admin.ts";
import { adminCsvRoutes } from "./routes/adminCsv.ts";
import { authMatrixRoutes } from "./routes/authMatrix.ts";
import { accountRoutes } from "./routes/account.ts";
import { caseRoutes } from "./routes/cases.ts";
import { consultationRoutes } from "./routes/consultation.ts";
import { staffCaseRoutes } from "./routes/staffCases.ts";
import { staffStatisticsRoutes } from "./routes/staffStatistics.ts";
import { staffLiveDutyRoutes } from "./routes/staffLiveDuty.ts";
import { adminMemberCasesRoutes } from "./routes/adminMemberCases.ts";
import { forumRoutes } from "./routes/forums.ts";
import { groupRoutes } from "./routes/groups.ts";
import { attachmentPolicyRoutes } from "./routes/attachmentPolicy.ts";
import { catalogRoutes } from "./routes/catalog.ts";
import { healthRoutes } from "./routes/health.ts";
import { matrixSessionRoutes } from "./routes/matrixSession.ts";
import { seekerRoutes } from "./routes/seekers.ts";
import { sessionRoutes } from "./routes/sessions.ts";
import { exportRoutes } from "./routes/export.ts";
import { localHelpRoutes } from "./routes/localHelp.ts";
import { liveRoutes } from "./routes/live.ts";
import { LiveSweeper } from "./live/liveSweeper.ts";
import { defaultLiveChatPolicy, defaultPlatformPolicy } from "@lotse/policies";

declare module "fastify" {
  interface FastifyInstance {
    lotseLiveSweeper: LiveSweeper | undefined;
  }
}

export const BODY_LIMIT_BYTES = 64 * 1024;

export type BuildAppOptions = {
  /** Override Fastify's logger (e.g. `false` in tests); default: pino at config.logLevel. */
  logger?: FastifyServerOptions["logger"];
};

// TypeBox's string formats (email, uuid) are registered once per process; harmless to repeat.
registerAjvFormats();

export async function buildApp(deps: AppDeps, opts: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(deps.config.logLevel),
    bodyLimit: BODY_LIMIT_BYTES,
    // Behind the reverse proxy, so that rate limits apply per client rather than per proxy.
    trustProxy: deps.config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  // JSON only: anything else is 415 rather than a string body that fails validation later.
  app.removeContentTypeParser("text/plain");

  // External plugins.
  // Security headers. The API serves JSON only: no scripts, no framing, no referrer, no sniffing.
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
    crossOriginResourcePolicy: { policy: "same-site" },
    referrerPolicy: { policy: "no-referrer" },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  await app.register(fastifyCors, {
    origin: deps.config.corsOrigins,
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["content-type", "authorization"],
    exposedHeaders: ["x-lotse-routing-reason", "x-lotse-routing", "x-total-count"],
    maxAge: 600,
  });
  await registerAuth(app, {
    secret: deps.config.jwtSecret,
    tokenTtlSeconds: deps.config.tokenTtlSeconds,
    tokenVersion: (seekerId) => tokenVersionOf(deps.db.db, seekerId),
  });
  registerStaffAuth(app, { jwtSecret: deps.config.jwtSecret, ttlSeconds: deps.config.staffTokenTtlSeconds });
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: () => new ApiError(ErrCode.RateLimited),
  });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: { title: "Lotse provisioning API", version: "1.0.0", description: "Public HTTP API v1 of Lotse." },
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
    },
  });

  // The app's own plugins.
  installErrorHandling(app);
  await app.register(metricsPlugin);

  // The in-memory routing index (GET /v1/agencies; admin writes refresh it).
  await registerRouting(app, deps.db);

  // The live chat's sweeper (erases ended chats); only with Synapse's admin API (the one SynapseAdmin
  // built by start.ts from LOTSE_SYNAPSE_ADMIN_TOKEN, or a test's). Its loop is started by start.ts;
  // tests call runOnce.
  const admin = deps.synapseAdmin ?? null;
  app.decorate(
    "lotseLiveSweeper",
    admin === null
      ? undefined
      : new LiveSweeper({
          db: deps.db.db,
          homeserver: deps.homeserver,
          admin,
          serverName: deps.config.serverName,
          policy: (deps.policy ?? defaultPlatformPolicy).live ?? defaultLiveChatPolicy,
          log: app.log,
        }),
  );
  app.addHook("onClose", async () => {
    await app.lotseLiveSweeper?.stop();
  });

  // Routes.
  const routeOpts = { deps };
  await app.register(healthRoutes, routeOpts);
  await app.register(catalogRoutes, routeOpts);
  await app.register(attachmentPolicyRoutes, routeOpts);
  await app.register(agencySearchRoutes, routeOpts);
  await app.register(authMatrixRoutes, routeOpts);
  await app.register(adminRoutes, routeOpts);
  await app.register(adminCsvRoutes, routeOpts);
  await app.register(seekerRoutes, routeOpts);
  await app.register(sessionRoutes, routeOpts);
  await app.register(exportRoutes, routeOpts);
  await app.register(matrixSessionRoutes, routeOpts);
  await app.register(caseRoutes, routeOpts);
  await app.register(consultationRoutes, routeOpts);
  await app.register(staffCaseRoutes, routeOpts);
  await app.register(staffStatisticsRoutes, routeOpts);
  await app.register(staffLiveDutyRoutes, routeOpts);
  await app.register(adminMemberCasesRoutes, routeOpts);
  await app.register(groupRoutes, routeOpts);
  await app.register(forumRoutes, routeOpts);
  await app.register(accountRoutes, routeOpts);
  await app.register(liveRoutes, routeOpts);
  await app.register(localHelpRoutes, routeOpts);
  app.get("/docs/json", { schema: { hide: true } }, async () => app.swagger());

  await app.ready();
  return app;
}
