// Administration of the catalogue and the staff: agencies (soft delete), their topics and postcode
// ranges per topic, topic settings, counselors and their memberships/roles, platform admins.
// Every write runs in one transaction together with its audit_log row (auditRepository.ts).
// Authorization is the routes' job (routes/admin*.ts); this file only reads and writes.
import { and, asc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { type AgencyRole, type BotLanguage, isBotLanguage, type Role } from "@lotse/policies";
import {
  agencies,
  agencyMemberships,
  agencyPostcodeRanges,
  agencyTopics,
  counselors,
  platformAdmins,
  topics,
  type LotseDb,
  type LotseTx,
} from "@lotse/store";
import type { StaffPrincipal } from "../plugins/staffAuth.ts";
import { writeAudit, type DbOrTx, requestForumStaffSync, requestForumStaffSyncForAgency, requestPoolRoom, requestPoolSync, requestPolicyRoomSync } from "@lotse/store";
import { applyTopicNamesPatch, likeLiteral, topicName, type TopicName, type TopicNamesPatch } from "@lotse/store";

export type RangeInput = { from: string; to: string };
export type AgencyTopicView = { topicId: string; ranges: RangeInput[] };

export type AgencyFields = {
  name: string;
  city: string;
  address: string | null;
  postcode: string | null;
  description: string | null;
  languages: string[];
  online: boolean;
  teamAgency: boolean;
  homeserverServerName: string | null;
};

/** The agency's public profile beyond the routing fields (migration 0011): what a visit needs; CSV columns since migration 0012. */
export type AgencyProfile = {
  phone: string | null;
  openingHours: string | null;
  website: string | null;
  accessibilityNotes: string | null;
  onSiteServices: string[];
};

/** The agency's way in from anywhere (migration 0012): short-link slug, origins allowed to embed its card. */
export type AgencyEntry = { slug: string | null; embedOrigins: string[] };

/** Exactly the profile fields of a row or an import line. */
export function agencyProfileOf(a: AgencyProfile): AgencyProfile {
  return { phone: a.phone, openingHours: a.openingHours, website: a.website, accessibilityNotes: a.accessibilityNotes, onSiteServices: a.onSiteServices };
}

export type AgencyAdminView = { id: string } & AgencyFields &
  AgencyProfile &
  AgencyEntry & { botLanguage: BotLanguage; deleted: boolean; updatedAt: string; topics: AgencyTopicView[] };

export type AgencyPatch = Partial<AgencyFields> & Partial<AgencyProfile> & Partial<AgencyEntry> & { botLanguage?: BotLanguage };

/** The roles a Matrix user holds now: memberships in non-deleted agencies, platform admin. */
export async function loadStaffRoles(db: LotseDb, userId: string): Promise<StaffPrincipal> {
  const person = await db.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, userId)).limit(1);
  const counselorId = person[0]?.id ?? null;
  const roles: StaffPrincipal["roles"] = [];
  if (counselorId !== null) {
    const rows = await db
      .select({ agencyId: agencyMemberships.agencyId, role: agencyMemberships.role })
      .from(agencyMemberships)
      .innerJoin(agencies, eq(agencies.id, agencyMemberships.agencyId))
      .where(and(eq(agencyMemberships.counselorId, counselorId), isNull(agencies.deletedAt)))
      .orderBy(asc(agencyMemberships.agencyId), asc(agencyMemberships.role));
    for (const r of rows) roles.push({ role: r.role as Role, agencyId: r.agencyId });
  }
  const admin = await db.select().from(platformAdmins).where(eq(platformAdmins.matrixUserId, userId)).limit(1);
  if (admin.length > 0) roles.push({ role: "platform_admin", agencyId: null });
  return { userId, counselorId, roles };
}

// ---------------------------------------------------------------------------------------------
// Agencies

type AgencyRow = typeof agencies.$inferSelect;

