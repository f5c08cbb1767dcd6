// The shapes of the rooms the bridge holds for itself, on the shared body of the policies'
// roomTemplate.ts: an agency's pool room, a counselor's command chat, a case's supervision room
// and the platform policy-list room. Pure. The templates' data (history visibility, encryption,
// power levels) is the platform policy's `rooms.pool`, `rooms.command_chat`, `rooms.supervision`
// and `rooms.policy_list`.
import {
  type BotMessages,
  botMessagesDe,
  callsRefused,
  type CreateRoomBody,
  defaultPlatformPolicy,
  LOTSE_ROOM_STATE_TYPE,
  type PlatformPolicy,
  type PlatformRoomCreateBody,
  platformRoomCreateBody,
  POLICY_RULE_USER,
  type PowerLevelsContent,
  type RoomPowerLevelsPolicy,
  templatePowerLevels,
} from "@lotse/policies";

type Rooms = PlatformPolicy["rooms"];

/**
 * Power levels of the bot-held rooms: structure is the bot's level (`powerLevels.bot`), anyone may
 * talk, nobody may call (calls belong in case rooms only).
 */
export function botOnlyPowerLevels(users: Record<string, number>, pl: RoomPowerLevelsPolicy): PowerLevelsContent {
  return templatePowerLevels(pl, users, { events: callsRefused(pl.bot), eventsDefault: 0 });
}

/** Like a case room's body, but with the public_chat preset (the room is not encrypted). */
export type PoolRoomCreateBody = PlatformRoomCreateBody<"public_chat">;

export type PoolRoomSpec = {
  agencyId: string;
  agencyName: string;
  botUserId: string;
  counselorUserIds: readonly string[];
  aliasLocalpart: string;
  /** The agency's bot language (name and topic); default German. */
  messages?: BotMessages;
};

/**
 * An agency's pool room: not encrypted (it holds metadata only — case numbers, topics, two postcode
 * digits — and the bot must read the commands typed there), invite-only, the bot as creator and
 * sole holder of structure.
 */
export function poolRoomCreateBody(spec: PoolRoomSpec, template: Rooms["pool"] = defaultPlatformPolicy.rooms.pool): PoolRoomCreateBody {
  return platformRoomCreateBody({
    botUserId: spec.botUserId,
    marker: { kind: "pool", agencyId: spec.agencyId },
    name: (spec.messages ?? botMessagesDe).poolRoomName(spec.agencyName).slice(0, 200),
    // Only the central server and the servers of the agency's counselors take part (the ACL
    // follows the membership: see desiredPoolRoom).
    invite: spec.counselorUserIds,
    template,
    powerLevels: botOnlyPowerLevels({}, template.powerLevels),
    topic: (spec.messages ?? botMessagesDe).poolRoomTopic,
    aliasLocalpart: spec.aliasLocalpart,
  });
}

/** The bot's own direct chat with a counselor: unencrypted (commands only), invite-only. */
export function commandChatCreateBody(
  botUserId: string,
  counselorUserId: string,
  template: Rooms["command_chat"] = defaultPlatformPolicy.rooms.command_chat,
  messages: BotMessages = botMessagesDe,
): PoolRoomCreateBody {
  return platformRoomCreateBody({
    botUserId,
    marker: { kind: "command_chat", userId: counselorUserId },
    name: messages.commandChatName,
    invite: [counselorUserId],
    template,
    powerLevels: botOnlyPowerLevels({}, template.powerLevels),
  });
}

export type SupervisionRoomSpec = {
  caseId: string;
  caseNumber: number;
  botUserId: string;
  memberUserIds: readonly string[];
  aliasLocalpart: string;
  /** The agency's bot language (name and topic); default German. */
  messages?: BotMessages;
};

/** A case's supervision room: encrypted like the case room, without the seeker. */
export function supervisionRoomCreateBody(spec: SupervisionRoomSpec, template: Rooms["supervision"] = defaultPlatformPolicy.rooms.supervision): CreateRoomBody {
  const users: Record<string, number> = {};
  for (const id of spec.memberUserIds) if (id !== spec.botUserId) users[id] = template.powerLevels.staff;
  return platformRoomCreateBody({
    botUserId: spec.botUserId,
    marker: { kind: "supervision", caseId: spec.caseId },
    name: (spec.messages ?? botMessagesDe).supervisionRoomName(spec.caseNumber),
    topic: (spec.messages ?? botMessagesDe).supervisionRoomTopic(spec.caseNumber),
    invite: spec.memberUserIds,
    template,
    powerLevels: botOnlyPowerLevels(users, template.powerLevels),
    aliasLocalpart: spec.aliasLocalpart,
  });
}

/**
 * Power levels of the policy-list room: platform admins (`policyList.adminLevel`) write the rules
 * and talk; structure stays the bot's. Its own set, not the template one: the kind has no
 * `powerLevels` data, and the rooms made so far carry exactly these.
 */
export type PolicyListPowerLevels = Omit<PowerLevelsContent, "notifications">;

export type PolicyListRoomSpec = {
  botUserId: string;
  adminUserIds: readonly string[];
  adminLevel: number;
  aliasLocalpart: string;
  messages?: BotMessages;
};

/** The platform policy-list room: the admins get their level now and are invited one by one afterwards. */
export function policyListRoomCreateBody(
  spec: PolicyListRoomSpec,
  template: Rooms["policy_list"] = defaultPlatformPolicy.rooms.policy_list,
): PlatformRoomCreateBody<"public_chat", PolicyListPowerLevels> {
  const level = spec.adminLevel;
  const users: Record<string, number> = {};
  for (const id of spec.adminUserIds) users[id] = level;
  return {
    ...platformRoomCreateBody({
      botUserId: spec.botUserId,
      marker: { kind: "policy_list" },
      name: (spec.messages ?? botMessagesDe).policyListName,
      invite: [],
      template,
      powerLevels: {
        users,
        users_default: 0,
        events: {
          [POLICY_RULE_USER]: level,
          "m.policy.rule.room": level,
          "m.policy.rule.server": level,
          "m.room.power_levels": 100,
          "m.room.name": 100,
          "m.room.topic": 100,
          "m.room.join_rules": 100,
          "m.room.history_visibility": 100,
          "m.room.encryption": 100,
          "m.room.server_acl": 100,
          "m.room.tombstone": 100,
          [LOTSE_ROOM_STATE_TYPE]: 100,
        },
        events_default: level,
        state_default: 100,
        ban: 100,
        kick: 100,
        redact: level,
        invite: 100,
      },
      aclAlso: false,
      aliasLocalpart: spec.aliasLocalpart,
    }),
    // public_chat even when encrypted: "encrypt private rooms by default" must not decide; the
    // bot reads the rules (state events, never encrypted anyway).
    preset: "public_chat",
    topic: (spec.messages ?? botMessagesDe).policyListTopic,
  };
}
