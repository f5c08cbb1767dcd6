// Job kinds of the case lifecycle. Each handler reads the truth from PostgreSQL and brings Matrix
// in line with it, so running one twice (after a crash, or two jobs about one room) is harmless:
//   agency.ensure_pool_room  the agency's pool room (alias #lotse_pool_<hash> makes it one room)
//   agency.sync_pool         invite the agency's pool counselors, remove everyone else
//   case.pool_notice         "new case #N" in the pool room (no content, no pseudonym)
//   room.send_notice         a bot reply (txn id = job id: the homeserver drops a resend)
//   case.sync_room           case room membership and status state after a transition
//   case.supervision_room    the encrypted supervision room of a case (alias #lotse_sup_<hash>)
import { createHash } from "node:crypto";
import {
  type BotLanguage,
  botMessages,
  commandHelp,
  desiredCaseRoom,
  desiredSupervisionRoom,
  desiredPoolRoom,
  LOTSE_CASE_STATUS_STATE_TYPE,
  noticeContent,
  poolRoles,
  type PlatformPolicy,
} from "@lotse/policies";
import {
  agencyBotLanguage,
  liveChatOfCase,
  counselorBotLanguage,
  enqueue,
  poolCounselorsOf,
} from "@lotse/store";
import { agencies, botDirectRooms, cases, counselors, seekers, topics } from "@lotse/store";
import { and, eq, inArray } from "drizzle-orm";
import type { Logger } from "pino";
import {
  matrixUserId,
  poolRoomAlias,
  poolRoomAliasLocalpart,
  supervisionRoomAlias,
  supervisionRoomAliasLocalpart,
} from "../matrix/caseRoomIdentity.ts";
import type { MatrixRoomApi } from "../matrix/MatrixRoomApi.ts";
import { reconcileRoom } from "../matrix/reconcileRoom.ts";
import {
  commandChatCreateBody,
  poolRoomCreateBody,
  supervisionRoomCreateBody,
} from "../matrix/roomTemplates.ts";
import { PermanentJobError } from "./jobErrors.ts";
import { createOrAdopt } from "./jobInput.ts";
import type { JobHandler, SomeJobHandlers } from "./jobTypes.ts";
import type { LotseTx } from "./jobTypes.ts";
import { erasureHandlers } from "./ErasureJobs.ts";

export type LifecycleJobDeps = {
  matrix: MatrixRoomApi;
  serverName: string;
  now?: () => Date;
  /** Room template data (platform policy `rooms`); default: the policy's defaults. */
  rooms?: PlatformPolicy["rooms"];
  /** Time zone of times the bot writes (case room topic lines); default Europe/Berlin. */
  timeZone?: string;
};

/** A topic's name in the bot's language. */
export function topicNameIn(lang: BotLanguage, t: { nameDe: string; nameEn: string }): string {
  return lang === "en" ? t.nameEn : t.nameDe;
}


// ---------------------------------------------------------------------------------------------
// Pool room

/** The agency's pool room id, creating the room (and recording it) when there is none yet. */
export async function ensurePoolRoom(tx: LotseTx, deps: LifecycleJobDeps, agencyId: string, log: Logger, attempts = 1): Promise<string> {
  // The row lock makes jobs about one agency (a pool sync and a new case's notice, say) wait for
  // each other here, so only one of them creates the room and the other finds it recorded.
  const [agency] = await tx
    .select({ name: agencies.name, poolRoomId: agencies.poolRoomId })
    .from(agencies)
    .where(eq(agencies.id, agencyId))
    .for("update");
  if (!agency) throw new PermanentJobError("agency not found");
  if (agency.poolRoomId) return agency.poolRoomId;
  const pool = await poolCounselorsOf(tx, agencyId, poolRoles);
  const body = poolRoomCreateBody({
    agencyId,
    agencyName: agency.name,
    messages: botMessages(await agencyBotLanguage(tx, agencyId)),
    botUserId: deps.matrix.botUserId,
    counselorUserIds: pool.map((c) => c.matrixUserId),
    aliasLocalpart: poolRoomAliasLocalpart(agencyId),
  }, deps.rooms?.pool);
  const { roomId, created } = await createOrAdopt(deps.matrix, body, poolRoomAlias(agencyId, deps.serverName), { kind: "pool", agencyId }, log, attempts);
  await tx.update(agencies).set({ poolRoomId: roomId, updatedAt: new Date() }).where(eq(agencies.id, agencyId));
  if (created) log.info({ agencyId, roomId, invited: body.invite.length }, "pool room created");
  else await syncPool(tx, deps, agencyId, roomId, log);
  return roomId;
}

