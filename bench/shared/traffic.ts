/**
 * Conversation traffic for the benches (`npm run bench:load`, `npm run chaos`): Matrix clients of
 * seekers and counselors long-polling /sync and sending events the size and shape of a Megolm
 * message, in real case rooms made the lotse way (the seeker registered through the API, its case
 * opened, the bridge makes the room, the case taken through the staff API, the counselor joins).
 * Everything is parametrised by the stack's addresses, tokens and database — no module state —
 * so each bench keeps its own accounting (hooks) on top. HTTP goes through `./net.ts`.
 */
import { randomBytes } from "node:crypto";
import { registerWithSharedSecret } from "../../scripts/src/matrixAdmin.ts";
import { randomLetters } from "../../test-support/src/pseudonyms.ts";
import type { LotseSql } from "../../store/src/index.ts";
import { http, sleep, until, type Answer } from "./net.ts";

export type Client = { userId: string; token: string; since?: string; rooms: Set<string> };
export type Conversation = { roomId: string; seeker: Client; counselor: Client };
/** Where a seeker opens its case: an agency, a topic it serves and a postcode in its range. */
export type Target = { id: string; topic: string; postcode: string };
export type ApiSeeker = { token: string; matrix: { userId: string; accessToken: string }; caseNumber: number };
/** The stack a bench talks to. */
export type Stack = { hs: string; apiUrl: string; sql: LotseSql };

const q = encodeURIComponent;
export const rand = (n: number) => randomBytes(n).toString("hex");
/** Letters only (the pseudonym rule), n of them: 26^10 names for n = 10, no collisions in a run. */
/** Random letters for pseudonyms: the tests' generator, which never spells "www", "ftp" or "http" (the pseudonym rule refuses those as links). */
export const letters = randomLetters;

