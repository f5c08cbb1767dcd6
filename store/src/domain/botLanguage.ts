// The language the bot writes in: a counselor's own choice (`!sprache`, counselors.bot_language),
// else the agency's (agencies.bot_language, admin API), else German. Stored, never guessed.
import { type BotLanguage, defaultBotLanguage, isBotLanguage } from "@lotse/policies";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { LotseDb, LotseTx } from "../db.ts";
import { agencies, agencyMemberships, counselors } from "../schema/catalogue.ts";

type Q = LotseTx | LotseDb;

/** The agency's language (German when the agency is unknown). */
export async function agencyBotLanguage(tx: Q, agencyId: string): Promise<BotLanguage> {
  const [a] = await tx.select({ lang: agencies.botLanguage }).from(agencies).where(eq(agencies.id, agencyId));
  return isBotLanguage(a?.lang) ? a.lang : defaultBotLanguage;
}

/**
 * The language for a reply to a counselor (Matrix ID): their own choice, else the language of
 * `agencyId` (the pool room's agency) or, without one, of their first agency; else German.
 */
export async function counselorBotLanguage(tx: Q, matrixUserId: string, agencyId?: string): Promise<BotLanguage> {
  const [c] = await tx.select({ id: counselors.id, lang: counselors.botLanguage }).from(counselors).where(eq(counselors.matrixUserId, matrixUserId));
  if (isBotLanguage(c?.lang)) return c.lang;
  if (agencyId !== undefined) return agencyBotLanguage(tx, agencyId);
  if (!c) return defaultBotLanguage;
  const [first] = await tx
    .select({ lang: agencies.botLanguage })
    .from(agencyMemberships)
    .innerJoin(agencies, and(eq(agencies.id, agencyMemberships.agencyId), isNull(agencies.deletedAt)))
    .where(eq(agencyMemberships.counselorId, c.id))
    .orderBy(asc(agencyMemberships.createdAt))
    .limit(1);
  return isBotLanguage(first?.lang) ? first.lang : defaultBotLanguage;
}

/** A counselor's own choice (null: follow the agency). False when no counselor has that Matrix ID. */
export async function setCounselorBotLanguage(tx: Q, matrixUserId: string, lang: BotLanguage | null): Promise<boolean> {
  const rows = await tx.update(counselors).set({ botLanguage: lang }).where(eq(counselors.matrixUserId, matrixUserId)).returning({ id: counselors.id });
  return rows.length > 0;
}
