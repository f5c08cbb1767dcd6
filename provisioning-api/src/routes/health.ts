// GET /health: liveness of the API's two dependencies, PostgreSQL and the homeserver.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";

const State = Type.Union([Type.Literal("ok"), Type.Literal("down")]);
const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("degraded")]),
  db: State,
  homeserver: State,
});

const PROBE_TIMEOUT_MS = 2000;

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  app.get(
    "/health",
    {
      schema: {
        tags: ["health"],
        summary: "Liveness of the database and the homeserver",
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const [dbUp, hsUp] = await Promise.all([
        withTimeout(deps.db.sql`select 1`, PROBE_TIMEOUT_MS).then(
          () => true,
          () => false,
        ),
        deps.homeserver.isUp(PROBE_TIMEOUT_MS),
      ]);
      const body = {
        status: dbUp && hsUp ? ("ok" as const) : ("degraded" as const),
        db: dbUp ? ("ok" as const) : ("down" as const),
        homeserver: hsUp ? ("ok" as const) : ("down" as const),
      };
      return reply.code(body.status === "ok" ? 200 : 503).send(body);
    },
  );
};
