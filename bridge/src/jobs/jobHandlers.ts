// The handler map of the room job worker: one handler for every kind of the job catalogue
// (@lotse/store, outbox/jobCatalogue.ts). Typed `JobHandlers`, so a kind added to the catalogue
// without a handler here — or a handler removed — is a compile error, not a job that fails at
// run time.
import type { PlatformPolicy } from "@lotse/policies";
import { forumJobHandlers } from "../forums/ForumJobs.ts";
import { groupJobHandlers } from "../groups/GroupJobs.ts";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { bookingReminderMailHandler, type MailConfig, mailJobHandler } from "../notify/MailNotifier.ts";
import { caseRoomJobHandler } from "./CaseRoomJob.ts";
import { PermanentJobError } from "./jobErrors.ts";
import type { JobHandler, JobHandlers, SomeJobHandlers } from "./jobTypes.ts";
import { lifecycleHandlers } from "./LifecycleJobs.ts";
import type { ModerationJobKind } from "../moderation/moderationJobs.ts";

export type JobHandlerDeps = {
  matrix: MatrixRoomApi;
  serverName: string;
  userPrefix: string;
  policy: PlatformPolicy;
  /** Undefined: e-mail notifications are off (no mail job is ever queued then). */
  mail: MailConfig | undefined;
  moderation: SomeJobHandlers<ModerationJobKind>;
};

/** With mail off, nothing queues mail jobs; one left from a configuration with mail fails plainly. */
const mailOff: JobHandler<"seeker.notify_mail" | "booking.remind_mail"> = async () => {
  throw new PermanentJobError("e-mail notifications are not configured (LOTSE_SMTP_URL)");
};

export function jobHandlers(deps: JobHandlerDeps): JobHandlers {
  const { matrix, serverName, policy } = deps;
  return {
    "case.create_room": caseRoomJobHandler({ matrix, serverName, userPrefix: deps.userPrefix, template: policy.rooms.case }),
    ...lifecycleHandlers({ matrix, serverName, rooms: policy.rooms }),
    ...groupJobHandlers({ matrix, serverName, policy: policy.groups, rooms: policy.rooms }),
    ...forumJobHandlers({ matrix, serverName, policy: policy.forums, rooms: policy.rooms }),
    ...deps.moderation,
    "seeker.notify_mail": deps.mail ? mailJobHandler(deps.mail) : mailOff,
    "booking.remind_mail": deps.mail ? bookingReminderMailHandler(deps.mail, policy.consultation) : mailOff,
  };
}
