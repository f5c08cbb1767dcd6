// Group chats and whisper rooms (issue 5).
//
//   POST /v1/groups                       staff (group_moderator)  create → 201 {groupId, roomId}
//   GET  /v1/groups?topic=&agencyId=      anyone                   upcoming and running groups
//   POST /v1/groups/:groupId/join         seeker                   take a seat → {roomId}; 409 when full
//   POST /v1/groups/:groupId/whisper      seeker (participant)     whisper room with a moderator → {roomId}
//   POST /v1/groups/:groupId/whisper/end  seeker                   end it → 204
//   POST /v1/groups/:groupId/experts      staff (the group's moderator) {counselor} → 201
//
// Rooms are the bridge's work (room_jobs outbox, written in the same transaction as the rows).
// Routes that answer with a room id wait, bounded, for the bridge to record it; when it does not in
// time they answer 503 LOTSE_ROOM_PENDING — the rows and the pending job stay (nothing is half
// done: the job creates the room later), and repeating the request (join, whisper) is idempotent
// and returns the room id once it exists.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { requireStaff } from "../plugins/staffAuth.ts";
import {
  addExpert,
  createGroup,
  endWhisper,
  type GroupFailure,
  groupRoomId,
  joinGroup,
  listGroups,
  openWhisper,
  whisperRoomId,
} from "@lotse/store";
import { findSeekerById } from "../repositories/seekersRepository.ts";
import { bearerSecurity, ErrorSchema, TopicIdSchema, TopicSchema } from "./sharedSchemas.ts";

/** How long a request waits for the bridge to create a room before answering 503. */
export const ROOM_WAIT_MS = 30_000;

const GroupParams = Type.Object({ groupId: Type.String({ format: "uuid" }) });
const RoomIdResult = Type.Object({ roomId: Type.String() });
const PhaseSchema = Type.Union([Type.Literal("before"), Type.Literal("open"), Type.Literal("after")], {
  description: "before: not started yet (for weekly groups also between sessions), read-only for seekers; open: the session runs; after: a one-off group has ended",
});

const GroupListingSchema = Type.Object({
  groupId: Type.String({ format: "uuid" }),
  ref: Type.String({ description: "short reference counselors type in bot commands" }),
  title: Type.String(),
  topic: TopicSchema,
  agencyId: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  rules: Type.String(),
  phase: PhaseSchema,
  startsAt: Type.String({ format: "date-time", description: "start of the running session, or of the next one" }),
  endsAt: Type.String({ format: "date-time" }),
  durationMinutes: Type.Integer(),
  repeatWeekly: Type.Boolean(),
  maxParticipants: Type.Integer(),
  seatsLeft: Type.Integer(),
  encrypted: Type.Boolean(),
});

function toApiError(f: GroupFailure): ApiError {
  switch (f.error) {
    case "invalid_input":
      return new ApiError(ErrCode.InvalidInput, f.field ? `${f.field}: ${f.message}` : f.message);
    case "forbidden":
    case "not_participant":
      return new ApiError(ErrCode.Forbidden, f.message);
    case "not_found":
      return new ApiError(ErrCode.NotFound, f.message);
    case "unknown_topic":
      return new ApiError(ErrCode.UnknownTopic, f.message);
    case "full":
      return new ApiError(ErrCode.GroupFull, f.message);
    case "ended":
    case "not_open":
    case "conflict":
      return new ApiError(ErrCode.Conflict, f.message);
    case "unknown_person":
      return new ApiError(ErrCode.InvalidInput, f.message);
  }
}

