// The Synapse admin API calls the retention clean-up and the seeker's erasure need: deleting a
// case room with its whole history, and deleting everything a seeker uploaded. Needs a server admin's access token (LOTSE_SYNAPSE_ADMIN_TOKEN); the appservice token
// is not an admin token.
//
// Why the room delete API (DELETE /_synapse/admin/v2/rooms/<id> with purge) rather than only
// POST /_synapse/admin/v1/purge_history: purge_history keeps the room's state and its latest
// event; the delete API removes every member and purges all events and state of the room from
// Synapse's database. Both run in the background; we wait for the outcome.

export type SynapseAdminOptions = { baseUrl: string; adminToken: string; timeoutMs: number; pollMs?: number; maxWaitMs?: number };

export class SynapseAdmin {
  readonly #o: Required<SynapseAdminOptions>;
  constructor(o: SynapseAdminOptions) {
    this.#o = { pollMs: 500, maxWaitMs: 120_000, ...o, baseUrl: o.baseUrl.replace(/\/+$/, "") };
  }

  async #call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await fetch(`${this.#o.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.#o.adminToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(this.#o.timeoutMs),
    });
    const parsed = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    return { status: res.status, body: parsed };
  }

  /**
   * Deletes every file the user uploaded (DELETE /_synapse/admin/v1/users/<id>/media, which
   * takes a page at a time: repeated until nothing is left). Returns how many were deleted; 0
   * for a user the homeserver does not know.
   */
  async deleteUserMedia(userId: string): Promise<number> {
    let deleted = 0;
    for (let round = 0; round < 1000; round++) {
      const r = await this.#call("DELETE", `/_synapse/admin/v1/users/${encodeURIComponent(userId)}/media?limit=100`);
      if (r.status === 404) return deleted;
      if (r.status !== 200) throw new Error(`user media delete answered ${r.status} ${String(r.body["errcode"] ?? "")}`);
      const page = Array.isArray(r.body["deleted_media"]) ? r.body["deleted_media"].length : 0;
      deleted += page;
      if (page === 0) return deleted;
    }
    throw new Error("user media delete did not finish");
  }

  /** Removes the room: members kicked, all events and state purged. "gone" if Synapse does not know it. */
  async purgeRoom(roomId: string): Promise<"purged" | "gone"> {
    const r = await this.#call("DELETE", `/_synapse/admin/v2/rooms/${encodeURIComponent(roomId)}`, { purge: true, block: false, force_purge: true });
    if (r.status === 404) return "gone";
    if (r.status === 400 && String(r.body["error"] ?? "").toLowerCase().includes("unknown room")) return "gone";
    const deleteId = r.body["delete_id"];
    if (r.status !== 200 || typeof deleteId !== "string") throw new Error(`room delete answered ${r.status} ${String(r.body["errcode"] ?? "")}`);
    const deadline = Date.now() + this.#o.maxWaitMs;
    for (;;) {
      const s = await this.#call("GET", `/_synapse/admin/v2/rooms/delete_status/${encodeURIComponent(deleteId)}`);
      const status = s.body["status"];
      if (status === "complete") return "purged";
      if (status === "failed") throw new Error("room delete failed on the homeserver");
      if (Date.now() > deadline) throw new Error("room delete did not finish in time");
      await new Promise((res) => setTimeout(res, this.#o.pollMs));
    }
  }
}
