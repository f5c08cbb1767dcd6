// Backup and restore on the local stack: back up, destroy, restore — the seeker still sees their
// case, can still sign in, and Synapse still serves the media that was uploaded before.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadConfig, start, type StartedApi } from "@lotse/provisioning-api";
import { backup, infraFacts, restore, instanceDir, processEnv, seedDemo, startInfrastructure, synapseMediaDir, testPorts, type Infrastructure } from "@lotse/scripts";

const instance = "test-backup";
const ports = testPorts(Number(process.env.LOTSE_TEST_PORT_BASE ?? 18000) + 600);

async function api(infra: Infrastructure): Promise<StartedApi> {
  return start(loadConfig({ ...processEnv(infraFacts(infra)), LOTSE_LOG_LEVEL: "warn", LOTSE_RATE_LIMIT_MAX: "10000" }));
}

async function call(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { ...(body ? { "content-type": "application/json" } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & unknown[] };
}

describe("backup and restore", () => {
  let infra: Infrastructure | undefined;
  let started: StartedApi | undefined;
  afterAll(async () => {
    await started?.close();
    await infra?.stop();
    rmSync(instanceDir(instance), { recursive: true, force: true });
  });

  it("restores a destroyed instance: the seeker's case, login and media survive", async () => {
    infra = await startInfrastructure({ instance, ports, fresh: true, testRateLimits: true, log: () => {} });
    const demo = await seedDemo({ ...infra, registrationSharedSecret: infra.secrets.registrationSharedSecret });
    started = await api(infra);
    const apiUrl = `http://127.0.0.1:${ports.api}`;
    const agency = demo.agencies[0]!;
    const reg = await call(apiUrl, "POST", "/v1/seekers", {
      username: "Sicherung Test",
      password: "ein sicheres Passwort",
      topic: agency.topicIds[0],
      postcode: agency.samplePostcode,
    });
    expect(reg.status).toBe(201);
    const opened = await call(apiUrl, "POST", "/v1/cases", { topic: agency.topicIds[0], agencyId: agency.id }, reg.body.token as string);
    expect(opened.status).toBe(201);
    const session = await call(apiUrl, "POST", "/v1/matrix/session", undefined, reg.body.token as string);
    const upload = await fetch(`${infra.homeserverUrl}/_matrix/media/v3/upload?filename=note.txt`, {
      method: "POST",
      headers: { authorization: `Bearer ${session.body.accessToken as string}`, "content-type": "text/plain" },
      body: "media that must survive",
    });
    expect(upload.status).toBe(200);
    const mxc = ((await upload.json()) as { content_uri: string }).content_uri;

    const out = mkdtempSync(join(tmpdir(), "lotse-backup-"));
    await started.close();
    started = undefined;
    const manifest = await backup(
      { lotseDatabaseUrl: infra.databaseUrl, synapseDatabaseUrl: infra.synapseDatabaseUrl, mediaDir: synapseMediaDir(instance) },
      out,
    );
    expect(manifest.media).toBe(true);
    for (const f of ["lotse.dump", "synapse.dump", "media.tar.gz", "manifest.json"]) expect(existsSync(join(out, f))).toBe(true);

    // Destroy: the database cluster and the media store are gone; secrets and signing key stay.
    await infra.stop();
    infra = undefined;
    rmSync(join(instanceDir(instance), "pg"), { recursive: true, force: true });
    rmSync(synapseMediaDir(instance), { recursive: true, force: true });

    infra = await startInfrastructure({ instance, ports, restoreFrom: out, testRateLimits: true, log: () => {} });
    started = await api(infra);
    const login = await call(apiUrl, "POST", "/v1/login", { username: "Sicherung Test", password: "ein sicheres Passwort" });
    expect(login.status).toBe(200);
    const cases = await call(apiUrl, "GET", "/v1/cases", undefined, login.body.token as string);
    expect(cases.status).toBe(200);
    expect((cases.body as unknown as { caseId: string }[]).map((c) => c.caseId)).toEqual([opened.body.caseId]);
    const media = await fetch(`${infra.homeserverUrl}/_matrix/client/v1/media/download/${mxc.slice("mxc://".length)}`, {
      headers: { authorization: `Bearer ${session.body.accessToken as string}` },
    });
    expect(media.status).toBe(200);
    expect(await media.text()).toBe("media that must survive");
  });

  it("refuses to restore over an instance that has data", async () => {
    const out = mkdtempSync(join(tmpdir(), "lotse-backup-"));
    await backup({ lotseDatabaseUrl: infra!.databaseUrl, synapseDatabaseUrl: infra!.synapseDatabaseUrl, mediaDir: synapseMediaDir(instance) }, out);
    await expect(
      restore({ lotseDatabaseUrl: infra!.databaseUrl, synapseDatabaseUrl: infra!.synapseDatabaseUrl, mediaDir: synapseMediaDir(instance) }, out),
    ).rejects.toThrow(/not empty/);
  });
});