/** Exactly the editable agency fields of a row or an import line (nothing else is written). */
export function agencyFieldsOf(a: AgencyFields): AgencyFields {
  return {
    name: a.name,
    city: a.city,
    address: a.address,
    postcode: a.postcode,
    description: a.description,
    languages: a.languages,
    online: a.online,
    teamAgency: a.teamAgency,
    homeserverServerName: a.homeserverServerName,
  };
}

function agencyView(a: AgencyRow, topicRanges: AgencyTopicView[]): AgencyAdminView {
  return {
    id: a.id,
    ...agencyFieldsOf(a),
    phone: a.phone,
    openingHours: a.openingHours,
    website: a.website,
    accessibilityNotes: a.accessibilityNotes,
    onSiteServices: a.onSiteServices,
    slug: a.slug,
    embedOrigins: a.embedOrigins,
    botLanguage: isBotLanguage(a.botLanguage) ? a.botLanguage : "de",
    deleted: a.deletedAt !== null,
    updatedAt: a.updatedAt.toISOString(),
    topics: topicRanges,
  };
}

async function topicsAndRanges(db: DbOrTx, agencyIds: string[]): Promise<Map<string, AgencyTopicView[]>> {
  const out = new Map<string, AgencyTopicView[]>();
  if (agencyIds.length === 0) return out;
  const at = await db
    .select()
    .from(agencyTopics)
    .where(inArray(agencyTopics.agencyId, agencyIds))
    .orderBy(asc(agencyTopics.topicId));
  const ranges = await db
    .select()
    .from(agencyPostcodeRanges)
    .where(inArray(agencyPostcodeRanges.agencyId, agencyIds))
    .orderBy(asc(agencyPostcodeRanges.topicId), asc(agencyPostcodeRanges.fromPostcode), asc(agencyPostcodeRanges.toPostcode));
  const byKey = new Map<string, AgencyTopicView>();
  for (const t of at) {
    const v: AgencyTopicView = { topicId: t.topicId, ranges: [] };
    byKey.set(`${t.agencyId}/${t.topicId}`, v);
    let list = out.get(t.agencyId);
    if (list === undefined) out.set(t.agencyId, (list = []));
    list.push(v);
  }
  for (const r of ranges) {
    byKey.get(`${r.agencyId}/${r.topicId}`)?.ranges.push({ from: r.fromPostcode, to: r.toPostcode });
  }
  return out;
}

/**
 * The agencies in `ids` (null: all), by name. `q` keeps those whose name, town, short name or
 * postcode contains it (any case; `%` and `_` are plain characters); `limit`/`offset` take one page.
 * `total` counts every match, not only the page's.
 */
export async function listAgenciesAdmin(
  db: LotseDb,
  opts: { ids: string[] | null; includeDeleted: boolean; q?: string; limit?: number; offset?: number },
): Promise<{ agencies: AgencyAdminView[]; total: number }> {
  if (opts.ids !== null && opts.ids.length === 0) return { agencies: [], total: 0 };
  const conds = [];
  if (opts.ids !== null) conds.push(inArray(agencies.id, opts.ids));
  if (!opts.includeDeleted) conds.push(isNull(agencies.deletedAt));
  const q = opts.q?.trim();
  if (q) {
    const pattern = `%${likeLiteral(q)}%`;
    conds.push(or(ilike(agencies.name, pattern), ilike(agencies.city, pattern), ilike(agencies.slug, pattern), ilike(agencies.postcode, pattern)));
  }
  const where = conds.length > 0 ? and(...conds) : undefined;
  const base = db.select().from(agencies).where(where).orderBy(asc(agencies.name), asc(agencies.id));
  const rows = await (opts.limit === undefined ? base : base.limit(opts.limit).offset(opts.offset ?? 0));
  const total =
    opts.limit === undefined && (opts.offset ?? 0) === 0
      ? rows.length
      : ((await db.select({ n: sql<number>`count(*)::int` }).from(agencies).where(where))[0]?.n ?? 0);
  const tr = await topicsAndRanges(
    db,
    rows.map((r) => r.id),
  );
  return { agencies: rows.map((r) => agencyView(r, tr.get(r.id) ?? [])), total };
}

