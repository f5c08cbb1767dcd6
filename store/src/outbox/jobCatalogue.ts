// The one catalogue of room-job kinds: every kind the outbox carries is named here once, with the
// TypeBox schema of its payload. Writers call `enqueue(tx, kind, payload, …)`, typed by kind; the
// bridge's handler map is typed `{ [K in JobKind]: JobHandler<K> }`, so a kind without a handler
// (or a handler reading a field the payload does not have) is a compile error. A row whose kind is
// unknown or whose payload fails its schema when claimed is a permanent failure (parseJob).
import { type Static, type TSchema, Type } from "typebox";
import { Value } from "typebox/value";

const Uuid = Type.String({ pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" });
const NonEmpty = Type.String({ minLength: 1 });
const IsoTime = Type.String({ minLength: 1 });

const CaseRef = Type.Object({ caseId: Uuid });
const AgencyRef = Type.Object({ agencyId: Uuid });
const GroupRef = Type.Object({ groupId: Uuid });
const WhisperRef = Type.Object({ whisperId: Uuid });

export const jobCatalogue = {
  // Cases (bridge/src/jobs/CaseRoomJob.ts, LifecycleJobs.ts, ErasureJobs.ts)
  /** Create the encrypted case room (one createRoom) and record its id. */
  "case.create_room": CaseRef,
  /** Tell the agency's pool room that a case waits (new, or released back to the pool). */
  "case.pool_notice": Type.Object({ caseId: Uuid, reason: Type.Optional(Type.Union([Type.Literal("new"), Type.Literal("released")])) }),
  /** Bring a case room in line with its row after a transition (members, power levels, status). */
  "case.sync_room": Type.Object({ caseId: Uuid, action: Type.Optional(Type.String()), actor: Type.Optional(Type.String()) }),
  /** Open the supervision room of a case with the named supervisor. */
  "case.supervision_room": Type.Object({ caseId: Uuid, supervisorUserId: NonEmpty }),
  /** "Case #N has waited H hours" in the pool room. */
  "case.reminder_notice": Type.Object({ caseId: Uuid, hours: Type.Number() }),
  /** Someone other than the bot changed a case room's structure: restore the template. */
  "case.restore_structure": Type.Object({ caseId: Uuid, sender: NonEmpty, type: NonEmpty }),
  /** The seeker erased their account: say so in the pool room (never in the case room). */
  "case.seeker_deleted_notice": CaseRef,

  // Agencies and counselors (LifecycleJobs.ts)
  /** Create the agency's pool room if it has none. */
  "agency.ensure_pool_room": AgencyRef,
  /** Bring the pool room's members in line with the agency's memberships. */
  "agency.sync_pool": AgencyRef,
  /** A notice in any room the bot is in (command replies, greetings). */
  "room.send_notice": Type.Object({ roomId: NonEmpty, body: NonEmpty, inReplyTo: Type.Optional(Type.String()) }),
  /** Open an unencrypted command chat with a counselor. */
  "counselor.open_command_chat": Type.Object({ userId: NonEmpty }),
  /** "You have a new answer" e-mail to a seeker who left an address (no content). */
  "seeker.notify_mail": Type.Object({ seekerId: Uuid }),
  /** The seeker's reminder e-mail before a booked appointment (no content; skipped once cancelled). */
  "booking.remind_mail": Type.Object({ bookingId: Uuid }),

  // Peer-exchange forums (bridge/src/forums/ForumJobs.ts)
  /** Create the topic's forum room if it has none; bring its staff (invitations, power levels, ACL) in line. */
  "forum.create_room": Type.Object({ topicId: NonEmpty }),
  /** Invite a seeker who joined the forum (and bring the staff in line). */
  "forum.invite": Type.Object({ topicId: NonEmpty, seekerId: Uuid }),
  /** Bring a forum's staff in line with the agencies serving its topic (invite, remove, power levels, ACL). */
  "forum.sync_staff": Type.Object({ topicId: NonEmpty }),
  /** A report of a forum post: a notice with a link in the pool rooms of the topic's agencies. */
  "forum.report_notice": Type.Object({ reportId: Uuid }),

  // Groups and whisper rooms (bridge/src/groups/GroupJobs.ts)
  "group.create_room": GroupRef,
  "group.invite": Type.Object({ groupId: Uuid, seekerId: Uuid }),
  /** Apply the phase the scheduler recorded; endedAt = the occurrence that just ended, if any. */
  "group.apply_phase": Type.Object({
    groupId: Uuid,
    phase: Type.Optional(Type.String()),
    occurrence: Type.Optional(IsoTime),
    endedAt: Type.Optional(Type.Union([IsoTime, Type.Null()])),
  }),
  "group.sync_experts": Type.Object({ groupId: Uuid, occurrence: Type.Optional(IsoTime) }),
  "whisper.create_room": WhisperRef,
  "whisper.end": WhisperRef,

  // Moderation (bridge/src/moderation/moderationJobs.ts)
  /** Create the policy-list room or invite new platform admins, then load its rules. */
  "moderation.ensure_policy_room": Type.Object({}),
  /**
   * Apply the policy list's bans to every platform room: the bot's rooms in order of their ids, a
   * share (`policyList.roomsPerJob`) per job; `after` = the last room the previous share walked.
   */
  "moderation.apply_policy": Type.Object({ trigger: Type.String(), after: Type.Optional(NonEmpty) }),
  /** End a timed mute: restore the member's previous power level. */
  "moderation.unmute": Type.Object({
    roomId: NonEmpty,
    userId: NonEmpty,
    previousLevel: Type.Union([Type.Number(), Type.Null()]),
    mutedLevel: Type.Number(),
    until: IsoTime,
  }),
  /** A member flooded a room: mute, kick or only notify, per the policy's decision. */
  "moderation.flood": Type.Object({
    roomId: NonEmpty,
    userId: NonEmpty,
    count: Type.Number(),
    action: Type.Union([Type.Literal("mute"), Type.Literal("kick"), Type.Literal("notify")]),
    minutes: Type.Optional(Type.Number()),
    notify: Type.Optional(Type.Boolean()),
  }),
} as const satisfies Record<string, TSchema>;

export type JobKind = keyof typeof jobCatalogue;
export type JobPayload<K extends JobKind> = Static<(typeof jobCatalogue)[K]>;
export const jobKinds = Object.keys(jobCatalogue) as JobKind[];

export function isJobKind(kind: string): kind is JobKind {
  return Object.hasOwn(jobCatalogue, kind);
}

/** A job as the worker hands it to its handler: the kind and its payload, checked against the catalogue. */
export type ParsedJob = { [K in JobKind]: { kind: K; payload: JobPayload<K> } }[JobKind];

/** Checks a stored row's kind and payload; the reason names the kind and the first bad field. */
export function parseJob(kind: string, payload: unknown): { ok: true; job: ParsedJob } | { ok: false; reason: string } {
  if (!isJobKind(kind)) return { ok: false, reason: `unknown room job kind "${kind.slice(0, 80)}"` };
  const schema: TSchema = jobCatalogue[kind];
  if (!Value.Check(schema, payload)) {
    const first = Value.Errors(schema, payload)[0];
    const where = first ? `${first.instancePath || "/"}: ${first.message}` : "does not match";
    return { ok: false, reason: `payload of ${kind} is invalid (${where})` };
  }
  return { ok: true, job: { kind, payload } as ParsedJob };
}
