// The bot's English texts (for counselors who choose `!lang en`). Markup as in botMessagesDe.ts.
import type { BotMessages, CaseRefusal, CommandMistake } from "./botMessages.ts";

function waitingTime(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

const actionEn = {
  take: "take",
  assign: "assign",
  release: "release",
  close: "close",
  archive: "archive",
  reopen: "reopen",
  supervise: "supervise",
  away: "set away",
  back: "come back",
  cases: "list",
  lang: "switch",
  help: "show",
} as const;

function mistake(m: CommandMistake): string {
  switch (m.kind) {
    case "unknown_command":
      return `I do not know the command \`!${m.shown}\`. Type \`!help\` for the list of commands.`;
    case "case_number_missing":
      return "The case number is missing.";
    case "not_a_case_number":
      return `"${m.shown}" is not a case number.`;
    case "too_many_arguments":
      return "Too many arguments.";
    case "person_missing":
      return "Whom? The person is missing.";
    case "away_message_missing":
      return "The absence message is missing.";
    case "away_message_too_long":
      return `The absence message is too long (at most ${m.max} characters).`;
    case "no_arguments":
      return "This command takes no arguments.";
    case "unknown_language":
      return `"${m.shown}" is not a language I speak: \`de\` (German) or \`en\` (English).`;
  }
}

const caseStatus = {
  new: "new (waiting in the pool)",
  in_progress: "in progress",
  closed: "closed",
  archived: "archived",
} as const;

function refusal(r: CaseRefusal): string {
  switch (r.kind) {
    case "not_counselor":
      return "You are not registered as a counselor.";
    case "no_such_case":
      return `There is no case #${r.caseNumber} in your agencies.`;
    case "not_member":
      return `You are not a member of the agency of case #${r.caseNumber}.`;
    case "take_not_pool":
      return `Only counselors of the agency can take case #${r.caseNumber}.`;
    case "already_yours":
      return `You already have case #${r.caseNumber}.`;
    case "taken_by":
      return `Case #${r.caseNumber} is already taken by ${r.by}.`;
    case "assign_not_main":
      return "Only main counselors can assign cases.";
    case "assign_bad_target":
      return `Case #${r.caseNumber} can only be assigned to a counselor of its agency.`;
    case "assign_same":
      return `Case #${r.caseNumber} is already assigned to that counselor.`;
    case "not_responsible":
      return r.assignedTo
        ? `Only ${r.assignedTo} (assigned) or a main counselor can ${actionEn[r.action]} case #${r.caseNumber}.`
        : `Only a main counselor can ${actionEn[r.action]} case #${r.caseNumber}.`;
    case "supervise_not_responsible":
      return `Only the assigned counselor or a main counselor can ask for supervision of case #${r.caseNumber}.`;
    case "supervise_bad_target":
      return `That person is not a supervisor of the agency of case #${r.caseNumber}.`;
    case "supervise_own":
      return "The assigned counselor cannot supervise their own case.";
    case "wrong_status":
      return `Case #${r.caseNumber} is ${caseStatus[r.status]}; "${r.action}" is not possible now.`;
    case "seeker_deleted":
      return `Case #${r.caseNumber} cannot be reopened: the person seeking advice deleted their account.`;
    case "concurrent":
      return `Case #${r.caseNumber} was changed at the same moment; please try again.`;
    case "unknown_person":
      return `"${r.ref}" is not a member of the agency of case #${r.caseNumber}.`;
    case "ambiguous_person":
      return `"${r.ref}" matches several people; use the Matrix ID (@name:server).`;
  }
}

function dateTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(d);
}

