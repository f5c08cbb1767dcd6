// Job kind "case.create_room": the case room, built in one createRoom call from the policies
// template, and recorded on the case. Idempotent across crashes and retries:
//   - a case that already has a room id is done (nothing is sent to Matrix);
//   - the room alias is derived from the case id, so if an earlier attempt's createRoom reached
//     Synapse (even if the bridge died before recording it), this attempt's createRoom fails with
//     M_ROOM_IN_USE and the existing room is adopted: its marker is checked, missing invites are
//     sent, and that room is recorded. Exactly one room per case, whatever crashed when.
import { botMessages, caseRoomCreateBody, caseRoomNaming, desiredCaseRoom, type PlatformPolicy, poolRoles } from "@lotse/policies";
import { agencies, agencyMemberships, cases, counselors, seekers, enqueue, topics } from "@lotse/store";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Logger } from "pino";
import { caseRoomAlias, caseRoomAliasLocalpart, isCaseId, matrixUserId } from "../matrix/caseRoomIdentity.ts";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { PermanentJobError } from "./jobErrors.ts";
import { abandonHalfRoom, HALF_ROOM_ATTEMPTS, inspectAliasedRoom, markerMatches } from "./jobInput.ts";
import type { JobContext, JobHandler, JobInput, JobResult } from "./jobTypes.ts";


export type CaseRoomJobDeps = {
  matrix: MatrixRoomApi;
  serverName: string;
  /** Seekers' localparts must carry it: the bridge can only register users in its namespace. */
  userPrefix: string;
  /** The case room's template data (platform policy `rooms.case`); default: the policy's defaults. */
  template?: PlatformPolicy["rooms"]["case"];
  /** Time zone of the topic line's time; default Europe/Berlin. */
  timeZone?: string;
};

/** The case id a job is about: the payload's, else the row's column; permanent error if neither. */
export function caseIdOfJob(job: Pick<JobInput, "payload" | "caseId">): string {
  const fromPayload =
    typeof job.payload === "object" && job.payload !== null ? (job.payload as { caseId?: unknown }).caseId : undefined;
  const caseId = fromPayload ?? job.caseId;
  if (!isCaseId(caseId)) throw new PermanentJobError("payload.caseId is missing or not a uuid");
  if (job.caseId !== null && job.caseId !== caseId) {
    throw new PermanentJobError("payload.caseId and room_jobs.case_id disagree");
  }
  return caseId;
}

export function caseRoomJobHandler(deps: CaseRoomJobDeps): JobHandler<"case.create_room"> {
  return (ctx) => createCaseRoom(ctx, deps);
}

