// What the bridge watches in case rooms without reading anything: who changes the room's structure
// (restored by the bot), and when a counselor first writes (the bridge sees that an encrypted
// event was sent, by whom and when — never what). Two handlers of the event router.
import { cases, enqueue, type LotseDb } from "@lotse/store";
import { eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { claimEvent } from "./claimEvent.ts";
import type { EventHandler, InboundEvent } from "./EventRouter.ts";

export type CaseRoomWatchDeps = {
  db: LotseDb;
  log: Logger;
  botUserId: string;
  /** Seekers' localpart prefix: their messages are not counselors' answers. */
  userPrefix: string;
  /** Minimum minutes between two "new answer" mails to one seeker; undefined = mails off. */
  notifyIntervalMinutes?: number;
};

/** State that only the bot may set in a case room (the template's structure). */
export const STRUCTURAL_STATE_TYPES = [
  "m.room.join_rules",
  "m.room.history_visibility",
  "m.room.guest_access",
  "m.room.encryption",
  "m.room.power_levels",
  "m.room.server_acl",
];

export function caseRoomWatchHandlers(deps: CaseRoomWatchDeps): EventHandler[] {
  return [
    {
      name: "structure-watch",
      eventTypes: [...STRUCTURAL_STATE_TYPES, "m.room.member"],
      handle: async (event) => {
        if (event.state_key === undefined) return;
        if (event.type === "m.room.member") {
          // Invitations only; the bot's own invitation into a direct chat is the commands' business.
          if (event.content.membership !== "invite" || event.state_key === deps.botUserId) return;
        }
        await onStructureChanged(deps, event);
      },
    },
    {
      name: "first-answer",
      eventTypes: ["m.room.encrypted"],
      handle: async (event) => {
        if (event.sender.startsWith(`@${deps.userPrefix}`)) return;
        await onCounselorMessage(deps, event, event.origin_server_ts === undefined ? new Date() : new Date(event.origin_server_ts));
      },
    },
  ];
}

/**
 * Someone other than the bot changed a case room's structure or invited someone. The power levels
 * should make this impossible; if it happens anyway (a misconfigured or compromised account, a
 * homeserver admin), the bot restores the template (job case.restore_structure, once per event).
 */
async function onStructureChanged(deps: CaseRoomWatchDeps, event: InboundEvent): Promise<void> {
  const [kase] = await deps.db.select({ id: cases.id }).from(cases).where(eq(cases.roomId, event.room_id));
  if (!kase) return;
  await deps.db.transaction(async (tx) => {
    if (!(await claimEvent(tx, event.event_id, event.room_id))) return;
    await enqueue(tx, "case.restore_structure", { caseId: kase.id, sender: event.sender, type: event.type }, { key: `case.restore_structure:${event.event_id}`, caseId: kase.id });
  });
  deps.log.warn({ caseId: kase.id, roomId: event.room_id, type: event.type }, "case room structure changed by someone other than the bot");
}

/**
 * A counselor wrote in a case room. The first such event is the case's first answer: it stops the
 * response-time reminders and feeds the agency's figures. Idempotent (only sets a null column).
 */
async function onCounselorMessage(deps: CaseRoomWatchDeps, event: InboundEvent, at: Date): Promise<void> {
  const { room_id: roomId, sender, event_id: eventId } = event;
  await deps.db.transaction(async (tx) => {
    const updated = await tx.execute<{ id: string; seeker_id: string }>(sql`
      update cases set first_answer_at = coalesce(first_answer_at, ${at.toISOString()}::timestamptz)
      where room_id = ${roomId}
        and exists (select 1 from counselors where matrix_user_id = ${sender})
      returning id, seeker_id`);
    const kase = updated[0];
    if (!kase) return;
    if (!(await claimEvent(tx, eventId, roomId))) return;
    if (deps.notifyIntervalMinutes === undefined) return;
    // At most one mail per interval: only a seeker with an address whose last mail is old enough
    // is moved forward, and only then is a mail queued (same transaction).
    const due = await tx.execute<{ id: string }>(sql`
      update seekers set last_notified_at = ${at.toISOString()}::timestamptz
      where id = ${kase.seeker_id} and email is not null
        and (last_notified_at is null or last_notified_at <= ${at.toISOString()}::timestamptz - make_interval(mins => ${deps.notifyIntervalMinutes}))
      returning id`);
    if (due.length > 0) {
      await enqueue(tx, "seeker.notify_mail", { seekerId: kase.seeker_id }, { key: `seeker.notify_mail:${eventId}`, caseId: kase.id });
    }
    deps.log.info({ caseId: kase.id, roomId, mailQueued: due.length > 0 }, "counselor answered in a case room");
  });
}
