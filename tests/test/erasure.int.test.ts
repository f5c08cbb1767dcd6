// A seeker erases the account while a case is open: the bridge tells the agency's pool room (never
// the encrypted case room), the seeker's Matrix user has left the case room, and its profile is
// erased. Real Synapse, the bridge as a child process, a counselor in a real Matrix client.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eq } from "drizzle-orm";
import { agencies, cases, createDb, roomJobs, type DbHandle, enqueue, eraseSeeker } from "@lotse/store";
import { HomeserverClient } from "@lotse/provisioning-api";
import { botMessagesDe, plainText } from "@lotse/policies";
import { BridgeProcess, bridgeEnv, joinWhenInvited, notice, signIn, signOut, type Counselor, anyTopicId, createEmptyAgency, createSeeker, createStaff, openCase, roomState, waitFor } from "@lotse/test-support";

const stack = inject("lotseStack");
let dbh: DbHandle;
let bridge: BridgeProcess;
let counselor: Counselor;
let agencyId: string;
let topicId: string;
let poolRoomId: string;

beforeAll(async () => {
  dbh = createDb(stack.databaseUrl, { max: 4 });
  topicId = await anyTopicId(dbh.db);
  agencyId = await createEmptyAgency(dbh.db);
  const staff = await createStaff(dbh.db, stack, agencyId, "counselor", "Beraterin Erasure");
  bridge = await BridgeProcess.start(bridgeEnv(stack));
  poolRoomId = await waitFor("pool room", async () => {
    const [a] = await dbh.db.select({ poolRoomId: agencies.poolRoomId }).from(agencies).where(eq(agencies.id, agencyId));
    return a?.poolRoomId ?? undefined;
  }, 120_000);
  counselor = await signIn(stack.homeserverUrl, staff.userId, staff.password);
  await joinWhenInvited(counselor, poolRoomId);
}, 240_000);

afterAll(async () => {
  if (counselor) await signOut(counselor);
  const code = await bridge?.stop();
  expect(code).toBe(0);
  await dbh?.close();
});

describe("seeker erasure", () => {
  it("closes the case, posts the notice into the pool room only, and the seeker's user has left the case room", async () => {
    const seeker = await createSeeker(dbh.db, stack);
    const opened = await openCase(dbh.db, { seekerId: seeker.id, agencyId, topicId, postcodeRegion: "50" });
    const roomId = await waitFor("case room", async () => {
      const [c] = await dbh.db.select({ roomId: cases.roomId }).from(cases).where(eq(cases.id, opened.caseId));
      return c?.roomId ?? undefined;
    }, 120_000);
    const [{ caseNumber }] = (await dbh.db.select({ caseNumber: cases.caseNumber }).from(cases).where(eq(cases.id, opened.caseId))) as [{ caseNumber: number }];
    const memberOf = async (userId: string) =>
      (await roomState(stack.homeserverUrl, stack.asToken, roomId)).find((e) => e.type === "m.room.member" && e.state_key === userId)?.content.membership;
    await waitFor("seeker in the case room", async () => ["join", "invite"].includes(String(await memberOf(seeker.userId))) || undefined, 120_000);

    const homeserver = new HomeserverClient({ baseUrl: stack.homeserverUrl, asToken: stack.asToken, timeoutMs: 10_000 });
    const r = await eraseSeeker({ db: dbh.db, homeserver, serverName: stack.serverName, pseudonymQuarantineDays: 90 }, seeker.id, "request");
    expect(r).toMatchObject({ erased: true, closedCases: 1 });
    // After the bridge has worked on this seeker's case, still no row anywhere names them.
    const tables = await dbh.sql<{ t: string }[]>`
      select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`;
    for (const needle of [seeker.id, seeker.matrixLocalpart]) {
      for (const { t } of tables) {
        const [n] = await dbh.sql<{ n: number }[]>`select count(*)::int as n from ${dbh.sql(t)} x where x::text ilike ${`%${needle}%`}`;
        expect(n!.n, `${t} mentions the erased seeker`).toBe(0);
      }
    }

    const text = await notice(counselor, poolRoomId, (b) => b.startsWith(`Fall ${caseNumber} ist abgeschlossen`), 120_000);
    expect(text).toBe(plainText(botMessagesDe.seekerDeleted(caseNumber)));
    const job = await waitFor("notice job done", async () => {
      const [j] = await dbh.db.select().from(roomJobs).where(eq(roomJobs.idempotencyKey, `case.seeker_deleted_notice:${opened.caseId}`));
      return j?.status === "done" ? j : undefined;
    });
    expect((job.result as { roomId: string }).roomId).toBe(poolRoomId);
    // Deactivation made the seeker leave; the bot posted nothing into the case room.
    expect(await memberOf(seeker.userId)).toBe("leave");
    const botUserId = `@${stack.botLocalpart}:${stack.serverName}`;
    const page = (await (
      await fetch(`${stack.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=200`, { headers: { authorization: `Bearer ${stack.asToken}` } })
    ).json()) as { chunk: { type: string; sender: string }[] };
    expect(page.chunk.length).toBeGreaterThan(0);
    expect(page.chunk.filter((e) => e.sender === botUserId && (e.type === "m.room.message" || e.type === "m.room.encrypted"))).toEqual([]);
    const profile = await fetch(`${stack.homeserverUrl}/_matrix/client/v3/profile/${encodeURIComponent(seeker.userId)}`, { headers: { authorization: `Bearer ${stack.asToken}` } });
    const body = profile.status === 200 ? ((await profile.json()) as Record<string, unknown>) : {};
    expect(body["displayname"] ?? null).toBeNull();

    // Later transitions (a counselor archives the case) still sync the room without the seeker.
    await dbh.db.update(cases).set({ status: "archived", archivedAt: new Date() }).where(eq(cases.id, opened.caseId));
    await dbh.db.transaction((tx) =>
      enqueue(tx, "case.sync_room", { caseId: opened.caseId }, { key: `test-sync-after-erasure:${opened.caseId}`, caseId: opened.caseId }),
    );
    const sync = await waitFor("sync job finished", async () => {
      const [j] = await dbh.db.select().from(roomJobs).where(eq(roomJobs.idempotencyKey, `test-sync-after-erasure:${opened.caseId}`));
      return j && (j.status === "done" || j.status === "failed") ? j : undefined;
    }, 120_000);
    expect(sync.status, String(sync.lastError)).toBe("done");
    const pl = (await roomState(stack.homeserverUrl, stack.asToken, roomId)).find((e) => e.type === "m.room.power_levels")?.content as { users: Record<string, number> };
    expect(pl.users[seeker.userId]).toBeUndefined();
  });
});
