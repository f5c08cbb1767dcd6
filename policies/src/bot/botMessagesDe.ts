// The bot's German texts (the default): plain words for social workers, "Sie", no protocol jargon.
// Markup: **bold**, `code`, "- " list lines (bot/notice.ts).
import type { BotMessages, CaseRefusal, CommandMistake } from "./botMessages.ts";

function waitingTime(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} Min.`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} Std. ${minutes % 60} Min.`;
  return `${Math.floor(hours / 24)} Tg. ${hours % 24} Std.`;
}

const actionDe = {
  take: "übernehmen",
  assign: "zuweisen",
  release: "freigeben",
  close: "abschließen",
  archive: "archivieren",
  reopen: "wieder öffnen",
  supervise: "in Supervision geben",
  away: "abwesend melden",
  back: "zurückmelden",
  cases: "auflisten",
  lang: "umstellen",
  help: "anzeigen",
} as const;

function mistake(m: CommandMistake): string {
  switch (m.kind) {
    case "unknown_command":
      return `Den Befehl \`!${m.shown}\` kenne ich nicht. Mit \`!hilfe\` sehen Sie alle Befehle.`;
    case "case_number_missing":
      return "Die Fallnummer fehlt.";
    case "not_a_case_number":
      return `„${m.shown}“ ist keine Fallnummer.`;
    case "too_many_arguments":
      return "Da steht zu viel hinter dem Befehl.";
    case "person_missing":
      return "Wen? Die Person fehlt.";
    case "away_message_missing":
      return "Der Abwesenheitstext fehlt.";
    case "away_message_too_long":
      return `Der Abwesenheitstext ist zu lang (höchstens ${m.max} Zeichen).`;
    case "no_arguments":
      return "Hinter diesen Befehl gehört nichts.";
    case "unknown_language":
      return `„${m.shown}“ ist keine Sprache, die ich spreche: \`de\` (Deutsch) oder \`en\` (Englisch).`;
  }
}

function refusal(r: CaseRefusal): string {
  switch (r.kind) {
    case "not_counselor":
      return "Sie sind nicht als Beraterin oder Berater eingetragen.";
    case "no_such_case":
      return `In Ihren Beratungsstellen gibt es keinen Fall **${r.caseNumber}**.`;
    case "not_member":
      return `Sie gehören nicht zur Beratungsstelle von Fall **${r.caseNumber}**.`;
    case "take_not_pool":
      return `Fall **${r.caseNumber}** können nur Beraterinnen und Berater der Beratungsstelle übernehmen.`;
    case "already_yours":
      return `Fall **${r.caseNumber}** haben Sie schon.`;
    case "taken_by":
      return `Fall **${r.caseNumber}** hat schon ${r.by} übernommen.`;
    case "assign_not_main":
      return "Fälle zuweisen dürfen nur Hauptberaterinnen und Hauptberater.";
    case "assign_bad_target":
      return `Fall **${r.caseNumber}** kann nur einer Beraterin oder einem Berater seiner Beratungsstelle zugewiesen werden.`;
    case "assign_same":
      return `Fall **${r.caseNumber}** liegt schon bei dieser Person.`;
    case "not_responsible":
      return r.assignedTo
        ? `Fall **${r.caseNumber}** ${actionDe[r.action]} dürfen nur ${r.assignedTo} (zuständig) oder eine Hauptberaterin bzw. ein Hauptberater.`
        : `Fall **${r.caseNumber}** ${actionDe[r.action]} darf nur eine Hauptberaterin oder ein Hauptberater.`;
    case "supervise_not_responsible":
      return `Supervision für Fall **${r.caseNumber}** können nur die zuständige Person oder eine Hauptberaterin bzw. ein Hauptberater anfragen.`;
    case "supervise_bad_target":
      return `Diese Person ist keine Supervisorin und kein Supervisor der Beratungsstelle von Fall **${r.caseNumber}**.`;
    case "supervise_own":
      return "Wer einen Fall berät, kann ihn nicht selbst supervidieren.";
    case "wrong_status":
      return `Fall **${r.caseNumber}** ist ${caseStatus[r.status]}; ${actionDe[r.action]} geht jetzt nicht.`;
    case "seeker_deleted":
      return `Fall **${r.caseNumber}** lässt sich nicht wieder öffnen: Die ratsuchende Person hat ihr Konto gelöscht.`;
    case "concurrent":
      return `Fall **${r.caseNumber}** wurde im selben Moment geändert. Bitte noch einmal versuchen.`;
    case "unknown_person":
      return `„${r.ref}“ gehört nicht zur Beratungsstelle von Fall **${r.caseNumber}**.`;
    case "ambiguous_person":
      return `„${r.ref}“ passt auf mehrere Personen. Bitte die Matrix-ID angeben (@name:server).`;
  }
}

