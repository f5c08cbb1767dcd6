// POST /v1/seekers (registration) and POST /v1/login. The pseudonym follows the policies' rule;
// its uniqueness key is enforced by the database's unique index (no check-then-insert race).
// Nothing here logs the pseudonym, the password, the e-mail address or a token.
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { checkPseudonym, pseudonymKey } from "@lotse/policies";
import type { RouteOptions } from "../appDeps.ts";
import { ApiError, ErrCode } from "../errors.ts";
import { generateMatrixLocalpart } from "../domain/matrixLocalpart.ts";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../domain/passwords.ts";
import { signSeekerToken } from "../plugins/auth.ts";
import { topicExists } from "../repositories/catalogRepository.ts";
import { findSeekerByKey, insertSeeker } from "../repositories/seekersRepository.ts";
import { ErrorSchema, PostcodeSchema, TopicIdSchema } from "./sharedSchemas.ts";

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

export const seekerRoutes: FastifyPluginAsyncTypebox<RouteOptions> = async (app, { deps }) => {
  const { db } = deps.db;
  const rateLimit = { max: deps.config.rateLimitMax, timeWindow: 60_000 };

  app.post(
    "/v1/seekers",
    {
      config: { rateLimit },
      schema: {
        tags: ["seekers"],
        summary: "Register a seeker",
        body: RegisterBody,
        response: {
          201: Type.Object({ seekerId: Type.String({ format: "uuid" }), token: Type.String() }),
          400: ErrorSchema,
          404: ErrorSchema,
          409: ErrorSchema,
          429: ErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const { username, password, email, topic, postcode } = request.body;
      const check = checkPseudonym(username);
      if (!check.ok) throw new ApiError(ErrCode.InvalidPseudonym, check.message);
      if (!(await topicExists(db, topic))) throw new ApiError(ErrCode.UnknownTopic);

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
      return reply.code(201).send({ seekerId: result.id, token: signSeekerToken(app, result.id) });
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
        response: { 200: Type.Object({ token: Type.String() }), 400: ErrorSchema, 401: ErrorSchema, 429: ErrorSchema },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const seeker = await findSeekerByKey(db, pseudonymKey(username.normalize("NFC").trim()));
      const ok =
        seeker === undefined
          ? await deps.passwords.verifyDummy(password)
          : await deps.passwords.verify(seeker.passwordHash, password);
      if (!ok || seeker === undefined) throw new ApiError(ErrCode.BadCredentials);
      return { token: signSeekerToken(app, seeker.id) };
    },
  );
};
