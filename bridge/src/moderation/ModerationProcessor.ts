// Inbound events for moderation, as handlers of the bridge's event router (events/EventRouter.ts;
// run before the homeserver's transaction is acknowledged):
//   - moderators' commands (`!mute`, `!unmute`, `!kick`, `!ban`, `!unban`, `!redact`) typed in a
//     pool room, their command chat with the bot, or the policy-list room; once per event
//     (the event's claim) with the reply queued in the same transaction;
//   - flood counting on every message-like event (sender, room, timestamp; never content);
//   - `m.policy.rule.user` changes in the policy-list room;
//   - an invitation or join of a policy-banned user into a platform room (answered with a ban).
import {
  FloodCounter,
  floodDecision,
  floodLimitFor,
  floodLowestLimit,
  isImmune,
  isModerator,
  type ModerationCommand,
  type BotMessages,
  botMessages,
  clockIn,
  moderationHelp,
  moderationMistakeReply,
  parseModerationCommand,
  POLICY_RULE_USER,
  policyBanReason,
  pseudonymKey,
} from "@lotse/policies";
import { counselorBotLanguage, enqueue, type LotseTx, agencies, botDirectRooms } from "@lotse/store";
import { claimEvent, recordEventOutcome } from "../events/claimEvent.ts";
import type { EventHandler, InboundEvent } from "../events/EventRouter.ts";
import { and, eq } from "drizzle-orm";
import {
  immuneIn,
  isGroupControlRoom,
  loadPolicyRules,
  type ModerationDeps,
  muteMember,
  platformAdminIds,
  policyBanFor,
  policyList,
  roomAuthority,
  roomKindOf,
  seekerByPseudonym,
  unmuteMember,
} from "./Moderation.ts";

/** Non-state event types flood protection counts. */
export const FLOOD_COUNTED_TYPES = ["m.room.message", "m.room.encrypted", "m.sticker", "m.reaction"];

