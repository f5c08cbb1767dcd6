// The Matrix calls moderation makes, as the bot (the creator of every platform room, so its power
// is absolute there). A small interface of its own so the room job API stays as it is.
import { noticeContent } from "@lotse/policies";
import type { MatrixClient } from "matrix-bot-sdk";

export type MemberEvent = { userId: string; membership: string; reason: string | undefined; sender: string | undefined };

export interface ModerationMatrix {
  readonly botUserId: string;
  stateContent(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined>;
  /** All current state events of one type in a room (e.g. every m.policy.rule.user). */
  stateOfType(roomId: string, type: string): Promise<{ stateKey: string; content: Record<string, unknown> }[]>;
  setState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<void>;
  members(roomId: string): Promise<MemberEvent[]>;
  joinedRooms(): Promise<string[]>;
  resolveAlias(alias: string): Promise<string | undefined>;
  kick(roomId: string, userId: string, reason: string): Promise<void>;
  ban(roomId: string, userId: string, reason: string): Promise<void>;
  unban(roomId: string, userId: string, reason: string): Promise<void>;
  invite(roomId: string, userId: string): Promise<void>;
  redact(roomId: string, eventId: string, txnId: string, reason: string): Promise<void>;
  notice(roomId: string, txnId: string, body: string, inReplyTo?: string): Promise<void>;
  createRoom(body: Record<string, unknown>): Promise<string>;
}

function errcodeOf(err: unknown): string | undefined {
  const code = typeof err === "object" && err !== null ? (err as { errcode?: unknown }).errcode : undefined;
  return typeof code === "string" ? code : undefined;
}

const r = encodeURIComponent;

export class BotSdkModerationMatrix implements ModerationMatrix {
  readonly botUserId: string;
  private readonly client: MatrixClient;

  constructor(client: MatrixClient, botUserId: string) {
    this.client = client;
    this.botUserId = botUserId;
  }

  async stateContent(roomId: string, type: string, stateKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      return (await this.client.doRequest("GET", `/_matrix/client/v3/rooms/${r(roomId)}/state/${r(type)}/${r(stateKey)}`)) as Record<string, unknown>;
    } catch (err) {
      if (errcodeOf(err) === "M_NOT_FOUND") return undefined;
      throw err;
    }
  }

  async stateOfType(roomId: string, type: string) {
    const all = (await this.client.doRequest("GET", `/_matrix/client/v3/rooms/${r(roomId)}/state`)) as { type?: unknown; state_key?: unknown; content?: unknown }[];
    return all
      .filter((e) => e.type === type && typeof e.state_key === "string")
      .map((e) => ({ stateKey: e.state_key as string, content: (e.content ?? {}) as Record<string, unknown> }));
  }

  async setState(roomId: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<void> {
    await this.client.doRequest("PUT", `/_matrix/client/v3/rooms/${r(roomId)}/state/${r(type)}/${r(stateKey)}`, null, content);
  }

  async members(roomId: string): Promise<MemberEvent[]> {
    const res = (await this.client.doRequest("GET", `/_matrix/client/v3/rooms/${r(roomId)}/members`)) as {
      chunk?: { state_key?: unknown; sender?: unknown; content?: { membership?: unknown; reason?: unknown } }[];
    };
    return (res.chunk ?? [])
      .filter((e) => typeof e.state_key === "string" && typeof e.content?.membership === "string")
      .map((e) => ({
        userId: e.state_key as string,
        membership: e.content!.membership as string,
        reason: typeof e.content!.reason === "string" ? e.content!.reason : undefined,
        sender: typeof e.sender === "string" ? e.sender : undefined,
      }));
  }

  async joinedRooms(): Promise<string[]> {
    const res = (await this.client.doRequest("GET", "/_matrix/client/v3/joined_rooms")) as { joined_rooms?: unknown };
    return Array.isArray(res.joined_rooms) ? res.joined_rooms.filter((x): x is string => typeof x === "string") : [];
  }

  async resolveAlias(alias: string): Promise<string | undefined> {
    try {
      const res = (await this.client.doRequest("GET", `/_matrix/client/v3/directory/room/${r(alias)}`)) as { room_id?: unknown };
      return typeof res.room_id === "string" ? res.room_id : undefined;
    } catch (err) {
      if (errcodeOf(err) === "M_NOT_FOUND") return undefined;
      throw err;
    }
  }

  async kick(roomId: string, userId: string, reason: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${r(roomId)}/kick`, null, { user_id: userId, reason });
  }

  async ban(roomId: string, userId: string, reason: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${r(roomId)}/ban`, null, { user_id: userId, reason });
  }

  async unban(roomId: string, userId: string, reason: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${r(roomId)}/unban`, null, { user_id: userId, reason });
  }

  async invite(roomId: string, userId: string): Promise<void> {
    await this.client.doRequest("POST", `/_matrix/client/v3/rooms/${r(roomId)}/invite`, null, { user_id: userId });
  }

  async redact(roomId: string, eventId: string, txnId: string, reason: string): Promise<void> {
    await this.client.doRequest("PUT", `/_matrix/client/v3/rooms/${r(roomId)}/redact/${r(eventId)}/${r(txnId)}`, null, reason ? { reason } : {});
  }

  /** `body` is bot markup (a catalogue text): sent with a plain body and an HTML formatted_body. */
  async notice(roomId: string, txnId: string, body: string, inReplyTo?: string): Promise<void> {
    const content: Record<string, unknown> = { ...noticeContent(body) };
    if (inReplyTo) content["m.relates_to"] = { "m.in_reply_to": { event_id: inReplyTo } };
    await this.client.doRequest("PUT", `/_matrix/client/v3/rooms/${r(roomId)}/send/m.room.message/${r(txnId)}`, null, content);
  }

  async createRoom(body: Record<string, unknown>): Promise<string> {
    const res = (await this.client.doRequest("POST", "/_matrix/client/v3/createRoom", null, body)) as { room_id?: unknown };
    if (typeof res.room_id !== "string") throw new Error("createRoom answered without a room_id");
    return res.room_id;
  }
}