/** Pool room membership = the agency's pool counselors (and the bot); the ACL follows them. */
export async function syncPool(tx: LotseTx, deps: LifecycleJobDeps, agencyId: string, roomId: string, log: Logger): Promise<{ invited: number; removed: number }> {
  const pool = (await poolCounselorsOf(tx, agencyId, poolRoles)).map((c) => c.matrixUserId);
  const [agency] = await tx.select({ name: agencies.name, lang: agencies.botLanguage }).from(agencies).where(eq(agencies.id, agencyId));
  const messages = botMessages(agency?.lang);
  const r = await reconcileRoom(
    deps.matrix,
    roomId,
    desiredPoolRoom(pool, { botUserId: deps.matrix.botUserId, messages, ...(agency ? { agencyName: agency.name } : {}), ...(deps.rooms?.pool ? { template: deps.rooms.pool } : {}) }),
  );
  const invited = r.invited.length;
  const removed = r.removed.length;
  if (invited + removed > 0 || r.aclChanged) log.info({ agencyId, roomId, invited, removed, aclChanged: r.aclChanged }, "pool room membership synced");
  return { invited, removed };
}

export function ensurePoolRoomHandler(deps: LifecycleJobDeps): JobHandler<"agency.ensure_pool_room"> {
  return async ({ tx, job, log }) => {
    const agencyId = job.payload.agencyId;
    return { roomId: await ensurePoolRoom(tx, deps, agencyId, log.child({ agencyId }), job.attempts) };
  };
}

export function syncPoolHandler(deps: LifecycleJobDeps): JobHandler<"agency.sync_pool"> {
  return async ({ tx, job, log }) => {
    const agencyId = job.payload.agencyId;
    const l = log.child({ agencyId });
    const roomId = await ensurePoolRoom(tx, deps, agencyId, l, job.attempts);
    const synced = await syncPool(tx, deps, agencyId, roomId, l);
    // The pool's counselors also belong in the rooms of the cases still waiting in the pool (and,
    // in team agencies, of every open case): bring those rooms in line too — membership and ACL.
    const [agency] = await tx.select({ team: agencies.teamAgency }).from(agencies).where(eq(agencies.id, agencyId));
    const open = await tx
      .select({ id: cases.id })
      .from(cases)
      .where(and(eq(cases.agencyId, agencyId), agency?.team ? inArray(cases.status, ["new", "in_progress"]) : eq(cases.status, "new")));
    for (const c of open) {
      await enqueue(tx, "case.sync_room", { caseId: c.id }, { key: `case.sync_room:${c.id}:pool:${job.id}`, caseId: c.id });
    }
    return { roomId, ...synced, caseRoomsToSync: open.length };
  };
}

/** The pool notice of a case (bot markup, in the agency's language): number, topic, postcode region, waiting time, who is away. */
export async function poolNoticeText(tx: LotseTx, caseId: string, now: Date, reason: "new" | "released" | string) {
  const [row] = await tx
    .select({
      caseNumber: cases.caseNumber,
      status: cases.status,
      agencyId: cases.agencyId,
      createdAt: cases.createdAt,
      postcodeRegion: cases.postcodeRegion,
      nameDe: topics.nameDe,
      nameEn: topics.nameEn,
    })
    .from(cases)
    .innerJoin(topics, eq(topics.id, cases.topicId))
    .where(eq(cases.id, caseId));
  if (!row) throw new PermanentJobError("case not found");
  const lang = await agencyBotLanguage(tx, row.agencyId);
  const away = (await poolCounselorsOf(tx, row.agencyId, poolRoles)).filter((c) => c.awayMessage !== null).map((c) => c.displayName);
  // A live chat without registration waits in the queue: the notice says so, with its place.
  const live = await liveChatOfCase(tx, caseId);
  if (live && reason !== "released") {
    const text = botMessages(lang).live.queueNotice({ caseNumber: row.caseNumber, topic: topicNameIn(lang, row), region: row.postcodeRegion, position: live.position });
    return { row, text };
  }
  const text = botMessages(lang).poolNotice({
    caseNumber: row.caseNumber,
    reason: reason === "released" ? "released" : "new",
    topic: topicNameIn(lang, row),
    region: row.postcodeRegion,
    waitingMs: now.getTime() - row.createdAt.getTime(),
    away,
  });
  return { row, text };
}

