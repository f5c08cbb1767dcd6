// CSV import/export (formats: repositories/adminCsvRepository.ts).
// Platform admins:
//   GET  /v1/admin/export/agencies.csv     GET  /v1/admin/export/counselors.csv
//   POST /v1/admin/import/agencies         POST /v1/admin/import/counselors   (Content-Type: text/csv)
// Agency admins, their own agency only (platform admins too):
//   GET  /v1/admin/agencies/:id/export/counselors.csv   POST /v1/admin/agencies/:id/import/counselors
// A file with bad lines imports nothing: 400 LOTSE_IMPORT_INVALID with `lines: [{line, code, field?,
// reason}]`. `?dryRun=true` checks a file and counts what it would create and update, writing
// nothing (the console's preview before the admin confirms).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode, type ErrorBody } from "../errors.ts";
import { assertCanAdministerAgency, assertPlatformAdmin, requireStaff } from "../plugins/staffAuth.ts";
import { agencyIsLive } from "../repositories/adminRepository.ts";
import {
  csvErrorCodes,
  exportAgenciesCsv,
  exportAgencyCounselorsCsv,
  exportCounselorsCsv,
  importAgenciesCsv,
  importCounselorsCsv,
  type CsvLineError,
} from "../repositories/adminCsvRepository.ts";
import { ErrorSchema, bearerSecurity } from "./sharedSchemas.ts";

/** Import files may be large (a national catalogue); other routes keep the 64 KiB limit. */
export const IMPORT_BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export class ImportInvalidError extends ApiError {
  readonly lines: CsvLineError[];
  constructor(lines: CsvLineError[]) {
    super(ErrCode.ImportInvalid, `${lines.length} line(s) are invalid; nothing was imported.`);
    this.lines = lines;
  }

  override toBody(): ErrorBody & { lines: CsvLineError[] } {
    return { ...super.toBody(), lines: this.lines };
  }
}

const ImportErrorSchema = Type.Object({
  errcode: Type.String(),
  error: Type.String(),
  lines: Type.Optional(
    Type.Array(
      Type.Object({
        line: Type.Integer(),
        code: Type.Union(csvErrorCodes.map((c) => Type.Literal(c))),
        field: Type.Optional(Type.String()),
        reason: Type.String(),
      }),
    ),
  ),
});

export const adminCsvRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const tags = ["admin"];
  const security = bearerSecurity;

  app.addContentTypeParser("text/csv", { parseAs: "string", bodyLimit: IMPORT_BODY_LIMIT_BYTES }, (_req, body, done) => {
    done(null, body);
  });

  const csvReply = (name: string) => ({ "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${name}"` });

  app.get(
    "/v1/admin/export/agencies.csv",
    { schema: { tags, security, summary: "All agencies with topics and ranges, as the import accepts them", response: { 200: Type.String(), 401: ErrorSchema, 403: ErrorSchema } } },
    async (request, reply) => {
      assertPlatformAdmin(await requireStaff(request));
      return reply.headers(csvReply("agencies.csv")).send(await exportAgenciesCsv(db));
    },
  );

  app.get(
    "/v1/admin/export/counselors.csv",
    { schema: { tags, security, summary: "All counselors with their roles, as the import accepts them", response: { 200: Type.String(), 401: ErrorSchema, 403: ErrorSchema } } },
    async (request, reply) => {
      assertPlatformAdmin(await requireStaff(request));
      return reply.headers(csvReply("counselors.csv")).send(await exportCounselorsCsv(db));
    },
  );

  const DryRun = Type.Object({ dryRun: Type.Optional(Type.Boolean({ description: "Check and count only; nothing is written" })) });
  const importSchema = (summary: string) => ({
    tags,
    security,
    summary,
    consumes: ["text/csv"],
    querystring: DryRun,
    body: Type.String(),
    response: {
      200: Type.Object({ created: Type.Integer(), updated: Type.Integer() }),
      400: ImportErrorSchema,
      401: ErrorSchema,
      403: ErrorSchema,
      413: ErrorSchema,
      415: ErrorSchema,
    },
  });

  app.post(
    "/v1/admin/import/agencies",
    { bodyLimit: IMPORT_BODY_LIMIT_BYTES, schema: importSchema("Import agencies (all or nothing)") },
    async (request) => {
      const p = await requireStaff(request);
      assertPlatformAdmin(p);
      const outcome = await importAgenciesCsv(db, p.userId, request.body, { dryRun: request.query.dryRun ?? false });
      if (!outcome.ok) throw new ImportInvalidError(outcome.errors);
      await app.lotseRouting.refreshAgencies(outcome.agencyIds);
      return { created: outcome.created, updated: outcome.updated };
    },
  );

  app.post(
    "/v1/admin/import/counselors",
    { bodyLimit: IMPORT_BODY_LIMIT_BYTES, schema: importSchema("Import counselors with roles (all or nothing)") },
    async (request) => {
      const p = await requireStaff(request);
      assertPlatformAdmin(p);
      const outcome = await importCounselorsCsv(db, p.userId, request.body, { dryRun: request.query.dryRun ?? false });
      if (!outcome.ok) throw new ImportInvalidError(outcome.errors);
      return { created: outcome.created, updated: outcome.updated };
    },
  );

  // One agency's team, for its agency admin --------------------------------------------------------

  const AgencyParams = Type.Object({ id: Type.String({ format: "uuid" }) });

  app.get(
    "/v1/admin/agencies/:id/export/counselors.csv",
    {
      schema: {
        tags,
        security,
        summary: "The agency's team with their roles there, as the agency's import accepts it",
        params: AgencyParams,
        response: { 200: Type.String(), 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      assertCanAdministerAgency(p, request.params.id);
      if (!(await agencyIsLive(db, request.params.id))) throw new ApiError(ErrCode.UnknownAgency);
      return reply.headers(csvReply("team.csv")).send(await exportAgencyCounselorsCsv(db, request.params.id));
    },
  );

  app.post(
    "/v1/admin/agencies/:id/import/counselors",
    {
      bodyLimit: IMPORT_BODY_LIMIT_BYTES,
      schema: {
        ...importSchema("Import the agency's team with roles in this agency (all or nothing; ?dryRun=true to preview)"),
        params: AgencyParams,
        response: { ...importSchema("").response, 404: ErrorSchema },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      const { id } = request.params;
      assertCanAdministerAgency(p, id);
      if (!(await agencyIsLive(db, id))) throw new ApiError(ErrCode.UnknownAgency);
      const outcome = await importCounselorsCsv(db, p.userId, request.body, { agencyId: id, dryRun: request.query.dryRun ?? false });
      if (!outcome.ok) throw new ImportInvalidError(outcome.errors);
      return { created: outcome.created, updated: outcome.updated };
    },
  );
};
