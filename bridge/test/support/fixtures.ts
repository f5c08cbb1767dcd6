// Test data written the way the system writes it: seekers and counselors as rows (counselors also
// registered on Synapse with the shared secret), cases opened like the API opens them (case row,
// room job and NOTIFY in one transaction).
import { randomBytes } from "node:crypto";
import { agencies, cases, counselors, type LotseDb, ROOM_JOBS_CHANNEL, roomJobs, seekers, topics } from "@lotse/provisioning-api/db";
import { sql } from "drizzle-orm";
import { registerWithSharedSecret } from "../../../scripts/src/matrixAdmin.ts";
import type { TestStackInfo } from "../../../scripts/src/testStackTypes.ts";

const hex = (n: number) => randomBytes(n).toString("hex");

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
      password: hex(12),
      displayName: `Berater ${i + 1}`,
    });
    const userId = `@${localpart}:${stack.serverName}`;
    await db.insert(counselors).values({ agencyId: agency!.id, matrixUserId: userId, displayName: `Berater ${i + 1}` });
    counselorUserIds.push(userId);
  }
  return { id: agency!.id, counselorUserIds };
}

export type Seeker = { id: string; matrixLocalpart: string; userId: string };

export async function createSeeker(db: LotseDb, stack: TestStackInfo): Promise<Seeker> {
  const matrixLocalpart = `${stack.userPrefix}${hex(10)}`;
  const name = `Suchende${hex(4)}`;
  const [row] = await db
    .insert(seekers)
    .values({ username: name, usernameKey: name.toLowerCase(), passwordHash: "$argon2id$test-not-a-hash", matrixLocalpart })
    .returning({ id: seekers.id });
  return { id: row!.id, matrixLocalpart, userId: `@${matrixLocalpart}:${stack.serverName}` };
}

export async function anyTopicId(db: LotseDb): Promise<string> {
  const [t] = await db.select({ id: topics.id }).from(topics).limit(1);
  if (!t) throw new Error("no topics seeded");
  return t.id;
}

/** Mirrors the API's openCase: case, room job and NOTIFY in one transaction. */
export async function openCase(
  db: LotseDb,
  input: { seekerId: string; agencyId: string; topicId: string },
): Promise<{ caseId: string; jobId: string }> {
  return db.transaction(async (tx) => {
    const [c] = await tx
      .insert(cases)
      .values({ seekerId: input.seekerId, agencyId: input.agencyId, topicId: input.topicId, status: "new" })
      .returning({ id: cases.id });
    const [job] = await tx
      .insert(roomJobs)
      .values({ kind: "case.create_room", idempotencyKey: `case.create_room:${c!.id}`, caseId: c!.id, payload: { caseId: c!.id } })
      .returning({ id: roomJobs.id });
    await tx.execute(sql`select pg_notify(${ROOM_JOBS_CHANNEL}, ${job!.id})`);
    return { caseId: c!.id, jobId: job!.id };
  });
}
