// Every handler of inbound Matrix events, declared in one list in the order they act on an event:
// the seeker guard first (seekers exist only inside platform rooms), then group membership, the
// commands and the bot's invitations, the case-room watch (structure, first answer) and
// moderation. The router (EventRouter.ts) calls each only for the event types it declares.
import { type ConsultationPolicy, defaultConsultationPolicy, type GroupPolicy, type LiveChatPolicy } from "@lotse/policies";
import { appointmentPresenceHandlers } from "../consultation/AppointmentPresence.ts";
import type { LotseDb } from "@lotse/store";
import type { Logger } from "pino";
import { commandHandlers } from "../commands/CommandProcessor.ts";
import { onGroupMembership } from "../groups/GroupMembership.ts";
import { guardSeekers, SEEKER_GUARD_EVENT_TYPES } from "../guard/SeekerGuard.ts";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { caseRoomWatchHandlers } from "./caseRoomWatch.ts";
import { type EventHandler, type EventObserver, eventRouter, type EventRouter } from "./EventRouter.ts";

export type InboundEventDeps = {
  db: LotseDb;
  matrix: MatrixRoomApi;
  log: Logger;
  /** Seekers' localpart prefix. */
  userPrefix: string;
  /** Minimum minutes between two "new answer" mails to one seeker; undefined = mails off. */
  notifyIntervalMinutes?: number;
  now?: () => Date;
  /** The platform policy's `groups` for `!group create`; default: the defaults. */
  groupPolicy?: GroupPolicy;
  /** The platform policy's `consultation` for the consultation-hours commands; default: the defaults. */
  consultationPolicy?: ConsultationPolicy;
  /** The platform policy's `live` for the live-duty commands; default: the defaults. */
  livePolicy?: LiveChatPolicy;
  /** Moderation's handlers (moderation/index.ts); none in tests that exercise the rest. */
  moderation?: readonly EventHandler[];
  /** Metrics (metrics.ts); none in tests. */
  observe?: EventObserver;
};

export function inboundEventHandlers(deps: InboundEventDeps): EventHandler[] {
  return [
    {
      name: "seeker-guard",
      eventTypes: SEEKER_GUARD_EVENT_TYPES,
      handle: async (event) => {
        await guardSeekers(deps, event);
      },
    },
    {
      name: "group-membership",
      eventTypes: ["m.room.member", "m.room.power_levels"],
      handle: (event) => onGroupMembership(deps, event),
    },
    ...commandHandlers(deps),
    ...appointmentPresenceHandlers({ db: deps.db, log: deps.log, policy: deps.consultationPolicy ?? defaultConsultationPolicy }),
    ...caseRoomWatchHandlers({ ...deps, botUserId: deps.matrix.botUserId }),
    ...(deps.moderation ?? []),
  ];
}

/** The router the bridge registers (once) as its appservice preprocessor. */
export type { EventRouter };

export function inboundEventRouter(deps: InboundEventDeps): EventRouter {
  return eventRouter({ handlers: inboundEventHandlers(deps), botUserId: deps.matrix.botUserId, log: deps.log, ...(deps.observe ? { observe: deps.observe } : {}) });
}
