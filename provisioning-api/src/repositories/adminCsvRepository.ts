// CSV import and export of agencies (with their topics and postcode ranges per topic) and of
// counselors (with their roles) — the migration path from an existing platform.
//
// All or nothing: the whole file is parsed and every line validated (TypeBox for the fields, then
// references: topics, agencies, duplicates) before anything is written; each bad line is reported
// with its line number and reason. A valid file is applied in one transaction with audit entries.
// An export is a file the import accepts (and importing it changes nothing).
//
// agencies.csv — one line per agency:
//   id,name,city,address,postcode,description,languages,online,team_agency,homeserver_server_name,topics,
//   phone,opening_hours,website,accessibility_notes,on_site_services
//   The last five are the profile a visit needs (on_site_services: "Dolmetschen|Kinderbetreuung").
//   A file with the older header (up to topics) is still accepted and leaves profiles as they are.
//   id: empty = new agency; a uuid = that agency (updated when it exists, created with this id
//   otherwise). languages: "de|tr". topics: "sucht:10000-10999 20000-20999;schulden:50667-50667"
//   (a topic without ranges: "sucht:"). The line replaces the agency's fields, topics and ranges.
// counselors.csv — one line per counselor:
//   matrix_user_id,display_name,roles
//   roles: "<agency uuid>:<role>|<agency uuid>:<role>"; the line replaces the counselor's
//   memberships in live agencies (counselors not in the file, and memberships in deleted agencies,
//   are untouched).
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { Type, type Static, type TSchema } from "typebox";
import { Value } from "typebox/value";
import { agencyRoles, type AgencyRole } from "@lotse/policies";
import { agencies, agencyMemberships, counselors, topics, type LotseDb, type LotseTx, writeAudit, requestPoolRoom, requestPoolSync } from "@lotse/store";
import {
  agencyFieldsOf,
  agencyProfileOf,
  replaceAllAgencyTopics,
  listAgenciesAdmin,
  type AgencyFields,
  type AgencyProfile,
  type AgencyTopicView,
} from "./adminRepository.ts";

/**
 * Why a line is refused, as a code the console puts in words (with `field` where one field is at
 * fault); `reason` says the same in English for API callers and logs.
 */
export const csvErrorCodes = [
  "not_csv",
  "empty",
  "header",
  "field_count",
  "invalid_field",
  "duplicate",
  "unknown_topic",
  "bad_topics",
  "deleted_agency",
  "bad_roles",
  "unknown_role",
  "unknown_agency",
  "other_agency",
  "no_lines",
] as const;
export type CsvErrorCode = (typeof csvErrorCodes)[number];
export type CsvLineError = { line: number; code: CsvErrorCode; field?: string; reason: string };
export type ImportOutcome =
  | { ok: true; created: number; updated: number; agencyIds: string[] }
  | { ok: false; errors: CsvLineError[] };

export const AGENCY_COLUMNS = [
  "id",
  "name",
  "city",
  "address",
  "postcode",
  "description",
  "languages",
  "online",
  "team_agency",
  "homeserver_server_name",
  "topics",
  "phone",
  "opening_hours",
  "website",
  "accessibility_notes",
  "on_site_services",
] as const;
/** The header before the profile columns (migration 0011/0012): still imported, profiles untouched. */
export const LEGACY_AGENCY_COLUMNS = AGENCY_COLUMNS.slice(0, 11);
export const COUNSELOR_COLUMNS = ["matrix_user_id", "display_name", "roles"] as const;

const MAX_ERRORS = 1000;

