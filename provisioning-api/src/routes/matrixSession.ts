// POST /v1/matrix/session: a Matrix access token for the seeker's own Matrix user, obtained with
// the appservice token (the seeker's password never reaches the homeserver).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { defaultPlatformPolicy } from "@lotse/policies";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { describeErrorForLog } from "../errorMapping.ts";
import { HomeserverUnavailableError, MatrixApiError } from "../matrix/homeserverClient.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { findSeekerById } from "../repositories/seekersRepository.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

export const matrixSessionRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const relayOnly = (deps.policy ?? defaultPlatformPolicy).calls.seekerRelayOnly;

  app.post(
    "/v1/matrix/session",
    {
      schema: {
        tags: ["matrix"],
        summary: "Open a Matrix session (new device) for the signed-in seeker",
        security: bearerSecurity,
        response: {
          200: Type.Object({
            homeserverUrl: Type.String(),
            userId: Type.String(),
            accessToken: Type.String(),
            deviceId: Type.String(),
            relayOnly: Type.Boolean({
              description: "calls send media only through the platform's TURN server (policy `calls.seekerRelayOnly`): the other side never learns this device's address",
            }),
          }),
          401: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request) => {
      const seekerId = await requireSeeker(request, { allowTemporary: true });
      const seeker = await findSeekerById(db, seekerId);
      if (seeker === undefined) throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
      try {
        const session = await deps.homeserver.openSession(seeker.matrixLocalpart, seeker.username);
        return { homeserverUrl: deps.config.publicHomeserverUrl, ...session, relayOnly };
      } catch (err) {
        if (err instanceof HomeserverUnavailableError || err instanceof MatrixApiError) {
          // A Matrix error here means misconfiguration (namespace, token); the client can only retry.
          request.log.warn({ err: describeErrorForLog(err), matrix: err instanceof MatrixApiError ? err.errcode : undefined }, "matrix session failed");
          throw new ApiError(ErrCode.HomeserverUnavailable);
        }
        throw err;
      }
    },
  );
};
