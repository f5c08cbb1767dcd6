// Demo data for `npm start` and the end-to-end tests: three agencies with topics and postcode
// ranges, two counselors each, registered on Synapse with a password so they can sign in from any
// Matrix client. Anna (Köln) is also her agency's admin, and a platform admin account exists; both
// sign in to the admin API with their Matrix account (POST /v1/auth/matrix). Emil (Berlin) is also a
// group moderator and runs a weekly group chat (Tuesdays 18:00 Berlin time). Idempotent: fixed
// agency and group ids, passwords derived from the instance's secret.
import { createHmac } from "node:crypto";
import {
  agencies,
  agencyMemberships,
  agencyPostcodeRanges,
  agencyTopics,
  counselors,
  createDb,
  groupModerators,
  groups,
  platformAdmins,
  roomJobs,
} from "@lotse/store";
import { registerWithSharedSecret } from "./matrixAdmin.ts";

export type DemoAgency = { id: string; name: string; city: string; topicIds: string[]; samplePostcode: string };
export type DemoCounselor = { userId: string; password: string; agencyId: string; displayName: string; roles: string[] };
export type DemoPlatformAdmin = { userId: string; password: string; displayName: string };
export type DemoGroup = { id: string; title: string; moderatorUserId: string; startsAt: string; durationMinutes: number; repeatWeekly: boolean };
export type DemoAccounts = { counselors: DemoCounselor[]; agencies: DemoAgency[]; platformAdmin: DemoPlatformAdmin; groups: DemoGroup[] };

/** Demo counselors who also administer their agency. */
const agencyAdmins = new Set(["berater_koeln_anna"]);
/** Demo counselors who also moderate group chats. */
const groupModeratorNames = new Set(["berater_berlin_emil"]);
/** A weekly group chat, moderated by Emil; its room is made by the bridge (job group.create_room). */
const DEMO_GROUP = {
  id: "6f1c0a8e-7d5b-4c1e-9a3f-0c1a2b3c4e01",
  title: "Kinderernährung – offene Runde",
  topicId: "kinder-jugend-familie",
  agencyId: "6f1c0a8e-7d5b-4c1e-9a3f-0c1a2b3c4d03",
  moderator: "berater_berlin_emil",
  description: "Austausch über Essen mit Kindern: Fragen, Erfahrungen, Tipps. Moderiert von einer Beraterin.",
  rules: "Freundlich bleiben. Keine Namen, Adressen oder Telefonnummern. Was hier gesagt wird, bleibt hier.",
  // A Tuesday, 18:00 in Berlin; weekly, 90 minutes.
  startsAt: new Date("2026-01-06T17:00:00Z"),
  durationMinutes: 90,
  repeatWeekly: true,
  maxParticipants: 12,
};
const PLATFORM_ADMIN: [string, string] = ["plattform_admin", "Plattform-Admin (Demo)"];

type AgencySpec = DemoAgency & { ranges: [string, string][]; counselorNames: [string, string][] };

const demoAgencies: AgencySpec[] = [
  {
    id: "6f1c0a8e-7d5b-4c1e-9a3f-0c1a2b3c4d01",
    name: "Caritas Beratungsstelle Köln",
    city: "Köln",
    topicIds: ["schwangerschaft", "schulden", "kinder-jugend-familie", "sucht"],
    samplePostcode: "50667",
    ranges: [["50000", "51999"]],
    counselorNames: [["berater_koeln_anna", "Anna (Caritas Köln)"], ["berater_koeln_ben", "Ben (Caritas Köln)"]],
  },
  {
    id: "6f1c0a8e-7d5b-4c1e-9a3f-0c1a2b3c4d02",
    name: "Diakonie Beratungszentrum Hamburg",
    city: "Hamburg",
    topicIds: ["schulden", "migration", "wohnungslosigkeit", "ehe-partnerschaft"],
    samplePostcode: "20095",
    ranges: [["20000", "22999"]],
    counselorNames: [["berater_hamburg_clara", "Clara (Diakonie Hamburg)"], ["berater_hamburg_deniz", "Deniz (Diakonie Hamburg)"]],
  },
  {
    id: "6f1c0a8e-7d5b-4c1e-9a3f-0c1a2b3c4d03",
    name: "SOS-Familienzentrum Berlin",
    city: "Berlin",
    topicIds: ["kinder-jugend-familie", "erziehung", "schwangerschaft", "trauer"],
    samplePostcode: "10115",
    ranges: [["10000", "14999"]],
    counselorNames: [["berater_berlin_emil", "Emil (SOS Berlin)"], ["berater_berlin_fatma", "Fatma (SOS Berlin)"]],
  },
];

