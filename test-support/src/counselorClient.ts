// A counselor in an ordinary Matrix client (matrix-js-sdk with Rust crypto, from tests/src), typing
// commands as plain messages in the unencrypted pool room or a DM with the bot, and reading the
// bot's replies from the timeline.
import { passwordLogin, startE2eeClient, stopClient, until } from "./matrixClient.ts";

// Types by inference: matrix-js-sdk is a dependency of tests/, not of the bridge.
type MatrixClient = Awaited<ReturnType<typeof startE2eeClient>>;
type MatrixEvent = ReturnType<ReturnType<NonNullable<ReturnType<MatrixClient["getRoom"]>>["getLiveTimeline"]>["getEvents"]>[number];

export type Counselor = { userId: string; client: MatrixClient };

export async function signIn(homeserverUrl: string, userId: string, password: string): Promise<Counselor> {
  const client = await startE2eeClient(await passwordLogin(homeserverUrl, userId, password));
  return { userId, client };
}

export async function signOut(c: Counselor): Promise<void> {
  await stopClient(c.client);
}

/** Accepts the invitation to an (unencrypted) room once it arrives. */
export async function joinWhenInvited(c: Counselor, roomId: string): Promise<void> {
  await until(`invite to ${roomId} for ${c.userId}`, () => (c.client.getRoom(roomId)?.getMyMembership() === "invite" ? true : undefined), 60_000);
  await c.client.joinRoom(roomId);
  await until(`joined ${roomId}`, () => (c.client.getRoom(roomId)?.getMyMembership() === "join" ? true : undefined));
}

export async function say(c: Counselor, roomId: string, body: string): Promise<string> {
  const res = await c.client.sendMessage(roomId, { msgtype: "m.text", body } as never);
  return res.event_id;
}

/** The events of a room the client has seen (its live timeline). */
export function timeline(c: Counselor, roomId: string): MatrixEvent[] {
  return c.client.getRoom(roomId)?.getLiveTimeline().getEvents() ?? [];
}

/** The bot's reply to one event (an m.notice that replies to it). */
export async function replyTo(c: Counselor, roomId: string, eventId: string, timeoutMs = 60_000): Promise<string> {
  return until(
    `the bot's reply to ${eventId}`,
    () => {
      const hit = timeline(c, roomId).find((e) => {
        const content = e.getContent() as { msgtype?: string; "m.relates_to"?: { "m.in_reply_to"?: { event_id?: string } } };
        return content.msgtype === "m.notice" && content["m.relates_to"]?.["m.in_reply_to"]?.event_id === eventId;
      });
      return hit ? String(hit.getContent().body) : undefined;
    },
    timeoutMs,
  );
}

/** All replies to one event seen so far (to prove a command was answered once). */
export function repliesTo(c: Counselor, roomId: string, eventId: string): string[] {
  return timeline(c, roomId)
    .filter((e) => (e.getContent() as { "m.relates_to"?: { "m.in_reply_to"?: { event_id?: string } } })["m.relates_to"]?.["m.in_reply_to"]?.event_id === eventId)
    .map((e) => String(e.getContent().body));
}

/** A notice from the bot matching `match`. */
export async function notice(c: Counselor, roomId: string, match: (body: string) => boolean, timeoutMs = 60_000): Promise<string> {
  return until(
    `a notice in ${roomId}`,
    () => {
      const hit = timeline(c, roomId).find((e) => e.getContent().msgtype === "m.notice" && match(String(e.getContent().body)));
      return hit ? String(hit.getContent().body) : undefined;
    },
    timeoutMs,
  );
}
