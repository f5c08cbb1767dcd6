// Staff fixtures for the auth/admin/CSV tests: real Matrix accounts on the test Synapse with an
// OpenID token, counselors and memberships in the database, and staff tokens minted by the app.
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { registerWithSharedSecret } from "../../scripts/src/matrixAdmin.ts";
import type { TestStackInfo } from "../../scripts/src/testStackTypes.ts";
import type { DbHandle } from "@lotse/store";
import { signStaffToken, type StaffPrincipal } from "../src/plugins/staffAuth.ts";

export type OpenIdToken = { access_token: string; token_type: string; matrix_server_name: string; expires_in: number };

/** Registers a fresh Matrix user on the test Synapse and logs in; returns user id and access token. */
export async function matrixUser(s: TestStackInfo, prefix = "staff"): Promise<{ userId: string; accessToken: string }> {
  const localpart = `${prefix}_${randomBytes(5).toString("hex")}`;
  const password = randomBytes(12).toString("base64url");
  await registerWithSharedSecret({
    homeserverUrl: s.homeserverUrl,
    sharedSecret: s.registrationSharedSecret,
    localpart,
    password,
    displayName: localpart,
  });
  const res = await fetch(`${s.homeserverUrl}/_matrix/client/v3/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ type: "m.login.password", identifier: { type: "m.id.user", user: localpart }, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status}`);
  const body = (await res.json()) as { user_id: string; access_token: string };
  return { userId: body.user_id, accessToken: body.access_token };
}

/** What a Matrix client sends: the OpenID token object exactly as the homeserver returned it. */
export async function requestOpenIdToken(s: TestStackInfo, user: { userId: string; accessToken: string }): Promise<OpenIdToken> {
  const res = await fetch(`${s.homeserverUrl}/_matrix/client/v3/user/${encodeURIComponent(user.userId)}/openid/request_token`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${user.accessToken}` },
    body: "{}",
  });
  if (!res.ok) throw new Error(`openid request_token failed: ${res.status}`);
  return (await res.json()) as OpenIdToken;
}

export async function insertAgency(db: DbHandle, name = `Admintest ${randomUUID()}`): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`insert into agencies (name, city) values (${name}, 'Teststadt') returning id`;
  return row!.id;
}

export async function insertCounselor(db: DbHandle, userId: string, memberships: { agencyId: string; role: string }[]): Promise<string> {
  const [row] = await db.sql<{ id: string }[]>`
    insert into counselors (matrix_user_id, display_name) values (${userId}, ${userId.slice(1, 12)})
    on conflict (matrix_user_id) do update set display_name = excluded.display_name returning id`;
  for (const m of memberships) {
    await db.sql`insert into agency_memberships (agency_id, counselor_id, role) values (${m.agencyId}, ${row!.id}, ${m.role}) on conflict do nothing`;
  }
  return row!.id;
}

/** A staff token as the API would issue it for this principal. */
export function staffToken(app: FastifyInstance, p: Partial<StaffPrincipal> & { roles: StaffPrincipal["roles"] }): string {
  return signStaffToken(app, {
    userId: p.userId ?? `@t_${randomBytes(4).toString("hex")}:localhost`,
    counselorId: p.counselorId ?? null,
    roles: p.roles,
  }).token;
}

/**
 * Test hygiene for the shared test database: agencies a test file created get soft-deleted and
 * their pending outbox jobs dropped, so that a bridge started by a later test file does not spend
 * its time creating pool rooms for them (it creates one for every live agency without one).
 */
export async function retireAgenciesCreatedSince(db: DbHandle, since: Date, keep: readonly string[] = []): Promise<void> {
  const rows = await db.sql<{ id: string }[]>`select id from agencies where created_at >= ${since.toISOString()}::timestamptz`;
  const ids = rows.map((r) => r.id).filter((id) => !keep.includes(id));
  if (ids.length === 0) return;
  await db.sql`update agencies set deleted_at = now() where id = any(${ids}::uuid[]) and deleted_at is null`;
  await db.sql`delete from room_jobs where status = 'pending' and payload->>'agencyId' = any(${ids}::text[])`;
}
