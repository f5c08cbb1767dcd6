// GET /v1/seekers/me/export — the right of access: everything Lotse stores about the signed-in
// seeker, as JSON (account, notification settings, sessions, cases with their events, group
// seats with whisper rooms). The password hash is never exported (it is a secret, not information about
// the seeker); staff are shown as a role ("counselor"), never by their Matrix id. Messages live
// end-to-end encrypted on the homeserver: the seeker's own client holds them, the platform cannot
// read them, so they are not part of this export.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { agencies, caseEvents, cases, forumMembers, forumReports, groupParticipants, groups, refreshTokens, seekers, topics, whisperRooms } from "@lotse/store";
import { ApiError, ErrCode } from "../errors.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const Timestamp = Type.String({ format: "date-time" });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const SeekerExportSchema = Type.Object(
  {
    exportedAt: Timestamp,
    account: Type.Object({
      seekerId: Type.String({ format: "uuid" }),
      pseudonym: Type.String(),
      pseudonymKey: Type.String({ description: "The folded form uniqueness is checked on" }),
      matrixUserId: Type.String(),
      topic: Type.Union([Type.String(), Type.Null()]),
      postcode: Type.Union([Type.String(), Type.Null()]),
      registeredAt: Timestamp,
      consentGivenAt: Type.String({ format: "date-time", description: "Registration = consent to the terms (no separate record)" }),
      lastActiveAt: NullableTimestamp,
    }),
    notifications: Type.Object({
      email: Type.Union([Type.String(), Type.Null()]),
      emailNotifications: Type.Boolean(),
      lastNotifiedAt: NullableTimestamp,
    }),
    sessions: Type.Array(Type.Object({ signedInAt: Timestamp, expiresAt: Timestamp })),
    cases: Type.Array(
      Type.Object({
        caseId: Type.String({ format: "uuid" }),
        caseNumber: Type.Integer(),
        agency: Type.Object({ id: Type.String({ format: "uuid" }), name: Type.String() }),
        topic: Type.String(),
        status: Type.String(),
        postcodeRegion: Type.Union([Type.String(), Type.Null()]),
        roomId: Type.Union([Type.String(), Type.Null()]),
        counselorAssigned: Type.Boolean(),
        createdAt: Timestamp,
        takenAt: NullableTimestamp,
        firstAnswerAt: NullableTimestamp,
        closedAt: NullableTimestamp,
        archivedAt: NullableTimestamp,
        events: Type.Array(
          Type.Object({
            at: Timestamp,
            action: Type.String(),
            by: Type.Union([Type.Literal("seeker"), Type.Literal("counselor"), Type.Literal("system")]),
            fromStatus: Type.Union([Type.String(), Type.Null()]),
            toStatus: Type.Union([Type.String(), Type.Null()]),
          }),
        ),
      }),
    ),
    groups: Type.Array(
      Type.Object({
        groupId: Type.String({ format: "uuid" }),
        title: Type.String(),
        joinedAt: Timestamp,
        leftAt: NullableTimestamp,
        leftReason: Type.Union([Type.String(), Type.Null()]),
        whisperRooms: Type.Array(
          Type.Object({ startedBy: Type.String(), createdAt: Timestamp, endedAt: NullableTimestamp, endedBy: Type.Union([Type.String(), Type.Null()]) }),
        ),
      }),
    ),
    forums: Type.Array(Type.Object({ topicId: Type.String(), joinedAt: Timestamp }), { description: "the peer-exchange forums joined" }),
    forumReports: Type.Array(
      Type.Object({ topicId: Type.String(), eventId: Type.String(), reason: Type.String(), createdAt: Timestamp }),
      { description: "posts the seeker reported (which post and why; never its content)" },
    ),
    notStored: Type.Array(Type.String()),
  },
  { description: "Everything Lotse stores about the seeker (right of access)." },
);

const iso = (d: Date | null): string | null => (d === null ? null : d.toISOString());