export function poolNoticeHandler(deps: LifecycleJobDeps): JobHandler<"case.pool_notice"> {
  return async ({ tx, job, log }) => {
    const caseId = job.payload.caseId;
    const reason = job.payload.reason ?? "new";
    const now = deps.now?.() ?? new Date();
    const { row, text } = await poolNoticeText(tx, caseId, now, reason);
    if (reason === "new" && row.status !== "new") return { skipped: `case is ${row.status}` };
    const roomId = await ensurePoolRoom(tx, deps, row.agencyId, log, job.attempts);
    const eventId = await deps.matrix.sendEvent(roomId, "m.room.message", `lotse-job-${job.id}`, {
      ...noticeContent(text),
      "org.lotse.case_number": row.caseNumber,
    });
    return { roomId, eventId };
  };
}

export function sendNoticeHandler(deps: LifecycleJobDeps): JobHandler<"room.send_notice"> {
  return async ({ job }) => {
    const roomId = job.payload.roomId;
    const body = job.payload.body;
    const inReplyTo = job.payload.inReplyTo;
    // The body is bot markup (a catalogue text): plain body and HTML formatted_body.
    const content: Record<string, unknown> = { ...noticeContent(body) };
    if (typeof inReplyTo === "string") content["m.relates_to"] = { "m.in_reply_to": { event_id: inReplyTo } };
    const eventId = await deps.matrix.sendEvent(roomId, "m.room.message", `lotse-job-${job.id}`, content);
    return { eventId };
  };
}

// ---------------------------------------------------------------------------------------------
// Case room after a transition

export function syncCaseRoomHandler(deps: LifecycleJobDeps): JobHandler<"case.sync_room"> {
  return async ({ tx, job, log }) => {
    const caseId = job.payload.caseId;
    const r = await syncCaseRoom(tx, deps, caseId, log);
    return { roomId: r.roomId, invited: r.invited, removed: r.removed.length };
  };
}

/**
 * Brings a case room in line with the case row (desiredCaseRoom): membership (pool while new,
 * then the assigned counselor — the whole team in team agencies), ACL, power levels for those
 * members, and the status state event. With `restoreStructure`, also the template's join rule,
 * history visibility, guest access, encryption and the complete power levels (after tampering).
 */
export async function syncCaseRoom(
  tx: LotseTx,
  deps: LifecycleJobDeps,
  caseId: string,
  log: Logger,
  opts: { restoreStructure?: boolean; restoreAcl?: boolean } = {},
): Promise<{ roomId: string; caseNumber: number; agencyId: string; invited: number; removed: string[]; restored: string[] }> {
  const [kase] = await tx
    .select({
      roomId: cases.roomId,
      status: cases.status,
      caseNumber: cases.caseNumber,
      agencyId: cases.agencyId,
      seekerLocalpart: seekers.matrixLocalpart,
      teamAgency: agencies.teamAgency,
      assignedId: cases.assignedCounselorId,
      createdAt: cases.createdAt,
      botLanguage: agencies.botLanguage,
      nameDe: topics.nameDe,
      nameEn: topics.nameEn,
    })
    .from(cases)
    .innerJoin(topics, eq(topics.id, cases.topicId))
    // Left join: a seeker who deleted the account has no row (and no user in the room) any more.
    .leftJoin(seekers, eq(seekers.id, cases.seekerId))
    .innerJoin(agencies, eq(agencies.id, cases.agencyId))
    .where(eq(cases.id, caseId))
    // One sync per case at a time: two jobs about one room (a take, then an absence) must not
    // interleave, or the older one's view could overwrite the newer one's state event.
    .for("update", { of: cases });
  if (!kase) throw new PermanentJobError("case not found");
  // Transient: the case.create_room job will record the room; this job retries until then.
  if (!kase.roomId) throw new Error("the case room does not exist yet");
  const roomId = kase.roomId;
  const [assigned] = kase.assignedId
    ? await tx
        .select({ userId: counselors.matrixUserId, displayName: counselors.displayName, awayMessage: counselors.awayMessage })
        .from(counselors)
        .where(eq(counselors.id, kase.assignedId))
    : [];
  const pool = (await poolCounselorsOf(tx, kase.agencyId, poolRoles)).map((c) => c.matrixUserId);
  const desired = desiredCaseRoom(
    {
      caseId,
      caseNumber: kase.caseNumber,
      status: kase.status,
      teamAgency: kase.teamAgency,
      seekerUserId: kase.seekerLocalpart === null ? null : matrixUserId(kase.seekerLocalpart, deps.serverName),
      assigned: assigned ?? null,
      topicName: topicNameIn(kase.botLanguage === "en" ? "en" : "de", kase),
      createdAt: kase.createdAt,
    },
    pool,
    {
      botUserId: deps.matrix.botUserId,
      template: deps.rooms?.case,
      restoreStructure: opts.restoreStructure,
      messages: botMessages(kase.botLanguage),
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
    },
  );
  const r = await reconcileRoom(deps.matrix, roomId, desired);
  const restored = [
    ...(r.aclChanged && opts.restoreAcl ? ["m.room.server_acl"] : []),
    ...(r.powerLevelsChanged && opts.restoreStructure ? ["m.room.power_levels"] : []),
    // Status, name and topic line follow every transition; they are not a restoration.
    ...r.stateChanged.filter((type) => type !== LOTSE_CASE_STATUS_STATE_TYPE && type !== "m.room.name" && type !== "m.room.topic"),
  ];
  const invited = r.invited.length;
  log.info({ caseId, roomId, status: kase.status, invited, removed: r.removed.length, restored }, "case room synced");
  return { roomId, caseNumber: kase.caseNumber, agencyId: kase.agencyId, invited, removed: r.removed, restored };
}

