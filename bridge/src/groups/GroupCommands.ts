// Group commands typed in a pool room or a counselor's command chat with the bot (see
// groupCommandParse.ts for the syntax). Like the case commands (CommandProcessor.ts): acted on in
// one transaction with the event's claim (events/claimEvent.ts) and the reply job, so a re-sent event is acted on
// and answered once. Writes go through the API's repository (groupsRepository.ts), the same code
// the HTTP routes use.
import { type BotMessages, botMessages, defaultGroupPolicy, groupPhaseAt, type GroupPolicy, seatsLeft, wallTimeIn } from "@lotse/policies";
import {
  addExpert,
  counselorBotLanguage,
  counselorByRef,
  createGroup,
  endWhisper,
  enqueue,
  findModeratedGroup,
  groupRef,
  type LotseTx,
  openWhisper,
  participantByPseudonym,
  scheduleOf,
} from "@lotse/store";
import { counselors, groupModerators, groupParticipants, groups, type LotseDb } from "@lotse/store";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Logger } from "pino";
import { type GroupCommand, groupMistakeReply, parseGroupCommand } from "./groupCommandParse.ts";
import { claimEvent, recordEventOutcome } from "../events/claimEvent.ts";
import { commandRoom } from "../commands/commandRoom.ts";

export type GroupCommandDeps = {
  db: LotseDb;
  log: Logger;
  now?: () => Date;
  /** The platform policy's `groups` (validation of `!group create`); default: the policy's defaults. */
  groupPolicy?: GroupPolicy;
};

type MessageEvent = { event_id: string; room_id: string; sender: string; content: Record<string, unknown> };

/** Wall time in the groups' time zone (default Berlin), e.g. "Di 24.11.2026 18:00". */
function berlin(msgs: BotMessages, d: Date, timeZone: string = defaultGroupPolicy.timeZone): string {
  const w = wallTimeIn(d, timeZone);
  const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
  const p = (n: number) => String(n).padStart(2, "0");
  return `${msgs.weekdayShort[weekday]} ${p(w.day)}.${p(w.month)}.${w.year} ${p(w.hour)}:${p(w.minute)}`;
}

/**
 * Handles the message if it is a group command in a room where the bot takes commands; returns
 * false when it is not a group command (the case commands get their turn).
 */
export async function handleGroupCommand(deps: GroupCommandDeps, event: MessageEvent): Promise<boolean> {
  const body = event.content.body;
  if (typeof body !== "string") return false;
  const parsed = parseGroupCommand(body, deps.groupPolicy?.timeZone);
  if (!parsed) return false;
  const { db, log } = deps;
  const where = await commandRoom(db, event.room_id, event.sender);
  if (where === null) return true; // a group command, but not where the bot listens
  const pool = where.poolAgencyId === undefined ? undefined : { id: where.poolAgencyId };
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, event.event_id, event.room_id))) return;
    const now = deps.now?.() ?? new Date();
    const msgs = botMessages(await counselorBotLanguage(tx, event.sender, pool?.id));
    const { reply, outcome } = parsed.ok ? await execute(tx, event.sender, parsed.command, now, msgs, deps.groupPolicy) : { reply: groupMistakeReply(msgs, parsed), outcome: "malformed" };
    await enqueue(tx, "room.send_notice", { roomId: event.room_id, body: reply, inReplyTo: event.event_id }, { key: `reply:${event.event_id}` });
    const command = parsed.ok ? parsed.command.kind : "invalid";
    await recordEventOutcome(tx, event.event_id, { command, outcome });
    log.info({ eventId: event.event_id, roomId: event.room_id, command, outcome }, "group command processed");
  });
  return true;
}