const caseStatus = {
  new: "neu (wartet im Pool)",
  in_progress: "in Beratung",
  closed: "abgeschlossen",
  archived: "archiviert",
} as const;

const groupFieldDe: Readonly<Record<string, string>> = {
  title: "Titel",
  description: "Beschreibung",
  rules: "Regeln",
  startsAt: "Startzeit",
  durationMinutes: "Dauer",
  maxParticipants: "Teilnehmerzahl",
  agencyId: "Beratungsstelle",
  topicIds: "Thema",
  listingAgencyIds: "Beratungsstellen",
};

function dateTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("de-DE", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone }).format(d).replace(" um ", ", ");
}

export const botMessagesDe: BotMessages = {
  languageName: "Deutsch",
  commandUsage: {
    take: "!übernehmen <Fall>",
    assign: "!zuweisen <Fall> <Person>",
    release: "!freigeben <Fall>",
    close: "!abschließen <Fall>",
    archive: "!archivieren <Fall>",
    reopen: "!öffnen <Fall>",
    supervise: "!supervision <Fall> <Person>",
    away: "!abwesend <Text>",
    back: "!zurück",
    cases: "!fälle",
    lang: "!sprache de|en",
    help: "!hilfe",
  },
  commandPurpose: {
    take: "einen wartenden Fall aus dem Pool übernehmen",
    assign: "einen Fall einer Beraterin oder einem Berater geben (Hauptberatung)",
    release: "Ihren Fall zurück in den Pool geben",
    close: "einen Fall abschließen, den Sie beraten",
    archive: "einen abgeschlossenen Fall archivieren",
    reopen: "einen abgeschlossenen oder archivierten Fall wieder öffnen",
    supervise: "einen Supervisionsraum für einen Fall mit einer Supervisorin oder einem Supervisor öffnen",
    away: "Abwesenheitsnotiz setzen, die die Ratsuchenden Ihrer Fälle sehen",
    back: "Abwesenheitsnotiz löschen",
    cases: "Ihre offenen Fälle und die wartenden Fälle Ihrer Beratungsstellen",
    lang: "die Sprache, in der ich Ihnen antworte (Deutsch oder Englisch)",
    help: "diese Liste",
  },
  commandsIntro: "**Befehle** (<Fall> ist die Nummer aus der Pool-Meldung, z. B. 42 oder #42):",
  alsoWritten: (names) => `auch ${names}`,
  mistake,
  usageHint: (usage, purpose) => `So geht es: \`${usage}\` – ${purpose}.`,
  refusal,
  caseStatus,
  took: (n) => `Sie haben Fall **${n}** übernommen. Die ratsuchende Person sieht, dass jemand für sie da ist; die anderen aus dem Pool haben den Raum verlassen.`,
  assigned: (n, to) => `Fall **${n}** liegt jetzt bei ${to}.`,
  released: (n) => `Fall **${n}** ist zurück im Pool.`,
  closed: (n) => `Fall **${n}** ist abgeschlossen.`,
  archived: (n) => `Fall **${n}** ist archiviert.`,
  reopened: (n, status) => `Fall **${n}** ist wieder offen (${caseStatus[status]}).`,
  supervisionOpening: (n, sup) => `Der Supervisionsraum für Fall **${n}** mit ${sup ?? "der Supervision"} wird eingerichtet; Sie werden beide eingeladen.`,
  awaySet: (openCases) =>
    `Ihre Abwesenheitsnotiz ist gesetzt; ${openCases === 1 ? "die ratsuchende Person Ihres offenen Falls sieht" : `die Ratsuchenden Ihrer ${openCases} offenen Fälle sehen`} sie. Mit \`!zurück\` löschen Sie sie wieder.`,
  awayCleared: "Willkommen zurück – Ihre Abwesenheitsnotiz ist gelöscht.",
  notCounselor: "Sie sind nicht als Beraterin oder Berater eingetragen.",
  yourOpenCases: (count) => `**Ihre offenen Fälle (${count}):**`,
  noOpenCases: "Sie haben keine offenen Fälle.",
  waitingInPools: (count) => `**Wartend in Ihren Pools (${count}):**`,
  noneWaiting: "In Ihren Pools wartet kein Fall.",
  caseLine: (c) => `- **Fall ${c.caseNumber}** · ${c.topic} · Region ${c.region ?? "?"} · ${c.answered ? "beantwortet" : `wartet seit ${waitingTime(c.waitingMs)}`}`,
  waitingTime,
  languageNow: (name) => `Ich antworte Ihnen auf ${name}. Umstellen: \`!sprache en\` (Englisch) oder \`!sprache de\` (Deutsch).`,
  languageSet: (name) => `Ab jetzt antworte ich Ihnen auf ${name}.`,

  commandChatHello: "Hallo! Hier können Sie mir Befehle geben.",
  onlyCounselors: "Der Lotse-Bot spricht nur mit Beraterinnen und Beratern.",
  encryptedCommandChat: "Dieser Chat ist Ende-zu-Ende-verschlüsselt, daher kann der Bot hier keine Befehle lesen. Er hat Sie in einen unverschlüsselten Befehls-Chat eingeladen.",

  poolNotice: (p) => {
    const parts = [
      p.reason === "released" ? `**Fall ${p.caseNumber}** ist zurück im Pool` : `**Neuer Fall ${p.caseNumber}**`,
      `Thema: ${p.topic}`,
      `Region: ${p.region ? `${p.region}xxx` : "unbekannt"}`,
      `wartet seit ${waitingTime(p.waitingMs)}`,
    ];
    if (p.away.length > 0) parts.push(`abwesend: ${p.away.join(", ")}`);
    return `${parts.join(" · ")} – übernehmen mit \`!übernehmen ${p.caseNumber}\``;
  },
  reminder: (p) =>
    `Erinnerung: **Fall ${p.caseNumber}** wartet seit ${p.hours} Std. auf eine Antwort (${p.inPool ? `noch im Pool – \`!übernehmen ${p.caseNumber}\`` : `bei ${p.assignedName ?? "einer Beraterin oder einem Berater"}, noch nicht beantwortet`}).`,
  structureRestored: (p) => {
    const did: string[] = [];
    if (p.restored.length) did.push(`${p.restored.join(", ")} wieder wie vorgesehen eingestellt`);
    if (p.removed) did.push(`${p.removed === 1 ? "eine Person" : `${p.removed} Personen`}, die nicht in den Raum gehören, entfernt`);
    return `**Fall ${p.caseNumber}**: ${p.who} hat den Raum umgebaut (${p.eventType}); der Bot hat ${did.join(" und ")}. Fallräume gestaltet nur die Plattform.`;
  },
  seekerDeleted: (n) =>
    `**Fall ${n}** ist abgeschlossen: Die ratsuchende Person hat ihr Konto gelöscht. Sie kann nichts mehr lesen oder beantworten; die Unterlagen des Falls werden gelöscht, wenn seine Aufbewahrungsfrist endet.`,

  forumReport: (p) =>
    `**Meldung im Austausch „${p.forum}“**: Ein Beitrag wurde gemeldet (${
      { spam: "Werbung oder Spam", insult: "Beleidigung oder Herabsetzung", danger: "Gefahr für jemanden", personal_data: "persönliche Daten", other: "anderer Grund" }[p.reason]
    }). Beitrag ansehen: ${p.link}\nEntfernen: \`!redact ${p.roomId} ${p.eventId}\``,
  forumRoomName: (topic) => `Austausch · ${topic}`,
  forumRoomTopic: "Austausch unter Ratsuchenden, begleitet von Beraterinnen und Beratern. Bitte freundlich bleiben und nichts schreiben, das Sie oder andere erkennbar macht.",
  poolRoomName: (agencyName) => `Pool · ${agencyName}`,
  poolRoomTopic: "Neue Fälle der Beratungsstelle. Mit !hilfe sehen Sie die Befehle.",
  commandChatName: "Lotse-Befehle",
  policyListName: "Lotse-Sperrliste der Plattform",
  policyListTopic: "Sperrregeln für alle Lotse-Räume (m.policy.rule.user, Empfehlung m.ban, Platzhalter).",
  caseRoomName: (n, topic) => `Fall ${n} · ${topic}`,
  caseRoomTopic: (p) => {
    switch (p.status) {
      case "new":
        return `wartet seit ${dateTime(p.waitingSince, p.timeZone)} Uhr im Pool`;
      case "in_progress":
        return `bei ${p.counselor ?? "einer Beraterin oder einem Berater"}`;
      case "closed":
        return "abgeschlossen";
      case "archived":
        return "archiviert";
    }
  },
  supervisionRoomName: (n) => `Supervision · Fall ${n}`,
  supervisionRoomTopic: (n) => `Supervision zu Fall ${n}. Hier steht nichts aus dem Fallraum; was Sie teilen, entscheiden Sie.`,

  groupUsage: {
    groups: "!gruppen",
    group_create: "!gruppe neu <JJJJ-MM-TTTHH:MM> <Minuten> <höchstens> <einmal|wöchentlich> <Thema> <Titel>",
    whisper: "!flüstern <Gruppe> <Pseudonym>",
    endwhisper: "!flüsternende <Gruppe> <Pseudonym>",
    expert: "!experte <Gruppe> <Person>",
  },
  groupPurpose: {
    groups: "die Gruppen, die Sie moderieren",
    group_create: "eine neue Gruppe (Zeit in Berlin)",
    whisper: "ein privater Flüsterraum mit einer teilnehmenden Person",
    endwhisper: "diesen Flüsterraum beenden",
    expert: "eine weitere Beraterin oder einen Berater als Fachperson für die laufende oder nächste Sitzung",
  },
  groupsIntro: "**Gruppen:**",
  groupBadTime: (shown) => `„${shown}“ ist keine Startzeit wie 2026-11-24T18:00 (Berliner Zeit).`,
  groupBadRepeat: (shown) => `Bitte „einmal“ oder „wöchentlich“ schreiben, nicht „${shown}“.`,
  groupRefusal: (r) => {
    switch (r.error) {
      case "invalid_input":
        return `Eine Angabe passt nicht${r.field ? ` (${groupFieldDe[r.field] ?? r.field})` : ""}. Nichts wurde angelegt.`;
      case "forbidden":
        return "Das dürfen nur Beraterinnen und Berater mit der Rolle Gruppenmoderation dieser Gruppe bzw. Beratungsstelle.";
      case "not_found":
        return `Unter Ihren Gruppen gibt es keine „${r.ref ?? ""}“ (oder sie ist nicht eindeutig). Mit \`!gruppen\` sehen Sie Ihre.`;
      case "unknown_topic":
        return "Dieses Thema gibt es nicht.";
      case "full":
        return "Die Gruppe ist voll.";
      case "ended":
        return "Diese Gruppe ist vorbei.";
      case "not_participant":
        return "Flüstern können nur Teilnehmende der Gruppe.";
      case "not_open":
        return "Flüsterräume gibt es nur, während die Sitzung der Gruppe läuft.";
      case "unknown_person":
        return `Niemand namens „${r.ref ?? ""}“ passt hier (oder der Name ist nicht eindeutig – dann bitte die Matrix-ID).`;
      case "conflict":
        return "Die Gruppe hat keine Moderation.";
    }
  },
  yourGroups: (count) => `**Ihre Gruppen (${count}):**`,
  noGroups: "Sie moderieren keine anstehende Gruppe.",
  groupLine: (g) => `- \`${g.ref}\` · ${g.title} · ${g.running ? `läuft bis ${g.when}` : `nächste Sitzung ${g.when}`}${g.weekly ? " · wöchentlich" : ""} · ${g.free} von ${g.max} Plätzen frei`,
  groupCreated: (g) => `Gruppe \`${g.ref}\` „${g.title}“ ist angelegt (${g.weekly ? "wöchentlich ab" : "am"} ${g.when}, ${g.minutes} Min., höchstens ${g.max}). Ihr Raum wird eingerichtet; Sie werden eingeladen.`,
  whisperClosed: (p) => `Der Flüsterraum mit ${p} ist geschlossen.`,
  whisperOpening: (p) => `Ein Flüsterraum mit ${p} wird eingerichtet; Sie werden beide eingeladen.`,
  whisperExists: (p) => `${p} hat in dieser Gruppe schon einen offenen Flüsterraum.`,
  expertNow: (who) => `${who} wird als Fachperson in die laufende Sitzung eingeladen.`,
  expertLater: (who, when) => `${who} wird als Fachperson eingeladen, wenn die Sitzung am ${when} beginnt.`,
  weekdayShort: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],

  moderationIntro: "**Moderation** (<Raum> ist eine Raum-ID !…:server oder Adresse #…:server; <Person> eine Matrix-ID @…:server oder das Pseudonym einer ratsuchenden Person):",
  moderationUsage: {
    mute: "!mute <Raum> <Person> [Minuten]",
    unmute: "!unmute <Raum> <Person>",
    kick: "!kick <Raum> <Person> [Grund]",
    ban: "!ban <Raum> <Person> [Grund]",
    unban: "!unban <Raum> <Person>",
    redact: "!redact <Raum> <Event-ID> [Grund]",
  },
  moderationPurpose: {
    mute: "eine Person für einige Minuten stumm schalten (Standard aus den Plattformregeln)",
    unmute: "Stummschaltung aufheben",
    kick: "eine Person aus dem Raum entfernen",
    ban: "eine Person entfernen und dauerhaft aussperren",
    unban: "Sperre im Raum aufheben",
    redact: "eine Nachricht entfernen",
  },
  moderationMistake: (m) => {
    switch (m.kind) {
      case "room_missing":
        return "Der Raum fehlt.";
      case "not_a_room":
        return `„${m.shown}“ ist keine Raum-ID und keine Raumadresse.`;
      case "event_missing":
        return "Die Event-ID fehlt.";
      case "person_missing":
        return "Wen? Die Person fehlt.";
      case "not_an_event":
        return `„${m.shown}“ ist keine Event-ID.`;
      case "too_many_arguments":
        return "Da steht zu viel hinter dem Befehl.";
      case "not_minutes":
        return `„${m.shown}“ ist keine Zahl von Minuten.`;
      case "too_many_minutes":
        return `Höchstens ${m.max} Minuten.`;
    }
  },
  modNoRoom: (room) => `Den Raum ${room} gibt es nicht.`,
  modNotModerated: (room) => `${room} ist kein Raum, den die Plattform moderiert.`,
  modNotModerator: (room) => `Sie moderieren ${room} nicht.`,
  modNobody: (name) => `Niemand heißt „${name}“.`,
  modImmune: (target, kind) => `${target} ist der Bot, moderiert diesen Raum oder leitet die Plattform und kann nicht ${kind === "mute" ? "stumm geschaltet" : kind === "kick" ? "entfernt" : "gesperrt"} werden.`,
  modMuted: (p) => `${p.target} ist in ${p.room} für ${p.minutes} Min. stumm geschaltet, bis ${p.until} Uhr. \`!unmute\` hebt das früher auf.`,
  modUnmuted: (target, room) => `${target} darf in ${room} wieder schreiben.`,
  modNotMuted: (target, room) => `${target} war in ${room} nicht stumm geschaltet.`,
  modKicked: (target, room) => `${target} wurde aus ${room} entfernt.`,
  modBanned: (target, room) => `${target} ist in ${room} gesperrt.`,
  modUnbanned: (target, room) => `Die Sperre von ${target} in ${room} ist aufgehoben.`,
  modRedacted: "Die Nachricht wurde entfernt.",
  modFailed: (code) => `Das hat nicht geklappt (${code}). Mit \`!hilfe\` sehen Sie die Befehle.`,
  floodNotice: (p) =>
    `Schutz vor Nachrichtenflut: ${p.who} hat in ${p.caseNumber !== null ? `dem Raum von **Fall ${p.caseNumber}** (${p.roomId})` : p.roomId} mehr als ${p.perMinute} Nachrichten in einer Minute geschickt und wurde ${
      p.action === "muted" ? `für ${p.minutes} Min. stumm geschaltet, bis ${p.until} Uhr (\`!unmute ${p.roomId} ${p.who}\` hebt das auf)` : p.action === "removed" ? "aus dem Raum entfernt" : "nicht eingeschränkt (Plattformregel: nur melden)"
    }.`,

  live: {
    help: [
      "**Live-Chat** (Ratsuchende ohne Anmeldung):",
      "- `!dienst an` (auch !duty on) – Sie sind im Live-Dienst bis zum Ende Ihrer laufenden Sprechzeit, sonst für drei Stunden; `!dienst an 60` für 60 Minuten",
      "- `!dienst aus` – Live-Dienst beenden; `!dienst` zeigt, ob Sie im Dienst sind",
      "- `!warteschlange` (auch !queue) – wer gerade im Live-Chat wartet; übernehmen wie jeden Fall mit `!übernehmen <Fall>`",
    ].join("\n"),
    mistake: (m) =>
      m.kind === "unknown_verb"
        ? `„${m.shown}“ kenne ich nicht. So geht es: \`!dienst an\`, \`!dienst an 60\` oder \`!dienst aus\`.`
        : `„${m.shown}“ ist keine Minutenzahl. So geht es: \`!dienst an 60\`.`,
    dutyOn: (p) =>
      `Sie sind im **Live-Dienst** bis ${p.until} Uhr${p.bySlot ? " (Ende Ihrer Sprechzeit)" : ""}. ${p.topics.length > 0 ? `Ratsuchende sehen jetzt „Jetzt live chatten“ für: ${p.topics.join(", ")}.` : "Ihre Beratungsstelle hat noch kein Thema, für das Ratsuchende live chatten könnten."} Beenden mit \`!dienst aus\`.`,
    dutyOff: "Ihr Live-Dienst ist beendet. Wartende Live-Chats bleiben im Pool, bis jemand sie übernimmt.",
    dutyStatus: (until) => (until === null ? "Sie sind gerade nicht im Live-Dienst. Beginnen mit `!dienst an`." : `Sie sind im Live-Dienst bis ${until} Uhr. Beenden mit \`!dienst aus\`.`),
    queueNotice: (p) =>
      `**Live-Chat wartet: Fall ${p.caseNumber}** · Thema: ${p.topic} · Region: ${p.region ? `${p.region}xxx` : "nicht angegeben"} · Platz ${p.position} in der Warteschlange – übernehmen mit \`!übernehmen ${p.caseNumber}\``,
    queueHead: (count) => `**Im Live-Chat warten (${count}):**`,
    queueEmpty: "Im Live-Chat wartet gerade niemand.",
    queueLine: (p) => `- **Fall ${p.caseNumber}** · ${p.topic} · wartet seit ${waitingTime(p.waitingMs)}${p.agency ? ` · ${p.agency}` : ""}`,
    ended: (p) =>
      `**Live-Chat Fall ${p.caseNumber}** ist beendet (${p.reason === "seeker_left" ? "die ratsuchende Person hat ihn verlassen" : p.reason === "idle" ? "niemand war mehr da" : "abgeschlossen"}). Das Gespräch und der vorläufige Zugang werden jetzt gelöscht.`,
    kept: (n) => `**Live-Chat Fall ${n}**: Die ratsuchende Person hat ihren Zugang behalten. Der Fall bleibt als gewöhnlicher Fall bestehen.`,
  },

  recommend: {
    help: [
      "**Beratung vor Ort:**",
      "- `!empfehlen <Fall> <Stelle> <kurze Notiz>` (auch !recommend) – empfiehlt der ratsuchenden Person eine Beratungsstelle; sie sieht deren Adresse, Telefon und Öffnungszeiten und Ihre Notiz auf ihrer Fallseite. <Stelle> ist der Kurzname der Stelle (wie im Kurzlink /a/…) oder ihre ID.",
    ].join("\n"),
    mistake: (m) =>
      m.kind === "missing"
        ? "Es fehlen Angaben. So geht es: `!empfehlen 12 suchthilfe-koeln Dort gibt es eine offene Sprechstunde.`"
        : m.kind === "not_a_case_number"
          ? `„${m.shown}“ ist keine Fallnummer. So geht es: \`!empfehlen 12 suchthilfe-koeln Notiz\`.`
          : `Die Notiz ist ${m.length} Zeichen lang; höchstens ${m.max} gehen. Nichts wurde gespeichert.`,
    done: (p) =>
      `**Fall ${p.caseNumber}:** ${p.agency} (${p.city}) ist empfohlen${p.withNote ? " – mit Ihrer Notiz" : ""}. Die ratsuchende Person sieht es auf ihrer Fallseite unter „Beratung vor Ort“.`,
    refusal: (r, n) =>
      r === "not_counselor"
        ? "Empfehlen können nur Beraterinnen und Berater."
        : r === "unknown_case" || r === "not_member"
          ? `Fall ${n} gibt es in Ihren Beratungsstellen nicht.`
          : r === "case_closed"
            ? `Fall ${n} ist abgeschlossen. Nichts wurde gespeichert.`
            : r === "unknown_agency"
              ? "Diese Beratungsstelle kenne ich nicht. Geben Sie ihren Kurznamen (wie im Kurzlink /a/…) oder ihre ID an."
              : r === "same_agency"
                ? `Fall ${n} ist schon bei dieser Beratungsstelle.`
                : "Die Notiz ist zu lang. Nichts wurde gespeichert.",
  },

  consultation: {
    help: [
      "**Sprechzeiten:**",
      "- `!sprechzeiten` (auch !hours) – Ihre Sprechzeiten, nummeriert",
      "- `!sprechzeiten neu Di 16:00 45` – jede Woche dienstags 16:00 Uhr für 45 Minuten",
      "- `!sprechzeiten neu 2026-12-08 16:00 45` – einmalig an diesem Tag",
      "- `!sprechzeiten weg 2` – Nummer 2 der Liste entfernen (gebuchte Termine werden abgesagt)",
      "- Leitung der Beratungsstelle: dieselben Befehle mit der Matrix-ID am Ende (z. B. `!sprechzeiten neu Di 16:00 45 @anna:beispiel.de`) für eine Beraterin oder einen Berater",
      "- `!termine` (auch !appointments) – Ihre Termine heute",
    ].join("\n"),
    mistake: (m) => {
      const usage = "So geht es: `!sprechzeiten neu Di 16:00 45` oder `!sprechzeiten neu 2026-12-08 16:00 45` (Tag, Uhrzeit, Minuten).";
      switch (m.kind) {
        case "no_arguments":
          return "`!termine` braucht keine weiteren Angaben.";
        case "which_number":
          return "Welche Nummer? So geht es: `!sprechzeiten weg 2` (die Nummer aus `!sprechzeiten`).";
        case "unknown_verb":
          return `„${m.shown}“ kenne ich nicht. ${usage}`;
        case "missing":
          return `Es fehlen Angaben. ${usage}`;
        case "not_a_time":
          return `„${m.shown}“ ist keine Uhrzeit wie 16:00. ${usage}`;
        case "not_minutes":
          return `„${m.shown}“ ist keine Dauer in Minuten. ${usage}`;
        case "not_a_day":
          return `„${m.shown}“ ist weder ein Wochentag (Mo, Di, …) noch ein Datum wie 2026-12-08. ${usage}`;
      }
    },
    weekdayLong: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
    monthLong: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    dateLong: (weekday, day, month, year) => `${weekday}, ${day}. ${month} ${year}`,
    dayShort: (year, month, day) => `${day}.${month}.${year}`,
    slotWeekly: (weekday, start, end) => `jeden ${weekday}, ${start}–${end} Uhr`,
    slotOnce: (date, start, end) => `am ${date}, ${start}–${end} Uhr`,
    listHead: (agency, whose) => (whose === undefined ? `**Ihre Sprechzeiten bei ${agency}:**` : `**Sprechzeiten von ${whose} bei ${agency}:**`),
    listNone: "Noch keine. Neu anlegen: `!sprechzeiten neu Di 16:00 45`",
    blockedDays: (days) => `Geschlossene Tage der Beratungsstelle: ${days}`,
    removeHint: "Entfernen: `!sprechzeiten weg <Nummer>`",
    added: (slot) => `Sprechzeit angelegt: ${slot}. Ratsuchende können sie ab jetzt buchen.`,
    removed: (slot, n) => `Sprechzeit entfernt: ${slot}.${n === 0 ? "" : n === 1 ? " Ein gebuchter Termin wurde abgesagt." : ` ${n} gebuchte Termine wurden abgesagt.`}`,
    refusal: (r) => {
      switch (r.kind) {
        case "no_number":
          return r.count === 0 ? "Sie haben keine Sprechzeiten, die sich entfernen ließen." : `Nummer ${r.number} gibt es nicht; Ihre Liste hat ${r.count} Einträge (siehe \`!sprechzeiten\`).`;
        case "overlap":
          return "Zu dieser Zeit haben Sie schon eine Sprechzeit. Nichts wurde angelegt.";
        case "past":
          return "Dieser Zeitpunkt liegt in der Vergangenheit. Nichts wurde angelegt.";
        case "too_far":
          return "Dieser Zeitpunkt liegt mehr als ein Jahr voraus. Nichts wurde angelegt.";
        case "length":
          return `Eine Sprechzeit dauert ${r.policy.minSlotMinutes} bis ${r.policy.maxSlotMinutes} Minuten. Nichts wurde angelegt.`;
        case "not_counselor":
          return "Sprechzeiten haben nur Beraterinnen und Berater einer Beratungsstelle.";
        case "which_agency":
          return "Sie gehören zu mehreren Beratungsstellen: bitte im Pool-Raum der Beratungsstelle schreiben, um die es geht.";
        case "not_admin":
          return "Sprechzeiten anderer Personen verwaltet nur die Leitung der Beratungsstelle. Nichts wurde geändert.";
        case "unknown_counselor":
          return `${r.userId.slice(0, 80)} berät nicht bei dieser Beratungsstelle. Nichts wurde geändert.`;
      }
    },
    failed: (detail) => `Das ging nicht: ${detail}`,
    noAppointments: (date) => `Heute (${date}) haben Sie keine gebuchten Termine.`,
    appointmentsHead: (date) => `**Ihre Termine heute (${date}):**`,
    appointmentLine: (a) => `- ${a.start}–${a.end} Uhr · **Fall ${a.caseNumber}** · ${a.topic}`,
    notice: (p) => `Chat-Termin in ${p.minutes} Minuten: **Fall ${p.caseNumber}**, ${p.start}–${p.end} Uhr. Der Fallraum ist bereit.`,
    noShow: (p) => {
      const head = `Chat-Termin ${p.at} Uhr, **Fall ${p.caseNumber}**:`;
      switch (p.outcome) {
        case "no_show_seeker":
          return `${head} Die ratsuchende Person ist nicht gekommen. Der Termin ist als nicht wahrgenommen vermerkt und die Zeit wieder frei.`;
        case "no_show_both":
          return `${head} Niemand war im Fallraum. Der Termin ist als nicht wahrgenommen vermerkt.`;
        case "no_show_counselor":
          return `${head} Die ratsuchende Person war da, aber niemand aus der Beratung. Bitte melden Sie sich im Fallraum.`;
      }
    },
    yourAgency: "Ihrer Beratungsstelle",
  },

  reasonNotInCase: "In diesen Raum gehören nur die ratsuchende Person und die Beratung dieses Falls.",
  reasonCaseNowWith: (n, counselor) => `Fall ${n} liegt jetzt bei ${counselor}.`,
  reasonCaseChanged: (n) => `Fall ${n} hat sich geändert.`,
  reasonNoLongerCounselor: "Nicht mehr in der Beratung dieser Beratungsstelle.",
  reasonNoLongerForumStaff: "Nicht mehr in einer Beratungsstelle zu diesem Thema.",
  reasonRemovedByModerator: "Von der Moderation entfernt.",
  reasonBannedByModerator: "Von der Moderation gesperrt.",
  reasonBanLifted: "Sperre von der Moderation aufgehoben.",
  reasonPolicyNoLonger: "Die Plattformregel gilt nicht mehr.",
  reasonFlood: "Zu viele Nachrichten in kurzer Zeit.",
  reasonNoLongerPlatformAdmin: "Nicht mehr in der Leitung der Plattform.",
  reasonWhisperEnded: "Das Flüstern ist beendet.",
  reasonExpertSessionEnded: "Die Sitzung als Fachperson ist vorbei.",
  reasonGroupSessionEnded: "Die Sitzung ist vorbei. Zur nächsten können Sie wieder beitreten.",
  reasonSeekerOnlyCaseRooms: "Ratsuchende schreiben nur in ihren Beratungsräumen.",
  reasonSeekerNoInvites: "Ratsuchende können niemanden einladen.",
};
