import { describe, expect, it } from "vitest";
import {
  buildRoutingIndex,
  patchRoutingAgencies,
  patchRoutingTopics,
  routeAgencies,
  seededRandom,
  type RoutingAgency,
  type RoutingCatalog,
  type RoutingQuery,
  type RoutingRange,
  type RoutingTopic,
} from "../src/postcodeRouting.ts";

const T = "sucht";
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

function agency(n: number, over: Partial<RoutingAgency> = {}): RoutingAgency {
  return {
    id: id(n),
    name: `Agency ${String(n).padStart(2, "0")}`,
    city: "Stadt",
    languages: ["de"],
    online: true,
    deleted: false,
    topicIds: [T, "schulden"],
    ...over,
  };
}

function range(n: number, from: string, to: string, topicId = T): RoutingRange {
  return { agencyId: id(n), topicId, from, to };
}

function topic(over: Partial<RoutingTopic> = {}): RoutingTopic {
  return { id: T, minPostcodeLength: 5, whiteSpotAgencyId: null, ...over };
}

function route(catalog: RoutingCatalog, q: Partial<RoutingQuery> & { postcode: string }) {
  return routeAgencies(buildRoutingIndex(catalog), { topicId: T, order: "stable", ...q });
}

const ids = (r: ReturnType<typeof route>) => r.agencies.map((a) => a.id);

describe("postcode routing: ranges", () => {
  const catalog: RoutingCatalog = {
    topics: [topic(), { id: "schulden", minPostcodeLength: 5, whiteSpotAgencyId: null }],
    agencies: [agency(1), agency(2), agency(3)],
    ranges: [range(1, "20000", "20999"), range(2, "20999", "21000"), range(3, "20000", "20999", "schulden")],
  };

  it.each([
    ["19999", []],
    ["20000", [1]],
    ["20500", [1]],
    ["20998", [1]],
    ["20999", [1, 2]],
    ["21000", [2]],
    ["21001", []],
    ["00000", []],
    ["99999", []],
  ])("%s → agencies %j (inclusive borders, overlaps)", (postcode, expected) => {
    expect(ids(route(catalog, { postcode }))).toEqual(expected.map(id));
  });

  it("ignores ranges of other topics", () => {
    const r = route(catalog, { postcode: "20500", topicId: "schulden" });
    expect(ids(r)).toEqual([id(3)]);
  });

  it("counts an agency once when several of its ranges overlap", () => {
    const c: RoutingCatalog = {
      topics: [topic()],
      agencies: [agency(1)],
      ranges: [range(1, "10000", "10999"), range(1, "10500", "11999"), range(1, "10500", "10500")],
    };
    expect(ids(route(c, { postcode: "10500" }))).toEqual([id(1)]);
    expect(ids(route(c, { postcode: "11000" }))).toEqual([id(1)]);
    expect(ids(route(c, { postcode: "12000" }))).toEqual([]);
  });

  it("handles the extreme postcodes 00000 and 99999", () => {
    const c: RoutingCatalog = { topics: [topic()], agencies: [agency(1), agency(2)], ranges: [range(1, "00000", "00000"), range(2, "99999", "99999")] };
    expect(ids(route(c, { postcode: "00000" }))).toEqual([id(1)]);
    expect(ids(route(c, { postcode: "99999" }))).toEqual([id(2)]);
    expect(ids(route(c, { postcode: "00001" }))).toEqual([]);
  });

  it("skips malformed or inverted ranges", () => {
    const c: RoutingCatalog = { topics: [topic()], agencies: [agency(1)], ranges: [range(1, "20999", "20000"), range(1, "2000", "20999")] };
    expect(ids(route(c, { postcode: "20500" }))).toEqual([]);
  });

  it("ignores ranges for a topic the agency does not counsel on", () => {
    const c: RoutingCatalog = { topics: [topic()], agencies: [agency(1, { topicIds: ["schulden"] })], ranges: [range(1, "20000", "20999")] };
    expect(route(c, { postcode: "20500" })).toMatchObject({ ok: false, reason: "no_agency_in_area" });
  });
});