export async function getAgencyAdmin(db: DbOrTx, id: string): Promise<AgencyAdminView | undefined> {
  const rows = await db.select().from(agencies).where(eq(agencies.id, id)).limit(1);
  const row = rows[0];
  if (row === undefined) return undefined;
  const tr = await topicsAndRanges(db, [id]);
  return agencyView(row, tr.get(id) ?? []);
}

export async function unknownTopics(db: DbOrTx, topicIds: string[]): Promise<string[]> {
  if (topicIds.length === 0) return [];
  const rows = await db.select({ id: topics.id }).from(topics).where(inArray(topics.id, topicIds));
  const known = new Set(rows.map((r) => r.id));
  return [...new Set(topicIds)].filter((t) => !known.has(t));
}

/** Replaces the agency's topics and ranges with `topicRanges` (topics without ranges allowed). */
async function writeTopics(tx: LotseTx, agencyId: string, topicRanges: AgencyTopicView[]): Promise<void> {
  await tx.delete(agencyPostcodeRanges).where(eq(agencyPostcodeRanges.agencyId, agencyId));
  const before = await tx.delete(agencyTopics).where(eq(agencyTopics.agencyId, agencyId)).returning({ topicId: agencyTopics.topicId });
  if (topicRanges.length > 0) {
    await tx.insert(agencyTopics).values(topicRanges.map((t) => ({ agencyId, topicId: t.topicId })));
  }
  // The agency's counselors join the forums of topics it took up and leave those it gave up.
  const was = new Set(before.map((b) => b.topicId));
  const now = new Set(topicRanges.map((t) => t.topicId));
  await requestForumStaffSync(tx, [...new Set([...was, ...now])].filter((t) => was.has(t) !== now.has(t)));
  const ranges = topicRanges.flatMap((t) =>
    t.ranges.map((r) => ({ agencyId, topicId: t.topicId, fromPostcode: r.from, toPostcode: r.to })),
  );
  for (let i = 0; i < ranges.length; i += 1000) {
    await tx.insert(agencyPostcodeRanges).values(ranges.slice(i, i + 1000));
  }
}

export async function createAgencyAdmin(
  db: LotseDb,
  actor: string,
  input: AgencyFields & Partial<AgencyProfile> & Partial<AgencyEntry> & { id?: string | undefined; botLanguage?: BotLanguage; topics: AgencyTopicView[] },
): Promise<AgencyAdminView> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agencies)
      .values({
        ...(input.id !== undefined ? { id: input.id } : {}),
        name: input.name,
        city: input.city,
        address: input.address,
        postcode: input.postcode,
        description: input.description,
        languages: input.languages,
        online: input.online,
        teamAgency: input.teamAgency,
        homeserverServerName: input.homeserverServerName,
        ...(input.botLanguage ? { botLanguage: input.botLanguage } : {}),
        ...(input.phone !== undefined ? { phone: input.phone } : {}),
        ...(input.openingHours !== undefined ? { openingHours: input.openingHours } : {}),
        ...(input.website !== undefined ? { website: input.website } : {}),
        ...(input.accessibilityNotes !== undefined ? { accessibilityNotes: input.accessibilityNotes } : {}),
        ...(input.onSiteServices !== undefined ? { onSiteServices: input.onSiteServices } : {}),
        ...(input.slug !== undefined ? { slug: input.slug } : {}),
        ...(input.embedOrigins !== undefined ? { embedOrigins: input.embedOrigins } : {}),
      })
      .returning({ id: agencies.id });
    const id = row!.id;
    await writeTopics(tx, id, input.topics);
    // The bridge gives every agency a pool room (outbox job, same transaction).
    await requestPoolRoom(tx, id);
    await writeAudit(tx, {
      actor,
      action: "agency.create",
      entityType: "agency",
      entityId: id,
      details: { name: input.name, topics: input.topics.map((t) => t.topicId) },
    });
    return (await getAgencyAdmin(tx, id))!;
  });
}

