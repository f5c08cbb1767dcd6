// Where the bot takes commands: an agency's pool room (from any member), or a counselor's own
// command chat with the bot (from that counselor only). One answer for every command family (case,
// group, consultation-hours and live-duty commands), so they cannot drift apart.
import { agencies, botDirectRooms, type LotseDb } from "@lotse/store";
import { eq } from "drizzle-orm";

/** `{ poolAgencyId }` (undefined in a command chat) when the sender's command counts here; null when it does not. */
export async function commandRoom(db: LotseDb, roomId: string, sender: string): Promise<{ poolAgencyId: string | undefined } | null> {
  const [pool] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.poolRoomId, roomId));
  if (pool) return { poolAgencyId: pool.id };
  const [dm] = await db.select({ userId: botDirectRooms.matrixUserId }).from(botDirectRooms).where(eq(botDirectRooms.roomId, roomId));
  return dm !== undefined && dm.userId === sender ? { poolAgencyId: undefined } : null;
}
