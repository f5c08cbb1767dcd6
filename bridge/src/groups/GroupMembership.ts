// Members leaving group and whisper rooms on their own (any Matrix client's "leave"):
//   - a seeker who leaves the group room gives up their seat (left_reason "left") and their whisper ends;
//   - either side leaving a whisper room ends it (the bot removes the other side: job whisper.end).
// Acted on in one transaction with a processed_events row (key `group-leave:<event id>`), so a
// re-sent appservice transaction changes nothing twice. Kicks by the bot are not "leaving".
//
// Also: power levels changed in a group room by anyone but the bot (moderators may, at level 50 —
// to mute from their own client) are brought back to the phase's template (job group.sync_experts:
// the phase's levels, keeping negative user levels, i.e. mutes). So a moderator can mute and unmute
// but not open the room early, promote a seeker or lower the kick level.
import { endWhisper, enqueue, counselors, groupParticipants, groups, type LotseDb, seekers, whisperRooms } from "@lotse/store";
import { claimEvent } from "../events/claimEvent.ts";
import { and, eq, isNull } from "drizzle-orm";
import type { Logger } from "pino";

type MemberEvent = { event_id?: unknown; room_id?: unknown; sender?: unknown; type?: unknown; state_key?: unknown; content?: Record<string, unknown> };

function localpartOf(userId: string): string {
  return userId.slice(1, userId.indexOf(":"));
}

export async function onGroupMembership(deps: { db: LotseDb; log: Logger; now?: () => Date }, event: MemberEvent): Promise<void> {
  if (event.type === "m.room.power_levels" && event.state_key === "") return onGroupPowerLevels(deps, event);
  if (event.type !== "m.room.member" || event.content?.membership !== "leave") return;
  if (typeof event.event_id !== "string" || typeof event.room_id !== "string" || typeof event.sender !== "string") return;
  if (event.state_key !== event.sender) return; // removed by someone else, not leaving
  const { db, log } = deps;
  const roomId = event.room_id;
  const userId = event.sender;
  const eventId = event.event_id;
  const [group] = await db.select({ id: groups.id }).from(groups).where(eq(groups.roomId, roomId));
  const [whisper] = group
    ? []
    : await db
        .select({ id: whisperRooms.id, groupId: whisperRooms.groupId, seekerId: whisperRooms.seekerId, endedAt: whisperRooms.endedAt, moderator: counselors.matrixUserId, localpart: seekers.matrixLocalpart })
        .from(whisperRooms)
        .innerJoin(counselors, eq(counselors.id, whisperRooms.moderatorId))
        .innerJoin(seekers, eq(seekers.id, whisperRooms.seekerId))
        .where(eq(whisperRooms.roomId, roomId));
  if (!group && !whisper) return;
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, eventId, roomId, { scope: "group-leave" }))) return;
    const now = deps.now?.() ?? new Date();
    if (group) {
      const left = await tx
        .update(groupParticipants)
        .set({ leftAt: now, leftReason: "left" })
        .where(
          and(
            eq(groupParticipants.groupId, group.id),
            isNull(groupParticipants.leftAt),
            eq(groupParticipants.seekerId, tx.select({ id: seekers.id }).from(seekers).where(eq(seekers.matrixLocalpart, localpartOf(userId)))),
          ),
        )
        .returning({ seekerId: groupParticipants.seekerId });
      for (const p of left) await endWhisper(tx, group.id, p.seekerId, "left_group", now); // their whisper ends too (if any)
      if (left.length > 0) log.info({ groupId: group.id, roomId }, "a participant left the group room; seat freed");
      return;
    }
    if (!whisper || whisper.endedAt) return;
    const side = userId === whisper.moderator ? "moderator" : localpartOf(userId) === whisper.localpart ? "seeker" : undefined;
    if (!side) return;
    const r = await endWhisper(tx, whisper.groupId, whisper.seekerId, side, now);
    if (r.ok) log.info({ whisperId: whisper.id, roomId, endedBy: side }, "whisper ended by a member leaving");
  });
}

async function onGroupPowerLevels(deps: { db: LotseDb; log: Logger }, event: MemberEvent): Promise<void> {
  if (typeof event.event_id !== "string" || typeof event.room_id !== "string") return;
  const [group] = await deps.db.select({ id: groups.id }).from(groups).where(eq(groups.roomId, event.room_id));
  if (!group) return;
  await deps.db.transaction(async (tx) => {
    await enqueue(tx, "group.sync_experts", { groupId: group.id }, { key: `group.restore_levels:${event.event_id as string}` });
  });
  deps.log.info({ groupId: group.id, roomId: event.room_id }, "power levels changed by a member; re-applying the phase's levels");
}