export async function updateAgencyAdmin(
  db: LotseDb,
  actor: string,
  id: string,
  patch: AgencyPatch,
): Promise<AgencyAdminView | undefined> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(agencies)
      .set({ ...patch, updatedAt: sql`now()` })
      .where(and(eq(agencies.id, id), isNull(agencies.deletedAt)))
      .returning({ id: agencies.id });
    if (rows.length === 0) return undefined;
    // The pool room's name and topic follow the agency's name and language (bridge job).
    if (patch.botLanguage !== undefined || patch.name !== undefined) await requestPoolSync(tx, id);
    await writeAudit(tx, { actor, action: "agency.update", entityType: "agency", entityId: id, details: { fields: Object.keys(patch) } });
    return getAgencyAdmin(tx, id);
  });
}

export async function softDeleteAgency(db: LotseDb, actor: string, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(agencies)
      .set({ deletedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(agencies.id, id), isNull(agencies.deletedAt)))
      .returning({ id: agencies.id });
    if (rows.length === 0) return false;
    // Its counselors leave the forums they were staff of through this agency only.
    await requestForumStaffSyncForAgency(tx, id);
    await writeAudit(tx, { actor, action: "agency.delete", entityType: "agency", entityId: id });
    return true;
  });
}

export async function agencyIsLive(db: DbOrTx, id: string): Promise<boolean> {
  const rows = await db.select({ id: agencies.id }).from(agencies).where(and(eq(agencies.id, id), isNull(agencies.deletedAt))).limit(1);
  return rows.length > 0;
}

/** True when another live or deleted agency already has this short-link slug. */
export async function slugTaken(db: DbOrTx, slug: string, exceptId?: string): Promise<boolean> {
  const rows = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.slug, slug)).limit(1);
  return rows.length > 0 && rows[0]!.id !== exceptId;
}

/** Sets the ranges of one topic (adding the topic to the agency); returns false if no agency. */
export async function replaceTopicRanges(
  db: LotseDb,
  actor: string,
  agencyId: string,
  topicId: string,
  ranges: RangeInput[],
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await agencyIsLive(tx, agencyId))) return false;
    const added = await tx.insert(agencyTopics).values({ agencyId, topicId }).onConflictDoNothing().returning({ topicId: agencyTopics.topicId });
    if (added.length > 0) await requestForumStaffSync(tx, [topicId]);
    await tx
      .delete(agencyPostcodeRanges)
      .where(and(eq(agencyPostcodeRanges.agencyId, agencyId), eq(agencyPostcodeRanges.topicId, topicId)));
    if (ranges.length > 0) {
      await tx
        .insert(agencyPostcodeRanges)
        .values(ranges.map((r) => ({ agencyId, topicId, fromPostcode: r.from, toPostcode: r.to })));
    }
    await tx.update(agencies).set({ updatedAt: sql`now()` }).where(eq(agencies.id, agencyId));
    await writeAudit(tx, {
      actor,
      action: "agency.ranges.replace",
      entityType: "agency_ranges",
      entityId: agencyId,
      details: { topicId, ranges: ranges.map((r) => `${r.from}-${r.to}`) },
    });
    return true;
  });
}

export async function removeAgencyTopic(db: LotseDb, actor: string, agencyId: string, topicId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await agencyIsLive(tx, agencyId))) return false;
    await tx
      .delete(agencyPostcodeRanges)
      .where(and(eq(agencyPostcodeRanges.agencyId, agencyId), eq(agencyPostcodeRanges.topicId, topicId)));
    const removed = await tx
      .delete(agencyTopics)
      .where(and(eq(agencyTopics.agencyId, agencyId), eq(agencyTopics.topicId, topicId)))
      .returning({ topicId: agencyTopics.topicId });
    if (removed.length === 0) return false;
    await requestForumStaffSync(tx, [topicId]);
    await writeAudit(tx, { actor, action: "agency.topic.remove", entityType: "agency_topic", entityId: agencyId, details: { topicId } });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Topics

