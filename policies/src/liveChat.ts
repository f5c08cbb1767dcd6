// The live chat without registration ("Jetzt chatten", issue 12): its limits as policy, and the
// pure decisions the store, the API and the bridge share — which agency a waiting seeker is queued
// at, how long the wait is likely to be (or that nobody can say yet), until when a counselor's live
// duty runs, and the counselor's commands:
//   !dienst              (!duty)          am I on live duty, until when
//   !dienst an [Minuten] (!duty on [min]) on duty — until the end of the consultation slot running
//                                         now, or the given minutes, or the policy's default
//   !dienst aus          (!duty off)      off duty
//   !warteschlange       (!queue)         the live chats waiting at my agencies, oldest first
// Every text a counselor reads comes from the bot's catalogues (bot/botMessages*.ts).

export type LiveChatPolicy = {
  /** Most live chats waiting at one agency for one topic; the next seeker is told the queue is full. */
  maxQueuePerTopic: number;
  /** Temporary accounts one network address may start per hour. */
  startsPerAddressPerHour: number;
  /** A live chat whose seeker's app has not been seen for this long is ended and erased. */
  idleMinutes: number;
  /** Live duty without an end given and outside consultation hours lasts this long. */
  dutyDefaultMinutes: number;
  /** Longest live duty a counselor can set at once. */
  dutyMaxMinutes: number;
  /** Waits of earlier live chats counted for the estimate (the newest ones, this many days back). */
  estimateWindowDays: number;
};

export const defaultLiveChatPolicy: LiveChatPolicy = {
  maxQueuePerTopic: 20,
  startsPerAddressPerHour: 5,
  idleMinutes: 30,
  dutyDefaultMinutes: 180,
  dutyMaxMinutes: 720,
  estimateWindowDays: 28,
};

/** Why a live chat could not start or go on; each has words for the seeker in the web app. */
export type LiveChatRefusal =
  | "live_chat_unavailable" // the operator has not switched the live chat on (no admin token)
  | "no_one_on_duty" // nobody is on live duty for the topic right now
  | "queue_full"
  | "too_many_starts"
  | "temporary_account"; // a temporary account called a route for registered accounts

/** A candidate agency for a waiting seeker: how many of its counselors are on duty, how many wait. */
export type LiveAgencyCandidate = { agencyId: string; onDuty: number; waiting: number; routed: boolean };

/**
 * The agency a live chat is queued at: the one postcode routing names for the seeker's postcode
 * if it has someone on duty; otherwise the agency with the fewest waiting per counselor on duty
 * (ties: the most counselors on duty, then the id, so the choice is stable). Undefined: nobody is
 * on duty for the topic.
 */
export function chooseLiveAgency(candidates: readonly LiveAgencyCandidate[]): LiveAgencyCandidate | undefined {
  const open = candidates.filter((c) => c.onDuty > 0);
  const routed = open.find((c) => c.routed);
  if (routed) return routed;
  return [...open].sort((a, b) => a.waiting / a.onDuty - b.waiting / b.onDuty || b.onDuty - a.onDuty || (a.agencyId < b.agencyId ? -1 : 1))[0];
}

/** The estimate shown to a waiting seeker: a range of minutes, or honestly "we cannot say yet". */
export type WaitEstimate = { kind: "minutes"; low: number; high: number } | { kind: "unknown" };

/** Fewest earlier waits an estimate is based on; with fewer, the app says it cannot estimate. */
export const MIN_WAITS_FOR_ESTIMATE = 5;

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * How long a seeker at `position` (1 = next) is likely to wait, from the waits of earlier live
 * chats at the same agency (seconds from queueing to a counselor taking it): the middle half of
 * those waits, scaled by how many are ahead per counselor on duty. Rounded to whole minutes, at
 * least 1; "unknown" with too few earlier waits or nobody on duty.
 */
export function estimateWait(input: { position: number; onDuty: number; recentWaitSeconds: readonly number[] }): WaitEstimate {
  if (input.onDuty <= 0 || input.recentWaitSeconds.length < MIN_WAITS_FOR_ESTIMATE || input.position < 1) return { kind: "unknown" };
  const sorted = [...input.recentWaitSeconds].sort((a, b) => a - b);
  const rounds = Math.max(1, Math.ceil(input.position / input.onDuty));
  const low = Math.max(1, Math.round((quantile(sorted, 0.25) * rounds) / 60));
  const high = Math.max(low, Math.round((quantile(sorted, 0.75) * rounds) / 60));
  return { kind: "minutes", low, high };
}

/**
 * Until when a counselor's live duty runs: the given minutes (at most the policy's maximum);
 * without them the end of the consultation slot running now, if one is; otherwise the default.
 */
export function liveDutyUntil(now: Date, runningSlotEnds: readonly Date[], policy: LiveChatPolicy = defaultLiveChatPolicy, minutes?: number): Date {
  if (minutes !== undefined) return new Date(now.getTime() + Math.min(minutes, policy.dutyMaxMinutes) * 60_000);
  const ends = runningSlotEnds.filter((e) => e.getTime() > now.getTime()).sort((a, b) => b.getTime() - a.getTime());
  if (ends[0]) return ends[0];
  return new Date(now.getTime() + policy.dutyDefaultMinutes * 60_000);
}

export type LiveCommand = { kind: "duty_status" } | { kind: "duty_on"; minutes?: number } | { kind: "duty_off" } | { kind: "queue" };

/** What was wrong with a live-duty command line. */
export type LiveMistake = { kind: "unknown_verb"; shown: string } | { kind: "not_minutes"; shown: string };

export type LiveCommandParse = { ok: true; command: LiveCommand } | { ok: false; mistake: LiveMistake };

const DUTY_NAMES = new Set(["dienst", "duty", "livedienst"]);
const QUEUE_NAMES = new Set(["warteschlange", "queue"]);
const ON = new Set(["an", "on", "ein"]);
const OFF = new Set(["aus", "off"]);

/** Is this one of the live-duty commands (whatever its arguments)? */
export function isLiveCommand(body: string): boolean {
  const name = /^\s*!(\S+)/u.exec(body)?.[1]?.toLowerCase();
  return name !== undefined && (DUTY_NAMES.has(name) || QUEUE_NAMES.has(name));
}

/** Parses one of the commands above; undefined for any other message. */
export function parseLiveCommand(body: string): LiveCommandParse | undefined {
  if (!isLiveCommand(body)) return undefined;
  const [rawName = "", verb, arg] = body.trim().slice(1).split(/\s+/u).filter((p) => p.length > 0);
  const name = rawName.toLowerCase();
  if (QUEUE_NAMES.has(name)) return { ok: true, command: { kind: "queue" } };
  if (verb === undefined) return { ok: true, command: { kind: "duty_status" } };
  const v = verb.toLowerCase();
  if (OFF.has(v)) return { ok: true, command: { kind: "duty_off" } };
  if (!ON.has(v)) return { ok: false, mistake: { kind: "unknown_verb", shown: verb.slice(0, 40) } };
  if (arg === undefined) return { ok: true, command: { kind: "duty_on" } };
  if (!/^\d{1,4}$/.test(arg) || Number(arg) < 1) return { ok: false, mistake: { kind: "not_minutes", shown: arg.slice(0, 40) } };
  return { ok: true, command: { kind: "duty_on", minutes: Number(arg) } };
}
