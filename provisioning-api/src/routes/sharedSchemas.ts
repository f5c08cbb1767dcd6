// Schemas used by more than one route (and named in the OpenAPI document).
import { Type } from "typebox";
import { TOPIC_NAME_MAX } from "@lotse/store";
import { ErrCode } from "../errors.ts";
import { POSTCODE_PATTERN } from "../domain/postcode.ts";

export const ErrorSchema = Type.Object(
  {
    errcode: Type.Union(Object.values(ErrCode).map((c) => Type.Literal(c))),
    error: Type.String(),
  },
  { description: "Every error of the API has this shape." },
);

export const TopicIdSchema = Type.String({ minLength: 1, maxLength: 64, description: "Topic slug, e.g. sucht" });
export const PostcodeSchema = Type.String({ pattern: POSTCODE_PATTERN, description: "Five-digit German postcode" });

/** A further topic name as written by an admin: non-blank, at most 200 characters (trimmed when stored). */
export const TopicNameTextSchema = Type.String({ minLength: 1, maxLength: TOPIC_NAME_MAX, pattern: "\\S" });

/**
 * A topic's name: German and English always; Leichte Sprache, Turkish, Arabic and Ukrainian when
 * the topic has one (a client falls back to German for Leichte Sprache, English for the others).
 */
export const TopicNameSchema = Type.Object({
  de: Type.String(),
  en: Type.String(),
  "de-leicht": Type.Optional(Type.String()),
  tr: Type.Optional(Type.String()),
  ar: Type.Optional(Type.String()),
  uk: Type.Optional(Type.String()),
});

export const TopicSchema = Type.Object({
  id: Type.String(),
  name: TopicNameSchema,
});

export const AgencySchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  name: Type.String(),
  city: Type.String(),
});

export const bearerSecurity = [{ bearerAuth: [] }];

/** The session fields of registration, login and refresh (`token` is the access JWT). */
export const SessionFields = {
  token: Type.String({ description: "Access JWT (Bearer); short-lived" }),
  expiresIn: Type.Integer({ description: "Seconds until the access token expires" }),
  refreshToken: Type.String({ description: "Opaque; exchange at POST /v1/auth/refresh; single use" }),
  refreshExpiresIn: Type.Integer({ description: "Seconds until the refresh token expires unless used" }),
};
