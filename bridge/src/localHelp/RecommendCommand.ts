// `!empfehlen <Fall> <Stelle> [Notiz]` / `!recommend` (issue 15; syntax: policies/src/
// recommendCommand.ts): a counselor recommends an agency to the seeker of a case, typed in a pool
// room or the command chat. The same store operation as POST /v1/staff/cases/:n/recommendations
// (store/src/domain/localHelp.ts: the agency by id, the note, a case_events entry — no message
// content). Like every command: one transaction claims the event, acts and queues the reply.
import { botMessages, type BotMessages, parseRecommendCommand, type RecommendCommand } from "@lotse/policies";
import { counselorBotLanguage, enqueue, type LotseDb, type LotseTx, recommendAgency } from "@lotse/store";
import type { Logger } from "pino";
import { claimEvent, recordEventOutcome } from "../events/claimEvent.ts";
import { commandRoom } from "../commands/commandRoom.ts";

export type RecommendCommandDeps = { db: LotseDb; log: Logger; now?: () => Date };

type MessageEvent = { event_id: string; room_id: string; sender: string; content: Record<string, unknown> };

/** Handles the message if it is `!empfehlen` / `!recommend`; false when it is not. */
export async function handleRecommendCommand(deps: RecommendCommandDeps, event: MessageEvent): Promise<boolean> {
  const body = event.content.body;
  if (typeof body !== "string") return false;
  const parsed = parseRecommendCommand(body);
  if (!parsed) return false;
  const { db, log } = deps;
  const where = await commandRoom(db, event.room_id, event.sender);
  if (where === null) return true; // ours, but not where the bot listens
  await db.transaction(async (tx) => {
    if (!(await claimEvent(tx, event.event_id, event.room_id))) return;
    const msgs = botMessages(await counselorBotLanguage(tx, event.sender, where.poolAgencyId));
    const { reply, outcome } = parsed.ok
      ? await execute(tx, event.sender, parsed.command, msgs, deps.now?.() ?? new Date())
      : { reply: msgs.recommend.mistake(parsed.mistake), outcome: "malformed" };
    await enqueue(tx, "room.send_notice", { roomId: event.room_id, body: reply, inReplyTo: event.event_id }, { key: `reply:${event.event_id}` });
    await recordEventOutcome(tx, event.event_id, { command: "recommend", outcome });
    log.info({ eventId: event.event_id, command: "recommend", outcome }, "recommend command processed");
  });
  return true;
}

async function execute(tx: LotseTx, sender: string, cmd: RecommendCommand, msgs: BotMessages, now: Date): Promise<{ reply: string; outcome: string }> {
  const o = await recommendAgency(tx, { matrixUserId: sender }, { caseNumber: cmd.caseNumber, agencyRef: cmd.agency, note: cmd.note }, now);
  if (!o.ok) return { reply: msgs.recommend.refusal(o.error, cmd.caseNumber), outcome: o.error };
  return { reply: msgs.recommend.done({ caseNumber: o.caseNumber, agency: o.agencyName, city: o.agencyCity, withNote: cmd.note !== "" }), outcome: "ok" };
}
