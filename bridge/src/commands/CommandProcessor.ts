// Bot commands typed in a pool room or a counselor's command chat (case commands here, group
// commands in groups/GroupCommands.ts, moderation commands in moderation/), and invitations of the
// bot into a direct chat by a known counselor. Declared as event handlers for the bridge's event
// router (events/EventRouter.ts), which runs them before the homeserver's transaction is
// acknowledged. Each command is acted on in one PostgreSQL transaction that also claims the event
// (processed_events) — a re-sent event finds its claim and is skipped. The reply is a room job
// (room.send_notice) in that same transaction, so "command done", "reply queued" and "event
// processed" commit together: a command runs exactly once and is answered exactly once, whenever
// the bridge crashes.
import {
  type CaseCommand,
  commandHelp,
  consultationCommandHelp,
  describeCaseStatus,
  formatWaitingTime,
  isModerationCommand,
  moderationHelp,
  parseCommand,
} from "@lotse/policies";
import {
  enqueue,
  listStaffCases,
  performCaseAction,
  setAbsence,
  type ActionOutcome,
  type LotseTx,
} from "@lotse/store";
import { agencies, botDirectRooms, counselors } from "@lotse/store";
import { eq } from "drizzle-orm";
import { claimEvent, recordEventOutcome } from "../events/claimEvent.ts";
import type { EventHandler, InboundEvent } from "../events/EventRouter.ts";
import type { InboundEventDeps } from "../events/inboundEvents.ts";
import { handleGroupCommand } from "../groups/GroupCommands.ts";
import { groupCommandHelp } from "../groups/groupCommandParse.ts";
import { handleConsultationCommand } from "../consultation/ConsultationCommands.ts";

/** What the command handlers use of the event router's dependencies (events/inboundEvents.ts). */
export type CommandProcessorDeps = Pick<InboundEventDeps, "db" | "matrix" | "log" | "now" | "groupPolicy" | "consultationPolicy">;

/** The command side of the event router: messages (commands) and the bot's invitations. */
export function commandHandlers(deps: CommandProcessorDeps): EventHandler[] {
  return [
    {
      name: "commands",
      eventTypes: ["m.room.message"],
      handle: (event) => onMessage(deps, event),
    },
    {
      name: "command-chat-invites",
      eventTypes: ["m.room.member"],
      handle: async (event) => {
        if (event.state_key === deps.matrix.botUserId && event.content.membership === "invite") await onBotInvited(deps, event.room_id, event.sender, event.event_id);
      },
    },
  ];
}

async function onMessage(deps: CommandProcessorDeps, event: InboundEvent): Promise<void> {
  const body = event.content.body;
  if (typeof body !== "string") return;
  if (await handleGroupCommand(deps, event)) return; // groups/GroupCommands.ts: !groups, !group create, !whisper, !expert
  if (await handleConsultationCommand(deps, event)) return; // consultation/ConsultationCommands.ts: !sprechzeiten, !termine
  if (isModerationCommand(body)) return; // moderation/ModerationProcessor.ts answers those
  const parsed = parseCommand(body);
  if (!parsed) return;
  const { db, log } = deps;
  // Commands count only where the bot listens for them: a pool room, or the sender's DM with it.
  const [pool] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.poolRoomId, event.room_id));
  if (!pool) {
    const [dm] = await db.select({ userId: botDirectRooms.matrixUserId }).from(botDirectRooms).where(eq(botDirectRooms.roomId, event.room_id));
    if (!dm || dm.userId !== event.sender) return;
  }
  const started = performance.now();
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, event.event_id, event.room_id))) {
      log.info({ eventId: event.event_id }, "command already processed (re-sent transaction); skipped");
      return;
    }
    const now = deps.now?.() ?? new Date();
    const { reply, outcome } = parsed.ok
      ? await execute(tx, event.sender, parsed.command, now)
      : { reply: parsed.reply, outcome: "malformed" };
    await enqueue(tx, "room.send_notice", { roomId: event.room_id, body: reply, inReplyTo: event.event_id }, { key: `reply:${event.event_id}` });
    await recordEventOutcome(tx, event.event_id, { command: parsed.ok ? parsed.command.kind : "invalid", outcome });
    log.info(
      { eventId: event.event_id, roomId: event.room_id, command: parsed.ok ? parsed.command.kind : "invalid", outcome, durationMs: Math.round(performance.now() - started) },
      "command processed",
    );
  });
}

