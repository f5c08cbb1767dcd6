// Admin routes (staff JWT from POST /v1/auth/matrix). Who may do what:
//
// | route                                               | platform admin | agency admin (own) |
// |-----------------------------------------------------|----------------|--------------------|
// | GET    /v1/admin/agencies                           | all            | own agencies       |
// | POST   /v1/admin/agencies                           | yes            | no                 |
// | GET    /v1/admin/agencies/:id                       | yes            | yes                |
// | PATCH  /v1/admin/agencies/:id                       | yes            | yes                |
// | DELETE /v1/admin/agencies/:id  (soft delete)        | yes            | no                 |
// | PUT    /v1/admin/agencies/:id/topics/:topic/ranges  | yes            | yes                |
// | DELETE /v1/admin/agencies/:id/topics/:topic         | yes            | yes                |
// | GET    /v1/admin/agencies/:id/members               | yes            | yes                |
// | POST   /v1/admin/agencies/:id/members               | yes            | yes                |
// | DELETE /v1/admin/agencies/:id/members/:cid/roles/:r | yes            | yes                |
// | GET    /v1/admin/counselors                         | all            | own agencies' only |
// | PATCH  /v1/admin/counselors/:cid                    | yes            | if member of own   |
// | GET    /v1/admin/topics, PATCH /v1/admin/topics/:id | yes            | no                 |
// | GET/POST/DELETE /v1/admin/platform-admins           | yes            | no                 |
// | GET/POST /v1/admin/policy-bans, DELETE …/:entity     | yes            | no                 |
// | GET    /v1/admin/agencies/:id/routing-check         | yes            | yes                |
// | GET    /v1/admin/agencies/:id/audit                 | yes            | yes                |
// | GET    /v1/admin/agencies/:id/entry (localHelp.ts)  | yes            | yes                |
// | GET    /v1/admin/audit                              | yes            | no                 |
//
// Counselors without the agency_admin role, seekers and anonymous callers get 403 / 401. Every
// change is audited in its own transaction; routing-relevant changes refresh this process's
// routing index before answering (other processes follow by NOTIFY).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type, type Static } from "typebox";
import { agencyRoles, type AgencyRole, BAN_RECOMMENDATIONS, globMatches, policyRoomAliasLocalpart } from "@lotse/policies";
import type { RouteOptions } from "../appDeps.ts";
import { HomeserverUnavailableError, MatrixApiError } from "../matrix/homeserverClient.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { isUniqueViolation } from "../errorMapping.ts";
import {
  agencyIdsWithRole,
  assertCanAdministerAgency,
  assertPlatformAdmin,
  isPlatformAdmin,
  requireStaff,
} from "../plugins/staffAuth.ts";
import {
  agencyIsLive,
  counselorAgencyIds,
  createAgencyAdmin,
  getAgencyAdmin,
  grantMembership,
  listAgenciesAdmin,
  listCounselorsAdmin,
  listTopicsAdmin,
  removeAgencyTopic,
  replaceTopicRanges,
  revokeMembership,
  slugTaken,
  softDeleteAgency,
  unknownTopics,
  updateAgencyAdmin,
  updateCounselorAdmin,
  updateTopicAdmin,
} from "../repositories/adminRepository.ts";
import { addPlatformAdmin, listAudit, listPlatformAdmins, removePlatformAdmin, writeAudit } from "@lotse/store";
import { ErrorSchema, TopicIdSchema, TopicNameSchema, TopicNameTextSchema, bearerSecurity } from "./sharedSchemas.ts";

const Uuid = Type.String({ format: "uuid" });
const Postcode5 = Type.String({ pattern: "^[0-9]{5}$" });
export const MatrixUserIdSchema = Type.String({ pattern: "^@[^:\\s]+:[A-Za-z0-9.:\\-\\[\\]]+$", maxLength: 255 });
const ServerName = Type.String({ pattern: "^[A-Za-z0-9.:\\-\\[\\]]+$", maxLength: 255 });
const Language = Type.String({ pattern: "^[a-z]{2,3}$" });
const RoleSchema = Type.Union(agencyRoles.map((r) => Type.Literal(r)));

export const RangeSchema = Type.Object({ from: Postcode5, to: Postcode5 }, { additionalProperties: false });
const AgencyTopicSchema = Type.Object({ topicId: TopicIdSchema, ranges: Type.Array(RangeSchema, { maxItems: 2000 }) });

