// Local help and the way in from anywhere (issue 15).
//
//   GET  /v1/cases/:caseId/local-help                 (seeker) "Beratung vor Ort": the case's agency's
//        on-site details, nearby agencies for the case's topic (also on-site-only ones) from the
//        routing index by the postcode the seeker gave (else the case's region), and the agencies
//        counselors recommended, with their notes
//   POST /v1/staff/cases/:caseNumber/recommendations  (staff, a member of the case's agency)
//        {agency: id or short-link slug, note} — the same transaction as the bot's `!empfehlen`
//   GET  /v1/admin/agencies/:id/entry?lang=           (agency admin) the entry snippets: link button,
//        iframe card, short link, deep link — in the card language asked for (domain/entryCard.ts)
//   GET  /widget/:agencyId?lang=                      (public) the small iframe card in one of the seeker
//        app's seven languages, framable only by the agency's listed origins (CSP frame-ancestors),
//        no cookies, nothing third-party
//   GET  /a/:slug?lang=                               (public) the short link → the app's deep link
//   GET  /v1/agencies/:agencyId                       (public) what a deep link `?agency=` needs to
//        open the agency directly: name, city, languages, topics, whether it takes online enquiries
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { nearbyAgencies, seekerLocales } from "@lotse/policies";
import {
  agencies,
  agencyTopics,
  agencyVisitDetails,
  cases,
  RECOMMENDATION_NOTE_MAX,
  recommendAgency,
  recommendationsOfCase,
  seekers,
  type RecommendError,
} from "@lotse/store";
import { and, eq, isNull } from "drizzle-orm";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { assertCanAdministerAgency, requireStaff } from "../plugins/staffAuth.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";
import { agencyDeepLink, cardCsp, cardLanguage, entrySnippets, renderCard } from "../domain/entryCard.ts";

/** How many nearby agencies the case page lists at most. */
export const NEARBY_LIMIT = 8;

export const AgencyVisitSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  city: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  postcode: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  openingHours: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  accessibilityNotes: Type.Union([Type.String(), Type.Null()]),
  onSiteServices: Type.Array(Type.String()),
  online: Type.Boolean({ description: "False: counsels on site only (not offered for online enquiries)" }),
});

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };

function recommendError(e: RecommendError): ApiError {
  switch (e) {
    case "not_counselor":
      return new ApiError(ErrCode.Forbidden, "Only counselors recommend agencies.");
    case "unknown_case":
    case "not_member":
      return new ApiError(ErrCode.NotFound, "No such case at your agencies.");
    case "case_closed":
      return new ApiError(ErrCode.Conflict, "The case is closed.");
    case "unknown_agency":
      return new ApiError(ErrCode.UnknownAgency);
    case "same_agency":
      return new ApiError(ErrCode.InvalidInput, "body/agency is the case's own agency");
    case "note_too_long":
      return new ApiError(ErrCode.InvalidInput, `body/note must be at most ${RECOMMENDATION_NOTE_MAX} characters`);
  }
}