describe("postcode routing: partial postcodes", () => {
  const catalog = (minPostcodeLength: number): RoutingCatalog => ({
    topics: [topic({ minPostcodeLength })],
    agencies: [agency(1), agency(2), agency(3)],
    ranges: [range(1, "50000", "50499"), range(2, "50500", "50999"), range(3, "51000", "51999")],
  });

  it("matches a prefix of at least the topic's minimum length against every overlapping range", () => {
    expect(ids(route(catalog(2), { postcode: "50" }))).toEqual([id(1), id(2)]);
    expect(ids(route(catalog(2), { postcode: "5" }))).toMatchObject([]);
    expect(ids(route(catalog(1), { postcode: "5" }))).toEqual([id(1), id(2), id(3)]);
    expect(ids(route(catalog(3), { postcode: "504" }))).toEqual([id(1)]);
    expect(ids(route(catalog(3), { postcode: "505" }))).toEqual([id(2)]);
    expect(ids(route(catalog(4), { postcode: "5049" }))).toEqual([id(1)]);
    expect(ids(route(catalog(4), { postcode: "5050" }))).toEqual([id(2)]);
  });

  it("refuses prefixes shorter than the topic's minimum with a reason", () => {
    expect(route(catalog(5), { postcode: "5050" })).toEqual({ ok: false, agencies: [], reason: "postcode_too_short", minPostcodeLength: 5 });
    expect(route(catalog(3), { postcode: "50" })).toMatchObject({ ok: false, reason: "postcode_too_short", minPostcodeLength: 3 });
    expect(route(catalog(3), { postcode: "503" }).ok).toBe(true);
  });

  it("a prefix's interval borders: 509 ends at 50999, 510 starts at 51000", () => {
    expect(ids(route(catalog(3), { postcode: "509" }))).toEqual([id(2)]);
    expect(ids(route(catalog(3), { postcode: "510" }))).toEqual([id(3)]);
  });

  it("rejects anything but 1–5 digits", () => {
    for (const postcode of ["", "123456", "12a45", " 1234", "１２３４５"]) {
      expect(route(catalog(1), { postcode })).toMatchObject({ ok: false, reason: "invalid_postcode" });
    }
  });
});

describe("postcode routing: eligibility", () => {
  it("offers neither offline nor deleted agencies", () => {
    const c: RoutingCatalog = {
      topics: [topic()],
      agencies: [agency(1, { online: false }), agency(2, { deleted: true }), agency(3)],
      ranges: [range(1, "10000", "10999"), range(2, "10000", "10999"), range(3, "10000", "10999")],
    };
    expect(ids(route(c, { postcode: "10115" }))).toEqual([id(3)]);
  });

  it("unknown topic → reason unknown_topic", () => {
    const c: RoutingCatalog = { topics: [topic()], agencies: [agency(1)], ranges: [range(1, "10000", "10999")] };
    expect(route(c, { topicId: "nope", postcode: "10115" })).toEqual({ ok: false, agencies: [], reason: "unknown_topic" });
  });

  it("a topic without any ranges → no_agency_in_area", () => {
    const c: RoutingCatalog = { topics: [topic()], agencies: [agency(1)], ranges: [] };
    expect(route(c, { postcode: "10115" })).toEqual({ ok: false, agencies: [], reason: "no_agency_in_area" });
  });
});

describe("postcode routing: language filter", () => {
  const c: RoutingCatalog = {
    topics: [topic()],
    agencies: [agency(1, { languages: ["de", "tr"] }), agency(2, { languages: ["de", "EN"] }), agency(3)],
    ranges: [range(1, "10000", "10999"), range(2, "10000", "10999"), range(3, "10000", "10999")],
  };

  it("keeps agencies speaking the language (case-insensitive)", () => {
    expect(ids(route(c, { postcode: "10115", language: "tr" }))).toEqual([id(1)]);
    expect(ids(route(c, { postcode: "10115", language: "en" }))).toEqual([id(2)]);
    expect(ids(route(c, { postcode: "10115", language: "de" }))).toEqual([id(1), id(2), id(3)]);
  });

  it("says when agencies exist in the area but none speaks the language", () => {
    expect(route(c, { postcode: "10115", language: "ar" })).toEqual({ ok: false, agencies: [], reason: "no_agency_for_language" });
  });

  it("returns languages with each agency", () => {
    expect(route(c, { postcode: "10115", language: "tr" }).agencies[0]).toEqual({
      id: id(1),
      name: "Agency 01",
      city: "Stadt",
      languages: ["de", "tr"],
      whiteSpot: false,
    });
  });
});

