// The few client-server API calls the bridge makes about room structure, as one small interface.
// Job handlers depend on the interface; `BotSdkMatrixRoomApi` implements it over the appservice
// bot's matrix-bot-sdk client (AS token, no impersonation: the bot itself acts). Errors are the
// SDK's own (MatrixError with errcode/statusCode, or network errors) so that jobErrors.ts can
// classify them.
import type { CreateRoomBody } from "@lotse/policies";
import { MatrixClient } from "matrix-bot-sdk";

export type Membership = "invite" | "join" | "leave" | "ban" | "knock";

export interface MatrixRoomApi {
  readonly botUserId: string;
  /** Registers a user in the appservice namespace; an existing user is fine. */
  ensureUserRegistered(localpart: string): Promise<void>;
  /** One createRoom request; resolves to the new room id. */
  createRoom(body: CreateRoomBody | (Omit<CreateRoomBody, "preset"> & { preset: string })): Promise<string>;
  /** The room id an alias points to. Rejects (M_NOT_FOUND) when the alias does not exist. */
  resolveAlias(alias: string): Promise<string>;
  /**
   * Removes an alias of the appservice's exclusive namespace (a half-made room's, so that the
   * room can be made again). Optional so test fakes need not have it.
   */
  deleteAlias?(alias: string): Promise<void>;
  /** Content of a state event, or undefined when the room has none of that type/key. */
  getStateContent(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined>;
  /** Current membership of every user the room knows (user id → membership). */
  getMemberships(roomId: string): Promise<Map<string, Membership>>;
  invite(roomId: string, userId: string): Promise<void>;
  /** Removes a member or withdraws an invitation, with a reason members see. */
  kick(roomId: string, userId: string, reason: string): Promise<void>;
  sendState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<void>;
  /**
   * Sends an event with a caller-chosen transaction id: the homeserver answers a repeated
   * (roomId, txnId) with the first event instead of sending a second one.
   */
  sendEvent(roomId: string, type: string, txnId: string, content: Record<string, unknown>): Promise<string>;
  joinRoom(roomId: string): Promise<void>;
  leaveRoom(roomId: string, reason?: string): Promise<void>;
  /**
   * The same calls made as a user of the appservice's namespace (`?user_id=` masquerading), e.g.
   * to take a seeker out of a room (guard/SeekerGuard.ts). Optional so test fakes need not have it.
   */
  asUser?(userId: string): MatrixRoomApi;
  /** Sets the (impersonated) user's global display name and removes any avatar (seekers' names, issue 17). */
  resetProfile?(displayName: string): Promise<void>;
  /** Sender of the room's m.room.create event (its creator); undefined when the caller cannot see it. */
  roomCreator?(roomId: string): Promise<string | undefined>;
}

/** The Matrix `errcode` of a failed call, if it has one. */
export function errcodeOf(err: unknown): string | undefined {
  if (typeof err === "object" && err !== null && "errcode" in err) {
    const code = (err as { errcode: unknown }).errcode;
    return typeof code === "string" ? code : undefined;
  }
  return undefined;
}

export class BotSdkMatrixRoomApi implements MatrixRoomApi {
  readonly botUserId: string;
  private readonly client: MatrixClient;
  // Users known to exist. Only a cache: registering again answers M_USER_IN_USE, which is fine,
  // so losing it on restart costs one request per seeker.
  private readonly registered = new Set<string>();

  constructor(client: MatrixClient, botUserId: string) {
    this.client = client;
    this.botUserId = botUserId;
  }

  async ensureUserRegistered(localpart: string): Promise<void> {
    if (this.registered.has(localpart)) return;
    try {
      await this.client.doRequest("POST", "/_matrix/client/v3/register", null, {
        type: "m.login.application_service",
        username: localpart,
        inhibit_login: true,
      });
    } catch (err) {
      if (errcodeOf(err) !== "M_USER_IN_USE") throw err;
    }
    if (this.registered.size > 100_000) this.registered.clear();
    this.registered.add(localpart);
  }

