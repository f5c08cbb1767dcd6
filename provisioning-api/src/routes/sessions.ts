// Sessions: POST /v1/auth/refresh (rotate), POST /v1/auth/logout (end this session),
// POST /v1/auth/logout-all (end every session of the signed-in seeker). See
// repositories/sessionsRepository.ts for the rotation and theft detection.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { eq } from "drizzle-orm";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { seekers } from "@lotse/store";
import { describeErrorForLog } from "../errorMapping.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { revokeAllSessions, revokeSessionOf, rotateSession } from "../repositories/sessionsRepository.ts";
import { bearerSecurity, ErrorSchema, SessionFields } from "./sharedSchemas.ts";

const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 512 }) });

export const sessionRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const rateLimit = { max: deps.config.rateLimitMax, timeWindow: 60_000 };
  const ttls = { accessSeconds: deps.config.tokenTtlSeconds, refreshSeconds: deps.config.refreshTokenTtlSeconds };

  app.post(
    "/v1/auth/refresh",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Exchange a refresh token for a new access token and a new refresh token (the old one is used up)",
        body: RefreshBody,
        response: { 200: Type.Object(SessionFields), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request) => {
      const r = await rotateSession(app, db, request.body.refreshToken, ttls);
      if (r.ok) return r.tokens;
      throw new ApiError(r.reason === "reused" ? ErrCode.RefreshTokenReused : ErrCode.InvalidRefreshToken);
    },
  );

  app.post(
    "/v1/auth/logout",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "End this session (its refresh token and every token rotated from the same sign-in); idempotent",
        body: RefreshBody,
        response: { 204: Type.Null(), 400: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      // Unknown and already ended sessions answer the same: nothing to learn from the reply.
      await revokeSessionOf(db, request.body.refreshToken);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/v1/auth/logout-all",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "End every session of the signed-in seeker (all refresh tokens, all access tokens issued so far)",
        security: bearerSecurity,
        response: { 204: Type.Null(), 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      await revokeAllSessions(db, seekerId);
      // The chat sessions too (every device of the seeker's Matrix user). Best effort: the API
      // sessions are ended already; a homeserver outage must not undo or block that.
      const [row] = await db.select({ localpart: seekers.matrixLocalpart }).from(seekers).where(eq(seekers.id, seekerId));
      if (row !== undefined) {
        try {
          await deps.homeserver.logoutAllDevices(`@${row.localpart}:${deps.config.serverName}`);
        } catch (err) {
          request.log.warn({ err: describeErrorForLog(err) }, "chat logout of all devices failed");
        }
      }
      return reply.code(204).send(null);
    },
  );
};
