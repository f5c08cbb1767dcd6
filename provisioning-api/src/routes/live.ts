// The live chat without registration (issue 12):
//   GET  /v1/live            which topics a seeker can chat live on now (someone is on duty)
//   POST /v1/live            start: a temporary account (random or chosen pseudonym, no password)
//                            and its case in the queue of an agency with someone on duty
//   GET  /v1/live/me         the chat's state: waiting (position, estimate), active (counselor),
//                            ended; every call also tells the server the seeker's app is still there
//   POST /v1/live/me/end     the seeker leaves: the chat ends and is erased (live sweeper)
//   POST /v1/live/me/keep    "Zugang behalten": a password (and optional e-mail) turns the
//                            temporary account into an ordinary one; the case stays
// Temporary accounts can use these, the Matrix session and the session routes; every other route
// refuses them (LOTSE_TEMPORARY_ACCOUNT, see plugins/auth.ts). The store does the work
// (store/src/domain/liveChat.ts); the rules and limits are policy (policies/src/liveChat.ts).
// Nothing here logs a pseudonym, an address or a token; the per-address limit keeps only a keyed
// hash of the address for the current hour.
import { createHmac, randomInt } from "node:crypto";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { checkPseudonym, defaultLiveChatPolicy, defaultPlatformPolicy } from "@lotse/policies";
import { countLiveStart, endLiveChat, isQuarantined, keepLiveAccess, liveChatOf, liveTopicsNow, startLiveChat } from "@lotse/store";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { generateMatrixLocalpart } from "../domain/matrixLocalpart.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/passwords.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { topicExists } from "../repositories/catalogRepository.ts";
import { issueSession } from "../repositories/sessionsRepository.ts";
import { bearerSecurity, ErrorSchema, SessionFields, TopicIdSchema, TopicSchema } from "./sharedSchemas.ts";

const ADJECTIVES = [
  "Stille", "Helle", "Mutige", "Ruhige", "Freundliche", "Kluge", "Sanfte", "Wache", "Leise", "Frohe",
  "Blaue", "Grüne", "Rote", "Goldene", "Silberne", "Flinke", "Tapfere", "Heitere", "Neugierige", "Geduldige",
  "Warme", "Kühle", "Bunte", "Zarte", "Starke", "Schlaue", "Weite", "Klare", "Milde", "Wilde",
];
const ANIMALS = [
  "Möwe", "Eule", "Amsel", "Meise", "Lerche", "Schwalbe", "Taube", "Ente", "Gans", "Katze",
  "Robbe", "Otter", "Biene", "Hummel", "Libelle", "Forelle", "Schnecke", "Giraffe", "Maus", "Ziege",
  "Krähe", "Elster", "Drossel", "Wachtel", "Gämse", "Eidechse", "Kröte", "Raupe", "Qualle", "Muschel",
];

