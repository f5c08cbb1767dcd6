// Logger options for Fastify's pino: request lines carry method, path (without the query string,
// which holds topic and postcode) and status — no bodies, no headers, no client address (seekers
// are anonymous). The authorization header is redacted in case anything ever logs headers.
import type { PinoLoggerOptions } from "fastify/types/logger.js";
import type { LogLevel } from "./config.ts";

type Loggable = { method?: string; url?: string; id?: unknown; routeOptions?: { url?: string } };

export function loggerOptions(level: LogLevel): PinoLoggerOptions {
  return {
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        "headers.authorization",
        "request.headers.authorization",
      ],
      censor: "[redacted]",
    },
    serializers: {
      req(req: Loggable) {
        return {
          method: req.method,
          url: (req.url ?? "").split("?")[0],
          reqId: req.id,
        };
      },
      res(res: { statusCode?: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