describe("postcode routing: white spots", () => {
  const ws = agency(9, { name: "Bundesweite Onlineberatung", languages: ["de", "en"] });
  const base: RoutingCatalog = {
    topics: [topic({ whiteSpotAgencyId: id(9) })],
    agencies: [agency(1), ws],
    ranges: [range(1, "10000", "10999")],
  };

  it("falls back to the topic's white-spot agency, flagged", () => {
    const r = route(base, { postcode: "80331" });
    expect(r).toEqual({ ok: true, whiteSpot: true, agencies: [{ id: id(9), name: ws.name, city: ws.city, languages: ["de", "en"], whiteSpot: true }] });
  });

  it("does not add the white spot where a local agency matches", () => {
    const r = route(base, { postcode: "10115" });
    expect(r).toMatchObject({ ok: true, whiteSpot: false });
    expect(ids(r)).toEqual([id(1)]);
  });

  it("falls back when the language filter leaves nothing local and the white spot speaks it", () => {
    expect(route(base, { postcode: "10115", language: "en" })).toMatchObject({ ok: true, whiteSpot: true });
    expect(route(base, { postcode: "10115", language: "tr" })).toMatchObject({ ok: false, reason: "no_agency_for_language" });
  });

  it("no fallback when the white-spot agency is offline, deleted or does not counsel on the topic", () => {
    for (const over of [{ online: false }, { deleted: true }, { topicIds: ["schulden"] }]) {
      const c = { ...base, agencies: [agency(1), { ...ws, ...over }] };
      expect(route(c, { postcode: "80331" })).toEqual({ ok: false, agencies: [], reason: "no_agency_in_area" });
    }
  });

  it("never falls back for a postcode that is too short", () => {
    expect(route(base, { postcode: "8033" })).toMatchObject({ ok: false, reason: "postcode_too_short" });
  });
});