export const exportRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;

  app.get(
    "/v1/seekers/me/export",
    {
      config: { rateLimit: { max: deps.config.rateLimitMax, timeWindow: 60_000 } },
      schema: {
        tags: ["seekers"],
        summary: "Everything the platform stores about the signed-in seeker (right of access), as JSON",
        security: bearerSecurity,
        response: { 200: SeekerExportSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      const [s] = await db.select().from(seekers).where(eq(seekers.id, seekerId));
      if (s === undefined) throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
      const caseRows = await db
        .select({ c: cases, agencyName: agencies.name, topicName: topics.nameDe })
        .from(cases)
        .innerJoin(agencies, eq(agencies.id, cases.agencyId))
        .innerJoin(topics, eq(topics.id, cases.topicId))
        .where(eq(cases.seekerId, seekerId))
        .orderBy(asc(cases.createdAt));
      const ids = caseRows.map((r) => r.c.id);
      const events = ids.length === 0 ? [] : await db.select().from(caseEvents).where(inArray(caseEvents.caseId, ids)).orderBy(asc(caseEvents.at), asc(caseEvents.id));
      const sessions = await db
        .select({ createdAt: refreshTokens.createdAt, expiresAt: refreshTokens.expiresAt })
        .from(refreshTokens)
        .where(and(eq(refreshTokens.seekerId, seekerId), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt)))
        .orderBy(asc(refreshTokens.createdAt));
      const groupRows = await db
        .select({ p: groupParticipants, title: groups.title })
        .from(groupParticipants)
        .innerJoin(groups, eq(groups.id, groupParticipants.groupId))
        .where(eq(groupParticipants.seekerId, seekerId))
        .orderBy(asc(groupParticipants.joinedAt));
      const whispers = await db.select().from(whisperRooms).where(eq(whisperRooms.seekerId, seekerId)).orderBy(asc(whisperRooms.createdAt));
      void reply.header("content-disposition", 'attachment; filename="lotse-export.json"');
      void reply.header("cache-control", "no-store");
      return {
        exportedAt: new Date().toISOString(),
        account: {
          seekerId: s.id,
          pseudonym: s.username,
          pseudonymKey: s.usernameKey,
          matrixUserId: `@${s.matrixLocalpart}:${deps.config.serverName}`,
          topic: s.topicId,
          postcode: s.postcode,
          registeredAt: s.createdAt.toISOString(),
          consentGivenAt: s.createdAt.toISOString(),
          lastActiveAt: iso(s.lastActiveAt),
        },
        notifications: { email: s.email, emailNotifications: s.email !== null, lastNotifiedAt: iso(s.lastNotifiedAt) },
        sessions: sessions.map((x) => ({ signedInAt: x.createdAt.toISOString(), expiresAt: x.expiresAt.toISOString() })),
        cases: caseRows.map(({ c, agencyName, topicName }) => ({
          caseId: c.id,
          caseNumber: c.caseNumber,
          agency: { id: c.agencyId, name: agencyName },
          topic: topicName,
          status: c.status,
          postcodeRegion: c.postcodeRegion,
          roomId: c.roomId,
          counselorAssigned: c.assignedCounselorId !== null,
          createdAt: c.createdAt.toISOString(),
          takenAt: iso(c.takenAt),
          firstAnswerAt: iso(c.firstAnswerAt),
          closedAt: iso(c.closedAt),
          archivedAt: iso(c.archivedAt),
          events: events
            .filter((e) => e.caseId === c.id)
            .map((e) => ({
              at: e.at.toISOString(),
              action: e.action,
              by: e.actor === "seeker" ? ("seeker" as const) : e.actor === "system" ? ("system" as const) : ("counselor" as const),
              fromStatus: e.fromStatus,
              toStatus: e.toStatus,
            })),
        })),
        groups: groupRows.map(({ p, title }) => ({
          groupId: p.groupId,
          title,
          joinedAt: p.joinedAt.toISOString(),
          leftAt: iso(p.leftAt),
          leftReason: p.leftReason,
          whisperRooms: whispers
            .filter((w) => w.groupId === p.groupId)
            .map((w) => ({ startedBy: w.startedBy, createdAt: w.createdAt.toISOString(), endedAt: iso(w.endedAt), endedBy: w.endedBy })),
        })),
        forums: (await db.select().from(forumMembers).where(eq(forumMembers.seekerId, seekerId)).orderBy(asc(forumMembers.joinedAt))).map((m) => ({
          topicId: m.topicId,
          joinedAt: m.joinedAt.toISOString(),
        })),
        forumReports: (await db.select().from(forumReports).where(eq(forumReports.seekerId, seekerId)).orderBy(asc(forumReports.createdAt))).map((r) => ({
          topicId: r.topicId,
          eventId: r.eventId,
          reason: r.reason,
          createdAt: r.createdAt.toISOString(),
        })),
        notStored: [
          "Messages: end-to-end encrypted on the chat server; only your devices can read them.",
          "Forum posts: kept on the chat server only, readable by the forum's members and moderators (forums are not end-to-end encrypted unless the platform says so); the platform's database holds none of them.",
          "Your password: stored only as an argon2id hash, which is not exported.",
          "IP addresses: not stored by the platform's database.",
        ],
      };
    },
  );
};