const agencyFieldProps = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  address: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
  postcode: Type.Union([Postcode5, Type.Null()]),
  description: Type.Union([Type.String({ maxLength: 5000 }), Type.Null()]),
  languages: Type.Array(Language, { minItems: 1, maxItems: 30 }),
  online: Type.Boolean(),
  teamAgency: Type.Boolean(),
  homeserverServerName: Type.Union([ServerName, Type.Null()]),
};

/** The language the bot writes in for the agency's pool room, notices and case rooms (counselors may choose their own). */
/**
 * The agency's public profile (migration 0011). Plain-text fields with limits; the phone number in
 * the characters people write one with; the website an http(s) address; services one per entry.
 */
const profileProps = {
  phone: Type.Union([Type.String({ pattern: "^\\+?[0-9][0-9 ()/\\-]{2,29}$", description: "Digits, spaces and + ( ) / -" }), Type.Null()]),
  openingHours: Type.Union([Type.String({ minLength: 1, maxLength: 1000 }), Type.Null()]),
  website: Type.Union([Type.String({ pattern: "^https?://[A-Za-z0-9][^\\s]*$", maxLength: 300 }), Type.Null()]),
  accessibilityNotes: Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()]),
  onSiteServices: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30, uniqueItems: true }),
};

/**
 * The way in from anywhere (migration 0012): the short link's slug (lower-case letters, digits,
 * hyphens) and the origins allowed to embed the agency's card — https origins (scheme, host, port;
 * no path), plus http on loopback for local testing (browsers treat loopback as secure).
 */
const entryProps = {
  slug: Type.Union([Type.String({ pattern: "^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$", description: "Short link /a/<slug>" }), Type.Null()]),
  embedOrigins: Type.Array(Type.String({ maxLength: 300, description: "https://example.org (no path)" }), { maxItems: 20, uniqueItems: true }),
};

/** Checks embed origins: each an https origin exactly (http only on loopback); names the bad one. */
export function checkEmbedOrigins(origins: readonly string[]): void {
  for (const [i, o] of origins.entries()) {
    let u: URL | undefined;
    try {
      u = new URL(o);
    } catch {
      u = undefined;
    }
    const loopback = u !== undefined && (u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]");
    const okScheme = u !== undefined && (u.protocol === "https:" || (u.protocol === "http:" && loopback));
    if (u === undefined || !okScheme || u.origin !== o || o.includes("*")) {
      throw new ApiError(ErrCode.InvalidInput, `body/embedOrigins/${i} must be an https origin like https://example.org (no path, no wildcard)`);
    }
  }
}

const BotLanguageSchema = Type.Union([Type.Literal("de"), Type.Literal("en")], { description: "The bot's language for this agency (de default, en)" });

export const AgencyAdminSchema = Type.Object({
  id: Uuid,
  ...agencyFieldProps,
  ...profileProps,
  ...entryProps,
  botLanguage: BotLanguageSchema,
  deleted: Type.Boolean(),
  updatedAt: Type.String(),
  topics: Type.Array(AgencyTopicSchema),
});

