// The full-scale generator (scripts/src/seedFullScale.ts) against the routing rules: deterministic,
// the promised sizes, and every postcode of every two-digit region 01–99 covered for every topic.
import { describe, expect, it } from "vitest";
import { buildRoutingIndex, routeAgencies } from "@lotse/policies";
import { FULL_SCALE, generateFullScale } from "../../scripts/src/seedFullScale.ts";
import { topicSeeds } from "@lotse/store";

describe("full-scale generator", () => {
  const data = generateFullScale();

  it("is deterministic and has the promised size", () => {
    expect(JSON.stringify(generateFullScale())).toBe(JSON.stringify(data));
    expect(data.agencies).toHaveLength(FULL_SCALE.agencies);
    expect(data.counselors).toHaveLength(FULL_SCALE.counselors);
    expect(new Set(data.agencies.map((a) => a.id)).size).toBe(FULL_SCALE.agencies);
    expect(new Set(data.counselors.map((c) => c.matrix_user_id)).size).toBe(FULL_SCALE.counselors);
    expect(data.ranges.length).toBeGreaterThan(10_000);
    expect(new Set(data.memberships.filter((m) => m.role === "agency_admin").map((m) => m.agency_id)).size).toBe(FULL_SCALE.agencies);
  });

  it("covers every postcode of every region 01–99 for every topic (all agencies online)", () => {
    const index = buildRoutingIndex({
      topics: topicSeeds.map((t) => ({ id: t.id, minPostcodeLength: 5, whiteSpotAgencyId: null })),
      agencies: data.agencies.map((a) => ({
        id: a.id,
        name: a.name,
        city: a.city,
        languages: a.languages,
        online: true,
        deleted: false,
        topicIds: data.agencyTopics.filter((t) => t.agency_id === a.id).map((t) => t.topic_id),
      })),
      ranges: data.ranges.map((r) => ({ agencyId: r.agency_id, topicId: r.topic_id, from: r.from_postcode, to: r.to_postcode })),
    });
    for (const topic of topicSeeds) {
      for (let n = 1000; n <= 99_999; n += 7) {
        const postcode = String(n).padStart(5, "0");
        const r = routeAgencies(index, { topicId: topic.id, postcode, order: "stable" });
        if (!r.ok || r.agencies.length === 0) throw new Error(`${topic.id} ${postcode} uncovered`);
      }
      expect(routeAgencies(index, { topicId: topic.id, postcode: "00999" })).toMatchObject({ ok: false, reason: "no_agency_in_area" });
    }
  });

  it("ranges are five-digit, ordered and inside one region", () => {
    for (const r of data.ranges) {
      expect(r.from_postcode <= r.to_postcode).toBe(true);
      expect(r.from_postcode.slice(0, 2)).toBe(r.to_postcode.slice(0, 2));
    }
  });
});
