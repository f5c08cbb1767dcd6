// Seeker authentication: HS256 JWTs (sub = seeker id, role "seeker") issued at registration and
// login. `requireSeeker` is called by protected routes; failures become LOTSE_UNAUTHORIZED or
// LOTSE_TOKEN_EXPIRED through the error handler.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fastifyJwt from "@fastify/jwt";
import { ApiError, ErrCode } from "../errors.ts";

export type SeekerClaims = { sub: string; role: "seeker" };

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function registerAuth(
  app: FastifyInstance,
  opts: { secret: string; tokenTtlSeconds: number },
): Promise<void> {
  await app.register(fastifyJwt, {
    secret: opts.secret,
    sign: { algorithm: "HS256", expiresIn: opts.tokenTtlSeconds },
    verify: { algorithms: ["HS256"] },
  });
}

export function signSeekerToken(app: FastifyInstance, seekerId: string): string {
  const claims: SeekerClaims = { sub: seekerId, role: "seeker" };
  return app.jwt.sign(claims);
}

/** Verifies the bearer token and returns the seeker id. */
export async function requireSeeker(request: FastifyRequest): Promise<string> {
  const header = request.headers.authorization;
  if (header === undefined || !/^Bearer\s+\S+$/i.test(header)) {
    throw new ApiError(ErrCode.Unauthorized, "A bearer token is required.");
  }
  const payload = await request.jwtVerify<Record<string, unknown>>();
  const sub = payload["sub"];
  if (payload["role"] !== "seeker" || typeof sub !== "string" || !UUID_RE.test(sub)) {
    throw new ApiError(ErrCode.Unauthorized, "The token is not a seeker token.");
  }
  return sub;
}
