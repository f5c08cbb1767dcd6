// The case lifecycle as database transactions: one implementation shared by the bridge (commands
// typed in the pool room or a DM with the bot) and the staff API routes. Every action runs inside
// the caller's transaction: the decision (policies' decideCaseAction), the conditional UPDATE that
// makes it race-free (WHERE status = <expected> [AND assigned_counselor_id IS NULL]), the
// case_events row and the room jobs for the Matrix side effects commit together or not at all.
// Roles always come from agency_memberships at the time of the action, never from a token.
import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import {
  type AgencyRole,
  type CaseAction,
  botMessagesEn,
  type CaseDecisionError,
  type CaseRefusal,
  type CaseStatus,
  caseStatuses,
  decideCaseAction,
  isAgencyRole,
  plainText,
} from "@lotse/policies";
import type { LotseDb, LotseTx } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { requestForumStaffSyncForAgency } from "./forums.ts";
import { agencies, agencyMemberships, counselors, topics } from "../schema/catalogue.ts";
import { caseEvents, cases } from "../schema/cases.ts";

/**
 * Asks the bridge to bring the agency's pool room in line with its memberships (invite added pool
 * counselors, remove the others); creates the pool room first if it does not exist. Any writer of
 * agency_memberships calls this in the same transaction.
 */
export async function requestPoolSync(tx: LotseTx, agencyId: string): Promise<void> {
  await enqueue(tx, "agency.sync_pool", { agencyId }, { key: `agency.sync_pool:${agencyId}:${randomUUID()}` });
  // The forums of the agency's topics have its counselors as staff: the same change, the same line-up.
  await requestForumStaffSyncForAgency(tx, agencyId);
}

/** Asks the bridge to create the agency's pool room (idempotent, one job per agency). */
export async function requestPoolRoom(tx: LotseTx, agencyId: string): Promise<void> {
  await enqueue(tx, "agency.ensure_pool_room", { agencyId }, { key: `agency.ensure_pool_room:${agencyId}` });
}

export type StaffActor = { matrixUserId: string };

export type ActionFailure = {
  ok: false;
  error: CaseDecisionError | "not_found" | "not_counselor" | "unknown_person" | "ambiguous_person";
  /** Why, as data: the bot words it in the counselor's language (@lotse/policies' bot catalogues). */
  refusal: CaseRefusal;
  /** Why, in English: the staff API's error text. */
  message: string;
};

function failure(error: ActionFailure["error"], refusal: CaseRefusal): ActionFailure {
  return { ok: false, error, refusal, message: plainText(botMessagesEn.refusal(refusal)) };
}

export type ActionSuccess = {
  ok: true;
  caseId: string;
  caseNumber: number;
  action: CaseAction;
  from: CaseStatus;
  to: CaseStatus;
  /** Display name of the counselor the case is assigned to afterwards (null: unassigned). */
  assignedTo: string | null;
  /** For supervise: the supervisor added. */
  supervisor?: string;
};

export type ActionOutcome = ActionSuccess | ActionFailure;

export type ActionRequest =
  | { action: "take" | "release" | "close" | "archive" | "reopen"; caseNumber: number }
  | { action: "assign"; caseNumber: number; counselor: string }
  | { action: "supervise"; caseNumber: number; supervisor: string };

function asStatus(s: string): CaseStatus {
  return (caseStatuses as readonly string[]).includes(s) ? (s as CaseStatus) : "new";
}

async function counselorByUserId(tx: LotseTx, matrixUserId: string) {
  const [c] = await tx
    .select({ id: counselors.id, matrixUserId: counselors.matrixUserId, displayName: counselors.displayName, awayMessage: counselors.awayMessage })
    .from(counselors)
    .where(eq(counselors.matrixUserId, matrixUserId));
  return c;
}

async function rolesIn(tx: LotseTx, agencyId: string, counselorId: string): Promise<AgencyRole[]> {
  const rows = await tx
    .select({ role: agencyMemberships.role })
    .from(agencyMemberships)
    .where(and(eq(agencyMemberships.agencyId, agencyId), eq(agencyMemberships.counselorId, counselorId)));
  return rows.map((r) => r.role).filter(isAgencyRole);
}

/**
 * A person named in a command, among the members of an agency: a full Matrix id, a localpart
 * (with or without "@"), or an exact display name (case-insensitive).
 */