function describeOutcome(o: Extract<ActionOutcome, { ok: true }>): string {
  const n = `#${o.caseNumber}`;
  switch (o.action) {
    case "take":
      return `You have taken case ${n}. The seeker sees that a counselor has taken over; the other pool counselors have left the room.`;
    case "assign":
      return `Case ${n} is now assigned to ${o.assignedTo ?? "nobody"}.`;
    case "release":
      return `Case ${n} is back in the pool.`;
    case "close":
      return `Case ${n} is closed.`;
    case "archive":
      return `Case ${n} is archived.`;
    case "reopen":
      return `Case ${n} is open again (${describeCaseStatus(o.to)}).`;
    case "supervise":
      return `A supervision room for case ${n} with ${o.supervisor ?? "the supervisor"} is being set up; you will both be invited.`;
  }
}

async function execute(tx: LotseTx, sender: string, cmd: CaseCommand, now: Date): Promise<{ reply: string; outcome: string }> {
  const actor = { matrixUserId: sender };
  switch (cmd.kind) {
    case "help":
      return { reply: `${commandHelp()}\n${groupCommandHelp()}\n${consultationCommandHelp}\n${moderationHelp()}`, outcome: "ok" };
    case "away":
    case "back": {
      const r = await setAbsence(tx, actor, cmd.kind === "away" ? cmd.message : null, now);
      if (!r.ok) return { reply: r.message, outcome: r.error };
      return {
        reply:
          cmd.kind === "away"
            ? `Your absence message is set; the seekers of your ${r.openCases} open case(s) see it. Type !back when you return.`
            : `Welcome back; your absence message is cleared.`,
        outcome: "ok",
      };
    }
    case "cases": {
      const rows = await listStaffCases(tx, actor);
      if (!Array.isArray(rows)) return { reply: rows.message, outcome: rows.error };
      const mine = rows.filter((r) => r.mine);
      const waiting = rows.filter((r) => r.status === "new");
      const line = (r: (typeof rows)[number]) =>
        `#${r.caseNumber} · ${r.topicName} · region ${r.postcodeRegion ?? "?"} · ${r.firstAnswerAt ? "answered" : `waiting ${formatWaitingTime(now.getTime() - r.createdAt.getTime())}`}`;
      const out = [
        mine.length ? `Your open cases (${mine.length}):` : "You have no open cases.",
        ...mine.map(line),
        waiting.length ? `Waiting in your pools (${waiting.length}):` : "No case is waiting in your pools.",
        ...waiting.map(line),
      ];
      return { reply: out.join("\n"), outcome: "ok" };
    }
    default: {
      const req =
        cmd.kind === "assign"
          ? { action: "assign" as const, caseNumber: cmd.caseNumber, counselor: cmd.counselor }
          : cmd.kind === "supervise"
            ? { action: "supervise" as const, caseNumber: cmd.caseNumber, supervisor: cmd.supervisor }
            : { action: cmd.kind, caseNumber: cmd.caseNumber };
      const o = await performCaseAction(tx, actor, req, now);
      return o.ok ? { reply: describeOutcome(o), outcome: "ok" } : { reply: o.message, outcome: o.error };
    }
  }
}

/**
 * A counselor invited the bot into a room: a direct chat for commands. Known counselors only
 * (anyone else's invitation is declined). An unencrypted chat becomes the counselor's command chat;
 * an encrypted one (what clients create by default) is useless to a bot that never decrypts, so
 * the bot declines it with the reason and opens an unencrypted command chat of its own instead
 * (job counselor.open_command_chat). The newest command chat per counselor is the one recorded.
 */
async function onBotInvited(deps: CommandProcessorDeps, roomId: string, sender: string, eventId: string): Promise<void> {
  const { db, matrix, log } = deps;
  const [known] = await db.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, sender));
  if (!known) {
    await matrix.leaveRoom(roomId, "The Lotse bot only talks to counselors.").catch(() => {});
    log.info({ roomId }, "declined an invitation from someone who is not a counselor");
    return;
  }
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, eventId, roomId))) return;
    await matrix.joinRoom(roomId);
    const encrypted = await matrix.getStateContent(roomId, "m.room.encryption", "");
    if (encrypted) {
      await matrix.leaveRoom(roomId, "This chat is end-to-end encrypted, so the bot cannot read commands here. It has invited you to an unencrypted command chat.");
      await enqueue(tx, "counselor.open_command_chat", { userId: sender }, { key: `counselor.open_command_chat:${sender}` });
      log.info({ roomId }, "left an encrypted direct chat; opening an unencrypted command chat");
      return;
    }
    await tx
      .insert(botDirectRooms)
      .values({ matrixUserId: sender, roomId })
      .onConflictDoUpdate({ target: botDirectRooms.matrixUserId, set: { roomId, createdAt: new Date() } });
    await enqueue(tx, "room.send_notice", { roomId, body: `Hello! You can give me commands here.\n${commandHelp()}` }, { key: `dm-hello:${eventId}` });
    log.info({ roomId }, "joined a counselor's direct chat");
  });
}

