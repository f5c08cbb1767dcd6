// Response-time reminders: a case without a counselor's answer (first_answer_at null) that has
// waited past a threshold (default 24 h and 44 h of the 48 h promise) raises one reminder per
// threshold in its agency's pool room. The clock is injected, so tests move time instead of
// waiting. Decisions are the policies' dueReminders; "raised once" is the case_reminders primary
// key, and the notice is a room job written in the same transaction (crash-safe, sent once).
import { dueReminders } from "@lotse/policies";
import { enqueue, type LotseTx, agencies, caseReminders, cases, type LotseDb } from "@lotse/store";
import { and, eq, inArray, isNull, lte } from "drizzle-orm";
import type { Logger } from "pino";
import { startScanLoop } from "../scanLoop.ts";


export type ReminderOptions = {
  db: LotseDb;
  log: Logger;
  thresholdsHours: readonly number[];
  now?: () => Date;
};

/** One scan: raises every due reminder. Returns how many were raised. */
export async function scanReminders(opts: ReminderOptions): Promise<number> {
  const now = opts.now?.() ?? new Date();
  const thresholds = [...opts.thresholdsHours].sort((a, b) => a - b);
  if (thresholds.length === 0) return 0;
  const earliest = new Date(now.getTime() - thresholds[0]! * 3_600_000);
  return opts.db.transaction(async (tx: LotseTx) => {
    const waiting = await tx
      .select({ id: cases.id, createdAt: cases.createdAt })
      .from(cases)
      // A deleted agency has no pool to remind (its open cases are an administrator's matter).
      .innerJoin(agencies, eq(agencies.id, cases.agencyId))
      .where(and(inArray(cases.status, ["new", "in_progress"]), isNull(cases.firstAnswerAt), lte(cases.createdAt, earliest), isNull(agencies.deletedAt)))
      .limit(1000);
    if (waiting.length === 0) return 0;
    const sent = await tx
      .select({ caseId: caseReminders.caseId, hours: caseReminders.thresholdHours })
      .from(caseReminders)
      .where(inArray(caseReminders.caseId, waiting.map((w) => w.id)));
    let raised = 0;
    for (const c of waiting) {
      const already = sent.filter((s) => s.caseId === c.id).map((s) => s.hours);
      for (const hours of dueReminders(c.createdAt, now, thresholds, already)) {
        const inserted = await tx
          .insert(caseReminders)
          .values({ caseId: c.id, thresholdHours: hours, sentAt: now })
          .onConflictDoNothing()
          .returning({ caseId: caseReminders.caseId });
        if (inserted.length === 0) continue;
        await enqueue(tx, "case.reminder_notice", { caseId: c.id, hours }, { key: `case.reminder_notice:${c.id}:${hours}`, caseId: c.id });
        raised++;
      }
    }
    if (raised > 0) opts.log.info({ raised }, "response-time reminders raised");
    return raised;
  });
}

/** Scans every `intervalMs` until stopped. */
export function startReminderLoop(opts: ReminderOptions & { intervalMs: number }): { stop(): Promise<void> } {
  return startScanLoop("reminder", () => scanReminders(opts), opts.intervalMs, opts.log);
}