export function demoPassword(secret: string, localpart: string): string {
  return createHmac("sha256", secret).update(`demo-password:${localpart}`).digest("base64url").slice(0, 20);
}

export async function seedDemo(opts: {
  databaseUrl: string;
  homeserverUrl: string;
  serverName: string;
  registrationSharedSecret: string;
}): Promise<DemoAccounts> {
  const { db, close } = createDb(opts.databaseUrl, { max: 1 });
  const result: DemoAccounts = {
    counselors: [],
    agencies: [],
    platformAdmin: {
      userId: `@${PLATFORM_ADMIN[0]}:${opts.serverName}`,
      password: demoPassword(opts.registrationSharedSecret, PLATFORM_ADMIN[0]),
      displayName: PLATFORM_ADMIN[1],
    },
    groups: [],
  };
  try {
    for (const a of demoAgencies) {
      await db.transaction(async (tx) => {
        await tx.insert(agencies).values({ id: a.id, name: a.name, city: a.city }).onConflictDoNothing();
        await tx
          .insert(agencyTopics)
          .values(a.topicIds.map((topicId) => ({ agencyId: a.id, topicId })))
          .onConflictDoNothing();
        const existing = await tx.query.agencyPostcodeRanges.findMany({
          where: (r, { eq }) => eq(r.agencyId, a.id),
        });
        if (existing.length === 0) {
          await tx
            .insert(agencyPostcodeRanges)
            .values(
              a.topicIds.flatMap((topicId) =>
                a.ranges.map(([fromPostcode, toPostcode]) => ({ agencyId: a.id, topicId, fromPostcode, toPostcode })),
              ),
            );
        }
      });
      result.agencies.push({ id: a.id, name: a.name, city: a.city, topicIds: a.topicIds, samplePostcode: a.samplePostcode });
      for (const [localpart, displayName] of a.counselorNames) {
        const password = demoPassword(opts.registrationSharedSecret, localpart);
        const userId = `@${localpart}:${opts.serverName}`;
        await registerWithSharedSecret({
          homeserverUrl: opts.homeserverUrl,
          sharedSecret: opts.registrationSharedSecret,
          localpart,
          password,
          displayName,
        });
        const roles = ["counselor", ...(agencyAdmins.has(localpart) ? ["agency_admin"] : []), ...(groupModeratorNames.has(localpart) ? ["group_moderator"] : [])];
        await db.transaction(async (tx) => {
          await tx.insert(counselors).values({ matrixUserId: userId, displayName }).onConflictDoNothing();
          const person = await tx.query.counselors.findFirst({ where: (c, { eq }) => eq(c.matrixUserId, userId) });
          await tx
            .insert(agencyMemberships)
            .values(roles.map((role) => ({ agencyId: a.id, counselorId: person!.id, role })))
            .onConflictDoNothing();
        });
        result.counselors.push({ userId, password, agencyId: a.id, displayName, roles });
      }
    }
    await registerWithSharedSecret({
      homeserverUrl: opts.homeserverUrl,
      sharedSecret: opts.registrationSharedSecret,
      localpart: PLATFORM_ADMIN[0],
      password: result.platformAdmin.password,
      displayName: PLATFORM_ADMIN[1],
    });
    await db.insert(platformAdmins).values({ matrixUserId: result.platformAdmin.userId }).onConflictDoNothing();
    const moderatorUserId = `@${DEMO_GROUP.moderator}:${opts.serverName}`;
    await db.transaction(async (tx) => {
      const moderator = await tx.query.counselors.findFirst({ where: (c, { eq }) => eq(c.matrixUserId, moderatorUserId) });
      const { id, moderator: _m, ...fields } = DEMO_GROUP;
      await tx.insert(groups).values({ id, ...fields, createdBy: moderator!.id }).onConflictDoNothing();
      await tx.insert(groupModerators).values({ groupId: id, counselorId: moderator!.id }).onConflictDoNothing();
      await tx.insert(roomJobs).values({ kind: "group.create_room", idempotencyKey: `group.create_room:${id}`, payload: { groupId: id } }).onConflictDoNothing();
    });
    result.groups.push({
      id: DEMO_GROUP.id,
      title: DEMO_GROUP.title,
      moderatorUserId,
      startsAt: DEMO_GROUP.startsAt.toISOString(),
      durationMinutes: DEMO_GROUP.durationMinutes,
      repeatWeekly: DEMO_GROUP.repeatWeekly,
    });
  } finally {
    await close();
  }
  return result;
}