describe("postcode routing: order", () => {
  const n = 8;
  const c: RoutingCatalog = {
    topics: [topic()],
    agencies: Array.from({ length: n }, (_, i) => agency(i + 1, { name: `Agency ${String.fromCharCode(72 - i)}` })),
    ranges: Array.from({ length: n }, (_, i) => range(i + 1, "10000", "10999")),
  };
  const index = buildRoutingIndex(c);

  it("stable order is by name, then id", () => {
    const names = routeAgencies(index, { topicId: T, postcode: "10115", order: "stable" }).agencies.map((a) => a.name);
    expect(names).toEqual([...names].sort());
    const twins = buildRoutingIndex({ ...c, agencies: [agency(2, { name: "Same" }), agency(1, { name: "Same" })], ranges: [range(1, "10000", "10999"), range(2, "10000", "10999")] });
    expect(routeAgencies(twins, { topicId: T, postcode: "10115", order: "stable" }).agencies.map((a) => a.id)).toEqual([id(1), id(2)]);
  });

  it("a seed gives the same shuffle every time, different seeds differ", () => {
    const a = routeAgencies(index, { topicId: T, postcode: "10115", seed: 42 }).agencies.map((x) => x.id);
    const b = routeAgencies(index, { topicId: T, postcode: "10115", seed: 42 }).agencies.map((x) => x.id);
    expect(a).toEqual(b);
    const others = [1, 2, 3, 4, 5].map((seed) => routeAgencies(index, { topicId: T, postcode: "10115", seed }).agencies.map((x) => x.id).join());
    expect(new Set([...others, a.join()]).size).toBeGreaterThan(1);
  });

  it("random order is fair: every agency comes first about equally often", () => {
    const rnd = seededRandom(7);
    const firsts = new Map<string, number>();
    const runs = 8000;
    for (let i = 0; i < runs; i++) {
      const first = routeAgencies(index, { topicId: T, postcode: "10115", random: rnd }).agencies[0]!.id;
      firsts.set(first, (firsts.get(first) ?? 0) + 1);
    }
    expect(firsts.size).toBe(n);
    for (const count of firsts.values()) {
      // Expected 1000 each; with a fixed seed this is deterministic, the bound is generous.
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it("random order is a permutation of the stable result", () => {
    const stable = routeAgencies(index, { topicId: T, postcode: "10115", order: "stable" }).agencies.map((x) => x.id);
    const shuffled = routeAgencies(index, { topicId: T, postcode: "10115" }).agencies.map((x) => x.id);
    expect([...shuffled].sort()).toEqual([...stable].sort());
  });
});

describe("postcode routing: index against a brute-force oracle", () => {
  it("agrees with a linear scan on random catalogues and queries", () => {
    const rnd = seededRandom(123);
    const pc = (n: number) => String(n).padStart(5, "0");
    for (let round = 0; round < 20; round++) {
      const agencies = Array.from({ length: 30 }, (_, i) => agency(i + 1, { online: rnd() > 0.1, deleted: rnd() < 0.1 }));
      const ranges: RoutingRange[] = [];
      for (let k = 0; k < 80; k++) {
        const a = 1 + Math.floor(rnd() * 30);
        const from = Math.floor(rnd() * 100000);
        const to = Math.min(99999, from + Math.floor(rnd() * 3000));
        ranges.push(range(a, pc(from), pc(to)));
      }
      const catalog: RoutingCatalog = { topics: [topic({ minPostcodeLength: 1 })], agencies, ranges };
      const index = buildRoutingIndex(catalog);
      for (let q = 0; q < 200; q++) {
        const full = pc(Math.floor(rnd() * 100000));
        const postcode = full.slice(0, 1 + Math.floor(rnd() * 5));
        const lo = postcode.padEnd(5, "0");
        const hi = postcode.padEnd(5, "9");
        const expected = [
          ...new Set(
            ranges
              .filter((r) => r.from <= hi && r.to >= lo)
              .map((r) => agencies.find((a) => a.id === r.agencyId)!)
              .filter((a) => a.online && !a.deleted)
              .map((a) => a.id),
          ),
        ].sort();
        const got = routeAgencies(index, { topicId: T, postcode, order: "stable" }).agencies.map((a) => a.id).sort();
        expect(got, `postcode ${postcode}`).toEqual(expected);
      }
    }
  });
});

describe("postcode routing: patching the index", () => {
  const pcOf = (n: number) => String(n).padStart(5, "0");

  function randomCatalog(rnd: () => number, agencies: number): RoutingCatalog {
    const list = Array.from({ length: agencies }, (_, i) =>
      agency(i + 1, { online: rnd() > 0.1, deleted: rnd() < 0.05, languages: rnd() < 0.3 ? ["de", "tr"] : ["de"], topicIds: rnd() < 0.9 ? [T] : [] }),
    );
    const ranges: RoutingRange[] = [];
    for (let k = 0; k < agencies * 3; k++) {
      const from = Math.floor(rnd() * 100000);
      ranges.push(range(1 + Math.floor(rnd() * agencies), pcOf(from), pcOf(Math.min(99999, from + Math.floor(rnd() * 4000)))));
    }
    return { topics: [topic({ minPostcodeLength: 1, whiteSpotAgencyId: id(1) })], agencies: list, ranges };
  }

  function sameAnswers(a: ReturnType<typeof buildRoutingIndex>, b: ReturnType<typeof buildRoutingIndex>, rnd: () => number) {
    for (let q = 0; q < 300; q++) {
      const postcode = pcOf(Math.floor(rnd() * 100000)).slice(0, 1 + Math.floor(rnd() * 5));
      const language = rnd() < 0.2 ? "tr" : undefined;
      const x = routeAgencies(a, { topicId: T, postcode, language, order: "stable" });
      const y = routeAgencies(b, { topicId: T, postcode, language, order: "stable" });
      expect(x, `postcode ${postcode}`).toEqual(y);
    }
  }

  it("patched index answers exactly like one rebuilt from the changed catalogue", () => {
    const rnd = seededRandom(99);
    for (let round = 0; round < 15; round++) {
      const catalog = randomCatalog(rnd, 25);
      let index = buildRoutingIndex(catalog);
      const agencies = [...catalog.agencies];
      let ranges = [...catalog.ranges];
      for (let step = 0; step < 6; step++) {
        const n = 1 + Math.floor(rnd() * 30); // 26–30: new agencies
        const agencyId = id(n);
        const kind = rnd();
        let next: RoutingAgency | null;
        const current = agencies.find((a) => a.id === agencyId);
        if (kind < 0.15) next = null; // row gone
        else next = { ...(current ?? agency(n)), online: rnd() > 0.2, deleted: rnd() < 0.1, name: `Renamed ${Math.floor(rnd() * 100)}` };
        if (rnd() < 0.5 || next === null) {
          ranges = ranges.filter((r) => r.agencyId !== agencyId);
          if (next !== null) {
            const from = Math.floor(rnd() * 100000);
            ranges.push(range(n, pcOf(from), pcOf(Math.min(99999, from + 5000))));
          }
        }
        const pos = agencies.findIndex((a) => a.id === agencyId);
        if (next === null) {
          if (pos >= 0) agencies.splice(pos, 1);
        } else if (pos >= 0) agencies[pos] = next;
        else agencies.push(next);
        index = patchRoutingAgencies(index, [{ id: agencyId, agency: next, ranges: ranges.filter((r) => r.agencyId === agencyId) }]);
        sameAnswers(index, buildRoutingIndex({ ...catalog, agencies, ranges }), rnd);
      }
    }
  });

  it("an attribute change keeps every topic's segments (no re-cut); a range change re-cuts only its topic", () => {
    const c: RoutingCatalog = {
      topics: [topic(), { id: "schulden", minPostcodeLength: 5, whiteSpotAgencyId: null }],
      agencies: [agency(1), agency(2)],
      ranges: [range(1, "10000", "10999"), range(2, "20000", "20999", "schulden")],
    };
    const index = buildRoutingIndex(c);
    const offline = patchRoutingAgencies(index, [{ id: id(1), agency: agency(1, { online: false }), ranges: [range(1, "10000", "10999")] }]);
    expect(offline.segments).toBe(index.segments);
    expect(routeAgencies(offline, { topicId: T, postcode: "10115" })).toMatchObject({ ok: false, reason: "no_agency_in_area" });
    expect(routeAgencies(index, { topicId: T, postcode: "10115" }).ok).toBe(true); // the old index is untouched
    const moved = patchRoutingAgencies(index, [{ id: id(1), agency: agency(1), ranges: [range(1, "11000", "11999")] }]);
    expect(moved.segments.get("schulden")).toBe(index.segments.get("schulden"));
    expect(moved.segments.get(T)).not.toBe(index.segments.get(T));
    expect(ids(routeAgencies(moved, { topicId: T, postcode: "11500", order: "stable" }))).toEqual([id(1)]);
  });

  it("topic settings are replaced by patchRoutingTopics", () => {
    const index = buildRoutingIndex({ topics: [topic()], agencies: [agency(1)], ranges: [range(1, "10000", "10999")] });
    const patched = patchRoutingTopics(index, [topic({ minPostcodeLength: 2 }), { id: "neu", minPostcodeLength: 5, whiteSpotAgencyId: null }]);
    expect(routeAgencies(patched, { topicId: T, postcode: "10" }).ok).toBe(true);
    expect(routeAgencies(patched, { topicId: "neu", postcode: "10115" })).toMatchObject({ reason: "no_agency_in_area" });
  });
});
