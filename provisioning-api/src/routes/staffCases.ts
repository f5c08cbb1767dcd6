// The case lifecycle for staff signed in with their Matrix account (staff token, requireStaff):
// the same actions counselors type as commands in the pool room, through the same transactions
// (repositories/staffCasesRepository.ts), so a command and a route can never disagree. Roles are
// re-read from agency_memberships inside each transaction, not trusted from the token.
//
//   GET  /v1/staff/cases                          my open cases and the waiting cases of my agencies
//   POST /v1/staff/cases/:caseNumber/take         (and release, close, archive, reopen)
//   POST /v1/staff/cases/:caseNumber/assign       {counselor}   main counselors
//   POST /v1/staff/cases/:caseNumber/supervise    {supervisor}
//   POST /v1/staff/absence                        {message: string | null}
//   GET  /v1/staff/agencies/:agencyId/response-times   agency admins: waiting and answered-in-time figures
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { MAX_AWAY_MESSAGE_LENGTH } from "@lotse/policies";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { assertCanAdministerAgency, requireStaff } from "../plugins/staffAuth.ts";
import {
  type ActionFailure,
  type ActionRequest,
  agencyResponseTimes,
  listStaffCases,
  performCaseAction,
  setAbsence,
} from "@lotse/store";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const CaseStatusSchema = Type.Union([Type.Literal("new"), Type.Literal("in_progress"), Type.Literal("closed"), Type.Literal("archived")]);
const CaseNumberParams = Type.Object({ caseNumber: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const ActionResult = Type.Object({
  caseId: Type.String({ format: "uuid" }),
  caseNumber: Type.Integer(),
  action: Type.String(),
  from: CaseStatusSchema,
  status: CaseStatusSchema,
  assignedTo: Type.Union([Type.String(), Type.Null()]),
});

const StaffCase = Type.Object({
  caseId: Type.String({ format: "uuid" }),
  caseNumber: Type.Integer(),
  status: CaseStatusSchema,
  agency: Type.Object({ id: Type.String(), name: Type.String() }),
  topic: Type.Object({ id: Type.String(), name: Type.String() }),
  postcodeRegion: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: "date-time" }),
  takenAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  firstAnswerAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  assignedTo: Type.Union([Type.String(), Type.Null()]),
  mine: Type.Boolean(),
});

const errorResponses = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

/** The outcome of a refused action as the API's typed error. */
function toApiError(f: ActionFailure): ApiError {
  switch (f.error) {
    case "not_found":
      return new ApiError(ErrCode.NotFound, f.message);
    case "not_counselor":
    case "not_member":
    case "forbidden":
      return new ApiError(ErrCode.Forbidden, f.message);
    case "already_taken":
    case "wrong_status":
      return new ApiError(ErrCode.Conflict, f.message);
    case "bad_target":
    case "unknown_person":
    case "ambiguous_person":
      return new ApiError(ErrCode.InvalidInput, f.message);
  }
}

