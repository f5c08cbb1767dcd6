// POST /v1/seekers (registration) and POST /v1/login. The pseudonym follows the policies' rule;
// its uniqueness key is enforced by the database's unique index (no check-then-insert race); a
// deleted account's pseudonym is refused while quarantined. Both answer with a session (access
// token + refresh token, see sessionsRepository.ts). Failed sign-ins lock the pseudonym for a
// growing time (policies' loginThrottle), counted in PostgreSQL, unknown pseudonyms alike.
// Nothing here logs the pseudonym, the password, the e-mail address or a token.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { checkPseudonym, defaultLoginThrottlePolicy, defaultPlatformPolicy, pseudonymKey, type PseudonymCheck } from "@lotse/policies";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { generateMatrixLocalpart } from "../domain/matrixLocalpart.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/passwords.ts";
import { topicExists } from "../repositories/catalogRepository.ts";
import { agencyNames, clearLoginFailures, lockedSeconds, loginKeyHash, recordLoginFailure, isQuarantined } from "@lotse/store";
import { findSeekerByKey, insertSeeker } from "../repositories/seekersRepository.ts";
import { issueSession } from "../repositories/sessionsRepository.ts";
import { ErrorSchema, PostcodeSchema, SessionFields, TopicIdSchema } from "./sharedSchemas.ts";

const RegisterBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256, description: "The pseudonym (see policies' pseudonym rule)" }),
  password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
  email: Type.Optional(Type.String({ format: "email", maxLength: 254, description: "Optional; never shown or returned" })),
  topic: TopicIdSchema,
  postcode: PostcodeSchema,
});

const LoginBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
});

/** A refused pseudonym as its typed error: imitating staff or an agency has a code of its own. */
export function throwIfRefused(check: PseudonymCheck): asserts check is Extract<PseudonymCheck, { ok: true }> {
  if (check.ok) return;
  if (check.violation === "imitates_staff") throw new ApiError(ErrCode.PseudonymImitatesStaff);
  throw new ApiError(ErrCode.InvalidPseudonym, check.message);
}

export const seekerRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const rateLimit = { max: deps.config.rateLimitMax, timeWindow: 60_000 };
  const ttls = { accessSeconds: deps.config.tokenTtlSeconds, refreshSeconds: deps.config.refreshTokenTtlSeconds };

  app.post(
    "/v1/seekers",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Register a seeker",
        body: RegisterBody,
        response: {
          201: Type.Object({ seekerId: Type.String({ format: "uuid" }), ...SessionFields }),
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { username, password, email, topic, postcode } = request.body;
      const check = checkPseudonym(username, (deps.policy ?? defaultPlatformPolicy).pseudonym, await agencyNames(db));
      throwIfRefused(check);
      if (!(await topicExists(db, topic))) throw new ApiError(ErrCode.UnknownTopic);
      if (await isQuarantined(db, check.key)) throw new ApiError(ErrCode.PseudonymQuarantined);

      const passwordHash = await deps.passwords.hash(password);
      const result = await insertSeeker(db, {
        username: check.pseudonym,
        usernameKey: check.key,
        passwordHash,
        email: email ?? null,
        matrixLocalpart: generateMatrixLocalpart(deps.config.userPrefix),
        topicId: topic,
        postcode,
      });
      if (result === "taken") throw new ApiError(ErrCode.UsernameTaken);
      const session = await issueSession(app, db, { id: result.id, tokenVersion: 0 }, ttls);
      return reply.code(201).send({ seekerId: result.id, ...session });
    },
  );

  app.post(
    "/v1/login",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Sign in with pseudonym and password",
        body: LoginBody,
        response: { 200: Type.Object(SessionFields), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const key = pseudonymKey(username.normalize("NFC").trim());
      // Failed sign-ins are counted per pseudonym key, whether an account has it or not.
      const throttleKey = loginKeyHash(key);
      const locked = await lockedSeconds(db, throttleKey);
      if (locked > 0) {
        void reply.header("retry-after", String(locked));
        throw new ApiError(ErrCode.LoginThrottled);
      }
      const seeker = await findSeekerByKey(db, key);
      // Temporary live-chat accounts have no password: they cannot sign in (same answer as unknown).
      const ok =
        seeker === undefined || seeker.passwordHash === null
          ? await deps.passwords.verifyDummy(password)
          : await deps.passwords.verify(seeker.passwordHash, password);
      if (!ok || seeker === undefined || seeker.passwordHash === null) {
        await recordLoginFailure(db, throttleKey, defaultLoginThrottlePolicy);
        throw new ApiError(ErrCode.BadCredentials);
      }
      await clearLoginFailures(db, throttleKey);
      return issueSession(app, db, seeker, ttls);
    },
  );
};
