// How a case's state reads for the seeker: waiting for a counselor, accepted, answered, closed.
import type { CaseStatusValue } from "../api/types.ts";
import type { Messages } from "../i18n/messages.ts";

export type StatusLabel = { label: string; tone: "waiting" | "active" | "closed" };

/** `answered`: a counselor has written in the conversation (older APIs do not say: undefined). */
export function caseStatusLabel(status: CaseStatusValue, answered: boolean | undefined, t: Messages): StatusLabel {
  switch (status) {
    case "new":
      return answered === true ? { label: t.statusAnswered, tone: "active" } : { label: t.statusWaiting, tone: "waiting" };
    case "in_progress":
      return answered === true ? { label: t.statusAnswered, tone: "active" } : { label: t.statusTaken, tone: "waiting" };
    case "closed":
    case "archived":
      return { label: t.statusClosed, tone: "closed" };
    default:
      return { label: t.statusUnknown, tone: "waiting" };
  }
}