export const staffCaseRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;

  app.get(
    "/v1/staff/cases",
    {
      schema: {
        tags: ["staff"],
        summary: "My open cases and the waiting cases of my agencies",
        security: bearerSecurity,
        response: { 200: Type.Array(StaffCase), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      const rows = await listStaffCases(db, { matrixUserId: staff.userId });
      if (!Array.isArray(rows)) throw toApiError(rows);
      return rows.map((r) => ({
        caseId: r.caseId,
        caseNumber: r.caseNumber,
        status: r.status,
        agency: { id: r.agencyId, name: r.agencyName },
        topic: { id: r.topicId, name: r.topicName },
        postcodeRegion: r.postcodeRegion,
        createdAt: r.createdAt.toISOString(),
        takenAt: r.takenAt?.toISOString() ?? null,
        firstAnswerAt: r.firstAnswerAt?.toISOString() ?? null,
        assignedTo: r.assignedTo,
        mine: r.mine,
      }));
    },
  );

  async function run(staffUserId: string, req: ActionRequest) {
    const outcome = await db.transaction((tx) => performCaseAction(tx, { matrixUserId: staffUserId }, req));
    if (!outcome.ok) throw toApiError(outcome);
    return {
      caseId: outcome.caseId,
      caseNumber: outcome.caseNumber,
      action: outcome.action,
      from: outcome.from,
      status: outcome.to,
      assignedTo: outcome.assignedTo,
    };
  }

  for (const action of ["take", "release", "close", "archive", "reopen"] as const) {
    app.post(
      `/v1/staff/cases/:caseNumber/${action}`,
      {
        schema: {
          tags: ["staff"],
          summary: `${action[0]!.toUpperCase()}${action.slice(1)} a case (same rules as the !${action} command)`,
          security: bearerSecurity,
          params: CaseNumberParams,
          response: { 200: ActionResult, ...errorResponses },
        },
      },
      async (request) => {
        const staff = await requireStaff(request);
        return run(staff.userId, { action, caseNumber: request.params.caseNumber });
      },
    );
  }

  app.post(
    "/v1/staff/cases/:caseNumber/assign",
    {
      schema: {
        tags: ["staff"],
        summary: "Assign a case to a counselor of its agency (main counselors)",
        security: bearerSecurity,
        params: CaseNumberParams,
        body: Type.Object({ counselor: Type.String({ minLength: 1, maxLength: 255, description: "Matrix ID, localpart or display name" }) }),
        response: { 200: ActionResult, ...errorResponses },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      return run(staff.userId, { action: "assign", caseNumber: request.params.caseNumber, counselor: request.body.counselor });
    },
  );

  app.post(
    "/v1/staff/cases/:caseNumber/supervise",
    {
      schema: {
        tags: ["staff"],
        summary: "Open the case's encrypted supervision room with a supervisor of the agency",
        security: bearerSecurity,
        params: CaseNumberParams,
        body: Type.Object({ supervisor: Type.String({ minLength: 1, maxLength: 255, description: "Matrix ID, localpart or display name" }) }),
        response: { 200: ActionResult, ...errorResponses },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      return run(staff.userId, { action: "supervise", caseNumber: request.params.caseNumber, supervisor: request.body.supervisor });
    },
  );

  app.post(
    "/v1/staff/absence",
    {
      schema: {
        tags: ["staff"],
        summary: "Set (message) or clear (null) my absence message; the seekers of my open cases see it",
        security: bearerSecurity,
        body: Type.Object({ message: Type.Union([Type.String({ minLength: 1, maxLength: MAX_AWAY_MESSAGE_LENGTH }), Type.Null()]) }),
        response: { 200: Type.Object({ away: Type.Boolean(), openCases: Type.Integer() }), ...errorResponses },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      const message = request.body.message?.trim() || null;
      const r = await db.transaction((tx) => setAbsence(tx, { matrixUserId: staff.userId }, message));
      if (!r.ok) throw toApiError(r);
      return { away: message !== null, openCases: r.openCases };
    },
  );

  app.get(
    "/v1/staff/agencies/:agencyId/response-times",
    {
      schema: {
        tags: ["staff"],
        summary: "Response-time figures of an agency (agency admins)",
        security: bearerSecurity,
        params: Type.Object({ agencyId: Type.String({ format: "uuid" }) }),
        querystring: Type.Object({ promiseHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720 })) }),
        response: {
          200: Type.Object({
            promiseHours: Type.Integer(),
            waiting: Type.Integer({ description: "Cases without an answer yet (new or in progress)" }),
            waitingOverdue: Type.Integer({ description: "Of those, waiting longer than the promise" }),
            oldestWaitingSince: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
            answered: Type.Integer(),
            answeredInTime: Type.Integer(),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const staff = await requireStaff(request);
      assertCanAdministerAgency(staff, request.params.agencyId);
      const promiseHours = request.query.promiseHours ?? 48;
      const f = await agencyResponseTimes(db, request.params.agencyId, promiseHours, new Date());
      return { promiseHours, ...f, oldestWaitingSince: f.oldestWaitingSince?.toISOString() ?? null };
    },
  );
};
