// The group schedule: opens a group room at the start of a session, closes it at the end, reopens
// a weekly group at its next session. The clock is injected, so tests move time instead of
// waiting. Each scan compares, per group, the phase the policies compute for `now` with the phase
// recorded on the group row (applied_phase, applied_occurrence); when they differ it records the
// new phase and queues a group.apply_phase room job in the same transaction (one job per group,
// session and phase: the idempotency key). The job does the Matrix work (GroupJobs.ts), so a crash
// between the decision and the work loses nothing, and a restarted bridge catches up on its first
// scan.
import { defaultGroupPolicy, groupPhaseAt, type GroupPolicy } from "@lotse/policies";
import { enqueue, type LotseTx, scheduleOf, groups, type LotseDb } from "@lotse/store";
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { Logger } from "pino";
import { startScanLoop } from "../scanLoop.ts";

export type GroupSchedulerOptions = {
  db: LotseDb;
  log: Logger;
  now?: () => Date;
  policy?: GroupPolicy;
  /** Only these groups (a test's own, so its clock does not move other groups); default: all. */
  groupIds?: readonly string[];
};

/** One scan: records and queues every due phase change. Returns how many groups changed phase. */
export async function scanGroupSchedules(opts: GroupSchedulerOptions): Promise<number> {
  const now = opts.now?.() ?? new Date();
  const timeZone = (opts.policy ?? defaultGroupPolicy).timeZone;
  const candidates = await opts.db
    .select({ id: groups.id })
    .from(groups)
    .where(and(isNull(groups.deletedAt), isNotNull(groups.roomId), opts.groupIds ? inArray(groups.id, [...opts.groupIds]) : undefined))
    .limit(10_000);
  let changed = 0;
  for (const { id } of candidates) {
    const did = await opts.db.transaction(async (tx: LotseTx) => {
      // Waits for a group job that holds the row (they are short): the decision is made on the
      // row as that job left it, and a scan never skips a due change.
      const [g] = await tx.select().from(groups).where(eq(groups.id, id)).for("update");
      if (!g || g.deletedAt || !g.roomId) return false;
      const target = groupPhaseAt(scheduleOf(g), now, timeZone);
      const appliedOcc = g.appliedOccurrence?.getTime() ?? null;
      if (g.appliedPhase === target.phase && appliedOcc === target.occurrence.getTime()) return false;
      // A session that was open, or one that started and ended since the last recorded phase, is over.
      let endedAt: Date | null = null;
      if (appliedOcc !== null) {
        const appliedEnd = appliedOcc + g.durationMinutes * 60_000;
        const stillOpenSame = target.phase === "open" && target.occurrence.getTime() === appliedOcc;
        if (!stillOpenSame && appliedEnd <= now.getTime() && (g.appliedPhase === "open" || appliedOcc < target.occurrence.getTime() || target.phase === "after")) {
          endedAt = new Date(appliedEnd);
        }
      }
      await tx
        .update(groups)
        .set({ appliedPhase: target.phase, appliedOccurrence: target.occurrence, updatedAt: new Date() })
        .where(eq(groups.id, id));
      await enqueue(tx, "group.apply_phase", { groupId: id, phase: target.phase, occurrence: target.occurrence.toISOString(), endedAt: endedAt?.toISOString() ?? null }, { key: `group.apply_phase:${id}:${target.occurrence.toISOString()}:${target.phase}` });
      opts.log.info({ groupId: id, from: g.appliedPhase, to: target.phase, sessionEnded: endedAt !== null }, "group phase changes");
      return true;
    });
    if (did) changed++;
  }
  return changed;
}

/** Scans every `intervalMs` until stopped. */
export function startGroupScheduler(opts: GroupSchedulerOptions & { intervalMs: number }): { stop(): Promise<void> } {
  return startScanLoop("group schedule", () => scanGroupSchedules(opts), opts.intervalMs, opts.log);
}

/**
 * LOTSE_GROUP_SCAN_MS: how often the schedule is checked (default 15 s; 0 = off, for tests that
 * drive the schedule with their own clock). Validated at start-up; the error names the variable.
 */
export function groupScanIntervalMs(env: Readonly<Record<string, string | undefined>>): number {
  const raw = env.LOTSE_GROUP_SCAN_MS?.trim();
  if (raw === undefined || raw === "") return 15_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || (n !== 0 && (n < 1_000 || n > 3_600_000))) {
    throw new Error(`invalid configuration: LOTSE_GROUP_SCAN_MS: must be 0 (off) or whole milliseconds between 1000 and 3600000 (got "${raw}")`);
  }
  return n;
}
