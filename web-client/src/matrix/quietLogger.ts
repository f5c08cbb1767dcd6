// matrix-js-sdk logs a lot, and much of it names rooms, users, devices and calls. Two loggers to
// quiet: the client's own (passed to createClient) and the SDK's global one, which many modules
// import directly — its WebRTC calls among them ("Call <id> got local ICE … <candidate>").
// Nothing of either reaches the seeker's browser console; for errors only a fixed line with the
// error's class name, never its message (messages carry ids too).
import { logger as sdkGlobalLogger, type Logger } from "matrix-js-sdk/lib/logger.js";

const errorLine = (...msg: unknown[]) => {
  const kinds = msg.filter((m): m is Error => m instanceof Error).map((e) => e.name);
  console.error("[chat] an error in the chat engine", ...kinds);
};

export const quietLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: errorLine,
  getChild: () => quietLogger,
};

type LoglevelLogger = {
  methodFactory: (methodName: string, level: number, loggerName: string | symbol) => (...msg: unknown[]) => void;
  setLevel(level: "silent" | "error", persist?: boolean): void;
  getChild?: (prefix: string) => unknown;
};

let silenced = false;

/**
 * Silences the SDK's global logger (loglevel underneath): a method factory that writes nothing,
 * inherited by every child logger made from now on (the SDK's `getChild` copies the parent's
 * factory), and the level set to silent for the global one itself.
 */
export function silenceSdkGlobalLogger(): void {
  if (silenced) return;
  silenced = true;
  const root = sdkGlobalLogger as unknown as LoglevelLogger;
  const quiet = (l: LoglevelLogger) => {
    l.methodFactory = () => () => {};
    l.setLevel("silent", false);
  };
  quiet(root);
  // Child loggers made while the SDK's modules loaded (before this ran) keep their own factory;
  // `getChild` with the same prefix hands back the same logger, so each is quieted here too.
  for (const prefix of MODULE_LEVEL_CHILDREN) quiet(root.getChild!(prefix) as LoglevelLogger);
}

/** Prefixes of the child loggers matrix-js-sdk 43 creates at module load (`grep -rn "^const.*getChild(" src`). */
const MODULE_LEVEL_CHILDREN = ["RoomStickyEvents"];
