// Peer-exchange forums ("Austausch", issue 15): one moderated room per topic.
//
//   GET  /v1/forums                     anyone   every topic's forum: thread count, last activity
//   GET  /v1/forums/:topic/threads      anyone   thread titles only (no bodies, no authors)
//   POST /v1/forums/:topic/join         seeker   the bot invites the seeker → {roomId}
//   POST /v1/forums/:topic/reports      seeker   {eventId, reason?} → a notice for the moderators
//
// Titles and counts are read from the homeserver as the bridge's bot (the room's creator), never
// stored: a thread's title is the first line of its first post (policies' threadTitleOf), cut to
// `forums.titleMaxLength`. When the forum is end-to-end encrypted (`forums.encrypted`), the server
// cannot read titles: visitors then get counts only. Bodies are never served by this API; reading
// them takes membership of the room, which only registered seekers get (join). Temporary live-chat
// accounts are refused (LOTSE_TEMPORARY_ACCOUNT, plugins/auth.ts).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { defaultForumPolicy, forumReportReasons, threadTitleOf } from "@lotse/policies";
import { forumRoomId, forumRow, joinForum, listForumRows, reportForumPost } from "@lotse/store";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { HomeserverUnavailableError, MatrixApiError, type RoomThread } from "../matrix/homeserverClient.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { findSeekerById } from "../repositories/seekersRepository.ts";
import { ROOM_WAIT_MS } from "./groups.ts";
import { bearerSecurity, ErrorSchema, TopicIdSchema, TopicSchema } from "./sharedSchemas.ts";

/** Posts read per forum at most, newest first (the count says "at least" beyond: `complete: false`). */
const MAX_EVENTS = 2000;
/** How long one reading of a forum's threads serves the public routes. */
const THREADS_CACHE_MS = 5_000;

const TopicParams = Type.Object({ topic: TopicIdSchema });

const ForumSchema = Type.Object({
  topic: TopicSchema,
  threadCount: Type.Integer({ description: "threads in the forum (at least this many when `complete` is false)" }),
  complete: Type.Boolean(),
  lastActivityAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], { description: "the latest post in any thread; null: no thread yet" }),
  encrypted: Type.Boolean({ description: "end-to-end encrypted: the server cannot read titles, visitors see counts only" }),
});

const ThreadSchema = Type.Object({
  threadId: Type.String({ description: "the event id of the thread's first post" }),
  title: Type.String({ description: "the first line of the thread's first post" }),
  replies: Type.Integer(),
  lastActivityAt: Type.String({ format: "date-time" }),
});

type ForumThreads = { threads: RoomThread[]; complete: boolean; at: number };

