// POST /v1/auth/matrix: staff sign-in with a Matrix account, without a second password.
//
// The client asks its own homeserver for an OpenID token (POST
// /_matrix/client/v3/user/{userId}/openid/request_token) and sends the object exactly as returned.
// The API looks up the homeserver's base URL in LOTSE_TRUSTED_HOMESERVERS by `matrix_server_name`
// — it never derives a URL from the request — and asks it who the token belongs to
// (GET /_matrix/federation/v1/openid/userinfo). The user id must belong to that server name. Roles
// come from the database (agency memberships of non-deleted agencies, platform admins); an account
// without any role is refused. Answer: a short-lived staff JWT (plugins/staffAuth.ts).
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { signStaffToken } from "../plugins/staffAuth.ts";
import { loadStaffRoles } from "../repositories/adminRepository.ts";
import { ErrorSchema } from "./sharedSchemas.ts";

const SERVER_NAME_RE = /^[A-Za-z0-9.:\-[\]]+$/;

export const StaffRoleSchema = Type.Object({
  role: Type.String(),
  agencyId: Type.Union([Type.String({ format: "uuid" }), Type.Null()]),
});

/** The server-name part of a Matrix user id (everything after the first colon). */
export function serverNameOf(userId: string): string | undefined {
  const m = /^@[^:]+:(.+)$/.exec(userId);
  return m?.[1];
}

export const authMatrixRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { config } = deps;

  // The staff console signs in at the counselor's own homeserver: it resolves the base URL from the
  // server name of the typed Matrix ID through this list — the same list this API trusts below, so
  // the console never talks to a homeserver whose tokens would be refused anyway.
  app.get(
    "/v1/auth/matrix/homeservers",
    {
      schema: {
        tags: ["staff"],
        summary: "Homeservers trusted for staff sign-in (server name → client base URL)",
        response: {
          200: Type.Object({
            homeservers: Type.Array(Type.Object({ serverName: Type.String(), baseUrl: Type.String() })),
          }),
        },
      },
    },
    async () => ({
      homeservers: Object.keys(config.trustedHomeservers)
        .sort()
        .map((serverName) => ({
          serverName,
          // The platform's own homeserver as browsers reach it (the API itself may use an internal address).
          baseUrl: serverName === config.serverName && config.staffHomeserverUrl !== null ? config.staffHomeserverUrl : (config.trustedHomeservers[serverName] as string),
        })),
    }),
  );

  app.post(
    "/v1/auth/matrix",
    {
      config: { rateLimit: { max: config.rateLimitMax, timeWindow: "1 minute" } },
      schema: {
        tags: ["staff"],
        summary: "Staff sign-in with a Matrix OpenID token",
        body: Type.Object({
          access_token: Type.String({ minLength: 1, maxLength: 2048 }),
          token_type: Type.String({ minLength: 1, maxLength: 32 }),
          matrix_server_name: Type.String({ minLength: 1, maxLength: 255 }),
          expires_in: Type.Integer(),
        }),
        response: {
          200: Type.Object({
            token: Type.String(),
            userId: Type.String(),
            expiresIn: Type.Integer({ description: "Seconds the token is valid" }),
            roles: Type.Array(StaffRoleSchema),
          }),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request) => {
      const body = request.body;
      if (body.token_type !== "Bearer") {
        throw new ApiError(ErrCode.InvalidOpenIdToken, "token_type must be Bearer.");
      }
      if (body.expires_in <= 0) throw new ApiError(ErrCode.InvalidOpenIdToken);
      const serverName = body.matrix_server_name;
      const base = SERVER_NAME_RE.test(serverName) && Object.hasOwn(config.trustedHomeservers, serverName)
        ? config.trustedHomeservers[serverName]
        : undefined;
      if (base === undefined) throw new ApiError(ErrCode.UntrustedHomeserver);

      const url = `${base}/_matrix/federation/v1/openid/userinfo?access_token=${encodeURIComponent(body.access_token)}`;
      let res: Response;
      try {
        res = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(config.homeserverTimeoutMs) });
      } catch (err) {
        request.log.warn({ err: { name: (err as Error).name } }, "openid userinfo unreachable");
        throw new ApiError(ErrCode.HomeserverUnavailable);
      }
      if (res.status >= 500) {
        await res.body?.cancel();
        throw new ApiError(ErrCode.HomeserverUnavailable);
      }
      if (res.status !== 200) {
        await res.body?.cancel();
        throw new ApiError(ErrCode.InvalidOpenIdToken);
      }
      let sub: unknown;
      try {
        sub = ((await res.json()) as { sub?: unknown }).sub;
      } catch {
        throw new ApiError(ErrCode.HomeserverUnavailable);
      }
      if (typeof sub !== "string" || !/^@[^:\s]+:[A-Za-z0-9.:\-[\]]+$/.test(sub) || sub.length > 255) {
        throw new ApiError(ErrCode.InvalidOpenIdToken);
      }
      if (serverNameOf(sub) !== serverName) throw new ApiError(ErrCode.ServerNameMismatch);

      const principal = await loadStaffRoles(deps.db.db, sub);
      if (principal.roles.length === 0) throw new ApiError(ErrCode.NotStaff);
      const { token, expiresIn } = signStaffToken(app, principal);
      request.log.info({ roles: principal.roles.length }, "staff signed in");
      return { token, userId: sub, expiresIn, roles: principal.roles };
    },
  );
};
