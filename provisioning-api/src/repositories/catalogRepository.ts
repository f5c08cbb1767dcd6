// Read side of the catalogue: topics and agencies, and which agency serves which topic and area.
import { and, asc, eq, exists, gte, isNull, lte, sql } from "drizzle-orm";
import {
  agencies,
  agencyPostcodeRanges,
  agencyTopics,
  topicName,
  topics,
  type LotseDb,
  type TopicName,
} from "@lotse/store";

export type TopicView = { id: string; name: TopicName };
export type AgencyView = { id: string; name: string; city: string };

export async function listTopics(db: LotseDb): Promise<TopicView[]> {
  const rows = await db.select().from(topics).orderBy(asc(topics.nameDe));
  return rows.map((t) => ({ id: t.id, name: topicName(t.nameDe, t.nameEn, t.names) }));
}

export async function topicExists(db: LotseDb, topicId: string): Promise<boolean> {
  const rows = await db.select({ id: topics.id }).from(topics).where(eq(topics.id, topicId)).limit(1);
  return rows.length > 0;
}

export async function findAgency(db: LotseDb, agencyId: string): Promise<(AgencyView & { online: boolean }) | undefined> {
  const rows = await db
    .select({ id: agencies.id, name: agencies.name, city: agencies.city, online: agencies.online })
    .from(agencies)
    .where(and(eq(agencies.id, agencyId), isNull(agencies.deletedAt)))
    .limit(1);
  return rows[0];
}

export async function agencyServesTopic(db: LotseDb, agencyId: string, topicId: string): Promise<boolean> {
  const rows = await db
    .select({ agencyId: agencyTopics.agencyId })
    .from(agencyTopics)
    .where(and(eq(agencyTopics.agencyId, agencyId), eq(agencyTopics.topicId, topicId)))
    .limit(1);
  return rows.length > 0;
}

/** Agencies counseling on `topicId` with a postcode range (inclusive) containing `postcode`. */
export async function findAgenciesFor(db: LotseDb, topicId: string, postcode: string): Promise<AgencyView[]> {
  return db
    .select({ id: agencies.id, name: agencies.name, city: agencies.city })
    .from(agencies)
    .innerJoin(agencyTopics, and(eq(agencyTopics.agencyId, agencies.id), eq(agencyTopics.topicId, topicId)))
    .where(
      and(
        eq(agencies.online, true),
        isNull(agencies.deletedAt),
      exists(
        db
          .select({ one: sql`1` })
          .from(agencyPostcodeRanges)
          .where(
            and(
              eq(agencyPostcodeRanges.agencyId, agencies.id),
              eq(agencyPostcodeRanges.topicId, topicId),
              lte(agencyPostcodeRanges.fromPostcode, postcode),
              gte(agencyPostcodeRanges.toPostcode, postcode),
            ),
          ),
      ),
      ),
    )
    .orderBy(asc(agencies.name), asc(agencies.id));
}