async function createCaseRoom({ tx, job, log }: JobContext, deps: CaseRoomJobDeps): Promise<JobResult> {
  const caseId = caseIdOfJob(job);
  const jobLog = log.child({ caseId });

  const [kase] = await tx
    .select({
      id: cases.id,
      caseNumber: cases.caseNumber,
      status: cases.status,
      seekerId: cases.seekerId,
      agencyId: cases.agencyId,
      roomId: cases.roomId,
      teamAgency: agencies.teamAgency,
      assignedUserId: counselors.matrixUserId,
      assignedName: counselors.displayName,
      assignedAway: counselors.awayMessage,
      createdAt: cases.createdAt,
      botLanguage: agencies.botLanguage,
      topicDe: topics.nameDe,
      topicEn: topics.nameEn,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .innerJoin(topics, eq(topics.id, cases.topicId))
    .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
    .where(eq(cases.id, caseId));
  if (!kase) throw new PermanentJobError("case not found");
  if (kase.roomId) {
    jobLog.info({ roomId: kase.roomId }, "case already has a room; nothing to do");
    return { roomId: kase.roomId };
  }

  // The seeker deleted the account before the room was made: no room for nobody.
  if (kase.seekerId === null) throw new PermanentJobError("the seeker of the case deleted the account");
  const [seeker] = await tx
    .select({ matrixLocalpart: seekers.matrixLocalpart })
    .from(seekers)
    .where(eq(seekers.id, kase.seekerId));
  if (!seeker) throw new PermanentJobError("seeker of the case not found");
  if (!seeker.matrixLocalpart.startsWith(deps.userPrefix)) {
    throw new PermanentJobError("seeker's Matrix localpart is outside the appservice namespace");
  }
  const counselorRows = await tx
    .selectDistinct({ matrixUserId: counselors.matrixUserId })
    .from(counselors)
    .innerJoin(agencyMemberships, eq(agencyMemberships.counselorId, counselors.id))
    .where(and(eq(agencyMemberships.agencyId, kase.agencyId), inArray(agencyMemberships.role, [...poolRoles])))
    .orderBy(asc(counselors.matrixUserId));
  const seekerUserId = matrixUserId(seeker.matrixLocalpart, deps.serverName);
  // Who is invited is the case room's desired state: the pool while the case waits, its counselor
  // once it has one (a booked appointment: the slot's counselor from the start, the pool never).
  const { members } = desiredCaseRoom(
    {
      caseId,
      caseNumber: kase.caseNumber,
      status: kase.status,
      teamAgency: kase.teamAgency,
      seekerUserId,
      assigned: kase.assignedUserId ? { userId: kase.assignedUserId, displayName: kase.assignedName ?? "", awayMessage: kase.assignedAway } : null,
    },
    counselorRows.map((c) => c.matrixUserId),
    { botUserId: deps.matrix.botUserId, ...(deps.template ? { template: deps.template } : {}) },
  );
  if (members.length === 0) jobLog.warn("agency has no counselors; the room starts with the seeker only");

  await deps.matrix.ensureUserRegistered(seeker.matrixLocalpart);

  // "Fall 12 · Schulden" and the state in words, in the agency's language (the sync after each
  // transition keeps them current): never the seeker's pseudonym.
  const [nameEvent, topicEvent] = caseRoomNaming(
    {
      caseNumber: kase.caseNumber,
      status: kase.status,
      createdAt: kase.createdAt,
      assigned: kase.assignedUserId ? { userId: kase.assignedUserId, displayName: kase.assignedName ?? "", awayMessage: null } : null,
      topicName: kase.botLanguage === "en" ? kase.topicEn : kase.topicDe,
    },
    botMessages(kase.botLanguage),
    deps.timeZone,
  );
  const body = caseRoomCreateBody({
    caseId,
    name: String(nameEvent!.content.name),
    topic: String(topicEvent!.content.topic),
    botUserId: deps.matrix.botUserId,
    seekerUserId,
    counselorUserIds: members,
    aliasLocalpart: caseRoomAliasLocalpart(caseId),
  }, deps.template);

  let roomId: string;
  try {
    roomId = await deps.matrix.createRoom(body);
    jobLog.info({ roomId, invited: body.invite.length }, "case room created");
  } catch (err) {
    if (!(typeof err === "object" && err !== null && (err as { errcode?: unknown }).errcode === "M_ROOM_IN_USE")) {
      throw err;
    }
    const adopted = await adoptExistingRoom(deps, caseId, body.invite, job.attempts, jobLog);
    roomId = adopted ?? (await deps.matrix.createRoom(body));
    if (!adopted) jobLog.info({ roomId, invited: body.invite.length }, "case room made again after a half-made one");
  }

  await tx.update(cases).set({ roomId, updatedAt: new Date() }).where(eq(cases.id, caseId));
  // The pool hears of the case once its room exists (the notice invites to `!take`, which then
  // acts on that room). Same transaction: "room recorded" and "notice queued" happen together.
  await enqueue(tx, "case.pool_notice", { caseId, reason: "new" }, { key: `case.pool_notice:${caseId}`, caseId });
  return { roomId };
}

/**
 * An earlier attempt created the room (the alias exists). Make sure it is this case's room and
 * that everyone the template invites is invited or already in it. A half-made room (a creation
 * that a crash cut short: no marker, or not even the bot in it) is waited for and then abandoned
 * (jobInput.ts, HALF_ROOM_ATTEMPTS): undefined tells the caller to make the room again.
 */
async function adoptExistingRoom(
  deps: CaseRoomJobDeps,
  caseId: string,
  invitees: readonly string[],
  attempts: number,
  log: Logger,
): Promise<string | undefined> {
  const alias = caseRoomAlias(caseId, deps.serverName);
  const { roomId, marker } = await inspectAliasedRoom(deps.matrix, alias);
  if (marker?.["kind"] !== undefined && !markerMatches(marker, { kind: "case", caseId })) {
    // The alias is ours (exclusive namespace) but the room carries another room's marker:
    // something outside the bridge interfered. An operator must look; retrying cannot help.
    throw new PermanentJobError(`case room alias resolves to ${roomId}, which carries another room's marker`);
  }
  if (!markerMatches(marker, { kind: "case", caseId })) {
    if (attempts < HALF_ROOM_ATTEMPTS) throw new Error(`case room alias resolves to ${roomId}, which lacks this case's marker (yet)`);
    await abandonHalfRoom(deps.matrix, alias, roomId, log);
    return undefined;
  }
  const memberships = await deps.matrix.getMemberships(roomId);
  let invited = 0;
  for (const userId of invitees) {
    // Only users the room has never seen: someone who already left or declined is not pulled back.
    if (memberships.has(userId)) continue;
    await deps.matrix.invite(roomId, userId);
    invited++;
  }
  log.info({ roomId, invited }, "case room existed already (earlier attempt); adopted");
  return roomId;
}