async function waitForRoom(read: () => Promise<string | null | undefined>, signal: AbortSignal | undefined): Promise<string> {
  const deadline = Date.now() + ROOM_WAIT_MS;
  for (;;) {
    const roomId = await read();
    if (roomId) return roomId;
    if (Date.now() >= deadline || signal?.aborted) throw new ApiError(ErrCode.RoomPending);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const groupRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;

  async function activeSeeker(request: Parameters<typeof requireSeeker>[0]): Promise<string> {
    const seekerId = await requireSeeker(request);
    if ((await findSeekerById(db, seekerId)) === undefined) throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
    return seekerId;
  }

  app.post(
    "/v1/groups",
    {
      schema: {
        tags: ["groups"],
        summary: "Create a group chat (group moderators)",
        security: bearerSecurity,
        body: Type.Object(
          {
            title: Type.String({ minLength: 1, maxLength: 120 }),
            topicId: TopicIdSchema,
            description: Type.String({ maxLength: 4000 }),
            rules: Type.String({ maxLength: 4000 }),
            startsAt: Type.String({ format: "date-time" }),
            durationMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
            repeatWeekly: Type.Boolean(),
            maxParticipants: Type.Integer({ minimum: 1, maximum: 10_000 }),
            encrypted: Type.Optional(Type.Boolean({ description: "default: the policy's (encrypted)" })),
            agencyId: Type.Optional(Type.String({ format: "uuid", description: "needed when you moderate groups for several agencies" })),
            listingTopicIds: Type.Optional(Type.Array(TopicIdSchema, { maxItems: 30 })),
            listingAgencyIds: Type.Optional(Type.Array(Type.String({ format: "uuid" }), { maxItems: 100 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ groupId: Type.String({ format: "uuid" }), roomId: Type.String() }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const staff = await requireStaff(request);
      const b = request.body;
      const outcome = await db.transaction((tx) =>
        createGroup(tx, { matrixUserId: staff.userId }, {
          title: b.title,
          topicId: b.topicId,
          description: b.description,
          rules: b.rules,
          startsAt: new Date(b.startsAt),
          durationMinutes: b.durationMinutes,
          repeatWeekly: b.repeatWeekly,
          maxParticipants: b.maxParticipants,
          ...(b.encrypted !== undefined ? { encrypted: b.encrypted } : {}),
          ...(b.agencyId !== undefined ? { agencyId: b.agencyId } : {}),
          ...(b.listingTopicIds !== undefined ? { listingTopicIds: b.listingTopicIds } : {}),
          ...(b.listingAgencyIds !== undefined ? { listingAgencyIds: b.listingAgencyIds } : {}),
        }, deps.policy?.groups),
      );
      if (!outcome.ok) throw toApiError(outcome);
      request.log.info({ groupId: outcome.groupId }, "group created");
      const roomId = await waitForRoom(() => groupRoomId(db, outcome.groupId), request.raw.signal);
      return reply.code(201).send({ groupId: outcome.groupId, roomId });
    },
  );

  app.get(
    "/v1/groups",
    {
      schema: {
        tags: ["groups"],
        summary: "Upcoming and running group chats (never who takes part)",
        querystring: Type.Object({
          topic: Type.Optional(TopicIdSchema),
          agencyId: Type.Optional(Type.String({ format: "uuid" })),
        }),
        response: { 200: Type.Array(GroupListingSchema), 400: ErrorSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const rows = await listGroups(db, new Date(), { ...(q.topic ? { topicId: q.topic } : {}), ...(q.agencyId ? { agencyId: q.agencyId } : {}) }, deps.policy?.groups.timeZone);
      return rows.map((g) => ({
        groupId: g.groupId,
        ref: g.ref,
        title: g.title,
        topic: g.topic,
        agencyId: g.agencyId,
        description: g.description,
        rules: g.rules,
        phase: g.phase,
        startsAt: g.occurrence.toISOString(),
        endsAt: g.endsAt.toISOString(),
        durationMinutes: g.durationMinutes,
        repeatWeekly: g.repeatWeekly,
        maxParticipants: g.maxParticipants,
        seatsLeft: g.seatsLeft,
        encrypted: g.encrypted,
      }));
    },
  );

  app.post(
    "/v1/groups/:groupId/join",
    {
      schema: {
        tags: ["groups"],
        summary: "Take a seat in a group; the bot invites the seeker into the group room",
        security: bearerSecurity,
        params: GroupParams,
        response: { 200: RoomIdResult, 401: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => {
      const seekerId = await activeSeeker(request);
      const { groupId } = request.params;
      const outcome = await db.transaction((tx) => joinGroup(tx, seekerId, groupId, new Date(), deps.policy?.groups.timeZone));
      if (!outcome.ok) throw toApiError(outcome);
      const roomId = outcome.roomId ?? (await waitForRoom(() => groupRoomId(db, groupId), request.raw.signal));
      return { roomId };
    },
  );

  app.post(
    "/v1/groups/:groupId/whisper",
    {
      schema: {
        tags: ["groups"],
        summary: "Ask for a whisper room with the group's moderator (participants, while the session runs)",
        security: bearerSecurity,
        params: GroupParams,
        response: { 200: RoomIdResult, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request) => {
      const seekerId = await activeSeeker(request);
      const { groupId } = request.params;
      const outcome = await db.transaction((tx) => openWhisper(tx, { groupId, seekerId, moderatorId: null, startedBy: "seeker" }, new Date()));
      if (!outcome.ok) throw toApiError(outcome);
      const roomId = outcome.roomId ?? (await waitForRoom(() => whisperRoomId(db, outcome.whisperId), request.raw.signal));
      return { roomId };
    },
  );

  app.post(
    "/v1/groups/:groupId/whisper/end",
    {
      schema: {
        tags: ["groups"],
        summary: "End the seeker's whisper room in this group",
        security: bearerSecurity,
        params: GroupParams,
        response: { 204: Type.Null(), 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await activeSeeker(request);
      const outcome = await db.transaction((tx) => endWhisper(tx, request.params.groupId, seekerId, "seeker", new Date()));
      if (!outcome.ok) throw toApiError(outcome);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/v1/groups/:groupId/experts",
    {
      schema: {
        tags: ["groups"],
        summary: "Bring another counselor in as expert for one session (the running one, else the next)",
        security: bearerSecurity,
        params: GroupParams,
        body: Type.Object({ counselor: Type.String({ pattern: "^@[^:\\s]+:\\S+$", maxLength: 255, description: "Matrix user id of the counselor" }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ groupId: Type.String(), counselor: Type.String(), occurrence: Type.String({ format: "date-time" }), phase: PhaseSchema }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const staff = await requireStaff(request);
      const { groupId } = request.params;
      const outcome = await db.transaction((tx) => addExpert(tx, { matrixUserId: staff.userId }, groupId, request.body.counselor, new Date(), deps.policy?.groups.timeZone));
      if (!outcome.ok) throw toApiError(outcome);
      return reply.code(201).send({ groupId, counselor: outcome.expertUserId, occurrence: outcome.occurrence.toISOString(), phase: outcome.phase });
    },
  );
};
