// GET /v1/staff/statistics?agencyId=&from=&to= (issue 14): per topic and week, cases opened, open,
// waiting for a first answer and closed, and the first-answer time (p50/p90 minutes). Agency admins
// of the agency and platform admins only. Counts only (store/src/domain/statistics.ts): no seeker,
// case or counselor identifier, and counts of 1–4 come back as "< 5".
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { agencyStatistics } from "@lotse/store";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { assertCanAdministerAgency, requireStaff } from "../plugins/staffAuth.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Literal("< 5")]);
const WEEK_MS = 7 * 24 * 3_600_000;
/** At most a year per request; the console asks for the last 12 weeks. */
const MAX_RANGE_MS = 53 * WEEK_MS;

export const staffStatisticsRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;

  app.get(
    "/v1/staff/statistics",
    {
      schema: {
        tags: ["staff"],
        summary: "Agency statistics per topic and week (no seeker identifiers, small counts suppressed)",
        security: bearerSecurity,
        querystring: Type.Object({
          agencyId: Type.String({ format: "uuid" }),
          from: Type.Optional(Type.String({ format: "date-time" })),
          to: Type.Optional(Type.String({ format: "date-time" })),
          by: Type.Optional(Type.Union([Type.Literal("topic"), Type.Literal("week")], { description: "per week and topic (default), or per week over all topics (topicId \"*\")" })),
        }),
        response: {
          200: Type.Object({
            agencyId: Type.String(),
            from: Type.String(),
            to: Type.String(),
            rows: Type.Array(
              Type.Object({
                week: Type.String(),
                topicId: Type.String(),
                opened: Count,
                open: Count,
                waiting: Count,
                closed: Count,
                firstAnswerP50Minutes: Type.Union([Type.Integer(), Type.Null()]),
                firstAnswerP90Minutes: Type.Union([Type.Integer(), Type.Null()]),
              }),
            ),
          }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      const { agencyId } = request.query;
      assertCanAdministerAgency(staff, agencyId);
      const to = request.query.to !== undefined ? new Date(request.query.to) : new Date();
      const from = request.query.from !== undefined ? new Date(request.query.from) : new Date(to.getTime() - 12 * WEEK_MS);
      if (!(from.getTime() < to.getTime()) || to.getTime() - from.getTime() > MAX_RANGE_MS) {
        throw new ApiError(ErrCode.BadRequest, "from must lie before to, at most 53 weeks apart.");
      }
      const rows = await agencyStatistics(db, agencyId, from, to, { by: request.query.by ?? "topic" });
      return { agencyId, from: from.toISOString(), to: to.toISOString(), rows };
    },
  );
};
