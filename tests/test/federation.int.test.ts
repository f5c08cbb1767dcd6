// Agencies on their own homeservers: three Synapse instances on loopback with distinct names and
// TLS federation (a test CA). The central server runs the platform (API + bridge); the agency's
// counselor lives on the agency's server; a third, unlisted server plays the stranger.
import { randomBytes, randomUUID } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { agencies, agencyMemberships, agencyPostcodeRanges, agencyTopics, counselors, createDb, runMigrations, seedTopics, requestPoolSync } from "@lotse/store";
import { registerWithSharedSecret, type TestStackInfo } from "@lotse/scripts";
import { and, eq } from "drizzle-orm";
import { ensureDatabase } from "../../scripts/src/postgres.ts";
import { startFederation, type FederatedServer } from "../../scripts/src/federation.ts";
import { joinInvitedRoom, passwordLogin, startE2eeClient, stopClient, until, waitForDecryptedText, type MatrixSession, randomLetters } from "@lotse/test-support";
import { callApi, startPlatform, type Platform } from "../src/platform.ts";

const stack = inject("lotseStack");
const base = stack.appservicePort - 9;

describe("federation: an agency on its own homeserver", () => {
  let servers: FederatedServer[] = [];
  let platform: Platform | undefined;
  const clients: MatrixClient[] = [];
  let central: FederatedServer, agencyServer: FederatedServer, stranger: FederatedServer;
  let fedStack: TestStackInfo;
  let counselorUserId = "";
  const counselorPassword = randomBytes(12).toString("hex");
  let agencyId = "";
  const topicId = "schulden";

  beforeAll(async () => {
    const dir = join(stack.dataDir, "federation");
    servers = await startFederation({
      dir,
      adminDatabaseUrl: stack.adminDatabaseUrl,
      postgresPort: Number(new URL(stack.adminDatabaseUrl).port),
      clientPort: base + 708,
      federationPort: base + 748,
      servers: [
        { name: "central", ip: "127.0.0.2", appservicePort: base + 709 },
        { name: "agency", ip: "127.0.0.3" },
        { name: "stranger", ip: "127.0.0.4" },
      ],
    });
    [central, agencyServer, stranger] = servers as [FederatedServer, FederatedServer, FederatedServer];

    // The platform's own database for this federation, next to the main test database.
    await ensureDatabase(stack.adminDatabaseUrl, "lotse_fed");
    const databaseUrl = stack.adminDatabaseUrl.replace(/\/postgres$/, "/lotse_fed");
    await runMigrations(databaseUrl);
    fedStack = {
      ...stack,
      databaseUrl,
      homeserverUrl: central.homeserverUrl,
      serverName: central.serverName,
      asToken: central.secrets.asToken,
      hsToken: central.secrets.hsToken,
      registrationSharedSecret: central.secrets.registrationSharedSecret,
      appservicePort: base + 709,
      apiPort: base + 790,
      dataDir: dir,
    };

    // The agency: its record names its homeserver; its counselor's account lives there.
    const localpart = `berater_${randomBytes(4).toString("hex")}`;
    await registerWithSharedSecret({
      homeserverUrl: agencyServer.homeserverUrl,
      sharedSecret: agencyServer.secrets.registrationSharedSecret,
      localpart,
      password: counselorPassword,
      displayName: "Beraterin (eigener Server)",
    });
    counselorUserId = `@${localpart}:${agencyServer.serverName}`;
    const { db, close } = createDb(databaseUrl, { max: 1 });
    try {
      await seedTopics(db);
      const [a] = await db
        .insert(agencies)
        .values({ name: `Agentur ${randomUUID().slice(0, 6)}`, city: "Fernstadt", homeserverServerName: agencyServer.serverName })
        .returning({ id: agencies.id });
      agencyId = a!.id;
      await db.insert(agencyTopics).values({ agencyId, topicId });
      await db.insert(agencyPostcodeRanges).values({ agencyId, topicId, fromPostcode: "60000", toPostcode: "69999" });
      const [c] = await db.insert(counselors).values({ matrixUserId: counselorUserId, displayName: "Beraterin" }).returning({ id: counselors.id });
      await db.insert(agencyMemberships).values({ agencyId, counselorId: c!.id, role: "counselor" });
    } finally {
      await close();
    }
    // The API trusts exactly these homeservers for staff sign-in (OpenID), each at its own URL.
    platform = await startPlatform(fedStack, {
      LOTSE_TRUSTED_HOMESERVERS: `${central.serverName}=${central.homeserverUrl},${agencyServer.serverName}=${agencyServer.homeserverUrl}`,
    });
  });

  afterAll(async () => {
    for (const c of clients) await stopClient(c);
    await platform?.stop();
    await Promise.all(servers.map((s) => s.stop().catch(() => {})));
  });

  it("a counselor on the agency's server gets the pool notice, takes the case, reads the encrypted enquiry and answers; strangers stay out; an outage loses nothing", async () => {
    const counselorClient = await startE2eeClient(await passwordLogin(agencyServer.homeserverUrl, counselorUserId, counselorPassword));
    clients.push(counselorClient);

    const api = platform!.apiUrl;

    // She signs in to the API with her own homeserver's OpenID token; a stranger's server is not trusted.
    const openId = await counselorClient.getOpenIdToken();
    const signIn = await callApi<{ userId: string; roles: { role: string; agencyId: string | null }[] }>(api, "POST", "/v1/auth/matrix", { body: openId });
    expect(signIn.status).toBe(200);
    expect(signIn.body.userId).toBe(counselorUserId);
    expect(signIn.body.roles).toContainEqual({ role: "counselor", agencyId });
    const reg = await callApi<{ token: string }>(api, "POST", "/v1/seekers", {
      body: { username: `Fernweh ${randomLetters(10)}`, password: "ein langes Passwort", topic: topicId, postcode: "60311" },
    });
    expect(reg.status).toBe(201);
    const token = reg.body.token;
    const session = await callApi<MatrixSession>(api, "POST", "/v1/matrix/session", { token });
    expect(session.status).toBe(200);
    const opened = await callApi<{ caseId: string }>(api, "POST", "/v1/cases", { token, body: { topic: topicId, agencyId } });
    expect(opened.status).toBe(201);
    const roomId = await until(
      "the case room",
      async () => {
        const list = await callApi<{ caseId: string; roomId: string | null }[]>(api, "GET", "/v1/cases", { token });
        return list.body.find((c) => c.caseId === opened.body.caseId)?.roomId ?? undefined;
      },
      60_000,
    );

    // The agency's pool room reaches the counselor on her own server: the notice, then `!take`.
    const poolRoomId = await until(
      "the agency's pool room",
      async () => {
        const { sql, close } = createDb(fedStack.databaseUrl, { max: 1 });
        try {
          const [row] = await sql<{ pool_room_id: string | null }[]>`select pool_room_id from agencies where id = ${agencyId}`;
          return row?.pool_room_id ?? undefined;
        } finally {
          await close();
        }
      },
      60_000,
    );
    await until("the pool invitation on the agency server", () => (counselorClient.getRoom(poolRoomId)?.getMyMembership() === "invite" ? true : undefined), 60_000);
    await counselorClient.joinRoom(poolRoomId);
    const caseNumber = await until(
      "the pool notice",
      async () => {
        const room = counselorClient.getRoom(poolRoomId);
        if (room && room.getLiveTimeline().getEvents().length < 3) await counselorClient.scrollback(room, 20).catch(() => {});
        const notice = room?.getLiveTimeline().getEvents().find((e) => e.getType() === "m.room.message" && /Neuer Fall \d+/.test(String(e.getContent().body)));
        return notice ? Number(/Neuer Fall (\d+)/.exec(String(notice.getContent().body))![1]) : undefined;
      },
      60_000,
    );
    await counselorClient.sendMessage(poolRoomId, { msgtype: "m.text", body: `!take ${caseNumber}` } as never);
    await until(
      "the case taken",
      async () => {
        const list = await callApi<{ caseId: string; status: string }[]>(api, "GET", "/v1/cases", { token });
        return list.body.find((c) => c.caseId === opened.body.caseId)?.status === "in_progress" ? true : undefined;
      },
      60_000,
    );

    // The take's room sync (status, topic line, pool out) must be through before the seeker joins:
    // a join racing the bot's state changes can fall between Synapse's "rooms" and "token" in one
    // sync ("User membership change between getting rooms and current token") and then never reach
    // the seeker's client.
    await until(
      "the case room synced after the take",
      async () => {
        // The topic line ("bei …") is the last state event the sync writes.
        const res = await fetch(`${central.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/state/m.room.topic/`, {
          headers: { authorization: `Bearer ${central.secrets.asToken}` },
        });
        const topic = res.ok ? ((await res.json()) as { topic?: string }).topic : undefined;
        return topic?.startsWith("bei ") ? true : undefined;
      },
      90_000,
    );
    const seekerClient = await startE2eeClient({ ...session.body, homeserverUrl: central.homeserverUrl });
    clients.push(seekerClient);
    await joinInvitedRoom(seekerClient, roomId);
    const acl = seekerClient.getRoom(roomId)!.currentState.getStateEvents("m.room.server_acl", "")!.getContent();
    expect(acl.allow).toEqual([agencyServer.host, agencyServer.serverName, central.host, central.serverName].sort());

    const enquiry = `Hallo aus der Ferne ${randomUUID()}`;
    await seekerClient.sendMessage(roomId, { msgtype: "m.text", body: enquiry } as never);
    await joinInvitedRoom(counselorClient, roomId); // the invite crossed federation
    expect(await waitForDecryptedText(counselorClient, roomId, (b) => b === enquiry, 90_000)).toMatchObject({ wasEncrypted: true });
    const reply = `Antwort vom Agenturserver ${randomUUID()}`;
    await counselorClient.sendMessage(roomId, { msgtype: "m.text", body: reply } as never);
    expect(await waitForDecryptedText(seekerClient, roomId, (b) => b === reply, 90_000)).toMatchObject({ wasEncrypted: true, sender: counselorUserId });

    // A user on a third, unlisted server can neither join nor read.
    const strangerLocal = `neugier_${randomBytes(3).toString("hex")}`;
    await registerWithSharedSecret({
      homeserverUrl: stranger.homeserverUrl,
      sharedSecret: stranger.secrets.registrationSharedSecret,
      localpart: strangerLocal,
      password: counselorPassword,
      displayName: "Fremd",
    });
    const strangerSession = await passwordLogin(stranger.homeserverUrl, `@${strangerLocal}:${stranger.serverName}`, counselorPassword);
    const strangerOpenId = await fetch(`${stranger.homeserverUrl}/_matrix/client/v3/user/${encodeURIComponent(strangerSession.userId)}/openid/request_token`, {
      method: "POST",
      headers: { authorization: `Bearer ${strangerSession.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    const refused = await callApi<{ errcode: string }>(api, "POST", "/v1/auth/matrix", { body: await strangerOpenId.json() });
    expect(refused.status).toBe(401);
    const join = await fetch(`${stranger.homeserverUrl}/_matrix/client/v3/join/${encodeURIComponent(roomId)}?via=${encodeURIComponent(central.serverName)}`, {
      method: "POST",
      headers: { authorization: `Bearer ${strangerSession.accessToken}`, "content-type": "application/json" },
      body: "{}",
    });
    expect(join.status).toBe(403);
    expect(((await join.json()) as { errcode: string }).errcode).toBe("M_FORBIDDEN");
    const read = await fetch(`${stranger.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/messages?dir=b`, {
      headers: { authorization: `Bearer ${strangerSession.accessToken}` },
    });
    expect(read.status).toBe(403);

    // The agency's server goes away; the central side keeps working; nothing is lost.
    await agencyServer.stop();
    const duringOutage = `Während der Störung ${randomUUID()}`;
    await seekerClient.sendMessage(roomId, { msgtype: "m.text", body: duringOutage } as never);
    const stillUp = await callApi(api, "GET", "/v1/cases", { token });
    expect(stillUp.status).toBe(200);
    // A whole minute, as an agency's server maintenance would be; the seeker writes again meanwhile.
    await new Promise((r) => setTimeout(r, 30_000));
    const laterInOutage = `Immer noch Störung ${randomUUID()}`;
    await seekerClient.sendMessage(roomId, { msgtype: "m.text", body: laterInOutage } as never);
    expect((await callApi(api, "GET", "/v1/cases", { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 30_000));
    await agencyServer.restart();
    expect(await waitForDecryptedText(counselorClient, roomId, (b) => b === duringOutage, 120_000)).toMatchObject({ wasEncrypted: true });
    expect(await waitForDecryptedText(counselorClient, roomId, (b) => b === laterInOutage, 120_000)).toMatchObject({ wasEncrypted: true });
    // The minute of outage is part of the test, not a wait: 80 s on an idle machine, so the default
    // 120 s left too little for a busy one (and less than the two decryption waits' own bounds).
  }, 360_000);

  it("the server ACL follows when the agency server's counselor joins and leaves a central agency", async () => {
    const api = platform!.apiUrl;
    const counselorClient = clients[0]!;
    // A central agency (no own homeserver) without counselors yet: its case room admits the central server only.
    const { db, sql, close } = createDb(fedStack.databaseUrl, { max: 1 });
    try {
      const [a] = await db.insert(agencies).values({ name: `Zentrale ${randomUUID().slice(0, 6)}`, city: "Mitte" }).returning({ id: agencies.id });
      const centralAgencyId = a!.id;
      await db.insert(agencyTopics).values({ agencyId: centralAgencyId, topicId });
      await db.insert(agencyPostcodeRanges).values({ agencyId: centralAgencyId, topicId, fromPostcode: "70000", toPostcode: "70999" });

      const reg = await callApi<{ token: string }>(api, "POST", "/v1/seekers", {
        body: { username: `Nahweh ${randomLetters(10)}`, password: "ein langes Passwort", topic: topicId, postcode: "70173" },
      });
      expect(reg.status).toBe(201);
      const token = reg.body.token;
      const session = await callApi<MatrixSession>(api, "POST", "/v1/matrix/session", { token });
      const opened = await callApi<{ caseId: string }>(api, "POST", "/v1/cases", { token, body: { topic: topicId, agencyId: centralAgencyId } });
      expect(opened.status).toBe(201);
      const roomId = await until(
        "the central case room",
        async () => {
          const list = await callApi<{ caseId: string; roomId: string | null }[]>(api, "GET", "/v1/cases", { token });
          return list.body.find((c) => c.caseId === opened.body.caseId)?.roomId ?? undefined;
        },
        60_000,
      );
      const asSeeker = (path: string, init: RequestInit = {}) =>
        fetch(`${central.homeserverUrl}/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}${path}`, {
          ...init,
          headers: { authorization: `Bearer ${session.body.accessToken}`, "content-type": "application/json" },
        });
      const joined = await fetch(`${central.homeserverUrl}/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, {
        method: "POST",
        headers: { authorization: `Bearer ${session.body.accessToken}`, "content-type": "application/json" },
        body: "{}",
      });
      expect(joined.status).toBe(200);
      const aclAllow = async (): Promise<string[]> => ((await (await asSeeker("/state/m.room.server_acl/")).json()) as { allow: string[] }).allow;
      const memberOf = async (userId: string): Promise<string | undefined> => {
        const r = await asSeeker(`/state/m.room.member/${encodeURIComponent(userId)}`);
        return r.status === 200 ? ((await r.json()) as { membership: string }).membership : undefined;
      };
      const centralOnly = [central.host, central.serverName].sort();
      expect(await aclAllow()).toEqual(centralOnly);

      // The agency-server counselor becomes a counselor of the central agency (as the admin API
      // does it: membership + pool sync in one transaction): the ACL admits her server, she is
      // invited into the waiting case's room across federation and can join.
      const [c] = await sql<{ id: string }[]>`select id from counselors where matrix_user_id = ${counselorUserId}`;
      await db.transaction(async (tx) => {
        await tx.insert(agencyMemberships).values({ agencyId: centralAgencyId, counselorId: c!.id, role: "counselor" });
        await requestPoolSync(tx, centralAgencyId);
      });
      const withAgency = [agencyServer.host, agencyServer.serverName, central.host, central.serverName].sort();
      await until("the ACL admitting the agency server", async () => (JSON.stringify(await aclAllow()) === JSON.stringify(withAgency) ? true : undefined), 90_000);
      await joinInvitedRoom(counselorClient, roomId);
      expect(await memberOf(counselorUserId)).toBe("join");

      // She leaves the central agency: removed from the room, and her server is shut out again.
      await db.transaction(async (tx) => {
        await tx.delete(agencyMemberships).where(and(eq(agencyMemberships.agencyId, centralAgencyId), eq(agencyMemberships.counselorId, c!.id)));
        await requestPoolSync(tx, centralAgencyId);
      });
      await until("her removal", async () => ((await memberOf(counselorUserId)) === "leave" ? true : undefined), 90_000);
      await until("the ACL back to the central server", async () => (JSON.stringify(await aclAllow()) === JSON.stringify(centralOnly) ? true : undefined), 90_000);
    } finally {
      await close();
    }
  });
});
