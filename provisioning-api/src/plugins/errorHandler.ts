// Installs the one error shape for everything: route errors, Fastify's own errors (bad JSON,
// validation, body limit, content type), unknown routes. 5xx bodies are generic; logs carry
// names and codes only (see errorMapping.ts).
import type { FastifyInstance } from "fastify";
import { ApiError, ErrCode } from "../errors.ts";
import { describeErrorForLog, mapError } from "../errorMapping.ts";

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const m = mapError(err);
    const fields = { errcode: m.body.errcode, err: describeErrorForLog(err) };
    if (m.logLevel === "error") request.log.error(fields, "request failed");
    else if (m.logLevel === "warn") request.log.warn(fields, "request failed");
    else request.log.debug({ errcode: m.body.errcode }, "request rejected");
    void reply.code(m.statusCode).type("application/json; charset=utf-8").send(m.body);
  });

  app.setNotFoundHandler((_request, reply) => {
    const e = new ApiError(ErrCode.NotFound, "No such endpoint.");
    void reply.code(e.statusCode).send(e.toBody());
  });
}
