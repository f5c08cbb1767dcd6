// The authorization matrix over EVERY route of the API (issue 7): each route of the OpenAPI
// document (GET /docs/json) × each role — anonymous, seeker, other seeker, counselor of the
// agency, counselor of another agency, main counselor, supervisor, group moderator, agency admin,
// platform admin — with the expected status, generated from ONE table below. A route in the
// document without a row fails the run: whoever adds a route adds its row.
//
// Every cell runs against a fresh world (two agencies, a person per role with the memberships
// the token claims, two seekers, a case of the seeker in the agency, a group of the agency),
// because many allowed requests change it (take, close, delete, …). The app runs in-process on
// the real PostgreSQL and Synapse of the test stack; no bridge runs, so routes that wait for a
// room the bridge would create answer 503 LOTSE_ROOM_PENDING to the roles that get that far.
import { randomBytes, randomUUID } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@lotse/store";
import { PasswordHasher } from "../src/domain/passwords.ts";
import { signSeekerToken } from "../src/plugins/auth.ts";
import type { StaffPrincipal } from "../src/plugins/staffAuth.ts";
import { bearer, buildTestApp, openDb, stack, testConfig, uniquePseudonym } from "./helpers.ts";
import { insertAgency, insertCounselor, matrixUser, requestOpenIdToken, retireAgenciesCreatedSince, staffToken } from "./authHelpers.ts";

const ROLES = [
  "anonymous",
  "seeker",
  "otherSeeker",
  "counselor",
  "counselorOther",
  "mainCounselor",
  "supervisor",
  "moderator",
  "agencyAdmin",
  "platformAdmin",
] as const;
type Role = (typeof ROLES)[number];
const SEEKERS: Role[] = ["seeker", "otherSeeker"];
const STAFF: Role[] = ["counselor", "counselorOther", "mainCounselor", "supervisor", "moderator", "agencyAdmin", "platformAdmin"];

const PASSWORD = "authz matrix password";
const TOPIC = "sucht";
const POSTCODE = "10115";

