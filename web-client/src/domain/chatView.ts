// How a conversation is laid out: a separator before the first message of every day, and the
// "new messages" marker before the first message the seeker has not seen.
import type { ChatMessage } from "./chat.ts";

export type ChatItem =
  | { kind: "day"; label: string }
  | { kind: "unread" }
  | { kind: "message"; message: ChatMessage };

export function withSeparators(
  messages: ChatMessage[],
  unreadKey: string | null,
  formatDay: (ts: number) => string,
): ChatItem[] {
  const items: ChatItem[] = [];
  let day = "";
  for (const message of messages) {
    const label = formatDay(message.ts);
    if (label !== day) {
      items.push({ kind: "day", label });
      day = label;
    }
    if (message.key === unreadKey) items.push({ kind: "unread" });
    items.push({ kind: "message", message });
  }
  return items;
}