export const forumRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const policy = deps.policy?.forums ?? defaultForumPolicy;
  const cache = new Map<string, Promise<ForumThreads>>();

  async function threadsOf(roomId: string): Promise<ForumThreads> {
    const now = Date.now();
    const hit = cache.get(roomId);
    if (hit) {
      const v = await hit.catch(() => undefined);
      if (v && now - v.at < THREADS_CACHE_MS) return v;
    }
    const read = deps.homeserver.roomThreads(roomId, MAX_EVENTS).then((r) => ({ ...r, at: Date.now() }));
    cache.set(roomId, read);
    try {
      return await read;
    } catch (err) {
      cache.delete(roomId);
      if (err instanceof HomeserverUnavailableError || err instanceof MatrixApiError) throw new ApiError(ErrCode.HomeserverUnavailable);
      throw err;
    }
  }

  /** Threads that still have a readable first post (removed posts are left out). */
  function visible(threads: readonly RoomThread[]): RoomThread[] {
    return threads.filter((t) => !t.redacted);
  }

  const encryptedForum = (threads: readonly RoomThread[]) => policy.encrypted || threads.some((t) => t.type === "m.room.encrypted");

  async function activeSeeker(request: Parameters<typeof requireSeeker>[0]): Promise<string> {
    const seekerId = await requireSeeker(request);
    if ((await findSeekerById(db, seekerId)) === undefined) throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
    return seekerId;
  }

  app.get(
    "/v1/forums",
    {
      schema: {
        tags: ["forums"],
        summary: "The peer-exchange forums, one per topic (visible without an account)",
        response: { 200: Type.Array(ForumSchema), 503: ErrorSchema },
      },
    },
    async () => {
      const rows = await listForumRows(db);
      return Promise.all(
        rows.map(async (f) => {
          const t = f.roomId ? await threadsOf(f.roomId) : { threads: [], complete: true };
          const shown = visible(t.threads);
          const last = shown.reduce((m, x) => Math.max(m, x.lastActivity), 0);
          return {
            topic: { id: f.topicId, name: f.name },
            threadCount: shown.length,
            complete: t.complete,
            lastActivityAt: last > 0 ? new Date(last).toISOString() : null,
            encrypted: encryptedForum(t.threads),
          };
        }),
      );
    },
  );

  app.get(
    "/v1/forums/:topic/threads",
    {
      schema: {
        tags: ["forums"],
        summary: "Thread titles of a forum — no bodies, no authors (visible without an account; counts only when the forum is encrypted)",
        params: TopicParams,
        response: {
          200: Type.Object({ topic: TopicSchema, encrypted: Type.Boolean(), threadCount: Type.Integer(), complete: Type.Boolean(), threads: Type.Array(ThreadSchema) }),
          404: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request) => {
      const f = await forumRow(db, request.params.topic);
      if (!f) throw new ApiError(ErrCode.UnknownTopic);
      const t = f.roomId ? await threadsOf(f.roomId) : { threads: [], complete: true };
      const shown = visible(t.threads);
      const encrypted = encryptedForum(t.threads);
      const threads = encrypted
        ? []
        : shown.flatMap((x) => {
            const title = x.type === "m.room.message" ? threadTitleOf(x.content["body"], policy.titleMaxLength) : null;
            return title ? [{ threadId: x.eventId, title, replies: x.replies, lastActivityAt: new Date(x.lastActivity).toISOString() }] : [];
          });
      return { topic: { id: f.topicId, name: f.name }, encrypted, threadCount: shown.length, complete: t.complete, threads };
    },
  );

  app.post(
    "/v1/forums/:topic/join",
    {
      schema: {
        tags: ["forums"],
        summary: "Join a forum (registered seekers); the bot invites the seeker into its room",
        security: bearerSecurity,
        params: TopicParams,
        response: { 200: Type.Object({ roomId: Type.String() }), 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => {
      const seekerId = await activeSeeker(request);
      const { topic } = request.params;
      const outcome = await db.transaction((tx) => joinForum(tx, seekerId, topic, new Date()));
      if (!outcome.ok) throw new ApiError(ErrCode.UnknownTopic, outcome.message);
      if (outcome.roomId) return { roomId: outcome.roomId };
      const deadline = Date.now() + ROOM_WAIT_MS;
      for (;;) {
        const roomId = await forumRoomId(db, topic);
        if (roomId) return { roomId };
        if (Date.now() >= deadline || request.raw.signal?.aborted) throw new ApiError(ErrCode.RoomPending);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
  );

  app.post(
    "/v1/forums/:topic/reports",
    {
      schema: {
        tags: ["forums"],
        summary: "Report a forum post to the moderators (members); the notice names the post, never its content",
        security: bearerSecurity,
        params: TopicParams,
        body: Type.Object(
          {
            eventId: Type.String({ pattern: "^\\$[^\\s/]{1,255}$", description: "the Matrix event id of the post" }),
            reason: Type.Optional(Type.Union(forumReportReasons.map((r) => Type.Literal(r)), { description: "default: other" })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ reportId: Type.String({ format: "uuid" }) }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const seekerId = await activeSeeker(request);
      const { topic } = request.params;
      const f = await forumRow(db, topic);
      if (!f) throw new ApiError(ErrCode.UnknownTopic);
      if (!f.roomId) throw new ApiError(ErrCode.UnknownEvent);
      let event: Awaited<ReturnType<typeof deps.homeserver.roomEvent>>;
      try {
        event = await deps.homeserver.roomEvent(f.roomId, request.body.eventId);
      } catch (err) {
        if (err instanceof HomeserverUnavailableError || err instanceof MatrixApiError) throw new ApiError(ErrCode.HomeserverUnavailable);
        throw err;
      }
      // Posts only: state events (memberships, the room's settings) are nobody's post.
      if (!event || event.stateKey !== undefined) throw new ApiError(ErrCode.UnknownEvent);
      const outcome = await db.transaction((tx) =>
        reportForumPost(tx, { seekerId, topicId: topic, eventId: request.body.eventId, reason: request.body.reason ?? "other" }, new Date(), policy),
      );
      if (!outcome.ok) {
        if (outcome.error === "rate_limited") {
          void reply.header("retry-after", String(outcome.retryAfterSeconds ?? 3600));
          throw new ApiError(ErrCode.RateLimited, "Too many reports in the last hour; please wait a little.");
        }
        if (outcome.error === "not_member") throw new ApiError(ErrCode.Forbidden, outcome.message);
        throw new ApiError(ErrCode.UnknownTopic, outcome.message);
      }
      request.log.info({ topic, repeated: outcome.repeated }, "forum post reported");
      return reply.code(202).send({ reportId: outcome.reportId });
    },
  );
};
