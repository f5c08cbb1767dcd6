// Issue 15, "on to local help" and "the way in from anywhere", against the real database and
// homeserver: profiles complete for a visit (admin API and CSV), "Beratung vor Ort" on a case
// (the case's agency, nearby agencies of the topic from the routing index — on-site-only ones too),
// recommendations by staff (stored without content, audited in the case's history, gone with the
// case and with the seeker's erasure), the entry snippets, the widget card's frame rule and the
// short link.
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { caseRecommendations, cases, type DbHandle } from "@lotse/store";
import { defaultRetentionPolicy } from "@lotse/policies";
import { HomeserverClient } from "../src/matrix/homeserverClient.ts";
import { runCleanup } from "../src/cleanup/retentionCleanup.ts";
import { SynapseAdmin } from "../src/cleanup/synapseAdmin.ts";
import { bearer, buildTestApp, createAgency, openDb, REGISTRATION_DEFAULTS, stack, testConfig, uniquePseudonym } from "./helpers.ts";
import { insertCounselor, retireAgenciesCreatedSince, staffToken } from "./authHelpers.ts";

const WEB = "https://lotse.example.org";
let db: DbHandle;
let app: FastifyInstance;
let platform: string;
const fileStarted = new Date();
const hex = () => randomBytes(4).toString("hex");

type Agency = { id: string; name: string; city: string };
let home: Agency; // the case's agency (online, 10000–10999)
let onSite: Agency; // nearby, on site only (offline), with a full profile
let otherTopic: Agency; // nearby but another topic
let far: Agency; // same topic, elsewhere
let counselor: { userId: string; token: string };

beforeAll(async () => {
  db = openDb(stack());
  app = await buildTestApp(testConfig(stack(), { LOTSE_PUBLIC_WEB_URL: WEB }), db);
  platform = staffToken(app, { userId: `@lh_admin_${hex()}:localhost`, roles: [{ role: "platform_admin", agencyId: null }] });
  home = await createAgency(db.db, { topics: ["sucht"], ranges: [["10000", "10999"]], city: "Berlin" });
  onSite = await createAgency(db.db, { topics: ["sucht"], ranges: [["10100", "10199"]], city: "Berlin" });
  otherTopic = await createAgency(db.db, { topics: ["schulden"], ranges: [["10000", "10999"]], city: "Berlin" });
  far = await createAgency(db.db, { topics: ["sucht"], ranges: [["80000", "80999"]], city: "München" });
  const patched = await app.inject({
    method: "PATCH",
    url: `/v1/admin/agencies/${onSite.id}`,
    headers: bearer(platform),
    payload: {
      online: false,
      address: "Torstraße 1",
      postcode: "10119",
      phone: "+49 30 123456",
      openingHours: "Mo–Fr 9–12 Uhr",
      website: "https://vor-ort.example.org",
      accessibilityNotes: "Aufzug, barrierefreies WC",
      onSiteServices: ["Dolmetschen", "Kinderbetreuung"],
    },
  });
  expect(patched.statusCode).toBe(200);
  await app.lotseRouting.refreshAgencies([home.id, onSite.id, otherTopic.id, far.id]);
  const userId = `@lh_counselor_${hex()}:localhost`;
  await insertCounselor(db, userId, [{ agencyId: home.id, role: "counselor" }]);
  counselor = { userId, token: staffToken(app, { userId, roles: [{ role: "counselor", agencyId: home.id }] }) };
}, 60_000);

afterAll(async () => {
  if (db !== undefined) await retireAgenciesCreatedSince(db, fileStarted);
  await app?.close();
  await db?.close();
});

async function seekerWithCase(agencyId = home.id) {
  const username = uniquePseudonym("Vor");
  const reg = await app.inject({ method: "POST", url: "/v1/seekers", payload: { ...REGISTRATION_DEFAULTS, username } });
  expect(reg.statusCode).toBe(201);
  const { seekerId, token } = reg.json() as { seekerId: string; token: string };
  const opened = await app.inject({ method: "POST", url: "/v1/cases", headers: bearer(token), payload: { topic: "sucht", agencyId } });
  expect(opened.statusCode).toBe(201);
  const { caseId, caseNumber } = opened.json() as { caseId: string; caseNumber: number };
  return { seekerId, token, caseId, caseNumber };
}