export const localHelpRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const webBase = (deps.config.publicWebUrl ?? "").replace(/\/+$/, "");

  app.get(
    "/v1/agencies/:agencyId",
    {
      schema: {
        tags: ["catalog"],
        summary: "One agency, for a deep link (?agency=…): name, city, languages, topics, online",
        params: Type.Object({ agencyId: Type.String({ format: "uuid" }) }),
        response: {
          200: Type.Object({
            id: Type.String({ format: "uuid" }),
            name: Type.String(),
            city: Type.String(),
            languages: Type.Array(Type.String()),
            topics: Type.Array(Type.String(), { description: "Topic ids the agency counsels on" }),
            online: Type.Boolean({ description: "False: takes no online enquiries (on site only)" }),
          }),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (request) => {
      const [a] = await db
        .select({ id: agencies.id, name: agencies.name, city: agencies.city, languages: agencies.languages, online: agencies.online })
        .from(agencies)
        .where(and(eq(agencies.id, request.params.agencyId), isNull(agencies.deletedAt)));
      if (a === undefined) throw new ApiError(ErrCode.UnknownAgency);
      const topicRows = await db.select({ topicId: agencyTopics.topicId }).from(agencyTopics).where(eq(agencyTopics.agencyId, a.id)).orderBy(agencyTopics.topicId);
      return { ...a, topics: topicRows.map((t) => t.topicId) };
    },
  );

  app.get(
    "/v1/cases/:caseId/local-help",
    {
      schema: {
        tags: ["cases"],
        summary: "Beratung vor Ort: the case's agency on site, nearby agencies for the topic, recommendations",
        security: bearerSecurity,
        params: Type.Object({ caseId: Type.String({ format: "uuid" }) }),
        response: {
          200: Type.Object({
            agency: Type.Union([AgencyVisitSchema, Type.Null()]),
            nearby: Type.Array(AgencyVisitSchema),
            recommendations: Type.Array(
              Type.Object({ id: Type.String({ format: "uuid" }), note: Type.String(), createdAt: Type.String({ format: "date-time" }), agency: AgencyVisitSchema }),
            ),
          }),
          ...errors,
          503: ErrorSchema,
        },
      },
    },
    async (request) => {
      const seekerId = await requireSeeker(request);
      const [row] = await db
        .select({ id: cases.id, agencyId: cases.agencyId, topicId: cases.topicId, region: cases.postcodeRegion, postcode: seekers.postcode })
        .from(cases)
        .innerJoin(seekers, eq(seekers.id, cases.seekerId))
        .where(and(eq(cases.id, request.params.caseId), eq(cases.seekerId, seekerId)));
      // Someone else's case is as unknown as a missing one.
      if (row === undefined) throw new ApiError(ErrCode.NotFound, "No such case.");
      // What the seeker gave (the full postcode) wins over the case's two-digit region.
      const where = row.postcode ?? row.region;
      if (!app.lotseRouting.ready) throw new ApiError(ErrCode.Unavailable);
      const nearIds =
        where === null
          ? []
          : nearbyAgencies(app.lotseRouting.index, { topicId: row.topicId, postcode: where })
              .filter((a) => a.id !== row.agencyId)
              .slice(0, NEARBY_LIMIT)
              .map((a) => a.id);
      const recs = await recommendationsOfCase(db, row.id);
      const details = await agencyVisitDetails(db, [...new Set([row.agencyId, ...nearIds, ...recs.map((r) => r.agencyId)])]);
      const byId = new Map(details.map((d) => [d.id, d]));
      return {
        agency: byId.get(row.agencyId) ?? null,
        nearby: nearIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
        recommendations: recs.flatMap((r) => {
          const agency = byId.get(r.agencyId);
          return agency === undefined ? [] : [{ id: r.id, note: r.note, createdAt: r.createdAt.toISOString(), agency }];
        }),
      };
    },
  );

  app.post(
    "/v1/staff/cases/:caseNumber/recommendations",
    {
      schema: {
        tags: ["staff"],
        summary: "Recommend an agency to the case's seeker (shown on their case page with the note)",
        security: bearerSecurity,
        params: Type.Object({ caseNumber: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }),
        body: Type.Object(
          {
            agency: Type.String({ minLength: 1, maxLength: 64, description: "The agency's id or short-link slug" }),
            note: Type.Optional(Type.String({ maxLength: 2000, description: `Short note for the seeker, at most ${RECOMMENDATION_NOTE_MAX} characters` })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            recommendationId: Type.String({ format: "uuid" }),
            caseNumber: Type.Integer(),
            agency: Type.Object({ id: Type.String({ format: "uuid" }), name: Type.String(), city: Type.String() }),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const p = await requireStaff(request);
      const o = await db.transaction((tx) =>
        recommendAgency(tx, { matrixUserId: p.userId }, { caseNumber: request.params.caseNumber, agencyRef: request.body.agency, note: request.body.note ?? "" }),
      );
      if (!o.ok) throw recommendError(o.error);
      return reply.code(201).send({ recommendationId: o.recommendationId, caseNumber: o.caseNumber, agency: { id: o.agencyId, name: o.agencyName, city: o.agencyCity } });
    },
  );

  app.get(
    "/v1/admin/agencies/:id/entry",
    {
      schema: {
        tags: ["admin"],
        summary: "The agency's way in from anywhere: link button and iframe card snippets, short link, deep link — in the card language asked for",
        security: bearerSecurity,
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        querystring: Type.Object({
          lang: Type.Optional(
            Type.Union(
              seekerLocales.map((l) => Type.Literal(l)),
              { description: "The card's language, one of the seeker app's (de-sie, de-du, de-leicht, en, tr, ar, uk). Given: every snippet carries it (`lang=`), so card and app open in it. Missing: the German card, and the app follows the visitor's choice or browser" },
            ),
          ),
        }),
        response: {
          200: Type.Object({
            lang: Type.String({ description: "The card's language (de-sie when none was asked for)" }),
            deepLink: Type.String(),
            shortLink: Type.Union([Type.String(), Type.Null()], { description: "null until the agency has a slug" }),
            cardUrl: Type.String(),
            embedOrigins: Type.Array(Type.String()),
            linkButton: Type.String({ description: "HTML snippet: a plain link styled as a button" }),
            iframeCard: Type.String({ description: "HTML snippet: the card in an iframe (works on the listed origins only)" }),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const p = await requireStaff(request);
      assertCanAdministerAgency(p, request.params.id);
      const [a] = await db
        .select({ id: agencies.id, slug: agencies.slug, embedOrigins: agencies.embedOrigins })
        .from(agencies)
        .where(and(eq(agencies.id, request.params.id), isNull(agencies.deletedAt)));
      if (a === undefined) throw new ApiError(ErrCode.UnknownAgency);
      return { ...entrySnippets(a, webBase, cardLanguage(request.query.lang)), embedOrigins: a.embedOrigins };
    },
  );

  // The card and the short link are public and take any `?lang=`: an unknown one gives German.
  const LangQuery = Type.Object({ lang: Type.Optional(Type.Unknown()) });

  app.get(
    "/widget/:agencyId",
    { schema: { hide: true, params: Type.Object({ agencyId: Type.String({ format: "uuid" }) }), querystring: LangQuery } },
    async (request, reply) => {
      const [a] = await db
        .select({ id: agencies.id, name: agencies.name, embedOrigins: agencies.embedOrigins })
        .from(agencies)
        .where(and(eq(agencies.id, request.params.agencyId), isNull(agencies.deletedAt)));
      if (a === undefined) throw new ApiError(ErrCode.UnknownAgency);
      const html = renderCard(a, webBase, cardLanguage(request.query.lang));
      // Helmet's defaults forbid every frame; the card's frame rule is the agency's own list.
      reply.removeHeader("x-frame-options");
      // Never cached (no-store), so no cache can hand one language's card out for another.
      return reply
        .header("content-security-policy", cardCsp(a.embedOrigins))
        .header("cross-origin-resource-policy", "cross-origin")
        .header("cache-control", "no-store")
        .type("text/html; charset=utf-8")
        .send(html);
    },
  );

  app.get(
    "/a/:slug",
    { schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 100 }) }), querystring: LangQuery } },
    async (request, reply) => {
      const slug = request.params.slug.toLowerCase();
      const lang = cardLanguage(request.query.lang);
      const [a] = /^[a-z0-9-]{1,64}$/.test(slug)
        ? await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.slug, slug), isNull(agencies.deletedAt)))
        : [];
      // An unknown link still lands on the app's start, which says so gently (no error page) — in
      // the link's language when it names one.
      return reply
        .header("cache-control", "no-store")
        .redirect(a === undefined ? `${webBase}/?agency=unknown${lang.asked ? `&lang=${lang.locale}` : ""}` : agencyDeepLink(webBase, a.id, lang), 302);
    },
  );
};
