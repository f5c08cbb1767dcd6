// GET /v1/staff/statistics?agencyId=&from=&to= (issue 14): per topic and week, cases opened, open,
// waiting for a first answer and closed, and the first-answer time (p50/p90 minutes).
// GET /v1/staff/statistics/overview?agencyId=&from=&to=: open cases by age, cases by topic, group
// sessions and participation, live-chat waits. Agency admins of the agency and platform admins
// only; without agencyId, all agencies (platform admins only). Counts only
// (store/src/domain/statistics.ts): no seeker, case or counselor identifier, and counts of 1–4 come
// back as "< 5".
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { agencyStatistics, statisticsOverview } from "@lotse/store";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { assertCanAdministerAgency, assertPlatformAdmin, requireStaff, type StaffPrincipal } from "../plugins/staffAuth.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Literal("< 5")]);
const WEEK_MS = 7 * 24 * 3_600_000;
/** At most a year per request; the console asks for the last 12 weeks. */
const MAX_RANGE_MS = 53 * WEEK_MS;

const StatsQuery = Type.Object({
  agencyId: Type.Optional(Type.String({ format: "uuid", description: "left out: every agency (platform admins only)" })),
  from: Type.Optional(Type.String({ format: "date-time" })),
  to: Type.Optional(Type.String({ format: "date-time" })),
});

/** The agency asked for (null: all agencies), after checking the caller may read it. */
function statsScope(staff: StaffPrincipal, agencyId: string | undefined): string | null {
  if (agencyId === undefined) {
    assertPlatformAdmin(staff);
    return null;
  }
  assertCanAdministerAgency(staff, agencyId);
  return agencyId;
}

/** The period asked for: the last 12 weeks by default, at most 53 weeks. */
function statsPeriod(q: { from?: string; to?: string }, now: Date): { from: Date; to: Date } {
  const to = q.to !== undefined ? new Date(q.to) : now;
  const from = q.from !== undefined ? new Date(q.from) : new Date(to.getTime() - 12 * WEEK_MS);
  if (!(from.getTime() < to.getTime()) || to.getTime() - from.getTime() > MAX_RANGE_MS) {
    throw new ApiError(ErrCode.BadRequest, "from must lie before to, at most 53 weeks apart.");
  }
  return { from, to };
}

const Week = Type.String({ pattern: "^\\d{4}-\\d{2}-\\d{2}$" });
const Nullable = <T extends ReturnType<typeof Type.Integer> | ReturnType<typeof Type.Number>>(t: T) => Type.Union([t, Type.Null()]);

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
          ...StatsQuery.properties,
          by: Type.Optional(Type.Union([Type.Literal("topic"), Type.Literal("week")], { description: "per week and topic (default), or per week over all topics (topicId \"*\")" })),
        }),
        response: {
          200: Type.Object({
            agencyId: Type.Union([Type.String(), Type.Null()]),
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
      const agencyId = statsScope(staff, request.query.agencyId);
      const { from, to } = statsPeriod(request.query, new Date());
      const rows = await agencyStatistics(db, agencyId, from, to, { by: request.query.by ?? "topic" });
      return { agencyId, from: from.toISOString(), to: to.toISOString(), rows };
    },
  );

  app.get(
    "/v1/staff/statistics/overview",
    {
      schema: {
        tags: ["staff"],
        summary: "Open cases by age, cases by topic, group sessions and participation, live-chat waits (counts only, small counts suppressed)",
        security: bearerSecurity,
        querystring: StatsQuery,
        response: {
          200: Type.Object({
            agencyId: Type.Union([Type.String(), Type.Null()]),
            from: Type.String(),
            to: Type.String(),
            openByAge: Type.Array(Type.Object({ bucket: Type.Union([Type.Literal("under_1d"), Type.Literal("1d_2d"), Type.Literal("2d_7d"), Type.Literal("7d_28d"), Type.Literal("over_28d")]), cases: Count })),
            byTopic: Type.Array(
              Type.Object({ topicId: Type.String(), name: Type.Object({ de: Type.String(), en: Type.String() }), opened: Count, open: Count, closed: Count }),
            ),
            groups: Type.Array(Type.Object({ week: Week, sessions: Type.Integer({ minimum: 0 }), participants: Count, perSession: Nullable(Type.Number()) })),
            liveWaits: Type.Array(
              Type.Object({
                week: Week,
                chats: Count,
                taken: Count,
                notTaken: Count,
                waitP50Seconds: Nullable(Type.Integer()),
                waitP90Seconds: Nullable(Type.Integer()),
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
      const agencyId = statsScope(staff, request.query.agencyId);
      const now = new Date();
      const { from, to } = statsPeriod(request.query, now);
      const overview = await statisticsOverview(db, agencyId, from, to, now);
      return { agencyId, from: from.toISOString(), to: to.toISOString(), ...overview };
    },
  );
};