const AgencyCreateSchema = Type.Object(
  {
    name: agencyFieldProps.name,
    city: agencyFieldProps.city,
    address: Type.Optional(agencyFieldProps.address),
    postcode: Type.Optional(agencyFieldProps.postcode),
    description: Type.Optional(agencyFieldProps.description),
    languages: Type.Optional(agencyFieldProps.languages),
    online: Type.Optional(Type.Boolean()),
    teamAgency: Type.Optional(Type.Boolean()),
    homeserverServerName: Type.Optional(agencyFieldProps.homeserverServerName),
    botLanguage: Type.Optional(BotLanguageSchema),
    phone: Type.Optional(profileProps.phone),
    openingHours: Type.Optional(profileProps.openingHours),
    website: Type.Optional(profileProps.website),
    accessibilityNotes: Type.Optional(profileProps.accessibilityNotes),
    onSiteServices: Type.Optional(profileProps.onSiteServices),
    slug: Type.Optional(entryProps.slug),
    embedOrigins: Type.Optional(entryProps.embedOrigins),
    topics: Type.Optional(Type.Array(AgencyTopicSchema, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

const AgencyPatchSchema = Type.Object(
  {
    name: Type.Optional(agencyFieldProps.name),
    city: Type.Optional(agencyFieldProps.city),
    address: Type.Optional(agencyFieldProps.address),
    postcode: Type.Optional(agencyFieldProps.postcode),
    description: Type.Optional(agencyFieldProps.description),
    languages: Type.Optional(agencyFieldProps.languages),
    online: Type.Optional(Type.Boolean()),
    teamAgency: Type.Optional(Type.Boolean()),
    homeserverServerName: Type.Optional(agencyFieldProps.homeserverServerName),
    botLanguage: Type.Optional(BotLanguageSchema),
    phone: Type.Optional(profileProps.phone),
    openingHours: Type.Optional(profileProps.openingHours),
    website: Type.Optional(profileProps.website),
    accessibilityNotes: Type.Optional(profileProps.accessibilityNotes),
    onSiteServices: Type.Optional(profileProps.onSiteServices),
    slug: Type.Optional(entryProps.slug),
    embedOrigins: Type.Optional(entryProps.embedOrigins),
  },
  { additionalProperties: false, minProperties: 1 },
);

const TopicAdminSchema = Type.Object({
  id: Type.String(),
  name: TopicNameSchema,
  minPostcodeLength: Type.Integer(),
  whiteSpotAgencyId: Type.Union([Uuid, Type.Null()]),
  minAge: Type.Union([Type.Integer(), Type.Null()]),
  maxAge: Type.Union([Type.Integer(), Type.Null()]),
});

const CounselorSchema = Type.Object({
  id: Uuid,
  matrixUserId: Type.String(),
  displayName: Type.String(),
  memberships: Type.Array(Type.Object({ agencyId: Uuid, role: Type.String() })),
});

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const IdParams = Type.Object({ id: Uuid });

/** Two writers racing for one slug: the unique index decides, the loser hears 409. */
function slugConflict(err: unknown): never {
  if (isUniqueViolation(err, "agencies_slug_uq")) throw new ApiError(ErrCode.Conflict, "body/slug is taken by another agency");
  throw err;
}

export function checkRanges(ranges: Static<typeof RangeSchema>[]): void {
  for (const r of ranges) {
    if (r.from > r.to) throw new ApiError(ErrCode.InvalidInput, `range ${r.from}-${r.to}: from must not be after to`);
  }
}

export const adminRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const routing = app.lotseRouting;
  const tags = ["admin"];
  const security = bearerSecurity;

  // Agencies -----------------------------------------------------------------------------------

  app.get(
    "/v1/admin/agencies",
    {
      schema: {
        tags,
        security,
        summary: "Agencies the caller administers (platform admins: all)",
        description:
          "By name. `q` keeps the agencies whose name, town, short name or postcode contains it (any case); " +
          "`limit` and `offset` take one page. The X-Total-Count header counts every match.",
        querystring: Type.Object({
          includeDeleted: Type.Optional(Type.Boolean()),
          q: Type.Optional(Type.String({ maxLength: 100 })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
        }),
        response: { 200: Type.Array(AgencyAdminSchema), ...errors },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      const ids = isPlatformAdmin(p) ? null : agencyIdsWithRole(p, "agency_admin");
      if (ids !== null && ids.length === 0) throw new ApiError(ErrCode.Forbidden, "You administer no agency.");
      const { includeDeleted, q, limit, offset } = request.query;
      const page = await listAgenciesAdmin(db, { ids, includeDeleted: includeDeleted ?? false, q, limit, offset });
      reply.header("x-total-count", String(page.total));
      return page.agencies;
    },
  );

  app.post(
    "/v1/admin/agencies",
    { schema: { tags, security, summary: "Create an agency (platform admin)", body: AgencyCreateSchema, response: { 201: AgencyAdminSchema, ...errors } } },
    async (request, reply) => {
      const p = await requireStaff(request);
      assertPlatformAdmin(p);
      const b = request.body;
      const topicList = b.topics ?? [];
      for (const t of topicList) checkRanges(t.ranges);
      if (b.embedOrigins !== undefined) checkEmbedOrigins(b.embedOrigins);
      if (b.slug != null && (await slugTaken(db, b.slug))) throw new ApiError(ErrCode.Conflict, "body/slug is taken by another agency");
      const unknown = await unknownTopics(db, topicList.map((t) => t.topicId));
      if (unknown.length > 0) throw new ApiError(ErrCode.UnknownTopic, `Unknown topic: ${unknown.join(", ")}`);
      if (new Set(topicList.map((t) => t.topicId)).size !== topicList.length) {
        throw new ApiError(ErrCode.InvalidInput, "body/topics lists a topic twice");
      }
      const created = await createAgencyAdmin(db, p.userId, {
        name: b.name,
        city: b.city,
        address: b.address ?? null,
        postcode: b.postcode ?? null,
        description: b.description ?? null,
        languages: b.languages ?? ["de"],
        online: b.online ?? true,
        teamAgency: b.teamAgency ?? false,
        homeserverServerName: b.homeserverServerName ?? null,
        botLanguage: b.botLanguage ?? "de",
        phone: b.phone,
        openingHours: b.openingHours,
        website: b.website,
        accessibilityNotes: b.accessibilityNotes,
        onSiteServices: b.onSiteServices,
        slug: b.slug,
        embedOrigins: b.embedOrigins,
        topics: topicList,
      }).catch(slugConflict);
      await routing.refreshAgencies([created.id]);
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/v1/admin/agencies/:id",
    { schema: { tags, security, params: IdParams, response: { 200: AgencyAdminSchema, ...errors } } },
    async (request) => {
      const p = await requireStaff(request);
      assertCanAdministerAgency(p, request.params.id);
      const a = await getAgencyAdmin(db, request.params.id);
      if (a === undefined) throw new ApiError(ErrCode.UnknownAgency);
      return a;
    },
  );

  app.patch(
    "/v1/admin/agencies/:id",
    { schema: { tags, security, params: IdParams, body: AgencyPatchSchema, response: { 200: AgencyAdminSchema, ...errors } } },
    async (request) => {
      const p = await requireStaff(request);
      assertCanAdministerAgency(p, request.params.id);
      if (request.body.embedOrigins !== undefined) checkEmbedOrigins(request.body.embedOrigins);
      if (request.body.slug != null && (await slugTaken(db, request.body.slug, request.params.id))) throw new ApiError(ErrCode.Conflict, "body/slug is taken by another agency");
      const updated = await updateAgencyAdmin(db, p.userId, request.params.id, request.body).catch(slugConflict);
      if (updated === undefined) throw new ApiError(ErrCode.UnknownAgency);
      await routing.refreshAgencies([updated.id]);
      return updated;
    },
  );

  app.delete(
    "/v1/admin/agencies/:id",
    { schema: { tags, security, summary: "Soft-delete an agency (platform admin)", params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const p = await requireStaff(request);
      assertPlatformAdmin(p);
      if (!(await softDeleteAgency(db, p.userId, request.params.id))) throw new ApiError(ErrCode.UnknownAgency);
      await routing.refreshAgencies([request.params.id]);
      return reply.code(204).send(null);
    },
  );

  app.put(
    "/v1/admin/agencies/:id/topics/:topicId/ranges",
    {
      schema: {
        tags,
        security,
        summary: "Set the postcode ranges of one topic (adds the topic to the agency)",
        params: Type.Object({ id: Uuid, topicId: TopicIdSchema }),
        body: Type.Object({ ranges: Type.Array(RangeSchema, { maxItems: 2000 }) }, { additionalProperties: false }),
        response: { 200: AgencyAdminSchema, ...errors },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      const { id, topicId } = request.params;
      assertCanAdministerAgency(p, id);
      checkRanges(request.body.ranges);
      if ((await unknownTopics(db, [topicId])).length > 0) throw new ApiError(ErrCode.UnknownTopic);
      if (!(await replaceTopicRanges(db, p.userId, id, topicId, request.body.ranges))) throw new ApiError(ErrCode.UnknownAgency);
      await routing.refreshAgencies([id]);
      return (await getAgencyAdmin(db, id))!;
    },
  );

  app.delete(
    "/v1/admin/agencies/:id/topics/:topicId",
    {
      schema: {
        tags,
        security,
        summary: "Stop counseling on a topic (removes its ranges)",
        params: Type.Object({ id: Uuid, topicId: TopicIdSchema }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      const { id, topicId } = request.params;
      assertCanAdministerAgency(p, id);
      if (!(await removeAgencyTopic(db, p.userId, id, topicId))) throw new ApiError(ErrCode.NotFound, "The agency does not counsel on this topic.");
      await routing.refreshAgencies([id]);
      return reply.code(204).send(null);
    },
  );

  // The routing check: what the seeker search answers for a postcode and topic, seen from this
  // agency. The very same index and function as GET /v1/agencies (stable order); other agencies
  // are only counted, never named — their data stays out of an agency admin's reach.
  app.get(
    "/v1/admin/agencies/:id/routing-check",
    {
      schema: {
        tags,
        security,
        summary: "Does the seeker search offer this agency for a postcode and topic?",
        params: IdParams,
        querystring: Type.Object({ topic: TopicIdSchema, postcode: Type.String({ pattern: "^[0-9]{1,5}$" }) }),
        response: {
          200: Type.Object({
            offered: Type.Boolean({ description: "This agency is among the agencies the search offers" }),
            whiteSpot: Type.Boolean({ description: "The offer is the topic's fallback agency (nothing local matched)" }),
            otherAgencies: Type.Integer({ description: "How many other agencies the search offers" }),
            reason: Type.Union([Type.Literal("no_agency_in_area"), Type.Literal("no_agency_for_language"), Type.Null()], {
              description: "Why the search offers nobody (null when it offers someone)",
            }),
          }),
          ...errors,
          503: ErrorSchema,
        },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      const { id } = request.params;
      assertCanAdministerAgency(p, id);
      if (!(await agencyIsLive(db, id))) throw new ApiError(ErrCode.UnknownAgency);
      if (!routing.ready) throw new ApiError(ErrCode.Unavailable);
      const { topic, postcode } = request.query;
      const result = routing.route({ topicId: topic, postcode, order: "stable" });
      if (result.ok) {
        const offered = result.agencies.some((a) => a.id === id);
        return { offered, whiteSpot: result.whiteSpot, otherAgencies: result.agencies.length - (offered ? 1 : 0), reason: null };
      }
      switch (result.reason) {
        case "unknown_topic":
          throw new ApiError(ErrCode.UnknownTopic);
        case "invalid_postcode":
          throw new ApiError(ErrCode.InvalidInput, "querystring/postcode must be 1 to 5 digits");
        case "postcode_too_short":
          throw new ApiError(ErrCode.InvalidInput, `querystring/postcode needs at least ${result.minPostcodeLength ?? 5} digits for this topic`);
        default:
          return { offered: false, whiteSpot: false, otherAgencies: 0, reason: result.reason };
      }
    },
  );

  // Members of an agency ------------------------------------------------------------------------

  app.get(
    "/v1/admin/agencies/:id/members",
    { schema: { tags, security, params: IdParams, response: { 200: Type.Array(CounselorSchema), ...errors } } },
    async (request) => {
      const p = await requireStaff(request);
      assertCanAdministerAgency(p, request.params.id);
      if (!(await agencyIsLive(db, request.params.id))) throw new ApiError(ErrCode.UnknownAgency);
      return listCounselorsAdmin(db, { agencyIds: [request.params.id], limit: 10_000, offset: 0 });
    },
  );

  app.post(
    "/v1/admin/agencies/:id/members",
    {
      schema: {
        tags,
        security,
        summary: "Grant a role in the agency (creates the counselor on first use)",
        params: IdParams,
        body: Type.Object(
          { matrixUserId: MatrixUserIdSchema, displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), role: RoleSchema },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ counselorId: Uuid, created: Type.Boolean() }), ...errors },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      assertCanAdministerAgency(p, request.params.id);
      const r = await grantMembership(db, p.userId, request.params.id, request.body);
      if (r === undefined) throw new ApiError(ErrCode.UnknownAgency);
      return reply.code(201).send(r);
    },
  );

  app.delete(
    "/v1/admin/agencies/:id/members/:counselorId/roles/:role",
    {
      schema: {
        tags,
        security,
        params: Type.Object({ id: Uuid, counselorId: Uuid, role: RoleSchema }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      const { id, counselorId, role } = request.params;
      assertCanAdministerAgency(p, id);
      if (!(await revokeMembership(db, p.userId, id, counselorId, role as AgencyRole))) throw new ApiError(ErrCode.NotFound, "No such membership.");
      return reply.code(204).send(null);
    },
  );

  // Counselors ------------------------------------------------------------------------------------

  app.get(
    "/v1/admin/counselors",
    {
      schema: {
        tags,
        security,
        summary: "Counselors (agency admins: members of their agencies, with those memberships only)",
        querystring: Type.Object({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          offset: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: Type.Array(CounselorSchema), ...errors },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      const agencyIds = isPlatformAdmin(p) ? null : agencyIdsWithRole(p, "agency_admin");
      if (agencyIds !== null && agencyIds.length === 0) throw new ApiError(ErrCode.Forbidden, "You administer no agency.");
      return listCounselorsAdmin(db, { agencyIds, limit: request.query.limit ?? 100, offset: request.query.offset ?? 0 });
    },
  );

  app.patch(
    "/v1/admin/counselors/:id",
    {
      schema: {
        tags,
        security,
        params: IdParams,
        body: Type.Object({ displayName: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      const their = await counselorAgencyIds(db, request.params.id);
      if (!isPlatformAdmin(p)) {
        const mine = new Set(agencyIdsWithRole(p, "agency_admin"));
        if (their === undefined || !their.some((a) => mine.has(a))) {
          throw new ApiError(ErrCode.Forbidden, "This counselor is not a member of an agency you administer.");
        }
      }
      if (their === undefined || !(await updateCounselorAdmin(db, p.userId, request.params.id, request.body))) {
        throw new ApiError(ErrCode.NotFound, "No such counselor.");
      }
      return reply.code(204).send(null);
    },
  );

  // Topics (platform admin) ---------------------------------------------------------------------

  app.get(
    "/v1/admin/topics",
    { schema: { tags, security, response: { 200: Type.Array(TopicAdminSchema), ...errors } } },
    async (request) => {
      assertPlatformAdmin(await requireStaff(request));
      return listTopicsAdmin(db);
    },
  );

  app.patch(
    "/v1/admin/topics/:id",
    {
      schema: {
        tags,
        security,
        summary: "Topic settings: names (all seeker languages), minimum postcode length, white-spot agency, age limits",
        params: Type.Object({ id: TopicIdSchema }),
        body: Type.Object(
          {
            nameDe: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            nameEn: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
            names: Type.Optional(
              Type.Object(
                {
                  "de-leicht": Type.Optional(Type.Union([TopicNameTextSchema, Type.Null()])),
                  tr: Type.Optional(Type.Union([TopicNameTextSchema, Type.Null()])),
                  ar: Type.Optional(Type.Union([TopicNameTextSchema, Type.Null()])),
                  uk: Type.Optional(Type.Union([TopicNameTextSchema, Type.Null()])),
                },
                {
                  additionalProperties: false,
                  description: "Names in Leichte Sprache, Turkish, Arabic, Ukrainian: a string sets (trimmed), null removes, absent keeps",
                },
              ),
            ),
            minPostcodeLength: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
            whiteSpotAgencyId: Type.Optional(Type.Union([Uuid, Type.Null()])),
            minAge: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 150 }), Type.Null()])),
            maxAge: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 150 }), Type.Null()])),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: TopicAdminSchema, ...errors },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      assertPlatformAdmin(p);
      const b = request.body;
      if (b.minAge != null && b.maxAge != null && b.minAge > b.maxAge) {
        throw new ApiError(ErrCode.InvalidInput, "body/minAge must not exceed maxAge");
      }
      if (b.whiteSpotAgencyId != null && !(await agencyIsLive(db, b.whiteSpotAgencyId))) throw new ApiError(ErrCode.UnknownAgency);
      const t = await updateTopicAdmin(db, p.userId, request.params.id, b);
      if (t === undefined) throw new ApiError(ErrCode.UnknownTopic);
      await routing.refreshTopics();
      return t;
    },
  );

  // Platform admins ------------------------------------------------------------------------------

  app.get(
    "/v1/admin/platform-admins",
    { schema: { tags, security, response: { 200: Type.Array(Type.String()), ...errors } } },
    async (request) => {
      assertPlatformAdmin(await requireStaff(request));
      return listPlatformAdmins(db);
    },
  );

  app.post(
    "/v1/admin/platform-admins",
    {
      schema: {
        tags,
        security,
        body: Type.Object({ matrixUserId: MatrixUserIdSchema }, { additionalProperties: false }),
        response: { 201: Type.Object({ matrixUserId: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      assertPlatformAdmin(p);
      if (!(await addPlatformAdmin(db, p.userId, request.body.matrixUserId))) throw new ApiError(ErrCode.Conflict, "Already a platform admin.");
      return reply.code(201).send({ matrixUserId: request.body.matrixUserId });
    },
  );

  app.delete(
    "/v1/admin/platform-admins/:userId",
    { schema: { tags, security, params: Type.Object({ userId: MatrixUserIdSchema }), response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      const p = await requireStaff(request);
      assertPlatformAdmin(p);
      if (request.params.userId === p.userId) throw new ApiError(ErrCode.Conflict, "You cannot remove yourself.");
      if (!(await removePlatformAdmin(db, p.userId, request.params.userId))) throw new ApiError(ErrCode.NotFound, "Not a platform admin.");
      return reply.code(204).send(null);
    },
  );

  // The policy list's bans (m.policy.rule.user in the policy-list room the bridge keeps), as the
  // platform admin's console shows and changes them. Writing one is the same state event a platform
  // admin would set from a Matrix client; the bridge applies it to every platform room (or lifts
  // its bans for an emptied rule) through its one policy-list path. Audited like other changes:
  // the audit row and the state event in one database transaction (a failing write rolls it back).
  const policyAlias = () => `#${policyRoomAliasLocalpart(deps.config.userPrefix)}:${deps.config.serverName}`;
  const homeserverCall = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (err) {
      if (err instanceof HomeserverUnavailableError || err instanceof MatrixApiError) throw new ApiError(ErrCode.HomeserverUnavailable);
      throw err;
    }
  };
  const noPolicyRoom = () => new ApiError(ErrCode.RoomPending, "The policy-list room does not exist yet (the bridge makes it at its start); try again shortly.");
  const BanSchema = Type.Object({ entity: Type.String(), recommendation: Type.String(), reason: Type.String() });
  /** A Matrix ID, or a glob of one (`*`, `?`) as the spec's policy lists allow. */
  const BanEntity = Type.String({ pattern: "^@[^:\\s]+:[A-Za-z0-9.:\\-\\[\\]*?]+$", maxLength: 255 });

  app.get(
    "/v1/admin/policy-bans",
    {
      schema: {
        tags,
        security,
        summary: "The rules of the platform's policy list (read from its room)",
        response: {
          200: Type.Object({
            roomExists: Type.Boolean({ description: "False until the bridge has created the policy-list room" }),
            rules: Type.Array(BanSchema),
          }),
          ...errors,
          503: ErrorSchema,
        },
      },
    },
    async (request) => {
      assertPlatformAdmin(await requireStaff(request));
      const rules = await homeserverCall(() => deps.homeserver.policyRules(policyAlias()));
      return {
        roomExists: rules !== null,
        rules: (rules ?? []).map((r) => ({ entity: r.entity, recommendation: r.recommendation, reason: r.reason })).sort((x, y) => x.entity.localeCompare(y.entity)),
      };
    },
  );

  app.post(
    "/v1/admin/policy-bans",
    {
      schema: {
        tags,
        security,
        summary: "Ban a Matrix ID (or a glob like @spam*:example.org) from every platform room, with a reason",
        body: Type.Object({ entity: BanEntity, reason: Type.String({ minLength: 1, maxLength: 300 }) }, { additionalProperties: false }),
        response: { 201: BanSchema, ...errors, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const staff = await requireStaff(request);
      assertPlatformAdmin(staff);
      const entity = request.body.entity.trim();
      const reason = request.body.reason.trim();
      if (reason === "") throw new ApiError(ErrCode.InvalidInput, "body/reason must not be empty");
      // Never a rule that would shut out the platform's own people: the bot and the platform admins.
      const protectedIds = [await homeserverCall(() => deps.homeserver.botUserId()), ...(await listPlatformAdmins(db))];
      const hit = protectedIds.find((id) => globMatches(entity, id));
      if (hit !== undefined) throw new ApiError(ErrCode.InvalidInput, `body/entity matches ${hit === protectedIds[0] ? "the platform's bot" : "a platform admin"}; such a rule is refused`);
      const rule = { entity, recommendation: BAN_RECOMMENDATIONS[0], reason };
      await db.transaction(async (tx) => {
        await writeAudit(tx, { actor: staff.userId, action: "policy_ban.add", entityType: "policy_ban", entityId: entity, details: { reason } });
        if (!(await homeserverCall(() => deps.homeserver.putPolicyRule(policyAlias(), `rule:${entity}`, rule)))) throw noPolicyRoom();
      });
      request.log.info({ action: "policy_ban.add" }, "policy-list rule written from the console");
      return reply.code(201).send(rule);
    },
  );

  app.delete(
    "/v1/admin/policy-bans/:entity",
    {
      schema: {
        tags,
        security,
        summary: "Lift a ban of the policy list (every rule for that entity is emptied)",
        params: Type.Object({ entity: BanEntity }),
        response: { 204: Type.Null(), ...errors, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const staff = await requireStaff(request);
      assertPlatformAdmin(staff);
      const { entity } = request.params;
      const rules = await homeserverCall(() => deps.homeserver.policyRules(policyAlias()));
      if (rules === null) throw noPolicyRoom();
      // The rule may have been written from a Matrix client under another state key: every one goes.
      const matching = rules.filter((r) => r.entity === entity);
      if (matching.length === 0) throw new ApiError(ErrCode.NotFound, "No rule of the policy list names this entity.");
      await db.transaction(async (tx) => {
        await writeAudit(tx, { actor: staff.userId, action: "policy_ban.remove", entityType: "policy_ban", entityId: entity, details: { reasons: matching.map((r) => r.reason) } });
        for (const r of matching) await homeserverCall(() => deps.homeserver.putPolicyRule(policyAlias(), r.stateKey, {}));
      });
      return reply.code(204).send(null);
    },
  );

  // Audit log --------------------------------------------------------------------------------------

  const AuditEntrySchema = Type.Object({
    id: Type.Integer(),
    at: Type.String(),
    actor: Type.String(),
    action: Type.String(),
    entityType: Type.String(),
    entityId: Type.Union([Type.String(), Type.Null()]),
    details: Type.Unknown(),
  });
  /** Who / what / when: part of the actor's Matrix ID, an action or its start, a time window. */
  const auditFilterProps = {
    actor: Type.Optional(Type.String({ maxLength: 255 })),
    action: Type.Optional(Type.String({ pattern: "^[a-z_.]{1,60}$" })),
    from: Type.Optional(Type.String({ format: "date-time" })),
    to: Type.Optional(Type.String({ format: "date-time" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  };
  const auditWindow = (q: { from?: string | undefined; to?: string | undefined }) => {
    const from = q.from === undefined ? undefined : new Date(q.from);
    const to = q.to === undefined ? undefined : new Date(q.to);
    if (from !== undefined && to !== undefined && from >= to) throw new ApiError(ErrCode.InvalidInput, "querystring/from must be before to");
    return { from, to };
  };

  app.get(
    "/v1/admin/audit",
    {
      schema: {
        tags,
        security,
        querystring: Type.Object({
          entityType: Type.Optional(Type.String({ maxLength: 50 })),
          entityId: Type.Optional(Type.String({ maxLength: 255 })),
          ...auditFilterProps,
        }),
        response: { 200: Type.Array(AuditEntrySchema), ...errors },
      },
    },
    async (request) => {
      assertPlatformAdmin(await requireStaff(request));
      const q = request.query;
      return listAudit(db, { entityType: q.entityType, entityId: q.entityId, actor: q.actor, action: q.action, ...auditWindow(q), limit: q.limit ?? 100 });
    },
  );

  app.get(
    "/v1/admin/agencies/:id/audit",
    {
      schema: {
        tags,
        security,
        summary: "The audit log of one agency: its profile, ranges, topics, memberships and imports, newest first",
        params: IdParams,
        querystring: Type.Object(auditFilterProps),
        response: { 200: Type.Array(AuditEntrySchema), ...errors },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      assertCanAdministerAgency(p, request.params.id);
      if (!(await agencyIsLive(db, request.params.id))) throw new ApiError(ErrCode.UnknownAgency);
      const q = request.query;
      return listAudit(db, { agencyId: request.params.id, actor: q.actor, action: q.action, ...auditWindow(q), limit: q.limit ?? 200 });
    },
  );
};