// ---------------------------------------------------------------------------------------------
// Supervision room

export function supervisionRoomHandler(deps: LifecycleJobDeps): JobHandler<"case.supervision_room"> {
  return async ({ tx, job, log }) => {
    const caseId = job.payload.caseId;
    const supervisorUserId = job.payload.supervisorUserId;
    const [kase] = await tx
      .select({ caseNumber: cases.caseNumber, agencyId: cases.agencyId, supervisionRoomId: cases.supervisionRoomId, assignedUserId: counselors.matrixUserId })
      .from(cases)
      .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
      .where(eq(cases.id, caseId));
    if (!kase) throw new PermanentJobError("case not found");
    const wanted = [kase.assignedUserId, supervisorUserId].filter((u): u is string => typeof u === "string");
    let roomId = kase.supervisionRoomId;
    if (!roomId) {
      const body = supervisionRoomCreateBody({
        caseId,
        caseNumber: kase.caseNumber,
        messages: botMessages(await agencyBotLanguage(tx, kase.agencyId)),
        botUserId: deps.matrix.botUserId,
        memberUserIds: wanted,
        aliasLocalpart: supervisionRoomAliasLocalpart(caseId),
      }, deps.rooms?.supervision);
      roomId = (await createOrAdopt(deps.matrix, body, supervisionRoomAlias(caseId, deps.serverName), { kind: "supervision", caseId }, log, job.attempts)).roomId;
      await tx.update(cases).set({ supervisionRoomId: roomId, updatedAt: new Date() }).where(eq(cases.id, caseId));
    }
    const members = await deps.matrix.getMemberships(roomId);
    const current = await deps.matrix.getStateContent(roomId, "m.room.power_levels", "");
    const desired = desiredSupervisionRoom(
      {
        wanted,
        present: [...members].filter(([, m]) => m === "join" || m === "invite").map(([u]) => u),
        currentUsers: (current?.users as Record<string, number> | undefined) ?? {},
      },
      { botUserId: deps.matrix.botUserId, ...(deps.rooms ? { template: deps.rooms.supervision } : {}) },
    );
    await reconcileRoom(deps.matrix, roomId, desired, { members });
    log.info({ caseId, roomId }, "supervision room ready");
    return { roomId };
  };
}

/** The bot's unencrypted command chat with a counselor (alias #lotse_dm_<hash> makes it one room). */
export function openCommandChatHandler(deps: LifecycleJobDeps): JobHandler<"counselor.open_command_chat"> {
  return async ({ tx, job, log }) => {
    const userId = job.payload.userId;
    const aliasLocalpart = `lotse_dm_${createHash("sha256").update(`lotse-command-chat:${userId}`).digest("hex").slice(0, 32)}`;
    const msgs = botMessages(await counselorBotLanguage(tx, userId));
    const body = { ...commandChatCreateBody(deps.matrix.botUserId, userId, deps.rooms?.command_chat, msgs), room_alias_name: aliasLocalpart };
    const { roomId, created } = await createOrAdopt(deps.matrix, body, `#${aliasLocalpart}:${deps.serverName}`, { kind: "command_chat", userId }, log, job.attempts);
    if (!created) {
      const m = (await deps.matrix.getMemberships(roomId)).get(userId);
      if (m !== "join" && m !== "invite") await deps.matrix.invite(roomId, userId);
    }
    await tx
      .insert(botDirectRooms)
      .values({ matrixUserId: userId, roomId })
      .onConflictDoUpdate({ target: botDirectRooms.matrixUserId, set: { roomId, createdAt: new Date() } });
    await deps.matrix.sendEvent(roomId, "m.room.message", `lotse-job-${job.id}`, noticeContent(`${msgs.commandChatHello}\n${commandHelp(msgs)}`));
    return { roomId };
  };
}

