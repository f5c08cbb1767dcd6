// POST /v1/cases opens a case (case row + room job + NOTIFY in one transaction; the bridge builds
// the room). GET /v1/cases lists the signed-in seeker's cases.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { caseOpeningRetryAfterSeconds, defaultCaseOpeningLimit } from "@lotse/policies";
import { and, eq, gt } from "drizzle-orm";
import { Type } from "typebox";
import { cases, listCasesOfSeeker, openCase } from "@lotse/store";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { agencyServesTopic, findAgency, topicExists } from "../repositories/catalogRepository.ts";
import { findSeekerById } from "../repositories/seekersRepository.ts";
import { AgencySchema, bearerSecurity, ErrorSchema, TopicIdSchema, TopicSchema } from "./sharedSchemas.ts";

const CaseStatusSchema = Type.Union(
  [Type.Literal("new"), Type.Literal("in_progress"), Type.Literal("closed"), Type.Literal("archived")],
  { description: "new (waiting for a counselor) → in_progress (a counselor has taken it) → closed → archived; reopening returns to in_progress" },
);
const CaseNumberSchema = Type.Integer({ minimum: 1, description: "Short case number counselors use (pool notices, commands)" });

export const caseRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;

  app.post(
    "/v1/cases",
    {
      // Per IP; the per-account limit is checked in the handler (it needs the seeker).
      config: { rateLimit: { max: deps.config.rateLimitMax, timeWindow: 60_000 } },
      schema: {
        tags: ["cases"],
        summary: "Open a case with an agency",
        security: bearerSecurity,
        body: Type.Object({ topic: TopicIdSchema, agencyId: Type.String({ format: "uuid" }) }),
        response: {
          201: Type.Object({
            caseId: Type.String({ format: "uuid" }),
            caseNumber: CaseNumberSchema,
            roomId: Type.Null(),
            status: Type.Literal("new"),
          }),
          400: ErrorSchema,
          401: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      const { topic, agencyId } = request.body;
      const seeker = await findSeekerById(db, seekerId);
      if (seeker === undefined) {
        throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
      }
      const limit = { ...defaultCaseOpeningLimit, perSeeker: deps.config.casesPerSeekerPerDay };
      const now = new Date();
      const since = new Date(now.getTime() - limit.windowHours * 3_600_000);
      const recent = await db.select({ createdAt: cases.createdAt }).from(cases).where(and(eq(cases.seekerId, seekerId), gt(cases.createdAt, since)));
      const wait = caseOpeningRetryAfterSeconds(
        recent.map((r) => r.createdAt),
        now,
        limit,
      );
      if (wait > 0) {
        void reply.header("retry-after", String(wait));
        throw new ApiError(ErrCode.RateLimited, `At most ${limit.perSeeker} new enquiries in ${limit.windowHours} hours. Please write in your open conversation.`);
      }
      if (!(await topicExists(db, topic))) throw new ApiError(ErrCode.UnknownTopic);
      const agency = await findAgency(db, agencyId);
      if (agency === undefined) throw new ApiError(ErrCode.UnknownAgency);
      if (!(await agencyServesTopic(db, agencyId, topic))) throw new ApiError(ErrCode.AgencyTopicMismatch);
      if (!agency.online) throw new ApiError(ErrCode.Conflict, "This agency is not taking enquiries online at the moment; please choose another one.");
      const opened = await openCase(db, {
        seekerId,
        agencyId,
        topicId: topic,
        postcodeRegion: seeker.postcode?.slice(0, 2) ?? null,
      });
      return reply.code(201).send({ caseId: opened.caseId, caseNumber: opened.caseNumber, roomId: null, status: "new" as const });
    },
  );

  app.get(
    "/v1/cases",
    {
      schema: {
        tags: ["cases"],
        summary: "The signed-in seeker's cases, newest first",
        security: bearerSecurity,
        response: {
          200: Type.Array(
            Type.Object({
              caseId: Type.String({ format: "uuid" }),
              caseNumber: CaseNumberSchema,
              roomId: Type.Union([Type.String(), Type.Null()]),
              status: CaseStatusSchema,
              absenceMessage: Type.Union([Type.String(), Type.Null()], {
                description: "The counselor's absence message while they are away (shown to the seeker); null otherwise",
              }),
              answered: Type.Boolean({ description: "A counselor has answered in the case's conversation" }),
              agency: AgencySchema,
              topic: TopicSchema,
            }),
          ),
          401: ErrorSchema,
        },
      },
    },
    async (request) => {
      const seekerId = await requireSeeker(request);
      if ((await findSeekerById(db, seekerId)) === undefined) throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
      return listCasesOfSeeker(db, seekerId);
    },
  );
};
