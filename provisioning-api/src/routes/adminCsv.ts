// CSV import/export for platform admins (formats: repositories/adminCsvRepository.ts).
//   GET  /v1/admin/export/agencies.csv     GET  /v1/admin/export/counselors.csv
//   POST /v1/admin/import/agencies         POST /v1/admin/import/counselors   (Content-Type: text/csv)
// A file with bad lines imports nothing: 400 LOTSE_IMPORT_INVALID with `lines: [{line, reason}]`.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode, type ErrorBody } from "../errors.ts";
import { assertPlatformAdmin, requireStaff } from "../plugins/staffAuth.ts";
import {
  exportAgenciesCsv,
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
  lines: Type.Optional(Type.Array(Type.Object({ line: Type.Integer(), reason: Type.String() }))),
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

  const importSchema = (summary: string) => ({
    tags,
    security,
    summary,
    consumes: ["text/csv"],
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
      const outcome = await importAgenciesCsv(db, p.userId, request.body);
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
      const outcome = await importCounselorsCsv(db, p.userId, request.body);
      if (!outcome.ok) throw new ImportInvalidError(outcome.errors);
      return { created: outcome.created, updated: outcome.updated };
    },
  );
};
