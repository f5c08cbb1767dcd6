// Jobs of the seeker's account erasure (@lotse/store, domain/erasure.ts):
//   case.seeker_deleted_notice  "case #N was closed: the seeker deleted their account" in the
//                               agency's pool room (never in the encrypted case room; no pseudonym)
import { botMessages, noticeContent } from "@lotse/policies";
import { agencyBotLanguage, cases } from "@lotse/store";
import { eq } from "drizzle-orm";
import { ensurePoolRoom, type LifecycleJobDeps } from "./LifecycleJobs.ts";
import type { JobHandler, SomeJobHandlers } from "./jobTypes.ts";

export function seekerDeletedNoticeHandler(deps: LifecycleJobDeps): JobHandler<"case.seeker_deleted_notice"> {
  return async ({ tx, job, log }) => {
    const caseId = job.payload.caseId;
    const [row] = await tx.select({ caseNumber: cases.caseNumber, agencyId: cases.agencyId }).from(cases).where(eq(cases.id, caseId));
    // The retention clean-up may have removed the case meanwhile: nothing left to tell.
    if (!row) return { skipped: "case removed" };
    const roomId = await ensurePoolRoom(tx, deps, row.agencyId, log, job.attempts);
    const msgs = botMessages(await agencyBotLanguage(tx, row.agencyId));
    const eventId = await deps.matrix.sendEvent(roomId, "m.room.message", `lotse-job-${job.id}`, {
      ...noticeContent(msgs.seekerDeleted(row.caseNumber)),
      "org.lotse.case_number": row.caseNumber,
    });
    log.info({ caseId, roomId }, "seeker-deleted notice posted");
    return { roomId, eventId };
  };
}

export function erasureHandlers(deps: LifecycleJobDeps): SomeJobHandlers<"case.seeker_deleted_notice"> {
  return { "case.seeker_deleted_notice": seekerDeletedNoticeHandler(deps) };
}
