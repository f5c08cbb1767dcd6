// The whole counseling case, for real: a seeker registers through the API, gets a Matrix session,
// opens a case; the bridge builds the encrypted case room; the seeker's client sends the enquiry,
// a demo counselor's client decrypts it and replies, the seeker decrypts the reply. Afterwards
// Synapse's database holds neither text in plaintext.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { MatrixClient } from "matrix-js-sdk";
import { seedDemo, type DemoAccounts } from "@lotse/scripts";
import {
  joinInvitedRoom,
  passwordLogin,
  startE2eeClient,
  stopClient,
  until,
  waitForDecryptedText,
  type MatrixSession,
} from "@lotse/test-support";
import { callApi, startPlatform, type Platform } from "../src/platform.ts";
import { registerSecrets, randomLetters } from "@lotse/test-support";

const stack = inject("lotseStack");

describe("walking skeleton: one counseling case end to end", () => {
  let platform: Platform;
  let demo: DemoAccounts;
  const clients: MatrixClient[] = [];

  beforeAll(async () => {
    demo = await seedDemo(stack);
    platform = await startPlatform(stack);
  });

  afterAll(async () => {
    for (const c of clients) await stopClient(c);
    await platform?.stop();
  });

  it("seeker and counselor talk end-to-end encrypted; the server never holds the text", async () => {
    const agency = demo.agencies[1]!;
    const topic = agency.topicIds[0]!;
    const counselor = demo.counselors.find((c) => c.agencyId === agency.id)!;

    // The counselor is online in an ordinary Matrix client (crypto on, device keys published).
    const counselorClient = await startE2eeClient(await passwordLogin(stack.homeserverUrl, counselor.userId, counselor.password));
    clients.push(counselorClient);

    // The seeker finds the agency and registers with a pseudonym.
    const found = await callApi<{ id: string }[]>(platform.apiUrl, "GET", `/v1/agencies?topic=${topic}&postcode=${agency.samplePostcode}`);
    expect(found.status).toBe(200);
    expect(found.body.map((a) => a.id)).toContain(agency.id);
    const pseudonym = `Wolke ${randomLetters(10)}`;
    const reg = await callApi<{ seekerId: string; token: string }>(platform.apiUrl, "POST", "/v1/seekers", {
      body: { username: pseudonym, password: "ein langes Passwort", topic, postcode: agency.samplePostcode },
    });
    expect(reg.status).toBe(201);
    const token = reg.body.token;

    const session = await callApi<MatrixSession>(platform.apiUrl, "POST", "/v1/matrix/session", { token });
    expect(session.status).toBe(200);
    expect(session.body.userId.startsWith(`@${stack.userPrefix}`)).toBe(true);
    expect(session.body.userId.toLowerCase()).not.toContain(pseudonym.split(" ")[0]!.toLowerCase());

    const opened = await callApi<{ caseId: string; roomId: string | null; status: string }>(platform.apiUrl, "POST", "/v1/cases", {
      token,
      body: { topic, agencyId: agency.id },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.status).toBe("new");

    // The bridge builds the room from the outbox job.
    const roomId = await until(
      "the case room",
      async () => {
        const list = await callApi<{ caseId: string; roomId: string | null }[]>(platform.apiUrl, "GET", "/v1/cases", { token });
        return list.body.find((c) => c.caseId === opened.body.caseId)?.roomId ?? undefined;
      },
      60_000,
    );

    // The seeker's client (what the web app does) joins and sends the enquiry.
    const seekerClient = await startE2eeClient({ ...session.body, homeserverUrl: stack.homeserverUrl });
    clients.push(seekerClient);
    await joinInvitedRoom(seekerClient, roomId);
    const enquiry = `Ich weiß nicht mehr weiter ${randomUUID()}`;
    await seekerClient.sendMessage(roomId, { msgtype: "m.text", body: enquiry } as never);

    // The counselor joins, decrypts the enquiry (sent before the join: history visible from the
    // invitation on), and replies.
    await joinInvitedRoom(counselorClient, roomId);
    const received = await waitForDecryptedText(counselorClient, roomId, (b) => b === enquiry, 60_000);
    expect(received).toMatchObject({ wasEncrypted: true, sender: session.body.userId });
    const reply = `Danke, dass Sie schreiben ${randomUUID()}`;
    await counselorClient.sendMessage(roomId, { msgtype: "m.text", body: reply } as never);
    const answered = await waitForDecryptedText(seekerClient, roomId, (b) => b === reply, 60_000);
    expect(answered).toMatchObject({ wasEncrypted: true, sender: counselor.userId });

    // Every log of the run is scanned for these at its end (the global teardown, logScan.ts).
    registerSecrets(stack, [pseudonym], "pseudonym");
    registerSecrets(stack, ["ein langes Passwort"], "password");
    registerSecrets(stack, [token, session.body.accessToken], "token");
    registerSecrets(stack, [enquiry, reply], "message");

    // No seeker identifier, secret or content in the platform's logs.
    for (const service of [platform.api, platform.bridge]) {
      const logText = readFileSync(service.logFile, "utf8");
      for (const secret of [pseudonym, "ein langes Passwort", token, session.body.accessToken, enquiry, reply]) {
        expect(logText.includes(secret), `${service.name} log contains a secret`).toBe(false);
      }
    }

    // Synapse's own database: only ciphertext.
    const sql = postgres(stack.synapseDatabaseUrl, { max: 1, onnotice: () => {} });
    try {
      const leaks = await sql`
        select count(*)::int as n from event_json
        where json like ${"%" + enquiry.slice(-36) + "%"} or json like ${"%" + reply.slice(-36) + "%"}`;
      expect(leaks[0]!.n).toBe(0);
      const encrypted = await sql`
        select count(*)::int as n from events where room_id = ${roomId} and type = 'm.room.encrypted'`;
      expect(encrypted[0]!.n).toBeGreaterThanOrEqual(2);
      const plain = await sql`
        select count(*)::int as n from events where room_id = ${roomId} and type = 'm.room.message'`;
      expect(plain[0]!.n).toBe(0);
      // Nothing anywhere in the database: search every text-ish column of every table.
      const tables = await sql<{ table_name: string; column_name: string; data_type: string }[]>`
        select table_name, column_name, data_type from information_schema.columns
        where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'bytea')`;
      const needles = [enquiry.slice(-36), reply.slice(-36)];
      for (const { table_name, column_name, data_type } of tables) {
        const col = `"${table_name}"."${column_name}"`;
        const where =
          data_type === "bytea"
            ? `position(convert_to($1, 'UTF8') in ${col}) > 0 or position(convert_to($2, 'UTF8') in ${col}) > 0`
            : `position($1 in ${col}::text) > 0 or position($2 in ${col}::text) > 0`;
        const hit = await sql.unsafe(`select 1 from "${table_name}" where ${where} limit 1`, needles);
        expect(hit.length, `${table_name}.${column_name} holds plaintext`).toBe(0);
      }
      expect(tables.length).toBeGreaterThan(100);
    } finally {
      await sql.end();
    }
  });
});
