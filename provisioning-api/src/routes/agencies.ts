// GET /v1/agencies: the agencies a seeker is offered for a topic and a (partial) postcode.
// Answered from the in-memory routing index (routing/routingService.ts), no database round trip.
//
// Response: a JSON array (as before) of {id, name, city, languages, whiteSpot}. When the array is
// empty, the header `X-Lotse-Routing-Reason` says why: `no_agency_in_area` or
// `no_agency_for_language`. When the topic's white-spot agency is offered because nothing local
// matched, its item has `whiteSpot: true` and the header `X-Lotse-Routing` is `white_spot`.
// A postcode shorter than the topic's minimum length is 400 LOTSE_INVALID_INPUT.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { ErrorSchema, TopicIdSchema } from "./sharedSchemas.ts";

export const ROUTING_REASON_HEADER = "x-lotse-routing-reason";
export const ROUTING_KIND_HEADER = "x-lotse-routing";

export const RoutedAgencySchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  city: Type.String(),
  languages: Type.Array(Type.String(), { description: "ISO 639-1 codes" }),
  whiteSpot: Type.Boolean({ description: "The topic's fallback agency, offered because no local agency matched" }),
});

export const agencySearchRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app) => {
  app.get(
    "/v1/agencies",
    {
      schema: {
        tags: ["catalog"],
        summary: "Agencies counseling on a topic in the area of a (partial) postcode",
        description:
          "Online agencies whose postcode range for the topic contains the postcode (a prefix of at least the topic's " +
          "minimum length matches every overlapping range). Random order unless order=stable. Empty list: header " +
          "X-Lotse-Routing-Reason (no_agency_in_area | no_agency_for_language). White-spot fallback: whiteSpot=true " +
          "and header X-Lotse-Routing: white_spot.",
        querystring: Type.Object({
          topic: TopicIdSchema,
          postcode: Type.String({ pattern: "^[0-9]{1,5}$", description: "German postcode or a prefix of it" }),
          language: Type.Optional(Type.String({ pattern: "^[A-Za-z]{2,3}$", description: "ISO 639-1 code" })),
          order: Type.Optional(Type.Union([Type.Literal("random"), Type.Literal("stable")])),
          seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295, description: "Reproducible shuffle" })),
        }),
        response: { 200: Type.Array(RoutedAgencySchema), 400: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { topic, postcode, language, order, seed } = request.query;
      if (!app.lotseRouting.ready) throw new ApiError(ErrCode.Unavailable);
      const result = app.lotseRouting.route({ topicId: topic, postcode, language, order, seed });
      if (result.ok) {
        if (result.whiteSpot) void reply.header(ROUTING_KIND_HEADER, "white_spot");
        return result.agencies;
      }
      switch (result.reason) {
        case "unknown_topic":
          throw new ApiError(ErrCode.UnknownTopic);
        case "invalid_postcode":
          throw new ApiError(ErrCode.InvalidInput, "querystring/postcode must be 1 to 5 digits");
        case "postcode_too_short":
          throw new ApiError(
            ErrCode.InvalidInput,
            `querystring/postcode needs at least ${result.minPostcodeLength ?? 5} digits for this topic`,
          );
        default:
          void reply.header(ROUTING_REASON_HEADER, result.reason);
          return [];
      }
    },
  );
};
