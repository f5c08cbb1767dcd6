// GET /v1/topics: what a seeker can choose from before registering (agencies: agencies.ts).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { listTopics } from "../repositories/catalogRepository.ts";
import { TopicSchema } from "./sharedSchemas.ts";

export const catalogRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;

  app.get(
    "/v1/topics",
    {
      schema: {
        tags: ["catalog"],
        summary: "The topic areas of counseling",
        response: { 200: Type.Array(TopicSchema) },
      },
    },
    async () => listTopics(db),
  );
  // GET /v1/agencies lives in agencies.ts (answered from the in-memory routing index).
};