/** Moderation's handlers of the event router: commands, flood counting, the policy list, policy bans. */
export function moderationEventHandlers(deps: ModerationDeps): EventHandler[] {
  // Counts against the lowest limit of any room kind; the room's own limit (case rooms have more
  // headroom for call signalling) is applied once a sender is over that.
  const flood = new FloodCounter(() => floodLowestLimit(deps.policy));
  let seen = 0;
  const ids = (event: InboundEvent) => ({ eventId: event.event_id, roomId: event.room_id, sender: event.sender });
  return [
    {
      name: "moderation-commands",
      eventTypes: ["m.room.message"],
      handle: async (event) => {
        const body = event.content.body;
        if (event.state_key !== undefined || typeof body !== "string") return;
        const parsed = parseModerationCommand(body, deps.policy);
        if (parsed) await onCommand(deps, ids(event), parsed);
      },
    },
    {
      name: "flood",
      eventTypes: FLOOD_COUNTED_TYPES,
      handle: async (event) => {
        if (event.state_key !== undefined || !deps.policy.flood.enabled) return;
        await countFlood(deps, flood, ids(event), event.origin_server_ts ?? Date.now());
        if (++seen % 1000 === 0) flood.prune(Date.now());
      },
    },
    {
      name: "policy-rules",
      eventTypes: [POLICY_RULE_USER],
      handle: async (event) => {
        if (event.state_key !== undefined) await onPolicyRule(deps, ids(event));
      },
    },
    {
      name: "policy-bans",
      eventTypes: ["m.room.member"],
      handle: async (event) => {
        if (event.state_key !== undefined) await onMember(deps, event.room_id, event.state_key, event.content.membership);
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Flood

async function countFlood(deps: ModerationDeps, flood: FloodCounter, e: { eventId: string; roomId: string; sender: string }, ts: number): Promise<void> {
  const verdict = flood.record(e.roomId, e.sender, e.eventId, ts);
  if (!verdict.exceeded) return;
  const kind = (await roomKindOf(deps.matrix, e.roomId)) ?? undefined;
  if (verdict.count <= floodLimitFor(kind, deps.policy)) return;
  const watched = kind !== undefined && (deps.policy.flood.roomKinds as readonly string[]).includes(kind);
  const immune = watched ? await immuneIn(deps, e.roomId, e.sender) : false;
  const decision = floodDecision({ verdict, roomKind: kind, immune, policy: deps.policy });
  if (!decision.act) {
    if (decision.why === "immune") {
      flood.reset(e.roomId, e.sender);
      deps.log.info({ roomId: e.roomId, count: verdict.count }, "flood limit exceeded by a moderator; spared");
    }
    return;
  }
  await deps.db.transaction(async (tx) => {
    await enqueue(tx, "moderation.flood", { roomId: e.roomId, userId: e.sender, count: verdict.count, action: decision.action, minutes: decision.muteMinutes, notify: decision.notifyModerators }, { key: `moderation.flood:${e.eventId}` });
  });
  flood.reset(e.roomId, e.sender);
  deps.log.info({ roomId: e.roomId, count: verdict.count, action: decision.action }, "flood limit exceeded; action queued");
}

// ---------------------------------------------------------------------------------------------
// Policy list

async function onPolicyRule(deps: ModerationDeps, e: { eventId: string; roomId: string }): Promise<void> {
  if (!policyList.roomId || e.roomId !== policyList.roomId) return;
  policyList.rules = await loadPolicyRules(deps.matrix, e.roomId);
  await deps.db.transaction(async (tx) => {
    await enqueue(tx, "moderation.apply_policy", { trigger: e.eventId }, { key: `moderation.apply_policy:${e.eventId}` });
  });
  deps.log.info({ rules: policyList.rules.length }, "policy list changed; applying it to every platform room");
}

async function onMember(deps: ModerationDeps, roomId: string, userId: string, membership: unknown): Promise<void> {
  if (membership !== "invite" && membership !== "join" && membership !== "knock") return;
  const rule = policyBanFor(userId);
  if (!rule || roomId === policyList.roomId) return;
  const kind = await roomKindOf(deps.matrix, roomId);
  if (!kind || kind === "policy_list") return;
  if (await immuneIn(deps, roomId, userId)) return;
  await deps.matrix.ban(roomId, userId, policyBanReason(rule));
  deps.log.info({ roomId, kind }, "policy-banned user kept out of a platform room");
}

// ---------------------------------------------------------------------------------------------
// Moderators' commands

/** Commands count where the bot listens to moderators: pool rooms, one's command chat, group control rooms, the policy room. */
async function isCommandRoom(deps: ModerationDeps, roomId: string, sender: string): Promise<boolean> {
  if (roomId === policyList.roomId) return true;
  const [pool] = await deps.db.select({ id: agencies.id }).from(agencies).where(eq(agencies.poolRoomId, roomId));
  if (pool) return true;
  const [dm] = await deps.db.select({ id: botDirectRooms.matrixUserId }).from(botDirectRooms).where(and(eq(botDirectRooms.roomId, roomId), eq(botDirectRooms.matrixUserId, sender)));
  return dm !== undefined || (await isGroupControlRoom(deps.db, roomId));
}

function errcodeOf(err: unknown): string {
  const code = typeof err === "object" && err !== null ? (err as { errcode?: unknown }).errcode : undefined;
  return typeof code === "string" ? code : "?";
}

async function onCommand(
  deps: ModerationDeps,
  e: { eventId: string; roomId: string; sender: string },
  parsed: ReturnType<typeof parseModerationCommand> & object,
): Promise<void> {
  if (!(await isCommandRoom(deps, e.roomId, e.sender))) return;
  // Reads first (Matrix, outside the transaction); the effect and the reply then commit together.
  const msgs = botMessages(await counselorBotLanguage(deps.db, e.sender));
  const prepared = parsed.ok ? await prepare(deps, e.sender, parsed.command, msgs) : { reply: moderationMistakeReply(msgs, parsed) };
  await deps.db.transaction(async (tx) => {
    if (!(await claimEvent(tx, e.eventId, e.roomId))) return;
    const reply = "reply" in prepared ? prepared.reply : await carryOut(tx, deps, e, prepared, msgs);
    await enqueue(tx, "room.send_notice", { roomId: e.roomId, body: reply, inReplyTo: e.eventId }, { key: `reply:${e.eventId}` });
    await recordEventOutcome(tx, e.eventId, { command: parsed.ok ? parsed.command.kind : "invalid" });
  });
  deps.log.info({ eventId: e.eventId, roomId: e.roomId, command: parsed.ok ? parsed.command.kind : "invalid" }, "moderation command processed");
}

type Prepared = { reply: string } | { command: ModerationCommand; roomId: string; userId?: string };

async function prepare(deps: ModerationDeps, sender: string, cmd: ModerationCommand, msgs: BotMessages): Promise<Prepared> {
  const roomId = cmd.room.startsWith("#") ? await deps.matrix.resolveAlias(cmd.room) : cmd.room;
  if (!roomId) return { reply: msgs.modNoRoom(cmd.room) };
  const kind = await roomKindOf(deps.matrix, roomId);
  if (!kind || kind === "policy_list") return { reply: msgs.modNotModerated(cmd.room) };
  const room = await roomAuthority(deps.matrix, roomId);
  const admins = await platformAdminIds(deps.db);
  if (!isModerator(room, sender, deps.policy) && !admins.includes(sender)) {
    return { reply: msgs.modNotModerator(cmd.room) };
  }
  if (cmd.kind === "redact") return { command: cmd, roomId };
  let userId: string | undefined = cmd.target;
  if (!cmd.target.startsWith("@")) userId = await seekerByPseudonym(deps.db, pseudonymKey(cmd.target), deps.serverName);
  if (!userId) return { reply: msgs.modNobody(cmd.target.slice(0, 40)) };
  if ((cmd.kind === "mute" || cmd.kind === "kick" || cmd.kind === "ban") && isImmune(room, userId, { botUserId: deps.matrix.botUserId, policy: deps.policy, platformAdmins: admins })) {
    return { reply: msgs.modImmune(cmd.target, cmd.kind) };
  }
  return { command: cmd, roomId, userId };
}

async function carryOut(
  tx: LotseTx,
  deps: ModerationDeps,
  e: { eventId: string; sender: string },
  p: { command: ModerationCommand; roomId: string; userId?: string },
  msgs: BotMessages,
): Promise<string> {
  const cmd = p.command;
  const userId = p.userId ?? "";
  const reasonOf = (r: string, fallback: string) => (r ? r : fallback);
  try {
    switch (cmd.kind) {
      case "mute": {
        const r = await muteMember(tx, deps, { roomId: p.roomId, userId, minutes: cmd.minutes, key: e.eventId });
        if (!r.ok) return r.why === "immune" ? msgs.modImmune(cmd.target, "mute") : msgs.modNotModerated(cmd.room);
        return msgs.modMuted({ target: cmd.target, room: cmd.room, minutes: cmd.minutes, until: clockIn(r.until, deps.policy.groups.timeZone) });
      }
      case "unmute":
        return (await unmuteMember(tx, deps, p.roomId, userId)) ? msgs.modUnmuted(cmd.target, cmd.room) : msgs.modNotMuted(cmd.target, cmd.room);
      case "kick":
        await deps.matrix.kick(p.roomId, userId, reasonOf(cmd.reason, msgs.reasonRemovedByModerator));
        return msgs.modKicked(cmd.target, cmd.room);
      case "ban":
        await deps.matrix.ban(p.roomId, userId, reasonOf(cmd.reason, msgs.reasonBannedByModerator));
        return msgs.modBanned(cmd.target, cmd.room);
      case "unban":
        await deps.matrix.unban(p.roomId, userId, msgs.reasonBanLifted);
        return msgs.modUnbanned(cmd.target, cmd.room);
      case "redact":
        await deps.matrix.redact(p.roomId, cmd.eventId, `lotse-redact-${e.eventId}`, reasonOf(cmd.reason, msgs.reasonRemovedByModerator));
        return msgs.modRedacted;
    }
  } catch (err) {
    const code = errcodeOf(err);
    if (code === "?" && (err as { code?: unknown }).code !== undefined) throw err; // database: let the transaction fail
    return `${msgs.modFailed(code)}\n${moderationHelp(msgs)}`;
  }
}
