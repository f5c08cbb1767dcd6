// Operator-side Matrix actions the local stack needs: registering counselor accounts with
// Synapse's shared-secret admin API (registration is otherwise closed).
import { createHmac } from "node:crypto";

export class MatrixHttpError extends Error {
  readonly status: number;
  readonly errcode: string | undefined;
  constructor(what: string, status: number, body: { errcode?: string; error?: string }) {
    super(`${what}: ${status} ${body.errcode ?? ""} ${body.error ?? ""}`.trim());
    this.name = "MatrixHttpError";
    this.status = status;
    this.errcode = body.errcode;
  }
}

/** Registers a normal (non-admin) user; returns false when the user already exists. */
export async function registerWithSharedSecret(opts: {
  homeserverUrl: string;
  sharedSecret: string;
  localpart: string;
  password: string;
  displayName: string;
}): Promise<boolean> {
  const endpoint = `${opts.homeserverUrl}/_synapse/admin/v1/register`;
  const nonceRes = await fetch(endpoint);
  const { nonce } = (await nonceRes.json()) as { nonce: string };
  const mac = createHmac("sha1", opts.sharedSecret)
    .update(`${nonce}\0${opts.localpart}\0${opts.password}\0notadmin`)
    .digest("hex");
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      nonce,
      username: opts.localpart,
      password: opts.password,
      displayname: opts.displayName,
      admin: false,
      mac,
    }),
  });
  if (res.ok) return true;
  const body = (await res.json().catch(() => ({}))) as { errcode?: string; error?: string };
  if (body.errcode === "M_USER_IN_USE") return false;
  throw new MatrixHttpError(`register ${opts.localpart}`, res.status, body);
}

/**
 * Registers a Synapse server admin with the shared secret and returns its access token (the live
 * chat's erasure deletes rooms through the admin API: LOTSE_SYNAPSE_ADMIN_TOKEN).
 */
export async function registerAdminWithSharedSecret(opts: { homeserverUrl: string; sharedSecret: string; localpart: string; password: string }): Promise<string> {
  const endpoint = `${opts.homeserverUrl}/_synapse/admin/v1/register`;
  const { nonce } = (await (await fetch(endpoint)).json()) as { nonce: string };
  const mac = createHmac("sha1", opts.sharedSecret).update(`${nonce}\0${opts.localpart}\0${opts.password}\0admin`).digest("hex");
  const res = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ nonce, username: opts.localpart, password: opts.password, admin: true, mac }),
  });
  const body = (await res.json().catch(() => ({}))) as { access_token?: string; errcode?: string; error?: string };
  if (!res.ok || typeof body.access_token !== "string") throw new MatrixHttpError(`register admin ${opts.localpart}`, res.status, body);
  return body.access_token;
}