export type TopicAdminView = {
  id: string;
  name: TopicName;
  minPostcodeLength: number;
  whiteSpotAgencyId: string | null;
  minAge: number | null;
  maxAge: number | null;
};

export type TopicPatch = {
  nameDe?: string | undefined;
  nameEn?: string | undefined;
  /** The further names: a string sets (trimmed), null removes, absent keeps. */
  names?: TopicNamesPatch | undefined;
  minPostcodeLength?: number | undefined;
  whiteSpotAgencyId?: string | null | undefined;
  minAge?: number | null | undefined;
  maxAge?: number | null | undefined;
};

function topicView(t: typeof topics.$inferSelect): TopicAdminView {
  return {
    id: t.id,
    name: topicName(t.nameDe, t.nameEn, t.names),
    minPostcodeLength: t.minPostcodeLength,
    whiteSpotAgencyId: t.whiteSpotAgencyId,
    minAge: t.minAge,
    maxAge: t.maxAge,
  };
}

export async function listTopicsAdmin(db: LotseDb): Promise<TopicAdminView[]> {
  const rows = await db.select().from(topics).orderBy(asc(topics.id));
  return rows.map(topicView);
}

export async function updateTopicAdmin(
  db: LotseDb,
  actor: string,
  id: string,
  patch: TopicPatch,
): Promise<TopicAdminView | undefined> {
  return db.transaction(async (tx) => {
    const { names: namesPatch, ...rest } = patch;
    const set: Record<string, unknown> = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    if (namesPatch !== undefined) {
      // Read-modify-write under the row lock: two admins' edits of different languages both stay.
      const [current] = await tx.select({ names: topics.names }).from(topics).where(eq(topics.id, id)).for("update");
      if (current === undefined) return undefined;
      set["names"] = applyTopicNamesPatch(current.names, namesPatch);
    }
    const rows =
      Object.keys(set).length === 0
        ? await tx.select().from(topics).where(eq(topics.id, id))
        : await tx.update(topics).set(set).where(eq(topics.id, id)).returning();
    const row = rows[0];
    if (row === undefined) return undefined;
    await writeAudit(tx, { actor, action: "topic.update", entityType: "topic", entityId: id, details: set });
    return topicView(row);
  });
}

// ---------------------------------------------------------------------------------------------
// Counselors and memberships

export type CounselorView = {
  id: string;
  matrixUserId: string;
  displayName: string;
  memberships: { agencyId: string; role: AgencyRole }[];
};

export async function listCounselorsAdmin(
  db: LotseDb,
  opts: { agencyIds: string[] | null; limit: number; offset: number },
): Promise<CounselorView[]> {
  if (opts.agencyIds !== null && opts.agencyIds.length === 0) return [];
  const people =
    opts.agencyIds === null
      ? await db.select().from(counselors).orderBy(asc(counselors.matrixUserId)).limit(opts.limit).offset(opts.offset)
      : await db
          .selectDistinct({
            id: counselors.id,
            matrixUserId: counselors.matrixUserId,
            displayName: counselors.displayName,
          })
          .from(counselors)
          .innerJoin(agencyMemberships, eq(agencyMemberships.counselorId, counselors.id))
          .where(inArray(agencyMemberships.agencyId, opts.agencyIds))
          .orderBy(asc(counselors.matrixUserId))
          .limit(opts.limit)
          .offset(opts.offset);
  if (people.length === 0) return [];
  const ms = await db
    .select()
    .from(agencyMemberships)
    .where(
      and(
        inArray(
          agencyMemberships.counselorId,
          people.map((p) => p.id),
        ),
        opts.agencyIds === null ? undefined : inArray(agencyMemberships.agencyId, opts.agencyIds),
      ),
    )
    .orderBy(asc(agencyMemberships.agencyId), asc(agencyMemberships.role));
  return people.map((p) => ({
    id: p.id,
    matrixUserId: p.matrixUserId,
    displayName: p.displayName,
    memberships: ms.filter((m) => m.counselorId === p.id).map((m) => ({ agencyId: m.agencyId, role: m.role as AgencyRole })),
  }));
}