/** A random pseudonym like "Stille Möwe 417": 30 × 30 × 900 = 810,000 names (a conflict is retried). */
export function randomLivePseudonym(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]} ${ANIMALS[randomInt(ANIMALS.length)]} ${randomInt(100, 1000)}`;
}

class LiveRefused extends Error {
  readonly refusal: "too_many_starts" | "no_one_on_duty" | "queue_full" | "pseudonym_taken";
  constructor(refusal: LiveRefused["refusal"]) {
    super(refusal);
    this.refusal = refusal;
  }
}

const LiveStateSchema = Type.Object({
  caseId: Type.String({ format: "uuid" }),
  caseNumber: Type.Integer({ minimum: 1 }),
  roomId: Type.Union([Type.String(), Type.Null()], { description: "The encrypted case room, once the bridge has created it" }),
  status: Type.Union([Type.Literal("waiting"), Type.Literal("active"), Type.Literal("ended")]),
  position: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { description: "1 = next; null unless waiting" }),
  estimate: Type.Union([
    Type.Object({ kind: Type.Literal("minutes"), low: Type.Integer({ minimum: 1 }), high: Type.Integer({ minimum: 1 }) }),
    Type.Object({ kind: Type.Literal("unknown") }),
  ]),
  counselor: Type.Union([Type.String(), Type.Null()], { description: "The counselor's display name once the chat is active" }),
  topic: TopicSchema,
  agency: Type.Object({ id: Type.String({ format: "uuid" }), name: Type.String(), city: Type.String() }),
});

export const liveRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const policy = (deps.policy ?? defaultPlatformPolicy).live ?? defaultLiveChatPolicy;
  const pseudonymRule = (deps.policy ?? defaultPlatformPolicy).pseudonym;
  const ttls = { accessSeconds: deps.config.tokenTtlSeconds, refreshSeconds: deps.config.refreshTokenTtlSeconds };
  const rateLimit = { max: deps.config.rateLimitMax, timeWindow: 60_000 };
  /** The live chat needs Synapse's admin API (LOTSE_SYNAPSE_ADMIN_TOKEN): ending a chat deletes its room. */
  const available = () => {
    if (deps.synapseAdmin == null) throw new ApiError(ErrCode.LiveChatUnavailable);
  };

  app.get(
    "/v1/live",
    {
      schema: {
        tags: ["live"],
        summary: "Topics a seeker can chat live on right now, without registration",
        response: { 200: Type.Object({ available: Type.Boolean(), topics: Type.Array(TopicSchema) }) },
      },
    },
    async () => {
      if (deps.synapseAdmin == null) return { available: false, topics: [] };
      const topics = await liveTopicsNow(db, new Date());
      return { available: topics.length > 0, topics };
    },
  );

  app.post(
    "/v1/live",
    {
      config: { rateLimit },
      schema: {
        tags: ["live"],
        summary: "Start a live chat without registration: a temporary account and its place in the queue",
        body: Type.Object({
          topic: TopicIdSchema,
          postcode: Type.Optional(Type.String({ pattern: "^[0-9]{5}$", description: "Optional: five digits, to queue at an agency near the seeker" })),
          pseudonym: Type.Optional(Type.String({ minLength: 1, maxLength: 256, description: "Optional: the seeker's own pseudonym (the pseudonym rule); default a random one" })),
        }),
        response: {
          201: Type.Object({ seekerId: Type.String({ format: "uuid" }), pseudonym: Type.String(), caseNumber: Type.Integer({ minimum: 1 }), ...SessionFields }),
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      available();
      const { topic, postcode } = request.body;
      const chosen = request.body.pseudonym;
      if (chosen !== undefined) {
        const check = checkPseudonym(chosen, pseudonymRule);
        if (!check.ok) throw new ApiError(ErrCode.InvalidPseudonym, check.message);
        if (await isQuarantined(db, check.key)) throw new ApiError(ErrCode.PseudonymQuarantined);
      }
      if (!(await topicExists(db, topic))) throw new ApiError(ErrCode.UnknownTopic);
      const routed =
        postcode !== undefined && app.lotseRouting.ready
          ? (() => {
              const r = app.lotseRouting.route({ topicId: topic, postcode, order: "stable" });
              return r.ok ? r.agencies.map((a) => a.id) : [];
            })()
          : [];
      const addressKey = createHmac("sha256", deps.config.jwtSecret).update(`live-start\0${request.ip}`).digest("base64url");
      const now = new Date();
      // Random pseudonyms are retried on a (rare) clash; a chosen one that is taken is the seeker's to change.
      for (let attempt = 0; attempt < 5; attempt++) {
        const check = checkPseudonym(chosen ?? randomLivePseudonym(), pseudonymRule);
        if (!check.ok) throw new ApiError(ErrCode.InvalidPseudonym, check.message);
        // A refusal rolls the whole transaction back (the address's count included): nothing written.
        const outcome = await db
          .transaction(async (tx) => {
            if (!(await countLiveStart(tx, addressKey, now, policy))) throw new LiveRefused("too_many_starts");
            const started = await startLiveChat(
              tx,
              {
                topicId: topic,
                routedAgencyIds: routed,
                postcodeRegion: postcode?.slice(0, 2) ?? null,
                seeker: { username: check.pseudonym, usernameKey: check.key, matrixLocalpart: generateMatrixLocalpart(deps.config.userPrefix) },
              },
              now,
              policy,
            );
            if (!started.ok) throw new LiveRefused(started.refusal);
            return started;
          })
          .catch((err: unknown) => {
            if (err instanceof LiveRefused) return { ok: false as const, refusal: err.refusal };
            throw err;
          });
        if (outcome.ok) {
          const session = await issueSession(app, db, { id: outcome.seekerId, tokenVersion: 0 }, ttls);
          request.log.info({ caseId: outcome.caseId, agencyId: outcome.agencyId }, "live chat started");
          return reply.code(201).send({ seekerId: outcome.seekerId, pseudonym: check.pseudonym, caseNumber: outcome.caseNumber, ...session });
        }
        switch (outcome.refusal) {
          case "too_many_starts":
            void reply.header("retry-after", String(3600 - Math.floor((now.getTime() % 3_600_000) / 1000)));
            throw new ApiError(ErrCode.TooManyLiveStarts);
          case "no_one_on_duty":
            throw new ApiError(ErrCode.NoOneOnDuty);
          case "queue_full":
            throw new ApiError(ErrCode.QueueFull);
          case "pseudonym_taken":
            if (chosen !== undefined) throw new ApiError(ErrCode.UsernameTaken);
            continue;
        }
      }
      throw new ApiError(ErrCode.Unavailable, "No free pseudonym was found; please try again.");
    },
  );

  app.get(
    "/v1/live/me",
    {
      schema: {
        tags: ["live"],
        summary: "The signed-in seeker's live chat (and a sign that their app is still there)",
        security: bearerSecurity,
        response: { 200: LiveStateSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request) => {
      const seekerId = await requireSeeker(request, { allowTemporary: true });
      const state = await db.transaction((tx) => liveChatOf(tx, seekerId, new Date(), policy));
      if (state === undefined) throw new ApiError(ErrCode.NotFound, "You have no live chat.");
      return state;
    },
  );

  app.post(
    "/v1/live/me/end",
    {
      schema: {
        tags: ["live"],
        summary: "Leave the live chat: it ends, and the temporary account with its conversation is deleted",
        security: bearerSecurity,
        response: { 204: Type.Null(), 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request, { allowTemporary: true });
      const ended = await db.transaction((tx) => endLiveChat(tx, seekerId, "seeker_left", new Date()));
      if (!ended) throw new ApiError(ErrCode.NotFound, "You have no live chat that is still open.");
      app.lotseLiveSweeper?.wake();
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/v1/live/me/keep",
    {
      config: { rateLimit },
      schema: {
        tags: ["live"],
        summary: "Keep access: the temporary account gets a password and becomes an ordinary account; the conversation stays",
        security: bearerSecurity,
        body: Type.Object({
          password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
          email: Type.Optional(Type.String({ format: "email", maxLength: 254, description: "Optional; never shown or returned" })),
        }),
        response: { 204: Type.Null(), 400: ErrorSchema, 401: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request, { allowTemporary: true });
      const passwordHash = await deps.passwords.hash(request.body.password);
      const kept = await db.transaction((tx) => keepLiveAccess(tx, seekerId, passwordHash, request.body.email ?? null, new Date()));
      if (!kept) throw new ApiError(ErrCode.LiveChatEnded);
      return reply.code(204).send(null);
    },
  );
};
