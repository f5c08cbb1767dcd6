// The bridge's periodic scans (response-time reminders, group schedules, appointment notices):
// one scan at start, then one every `intervalMs`; never two of a kind at once (a slow scan delays
// the next instead of overlapping it); a failed scan is logged and the next tick tries again;
// stop() waits for the scan in progress.
import type { Logger } from "pino";

export function startScanLoop(what: string, scan: () => Promise<unknown>, intervalMs: number, log: Logger): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = running.then(() =>
      scan().catch((err: unknown) => log.error({ err: err instanceof Error ? err.message.slice(0, 200) : "error" }, `${what} scan failed`)),
    );
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
