// GET /v1/topics and GET /v1/agencies: what a seeker can choose from before registering.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { findAgenciesFor, listTopics, topicExists } from "../repositories/catalogRepository.ts";
import { AgencySchema, ErrorSchema, PostcodeSchema, TopicIdSchema, TopicSchema } from "./sharedSchemas.ts";

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

  app.get(
    "/v1/agencies",
    {
      schema: {
        tags: ["catalog"],
        summary: "Agencies counseling on a topic in the area of a postcode",
        querystring: Type.Object({ topic: TopicIdSchema, postcode: PostcodeSchema }),
        response: { 200: Type.Array(AgencySchema), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const { topic, postcode } = request.query;
      if (!(await topicExists(db, topic))) throw new ApiError(ErrCode.UnknownTopic);
      return findAgenciesFor(db, topic, postcode);
    },
  );
};