type World = {
  agencyA: string;
  agencyB: string;
  people: Record<Exclude<Role, "anonymous" | "seeker" | "otherSeeker">, { userId: string; counselorId: string | null }>;
  seeker: { id: string; username: string };
  otherSeeker: { id: string; username: string };
  caseNumber: number;
  groupId: string;
  extraAdmin: string;
  openId?: unknown;
  /** A one-off consultation slot of the counselor in agency A (tomorrow), its occurrence key, a booking of it by the seeker. */
  slotId?: string;
  slotKey?: string;
  bookingId?: string;
  /** The seeker's case's id (rows that need it look it up in `prepare`). */
  caseId?: string;
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

type Row = {
  /** OpenAPI form: "POST /v1/staff/cases/{caseNumber}/take". */
  route: string;
  url: (w: World) => string;
  body?: (w: World) => unknown;
  contentType?: string;
  /** Prepares the world for this route (e.g. the case's status). */
  prepare?: (w: World) => Promise<void>;
  /** Expected status per role; roles not listed get `others`. */
  expect: Partial<Record<Role, number>>;
  others: number;
  timeoutMs?: number;
};

// Shorthands for the common shapes.
const publicRoute = (status: number): Pick<Row, "expect" | "others"> => ({ expect: {}, others: status });
const seekerRoute = (status: number): Pick<Row, "expect" | "others"> => ({ expect: { seeker: status, otherSeeker: status }, others: 401 });
const staffOnly = (allowed: Partial<Record<Role, number>>, deniedStaff = 403): Pick<Row, "expect" | "others"> => ({
  expect: { anonymous: 401, seeker: 401, otherSeeker: 401, ...Object.fromEntries(STAFF.map((r) => [r, deniedStaff])), ...allowed },
  others: deniedStaff,
});
const platformOnly = (status: number) => staffOnly({ platformAdmin: status });
const agencyAdminOrPlatform = (status: number) => staffOnly({ agencyAdmin: status, platformAdmin: status });
/** Any agency admin (own agency or not) and platform admins: the admin lists filter by agency. */
const anyAdmin = (status: number) => staffOnly({ agencyAdmin: status, platformAdmin: status });
/** Staff routes that need a counselor record: platform admins signed in without one get 403. */
const counselorsOnly = (status: number) => staffOnly(Object.fromEntries(STAFF.filter((r) => r !== "platformAdmin").map((r) => [r, status])));

let db: DbHandle;
let app: FastifyInstance;
let passwordHash: string;
const fileStarted = new Date();
const hex = () => randomBytes(5).toString("hex");
const uid = (p: string) => `@${p}_${hex()}:localhost`;

/** A one-off slot of agency A's counselor tomorrow (rows as the store writes them). */
async function addSlot(w: World): Promise<void> {
  const [slot] = await db.sql<{ id: string }[]>`
    insert into consultation_slots (agency_id, counselor_id, starts_at, minutes, created_by)
    values (${w.agencyA}, ${w.people.counselor.counselorId}, date_trunc('hour', now() + interval '1 day'), 30, 'test') returning id`;
  w.slotId = slot!.id;
  w.slotKey = `o:${slot!.id}`;
}

/** The slot, booked by the seeker. */
async function addBooking(w: World): Promise<void> {
  await addSlot(w);
  const [kase] = await db.sql<{ id: string }[]>`select id from cases where case_number = ${w.caseNumber}`;
  const [b] = await db.sql<{ id: string }[]>`
    insert into bookings (agency_id, seeker_id, slot_id, occurrence_key, counselor_id, case_id, starts_at, ends_at)
    values (${w.agencyA}, ${w.seeker.id}, ${w.slotId!}, ${w.slotKey!}, ${w.people.counselor.counselorId}, ${kase!.id},
            date_trunc('hour', now() + interval '1 day'), date_trunc('hour', now() + interval '1 day') + interval '30 minutes') returning id`;
  w.bookingId = b!.id;
}

const BLOCK_DAY = "2031-05-01";

/** The policy-list room (as the bridge makes it, when no bridge has yet) and a rule naming BANNED. */
const BANNED = `@authz_banned_${randomBytes(4).toString("hex")}:localhost`;
async function policyRule(): Promise<void> {
  const s = stack();
  const as = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${s.homeserverUrl}${path}`, { method, headers: { authorization: `Bearer ${s.asToken}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
  const alias = `#${s.userPrefix}policy:${s.serverName}`;
  let dir = await as("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
  if (dir.status === 404) {
    await as("POST", "/_matrix/client/v3/createRoom", { room_alias_name: `${s.userPrefix}policy`, preset: "private_chat" });
    dir = await as("GET", `/_matrix/client/v3/directory/room/${encodeURIComponent(alias)}`);
  }
  const roomId = dir.json.room_id as string;
  await as("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.policy.rule.user/${encodeURIComponent(`rule:${BANNED}`)}`, { entity: BANNED, recommendation: "m.ban", reason: "authz" });
}
/** Agency A's counselors and admins may read its hours; admins and the counselor themselves manage them. */
const agencyAStaff = (status: number) => staffOnly({ counselor: status, mainCounselor: status, supervisor: status, moderator: status, agencyAdmin: status, platformAdmin: status });
const ownHoursOrAdmin = (status: number) => staffOnly({ counselor: status, agencyAdmin: status, platformAdmin: status });

async function setCase(w: World, status: "new" | "in_progress" | "closed", assigned: "counselor" | null): Promise<void> {
  const counselorId = assigned ? w.people[assigned].counselorId : null;
  await db.sql`update cases set status = ${status}, assigned_counselor_id = ${counselorId} where case_number = ${w.caseNumber}`;
}

/** The topic's forum with a stand-in room id (the bridge would make the real one). */
async function standInForumRoom(): Promise<void> {
  await db.sql`insert into forums (topic_id, room_id) values (${TOPIC}, ${FORUM_STAND_IN}) on conflict (topic_id) do update set room_id = excluded.room_id`;
}
const FORUM_STAND_IN = "!authz-matrix-forum:localhost";

const table: Row[] = [
  // Public: the same answer whoever asks (a token, valid or not, changes nothing).
  { route: "GET /health", url: () => "/health", ...publicRoute(200) },
  { route: "GET /v1/topics", url: () => "/v1/topics", ...publicRoute(200) },
  { route: "GET /v1/attachments/policy", url: () => "/v1/attachments/policy", ...publicRoute(200) },
  { route: "GET /v1/agencies", url: () => `/v1/agencies?topic=${TOPIC}&postcode=${POSTCODE}`, ...publicRoute(200) },
  { route: "GET /v1/groups", url: () => "/v1/groups", ...publicRoute(200) },
  { route: "GET /v1/agencies/{agencyId}", url: (w) => `/v1/agencies/${w.agencyA}`, ...publicRoute(200) },
  {
    route: "POST /v1/seekers",
    url: () => "/v1/seekers",
    body: () => ({ username: uniquePseudonym("Matrix"), password: PASSWORD, topic: TOPIC, postcode: POSTCODE }),
    ...publicRoute(201),
  },
  { route: "POST /v1/login", url: () => "/v1/login", body: (w) => ({ username: w.seeker.username, password: PASSWORD }), ...publicRoute(200) },
  { route: "POST /v1/auth/refresh", url: () => "/v1/auth/refresh", body: () => ({ refreshToken: `bogus-${hex()}` }), ...publicRoute(401) },
  { route: "POST /v1/auth/logout", url: () => "/v1/auth/logout", body: () => ({ refreshToken: `bogus-${hex()}` }), ...publicRoute(204) },
  { route: "GET /v1/auth/matrix/homeservers", url: () => "/v1/auth/matrix/homeservers", ...publicRoute(200) },
  {
    route: "POST /v1/auth/matrix",
    url: () => "/v1/auth/matrix",
    // A counselor's own Matrix account signs in; the Authorization header plays no part.
    prepare: async (w) => {
      const user = await matrixUser(stack(), "authz");
      await insertCounselor(db, user.userId, [{ agencyId: w.agencyA, role: "counselor" }]);
      w.openId = await requestOpenIdToken(stack(), user);
    },
    body: (w) => w.openId,
    ...publicRoute(200),
  },

  // The seeker's own things: both seekers act on their own account; staff tokens are no seeker tokens.
  { route: "GET /v1/cases", url: () => "/v1/cases", ...seekerRoute(200) },
  {
    route: "GET /v1/cases/{caseId}/local-help",
    prepare: async (w) => {
      w.caseId = (await db.sql<{ id: string }[]>`select id from cases where case_number = ${w.caseNumber}`)[0]!.id;
    },
    url: (w) => `/v1/cases/${w.caseId}/local-help`,
    // Another seeker's case is as unknown as a missing one.
    expect: { seeker: 200, otherSeeker: 404 },
    others: 401,
  },
  {
    route: "POST /v1/staff/cases/{caseNumber}/recommendations",
    url: (w) => `/v1/staff/cases/${w.caseNumber}/recommendations`,
    body: (w) => ({ agency: w.agencyB, note: "Bitte dort anrufen." }),
    // Every member of the case's agency; another agency's counselor does not see the case; a
    // platform admin without a counselor record recommends nothing.
    ...staffOnly({ counselor: 201, mainCounselor: 201, supervisor: 201, moderator: 201, agencyAdmin: 201, counselorOther: 404 }),
  },
  { route: "GET /v1/admin/agencies/{id}/entry", url: (w) => `/v1/admin/agencies/${w.agencyA}/entry`, ...agencyAdminOrPlatform(200) },
  { route: "POST /v1/cases", url: () => "/v1/cases", body: (w) => ({ topic: TOPIC, agencyId: w.agencyA }), ...seekerRoute(201) },
  { route: "POST /v1/matrix/session", url: () => "/v1/matrix/session", ...seekerRoute(200) },
  { route: "POST /v1/seekers/me/password", url: () => "/v1/seekers/me/password", body: () => ({ oldPassword: PASSWORD, newPassword: `${PASSWORD} neu` }), ...seekerRoute(204) },
  { route: "PATCH /v1/seekers/me", url: () => "/v1/seekers/me", body: () => ({ pseudonym: `Fluss ${hex()}`.replace(/\d/g, "x") }), ...seekerRoute(200) },
  { route: "DELETE /v1/seekers/me", url: () => "/v1/seekers/me", body: () => ({ password: PASSWORD }), ...seekerRoute(204) },
  { route: "GET /v1/seekers/me/export", url: () => "/v1/seekers/me/export", ...seekerRoute(200) },
  // The live chat without registration (this app has no Synapse admin token: not offered). A
  // registered seeker has no live chat, so the seeker's own live routes find nothing.
  { route: "GET /v1/live", url: () => "/v1/live", ...publicRoute(200) },
  { route: "POST /v1/live", url: () => "/v1/live", body: () => ({ topic: TOPIC }), ...publicRoute(503) },
  { route: "GET /v1/live/me", url: () => "/v1/live/me", ...seekerRoute(404) },
  { route: "POST /v1/live/me/end", url: () => "/v1/live/me/end", ...seekerRoute(404) },
  { route: "POST /v1/live/me/keep", url: () => "/v1/live/me/keep", body: () => ({ password: PASSWORD }), ...seekerRoute(409) },
  { route: "POST /v1/auth/logout-all", url: () => "/v1/auth/logout-all", ...seekerRoute(204) },

  // Groups: seekers join; only participants whisper; only the group's moderator adds experts.
  {
    route: "POST /v1/groups",
    url: () => "/v1/groups",
    body: () => ({
      title: `Gruppe ${hex()}`,
      topicId: TOPIC,
      description: "",
      rules: "",
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      durationMinutes: 60,
      repeatWeekly: false,
      maxParticipants: 10,
    }),
    // The moderator passes every check; the room is the bridge's work (none runs here).
    ...staffOnly({ moderator: 503 }),
    timeoutMs: 90_000,
  },
  { route: "POST /v1/groups/{groupId}/join", url: (w) => `/v1/groups/${w.groupId}/join`, ...seekerRoute(200) },
  // Forums: titles and counts for anyone; joining and reporting for registered seekers. The
  // forum's room is a stand-in id (no bridge runs): join answers it at once, and a report names
  // an event the homeserver does not know there (404 LOTSE_UNKNOWN_EVENT once past the checks).
  { route: "GET /v1/forums", url: () => "/v1/forums", ...publicRoute(200) },
  { route: "GET /v1/forums/{topic}/threads", url: () => `/v1/forums/${TOPIC}/threads`, ...publicRoute(200) },
  { route: "POST /v1/forums/{topic}/join", url: () => `/v1/forums/${TOPIC}/join`, prepare: standInForumRoom, ...seekerRoute(200) },
  {
    route: "POST /v1/forums/{topic}/reports",
    url: () => `/v1/forums/${TOPIC}/reports`,
    body: () => ({ eventId: "$authz-matrix-event", reason: "spam" }),
    prepare: standInForumRoom,
    ...seekerRoute(404),
  },
  { route: "POST /v1/groups/{groupId}/whisper", url: (w) => `/v1/groups/${w.groupId}/whisper`, expect: { seeker: 200, otherSeeker: 403 }, others: 401 },
  { route: "POST /v1/groups/{groupId}/whisper/end", url: (w) => `/v1/groups/${w.groupId}/whisper/end`, expect: { seeker: 204, otherSeeker: 404 }, others: 401 },
  {
    route: "POST /v1/groups/{groupId}/experts",
    url: (w) => `/v1/groups/${w.groupId}/experts`,
    body: (w) => ({ counselor: w.people.supervisor.userId }),
    ...staffOnly({ moderator: 201, platformAdmin: 403 }),
  },

  // Staff case work: roles are those in the case's agency (A); another agency's case is unknown (404).
  // Consultation hours: free slots are public; booking is the seeker's; staff manage hours.
  { route: "GET /v1/agencies/{agencyId}/slots", url: (w) => `/v1/agencies/${w.agencyA}/slots`, ...publicRoute(200) },
  { route: "POST /v1/bookings", url: () => "/v1/bookings", prepare: addSlot, body: (w) => ({ agencyId: w.agencyA, topic: TOPIC, key: w.slotKey }), ...seekerRoute(201) },
  { route: "GET /v1/bookings", url: () => "/v1/bookings", ...seekerRoute(200) },
  { route: "DELETE /v1/bookings/{bookingId}", url: (w) => `/v1/bookings/${w.bookingId}`, prepare: addBooking, expect: { seeker: 204, otherSeeker: 404 }, others: 401 },
  { route: "GET /v1/bookings/{bookingId}/calendar.ics", url: (w) => `/v1/bookings/${w.bookingId}/calendar.ics`, prepare: addBooking, expect: { seeker: 200, otherSeeker: 404 }, others: 401 },
  { route: "GET /v1/staff/agencies/{agencyId}/consultation-hours", url: (w) => `/v1/staff/agencies/${w.agencyA}/consultation-hours`, ...agencyAStaff(200) },
  {
    route: "POST /v1/staff/agencies/{agencyId}/consultation-hours/slots",
    url: (w) => `/v1/staff/agencies/${w.agencyA}/consultation-hours/slots`,
    body: (w) => ({ counselorId: w.people.counselor.counselorId, weekday: 3, start: "09:00", minutes: 30 }),
    ...ownHoursOrAdmin(201),
  },
  {
    route: "DELETE /v1/staff/agencies/{agencyId}/consultation-hours/slots/{slotId}",
    url: (w) => `/v1/staff/agencies/${w.agencyA}/consultation-hours/slots/${w.slotId}`,
    prepare: addSlot,
    ...ownHoursOrAdmin(200),
  },
  {
    route: "PUT /v1/staff/agencies/{agencyId}/consultation-hours/blocked-days/{day}",
    url: (w) => `/v1/staff/agencies/${w.agencyA}/consultation-hours/blocked-days/${BLOCK_DAY}`,
    ...agencyAdminOrPlatform(200),
  },
  {
    route: "DELETE /v1/staff/agencies/{agencyId}/consultation-hours/blocked-days/{day}",
    url: (w) => `/v1/staff/agencies/${w.agencyA}/consultation-hours/blocked-days/${BLOCK_DAY}`,
    prepare: async (w) => {
      await db.sql`insert into consultation_blocked_days (agency_id, day) values (${w.agencyA}, ${BLOCK_DAY})`;
    },
    ...agencyAdminOrPlatform(204),
  },

  { route: "GET /v1/staff/cases", url: () => "/v1/staff/cases", ...counselorsOnly(200) },
  { route: "GET /v1/staff/live-duty", url: () => "/v1/staff/live-duty", ...counselorsOnly(200) },
  { route: "PUT /v1/staff/live-duty", url: () => "/v1/staff/live-duty", body: () => ({ minutes: 5 }), ...counselorsOnly(200) },
  { route: "DELETE /v1/staff/live-duty", url: () => "/v1/staff/live-duty", ...counselorsOnly(200) },
  { route: "POST /v1/staff/absence", url: () => "/v1/staff/absence", body: () => ({ message: null }), ...counselorsOnly(200) },
  {
    route: "POST /v1/staff/cases/{caseNumber}/take",
    url: (w) => `/v1/staff/cases/${w.caseNumber}/take`,
    ...staffOnly({ counselor: 200, mainCounselor: 200, counselorOther: 404 }),
  },
  {
    route: "POST /v1/staff/cases/{caseNumber}/assign",
    url: (w) => `/v1/staff/cases/${w.caseNumber}/assign`,
    body: (w) => ({ counselor: w.people.counselor.userId }),
    ...staffOnly({ mainCounselor: 200, counselorOther: 404 }),
  },
  ...(["release", "close"] as const).map(
    (action): Row => ({
      route: `POST /v1/staff/cases/{caseNumber}/${action}`,
      url: (w) => `/v1/staff/cases/${w.caseNumber}/${action}`,
      prepare: (w) => setCase(w, "in_progress", "counselor"),
      // The assigned counselor or a main counselor.
      ...staffOnly({ counselor: 200, mainCounselor: 200, counselorOther: 404 }),
    }),
  ),
  ...(["archive", "reopen"] as const).map(
    (action): Row => ({
      route: `POST /v1/staff/cases/{caseNumber}/${action}`,
      url: (w) => `/v1/staff/cases/${w.caseNumber}/${action}`,
      prepare: (w) => setCase(w, "closed", "counselor"),
      ...staffOnly({ counselor: 200, mainCounselor: 200, counselorOther: 404 }),
    }),
  ),
  {
    route: "POST /v1/staff/cases/{caseNumber}/supervise",
    url: (w) => `/v1/staff/cases/${w.caseNumber}/supervise`,
    prepare: (w) => setCase(w, "in_progress", "counselor"),
    body: (w) => ({ supervisor: w.people.supervisor.userId }),
    ...staffOnly({ counselor: 200, mainCounselor: 200, counselorOther: 404 }),
  },
  {
    route: "GET /v1/staff/agencies/{agencyId}/response-times",
    url: (w) => `/v1/staff/agencies/${w.agencyA}/response-times`,
    ...agencyAdminOrPlatform(200),
  },

  // Administration: agency admins for their own agency, platform admins for everything.
  { route: "GET /v1/admin/agencies", url: () => "/v1/admin/agencies", ...anyAdmin(200) },
  { route: "POST /v1/admin/agencies", url: () => "/v1/admin/agencies", body: () => ({ name: `Neu ${randomUUID()}`, city: "Bonn" }), ...platformOnly(201) },
  {
    route: "GET /v1/admin/agencies/{id}/members/{counselorId}/open-cases",
    url: (w) => `/v1/admin/agencies/${w.agencyA}/members/${w.people.counselor.counselorId}/open-cases`,
    ...agencyAdminOrPlatform(200),
  },
  { route: "GET /v1/staff/statistics", url: (w) => `/v1/staff/statistics?agencyId=${w.agencyA}`, ...agencyAdminOrPlatform(200) },
  { route: "GET /v1/staff/statistics/overview", url: (w) => `/v1/staff/statistics/overview?agencyId=${w.agencyA}`, ...agencyAdminOrPlatform(200) },
  { route: "GET /v1/admin/agencies/{id}", url: (w) => `/v1/admin/agencies/${w.agencyA}`, ...agencyAdminOrPlatform(200) },
  { route: "PATCH /v1/admin/agencies/{id}", url: (w) => `/v1/admin/agencies/${w.agencyA}`, body: () => ({ city: "Bonn" }), ...agencyAdminOrPlatform(200) },
  { route: "DELETE /v1/admin/agencies/{id}", url: (w) => `/v1/admin/agencies/${w.agencyA}`, ...platformOnly(204) },
  {
    route: "PUT /v1/admin/agencies/{id}/topics/{topicId}/ranges",
    url: (w) => `/v1/admin/agencies/${w.agencyA}/topics/${TOPIC}/ranges`,
    body: () => ({ ranges: [{ from: "10000", to: "10999" }] }),
    ...agencyAdminOrPlatform(200),
  },
  { route: "DELETE /v1/admin/agencies/{id}/topics/{topicId}", url: (w) => `/v1/admin/agencies/${w.agencyA}/topics/${TOPIC}`, ...agencyAdminOrPlatform(204) },
  { route: "GET /v1/admin/agencies/{id}/members", url: (w) => `/v1/admin/agencies/${w.agencyA}/members`, ...agencyAdminOrPlatform(200) },
  {
    route: "POST /v1/admin/agencies/{id}/members",
    url: (w) => `/v1/admin/agencies/${w.agencyA}/members`,
    body: () => ({ matrixUserId: uid("new"), role: "counselor" }),
    ...agencyAdminOrPlatform(201),
  },
  {
    route: "DELETE /v1/admin/agencies/{id}/members/{counselorId}/roles/{role}",
    url: (w) => `/v1/admin/agencies/${w.agencyA}/members/${w.people.counselor.counselorId}/roles/counselor`,
    ...agencyAdminOrPlatform(204),
  },
  { route: "GET /v1/admin/counselors", url: () => "/v1/admin/counselors", ...anyAdmin(200) },
  {
    route: "PATCH /v1/admin/counselors/{id}",
    url: (w) => `/v1/admin/counselors/${w.people.counselor.counselorId}`,
    body: () => ({ displayName: "Neuer Name" }),
    ...agencyAdminOrPlatform(204),
  },
  { route: "GET /v1/admin/topics", url: () => "/v1/admin/topics", ...platformOnly(200) },
  { route: "PATCH /v1/admin/topics/{id}", url: () => `/v1/admin/topics/${TOPIC}`, body: () => ({ minAge: null }), ...platformOnly(200) },
  { route: "GET /v1/admin/platform-admins", url: () => "/v1/admin/platform-admins", ...platformOnly(200) },
  { route: "POST /v1/admin/platform-admins", url: () => "/v1/admin/platform-admins", body: () => ({ matrixUserId: uid("pa") }), ...platformOnly(201) },
  { route: "DELETE /v1/admin/platform-admins/{userId}", url: (w) => `/v1/admin/platform-admins/${encodeURIComponent(w.extraAdmin)}`, ...platformOnly(204) },
  { route: "GET /v1/admin/audit", url: () => "/v1/admin/audit", ...platformOnly(200) },
  { route: "GET /v1/admin/policy-bans", url: () => "/v1/admin/policy-bans", ...platformOnly(200) },
  { route: "POST /v1/admin/policy-bans", url: () => "/v1/admin/policy-bans", prepare: policyRule, body: () => ({ entity: uid("ban"), reason: "Test" }), ...platformOnly(201) },
  { route: "DELETE /v1/admin/policy-bans/{entity}", url: () => `/v1/admin/policy-bans/${encodeURIComponent(BANNED)}`, prepare: policyRule, ...platformOnly(204) },
  {
    route: "GET /v1/admin/agencies/{id}/routing-check",
    url: (w) => `/v1/admin/agencies/${w.agencyA}/routing-check?topic=${TOPIC}&postcode=${POSTCODE}`,
    ...agencyAdminOrPlatform(200),
  },
  { route: "GET /v1/admin/agencies/{id}/audit", url: (w) => `/v1/admin/agencies/${w.agencyA}/audit`, ...agencyAdminOrPlatform(200) },
  { route: "GET /v1/admin/agencies/{id}/export/counselors.csv", url: (w) => `/v1/admin/agencies/${w.agencyA}/export/counselors.csv`, ...agencyAdminOrPlatform(200) },
  {
    route: "POST /v1/admin/agencies/{id}/import/counselors",
    url: (w) => `/v1/admin/agencies/${w.agencyA}/import/counselors`,
    contentType: "text/csv",
    body: (w) => `matrix_user_id,display_name,roles\n${uid("imp")},Import ${hex()},${w.agencyA}:counselor\n`,
    ...agencyAdminOrPlatform(200),
  },
  { route: "GET /v1/admin/export/agencies.csv", url: () => "/v1/admin/export/agencies.csv", ...platformOnly(200) },
  { route: "GET /v1/admin/export/counselors.csv", url: () => "/v1/admin/export/counselors.csv", ...platformOnly(200) },
  {
    route: "POST /v1/admin/import/agencies",
    url: () => "/v1/admin/import/agencies",
    contentType: "text/csv",
    body: () => `id,name,city,address,postcode,description,languages,online,team_agency,homeserver_server_name,topics\n,Import ${hex()},Köln,,50667,,de,true,false,,sucht:50000-50999\n`,
    ...platformOnly(200),
  },
  {
    route: "POST /v1/admin/import/counselors",
    url: () => "/v1/admin/import/counselors",
    contentType: "text/csv",
    body: (w) => `matrix_user_id,display_name,roles\n${uid("imp")},Import ${hex()},${w.agencyA}:counselor\n`,
    ...platformOnly(200),
  },
];

async function insertSeeker(): Promise<{ id: string; username: string }> {
  const username = uniquePseudonym("Authz");
  const [row] = await db.sql<{ id: string }[]>`
    insert into seekers (username, username_key, password_hash, matrix_localpart, topic_id, postcode)
    values (${username}, ${username.toLowerCase()}, ${passwordHash}, ${`${stack().userPrefix}${hex()}${hex()}`}, ${TOPIC}, ${POSTCODE})
    returning id`;
  return { id: row!.id, username };
}

async function freshWorld(): Promise<World> {
  const agencyA = await insertAgency(db);
  const agencyB = await insertAgency(db);
  for (const a of [agencyA, agencyB]) {
    await db.sql`insert into agency_topics (agency_id, topic_id) values (${a}, ${TOPIC})`;
    await db.sql`insert into agency_postcode_ranges (agency_id, topic_id, from_postcode, to_postcode) values (${a}, ${TOPIC}, '10000', '10999')`;
  }
  const person = async (p: string, agencyId: string, role: string) => {
    const userId = uid(p);
    return { userId, counselorId: await insertCounselor(db, userId, [{ agencyId, role }]) };
  };
  const people: World["people"] = {
    counselor: await person("c", agencyA, "counselor"),
    counselorOther: await person("co", agencyB, "counselor"),
    mainCounselor: await person("mc", agencyA, "main_counselor"),
    supervisor: await person("sv", agencyA, "supervisor"),
    moderator: await person("gm", agencyA, "group_moderator"),
    agencyAdmin: await person("aa", agencyA, "agency_admin"),
    platformAdmin: { userId: uid("pa"), counselorId: null },
  };
  await db.sql`insert into platform_admins (matrix_user_id) values (${people.platformAdmin.userId})`;
  const extraAdmin = uid("extra");
  await db.sql`insert into platform_admins (matrix_user_id) values (${extraAdmin})`;
  const seeker = await insertSeeker();
  const otherSeeker = await insertSeeker();
  const [kase] = await db.sql<{ case_number: number }[]>`
    insert into cases (seeker_id, agency_id, topic_id, status, room_id, postcode_region)
    values (${seeker.id}, ${agencyA}, ${TOPIC}, 'new', ${`!case_${hex()}:localhost`}, '10') returning case_number`;
  // A running group of agency A (room made, session open), the seeker a participant with an
  // open whisper room.
  const [group] = await db.sql<{ id: string }[]>`
    insert into groups (title, topic_id, agency_id, starts_at, duration_minutes, max_participants, room_id, created_by, applied_phase, applied_occurrence)
    values (${`Gruppe ${hex()}`}, ${TOPIC}, ${agencyA}, now() - interval '5 minutes', 120, 10, ${`!group_${hex()}:localhost`}, ${people.moderator.counselorId}, 'open', date_trunc('minute', now() - interval '5 minutes'))
    returning id`;
  await db.sql`insert into group_moderators (group_id, counselor_id) values (${group!.id}, ${people.moderator.counselorId})`;
  await db.sql`insert into group_participants (group_id, seeker_id) values (${group!.id}, ${seeker.id})`;
  await db.sql`insert into whisper_rooms (group_id, seeker_id, moderator_id, started_by, room_id)
    values (${group!.id}, ${seeker.id}, ${people.moderator.counselorId}, 'seeker', ${`!whisper_${hex()}:localhost`})`;
  await app.lotseRouting.sync();
  return { agencyA, agencyB, people, seeker, otherSeeker, caseNumber: kase!.case_number, groupId: group!.id, extraAdmin };
}

function tokenFor(role: Role, w: World): string | undefined {
  if (role === "anonymous") return undefined;
  if (role === "seeker" || role === "otherSeeker") return signSeekerToken(app, w[role].id, 0);
  const p = w.people[role];
  const roles: StaffPrincipal["roles"] = {
    counselor: [{ role: "counselor", agencyId: w.agencyA }],
    counselorOther: [{ role: "counselor", agencyId: w.agencyB }],
    mainCounselor: [{ role: "main_counselor", agencyId: w.agencyA }],
    supervisor: [{ role: "supervisor", agencyId: w.agencyA }],
    moderator: [{ role: "group_moderator", agencyId: w.agencyA }],
    agencyAdmin: [{ role: "agency_admin", agencyId: w.agencyA }],
    platformAdmin: [{ role: "platform_admin", agencyId: null }],
  }[role] as StaffPrincipal["roles"];
  return staffToken(app, { userId: p.userId, counselorId: p.counselorId, roles });
}

/** "POST /v1/x/{id}" for every operation of the OpenAPI document. */
function documentedRoutes(doc: { paths?: Record<string, Record<string, unknown>> }): string[] {
  const out: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const method of Object.keys(ops)) {
      if (["get", "post", "put", "patch", "delete"].includes(method)) out.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return out.sort();
}

let documented: string[] = [];

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack()), db);
  passwordHash = await new PasswordHasher().hash(PASSWORD);
  const res = await app.inject({ method: "GET", url: "/docs/json" });
  expect(res.statusCode).toBe(200);
  documented = documentedRoutes(res.json());
});