/** "Case #N has waited 24 h without an answer" in the pool room. */
export function reminderNoticeHandler(deps: LifecycleJobDeps): JobHandler<"case.reminder_notice"> {
  return async ({ tx, job, log }) => {
    const caseId = job.payload.caseId;
    const hours = job.payload.hours;
    const [row] = await tx
      .select({ caseNumber: cases.caseNumber, agencyId: cases.agencyId, status: cases.status, firstAnswerAt: cases.firstAnswerAt, assignedName: counselors.displayName })
      .from(cases)
      .leftJoin(counselors, eq(counselors.id, cases.assignedCounselorId))
      .where(eq(cases.id, caseId));
    if (!row) throw new PermanentJobError("case not found");
    if (row.firstAnswerAt) return { skipped: "answered meanwhile" };
    const roomId = await ensurePoolRoom(tx, deps, row.agencyId, log, job.attempts);
    const msgs = botMessages(await agencyBotLanguage(tx, row.agencyId));
    const eventId = await deps.matrix.sendEvent(roomId, "m.room.message", `lotse-job-${job.id}`, {
      ...noticeContent(msgs.reminder({ caseNumber: row.caseNumber, hours, inPool: row.status === "new", assignedName: row.assignedName ?? null })),
      "org.lotse.case_number": row.caseNumber,
    });
    return { roomId, eventId };
  };
}

/**
 * Someone other than the bot changed a case room's structure (join rule, encryption, visibility,
 * power levels, ACL) or invited someone: restore the template, remove whoever does not belong,
 * and say what happened in the agency's pool room.
 */
export function restoreStructureHandler(deps: LifecycleJobDeps): JobHandler<"case.restore_structure"> {
  return async ({ tx, job, log }) => {
    const caseId = job.payload.caseId;
    const sender = job.payload.sender;
    const type = job.payload.type;
    const r = await syncCaseRoom(tx, deps, caseId, log, { restoreStructure: true, restoreAcl: type === "m.room.server_acl" });
    if (r.restored.length + r.removed.length === 0) return { roomId: r.roomId, changed: false };
    const [who] = await tx.select({ name: counselors.displayName }).from(counselors).where(eq(counselors.matrixUserId, sender));
    const msgs = botMessages(await agencyBotLanguage(tx, r.agencyId));
    const poolRoomId = await ensurePoolRoom(tx, deps, r.agencyId, log, job.attempts);
    await deps.matrix.sendEvent(poolRoomId, "m.room.message", `lotse-job-${job.id}`, {
      ...noticeContent(msgs.structureRestored({ caseNumber: r.caseNumber, who: who?.name ?? sender, eventType: type, restored: r.restored, removed: r.removed.length })),
      "org.lotse.case_number": r.caseNumber,
    });
    log.warn({ caseId, roomId: r.roomId, type, restored: r.restored, removed: r.removed.length }, "case room structure restored");
    return { roomId: r.roomId, restored: r.restored, removed: r.removed.length };
  };
}

export type LifecycleJobKind =
  | "case.restore_structure"
  | "case.reminder_notice"
  | "counselor.open_command_chat"
  | "agency.ensure_pool_room"
  | "agency.sync_pool"
  | "case.pool_notice"
  | "room.send_notice"
  | "case.sync_room"
  | "case.supervision_room"
  | "case.seeker_deleted_notice";

export function lifecycleHandlers(deps: LifecycleJobDeps): SomeJobHandlers<LifecycleJobKind> {
  return {
    "case.restore_structure": restoreStructureHandler(deps),
    "case.reminder_notice": reminderNoticeHandler(deps),
    "counselor.open_command_chat": openCommandChatHandler(deps),
    "agency.ensure_pool_room": ensurePoolRoomHandler(deps),
    "agency.sync_pool": syncPoolHandler(deps),
    "case.pool_notice": poolNoticeHandler(deps),
    "room.send_notice": sendNoticeHandler(deps),
    "case.sync_room": syncCaseRoomHandler(deps),
    "case.supervision_room": supervisionRoomHandler(deps),
    ...erasureHandlers(deps),
  };
}