async function resolveMember(tx: LotseTx, agencyId: string, ref: string) {
  const members = await tx
    .selectDistinct({ id: counselors.id, matrixUserId: counselors.matrixUserId, displayName: counselors.displayName })
    .from(counselors)
    .innerJoin(agencyMemberships, eq(agencyMemberships.counselorId, counselors.id))
    .where(eq(agencyMemberships.agencyId, agencyId));
  const r = ref.trim().replace(/^@/, "").toLowerCase();
  const byId = members.filter((m) => {
    const id = m.matrixUserId.toLowerCase();
    return id === `@${r}` || id.split(":")[0] === `@${r}`;
  });
  if (byId.length === 1) return { ok: true as const, member: byId[0]! };
  const byName = members.filter((m) => m.displayName.toLowerCase() === ref.trim().toLowerCase());
  if (byName.length === 1) return { ok: true as const, member: byName[0]! };
  if (byId.length + byName.length > 1) return { ok: false as const, error: "ambiguous_person" as const };
  return { ok: false as const, error: "unknown_person" as const };
}

/** One lifecycle action, decided and recorded inside `tx`. */
export async function performCaseAction(tx: LotseTx, actor: StaffActor, req: ActionRequest, now = new Date()): Promise<ActionOutcome> {
  const me = await counselorByUserId(tx, actor.matrixUserId);
  if (!me) return failure("not_counselor", { kind: "not_counselor" });

  const [kase] = await tx
    .select({
      id: cases.id,
      caseNumber: cases.caseNumber,
      status: cases.status,
      agencyId: cases.agencyId,
      assignedCounselorId: cases.assignedCounselorId,
      assignedName: counselors.displayName,
      seekerId: cases.seekerId,
    })
    .from(cases)
    .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
    .where(eq(cases.caseNumber, req.caseNumber));
  const myRoles = kase ? await rolesIn(tx, kase.agencyId, me.id) : [];
  // A case of another agency is reported as unknown: its existence is none of the actor's business.
  if (!kase || myRoles.length === 0) return failure("not_found", { kind: "no_such_case", caseNumber: req.caseNumber });

  const from = asStatus(kase.status);
  const snapshot = { caseNumber: kase.caseNumber, status: from, assignedTo: kase.assignedName ?? null };
  let target: { id: string; matrixUserId: string; displayName: string } | undefined;
  let targetRoles: AgencyRole[] = [];
  if (req.action === "assign" || req.action === "supervise") {
    const ref = req.action === "assign" ? req.counselor : req.supervisor;
    const found = await resolveMember(tx, kase.agencyId, ref);
    if (!found.ok) {
      return failure(found.error, { kind: found.error, caseNumber: kase.caseNumber, ref: ref.slice(0, 60) });
    }
    target = found.member;
    targetRoles = await rolesIn(tx, kase.agencyId, target.id);
  }
  const decision = decideCaseAction(
    req.action,
    snapshot,
    { roles: myRoles, isAssigned: kase.assignedCounselorId === me.id },
    target ? { roles: targetRoles, isAssigned: kase.assignedCounselorId === target.id } : undefined,
  );
  if (!decision.ok) return { ok: false, error: decision.error, refusal: decision.refusal, message: decision.message };
  // The seeker erased the account: there is nobody to continue with (and no user to put back).
  if (req.action === "reopen" && kase.seekerId === null) {
    return failure("wrong_status", { kind: "seeker_deleted", caseNumber: kase.caseNumber });
  }

  // The new assignment, by action.
  const assignee =
    req.action === "take" ? me : req.action === "assign" ? target! : req.action === "release" ? null : undefined;
  const set: Partial<typeof cases.$inferInsert> = { status: decision.to, updatedAt: now };
  if (assignee !== undefined) set.assignedCounselorId = assignee?.id ?? null;
  if (req.action === "take" || req.action === "assign") set.takenAt = now;
  if (req.action === "release") set.takenAt = null;
  if (req.action === "close") set.closedAt = now;
  if (req.action === "archive") set.archivedAt = now;
  if (req.action === "reopen") {
    set.closedAt = null;
    set.archivedAt = null;
  }

  // The conditional UPDATE decides races: only a row still in the state the decision was made on
  // is changed. For take, "still unassigned" as well — exactly one of concurrent takers wins.
  const guard =
    req.action === "take"
      ? and(eq(cases.id, kase.id), eq(cases.status, "new"), isNull(cases.assignedCounselorId))
      : kase.assignedCounselorId === null
        ? and(eq(cases.id, kase.id), eq(cases.status, from), isNull(cases.assignedCounselorId))
        : and(eq(cases.id, kase.id), eq(cases.status, from), eq(cases.assignedCounselorId, kase.assignedCounselorId));
  const updated = req.action === "supervise" ? [{ id: kase.id }] : await tx.update(cases).set(set).where(guard).returning({ id: cases.id });
  if (updated.length === 0) {
    // Someone else changed the case between our read and our write: report what it is now.
    const [now2] = await tx
      .select({ status: cases.status, assignedName: counselors.displayName, assignedId: cases.assignedCounselorId })
      .from(cases)
      .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
      .where(eq(cases.id, kase.id));
    const again = decideCaseAction(
      req.action,
      { caseNumber: kase.caseNumber, status: asStatus(now2?.status ?? from), assignedTo: now2?.assignedName ?? null },
      { roles: myRoles, isAssigned: now2?.assignedId === me.id },
      target ? { roles: targetRoles, isAssigned: now2?.assignedId === target.id } : undefined,
    );
    if (!again.ok) return { ok: false, error: again.error, refusal: again.refusal, message: again.message };
    return failure("wrong_status", { kind: "concurrent", caseNumber: kase.caseNumber });
  }

  const [ev] = await tx
    .insert(caseEvents)
    .values({
      caseId: kase.id,
      at: now,
      actor: actor.matrixUserId,
      action: req.action,
      fromStatus: from,
      toStatus: decision.to,
      details: target ? { target: target.matrixUserId } : {},
    })
    .returning({ id: caseEvents.id });
  const key = `case-event:${ev!.id}`;
  if (req.action === "supervise") {
    await enqueue(tx, "case.supervision_room", { caseId: kase.id, supervisorUserId: target!.matrixUserId }, { key: `case.supervision_room:${key}`, caseId: kase.id });
  } else {
    await enqueue(tx, "case.sync_room", { caseId: kase.id, action: req.action, actor: actor.matrixUserId }, { key: `case.sync_room:${key}`, caseId: kase.id });
  }
  if (req.action === "release") {
    await enqueue(tx, "case.pool_notice", { caseId: kase.id, reason: "released" }, { key: `case.pool_notice:${key}`, caseId: kase.id });
  }
  const assignedTo = assignee === undefined ? (kase.assignedName ?? null) : (assignee?.displayName ?? null);
  return {
    ok: true,
    caseId: kase.id,
    caseNumber: kase.caseNumber,
    action: req.action,
    from,
    to: decision.to,
    assignedTo,
    ...(target && req.action === "supervise" ? { supervisor: target.displayName } : {}),
  };
}

