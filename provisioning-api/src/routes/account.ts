// The signed-in seeker's own account: POST /v1/seekers/me/password (change the password) and
// DELETE /v1/seekers/me (delete the account). Both need the current password again.
//
// Deletion keeps no personal data: the pseudonym, its uniqueness key, the password hash, the
// e-mail address, topic and postcode are overwritten (the row itself stays, because cases refer
// to it and the agencies' records of closed cases outlive the account); the seeker's open cases
// are closed; the seeker's chat user is deactivated on the homeserver with erasure (through the
// appservice, so no interactive authentication is needed), which also removes it from every
// conversation. Nothing here logs the pseudonym, a password or a token.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { and, eq, inArray, sql } from "drizzle-orm";
import { Type } from "typebox";
import type { RouteOptions } from "../appDeps.ts";
import { cases, seekers } from "../db/schema.ts";
import { describeErrorForLog } from "../errorMapping.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/passwords.ts";
import { requireSeeker } from "../plugins/auth.ts";
import { DELETED_PASSWORD_HASH, findSeekerById } from "../repositories/seekersRepository.ts";
import { bearerSecurity, ErrorSchema } from "./sharedSchemas.ts";

const ChangePasswordBody = Type.Object({
  oldPassword: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  newPassword: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
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
    if (!(await deps.passwords.verify(seeker.passwordHash, password))) throw new ApiError(ErrCode.BadCredentials, "The password is wrong.");
    return seeker;
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
      // Only if nothing changed the hash in between (two changes at once: one wins, one fails).
      const updated = await db
        .update(seekers)
        .set({ passwordHash })
        .where(and(eq(seekers.id, seeker.id), eq(seekers.passwordHash, seeker.passwordHash)))
        .returning({ id: seekers.id });
      if (updated.length === 0) throw new ApiError(ErrCode.BadCredentials, "The password is wrong.");
      return reply.code(204).send(null);
    },
  );

  app.delete(
    "/v1/seekers/me",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Delete the signed-in seeker's account",
        security: bearerSecurity,
        body: DeleteBody,
        response: { 204: Type.Null(), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema },
      },
    },
    async (request, reply) => {
      const seekerId = await requireSeeker(request);
      const seeker = await reauthenticate(seekerId, request.body.password);
      const userId = `@${seeker.matrixLocalpart}:${deps.config.serverName}`;

      // The chat user first: if the homeserver is down, nothing is deleted and the seeker can retry.
      try {
        const res = await fetch(
          `${deps.config.homeserverUrl.replace(/\/+$/u, "")}/_matrix/client/v3/account/deactivate?user_id=${encodeURIComponent(userId)}`,
          {
            method: "POST",
            headers: { authorization: `Bearer ${deps.config.asToken}`, "content-type": "application/json" },
            body: JSON.stringify({ erase: true }),
            signal: AbortSignal.timeout(deps.config.homeserverTimeoutMs),
          },
        );
        // 403/404 for a user that never existed on the homeserver (no session was ever opened).
        if (!res.ok && res.status !== 403 && res.status !== 404) {
          request.log.warn({ status: res.status }, "account deactivation failed");
          throw new ApiError(ErrCode.HomeserverUnavailable);
        }
      } catch (err) {
        if (err instanceof ApiError) throw err;
        request.log.warn({ err: describeErrorForLog(err) }, "account deactivation failed");
        throw new ApiError(ErrCode.HomeserverUnavailable);
      }

      await db.transaction(async (tx) => {
        await tx
          .update(seekers)
          .set({
            username: `deleted-${seeker.id}`,
            usernameKey: `deleted:${seeker.id}`,
            passwordHash: DELETED_PASSWORD_HASH,
            email: null,
            topicId: null,
            postcode: null,
          })
          .where(eq(seekers.id, seeker.id));
        await tx
          .update(cases)
          .set({ status: "closed", closedAt: sql`now()`, updatedAt: sql`now()` })
          .where(and(eq(cases.seekerId, seeker.id), inArray(cases.status, ["new", "in_progress"])));
      });
      return reply.code(204).send(null);
    },
  );
};
