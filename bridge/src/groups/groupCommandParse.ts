// Parsing of the group commands counselors type in their pool room or command chat. Pure.
//
// Each has a German name too (!gruppen, !gruppe neu … einmal|wöchentlich, !flüstern, !flüsternende,
// !experte); replies and help come from the bot's catalogues (@lotse/policies).
//   !groups                                                        the groups I moderate
//   !group create <YYYY-MM-DDTHH:MM> <minutes> <max> <once|weekly> <topic> <title…>
//                                                                  (time in Europe/Berlin; encrypted)
//   !whisper <group> <pseudonym>                                   open a whisper room with a participant
//   !endwhisper <group> <pseudonym>                                end it
//   !expert <group> <counselor>                                    expert for the running / next session
import { type BotMessages, botMessagesDe, botMessagesEn, defaultGroupPolicy, type GroupCommandKind, groupCommandKinds, instantOfWallTime } from "@lotse/policies";

export type GroupCommand =
  | { kind: "groups" }
  | { kind: "group_create"; startsAt: Date; durationMinutes: number; maxParticipants: number; repeatWeekly: boolean; topicId: string; title: string }
  | { kind: "whisper"; group: string; pseudonym: string }
  | { kind: "endwhisper"; group: string; pseudonym: string }
  | { kind: "expert"; group: string; counselor: string };

export type GroupCommandParse =
  | { ok: true; command: GroupCommand }
  | { ok: false; mistake: { kind: "usage"; command: GroupCommandKind } | { kind: "bad_time"; shown: string } | { kind: "bad_repeat"; shown: string } };

/** The names each group command answers to (English, German, German without umlauts). */
const NAMES: Readonly<Record<string, "groups" | "group" | "whisper" | "endwhisper" | "expert">> = {
  "!groups": "groups",
  "!gruppen": "groups",
  "!group": "group",
  "!gruppe": "group",
  "!whisper": "whisper",
  "!flüstern": "whisper",
  "!fluestern": "whisper",
  "!endwhisper": "endwhisper",
  "!flüsternende": "endwhisper",
  "!fluesternende": "endwhisper",
  "!expert": "expert",
  "!experte": "expert",
};
const CREATE = new Set(["create", "neu"]);
const ONCE = new Set(["once", "einmal"]);
const WEEKLY = new Set(["weekly", "wöchentlich", "woechentlich"]);

/** The group commands' help in a language, one line each with the other language's name. */
export function groupCommandHelp(msgs: BotMessages): string {
  const other = msgs === botMessagesDe ? botMessagesEn : botMessagesDe;
  return [
    msgs.groupsIntro,
    ...groupCommandKinds.map((k) => `- \`${msgs.groupUsage[k]}\` – ${msgs.groupPurpose[k]} (${msgs.alsoWritten(other.groupUsage[k].split(" <")[0]!)})`),
  ].join("\n");
}

/** A refused parse in words. */
export function groupMistakeReply(msgs: BotMessages, parse: Extract<GroupCommandParse, { ok: false }>): string {
  const m = parse.mistake;
  if (m.kind === "bad_time") return msgs.groupBadTime(m.shown);
  if (m.kind === "bad_repeat") return msgs.groupBadRepeat(m.shown);
  return msgs.usageHint(msgs.groupUsage[m.command], msgs.groupPurpose[m.command]);
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
  const head = NAMES[words[0]?.toLowerCase() ?? ""];
  const args = words.slice(1);
  const usage = (command: GroupCommandKind): GroupCommandParse => ({ ok: false, mistake: { kind: "usage", command } });
  switch (head) {
    case "groups":
      return { ok: true, command: { kind: "groups" } };
    case "group": {
      if (!CREATE.has(args[0]?.toLowerCase() ?? "") || args.length < 7) return usage("group_create");
      const [, when, minutes, max, repeat, topicId, ...title] = args as [string, string, string, string, string, string, ...string[]];
      const startsAt = parseStartTime(when, timeZone);
      if (!startsAt) return { ok: false, mistake: { kind: "bad_time", shown: when.slice(0, 40) } };
      if (!/^\d{1,4}$/.test(minutes) || !/^\d{1,4}$/.test(max)) return usage("group_create");
      const r = repeat.toLowerCase();
      if (!ONCE.has(r) && !WEEKLY.has(r)) return { ok: false, mistake: { kind: "bad_repeat", shown: repeat.slice(0, 20) } };
      return {
        ok: true,
        command: { kind: "group_create", startsAt, durationMinutes: Number(minutes), maxParticipants: Number(max), repeatWeekly: WEEKLY.has(r), topicId, title: title.join(" ") },
      };
    }
    case "whisper":
    case "endwhisper": {
      if (args.length < 2) return usage(head);
      return { ok: true, command: { kind: head, group: args[0]!, pseudonym: args.slice(1).join(" ") } };
    }
    case "expert": {
      if (args.length < 2) return usage("expert");
      return { ok: true, command: { kind: "expert", group: args[0]!, counselor: args.slice(1).join(" ") } };
    }
    default:
      return undefined;
  }
}