/**
 * Sets (message) or clears (null) the actor's absence. The seekers of the actor's open cases see
 * it (GET /v1/cases and the case room's status state, refreshed through case.sync_room jobs).
 */
export async function setAbsence(
  tx: LotseTx,
  actor: StaffActor,
  message: string | null,
  now = new Date(),
): Promise<{ ok: true; openCases: number } | ActionFailure> {
  const me = await counselorByUserId(tx, actor.matrixUserId);
  if (!me) return failure("not_counselor", { kind: "not_counselor" });
  await tx
    .update(counselors)
    .set({ awayMessage: message, awaySince: message === null ? null : now })
    .where(eq(counselors.id, me.id));
  const open = await tx
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.assignedCounselorId, me.id), eq(cases.status, "in_progress")));
  const stamp = randomUUID();
  for (const c of open) {
    await enqueue(tx, "case.sync_room", { caseId: c.id, action: message === null ? "back" : "away", actor: actor.matrixUserId }, { key: `case.sync_room:absence:${c.id}:${stamp}`, caseId: c.id });
  }
  return { ok: true, openCases: open.length };
}

export type StaffCaseRow = {
  caseId: string;
  caseNumber: number;
  status: CaseStatus;
  agencyId: string;
  agencyName: string;
  topicId: string;
  topicName: string;
  postcodeRegion: string | null;
  createdAt: Date;
  takenAt: Date | null;
  firstAnswerAt: Date | null;
  assignedTo: string | null;
  mine: boolean;
};

