// Inbound Matrix events the bridge acts on: commands typed in a pool room or a DM with the bot,
// and invitations of the bot into a DM by a known counselor.
//
// Registered as a matrix-bot-sdk *preprocessor*, not an event listener, on purpose: the SDK awaits
// preprocessors before it answers the homeserver's transaction, while listeners are fire-and-
// forget. So a transaction is acknowledged only after its commands are committed; if the bridge
// dies first, Synapse re-sends the transaction after the restart. Each event is acted on in one
// PostgreSQL transaction that also inserts its id into processed_events — a re-sent event finds
// its id there and is skipped. The reply is a room job (room.send_notice) in that same
// transaction, so "command done", "reply queued" and "event processed" commit together: a command
// runs exactly once and is answered exactly once, whenever the bridge crashes.
import {
  type CaseCommand,
  commandHelp,
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
import { agencies, botDirectRooms, cases, counselors, type LotseDb, processedEvents } from "@lotse/store";
import { eq, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";

import { guardSeekers, SEEKER_GUARD_EVENT_TYPES } from "../guard/SeekerGuard.ts";
import { handleGroupCommand } from "../groups/GroupCommands.ts";
import type { GroupPolicy } from "@lotse/policies";
import { groupCommandHelp } from "../groups/groupCommandParse.ts";
import { onGroupMembership } from "../groups/GroupMembership.ts";

export type CommandProcessorDeps = {
  db: LotseDb;
  matrix: MatrixRoomApi;
  log: Logger;
  /** Seekers' localpart prefix: their messages are not counselors' answers. */
  userPrefix: string;
  /** Minimum minutes between two "new answer" mails to one seeker; undefined = mails off. */
  notifyIntervalMinutes?: number;
  now?: () => Date;
  /** The platform policy's `groups` for `!group create` (groups/GroupCommands.ts); default: the defaults. */
  groupPolicy?: GroupPolicy;
};

type MatrixEvent = {
  event_id?: unknown;
  room_id?: unknown;
  sender?: unknown;
  type?: unknown;
  state_key?: unknown;
  content?: Record<string, unknown>;
};

/** The matrix-bot-sdk IPreprocessor shape. */
export type Preprocessor = {
  getSupportedEventTypes(): string[];
  processEvent(event: MatrixEvent): Promise<void>;
};

export function commandPreprocessor(deps: CommandProcessorDeps): Preprocessor {
  return {
    getSupportedEventTypes: () => [...new Set(["m.room.message", "m.room.member", "m.room.encrypted", ...STRUCTURAL_STATE_TYPES, ...SEEKER_GUARD_EVENT_TYPES])],
    async processEvent(event) {
      try {
        await dispatch(deps, event);
      } catch (err) {
        // Worth a re-send only if the database (or homeserver) is briefly unreachable: throwing
        // fails the whole transaction and Synapse retries it later. Anything else would fail again
        // and block every later event behind it, so it is logged and dropped.
        const code = (err as { code?: unknown }).code;
        const retry = typeof code === "string" && (/^(08|57P|40001|40P01)/.test(code) || /^E[A-Z]+$/.test(code));
        deps.log.error({ eventId: event.event_id, code: typeof code === "string" ? code : undefined, err: err instanceof Error ? err.message.slice(0, 200) : "error", retry }, "acting on an event failed");
        if (retry) throw err;
      }
    },
  };
}

async function dispatch(deps: CommandProcessorDeps, event: MatrixEvent): Promise<void> {
  if (typeof event.event_id !== "string" || typeof event.room_id !== "string" || typeof event.sender !== "string") return;
  if (event.sender === deps.matrix.botUserId) return;
  await guardSeekers(deps, event); // seekers exist only inside platform rooms (guard/SeekerGuard.ts)
  await onGroupMembership(deps, event); // leaving a group or whisper room (groups/GroupMembership.ts)
  if (event.type === "m.room.message" && event.content) {
    await onMessage(deps, { event_id: event.event_id, room_id: event.room_id, sender: event.sender, content: event.content });
  } else if (event.type === "m.room.member" && event.state_key === deps.matrix.botUserId && event.content?.membership === "invite") {
    await onBotInvited(deps, event.room_id, event.sender, event.event_id);
  } else if (
    typeof event.state_key === "string" &&
    (STRUCTURAL_STATE_TYPES.includes(event.type as string) || (event.type === "m.room.member" && event.content?.membership === "invite"))
  ) {
    await onStructureChanged(deps, event.room_id, event.sender, event.event_id, event.type as string);
  } else if (event.type === "m.room.encrypted" && !event.sender.startsWith(`@${deps.userPrefix}`)) {
    const ts = typeof (event as { origin_server_ts?: unknown }).origin_server_ts === "number" ? new Date((event as { origin_server_ts: number }).origin_server_ts) : new Date();
    await onCounselorMessage(deps, event.room_id, event.sender, ts, event.event_id);
  }
}

/** State that only the bot may set in a case room (the template's structure). */
const STRUCTURAL_STATE_TYPES = [
  "m.room.join_rules",
  "m.room.history_visibility",
  "m.room.guest_access",
  "m.room.encryption",
  "m.room.power_levels",
  "m.room.server_acl",
];

/**
 * Someone other than the bot changed a case room's structure or invited someone. The power levels
 * should make this impossible; if it happens anyway (a misconfigured or compromised account, a
 * homeserver admin), the bot restores the template (job case.restore_structure, once per event).
 */
async function onStructureChanged(deps: CommandProcessorDeps, roomId: string, sender: string, eventId: string, type: string): Promise<void> {
  const [kase] = await deps.db.select({ id: cases.id }).from(cases).where(eq(cases.roomId, roomId));
  if (!kase) return;
  await deps.db.transaction(async (tx) => {
    if (!(await firstTime(tx, eventId, roomId))) return;
    await enqueue(tx, "case.restore_structure", { caseId: kase.id, sender, type }, { key: `case.restore_structure:${eventId}`, caseId: kase.id });
  });
  deps.log.warn({ caseId: kase.id, roomId, type }, "case room structure changed by someone other than the bot");
}

/**
 * A counselor wrote in a case room (the bridge sees only that an encrypted event was sent, by
 * whom, and when — never what). The first such event is the case's first answer: it stops the
 * response-time reminders and feeds the agency's figures. Idempotent (only sets a null column).
 */
async function onCounselorMessage(deps: CommandProcessorDeps, roomId: string, sender: string, at: Date, eventId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const updated = await tx.execute<{ id: string; seeker_id: string }>(sql`
      update cases set first_answer_at = coalesce(first_answer_at, ${at.toISOString()}::timestamptz)
      where room_id = ${roomId}
        and exists (select 1 from counselors where matrix_user_id = ${sender})
      returning id, seeker_id`);
    const kase = updated[0];
    if (!kase) return;
    if (!(await firstTime(tx, eventId, roomId))) return;
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

/** Marks the event processed; false when it already was (a re-sent transaction). */
async function firstTime(tx: LotseTx, eventId: string, roomId: string): Promise<boolean> {
  const rows = await tx.insert(processedEvents).values({ eventId, roomId }).onConflictDoNothing().returning({ id: processedEvents.eventId });
  return rows.length > 0;
}

async function onMessage(
  deps: CommandProcessorDeps,
  event: { event_id: string; room_id: string; sender: string; content: Record<string, unknown> },
): Promise<void> {
  const body = event.content.body;
  if (typeof body !== "string") return;
  if (await handleGroupCommand(deps, event)) return; // groups/GroupCommands.ts: !groups, !group create, !whisper, !expert
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
    if (!(await firstTime(tx, event.event_id, event.room_id))) {
      log.info({ eventId: event.event_id }, "command already processed (re-sent transaction); skipped");
      return;
    }
    const now = deps.now?.() ?? new Date();
    const { reply, outcome } = parsed.ok
      ? await execute(tx, event.sender, parsed.command, now)
      : { reply: parsed.reply, outcome: "malformed" };
    await enqueue(tx, "room.send_notice", { roomId: event.room_id, body: reply, inReplyTo: event.event_id }, { key: `reply:${event.event_id}` });
    await tx.update(processedEvents).set({ outcome: { command: parsed.ok ? parsed.command.kind : "invalid", outcome } }).where(eq(processedEvents.eventId, event.event_id));
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
      return { reply: `${commandHelp()}\n${groupCommandHelp()}\n${moderationHelp()}`, outcome: "ok" };
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
    if (!(await firstTime(tx, eventId, roomId))) return;
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

