// Test data written the way the system writes it: seekers and counselors as rows (counselors also
// registered on Synapse with the shared secret), cases opened through the API's own repository (case row,
// room job and NOTIFY in one transaction).
import { randomBytes } from "node:crypto";
import { agencies, agencyMemberships, counselors, type LotseDb, seekers, topics } from "@lotse/store";
import { registerAdminWithSharedSecret, registerWithSharedSecret, type TestStackInfo } from "@lotse/scripts";

const hex = (n: number) => randomBytes(n).toString("hex");

/**
 * A password for a test account: 24 random hex digits behind a fixed "Pw-", so that it always holds
 * letters (the log scan refuses a value of digits only, and 24 hex digits are all digits about once
 * in 80,000 draws — one red run in a few hundred).
 */
export const testPassword = (): string => `Pw-${hex(12)}`;

export type Agency = { id: string; counselorUserIds: string[] };

export async function createAgency(db: LotseDb, stack: TestStackInfo, counselorCount = 2): Promise<Agency> {
  const [agency] = await db
    .insert(agencies)
    .values({ name: `Testberatung ${hex(3)}`, city: "Teststadt" })
    .returning({ id: agencies.id });
  const counselorUserIds: string[] = [];
  for (let i = 0; i < counselorCount; i++) {
    const localpart = `berater_${hex(5)}`;
    await registerWithSharedSecret({
      homeserverUrl: stack.homeserverUrl,
      sharedSecret: stack.registrationSharedSecret,
      localpart,
      password: testPassword(),
      displayName: `Berater ${i + 1}`,
    });
    const userId = `@${localpart}:${stack.serverName}`;
    const [c] = await db.insert(counselors).values({ matrixUserId: userId, displayName: `Berater ${i + 1}` }).returning({ id: counselors.id });
    await db.insert(agencyMemberships).values({ agencyId: agency!.id, counselorId: c!.id, role: "counselor" });
    counselorUserIds.push(userId);
  }
  return { id: agency!.id, counselorUserIds };
}

export type Seeker = { id: string; matrixLocalpart: string; userId: string; pseudonym: string };

export async function createSeeker(db: LotseDb, stack: TestStackInfo): Promise<Seeker> {
  const matrixLocalpart = `${stack.userPrefix}${hex(10)}`;
  const name = `Suchende${hex(4)}`;
  const [row] = await db
    .insert(seekers)
    .values({ username: name, usernameKey: name.toLowerCase(), passwordHash: "$argon2id$test-not-a-hash", matrixLocalpart })
    .returning({ id: seekers.id });
  return { id: row!.id, matrixLocalpart, userId: `@${matrixLocalpart}:${stack.serverName}`, pseudonym: name };
}

export async function anyTopicId(db: LotseDb): Promise<string> {
  const [t] = await db.select({ id: topics.id }).from(topics).limit(1);
  if (!t) throw new Error("no topics seeded");
  return t.id;
}

/** The API's own write path: case, room job and NOTIFY in one transaction. */
export { openCase } from "@lotse/store";
export { registerWithSharedSecret } from "@lotse/scripts";

export type Staff = { userId: string; password: string; counselorId: string; displayName: string };

/** A person with a role in an agency, registered on Synapse with a known password (to sign in with a real client). */
export async function createStaff(
  db: LotseDb,
  stack: TestStackInfo,
  agencyId: string,
  role: string,
  displayName: string,
): Promise<Staff> {
  const localpart = `staff_${hex(5)}`;
  const password = testPassword();
  await registerWithSharedSecret({ homeserverUrl: stack.homeserverUrl, sharedSecret: stack.registrationSharedSecret, localpart, password, displayName });
  const userId = `@${localpart}:${stack.serverName}`;
  const [c] = await db.insert(counselors).values({ matrixUserId: userId, displayName }).returning({ id: counselors.id });
  await db.insert(agencyMemberships).values({ agencyId, counselorId: c!.id, role });
  return { userId, password, counselorId: c!.id, displayName };
}

export async function createEmptyAgency(db: LotseDb, opts: { teamAgency?: boolean } = {}): Promise<string> {
  const [agency] = await db
    .insert(agencies)
    .values({ name: `Testberatung ${hex(3)}`, city: "Teststadt", teamAgency: opts.teamAgency ?? false })
    .returning({ id: agencies.id });
  return agency!.id;
}

/** A Synapse server admin's access token (registered with the shared secret, as an operator would). */
export async function registerSynapseAdmin(stack: TestStackInfo): Promise<string> {
  return registerAdminWithSharedSecret({ homeserverUrl: stack.homeserverUrl, sharedSecret: stack.registrationSharedSecret, localpart: `admin_${hex(5)}`, password: testPassword() });
}