/** The actor's open cases (in progress) and the waiting (new) cases of the actor's agencies. */
export async function listStaffCases(tx: LotseTx | LotseDb, actor: StaffActor): Promise<StaffCaseRow[] | ActionFailure> {
  const me = await counselorByUserId(tx as LotseTx, actor.matrixUserId);
  if (!me) return failure("not_counselor", { kind: "not_counselor" });
  const myAgencies = (
    await tx.selectDistinct({ agencyId: agencyMemberships.agencyId }).from(agencyMemberships).where(eq(agencyMemberships.counselorId, me.id))
  ).map((r) => r.agencyId);
  if (myAgencies.length === 0) return [];
  const rows = await tx
    .select({
      caseId: cases.id,
      caseNumber: cases.caseNumber,
      status: cases.status,
      agencyId: cases.agencyId,
      agencyName: agencies.name,
      topicId: cases.topicId,
      topicName: topics.nameDe,
      postcodeRegion: cases.postcodeRegion,
      createdAt: cases.createdAt,
      takenAt: cases.takenAt,
      firstAnswerAt: cases.firstAnswerAt,
      assignedCounselorId: cases.assignedCounselorId,
      assignedName: counselors.displayName,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .innerJoin(topics, eq(topics.id, cases.topicId))
    .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
    .where(
      sql`(${cases.assignedCounselorId} = ${me.id} and ${cases.status} = 'in_progress')
          or (${cases.status} = 'new' and ${inArray(cases.agencyId, myAgencies)})`,
    )
    .orderBy(asc(cases.caseNumber));
  return rows.map((r) => ({
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    status: asStatus(r.status),
    agencyId: r.agencyId,
    agencyName: r.agencyName,
    topicId: r.topicId,
    topicName: r.topicName,
    postcodeRegion: r.postcodeRegion,
    createdAt: r.createdAt,
    takenAt: r.takenAt,
    firstAnswerAt: r.firstAnswerAt,
    assignedTo: r.assignedName ?? null,
    mine: r.assignedCounselorId === me.id,
  }));
}

/** Pool counselors of an agency (Matrix ids), for room membership. */
export async function poolCounselorsOf(tx: LotseTx, agencyId: string, poolRoles: readonly string[]) {
  return tx
    .selectDistinct({ id: counselors.id, matrixUserId: counselors.matrixUserId, displayName: counselors.displayName, awayMessage: counselors.awayMessage })
    .from(counselors)
    .innerJoin(agencyMemberships, eq(agencyMemberships.counselorId, counselors.id))
    .where(and(eq(agencyMemberships.agencyId, agencyId), inArray(agencyMemberships.role, [...poolRoles])))
    .orderBy(asc(counselors.matrixUserId));
}

export type ResponseTimeFigures = {
  waiting: number;
  waitingOverdue: number;
  oldestWaitingSince: Date | null;
  answered: number;
  answeredInTime: number;
};

/**
 * An agency's response-time figures against the promise (hours): cases still without a counselor's
 * answer (new or in progress, first_answer_at null) and how many of the answered ones were answered
 * within the promise. Counts only; nothing about any seeker.
 */
export async function agencyResponseTimes(db: LotseDb | LotseTx, agencyId: string, promiseHours: number, now: Date): Promise<ResponseTimeFigures> {
  const overdueBefore = new Date(now.getTime() - promiseHours * 3_600_000);
  const [r] = await db.execute<{ waiting: number; waiting_overdue: number; oldest: string | Date | null; answered: number; answered_in_time: number }>(sql`
    select
      count(*) filter (where ${cases.firstAnswerAt} is null and ${cases.status} in ('new', 'in_progress'))::int as waiting,
      count(*) filter (where ${cases.firstAnswerAt} is null and ${cases.status} in ('new', 'in_progress') and ${cases.createdAt} < ${overdueBefore.toISOString()}::timestamptz)::int as waiting_overdue,
      min(${cases.createdAt}) filter (where ${cases.firstAnswerAt} is null and ${cases.status} in ('new', 'in_progress')) as oldest,
      count(*) filter (where ${cases.firstAnswerAt} is not null)::int as answered,
      count(*) filter (where ${cases.firstAnswerAt} is not null and ${cases.firstAnswerAt} - ${cases.createdAt} <= make_interval(hours => ${promiseHours}))::int as answered_in_time
    from ${cases} where ${cases.agencyId} = ${agencyId}`);
  return {
    waiting: r?.waiting ?? 0,
    waitingOverdue: r?.waiting_overdue ?? 0,
    oldestWaitingSince: r?.oldest ? new Date(r.oldest) : null,
    answered: r?.answered ?? 0,
    answeredInTime: r?.answered_in_time ?? 0,
  };
}