const AgencyRowSchema = Type.Object({
  id: Type.Union([Type.Literal(""), Type.String({ pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" })]),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  address: Type.String({ maxLength: 300 }),
  postcode: Type.Union([Type.Literal(""), Type.String({ pattern: "^[0-9]{5}$" })]),
  description: Type.String({ maxLength: 5000 }),
  languages: Type.String({ pattern: "^[a-z]{2,3}(\\|[a-z]{2,3})*$" }),
  online: Type.Union([Type.Literal("true"), Type.Literal("false")]),
  team_agency: Type.Union([Type.Literal("true"), Type.Literal("false")]),
  homeserver_server_name: Type.Union([Type.Literal(""), Type.String({ pattern: "^[A-Za-z0-9.:\\-\\[\\]]+$", maxLength: 255 })]),
  topics: Type.String({ maxLength: 200_000 }),
  // The profile, as the admin API checks it (routes/admin.ts profileProps).
  phone: Type.Union([Type.Literal(""), Type.String({ pattern: "^\\+?[0-9][0-9 ()/\\-]{2,29}$" })]),
  opening_hours: Type.String({ maxLength: 1000 }),
  website: Type.Union([Type.Literal(""), Type.String({ pattern: "^https?://[A-Za-z0-9][^\\s]*$", maxLength: 300 })]),
  accessibility_notes: Type.String({ maxLength: 2000 }),
  on_site_services: Type.String({ maxLength: 3100 }),
});
type AgencyRowRaw = Static<typeof AgencyRowSchema>;

const CounselorRowSchema = Type.Object({
  matrix_user_id: Type.String({ pattern: "^@[^:\\s]+:[A-Za-z0-9.:\\-\\[\\]]+$", maxLength: 255 }),
  display_name: Type.String({ minLength: 1, maxLength: 100 }),
  roles: Type.String({ maxLength: 10_000 }),
});
type CounselorRowRaw = Static<typeof CounselorRowSchema>;

type Parsed<T> = { line: number; row: T };

/** Parses CSV with a header; reports structural problems (columns, quoting) per line. */
function parseCsv(
  text: string,
  columns: readonly string[],
  legacy?: readonly string[],
): { records: Parsed<Record<string, string>>[]; errors: CsvLineError[]; legacy?: boolean } {
  const errors: CsvLineError[] = [];
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: false }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    return { records: [], errors: [{ line: typeof line === "number" ? line : 1, code: "not_csv", reason: `not valid CSV (${(err as { code?: string }).code ?? "parse error"})` }] };
  }
  const header = rows[0];
  if (header === undefined) return { records: [], errors: [{ line: 1, code: "empty", reason: "the file is empty" }] };
  const got = header.record.map((h) => h.trim());
  const same = (want: readonly string[]) => got.length === want.length && got.every((h, i) => h === want[i]);
  const isLegacy = legacy !== undefined && same(legacy);
  if (!same(columns) && !isLegacy) {
    return { records: [], errors: [{ line: header.info.lines, code: "header", reason: `header must be: ${columns.join(",")}` }] };
  }
  if (isLegacy) columns = legacy;
  const records: Parsed<Record<string, string>>[] = [];
  for (const r of rows.slice(1)) {
    if (r.record.length !== columns.length) {
      errors.push({ line: r.info.lines, code: "field_count", reason: `expected ${columns.length} fields, found ${r.record.length}` });
      continue;
    }
    const row: Record<string, string> = {};
    columns.forEach((c, i) => (row[c] = r.record[i]!.trim()));
    records.push({ line: r.info.lines, row });
  }
  return { records, errors, legacy: isLegacy };
}

function schemaErrors(schema: TSchema, row: unknown): { field: string; reason: string } | undefined {
  const errs = Value.Errors(schema, row);
  if (errs.length === 0) return undefined;
  const e = errs[0]!;
  const field = e.instancePath.replace(/^\//, "") || "line";
  return { field, reason: `${field}: ${e.message}` };
}

// ---------------------------------------------------------------------------------------------
// Agencies

type AgencyImport = { id: string | null } & AgencyFields & { topics: AgencyTopicView[]; profile: AgencyProfile | null };

/** "Dolmetschen|Kinderbetreuung" → the services, or an error text. */
function parseServicesField(field: string): string[] | string {
  const list = field.split("|").map((x) => x.trim()).filter((x) => x !== "");
  if (list.length > 30) return "on_site_services: at most 30 services";
  if (list.some((x) => x.length > 100)) return "on_site_services: a service has more than 100 characters";
  if (new Set(list).size !== list.length) return "on_site_services: a service is listed twice";
  return list;
}

/** "sucht:10000-10999 20000-20999;schulden:" → topics with ranges, or an error text. */
export function parseTopicsField(field: string): AgencyTopicView[] | string {
  if (field === "") return [];
  const out: AgencyTopicView[] = [];
  const seen = new Set<string>();
  for (const part of field.split(";")) {
    const m = /^([a-z0-9-]{1,64}):(.*)$/.exec(part.trim());
    if (m === null) return `topics: "${part.slice(0, 40)}" is not topic:from-to …`;
    const topicId = m[1]!;
    if (seen.has(topicId)) return `topics: ${topicId} is listed twice`;
    seen.add(topicId);
    const ranges: { from: string; to: string }[] = [];
    for (const r of m[2]!.trim().split(/\s+/).filter((x) => x !== "")) {
      const rm = /^([0-9]{5})-([0-9]{5})$/.exec(r);
      if (rm === null) return `topics: range "${r.slice(0, 20)}" of ${topicId} is not NNNNN-NNNNN`;
      if (rm[1]! > rm[2]!) return `topics: range ${r} of ${topicId} ends before it starts`;
      ranges.push({ from: rm[1]!, to: rm[2]! });
    }
    out.push({ topicId, ranges });
  }
  return out;
}

function formatTopicsField(topicList: AgencyTopicView[]): string {
  return topicList.map((t) => `${t.topicId}:${t.ranges.map((r) => `${r.from}-${r.to}`).join(" ")}`).join(";");
}

export async function exportAgenciesCsv(db: LotseDb): Promise<string> {
  const list = (await listAgenciesAdmin(db, { ids: null, includeDeleted: false })).agencies;
  return stringify(
    list.map((a) => [
      a.id,
      a.name,
      a.city,
      a.address ?? "",
      a.postcode ?? "",
      a.description ?? "",
      a.languages.join("|"),
      String(a.online),
      String(a.teamAgency),
      a.homeserverServerName ?? "",
      formatTopicsField(a.topics),
      a.phone ?? "",
      a.openingHours ?? "",
      a.website ?? "",
      a.accessibilityNotes ?? "",
      a.onSiteServices.join("|"),
    ]),
    { header: true, columns: [...AGENCY_COLUMNS] },
  );
}

export async function importAgenciesCsv(db: LotseDb, actor: string, text: string, opts: { dryRun?: boolean } = {}): Promise<ImportOutcome> {
  const { records, errors, legacy } = parseCsv(text, AGENCY_COLUMNS, LEGACY_AGENCY_COLUMNS);
  const knownTopics = new Set((await db.select({ id: topics.id }).from(topics)).map((t) => t.id));
  const valid: { line: number; a: AgencyImport }[] = [];
  const idsInFile = new Map<string, number>();
  for (const { line, row } of records) {
    const bad = schemaErrors(legacy === true ? Type.Omit(AgencyRowSchema, ["phone", "opening_hours", "website", "accessibility_notes", "on_site_services"]) : AgencyRowSchema, row);
    if (bad !== undefined) {
      errors.push({ line, code: "invalid_field", ...bad });
      continue;
    }
    const r = row as AgencyRowRaw;
    let profile: AgencyProfile | null = null;
    if (legacy !== true) {
      const services = parseServicesField(r.on_site_services);
      if (typeof services === "string") {
        errors.push({ line, code: "invalid_field", field: "on_site_services", reason: services });
        continue;
      }
      const orNull = (v: string) => (v === "" ? null : v);
      profile = { phone: orNull(r.phone), openingHours: orNull(r.opening_hours), website: orNull(r.website), accessibilityNotes: orNull(r.accessibility_notes), onSiteServices: services };
    }
    const topicList = parseTopicsField(r.topics);
    if (typeof topicList === "string") {
      errors.push({ line, code: "bad_topics", field: "topics", reason: topicList });
      continue;
    }
    const unknown = topicList.map((t) => t.topicId).filter((t) => !knownTopics.has(t));
    if (unknown.length > 0) {
      errors.push({ line, code: "unknown_topic", field: "topics", reason: `topics: unknown topic ${unknown.join(", ")}` });
      continue;
    }
    if (r.id !== "") {
      const earlier = idsInFile.get(r.id);
      if (earlier !== undefined) {
        errors.push({ line, code: "duplicate", field: "id", reason: `id: same agency as line ${earlier}` });
        continue;
      }
      idsInFile.set(r.id, line);
    }
    valid.push({
      line,
      a: {
        id: r.id === "" ? null : r.id,
        name: r.name,
        city: r.city,
        address: r.address === "" ? null : r.address,
        postcode: r.postcode === "" ? null : r.postcode,
        description: r.description === "" ? null : r.description,
        languages: r.languages.split("|"),
        online: r.online === "true",
        teamAgency: r.team_agency === "true",
        homeserverServerName: r.homeserver_server_name === "" ? null : r.homeserver_server_name,
        topics: topicList,
        profile,
      },
    });
  }
  // Ids that name a deleted agency cannot be imported into (restore is not an import).
  const ids = [...idsInFile.keys()];
  const existing = new Map<string, boolean>();
  if (ids.length > 0) {
    const rows = await db
      .select({ id: agencies.id, deleted: sql<boolean>`${agencies.deletedAt} is not null` })
      .from(agencies)
      .where(inArray(agencies.id, ids));
    for (const r of rows) existing.set(r.id, r.deleted);
  }
  for (const v of valid) {
    if (v.a.id !== null && existing.get(v.a.id) === true) errors.push({ line: v.line, code: "deleted_agency", field: "id", reason: "id: this agency is deleted" });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((x, y) => x.line - y.line).slice(0, MAX_ERRORS) };
  if (records.length === 0) return { ok: false, errors: [{ line: 1, code: "no_lines", reason: "the file has no agency lines" }] };
  if (opts.dryRun) {
    const updated = valid.filter((v) => v.a.id !== null && existing.has(v.a.id)).length;
    return { ok: true, created: valid.length - updated, updated, agencyIds: [] };
  }

  let created = 0;
  let updated = 0;
  const touched: string[] = [];
  await db.transaction(async (tx) => {
    for (const { a } of valid) {
      const fields = { ...agencyFieldsOf(a), ...(a.profile === null ? {} : agencyProfileOf(a.profile)) };
      let id: string;
      if (a.id !== null && existing.has(a.id)) {
        await tx.update(agencies).set({ ...fields, updatedAt: sql`now()` }).where(eq(agencies.id, a.id));
        id = a.id;
        updated++;
      } else {
        const [row] = await tx
          .insert(agencies)
          .values({ ...(a.id !== null ? { id: a.id } : {}), ...fields })
          .returning({ id: agencies.id });
        id = row!.id;
        created++;
        await requestPoolRoom(tx, id);
      }
      await replaceAllAgencyTopics(tx, id, a.topics);
      touched.push(id);
      await writeAudit(tx, { actor, action: "agency.import", entityType: "agency", entityId: id, details: { topics: a.topics.map((t) => t.topicId) } });
    }
    await writeAudit(tx, { actor, action: "import.agencies", entityType: "import", entityId: null, details: { created, updated } });
  });
  return { ok: true, created, updated, agencyIds: touched };
}

// ---------------------------------------------------------------------------------------------
// Counselors

export async function exportCounselorsCsv(db: LotseDb): Promise<string> {
  const people = await db.select().from(counselors).orderBy(counselors.matrixUserId);
  const ms = await db
    .select({ counselorId: agencyMemberships.counselorId, agencyId: agencyMemberships.agencyId, role: agencyMemberships.role })
    .from(agencyMemberships)
    .innerJoin(agencies, and(eq(agencies.id, agencyMemberships.agencyId), isNull(agencies.deletedAt)))
    .orderBy(agencyMemberships.agencyId, agencyMemberships.role);
  const byPerson = new Map<string, string[]>();
  for (const m of ms) {
    let list = byPerson.get(m.counselorId);
    if (list === undefined) byPerson.set(m.counselorId, (list = []));
    list.push(`${m.agencyId}:${m.role}`);
  }
  return stringify(
    people.map((p) => [p.matrixUserId, p.displayName, (byPerson.get(p.id) ?? []).join("|")]),
    { header: true, columns: [...COUNSELOR_COLUMNS] },
  );
}

/**
 * Counselors with their roles. `agencyId` confines the import to one agency (an agency admin's own
 * import): every role must name that agency, a line replaces the person's roles in that agency
 * only, and the display name of someone who is not yet a member there is left as it is (it is
 * not the agency's to change). `dryRun` validates and counts without writing (the preview).
 */
export async function importCounselorsCsv(
  db: LotseDb,
  actor: string,
  text: string,
  opts: { agencyId?: string; dryRun?: boolean } = {},
): Promise<ImportOutcome> {
  const scope = opts.agencyId;
  const { records, errors } = parseCsv(text, COUNSELOR_COLUMNS);
  const liveAgencies = new Set(
    (await db.select({ id: agencies.id }).from(agencies).where(isNull(agencies.deletedAt))).map((a) => a.id),
  );
  const seen = new Map<string, number>();
  const valid: { userId: string; displayName: string; roles: { agencyId: string; role: AgencyRole }[] }[] = [];
  for (const { line, row } of records) {
    const bad = schemaErrors(CounselorRowSchema, row);
    if (bad !== undefined) {
      errors.push({ line, code: "invalid_field", ...bad });
      continue;
    }
    const r = row as CounselorRowRaw;
    const earlier = seen.get(r.matrix_user_id);
    if (earlier !== undefined) {
      errors.push({ line, code: "duplicate", field: "matrix_user_id", reason: `matrix_user_id: same counselor as line ${earlier}` });
      continue;
    }
    seen.set(r.matrix_user_id, line);
    const roles: { agencyId: string; role: AgencyRole }[] = [];
    let problem: CsvLineError | undefined;
    for (const part of r.roles.split("|").filter((x) => x !== "")) {
      const m = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([a-z_]+)$/.exec(part.trim());
      if (m === null) {
        problem = { line, code: "bad_roles", field: "roles", reason: `roles: "${part.slice(0, 60)}" is not <agency id>:<role>` };
        break;
      }
      if (!(agencyRoles as readonly string[]).includes(m[2]!)) {
        problem = { line, code: "unknown_role", field: "roles", reason: `roles: unknown role ${m[2]} (one of ${agencyRoles.join(", ")})` };
        break;
      }
      if (scope !== undefined && m[1] !== scope) {
        // Said the same whether the other agency exists or not: nothing about it leaks.
        problem = { line, code: "other_agency", field: "roles", reason: `roles: ${m[1]} is not this agency` };
        break;
      }
      if (!liveAgencies.has(m[1]!)) {
        problem = { line, code: "unknown_agency", field: "roles", reason: `roles: unknown agency ${m[1]}` };
        break;
      }
      if (!roles.some((x) => x.agencyId === m[1] && x.role === m[2])) roles.push({ agencyId: m[1]!, role: m[2] as AgencyRole });
    }
    if (problem !== undefined) {
      errors.push(problem);
      continue;
    }
    valid.push({ userId: r.matrix_user_id, displayName: r.display_name, roles });
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((x, y) => x.line - y.line).slice(0, MAX_ERRORS) };
  if (records.length === 0) return { ok: false, errors: [{ line: 1, code: "no_lines", reason: "the file has no counselor lines" }] };

  if (scope !== undefined) return importCounselorsIntoAgency(db, actor, scope, valid, opts.dryRun ?? false);
  if (opts.dryRun) {
    const known = valid.length === 0 ? 0 : (await db.select({ id: counselors.id }).from(counselors).where(inArray(counselors.matrixUserId, valid.map((v) => v.userId)))).length;
    return { ok: true, created: valid.length - known, updated: known, agencyIds: [] };
  }

  let created = 0;
  let updated = 0;
  await db.transaction(async (tx) => {
    const poolAgencies = new Set<string>();
    for (const v of valid) {
      const inserted = await tx
        .insert(counselors)
        .values({ matrixUserId: v.userId, displayName: v.displayName })
        .onConflictDoUpdate({ target: counselors.matrixUserId, set: { displayName: v.displayName } })
        .returning({ id: counselors.id, fresh: sql<boolean>`(xmax = 0)` });
      const person = inserted[0]!;
      if (person.fresh) created++;
      else updated++;
      // Memberships in deleted agencies are neither exported nor importable: leave them alone.
      const removed = await tx
        .delete(agencyMemberships)
        .where(
          and(
            eq(agencyMemberships.counselorId, person.id),
            inArray(agencyMemberships.agencyId, tx.select({ id: agencies.id }).from(agencies).where(isNull(agencies.deletedAt))),
          ),
        )
        .returning({ agencyId: agencyMemberships.agencyId, role: agencyMemberships.role });
      const before = removed.map((r) => `${r.agencyId}:${r.role}`).sort().join("|");
      const after = v.roles.map((r) => `${r.agencyId}:${r.role}`).sort().join("|");
      if (before !== after) {
        for (const r of removed) poolAgencies.add(r.agencyId);
        for (const r of v.roles) poolAgencies.add(r.agencyId);
      }
      if (v.roles.length > 0) {
        await tx.insert(agencyMemberships).values(v.roles.map((r) => ({ agencyId: r.agencyId, counselorId: person.id, role: r.role })));
      }
      await writeAudit(tx, {
        actor,
        action: "counselor.import",
        entityType: "counselor",
        entityId: person.id,
        details: { roles: v.roles.map((r) => `${r.agencyId}:${r.role}`) },
      });
    }
    // Pool rooms follow memberships: one sync job per agency whose members changed.
    for (const agencyId of poolAgencies) await requestPoolSync(tx, agencyId);
    await writeAudit(tx, { actor, action: "import.counselors", entityType: "import", entityId: null, details: { created, updated } });
  });
  return { ok: true, created, updated, agencyIds: [] };
}

/** The agency-scoped import (see importCounselorsCsv): one transaction, audited as the agency's. */
async function importCounselorsIntoAgency(
  db: LotseDb,
  actor: string,
  agencyId: string,
  lines: { userId: string; displayName: string; roles: { agencyId: string; role: AgencyRole }[] }[],
  dryRun: boolean,
): Promise<ImportOutcome> {
  const run = async (tx: LotseTx) => {
    const people = await tx
      .select({ id: counselors.id, matrixUserId: counselors.matrixUserId })
      .from(counselors)
      .where(inArray(counselors.matrixUserId, lines.map((l) => l.userId)));
    const byUser = new Map(people.map((p) => [p.matrixUserId, p.id]));
    const members = new Set(
      people.length === 0
        ? []
        : (
            await tx
              .selectDistinct({ id: agencyMemberships.counselorId })
              .from(agencyMemberships)
              .where(and(eq(agencyMemberships.agencyId, agencyId), inArray(agencyMemberships.counselorId, people.map((p) => p.id))))
          ).map((m) => m.id),
    );
    const created = lines.filter((l) => !byUser.has(l.userId)).length;
    const updated = lines.length - created;
    if (dryRun) return { created, updated };
    let changed = false;
    for (const l of lines) {
      let id = byUser.get(l.userId);
      if (id === undefined) {
        const [row] = await tx.insert(counselors).values({ matrixUserId: l.userId, displayName: l.displayName }).returning({ id: counselors.id });
        id = row!.id;
      } else if (members.has(id)) {
        await tx.update(counselors).set({ displayName: l.displayName }).where(eq(counselors.id, id));
      }
      const removed = await tx
        .delete(agencyMemberships)
        .where(and(eq(agencyMemberships.counselorId, id), eq(agencyMemberships.agencyId, agencyId)))
        .returning({ role: agencyMemberships.role });
      if (l.roles.length > 0) await tx.insert(agencyMemberships).values(l.roles.map((r) => ({ agencyId, counselorId: id, role: r.role })));
      const before = removed.map((r) => r.role).sort().join("|");
      const after = l.roles.map((r) => r.role).sort().join("|");
      if (before !== after) changed = true;
      await writeAudit(tx, {
        actor,
        action: "membership.import",
        entityType: "membership",
        entityId: agencyId,
        details: { counselorId: id, matrixUserId: l.userId, roles: l.roles.map((r) => r.role) },
      });
    }
    if (changed) await requestPoolSync(tx, agencyId);
    await writeAudit(tx, { actor, action: "import.counselors", entityType: "import", entityId: agencyId, details: { created, updated } });
    return { created, updated };
  };
  const r = await db.transaction(run);
  return { ok: true, ...r, agencyIds: [] };
}

/** The agency's team as the agency-scoped import accepts it: its members with their roles there. */
export async function exportAgencyCounselorsCsv(db: LotseDb, agencyId: string): Promise<string> {
  const ms = await db
    .select({ matrixUserId: counselors.matrixUserId, displayName: counselors.displayName, role: agencyMemberships.role })
    .from(agencyMemberships)
    .innerJoin(counselors, eq(counselors.id, agencyMemberships.counselorId))
    .where(eq(agencyMemberships.agencyId, agencyId))
    .orderBy(counselors.matrixUserId, agencyMemberships.role);
  const byPerson = new Map<string, { name: string; roles: string[] }>();
  for (const m of ms) {
    let p = byPerson.get(m.matrixUserId);
    if (p === undefined) byPerson.set(m.matrixUserId, (p = { name: m.displayName, roles: [] }));
    p.roles.push(`${agencyId}:${m.role}`);
  }
  return stringify(
    [...byPerson].map(([userId, p]) => [userId, p.name, p.roles.join("|")]),
    { header: true, columns: [...COUNSELOR_COLUMNS] },
  );
}
