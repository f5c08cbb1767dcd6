// GET /v1/attachments/policy: what the seeker app may attach (issue 17) — the platform policy's
// `media` section as the app needs it: file types, the size limit and the conversations that
// take files. Public (nothing personal in it); the app reads it once after sign-in.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { defaultPlatformPolicy } from "@lotse/policies";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";

export const attachmentPolicyRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const media = (deps.policy ?? defaultPlatformPolicy).media;
  const answer = {
    allowedTypes: [...media.allowedTypes],
    maxFileBytes: media.seekerMaxFileBytes,
    roomKinds: [...media.attachmentRoomKinds],
  };
  app.get(
    "/v1/attachments/policy",
    {
      schema: {
        tags: ["catalog"],
        summary: "Which files a seeker may attach, how large, and where",
        response: {
          200: Type.Object({
            allowedTypes: Type.Array(Type.String(), { description: "MIME types (empty: no attachments)" }),
            maxFileBytes: Type.Integer({ description: "largest file in bytes (the homeserver refuses larger uploads)" }),
            roomKinds: Type.Array(Type.String(), { description: "conversations that take files: case, group, whisper" }),
          }),
        },
      },
    },
    async (_request, reply) => {
      reply.header("cache-control", "public, max-age=300");
      return answer;
    },
  );
};