export async function ok(what: string, a: Promise<Answer>, want = 200): Promise<any> {
  const r = await a;
  if (r.status !== want) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json).slice(0, 300)}`);
  return r.json;
}

// ---- the payload and the latency probe -----------------------------------------------------------
export const CIPHERTEXT_BYTES = 1200;
/** An `m.room.encrypted` content as Megolm makes it (1.2 KB of random ciphertext: the server sees
 * what it would see); the marker rides in `session_id`, opaque to the server like Megolm's. */
export function megolmContent(marker: string): Record<string, string> {
  return {
    algorithm: "m.megolm.v1.aes-sha2",
    ciphertext: randomBytes((CIPHERTEXT_BYTES * 3) / 4).toString("base64"),
    device_id: "LOADDEVICE",
    sender_key: randomBytes(32).toString("base64").replace(/=+$/u, ""),
    session_id: marker,
  };
}
/** The marker of a probe event, or undefined for any other event. */
export function markerOf(ev: any): string | undefined {
  return ev?.type === "m.room.encrypted" && typeof ev.content?.session_id === "string" ? (ev.content.session_id as string) : undefined;
}

export type Stats = { latencies: number[]; errors: number; sent: number };
/** Delivery latency from the start of a send until the other side's sync returns the event. */
export class LatencyProbe {
  readonly sentAt = new Map<string, number>();
  stats: Stats = { latencies: [], errors: 0, sent: 0 };
  reset(): void {
    this.stats = { latencies: [], errors: 0, sent: 0 };
    this.sentAt.clear();
  }
  started(marker: string): void {
    this.sentAt.set(marker, Date.now());
    this.stats.sent++;
  }
  failed(marker: string): void {
    this.stats.errors++;
    this.sentAt.delete(marker);
  }
  arrived(marker: string, now: number): void {
    const t = this.sentAt.get(marker);
    if (t !== undefined) {
      this.sentAt.delete(marker);
      this.stats.latencies.push(now - t);
    }
  }
  /** One send of a probe event, not retried (bench:load: a failure is an error of the step). */
  sender(hs: string): (from: Client, conv: Conversation) => Promise<void> {
    return async (from, conv) => {
      const marker = rand(16);
      const content = megolmContent(marker);
      this.started(marker);
      try {
        const r = await http("PUT", `${hs}/_matrix/client/v3/rooms/${q(conv.roomId)}/send/m.room.encrypted/${rand(8)}`, content, from.token);
        if (r.status !== 200) this.failed(marker);
      } catch {
        this.failed(marker);
      }
    };
  }
  /** Sync hooks that time the other side's probe events and count sync errors as bench:load does. */
  syncHooks(stopping: () => boolean, onInvite: (roomId: string) => void = () => undefined): SyncHooks {
    return {
      onInvite,
      onEvent: (c, _roomId, ev, now) => {
        const marker = markerOf(ev);
        if (marker !== undefined && ev.sender !== c.userId) this.arrived(marker, now);
      },
      onError: (_c, _attempt, status) => {
        if (status !== undefined) {
          this.stats.errors++;
          return 1000;
        }
        if (!stopping()) this.stats.errors++;
        return 0;
      },
    };
  }
}

// ---- /sync --------------------------------------------------------------------------------------
export type SyncHooks = {
  /** Each room the client is invited to (every sync that lists it). */
  onInvite?: (roomId: string) => void;
  /** Each timeline event of a joined room, with the moment the sync answer arrived. */
  onEvent?: (c: Client, roomId: string, ev: any, now: number) => void;
  /** A sync answered with an error (`status`) or not at all (undefined); `attempt` counts the
   * failures in a row from 0. Returns how long to wait before the next try, in ms. The next try
   * keeps the same `since` (a real client's resumption). */
  onError: (c: Client, attempt: number, status: number | undefined) => number;
};
const SYNC_FILTER = JSON.stringify({ presence: { types: [] }, account_data: { types: [] }, room: { timeline: { limit: 50 }, state: { lazy_load_members: true }, ephemeral: { types: [] } } });

/** Long-polls /sync until `stopping()`; never throws. */
export async function syncLoop(hs: string, c: Client, hooks: SyncHooks, stopping: () => boolean): Promise<void> {
  let failures = 0;
  while (!stopping()) {
    let wait = 0;
    try {
      const url = `${hs}/_matrix/client/v3/sync?timeout=30000&filter=${q(SYNC_FILTER)}${c.since ? `&since=${q(c.since)}` : ""}`;
      const r = await http("GET", url, undefined, c.token, 90_000);
      if (r.status !== 200) {
        wait = hooks.onError(c, failures++, r.status);
      } else {
        failures = 0;
        const now = Date.now();
        c.since = r.json.next_batch;
        for (const roomId of Object.keys(r.json.rooms?.invite ?? {})) hooks.onInvite?.(roomId);
        for (const [roomId, room] of Object.entries<any>(r.json.rooms?.join ?? {})) {
          c.rooms.add(roomId);
          for (const ev of room.timeline?.events ?? []) hooks.onEvent?.(c, roomId, ev, now);
        }
      }
    } catch {
      wait = hooks.onError(c, failures++, undefined);
    }
    if (wait > 0) await sleep(wait);
  }
}

// ---- conversations --------------------------------------------------------------------------------
/** Both sides send with `send` every `messageS` seconds (± 50 % jitter, the first after a random
 * part of it) while `isActive()`; resolves when both have stopped. */
export function startConversation(
  conv: Conversation,
  opts: { messageS: number; isActive: () => boolean; send: (from: Client, conv: Conversation) => Promise<void> },
): Promise<void> {
  const side = async (from: Client) => {
    await sleep(Math.random() * opts.messageS * 1000);
    while (opts.isActive()) {
      await opts.send(from, conv);
      await sleep(opts.messageS * 1000 * (0.5 + Math.random()));
    }
  };
  return Promise.all([side(conv.seeker), side(conv.counselor)]).then(() => undefined);
}

/** Joining what a client is invited to (the take's invite, the bare room's invite), as clients do. */
export function autoJoin(hs: string, c: Client): (roomId: string) => void {
  return (roomId) => {
    void http("POST", `${hs}/_matrix/client/v3/join/${q(roomId)}`, {}, c.token).catch(() => undefined);
  };
}
export async function joinedBy(hs: string, c: Client, roomId: string): Promise<void> {
  await until(`${c.userId} in ${roomId}`, async () => {
    const r = await http("GET", `${hs}/_matrix/client/v3/rooms/${q(roomId)}/joined_members`, undefined, c.token);
    return r.status === 200 && r.json.joined?.[c.userId] ? true : undefined;
  }, 600_000, 500);
}
export async function joinRoom(hs: string, c: Client, roomId: string): Promise<void> {
  await until(`${c.userId} joins ${roomId}`, async () => {
    const r = await http("POST", `${hs}/_matrix/client/v3/join/${q(roomId)}`, {}, c.token);
    return r.status === 200 ? true : undefined;
  }, 600_000, 500);
}

/** A seeker through the API: registration, Matrix session, a case at `target` (the bridge makes its room). */
export async function apiSeeker(apiUrl: string, target: Target, namePrefix = "Last"): Promise<ApiSeeker> {
  const username = `${namePrefix} ${letters(10)}`;
  const password = rand(12);
  const reg = await ok("register", http("POST", `${apiUrl}/v1/seekers`, { username, password, topic: target.topic, postcode: target.postcode }), 201);
  const token = reg.token as string;
  const session = await ok("matrix session", http("POST", `${apiUrl}/v1/matrix/session`, {}, token));
  const opened = await ok("open case", http("POST", `${apiUrl}/v1/cases`, { topic: target.topic, agencyId: target.id }, token), 201);
  return { token, matrix: { userId: session.userId, accessToken: session.accessToken }, caseNumber: opened.caseNumber };
}

/** A counselor of `agencyId` made for a bench: a Synapse user (shared-secret registration), a
 * counselor row with the membership, signed in on Matrix and in the staff API (OpenID). */
export async function makeCounselor(
  stack: Stack,
  opts: { sharedSecret: string; serverName: string; localpart: string; displayName: string; agencyId: string },
): Promise<{ client: Client; staffToken: string }> {
  const { hs, apiUrl, sql } = stack;
  const password = rand(16);
  await registerWithSharedSecret({ homeserverUrl: hs, sharedSecret: opts.sharedSecret, localpart: opts.localpart, password, displayName: opts.displayName });
  const userId = `@${opts.localpart}:${opts.serverName}`;
  await sql.begin(async (tx) => {
    const [c] = await tx<{ id: string }[]>`insert into counselors (matrix_user_id, display_name) values (${userId}, ${opts.displayName}) returning id`;
    await tx`insert into agency_memberships (agency_id, counselor_id, role) values (${opts.agencyId}, ${c!.id}, 'counselor')`;
  });
  const login = await ok("counselor login", http("POST", `${hs}/_matrix/client/v3/login`, { type: "m.login.password", identifier: { type: "m.id.user", user: userId }, password }));
  const client: Client = { userId, token: login.access_token as string, rooms: new Set() };
  const openid = await ok("openid", http("POST", `${hs}/_matrix/client/v3/user/${q(userId)}/openid/request_token`, {}, login.access_token));
  const staff = await ok("staff sign-in", http("POST", `${apiUrl}/v1/auth/matrix`, openid));
  return { client, staffToken: staff.token as string };
}

/** A lotse conversation: the seeker registered through the API opens a case at `target`, the
 * bridge makes the room, `counselor` takes the case through the staff API and joins; the seeker's
 * client is started with `startSync` (its invitation hook joins the room) and both are in. */
export async function openLotseConversation(
  stack: Stack,
  opts: { counselor: Client; staffToken: string; target: Target; startSync: (seeker: Client, onInvite: (roomId: string) => void) => void; namePrefix?: string },
): Promise<Conversation> {
  const { hs, apiUrl, sql } = stack;
  const s = await apiSeeker(apiUrl, opts.target, opts.namePrefix);
  await ok("take", http("POST", `${apiUrl}/v1/staff/cases/${s.caseNumber}/take`, {}, opts.staffToken));
  const roomId = await until("the case room", async () => {
    const [row] = await sql<{ room_id: string | null }[]>`select room_id from cases where case_number = ${s.caseNumber}`;
    return row?.room_id ?? undefined;
  }, 600_000, 500);
  const seeker: Client = { userId: s.matrix.userId, token: s.matrix.accessToken, rooms: new Set() };
  opts.startSync(seeker, autoJoin(hs, seeker));
  await joinedBy(hs, seeker, roomId);
  await joinRoom(hs, opts.counselor, roomId);
  await joinedBy(hs, opts.counselor, roomId);
  return { roomId, seeker, counselor: opts.counselor };
}

/** Every event of a room the client can read, newest first (/messages backwards to the start). */
export async function roomHistory(hs: string, token: string, roomId: string): Promise<any[]> {
  const out: any[] = [];
  let from: string | undefined;
  for (;;) {
    const params = new URLSearchParams({ dir: "b", limit: "1000", ...(from ? { from } : {}) });
    const r = await http("GET", `${hs}/_matrix/client/v3/rooms/${q(roomId)}/messages?${params}`, undefined, token);
    if (r.status !== 200) throw new Error(`messages: ${r.status}`);
    out.push(...(r.json.chunk as any[]));
    if (!r.json.end || r.json.chunk.length === 0) return out;
    from = r.json.end;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
