// The signed-in seeker's own account: POST /v1/seekers/me/password (change the password),
// PATCH /v1/seekers/me (a new pseudonym: the rule, staff and agency look-alikes refused,
// uniqueness, the old name quarantined, then set on the homeserver — store/src/domain/pseudonymChange.ts)
// and DELETE /v1/seekers/me (delete the account). Password change and deletion need the current
// password again.
//
// A password change ends every session (all refresh tokens; access tokens issued before stop
// working): the client signs in again with the new password.
// Deletion erases the seeker (repositories/erasureRepository.ts): chat user deactivated with
// erasure, open cases closed with a notice to the agency's pool room, the seeker's row deleted
// (no row in PostgreSQL keeps the id, pseudonym or e-mail address), the pseudonym quarantined.
// Nothing here logs the pseudonym, a password or a token.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { and, eq } from "drizzle-orm";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { defaultPlatformPolicy, checkPseudonym } from "@lotse/policies";
import { agencyNames, changePseudonym, seekers, eraseSeeker } from "@lotse/store";
import { describeErrorForLog } from "../errorMapping.ts";
import { HomeserverUnavailableError, MatrixApiError } from "../matrix/homeserverClient.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/passwords.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { DELETED_PASSWORD_HASH, findSeekerById } from "../repositories/seekersRepository.ts";
import { revokeAllSessions } from "../repositories/sessionsRepository.ts";
import { throwIfRefused } from "./seekers.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const ChangePasswordBody = Type.Object({
  oldPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  newPassword: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
});

const PatchBody = Type.Object({
  pseudonym: Type.String({ minLength: 1, maxLength: 256, description: "The new pseudonym (see policies' pseudonym rule)" }),
});

const DeleteBody = Type.Object({
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});

/** A password hash no password verifies against (argon2 rejects the format). */

export const accountRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const rateLimit = { max: deps.config.rateLimitMax, timeWindow: 60_000 };

  /** The signed-in seeker, re-authenticated with `password`; BadCredentials otherwise. */
  async function reauthenticate(seekerId: string, password: string) {
    const seeker = await findSeekerById(db, seekerId);
    if (seeker === undefined || seeker.passwordHash === DELETED_PASSWORD_HASH) {
      await deps.passwords.verifyDummy(password);
      throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
    }
    // A temporary live-chat account has no password (requireSeeker refuses it before this anyway).
    if (seeker.passwordHash === null) throw new ApiError(ErrCode.TemporaryAccount);
    if (!(await deps.passwords.verify(seeker.passwordHash, password))) throw new ApiError(ErrCode.BadCredentials, "The password is wrong.");
    return { ...seeker, passwordHash: seeker.passwordHash };
  }

  app.post(
    "/v1/seekers/me/password",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Change the signed-in seeker's password",
        security: bearerSecurity,
        body: ChangePasswordBody,
        response: { 204: Type.Null(), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      const { oldPassword, newPassword } = request.body;
      const seeker = await reauthenticate(seekerId, oldPassword);
      const passwordHash = await deps.passwords.hash(newPassword);
      await db.transaction(async (tx) => {
        // Only if nothing changed the hash in between (two changes at once: one wins, one fails).
        const updated = await tx
          .update(seekers)
          .set({ passwordHash })
          .where(and(eq(seekers.id, seeker.id), eq(seekers.passwordHash, seeker.passwordHash)))
          .returning({ id: seekers.id });
        if (updated.length === 0) throw new ApiError(ErrCode.BadCredentials, "The password is wrong.");
        await revokeAllSessions(tx, seeker.id);
      });
      return reply.code(204).send(null);
    },
  );

  app.patch(
    "/v1/seekers/me",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Change the signed-in seeker's pseudonym (everywhere: the API, the chat profile and every room)",
        security: bearerSecurity,
        body: PatchBody,
        response: {
          200: Type.Object({ pseudonym: Type.String() }),
          400: ErrorSchema,
          401: ErrorSchema,
          409: ErrorSchema,
          429: ErrorSchema,
          503: ErrorSchema,
        },
      },
    },
    async (request) => {
      const seekerId = await requireSeeker(request);
      const check = checkPseudonym(request.body.pseudonym, (deps.policy ?? defaultPlatformPolicy).pseudonym, await agencyNames(db));
      throwIfRefused(check);
      let result;
      try {
        result = await changePseudonym(
          { db, homeserver: deps.homeserver, serverName: deps.config.serverName, pseudonymQuarantineDays: deps.config.pseudonymQuarantineDays },
          seekerId,
          { pseudonym: check.pseudonym, key: check.key },
        );
      } catch (err) {
        // The chat server failed: the transaction rolled back, the old name stays everywhere.
        if (err instanceof HomeserverUnavailableError || err instanceof MatrixApiError) {
          request.log.warn({ err: describeErrorForLog(err) }, "pseudonym change failed at the homeserver");
          throw new ApiError(ErrCode.HomeserverUnavailable);
        }
        throw err;
      }
      if (result === "gone") throw new ApiError(ErrCode.Unauthorized, "The account no longer exists.");
      if (result === "taken") throw new ApiError(ErrCode.UsernameTaken);
      if (result === "quarantined") throw new ApiError(ErrCode.PseudonymQuarantined);
      return { pseudonym: check.pseudonym };
    },
  );

  app.delete(
    "/v1/seekers/me",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Delete the signed-in seeker's account (erasure; see SECURITY.md)",
        security: bearerSecurity,
        body: DeleteBody,
        response: { 204: Type.Null(), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      await reauthenticate(seekerId, request.body.password);
      try {
        await eraseSeeker(
          {
            db,
            homeserver: deps.homeserver,
            media: deps.synapseAdmin ?? null,
            serverName: deps.config.serverName,
            pseudonymQuarantineDays: deps.config.pseudonymQuarantineDays,
          },
          seekerId,
          "request",
        );
      } catch (err) {
        if (err instanceof ApiError) throw err;
        // The chat server failed before anything was deleted: the seeker can retry.
        if (err instanceof HomeserverUnavailableError || err instanceof MatrixApiError) {
          request.log.warn({ err: describeErrorForLog(err) }, "account deactivation failed");
          throw new ApiError(ErrCode.HomeserverUnavailable);
        }
        throw err;
      }
      return reply.code(204).send(null);
    },
  );
};