const recRows = async (caseId: string) => (await db.db.select().from(caseRecommendations).where(eq(caseRecommendations.caseId, caseId))).length;

describe("profiles complete for a visit", () => {
  it("creates an agency with its profile, and the CSV exports and re-imports it unchanged; bad profile fields are named", async () => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/admin/agencies",
      headers: bearer(platform),
      payload: { name: `Profil ${hex()}`, city: "Köln", address: "Ring 2", postcode: "50667", phone: "0221 / 123", openingHours: "Di 10–14 Uhr", website: "https://p.example.org", accessibilityNotes: "Rampe", onSiteServices: ["Schuldnerberatung vor Ort"] },
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ address: "Ring 2", phone: "0221 / 123", openingHours: "Di 10–14 Uhr", website: "https://p.example.org", accessibilityNotes: "Rampe", onSiteServices: ["Schuldnerberatung vor Ort"], slug: null, embedOrigins: [] });

    const csv = (await app.inject({ method: "GET", url: "/v1/admin/export/agencies.csv", headers: bearer(platform) })).body;
    expect(csv.split("\n")[0]).toBe("id,name,city,address,postcode,description,languages,online,team_agency,homeserver_server_name,topics,phone,opening_hours,website,accessibility_notes,on_site_services");
    const line = csv.split("\n").find((l) => l.startsWith(onSite.id))!;
    expect(line).toContain("+49 30 123456");
    expect(line).toContain("Dolmetschen|Kinderbetreuung");
    const header = csv.split("\n")[0]!;
    const reimport = await app.inject({ method: "POST", url: "/v1/admin/import/agencies", headers: { ...bearer(platform), "content-type": "text/csv" }, payload: `${header}\n${line}\n` });
    expect(reimport.statusCode).toBe(200);
    const after = (await app.inject({ method: "GET", url: `/v1/admin/agencies/${onSite.id}`, headers: bearer(platform) })).json();
    expect(after).toMatchObject({ phone: "+49 30 123456", openingHours: "Mo–Fr 9–12 Uhr", website: "https://vor-ort.example.org", accessibilityNotes: "Aufzug, barrierefreies WC", onSiteServices: ["Dolmetschen", "Kinderbetreuung"], address: "Torstraße 1" });

    // A bad phone and a bad website: both lines named, nothing written.
    const bad = [
      header,
      `,Bad ${hex()},Köln,,,,de,true,false,,sucht:,call me,,,,`,
      `,Bad ${hex()},Köln,,,,de,true,false,,sucht:,,,ftp://x,,`,
    ].join("\n");
    const refused = await app.inject({ method: "POST", url: "/v1/admin/import/agencies", headers: { ...bearer(platform), "content-type": "text/csv" }, payload: bad });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().lines).toEqual([
      { line: 2, code: "invalid_field", field: "phone", reason: expect.stringContaining("phone") },
      { line: 3, code: "invalid_field", field: "website", reason: expect.stringContaining("website") },
    ]);

    // The older header (without the profile) still imports and leaves the profile as it is.
    const legacyLine = line.split(",").slice(0, 11).join(",");
    if (!/"/.test(legacyLine)) {
      const legacy = await app.inject({ method: "POST", url: "/v1/admin/import/agencies", headers: { ...bearer(platform), "content-type": "text/csv" }, payload: `${header.split(",").slice(0, 11).join(",")}\n${legacyLine}\n` });
      expect(legacy.statusCode).toBe(200);
      expect((await app.inject({ method: "GET", url: `/v1/admin/agencies/${onSite.id}`, headers: bearer(platform) })).json().phone).toBe("+49 30 123456");
    }
  });

  it("validates the short-link slug and the embed origins, naming the field", async () => {
    const patch = (payload: object) => app.inject({ method: "PATCH", url: `/v1/admin/agencies/${home.id}`, headers: bearer(platform), payload });
    for (const origins of [["http://example.org"], ["https://example.org/page"], ["https://*.example.org"], ["nonsense"]]) {
      const r = await patch({ embedOrigins: origins });
      expect(r.statusCode, JSON.stringify(origins)).toBe(400);
      expect(r.json().error).toContain("embedOrigins/0");
    }
    expect((await patch({ slug: "Nicht Gut!" })).statusCode).toBe(400);
    const slug = `beratung-${hex()}`;
    expect((await patch({ slug, embedOrigins: ["https://beratung.example.org", "http://127.0.0.1:4444"] })).json()).toMatchObject({ slug, embedOrigins: ["https://beratung.example.org", "http://127.0.0.1:4444"] });
    const taken = await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${far.id}`, headers: bearer(platform), payload: { slug } });
    expect(taken.statusCode).toBe(409);
  });
});

describe("Beratung vor Ort", () => {
  it("shows the case's agency on site and nearby agencies of the topic by the seeker's postcode, on-site-only ones too", async () => {
    const s = await seekerWithCase();
    const res = await app.inject({ method: "GET", url: `/v1/cases/${s.caseId}/local-help`, headers: bearer(s.token) });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { agency: { id: string }; nearby: { id: string; online: boolean; openingHours: string | null; onSiteServices: string[] }[]; recommendations: unknown[] };
    expect(body.agency.id).toBe(home.id);
    const ids = body.nearby.map((a) => a.id);
    expect(ids).toContain(onSite.id);
    expect(ids).not.toContain(home.id);
    expect(ids).not.toContain(otherTopic.id);
    expect(ids).not.toContain(far.id);
    expect(body.nearby.find((a) => a.id === onSite.id)).toMatchObject({ online: false, openingHours: "Mo–Fr 9–12 Uhr", onSiteServices: ["Dolmetschen", "Kinderbetreuung"] });
    expect(body.recommendations).toEqual([]);

    // Another seeker's case is not found; no token is 401.
    const other = await seekerWithCase();
    expect((await app.inject({ method: "GET", url: `/v1/cases/${s.caseId}/local-help`, headers: bearer(other.token) })).statusCode).toBe(404);
    expect((await app.inject({ method: "GET", url: `/v1/cases/${s.caseId}/local-help` })).statusCode).toBe(401);
  });
});

describe("recommendations", () => {
  it("a counselor recommends an agency: shown with its details and the note, recorded in the case's history, refusals write nothing", async () => {
    const s = await seekerWithCase();
    const post = (payload: object, token = counselor.token, n = s.caseNumber) =>
      app.inject({ method: "POST", url: `/v1/staff/cases/${n}/recommendations`, headers: bearer(token), payload });

    const long = await post({ agency: onSite.id, note: "x".repeat(281) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errcode).toBe("LOTSE_INVALID_INPUT");
    expect((await post({ agency: "00000000-0000-4000-8000-000000000000", note: "" })).json().errcode).toBe("LOTSE_UNKNOWN_AGENCY");
    expect((await post({ agency: home.id, note: "" })).statusCode).toBe(400);
    const stranger = `@lh_stranger_${hex()}:localhost`;
    await insertCounselor(db, stranger, [{ agencyId: far.id, role: "counselor" }]);
    expect((await post({ agency: onSite.id, note: "" }, staffToken(app, { userId: stranger, roles: [{ role: "counselor", agencyId: far.id }] }))).statusCode).toBe(404);
    expect(await recRows(s.caseId)).toBe(0);

    const ok = await post({ agency: onSite.id, note: "Dort gibt es eine offene Sprechstunde am Dienstag." });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ caseNumber: s.caseNumber, agency: { id: onSite.id } });

    const help = (await app.inject({ method: "GET", url: `/v1/cases/${s.caseId}/local-help`, headers: bearer(s.token) })).json();
    expect(help.recommendations).toHaveLength(1);
    expect(help.recommendations[0]).toMatchObject({ note: "Dort gibt es eine offene Sprechstunde am Dienstag.", agency: { id: onSite.id, phone: "+49 30 123456", address: "Torstraße 1" } });

    const [ev] = await db.sql<{ actor: string; details: { agencyId: string; noteLength: number } }[]>`
      select actor, details from case_events where case_id = ${s.caseId} and action = 'recommend'`;
    expect(ev).toMatchObject({ actor: counselor.userId, details: { agencyId: onSite.id, noteLength: 50 } });
    // The history keeps the agency and the note's length, never the note.
    expect(JSON.stringify(ev!.details)).not.toContain("Sprechstunde");
  });

  it("is removed with the seeker's erasure", async () => {
    const s = await seekerWithCase();
    expect((await app.inject({ method: "POST", url: `/v1/staff/cases/${s.caseNumber}/recommendations`, headers: bearer(counselor.token), payload: { agency: onSite.id, note: "Bitte anrufen" } })).statusCode).toBe(201);
    expect(await recRows(s.caseId)).toBe(1);
    const del = await app.inject({ method: "DELETE", url: "/v1/seekers/me", headers: bearer(s.token), payload: { password: REGISTRATION_DEFAULTS.password } });
    expect(del.statusCode).toBe(204);
    expect(await recRows(s.caseId)).toBe(0);
  });

  it("is removed with the case by the retention clean-up", async () => {
    const s = await seekerWithCase();
    expect((await app.inject({ method: "POST", url: `/v1/staff/cases/${s.caseNumber}/recommendations`, headers: bearer(counselor.token), payload: { agency: onSite.id, note: "" } })).statusCode).toBe(201);
    // A recommendation on a closed case is refused.
    await db.db.update(cases).set({ status: "closed", closedAt: new Date() }).where(eq(cases.id, s.caseId));
    expect((await app.inject({ method: "POST", url: `/v1/staff/cases/${s.caseNumber}/recommendations`, headers: bearer(counselor.token), payload: { agency: onSite.id, note: "" } })).statusCode).toBe(409);
    expect(await recRows(s.caseId)).toBe(1);
    const st = stack();
    const report = await runCleanup(
      {
        db: db.db,
        homeserver: new HomeserverClient({ baseUrl: st.homeserverUrl, asToken: st.asToken, timeoutMs: 10_000 }),
        // The case never got a room here, so nothing is purged on the homeserver.
        admin: new SynapseAdmin({ baseUrl: st.homeserverUrl, adminToken: "unused", timeoutMs: 10_000 }),
        serverName: st.serverName,
        policy: defaultRetentionPolicy,
      },
      { now: new Date(Date.now() + (defaultRetentionPolicy.closedCaseDays + 1) * 86_400_000), dryRun: false, scope: { seekerIds: [], caseIds: [s.caseId] } },
    );
    expect(report.failures).toEqual([]);
    expect((await db.db.select().from(cases).where(eq(cases.id, s.caseId))).length).toBe(0);
    expect(await recRows(s.caseId)).toBe(0);
  });
});

describe("the way in from anywhere", () => {
  it("gives the agency admin the snippets; another agency's admin is refused", async () => {
    const adminId = `@lh_aadmin_${hex()}:localhost`;
    const token = staffToken(app, { userId: adminId, roles: [{ role: "agency_admin", agencyId: far.id }] });
    const res = await app.inject({ method: "GET", url: `/v1/admin/agencies/${far.id}/entry`, headers: bearer(token) });
    expect(res.statusCode).toBe(200);
    const e = res.json();
    expect(e.deepLink).toBe(`${WEB}/?agency=${far.id}`);
    expect(e.cardUrl).toBe(`${WEB}/widget/${far.id}`);
    expect(e.linkButton).toContain(`href="${WEB}/?agency=${far.id}"`);
    expect(e.linkButton).toContain("Anonym online beraten lassen");
    expect(e.iframeCard).toContain(`<iframe src="${WEB}/widget/${far.id}"`);
    expect((await app.inject({ method: "GET", url: `/v1/admin/agencies/${home.id}/entry`, headers: bearer(token) })).statusCode).toBe(403);
  });

  it("gives the snippets in the card language asked for; an unknown language is a typed error", async () => {
    const adminId = `@lh_aadmin_${hex()}:localhost`;
    const token = staffToken(app, { userId: adminId, roles: [{ role: "agency_admin", agencyId: far.id }] });
    const slug = `weit-${hex()}`;
    expect((await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${far.id}`, headers: bearer(platform), payload: { slug } })).statusCode).toBe(200);
    const tr = await app.inject({ method: "GET", url: `/v1/admin/agencies/${far.id}/entry?lang=tr`, headers: bearer(token) });
    expect(tr.statusCode).toBe(200);
    const e = tr.json();
    expect(e.lang).toBe("tr");
    expect(e.deepLink).toBe(`${WEB}/?agency=${far.id}&lang=tr`);
    expect(e.cardUrl).toBe(`${WEB}/widget/${far.id}?lang=tr`);
    expect(e.shortLink).toBe(`${WEB}/a/${slug}?lang=tr`);
    expect(e.linkButton).toContain(`href="${WEB}/?agency=${far.id}&amp;lang=tr" lang="tr"`);
    expect(e.linkButton).toContain(">İsimsiz çevrim içi danışmanlık alın</a>");
    expect(e.iframeCard).toContain(`<iframe src="${WEB}/widget/${far.id}?lang=tr" lang="tr" title="İsimsiz çevrim içi danışmanlık alın"`);
    const ar = (await app.inject({ method: "GET", url: `/v1/admin/agencies/${far.id}/entry?lang=ar`, headers: bearer(token) })).json();
    expect(ar.linkButton).toContain('lang="ar" dir="rtl"');
    expect(ar.iframeCard).toContain(`/widget/${far.id}?lang=ar`);
    // No language: the German snippets as before, nothing forcing the app's language.
    const plain = (await app.inject({ method: "GET", url: `/v1/admin/agencies/${far.id}/entry`, headers: bearer(token) })).json();
    expect(plain.lang).toBe("de-sie");
    expect(plain.shortLink).toBe(`${WEB}/a/${slug}`);
    expect(JSON.stringify(plain)).not.toContain("lang=");
    for (const bad of ["xx", "de", "TR"]) {
      const r = await app.inject({ method: "GET", url: `/v1/admin/agencies/${far.id}/entry?lang=${bad}`, headers: bearer(token) });
      expect(r.statusCode, bad).toBe(400);
      expect(r.json().errcode, bad).toBe("LOTSE_INVALID_INPUT");
    }
  });

  it("serves the card framable by the listed origins only, without cookies or anything third-party", async () => {
    await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${otherTopic.id}`, headers: bearer(platform), payload: { embedOrigins: [] } });
    const none = await app.inject({ method: "GET", url: `/widget/${otherTopic.id}` });
    expect(none.statusCode).toBe(200);
    expect(none.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'$/);
    await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${otherTopic.id}`, headers: bearer(platform), payload: { embedOrigins: ["https://a.example.org", "https://b.example.org:8443"] } });
    const listed = await app.inject({ method: "GET", url: `/widget/${otherTopic.id}` });
    const csp = String(listed.headers["content-security-policy"]);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/frame-ancestors https:\/\/a\.example\.org https:\/\/b\.example\.org:8443$/);
    expect(listed.headers["x-frame-options"]).toBeUndefined();
    expect(listed.headers["set-cookie"]).toBeUndefined();
    expect(listed.headers["content-type"]).toContain("text/html");
    expect(listed.body).toContain("Anonym online beraten lassen");
    expect(listed.body).not.toMatch(/<script|<img|<link|src=/i);
    expect((await app.inject({ method: "GET", url: "/widget/00000000-0000-4000-8000-000000000000" })).statusCode).toBe(404);
  });

  it("serves the card in Turkish and in Arabic (right to left); an unknown or missing language gives German — same frame rule, no cookie, never cached", async () => {
    const name = otherTopic.name;
    await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${otherTopic.id}`, headers: bearer(platform), payload: { embedOrigins: ["https://a.example.org"] } });
    const card = async (query: string) => {
      const r = await app.inject({ method: "GET", url: `/widget/${otherTopic.id}${query}` });
      expect(r.statusCode, query).toBe(200);
      expect(r.headers["content-security-policy"], query).toMatch(/^default-src 'none'; .*frame-ancestors https:\/\/a\.example\.org$/);
      expect(r.headers["set-cookie"], query).toBeUndefined();
      expect(r.headers["cache-control"], query).toBe("no-store");
      expect(r.body, query).not.toMatch(/<script|<img|<link|src=/i);
      expect(r.body, query).toContain(`<bdi>${name}</bdi>`);
      return r.body;
    };
    const tr = await card("?lang=tr");
    expect(tr).toContain('<html lang="tr" dir="ltr">');
    expect(tr).toContain("Adınızı vermeden, ücretsiz ve şifreli.");
    expect(tr).toContain(`href="${WEB}/?agency=${otherTopic.id}&amp;lang=tr"`);
    expect(tr).toContain(">İsimsiz çevrim içi danışmanlık alın</a>");
    const ar = await card("?lang=ar");
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toContain(">احصل على استشارة عبر الإنترنت</a>");
    expect(ar).toContain(`href="${WEB}/?agency=${otherTopic.id}&amp;lang=ar"`);
    expect(ar).toContain(`aria-label="استشارة عبر الإنترنت: ${name}"`);
    const leicht = await card("?lang=de-leicht");
    expect(leicht).toContain('<html lang="de" dir="ltr">');
    expect(leicht).toContain(">Zur Beratung im Internet</a>");
    for (const query of ["", "?lang=xx", "?lang=", "?lang=ar&lang=tr", "?lang=%3Cscript%3E"]) {
      const de = await card(query);
      expect(de, query).toContain('<html lang="de" dir="ltr">');
      expect(de, query).toContain(">Anonym online beraten lassen</a>");
      expect(de, query).toContain(`href="${WEB}/?agency=${otherTopic.id}"`);
    }
  });

  it("redirects the short link to the deep link; an unknown one to the start with a note", async () => {
    const slug = `kurz-${hex()}`;
    await app.inject({ method: "PATCH", url: `/v1/admin/agencies/${onSite.id}`, headers: bearer(platform), payload: { slug } });
    const r = await app.inject({ method: "GET", url: `/a/${slug}` });
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe(`${WEB}/?agency=${onSite.id}`);
    const unknown = await app.inject({ method: "GET", url: `/a/gibt-es-nicht-${hex()}` });
    expect(unknown.statusCode).toBe(302);
    expect(unknown.headers.location).toBe(`${WEB}/?agency=unknown`);
    // With a language: the app opens in it, also when the short link is unknown; a bad one is dropped.
    expect((await app.inject({ method: "GET", url: `/a/${slug}?lang=uk` })).headers.location).toBe(`${WEB}/?agency=${onSite.id}&lang=uk`);
    expect((await app.inject({ method: "GET", url: `/a/gibt-es-nicht-${hex()}?lang=ar` })).headers.location).toBe(`${WEB}/?agency=unknown&lang=ar`);
    expect((await app.inject({ method: "GET", url: `/a/${slug}?lang=xx` })).headers.location).toBe(`${WEB}/?agency=${onSite.id}`);
  });
});

describe("GET /v1/agencies/:id (deep links)", () => {
  it("answers an agency's name, topics and whether it takes online enquiries; unknown and malformed ids are typed errors", async () => {
    const r = await app.inject({ method: "GET", url: `/v1/agencies/${home.id}` });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: home.id, name: home.name, city: "Berlin", languages: ["de"], topics: ["sucht"], online: true });
    expect((await app.inject({ method: "GET", url: "/v1/agencies/00000000-0000-4000-8000-000000000000" })).json().errcode).toBe("LOTSE_UNKNOWN_AGENCY");
    expect((await app.inject({ method: "GET", url: "/v1/agencies/not-an-id" })).statusCode).toBe(400);
  });
});