afterAll(async () => {
  if (db !== undefined) {
    await db.sql`update groups set deleted_at = now() where created_at >= ${fileStarted.toISOString()}::timestamptz and deleted_at is null`.catch(() => {});
    await retireAgenciesCreatedSince(db, fileStarted);
    await db.sql`delete from forums where room_id = ${FORUM_STAND_IN}`.catch(() => {});
    // No bridge ran here: the room work the allowed requests queued (cases, groups, pool rooms of
    // retired agencies) is dropped, so that a bridge of a later test file does not do it.
    await db.sql`delete from room_jobs where status = 'pending' and created_at >= ${fileStarted.toISOString()}::timestamptz`;
    // Nor reminders: a later bridge's reminder scan (injected clock, days ahead) would find every
    // case this file opened unanswered and create pool rooms for their retired agencies.
    await db.sql`update cases set status = 'archived', closed_at = coalesce(closed_at, now()), archived_at = now()
      where created_at >= ${fileStarted.toISOString()}::timestamptz and status in ('new', 'in_progress')`;
  }
  await app?.close();
  await db?.close();
});

describe("authorization matrix: every route × every role", () => {
  it("has a row for every route of the OpenAPI document", () => {
    const rows = new Set(table.map((r) => r.route));
    expect(table.length).toBe(rows.size); // one row per route
    const missing = documented.filter((r) => !rows.has(r));
    expect(missing, `routes without a row in the authorization table (add them): ${missing.join(", ")}`).toEqual([]);
    expect(documented.length).toBeGreaterThan(40);
  });

  for (const row of table) {
    describe(row.route, () => {
      for (const role of ROLES) {
        const expected = row.expect[role] ?? row.others;
        it(`${role} → ${expected}`, { timeout: row.timeoutMs ?? 60_000 }, async (ctx) => {
          // A row for a route that is not (or no longer) in the document: nothing to call.
          if (!documented.includes(row.route)) ctx.skip();
          const w = await freshWorld();
          await row.prepare?.(w);
          const token = tokenFor(role, w);
          const body = row.body?.(w);
          const [method, ...rest] = row.route.split(" ");
          void rest;
          const res = await app.inject({
            method: method as Method,
            url: row.url(w),
            headers: {
              ...(token === undefined ? {} : bearer(token)),
              ...(row.contentType ? { "content-type": row.contentType } : {}),
            },
            ...(body === undefined ? {} : { payload: typeof body === "string" ? body : (body as object) }),
          });
          expect(res.statusCode, `${row.route} as ${role}: ${res.body.slice(0, 300)}`).toBe(expected);
          if (expected === 401) expect(res.json().errcode).toMatch(/^LOTSE_(UNAUTHORIZED|INVALID_REFRESH_TOKEN)$/);
          if (expected === 403) expect(res.json().errcode).toBe("LOTSE_FORBIDDEN");
        });
      }
    });
  }
});