  async createRoom(body: CreateRoomBody | (Omit<CreateRoomBody, "preset"> & { preset: string })): Promise<string> {
    const res = (await this.client.doRequest("POST", "/_matrix/client/v3/createRoom", null, body)) as {
      room_id?: unknown;
    };
    if (typeof res.room_id !== "string") throw new Error("createRoom answered without a room_id");
    return res.room_id;
  }

  async resolveAlias(alias: string): Promise<string> {
    const res = (await this.client.doRequest(
      "GET",
      `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`,
    )) as { room_id?: unknown };
    if (typeof res.room_id !== "string") throw new Error("alias lookup answered without a room_id");
    return res.room_id;
  }

  async deleteAlias(alias: string): Promise<void> {
    try {
      await this.client.doRequest("DELETE", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
    } catch (err) {
      if (errcodeOf(err) !== "M_NOT_FOUND") throw err;
    }
  }

  async getStateContent(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.client.doRequest(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
      )) as Record<string, unknown>;
    } catch (err) {
      if (errcodeOf(err) === "M_NOT_FOUND") return undefined;
      throw err;
    }
  }

  async getMemberships(roomId: string): Promise<Map<string, Membership>> {
    const res = (await this.client.doRequest(
      "GET",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/members`,
    )) as { chunk?: { state_key?: unknown; content?: { membership?: unknown } }[] };
    const out = new Map<string, Membership>();
    for (const ev of res.chunk ?? []) {
      const membership = ev.content?.membership;
      if (typeof ev.state_key === "string" && typeof membership === "string") {
        out.set(ev.state_key, membership as Membership);
      }
    }
    return out;
  }

  async kick(roomId: string, userId: string, reason: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/kick`, null, {
      user_id: userId,
      reason,
    });
  }

  async sendState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<void> {
    await this.client.doRequest(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/${encodeURIComponent(type)}/${encodeURIComponent(stateKey)}`,
      null,
      content,
    );
  }

  async sendEvent(roomId: string, type: string, txnId: string, content: Record<string, unknown>): Promise<string> {
    const res = (await this.client.doRequest(
      "PUT",
      `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/${encodeURIComponent(type)}/${encodeURIComponent(txnId)}`,
      null,
      content,
    )) as { event_id?: unknown };
    return typeof res.event_id === "string" ? res.event_id : "";
  }

  async joinRoom(roomId: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, null, {});
  }

  async leaveRoom(roomId: string, reason?: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/leave`, null, reason ? { reason } : {});
  }

  async resetProfile(displayName: string): Promise<void> {
    const u = encodeURIComponent(await this.client.getUserId());
    await this.client.doRequest("PUT", `/_matrix/client/v3/profile/${u}/avatar_url`, null, { avatar_url: "" });
    await this.client.doRequest("PUT", `/_matrix/client/v3/profile/${u}/displayname`, null, { displayname: displayName });
  }

  asUser(userId: string): MatrixRoomApi {
    // A client of its own with the same AS token: the SDK adds ?user_id= to every request.
    const client = new MatrixClient(this.client.homeserverUrl, this.client.accessToken);
    client.impersonateUserId(userId);
    return new BotSdkMatrixRoomApi(client, this.botUserId);
  }

  async roomCreator(roomId: string): Promise<string | undefined> {
    try {
      const ev = (await this.client.doRequest(
        "GET",
        `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.create/`,
        { format: "event" },
      )) as { sender?: unknown };
      return typeof ev.sender === "string" ? ev.sender : undefined;
    } catch (err) {
      const code = errcodeOf(err);
      if (code === "M_NOT_FOUND" || code === "M_FORBIDDEN") return undefined;
      throw err;
    }
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/invite`, null, {
      user_id: userId,
    });
  }
}
