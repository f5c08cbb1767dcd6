// GET /v1/admin/agencies/:id/members/:counselorId/open-cases (issue 14): what removing a counselor
// from the agency would leave behind — the agency's open cases (new or in progress) assigned to
// them, by case number. Removing a role does not release these cases (revokeMembership only
// deletes the membership), so the staff console shows them before the admin confirms.
// Agency admins of the agency and platform admins.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { sql } from "drizzle-orm";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { assertCanAdministerAgency, requireStaff } from "../plugins/staffAuth.ts";
import { agencyIsLive } from "../repositories/adminRepository.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const Uuid = Type.String({ format: "uuid" });

export const adminMemberCasesRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;

  app.get(
    "/v1/admin/agencies/:id/members/:counselorId/open-cases",
    {
      schema: {
        tags: ["admin"],
        summary: "Open cases of the agency assigned to this counselor (shown before removing them)",
        security: bearerSecurity,
        params: Type.Object({ id: Uuid, counselorId: Uuid }),
        response: {
          200: Type.Object({
            openCases: Type.Integer({ minimum: 0 }),
            cases: Type.Array(Type.Object({ caseNumber: Type.Integer(), status: Type.String() })),
          }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      const { id, counselorId } = request.params;
      assertCanAdministerAgency(p, id);
      if (!(await agencyIsLive(db, id))) throw new ApiError(ErrCode.UnknownAgency);
      const rows = await db.execute<{ case_number: number; status: string }>(sql`
        select case_number, status from cases
        where agency_id = ${id} and assigned_counselor_id = ${counselorId} and status in ('new', 'in_progress')
        order by case_number`);
      return { openCases: rows.length, cases: rows.map((r) => ({ caseNumber: Number(r.case_number), status: r.status })) };
    },
  );
};
