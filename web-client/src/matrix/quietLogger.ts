// matrix-js-sdk logs a lot, including identifiers; the seeker's browser console gets errors only.
import type { Logger } from "matrix-js-sdk/lib/logger.js";

export const quietLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: (...msg: unknown[]) => console.error("[chat]", ...msg),
  getChild: () => quietLogger,
};