/** Creates the counselor if needed and grants the role in the agency. */
export async function grantMembership(
  db: LotseDb,
  actor: string,
  agencyId: string,
  input: { matrixUserId: string; displayName?: string | undefined; role: AgencyRole },
): Promise<{ counselorId: string; created: boolean } | undefined> {
  return db.transaction(async (tx) => {
    if (!(await agencyIsLive(tx, agencyId))) return undefined;
    const displayName = input.displayName ?? input.matrixUserId.slice(1).split(":")[0]!;
    const inserted = await tx
      .insert(counselors)
      .values({ matrixUserId: input.matrixUserId, displayName })
      .onConflictDoNothing()
      .returning({ id: counselors.id });
    const person = inserted[0] ?? (await tx.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, input.matrixUserId)))[0]!;
    if (inserted.length > 0) {
      await writeAudit(tx, { actor, action: "counselor.create", entityType: "counselor", entityId: person.id, details: { matrixUserId: input.matrixUserId } });
    }
    const granted = await tx
      .insert(agencyMemberships)
      .values({ agencyId, counselorId: person.id, role: input.role })
      .onConflictDoNothing()
      .returning({ role: agencyMemberships.role });
    if (granted.length > 0) {
      // Pool membership follows roles: the bridge invites or removes (outbox, same transaction).
      await requestPoolSync(tx, agencyId);
      await writeAudit(tx, {
        actor,
        action: "membership.grant",
        entityType: "membership",
        entityId: agencyId,
        details: { counselorId: person.id, role: input.role },
      });
    }
    return { counselorId: person.id, created: inserted.length > 0 };
  });
}

export async function revokeMembership(
  db: LotseDb,
  actor: string,
  agencyId: string,
  counselorId: string,
  role: AgencyRole,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .delete(agencyMemberships)
      .where(
        and(
          eq(agencyMemberships.agencyId, agencyId),
          eq(agencyMemberships.counselorId, counselorId),
          eq(agencyMemberships.role, role),
        ),
      )
      .returning({ role: agencyMemberships.role });
    if (rows.length === 0) return false;
    await requestPoolSync(tx, agencyId);
    await writeAudit(tx, { actor, action: "membership.revoke", entityType: "membership", entityId: agencyId, details: { counselorId, role } });
    return true;
  });
}

export async function counselorAgencyIds(db: LotseDb, counselorId: string): Promise<string[] | undefined> {
  const person = await db.select({ id: counselors.id }).from(counselors).where(eq(counselors.id, counselorId)).limit(1);
  if (person.length === 0) return undefined;
  const rows = await db
    .selectDistinct({ agencyId: agencyMemberships.agencyId })
    .from(agencyMemberships)
    .where(eq(agencyMemberships.counselorId, counselorId));
  return rows.map((r) => r.agencyId);
}

export async function updateCounselorAdmin(
  db: LotseDb,
  actor: string,
  counselorId: string,
  patch: { displayName: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.update(counselors).set(patch).where(eq(counselors.id, counselorId)).returning({ id: counselors.id });
    if (rows.length === 0) return false;
    await writeAudit(tx, { actor, action: "counselor.update", entityType: "counselor", entityId: counselorId, details: { fields: Object.keys(patch) } });
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Platform admins

export { writeTopics as replaceAllAgencyTopics };
