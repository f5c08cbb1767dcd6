// Structured logging for the bridge (pino) and the routing of matrix-bot-sdk's own LogService
// into it. What may be logged: room ids, case ids, job ids, error codes. Never message content,
// tokens, passwords or seekers' pseudonyms — the bridge never handles content or pseudonyms, and
// the SDK's chatter is reduced to codes and short strings before it reaches a log line.
import { LogLevel as SdkLogLevel, LogService } from "matrix-bot-sdk";
import { pino, type Logger } from "pino";
import type { LogLevel } from "./config.ts";

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: "lotse-bridge" },
    // Defence in depth: nothing should ever hand these to the logger.
    redact: {
      paths: ["asToken", "hsToken", "access_token", "password", "*.asToken", "*.hsToken", "*.access_token", "*.password"],
      censor: "[redacted]",
    },
  });
}

/** One log argument from the SDK, reduced to something safe and short. */
export function safeSdkArg(arg: unknown): string {
  if (typeof arg === "string") return arg.length > 300 ? `${arg.slice(0, 300)}…` : arg;
  if (typeof arg === "number" || typeof arg === "boolean") return String(arg);
  if (arg instanceof Error) {
    const code = (arg as { code?: unknown }).code;
    return typeof code === "string" ? `${arg.name} ${code}` : arg.name;
  }
  if (typeof arg === "object" && arg !== null) {
    // Matrix error bodies and responses: keep the codes, drop everything else (bodies can carry
    // events, and events can carry content).
    const o = arg as { errcode?: unknown; statusCode?: unknown };
    const parts: string[] = [];
    if (typeof o.errcode === "string") parts.push(o.errcode);
    if (typeof o.statusCode === "number") parts.push(`HTTP ${o.statusCode}`);
    return parts.length > 0 ? parts.join(" ") : "[object]";
  }
  return typeof arg;
}

/**
 * Routes the SDK's LogService into `logger`, quietly: only its warnings and errors pass unless the
 * bridge runs at debug/trace. The SDK's HTTP client logs every non-2xx answer as an error — even
 * expected ones like M_USER_IN_USE or M_ROOM_IN_USE, which the job code handles and logs itself —
 * so that module is muted below debug.
 */
export function routeSdkLogs(logger: Logger): void {
  const sdk = logger.child({ component: "matrix-bot-sdk" });
  const line = (args: unknown[]) => args.map(safeSdkArg).join(" ");
  LogService.setLogger({
    trace: (module: string, ...args: unknown[]) => sdk.trace({ module }, line(args)),
    debug: (module: string, ...args: unknown[]) => sdk.debug({ module }, line(args)),
    info: (module: string, ...args: unknown[]) => sdk.info({ module }, line(args)),
    warn: (module: string, ...args: unknown[]) => sdk.warn({ module }, line(args)),
    error: (module: string, ...args: unknown[]) => sdk.error({ module }, line(args)),
  });
  const verbose = logger.isLevelEnabled("debug");
  LogService.setLevel(logger.isLevelEnabled("trace") ? SdkLogLevel.TRACE : verbose ? SdkLogLevel.DEBUG : SdkLogLevel.WARN);
  if (!verbose) LogService.muteModule("MatrixHttpClient");
}
