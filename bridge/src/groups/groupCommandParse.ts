// Parsing of the group commands counselors type in their pool room or command chat. Pure.
//
//   !groups                                                        the groups I moderate
//   !group create <YYYY-MM-DDTHH:MM> <minutes> <max> <once|weekly> <topic> <title…>
//                                                                  (time in Europe/Berlin; encrypted)
//   !whisper <group> <pseudonym>                                   open a whisper room with a participant
//   !endwhisper <group> <pseudonym>                                end it
//   !expert <group> <counselor>                                    expert for the running / next session
import { defaultGroupPolicy, instantOfWallTime } from "@lotse/policies";

export type GroupCommand =
  | { kind: "groups" }
  | { kind: "group_create"; startsAt: Date; durationMinutes: number; maxParticipants: number; repeatWeekly: boolean; topicId: string; title: string }
  | { kind: "whisper"; group: string; pseudonym: string }
  | { kind: "endwhisper"; group: string; pseudonym: string }
  | { kind: "expert"; group: string; counselor: string };

export type GroupCommandParse = { ok: true; command: GroupCommand } | { ok: false; reply: string };

export const groupCommandUsage = {
  groups: "!groups — the groups you moderate",
  group_create: "!group create <YYYY-MM-DDTHH:MM> <minutes> <max participants> <once|weekly> <topic> <title> — a new group (time in Berlin)",
  whisper: "!whisper <group> <pseudonym> — a private whisper room with a participant",
  endwhisper: "!endwhisper <group> <pseudonym> — end that whisper room",
  expert: "!expert <group> <counselor> — another counselor as expert for the running or next session",
} as const;

export function groupCommandHelp(): string {
  return Object.values(groupCommandUsage).join("\n");
}

/** Parses a start time: `YYYY-MM-DDTHH:MM` is Berlin wall time; a full ISO instant with offset is taken as is. */
export function parseStartTime(token: string, timeZone = defaultGroupPolicy.timeZone): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/.exec(token);
  if (m) {
    const [year, month, day, hour, minute] = m.slice(1).map(Number) as [number, number, number, number, number];
    if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return undefined;
    const d = instantOfWallTime({ year, month, day, hour, minute, second: 0, ms: 0 }, timeZone);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(token)) {
    const d = new Date(token);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

/** undefined: not a group command (someone else's to handle). */
export function parseGroupCommand(body: string, timeZone: string = defaultGroupPolicy.timeZone): GroupCommandParse | undefined {
  const words = body.trim().split(/\s+/);
  const head = words[0]?.toLowerCase();
  const args = words.slice(1);
  switch (head) {
    case "!groups":
      return { ok: true, command: { kind: "groups" } };
    case "!group": {
      if (args[0]?.toLowerCase() !== "create" || args.length < 7) return { ok: false, reply: `Usage: ${groupCommandUsage.group_create}` };
      const [, when, minutes, max, repeat, topicId, ...title] = args as [string, string, string, string, string, string, ...string[]];
      const startsAt = parseStartTime(when, timeZone);
      if (!startsAt) return { ok: false, reply: `"${when}" is not a start time like 2026-11-24T18:00 (Berlin time).` };
      if (!/^\d{1,4}$/.test(minutes) || !/^\d{1,4}$/.test(max)) return { ok: false, reply: `Usage: ${groupCommandUsage.group_create}` };
      const r = repeat.toLowerCase();
      if (r !== "once" && r !== "weekly") return { ok: false, reply: `Say "once" or "weekly", not "${repeat}".` };
      return {
        ok: true,
        command: { kind: "group_create", startsAt, durationMinutes: Number(minutes), maxParticipants: Number(max), repeatWeekly: r === "weekly", topicId, title: title.join(" ") },
      };
    }
    case "!whisper":
    case "!endwhisper": {
      const kind = head === "!whisper" ? "whisper" : "endwhisper";
      if (args.length < 2) return { ok: false, reply: `Usage: ${groupCommandUsage[kind]}` };
      return { ok: true, command: { kind, group: args[0]!, pseudonym: args.slice(1).join(" ") } };
    }
    case "!expert": {
      if (args.length < 2) return { ok: false, reply: `Usage: ${groupCommandUsage.expert}` };
      return { ok: true, command: { kind: "expert", group: args[0]!, counselor: args.slice(1).join(" ") } };
    }
    default:
      return undefined;
  }
}