export const botMessagesEn: BotMessages = {
  languageName: "English",
  commandUsage: {
    take: "!take <case>",
    assign: "!assign <case> <counselor>",
    release: "!release <case>",
    close: "!close <case>",
    archive: "!archive <case>",
    reopen: "!reopen <case>",
    supervise: "!supervise <case> <supervisor>",
    away: "!away <message>",
    back: "!back",
    cases: "!cases",
    lang: "!lang de|en",
    help: "!help",
  },
  commandPurpose: {
    take: "take a waiting case from the pool",
    assign: "hand a case to a counselor (main counselors)",
    release: "give your case back to the pool",
    close: "close a case you are working on",
    archive: "archive a closed case",
    reopen: "reopen a closed or archived case",
    supervise: "open a supervision room for a case with a supervisor",
    away: "set an absence message the seekers of your cases see",
    back: "clear your absence message",
    cases: "list your open cases and waiting cases of your agencies",
    lang: "the language I answer you in (German or English)",
    help: "this list",
  },
  commandsIntro: "**Commands** (<case> is the case number from the pool notice, e.g. 42 or #42):",
  alsoWritten: (names) => `also ${names}`,
  mistake,
  usageHint: (usage, purpose) => `Usage: \`${usage}\` – ${purpose}.`,
  refusal,
  caseStatus,
  took: (n) => `You have taken case **#${n}**. The seeker sees that a counselor has taken over; the other pool counselors have left the room.`,
  assigned: (n, to) => `Case **#${n}** is now assigned to ${to}.`,
  released: (n) => `Case **#${n}** is back in the pool.`,
  closed: (n) => `Case **#${n}** is closed.`,
  archived: (n) => `Case **#${n}** is archived.`,
  reopened: (n, status) => `Case **#${n}** is open again (${caseStatus[status]}).`,
  supervisionOpening: (n, sup) => `A supervision room for case **#${n}** with ${sup ?? "the supervisor"} is being set up; you will both be invited.`,
  awaySet: (openCases) => `Your absence message is set; the seekers of your ${openCases} open case(s) see it. Type \`!back\` when you return.`,
  awayCleared: "Welcome back; your absence message is cleared.",
  notCounselor: "You are not registered as a counselor.",
  yourOpenCases: (count) => `**Your open cases (${count}):**`,
  noOpenCases: "You have no open cases.",
  waitingInPools: (count) => `**Waiting in your pools (${count}):**`,
  noneWaiting: "No case is waiting in your pools.",
  caseLine: (c) => `- **#${c.caseNumber}** · ${c.topic} · region ${c.region ?? "?"} · ${c.answered ? "answered" : `waiting ${waitingTime(c.waitingMs)}`}`,
  waitingTime,
  languageNow: (name) => `I answer you in ${name}. Switch with \`!lang de\` (German) or \`!lang en\` (English).`,
  languageSet: (name) => `From now on I answer you in ${name}.`,

  commandChatHello: "Hello! You can give me commands here.",
  onlyCounselors: "The Lotse bot only talks to counselors.",
  encryptedCommandChat: "This chat is end-to-end encrypted, so the bot cannot read commands here. It has invited you to an unencrypted command chat.",

  poolNotice: (p) => {
    const parts = [
      p.reason === "released" ? `Case **#${p.caseNumber}** is back in the pool` : `**New case #${p.caseNumber}**`,
      `topic: ${p.topic}`,
      `region: ${p.region ? `${p.region}xxx` : "unknown"}`,
      `waiting: ${waitingTime(p.waitingMs)}`,
    ];
    if (p.away.length > 0) parts.push(`away: ${p.away.join(", ")}`);
    return `${parts.join(" · ")} – type \`!take ${p.caseNumber}\` to take it.`;
  },
  reminder: (p) =>
    `Reminder: case **#${p.caseNumber}** has waited ${p.hours} h without an answer (${p.inPool ? `still in the pool – type \`!take ${p.caseNumber}\`` : `taken by ${p.assignedName ?? "a counselor"}, not answered yet`}).`,
  structureRestored: (p) => {
    const did: string[] = [];
    if (p.restored.length) did.push(`restored ${p.restored.join(", ")} to the template`);
    if (p.removed) did.push(`removed ${p.removed} person(s) who do not belong in the room`);
    return `Case **#${p.caseNumber}**: ${p.who} changed the room's structure (${p.eventType}); the bot ${did.join(" and ")}. Case rooms are shaped by the platform only.`;
  },
  seekerDeleted: (n) =>
    `Case **#${n}** was closed: the person seeking advice deleted their account. They can no longer read or answer; the case's records are removed when its retention period ends.`,

  forumReport: (p) =>
    `**Report in the exchange forum “${p.forum}”**: a post was reported (${
      { spam: "advertising or spam", insult: "insult or contempt", danger: "danger to someone", personal_data: "personal data", other: "another reason" }[p.reason]
    }). See the post: ${p.link}\nRemove it: \`!redact ${p.roomId} ${p.eventId}\``,
  forumRoomName: (topic) => `Exchange · ${topic}`,
  forumRoomTopic: "Exchange among people seeking help, accompanied by counselors. Please be kind and write nothing that makes you or others recognisable.",
  poolRoomName: (agencyName) => `Pool · ${agencyName}`,
  poolRoomTopic: "New cases of the agency. Type !help for the commands.",
  commandChatName: "Lotse commands",
  policyListName: "Lotse platform policy list",
  policyListTopic: "Ban rules for every Lotse room (m.policy.rule.user state events, recommendation m.ban, glob entities).",
  caseRoomName: (n, topic) => `Case ${n} · ${topic}`,
  caseRoomTopic: (p) => {
    switch (p.status) {
      case "new":
        return `waiting in the pool since ${dateTime(p.waitingSince, p.timeZone)}`;
      case "in_progress":
        return `with ${p.counselor ?? "a counselor"}`;
      case "closed":
        return "closed";
      case "archived":
        return "archived";
    }
  },
  supervisionRoomName: (n) => `Supervision · Case ${n}`,
  supervisionRoomTopic: (n) => `Supervision of case ${n}. Nothing from the case room is here; you decide what you share.`,

  groupUsage: {
    groups: "!groups",
    group_create: "!group create <YYYY-MM-DDTHH:MM> <minutes> <max participants> <once|weekly> <topic> <title>",
    whisper: "!whisper <group> <pseudonym>",
    endwhisper: "!endwhisper <group> <pseudonym>",
    expert: "!expert <group> <counselor>",
  },
  groupPurpose: {
    groups: "the groups you moderate",
    group_create: "a new group (time in Berlin)",
    whisper: "a private whisper room with a participant",
    endwhisper: "end that whisper room",
    expert: "another counselor as expert for the running or next session",
  },
  groupsIntro: "**Groups:**",
  groupBadTime: (shown) => `"${shown}" is not a start time like 2026-11-24T18:00 (Berlin time).`,
  groupBadRepeat: (shown) => `Say "once" or "weekly", not "${shown}".`,
  groupRefusal: (r) => {
    switch (r.error) {
      case "invalid_input":
        return `Something does not fit${r.field ? ` (${r.field})` : ""}. Nothing was created.`;
      case "forbidden":
        return "Only counselors with the group moderator role of this group or agency can do that.";
      case "not_found":
        return `You moderate no group "${r.ref ?? ""}" (or it is ambiguous). Type \`!groups\` for yours.`;
      case "unknown_topic":
        return "Unknown topic.";
      case "full":
        return "This group is full.";
      case "ended":
        return "This group has ended.";
      case "not_participant":
        return "Only participants of the group can whisper.";
      case "not_open":
        return "Whisper rooms exist only while the group's session runs.";
      case "unknown_person":
        return `Nobody called "${r.ref ?? ""}" fits here (or the name is ambiguous – then use the Matrix ID).`;
      case "conflict":
        return "The group has no moderator.";
    }
  },
  yourGroups: (count) => `**Your groups (${count}):**`,
  noGroups: "You moderate no upcoming group.",
  groupLine: (g) => `- \`${g.ref}\` · ${g.title} · ${g.running ? `running until ${g.when}` : `next ${g.when}`}${g.weekly ? " · weekly" : ""} · ${g.free} of ${g.max} seats free`,
  groupCreated: (g) => `Group \`${g.ref}\` "${g.title}" is created (${g.weekly ? "weekly from" : "on"} ${g.when}, ${g.minutes} min, at most ${g.max}). Its room is being set up; you will be invited.`,
  whisperClosed: (p) => `The whisper room with ${p} is closed.`,
  whisperOpening: (p) => `A whisper room with ${p} is being set up; you will both be invited.`,
  whisperExists: (p) => `${p} already has an open whisper room in this group.`,
  expertNow: (who) => `${who} is being invited as expert for the running session.`,
  expertLater: (who, when) => `${who} will be invited as expert when the session of ${when} starts.`,
  weekdayShort: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],

  moderationIntro: "**Moderation** (<room> is a room id !…:server or alias #…:server; <user> a Matrix id @…:server or a seeker's pseudonym):",
  moderationUsage: {
    mute: "!mute <room> <user> [minutes]",
    unmute: "!unmute <room> <user>",
    kick: "!kick <room> <user> [reason]",
    ban: "!ban <room> <user> [reason]",
    unban: "!unban <room> <user>",
    redact: "!redact <room> <event id> [reason]",
  },
  moderationPurpose: {
    mute: "mute a member for some minutes (default from the policy)",
    unmute: "lift a mute",
    kick: "remove a member from the room",
    ban: "remove a member and keep them out of the room",
    unban: "lift a ban in the room",
    redact: "remove a message",
  },
  moderationMistake: (m) => {
    switch (m.kind) {
      case "room_missing":
        return "The room is missing.";
      case "not_a_room":
        return `"${m.shown}" is not a room id or alias.`;
      case "event_missing":
        return "The event id is missing.";
      case "person_missing":
        return "Whom? The person is missing.";
      case "not_an_event":
        return `"${m.shown}" is not an event id.`;
      case "too_many_arguments":
        return "Too many arguments.";
      case "not_minutes":
        return `"${m.shown}" is not a number of minutes.`;
      case "too_many_minutes":
        return `At most ${m.max} minutes.`;
    }
  },
  modNoRoom: (room) => `There is no room ${room}.`,
  modNotModerated: (room) => `${room} is not a room the platform moderates.`,
  modNotModerator: (room) => `You are not a moderator of ${room}.`,
  modNobody: (name) => `Nobody is called "${name}".`,
  modImmune: (target, kind) => `${target} is the bot, a moderator of that room or a platform admin and cannot be ${kind === "mute" ? "muted" : kind === "kick" ? "removed" : "banned"}.`,
  modMuted: (p) => `${p.target} is muted in ${p.room} for ${p.minutes} minute(s), until ${p.until}. \`!unmute\` lifts it earlier.`,
  modUnmuted: (target, room) => `${target} may write in ${room} again.`,
  modNotMuted: (target, room) => `${target} was not muted in ${room}.`,
  modKicked: (target, room) => `${target} was removed from ${room}.`,
  modBanned: (target, room) => `${target} is banned from ${room}.`,
  modUnbanned: (target, room) => `The ban of ${target} in ${room} is lifted.`,
  modRedacted: "The message was removed.",
  modFailed: (code) => `That did not work (${code}). Type \`!help\` for the commands.`,
  floodNotice: (p) =>
    `Flood protection: ${p.who} sent more than ${p.perMinute} events within a minute in ${p.caseNumber !== null ? `the room of case **#${p.caseNumber}** (${p.roomId})` : p.roomId} and was ${
      p.action === "muted" ? `muted for ${p.minutes} minute(s), until ${p.until} (\`!unmute ${p.roomId} ${p.who}\` lifts it)` : p.action === "removed" ? "removed from the room" : "not acted against (policy: notify only)"
    }.`,

  live: {
    help: [
      "**Live chat** (seekers without an account):",
      "- `!duty on` (also !dienst an) – you are on live duty until your current consultation hours end, otherwise for three hours; `!duty on 60` for 60 minutes",
      "- `!duty off` – end your live duty; `!duty` shows whether you are on duty",
      "- `!queue` (also !warteschlange) – who is waiting in the live chat now; take a chat like any case with `!take <case>`",
    ].join("\n"),
    mistake: (m) =>
      m.kind === "unknown_verb" ? `I do not know "${m.shown}". Try \`!duty on\`, \`!duty on 60\` or \`!duty off\`.` : `"${m.shown}" is not a number of minutes. Try \`!duty on 60\`.`,
    dutyOn: (p) =>
      `You are on **live duty** until ${p.until}${p.bySlot ? " (the end of your consultation hours)" : ""}. ${p.topics.length > 0 ? `Seekers now see "Chat live now" for: ${p.topics.join(", ")}.` : "Your agency has no topic yet for which seekers could chat live."} End it with \`!duty off\`.`,
    dutyOff: "Your live duty has ended. Waiting live chats stay in the pool until someone takes them.",
    dutyStatus: (until) => (until === null ? "You are not on live duty. Start with `!duty on`." : `You are on live duty until ${until}. End it with \`!duty off\`.`),
    queueNotice: (p) =>
      `**Live chat waiting: case ${p.caseNumber}** · topic: ${p.topic} · region: ${p.region ? `${p.region}xxx` : "not given"} · number ${p.position} in the queue – take it with \`!take ${p.caseNumber}\``,
    queueHead: (count) => `**Waiting in the live chat (${count}):**`,
    queueEmpty: "Nobody is waiting in the live chat.",
    queueLine: (p) => `- **Case ${p.caseNumber}** · ${p.topic} · waiting for ${waitingTime(p.waitingMs)}${p.agency ? ` · ${p.agency}` : ""}`,
    ended: (p) =>
      `**Live chat case ${p.caseNumber}** has ended (${p.reason === "seeker_left" ? "the seeker left it" : p.reason === "idle" ? "nobody was there any more" : "closed"}). The conversation and the temporary access are being deleted now.`,
    kept: (n) => `**Live chat case ${n}**: the seeker kept their access. The case stays as an ordinary case.`,
  },

  recommend: {
    help: [
      "**Counseling in person:**",
      "- `!recommend <case> <agency> <short note>` (also !empfehlen) – recommends a counseling service to the seeker; they see its address, phone and opening hours and your note on their case page. <agency> is the service's short name (as in the short link /a/…) or its id.",
    ].join("\n"),
    mistake: (m) =>
      m.kind === "missing"
        ? "Something is missing. It goes like this: `!recommend 12 addiction-help-cologne There is an open consultation on Tuesdays.`"
        : m.kind === "not_a_case_number"
          ? `"${m.shown}" is not a case number. It goes like this: \`!recommend 12 addiction-help-cologne note\`.`
          : `The note is ${m.length} characters long; at most ${m.max} fit. Nothing was saved.`,
    done: (p) =>
      `**Case ${p.caseNumber}:** ${p.agency} (${p.city}) is recommended${p.withNote ? " – with your note" : ""}. The seeker sees it on their case page under "Counseling in person".`,
    refusal: (r, n) =>
      r === "not_counselor"
        ? "Only counselors can recommend."
        : r === "unknown_case" || r === "not_member"
          ? `There is no case ${n} at your agencies.`
          : r === "case_closed"
            ? `Case ${n} is closed. Nothing was saved.`
            : r === "unknown_agency"
              ? "I do not know this counseling service. Give its short name (as in the short link /a/…) or its id."
              : r === "same_agency"
                ? `Case ${n} is already with this counseling service.`
                : "The note is too long. Nothing was saved.",
  },

  consultation: {
    help: [
      "**Consultation hours:**",
      "- `!hours` (also !sprechzeiten) – your consultation hours, numbered",
      "- `!hours add tue 16:00 45` – every Tuesday at 16:00 for 45 minutes",
      "- `!hours add 2026-12-08 16:00 45` – once on that day",
      "- `!hours remove 2` – remove number 2 of the list (booked appointments are cancelled)",
      "- Agency admins: the same commands with the Matrix ID at the end (e.g. `!hours add tue 16:00 45 @anna:example.org`) for a counselor",
      "- `!appointments` (also !termine) – your appointments today",
    ].join("\n"),
    mistake: (m) => {
      const usage = "Usage: `!hours add tue 16:00 45` or `!hours add 2026-12-08 16:00 45` (day, time, minutes).";
      switch (m.kind) {
        case "no_arguments":
          return "`!appointments` takes no arguments.";
        case "which_number":
          return "Which number? Usage: `!hours remove 2` (the number from `!hours`).";
        case "unknown_verb":
          return `I do not know "${m.shown}". ${usage}`;
        case "missing":
          return `Something is missing. ${usage}`;
        case "not_a_time":
          return `"${m.shown}" is not a time like 16:00. ${usage}`;
        case "not_minutes":
          return `"${m.shown}" is not a length in minutes. ${usage}`;
        case "not_a_day":
          return `"${m.shown}" is neither a weekday (mon, tue, …) nor a date like 2026-12-08. ${usage}`;
      }
    },
    weekdayLong: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    monthLong: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    dateLong: (weekday, day, month, year) => `${weekday}, ${day} ${month} ${year}`,
    dayShort: (year, month, day) => `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`,
    slotWeekly: (weekday, start, end) => `every ${weekday}, ${start}–${end}`,
    slotOnce: (date, start, end) => `on ${date}, ${start}–${end}`,
    listHead: (agency, whose) => (whose === undefined ? `**Your consultation hours at ${agency}:**` : `**Consultation hours of ${whose} at ${agency}:**`),
    listNone: "None yet. Add one: `!hours add tue 16:00 45`",
    blockedDays: (days) => `Days the agency is closed: ${days}`,
    removeHint: "Remove: `!hours remove <number>`",
    added: (slot) => `Consultation hour added: ${slot}. Seekers can book it from now on.`,
    removed: (slot, n) => `Consultation hour removed: ${slot}.${n === 0 ? "" : n === 1 ? " One booked appointment was cancelled." : ` ${n} booked appointments were cancelled.`}`,
    refusal: (r) => {
      switch (r.kind) {
        case "no_number":
          return r.count === 0 ? "You have no consultation hours that could be removed." : `There is no number ${r.number}; your list has ${r.count} entries (see \`!hours\`).`;
        case "overlap":
          return "You already have a consultation hour at that time. Nothing was added.";
        case "past":
          return "That time is in the past. Nothing was added.";
        case "too_far":
          return "That time is more than a year ahead. Nothing was added.";
        case "length":
          return `A consultation hour lasts ${r.policy.minSlotMinutes} to ${r.policy.maxSlotMinutes} minutes. Nothing was added.`;
        case "not_counselor":
          return "Only counselors of an agency have consultation hours.";
        case "which_agency":
          return "You belong to several agencies: please write in the pool room of the agency this is about.";
        case "not_admin":
          return "Only the agency's admins manage other people's consultation hours. Nothing was changed.";
        case "unknown_counselor":
          return `${r.userId.slice(0, 80)} does not counsel at this agency. Nothing was changed.`;
      }
    },
    failed: (detail) => `That did not work: ${detail}`,
    noAppointments: (date) => `Today (${date}) you have no booked appointments.`,
    appointmentsHead: (date) => `**Your appointments today (${date}):**`,
    appointmentLine: (a) => `- ${a.start}–${a.end} · **case #${a.caseNumber}** · ${a.topic}`,
    notice: (p) => `Chat appointment in ${p.minutes} minutes: **case #${p.caseNumber}**, ${p.start}–${p.end}. The case room is ready.`,
    noShow: (p) => {
      const head = `Chat appointment ${p.at}, **case #${p.caseNumber}**:`;
      switch (p.outcome) {
        case "no_show_seeker":
          return `${head} the seeker did not come. The appointment is recorded as missed and the time is free again.`;
        case "no_show_both":
          return `${head} nobody was in the case room. The appointment is recorded as missed.`;
        case "no_show_counselor":
          return `${head} the seeker was there, but no counselor. Please get in touch in the case room.`;
      }
    },
    yourAgency: "your agency",
  },

  reasonNotInCase: "Only the seeker and the counselors of this case belong in this room.",
  reasonCaseNowWith: (n, counselor) => `Case #${n} is now with ${counselor}.`,
  reasonCaseChanged: (n) => `Case #${n} changed.`,
  reasonNoLongerCounselor: "No longer a counselor of this agency.",
  reasonNoLongerForumStaff: "No longer with an agency counseling on this topic.",
  reasonRemovedByModerator: "Removed by a moderator.",
  reasonBannedByModerator: "Banned by a moderator.",
  reasonBanLifted: "Ban lifted by a moderator.",
  reasonPolicyNoLonger: "The platform policy no longer applies.",
  reasonFlood: "Too many messages in a short time.",
  reasonNoLongerPlatformAdmin: "No longer a platform admin.",
  reasonWhisperEnded: "The whisper has ended.",
  reasonExpertSessionEnded: "The expert session has ended.",
  reasonGroupSessionEnded: "The session has ended. Join again for the next one.",
  reasonSeekerOnlyCaseRooms: "Seekers can only talk inside their counseling case rooms.",
  reasonSeekerNoInvites: "Seekers cannot invite anyone.",
};
