// Logger options for Fastify's pino: request lines carry method, the route's pattern (no ids, no
// query string, which holds topic and postcode) and status — no bodies, no headers, no client address (seekers
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
          // The route's pattern (`/v1/cases/:caseId/local-help`), never the concrete path: ids in a
          // path (a case's, an agency's, a booking's) would let the log link requests to one case.
          // A request no route matched logs no path at all.
          url: req.routeOptions?.url ?? "(no route)",
          reqId: req.id,
        };
      },
      res(res: { statusCode?: number }) {
        return { statusCode: res.statusCode };
      },
    },
  };
}
