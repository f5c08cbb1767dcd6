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
  let payload: Record<string, unknown>;
  try {
    payload = await request.jwtVerify<Record<string, unknown>>();
  } catch (err) {
    // @fastify/jwt wraps only some of fast-jwt's errors (an "alg: none" token arrives as a raw
    // FAST_JWT_* error); every verification failure is the client's problem, so map all of them.
    const code = (err as { code?: unknown }).code;
    if (code === "FST_JWT_AUTHORIZATION_TOKEN_EXPIRED" || code === "FAST_JWT_EXPIRED") {
      throw new ApiError(ErrCode.TokenExpired);
    }
    throw new ApiError(ErrCode.Unauthorized, "The token is invalid.");
  }
  const sub = payload["sub"];
  if (payload["role"] !== "seeker" || typeof sub !== "string" || !UUID_RE.test(sub)) {
    throw new ApiError(ErrCode.Unauthorized, "The token is not a seeker token.");
  }
  return sub;
}
