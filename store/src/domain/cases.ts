// Cases and their room jobs. Opening a case writes the case row, its room job (the outbox row the
// bridge works) and the NOTIFY in one transaction: either all of it happens or none, and the
// bridge is woken only once the rows are visible (NOTIFY is delivered on commit).
import { desc, eq } from "drizzle-orm";
import { type CaseStatus, caseStatuses } from "@lotse/policies";
import type { LotseDb, LotseTx } from "../db.ts";
import { enqueue } from "../outbox/enqueue.ts";
import { agencies, counselors, topics } from "../schema/catalogue.ts";
import { cases } from "../schema/cases.ts";
import { topicName, type TopicName } from "../topicNames.ts";

export function createRoomIdempotencyKey(caseId: string): string {
  return `case.create_room:${caseId}`;
}

export type OpenedCase = { caseId: string; caseNumber: number; jobId: string; status: string; roomId: string | null };

export type NewCase = {
  seekerId: string;
  agencyId: string;
  topicId: string;
  postcodeRegion?: string | null;
  /** A case that starts with its counselor (a booked appointment): in progress, assigned at `at`. */
  assigned?: { counselorId: string; at: Date };
};

/** Opens a case in its own transaction: the row, its room job, the NOTIFY. */
export async function openCase(db: LotseDb, input: NewCase): Promise<OpenedCase> {
  return db.transaction((tx) => createCase(tx, input));
}

/** The case row and its `case.create_room` job, inside the caller's transaction. */
export async function createCase(tx: LotseTx, input: NewCase): Promise<OpenedCase> {
  const [c] = await tx
    .insert(cases)
    .values({
      seekerId: input.seekerId,
      agencyId: input.agencyId,
      topicId: input.topicId,
      postcodeRegion: input.postcodeRegion ?? null,
      ...(input.assigned ? { status: "in_progress", assignedCounselorId: input.assigned.counselorId, takenAt: input.assigned.at } : { status: "new" }),
    })
    .returning({ id: cases.id, caseNumber: cases.caseNumber, status: cases.status, roomId: cases.roomId });
  if (c === undefined) throw new Error("case insert returned no row");
  const jobId = await enqueue(tx, "case.create_room", { caseId: c.id }, { key: createRoomIdempotencyKey(c.id), caseId: c.id });
  if (jobId === null) throw new Error("the new case's room job already existed");
  return { caseId: c.id, caseNumber: c.caseNumber, jobId, status: c.status, roomId: c.roomId };
}

export type CaseView = {
  caseId: string;
  /** Short number counselors use for the case (pool notices, commands). */
  caseNumber: number;
  roomId: string | null;
  status: CaseStatus;
  /** The assigned counselor's absence message while they are away and the case is in progress. */
  absenceMessage: string | null;
  /** A counselor has written in the case's conversation (first_answer_at is set). */
  answered: boolean;
  agency: { id: string; name: string; city: string };
  topic: { id: string; name: TopicName };
};

/** The seeker's cases, newest first. */
export async function listCasesOfSeeker(db: LotseDb, seekerId: string): Promise<CaseView[]> {
  const rows = await db
    .select({
      caseId: cases.id,
      caseNumber: cases.caseNumber,
      roomId: cases.roomId,
      status: cases.status,
      awayMessage: counselors.awayMessage,
      firstAnswerAt: cases.firstAnswerAt,
      agencyId: agencies.id,
      agencyName: agencies.name,
      agencyCity: agencies.city,
      topicId: topics.id,
      topicDe: topics.nameDe,
      topicEn: topics.nameEn,
      topicNames: topics.names,
    })
    .from(cases)
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .innerJoin(topics, eq(topics.id, cases.topicId))
    .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
    .where(eq(cases.seekerId, seekerId))
    .orderBy(desc(cases.createdAt), desc(cases.id));
  return rows.map((r) => ({
    caseId: r.caseId,
    caseNumber: r.caseNumber,
    roomId: r.roomId,
    status: (caseStatuses as readonly string[]).includes(r.status) ? (r.status as CaseStatus) : "new",
    absenceMessage: r.status === "in_progress" ? (r.awayMessage ?? null) : null,
    answered: r.firstAnswerAt !== null,
    agency: { id: r.agencyId, name: r.agencyName, city: r.agencyCity },
    topic: { id: r.topicId, name: topicName(r.topicDe, r.topicEn, r.topicNames) },
  }));
}
