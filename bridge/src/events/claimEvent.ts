// Acting on an inbound event exactly once: the handler's effect and a processed_events row commit
// in one transaction; a re-sent event finds its row and is skipped. Handlers that act on the same
// event independently use their own scope (`seeker-guard:<id>`, `group-leave:<id>`), so one
// handler's row does not hide the event from another.
import { type LotseTx, processedEvents } from "@lotse/store";
import { eq } from "drizzle-orm";

/** Claims the event for this handler inside `tx`; false when it was acted on already. */
export async function claimEvent(tx: LotseTx, eventId: string, roomId: string, opts: { scope?: string; outcome?: unknown } = {}): Promise<boolean> {
  const rows = await tx
    .insert(processedEvents)
    .values({ eventId: eventKey(eventId, opts.scope), roomId, ...(opts.outcome !== undefined ? { outcome: opts.outcome } : {}) })
    .onConflictDoNothing()
    .returning({ id: processedEvents.eventId });
  return rows.length > 0;
}

/** Records what the handler did (commands: which command, its outcome) on the claimed row. */
export async function recordEventOutcome(tx: LotseTx, eventId: string, outcome: unknown, scope?: string): Promise<void> {
  await tx.update(processedEvents).set({ outcome }).where(eq(processedEvents.eventId, eventKey(eventId, scope)));
}

function eventKey(eventId: string, scope: string | undefined): string {
  return scope === undefined ? eventId : `${scope}:${eventId}`;
}
