// Staff authentication: counselors and admins sign in with their Matrix account (POST
// /v1/auth/matrix, routes/auth.ts) and get a short-lived HS256 JWT carrying their roles.
//
// Staff tokens are kept apart from seeker tokens cryptographically, not only by a claim: they are
// signed with a key derived from LOTSE_JWT_SECRET for this purpose alone (HMAC(secret,
// "lotse-staff-token")), carry `aud: "lotse-staff"` and `typ: "staff"`. A seeker token fails the
// staff signature check and a staff token fails the seeker one (requireSeeker also insists on
// role "seeker").
//
// Roles are read from the token (issued from the database at sign-in); the token lives
// LOTSE_STAFF_TOKEN_TTL_SECONDS (15 min by default), so a removed role is gone at the next sign-in.
//
// Routes call `requireStaff(request)` and decide with `hasAgencyRole` / `isPlatformAdmin`.
import { createHmac } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { agencyRoles, type Role } from "@lotse/policies";
import { ApiError, ErrCode } from "../errors.ts";

export type StaffRole = { role: Role; agencyId: string | null };

export type StaffPrincipal = {
  /** Matrix user id, e.g. @anna:agency.example */
  userId: string;
  /** counselors.id, or null for a platform admin who is not a counselor. */
  counselorId: string | null;
  roles: StaffRole[];
};

export const STAFF_AUDIENCE = "lotse-staff";
export const STAFF_TOKEN_TYPE = "staff";

type StaffAuthState = { key: string; ttlSeconds: number };

declare module "fastify" {
  interface FastifyInstance {
    lotseStaffAuth: StaffAuthState;
  }
}

/** Derives the staff signing key; separate from the seeker key so no token passes as the other. */
export function staffTokenKey(jwtSecret: string): string {
  return createHmac("sha256", jwtSecret).update("lotse-staff-token").digest("base64url");
}

/** Call once on the root app after registerAuth (it needs @fastify/jwt) and before the routes. */
export function registerStaffAuth(app: FastifyInstance, opts: { jwtSecret: string; ttlSeconds: number }): void {
  app.decorate("lotseStaffAuth", { key: staffTokenKey(opts.jwtSecret), ttlSeconds: opts.ttlSeconds });
}

export function signStaffToken(app: FastifyInstance, principal: StaffPrincipal): { token: string; expiresIn: number } {
  const { key, ttlSeconds } = app.lotseStaffAuth;
  const token = app.jwt.sign(
    { typ: STAFF_TOKEN_TYPE, cid: principal.counselorId, roles: principal.roles.map((r) => [r.role, r.agencyId]) },
    { key, expiresIn: ttlSeconds, aud: STAFF_AUDIENCE, sub: principal.userId, algorithm: "HS256" },
  );
  return { token, expiresIn: ttlSeconds };
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USER_ID_RE = /^@[^:\s]+:[A-Za-z0-9.:\-[\]]+$/;
const knownRoles: readonly string[] = [...agencyRoles, "platform_admin"];

function parseRoles(raw: unknown): StaffRole[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: StaffRole[] = [];
  for (const entry of raw) {
    if (!Array.isArray(entry) || entry.length !== 2) return undefined;
    const [role, agencyId] = entry as unknown[];
    if (typeof role !== "string" || !knownRoles.includes(role)) return undefined;
    if (role === "platform_admin") {
      if (agencyId !== null) return undefined;
    } else if (typeof agencyId !== "string" || !UUID_RE.test(agencyId)) {
      return undefined;
    }
    out.push({ role: role as Role, agencyId: agencyId as string | null });
  }
  return out;
}

/** Verifies a staff bearer token; 401 LOTSE_UNAUTHORIZED / LOTSE_TOKEN_EXPIRED otherwise. */
export async function requireStaff(request: FastifyRequest): Promise<StaffPrincipal> {
  const header = request.headers.authorization;
  const m = header === undefined ? null : /^Bearer\s+(\S+)$/i.exec(header);
  if (m === null) throw new ApiError(ErrCode.Unauthorized, "A bearer token is required.");
  const token = m[1]!;
  const { key } = request.server.lotseStaffAuth;
  let payload: Record<string, unknown>;
  try {
    payload = request.server.jwt.verify<Record<string, unknown>>(token, {
      key,
      algorithms: ["HS256"],
      allowedAud: STAFF_AUDIENCE,
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === "FST_JWT_AUTHORIZATION_TOKEN_EXPIRED" || code === "FAST_JWT_EXPIRED") {
      throw new ApiError(ErrCode.TokenExpired);
    }
    throw new ApiError(ErrCode.Unauthorized, "The token is not a valid staff token.");
  }
  const sub = payload["sub"];
  const cid = payload["cid"];
  const roles = parseRoles(payload["roles"]);
  if (
    payload["typ"] !== STAFF_TOKEN_TYPE ||
    typeof sub !== "string" ||
    !USER_ID_RE.test(sub) ||
    !(cid === null || (typeof cid === "string" && UUID_RE.test(cid))) ||
    roles === undefined
  ) {
    throw new ApiError(ErrCode.Unauthorized, "The token is not a valid staff token.");
  }
  return { userId: sub, counselorId: cid, roles };
}

export function isPlatformAdmin(principal: StaffPrincipal): boolean {
  return principal.roles.some((r) => r.role === "platform_admin");
}

/**
 * True when the principal holds one of `roles` in `agencyId` (any agency role when `roles` is
 * empty). Platform admins are NOT implied: callers that let them pass check isPlatformAdmin too.
 */
export function hasAgencyRole(principal: StaffPrincipal, agencyId: string, ...roles: Role[]): boolean {
  return principal.roles.some(
    (r) => r.agencyId === agencyId && r.role !== "platform_admin" && (roles.length === 0 || roles.includes(r.role)),
  );
}

/** Agency ids in which the principal holds one of `roles` (any agency role when empty). */
export function agencyIdsWithRole(principal: StaffPrincipal, ...roles: Role[]): string[] {
  const ids = new Set<string>();
  for (const r of principal.roles) {
    if (r.agencyId !== null && (roles.length === 0 || roles.includes(r.role))) ids.add(r.agencyId);
  }
  return [...ids];
}

/** 403 unless the principal may administer the agency (its agency admin, or a platform admin). */
export function assertCanAdministerAgency(principal: StaffPrincipal, agencyId: string): void {
  if (isPlatformAdmin(principal) || hasAgencyRole(principal, agencyId, "agency_admin")) return;
  throw new ApiError(ErrCode.Forbidden, "You do not administer this agency.");
}

export function assertPlatformAdmin(principal: StaffPrincipal): void {
  if (!isPlatformAdmin(principal)) throw new ApiError(ErrCode.Forbidden, "Platform admins only.");
}
