// Seeker authentication: short-lived HS256 access JWTs (sub = seeker id, role "seeker", ver = the
// seeker's token version) issued at registration, login and refresh (see sessions.ts for the
// refresh tokens). `requireSeeker` is called by protected routes: it verifies the signature and
// expiry, then checks in PostgreSQL that the account still exists and that `ver` equals the
// seeker's current token_version — "log out everywhere", a password change, a detected refresh
// token theft and the account's deletion all move or remove it, so every access token issued
// before stops working at once (not only when it expires). Failures become LOTSE_UNAUTHORIZED,
// LOTSE_TOKEN_EXPIRED or LOTSE_SESSION_REVOKED through the error handler.
import type { FastifyInstance, FastifyRequest } from "fastify";
import fastifyJwt from "@fastify/jwt";
import { ApiError, ErrCode } from "../errors.ts";

export type SeekerClaims = { sub: string; role: "seeker"; ver: number };

/**
 * The seeker's current token version and whether the account is a temporary live-chat account, or
 * undefined when the account does not exist (any more).
 */
export type TokenVersionLookup = (seekerId: string) => Promise<{ version: number; temporary: boolean } | undefined>;

declare module "fastify" {
  interface FastifyInstance {
    lotseSeekerTokenVersion: TokenVersionLookup;
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function registerAuth(
  app: FastifyInstance,
  opts: { secret: string; tokenTtlSeconds: number; tokenVersion: TokenVersionLookup },
): Promise<void> {
  app.decorate("lotseSeekerTokenVersion", opts.tokenVersion);
  await app.register(fastifyJwt, {
    secret: opts.secret,
    sign: { algorithm: "HS256", expiresIn: opts.tokenTtlSeconds },
    verify: { algorithms: ["HS256"] },
  });
}

export function signSeekerToken(app: FastifyInstance, seekerId: string, tokenVersion: number): string {
  const claims: SeekerClaims = { sub: seekerId, role: "seeker", ver: tokenVersion };
  return app.jwt.sign(claims);
}

/**
 * Verifies the bearer token and returns the seeker id. Temporary live-chat accounts are refused
 * (LOTSE_TEMPORARY_ACCOUNT) unless the route allows them (`allowTemporary`: the live chat's own
 * routes, the Matrix session, keeping access).
 */
export async function requireSeeker(request: FastifyRequest, opts: { allowTemporary?: boolean } = {}): Promise<string> {
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
  // Tokens from before versions existed carry none: they count as version 0.
  const ver = payload["ver"] ?? 0;
  if (typeof ver !== "number" || !Number.isInteger(ver)) throw new ApiError(ErrCode.Unauthorized, "The token is invalid.");
  const current = await request.server.lotseSeekerTokenVersion(sub);
  if (current === undefined) throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
  if (current.version !== ver) throw new ApiError(ErrCode.SessionRevoked);
  if (current.temporary && opts.allowTemporary !== true) throw new ApiError(ErrCode.TemporaryAccount);
  return sub;
}
