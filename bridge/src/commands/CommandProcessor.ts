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
  type BotMessages,
  botMessages,
  type CaseCommand,
  commandHelp,
  commandMistakeReply,
  consultationCommandHelp,
  isModerationCommand,
  moderationHelp,
  parseCommand,
} from "@lotse/policies";
import {
  counselorBotLanguage,
  enqueue,
  listStaffCases,
  performCaseAction,
  setAbsence,
  setCounselorBotLanguage,
  type ActionOutcome,
  type LotseTx,
} from "@lotse/store";
import { botDirectRooms, counselors } from "@lotse/store";
import { eq } from "drizzle-orm";
import { claimEvent, recordEventOutcome } from "../events/claimEvent.ts";
import type { EventHandler, InboundEvent } from "../events/EventRouter.ts";
import type { InboundEventDeps } from "../events/inboundEvents.ts";
import { handleGroupCommand } from "../groups/GroupCommands.ts";
import { groupCommandHelp } from "../groups/groupCommandParse.ts";
import { handleConsultationCommand } from "../consultation/ConsultationCommands.ts";
import { handleLiveCommand } from "../live/LiveCommands.ts";
import { handleRecommendCommand } from "../localHelp/RecommendCommand.ts";
import { commandRoom } from "./commandRoom.ts";

/** What the command handlers use of the event router's dependencies (events/inboundEvents.ts). */
export type CommandProcessorDeps = Pick<InboundEventDeps, "db" | "matrix" | "log" | "now" | "groupPolicy" | "consultationPolicy" | "livePolicy">;

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
  if (await handleLiveCommand(deps, event)) return; // live/LiveCommands.ts: !dienst, !warteschlange
  if (await handleRecommendCommand(deps, event)) return; // localHelp/RecommendCommand.ts: !empfehlen
  if (isModerationCommand(body)) return; // moderation/ModerationProcessor.ts answers those
  const parsed = parseCommand(body);
  if (!parsed) return;
  const { db, log } = deps;
  // Commands count only where the bot listens for them: a pool room, or the sender's DM with it.
  const where = await commandRoom(db, event.room_id, event.sender);
  if (where === null) return;
  const pool = where.poolAgencyId === undefined ? undefined : { id: where.poolAgencyId };
  const started = performance.now();
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, event.event_id, event.room_id))) {
      log.info({ eventId: event.event_id }, "command already processed (re-sent transaction); skipped");
      return;
    }
    const now = deps.now?.() ?? new Date();
    const msgs = botMessages(await counselorBotLanguage(tx, event.sender, pool?.id));
    const { reply, outcome } = parsed.ok
      ? await execute(tx, event.sender, parsed.command, now, msgs, pool?.id)
      : { reply: commandMistakeReply(msgs, parsed), outcome: "malformed" };
    await enqueue(tx, "room.send_notice", { roomId: event.room_id, body: reply, inReplyTo: event.event_id }, { key: `reply:${event.event_id}` });
    await recordEventOutcome(tx, event.event_id, { command: parsed.ok ? parsed.command.kind : "invalid", outcome });
    log.info(
      { eventId: event.event_id, roomId: event.room_id, command: parsed.ok ? parsed.command.kind : "invalid", outcome, durationMs: Math.round(performance.now() - started) },
      "command processed",
    );
  });
}

function describeOutcome(msgs: BotMessages, o: Extract<ActionOutcome, { ok: true }>): string {
  const n = o.caseNumber;
  switch (o.action) {
    case "take":
      return msgs.took(n);
    case "assign":
      return msgs.assigned(n, o.assignedTo ?? "?");
    case "release":
      return msgs.released(n);
    case "close":
      return msgs.closed(n);
    case "archive":
      return msgs.archived(n);
    case "reopen":
      return msgs.reopened(n, o.to);
    case "supervise":
      return msgs.supervisionOpening(n, o.supervisor ?? null);
  }
}

async function execute(
  tx: LotseTx,
  sender: string,
  cmd: CaseCommand,
  now: Date,
  msgs: BotMessages,
  poolAgencyId: string | undefined,
): Promise<{ reply: string; outcome: string }> {
  const actor = { matrixUserId: sender };
  switch (cmd.kind) {
    case "help":
      return { reply: `${commandHelp(msgs)}\n${groupCommandHelp(msgs)}\n${consultationCommandHelp(msgs)}\n${msgs.live.help}\n${msgs.recommend.help}\n${moderationHelp(msgs)}`, outcome: "ok" };
    case "lang": {
      if (cmd.language === undefined) return { reply: msgs.languageNow(msgs.languageName), outcome: "ok" };
      if (!(await setCounselorBotLanguage(tx, sender, cmd.language))) return { reply: msgs.notCounselor, outcome: "not_counselor" };
      const chosen = botMessages(await counselorBotLanguage(tx, sender, poolAgencyId));
      return { reply: chosen.languageSet(chosen.languageName), outcome: "ok" };
    }
    case "away":
    case "back": {
      const r = await setAbsence(tx, actor, cmd.kind === "away" ? cmd.message : null, now);
      if (!r.ok) return { reply: msgs.refusal(r.refusal), outcome: r.error };
      return { reply: cmd.kind === "away" ? msgs.awaySet(r.openCases) : msgs.awayCleared, outcome: "ok" };
    }
    case "cases": {
      const rows = await listStaffCases(tx, actor);
      if (!Array.isArray(rows)) return { reply: msgs.refusal(rows.refusal), outcome: rows.error };
      const mine = rows.filter((r) => r.mine);
      const waiting = rows.filter((r) => r.status === "new");
      const line = (r: (typeof rows)[number]) =>
        msgs.caseLine({ caseNumber: r.caseNumber, topic: r.topicName, region: r.postcodeRegion, answered: r.firstAnswerAt !== null, waitingMs: now.getTime() - r.createdAt.getTime() });
      const out = [
        mine.length ? msgs.yourOpenCases(mine.length) : msgs.noOpenCases,
        ...mine.map(line),
        waiting.length ? msgs.waitingInPools(waiting.length) : msgs.noneWaiting,
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
      return o.ok ? { reply: describeOutcome(msgs, o), outcome: "ok" } : { reply: msgs.refusal(o.refusal), outcome: o.error };
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
    await matrix.leaveRoom(roomId, botMessages("de").onlyCounselors).catch(() => {});
    log.info({ roomId }, "declined an invitation from someone who is not a counselor");
    return;
  }
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, eventId, roomId))) return;
    const msgs = botMessages(await counselorBotLanguage(tx, sender));
    await matrix.joinRoom(roomId);
    const encrypted = await matrix.getStateContent(roomId, "m.room.encryption", "");
    if (encrypted) {
      await matrix.leaveRoom(roomId, msgs.encryptedCommandChat);
      await enqueue(tx, "counselor.open_command_chat", { userId: sender }, { key: `counselor.open_command_chat:${sender}` });
      log.info({ roomId }, "left an encrypted direct chat; opening an unencrypted command chat");
      return;
    }
    await tx
      .insert(botDirectRooms)
      .values({ matrixUserId: sender, roomId })
      .onConflictDoUpdate({ target: botDirectRooms.matrixUserId, set: { roomId, createdAt: new Date() } });
    await enqueue(tx, "room.send_notice", { roomId, body: `${msgs.commandChatHello}\n${commandHelp(msgs)}` }, { key: `dm-hello:${eventId}` });
    log.info({ roomId }, "joined a counselor's direct chat");
  });
}