async function execute(tx: LotseTx, sender: string, cmd: GroupCommand, now: Date, msgs: BotMessages, groupPolicy?: GroupPolicy): Promise<{ reply: string; outcome: string }> {
  const when = (d: Date) => berlin(msgs, d, groupPolicy?.timeZone);
  const refused = (r: { error: Parameters<BotMessages["groupRefusal"]>[0]["error"]; field?: string }, ref?: string) => ({
    reply: msgs.groupRefusal({ error: r.error, ...(r.field ? { field: r.field } : {}), ...(ref ? { ref: ref.slice(0, 60) } : {}) }),
    outcome: r.error,
  });
  switch (cmd.kind) {
    case "groups": {
      const rows = await tx
        .select({
          id: groups.id,
          title: groups.title,
          startsAt: groups.startsAt,
          durationMinutes: groups.durationMinutes,
          repeatWeekly: groups.repeatWeekly,
          maxParticipants: groups.maxParticipants,
          active: sql<number>`(select count(*)::int from ${groupParticipants} gp where gp.group_id = ${groups.id} and gp.left_at is null)`,
        })
        .from(groups)
        .innerJoin(groupModerators, eq(groupModerators.groupId, groups.id))
        .innerJoin(counselors, eq(counselors.id, groupModerators.counselorId))
        .where(and(eq(counselors.matrixUserId, sender), isNull(groups.deletedAt)))
        .orderBy(asc(groups.startsAt));
      const lines = rows.flatMap((g) => {
        const p = groupPhaseAt(scheduleOf(g), now, groupPolicy?.timeZone);
        if (p.phase === "after") return [];
        const running = p.phase === "open";
        return [
          msgs.groupLine({
            ref: groupRef(g.id),
            title: g.title,
            running,
            when: when(running ? p.endsAt : p.occurrence),
            weekly: g.repeatWeekly,
            free: seatsLeft(g.maxParticipants, Number(g.active)),
            max: g.maxParticipants,
          }),
        ];
      });
      return { reply: lines.length ? [msgs.yourGroups(lines.length), ...lines].join("\n") : msgs.noGroups, outcome: "ok" };
    }
    case "group_create": {
      const r = await createGroup(tx, { matrixUserId: sender }, {
        title: cmd.title,
        topicId: cmd.topicId,
        description: "",
        rules: "",
        startsAt: cmd.startsAt,
        durationMinutes: cmd.durationMinutes,
        repeatWeekly: cmd.repeatWeekly,
        maxParticipants: cmd.maxParticipants,
      }, groupPolicy);
      if (!r.ok) return refused(r);
      return {
        reply: msgs.groupCreated({ ref: groupRef(r.groupId), title: cmd.title.trim(), weekly: cmd.repeatWeekly, when: when(cmd.startsAt), minutes: cmd.durationMinutes, max: cmd.maxParticipants }),
        outcome: "ok",
      };
    }
    case "whisper":
    case "endwhisper": {
      const g = await findModeratedGroup(tx, cmd.group, sender);
      if ("ok" in g) return refused(g, cmd.group);
      const p = await participantByPseudonym(tx, g.groupId, cmd.pseudonym);
      if ("ok" in p) return refused(p, cmd.pseudonym);
      if (cmd.kind === "endwhisper") {
        const r = await endWhisper(tx, g.groupId, p.seekerId, "moderator", now);
        return r.ok ? { reply: msgs.whisperClosed(cmd.pseudonym), outcome: "ok" } : refused(r);
      }
      const r = await openWhisper(tx, { groupId: g.groupId, seekerId: p.seekerId, moderatorId: g.counselorId, startedBy: "moderator" }, now);
      if (!r.ok) return refused(r);
      return { reply: r.created ? msgs.whisperOpening(cmd.pseudonym) : msgs.whisperExists(cmd.pseudonym), outcome: "ok" };
    }
    case "expert": {
      const g = await findModeratedGroup(tx, cmd.group, sender);
      if ("ok" in g) return refused(g, cmd.group);
      const who = await counselorByRef(tx, cmd.counselor);
      if ("ok" in who) return refused(who, cmd.counselor);
      const r = await addExpert(tx, { matrixUserId: sender }, g.groupId, who.userId, now, groupPolicy?.timeZone);
      if (!r.ok) return refused(r, cmd.counselor);
      return { reply: r.phase === "open" ? msgs.expertNow(who.userId) : msgs.expertLater(who.userId, when(r.occurrence)), outcome: "ok" };
    }
  }
}
