// Local help (issue 15): a counselor recommends an agency to the seeker of a case (bot command
// `!empfehlen` / `!recommend`, staff API), and the seeker's case page reads the recommendations.
// One implementation for the bridge and the API. Stored: the case, the agency by id, who, when and
// a short note (≤ RECOMMENDATION_NOTE_MAX characters) — never anything from the conversation. The
// action is recorded in the case's history (case_events) like every other staff action on a case.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { LotseDb, LotseTx } from "../db.ts";
import { agencies, agencyMemberships, counselors } from "../schema/catalogue.ts";
import { caseEvents, cases } from "../schema/cases.ts";
import { caseRecommendations, RECOMMENDATION_NOTE_MAX } from "../schema/localHelp.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type RecommendError = "not_counselor" | "unknown_case" | "not_member" | "case_closed" | "unknown_agency" | "same_agency" | "note_too_long";

export type RecommendOutcome =
  | { ok: true; recommendationId: string; caseId: string; caseNumber: number; agencyId: string; agencyName: string; agencyCity: string }
  | { ok: false; error: RecommendError };

/** An agency named by id or by its short-link slug (live agencies only). */
export async function findAgencyByRef(tx: LotseTx | LotseDb, ref: string): Promise<{ id: string; name: string; city: string } | undefined> {
  const r = ref.trim().toLowerCase();
  const where = UUID.test(r) ? eq(agencies.id, r) : eq(agencies.slug, r);
  const [a] = await tx.select({ id: agencies.id, name: agencies.name, city: agencies.city }).from(agencies).where(and(where, isNull(agencies.deletedAt)));
  return a;
}

/**
 * Recommends `agencyRef` (id or slug) to the seeker of case `caseNumber`. Who may: a member of the
 * case's agency (any role) while the case is open — the counselors who see it in their pool.
 */
export async function recommendAgency(
  tx: LotseTx,
  actor: { matrixUserId: string },
  input: { caseNumber: number; agencyRef: string; note: string },
  now: Date = new Date(),
): Promise<RecommendOutcome> {
  const note = input.note.trim();
  if ([...note].length > RECOMMENDATION_NOTE_MAX) return { ok: false, error: "note_too_long" };
  const [me] = await tx.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, actor.matrixUserId));
  if (me === undefined) return { ok: false, error: "not_counselor" };
  const [kase] = await tx
    .select({ id: cases.id, caseNumber: cases.caseNumber, agencyId: cases.agencyId, status: cases.status })
    .from(cases)
    .where(eq(cases.caseNumber, input.caseNumber));
  if (kase === undefined) return { ok: false, error: "unknown_case" };
  const [member] = await tx
    .select({ role: agencyMemberships.role })
    .from(agencyMemberships)
    .where(and(eq(agencyMemberships.agencyId, kase.agencyId), eq(agencyMemberships.counselorId, me.id)))
    .limit(1);
  // Said the same as an unknown case: another agency's case numbers stay unseen.
  if (member === undefined) return { ok: false, error: "not_member" };
  if (kase.status !== "new" && kase.status !== "in_progress") return { ok: false, error: "case_closed" };
  const agency = await findAgencyByRef(tx, input.agencyRef);
  if (agency === undefined) return { ok: false, error: "unknown_agency" };
  if (agency.id === kase.agencyId) return { ok: false, error: "same_agency" };
  const [row] = await tx
    .insert(caseRecommendations)
    .values({ caseId: kase.id, agencyId: agency.id, counselorId: me.id, note, createdAt: now })
    .returning({ id: caseRecommendations.id });
  await tx.insert(caseEvents).values({
    caseId: kase.id,
    at: now,
    actor: actor.matrixUserId,
    action: "recommend",
    fromStatus: kase.status,
    toStatus: kase.status,
    details: { agencyId: agency.id, recommendationId: row!.id, noteLength: [...note].length },
  });
  return { ok: true, recommendationId: row!.id, caseId: kase.id, caseNumber: kase.caseNumber, agencyId: agency.id, agencyName: agency.name, agencyCity: agency.city };
}

export type AgencyVisitDetails = {
  id: string;
  name: string;
  city: string;
  address: string | null;
  postcode: string | null;
  phone: string | null;
  openingHours: string | null;
  website: string | null;
  accessibilityNotes: string | null;
  onSiteServices: string[];
  /** False: the agency counsels on site only (not offered for online enquiries). */
  online: boolean;
};

const visitColumns = {
  id: agencies.id,
  name: agencies.name,
  city: agencies.city,
  address: agencies.address,
  postcode: agencies.postcode,
  phone: agencies.phone,
  openingHours: agencies.openingHours,
  website: agencies.website,
  accessibilityNotes: agencies.accessibilityNotes,
  onSiteServices: agencies.onSiteServices,
  online: agencies.online,
};

/** What a visit needs to know of these agencies (live ones), in the order of `ids`. */
export async function agencyVisitDetails(db: LotseDb | LotseTx, ids: readonly string[]): Promise<AgencyVisitDetails[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select(visitColumns)
    .from(agencies)
    .where(and(inArray(agencies.id, [...ids]), isNull(agencies.deletedAt)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r === undefined ? [] : [r];
  });
}

export type CaseRecommendationView = { id: string; agencyId: string; note: string; createdAt: Date };

/** The case's recommendations, oldest first (agencies deleted since are left out by the caller's join). */
export async function recommendationsOfCase(db: LotseDb | LotseTx, caseId: string): Promise<CaseRecommendationView[]> {
  return db
    .select({ id: caseRecommendations.id, agencyId: caseRecommendations.agencyId, note: caseRecommendations.note, createdAt: caseRecommendations.createdAt })
    .from(caseRecommendations)
    .where(eq(caseRecommendations.caseId, caseId))
    .orderBy(asc(caseRecommendations.createdAt));
}
