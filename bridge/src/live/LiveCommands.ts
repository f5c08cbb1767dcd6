// Live-duty commands typed in a pool room or a counselor's command chat (syntax: policies/src/
// liveChat.ts; texts: the bot's catalogues): `!dienst an|aus` puts the counselor on or off live
// duty — while anyone of a topic is on duty, seekers see "Jetzt live chatten" for it — and
// `!warteschlange` lists the live chats waiting at the counselor's agencies. Like the other
// commands (commands/CommandProcessor.ts): one transaction claims the event, does the work and
// queues the reply, so a re-sent event is acted on and answered once.
import {
  botMessages,
  type BotMessages,
  type ConsultationPolicy,
  defaultConsultationPolicy,
  defaultLiveChatPolicy,
  type LiveChatPolicy,
  type LiveCommand,
  parseLiveCommand,
  wallTimeIn,
} from "@lotse/policies";
import {
  counselorBotLanguage,
  counselors,
  enqueue,
  liveDutyOf,
  liveQueueOfCounselor,
  type LotseDb,
  type LotseTx,
  setLiveDuty,
  startLiveDuty,
} from "@lotse/store";
import { eq } from "drizzle-orm";
import type { Logger } from "pino";
import { claimEvent, recordEventOutcome } from "../events/claimEvent.ts";
import { commandRoom } from "../commands/commandRoom.ts";

export type LiveCommandDeps = {
  db: LotseDb;
  log: Logger;
  now?: () => Date;
  consultationPolicy?: ConsultationPolicy;
  livePolicy?: LiveChatPolicy;
};

type MessageEvent = { event_id: string; room_id: string; sender: string; content: Record<string, unknown> };

/** Handles the message if it is a live-duty command; false when it is not one. */
export async function handleLiveCommand(deps: LiveCommandDeps, event: MessageEvent): Promise<boolean> {
  const body = event.content.body;
  if (typeof body !== "string") return false;
  const parsed = parseLiveCommand(body);
  if (!parsed) return false;
  const { db, log } = deps;
  const where = await commandRoom(db, event.room_id, event.sender);
  if (where === null) return true; // one of ours, but not where the bot listens
  const pool = where.poolAgencyId === undefined ? undefined : { id: where.poolAgencyId };
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, event.event_id, event.room_id))) return;
    const now = deps.now?.() ?? new Date();
    const lang = await counselorBotLanguage(tx, event.sender, pool?.id);
    const msgs = botMessages(lang);
    const { reply, outcome } = parsed.ok
      ? await execute(tx, event.sender, parsed.command, now, msgs, lang, deps)
      : { reply: msgs.live.mistake(parsed.mistake), outcome: "malformed" };
    await enqueue(tx, "room.send_notice", { roomId: event.room_id, body: reply, inReplyTo: event.event_id }, { key: `reply:${event.event_id}` });
    await recordEventOutcome(tx, event.event_id, { command: parsed.ok ? parsed.command.kind : "invalid", outcome });
    log.info({ eventId: event.event_id, command: parsed.ok ? parsed.command.kind : "invalid", outcome }, "live command processed");
  });
  return true;
}

/** "17:30" in the consultation policy's time zone (the counselor's wall clock). */
function clock(at: Date, timeZone: string): string {
  const w = wallTimeIn(at, timeZone);
  return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
}

async function execute(
  tx: LotseTx,
  sender: string,
  cmd: LiveCommand,
  now: Date,
  msgs: BotMessages,
  lang: "de" | "en",
  deps: LiveCommandDeps,
): Promise<{ reply: string; outcome: string }> {
  const consultation = deps.consultationPolicy ?? defaultConsultationPolicy;
  const live = deps.livePolicy ?? defaultLiveChatPolicy;
  const [me] = await tx.select({ id: counselors.id }).from(counselors).where(eq(counselors.matrixUserId, sender));
  if (!me) return { reply: msgs.notCounselor, outcome: "not_counselor" };
  switch (cmd.kind) {
    case "duty_status": {
      const d = await liveDutyOf(tx, sender, now);
      return { reply: msgs.live.dutyStatus(d.until === null ? null : clock(d.until, consultation.timeZone)), outcome: "ok" };
    }
    case "duty_off":
      await setLiveDuty(tx, sender, null);
      return { reply: msgs.live.dutyOff, outcome: "ok" };
    case "duty_on": {
      const started = await startLiveDuty(tx, sender, now, { consultation, live, ...(cmd.minutes === undefined ? {} : { minutes: cmd.minutes }) });
      if (!started) return { reply: msgs.notCounselor, outcome: "not_counselor" };
      return {
        reply: msgs.live.dutyOn({ until: clock(started.until, consultation.timeZone), bySlot: started.bySlot, topics: started.topics.map((t) => t[lang]) }),
        outcome: "ok",
      };
    }
    case "queue": {
      const rows = await liveQueueOfCounselor(tx, sender);
      if (rows.length === 0) return { reply: msgs.live.queueEmpty, outcome: "ok" };
      const agenciesSeen = new Set(rows.map((r) => r.agencyId));
      const lines = rows.map((r) =>
        msgs.live.queueLine({ caseNumber: r.caseNumber, topic: r.topic[lang], waitingMs: now.getTime() - r.queuedAt.getTime(), agency: agenciesSeen.size > 1 ? r.agencyName : null }),
      );
      return { reply: [msgs.live.queueHead(rows.length), ...lines].join("\n"), outcome: "ok" };
    }
  }
}
