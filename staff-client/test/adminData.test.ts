// The agency admin's screen rules: range lines checked line by line (format, order, duplicates,
// overlaps with the line named), profile fields checked with the API's limits, the patch built
// from a draft, the audit filter's days as a time window.
import { describe, expect, it } from "vitest";
import type { AgencyDetails } from "../src/api.ts";
import { auditWindow, checkProfile, checkRangeLines, draftOf, patchOf, zonedInstant } from "../src/adminData.ts";

describe("checkRangeLines", () => {
  it("names the first problem of each line and the earlier line it collides with", () => {
    expect(
      checkRangeLines([
        { from: "50000", to: "50999" },
        { from: "5066", to: "50670" },
        { from: "50700", to: "5070x" },
        { from: "51000", to: "50000" },
        { from: "50000", to: "50999" },
        { from: "50900", to: "51100" },
        { from: " 52000 ", to: "52999" },
        { from: "", to: "" },
      ]),
    ).toEqual([
      null,
      { kind: "from_format" },
      { kind: "to_format" },
      { kind: "reversed" },
      { kind: "duplicate", line: 1 },
      { kind: "overlap", line: 1 },
      null,
      { kind: "from_format" },
    ]);
  });

  it("accepts touching but not overlapping ranges and single postcodes", () => {
    expect(checkRangeLines([{ from: "10000", to: "10999" }, { from: "11000", to: "11000" }, { from: "11001", to: "11999" }])).toEqual([null, null, null]);
  });
});

const agency: AgencyDetails = {
  id: "0b1e9a4e-2f0a-4d52-9a39-4b8f0c1d2e3f",
  name: "Beratung Süd",
  city: "Köln",
  address: null,
  postcode: "50667",
  description: null,
  languages: ["de", "tr"],
  online: true,
  teamAgency: false,
  homeserverServerName: null,
  phone: null,
  openingHours: "Mo 9–12",
  website: null,
  accessibilityNotes: null,
  onSiteServices: ["Dolmetschen"],
  slug: "beratung-sued",
  embedOrigins: ["https://www.beratung-sued.example"],
  topics: [],
};

describe("profile", () => {
  it("round-trips a profile through the draft, empty optional fields as null", () => {
    expect(patchOf(draftOf(agency))).toEqual({
      name: "Beratung Süd",
      city: "Köln",
      address: null,
      postcode: "50667",
      phone: null,
      openingHours: "Mo 9–12",
      website: null,
      accessibilityNotes: null,
      onSiteServices: ["Dolmetschen"],
      languages: ["de", "tr"],
      online: true,
      teamAgency: false,
      homeserverServerName: null,
      slug: "beratung-sued",
      embedOrigins: ["https://www.beratung-sued.example"],
    });
    expect(checkProfile(draftOf(agency))).toEqual({});
  });

  it("says which field is wrong and why", () => {
    const d = {
      ...draftOf(agency),
      name: " ",
      phone: "ruf an",
      website: "www.ohne-schema.example",
      postcode: "5066",
      languages: "de, deutsch",
      onSiteServices: "Dolmetschen\n Dolmetschen ",
      homeserverServerName: "kein server/",
      openingHours: "x".repeat(1001),
      slug: "-Kurz Name",
      embedOrigins: "https://ok.example\nhttp://nicht-sicher.example",
    };
    expect(checkProfile(d)).toEqual({
      name: "required",
      phone: "phone",
      website: "website",
      postcode: "postcode",
      languages: "languages",
      onSiteServices: "services",
      homeserverServerName: "server_name",
      openingHours: "too_long",
      slug: "slug",
      embedOrigins: "origins",
    });
    for (const bad of ["https://x.example/pfad", "https://*.x.example", "x.example", "https://a.example\nhttps://a.example"]) {
      expect(checkProfile({ ...draftOf(agency), embedOrigins: bad }).embedOrigins, bad).toBe("origins");
    }
    expect(checkProfile({ ...draftOf(agency), embedOrigins: "https://a.example:8443\nhttp://127.0.0.1:4000", slug: "" })).toEqual({});
    expect(checkProfile({ ...draftOf(agency), phone: "+49 (221) 123/45-6", website: "https://x.example/a?b=c" })).toEqual({});
  });
});

describe("auditWindow", () => {
  it("turns inclusive local days into a [from, to) window", () => {
    const w = auditWindow("2026-12-01", "2026-12-03");
    expect(new Date(w.from!).getTime()).toBe(new Date(2026, 11, 1).getTime());
    expect(new Date(w.to!).getTime()).toBe(new Date(2026, 11, 4).getTime());
    expect(auditWindow("", "")).toEqual({});
  });
});

describe("zonedInstant", () => {
  it("reads a wall-clock time in the consultation hours' zone, summer and winter", () => {
    expect(zonedInstant("2026-12-24", "09:30", "Europe/Berlin")).toBe("2026-12-24T08:30:00.000Z");
    expect(zonedInstant("2026-07-01", "18:00", "Europe/Berlin")).toBe("2026-07-01T16:00:00.000Z");
    expect(zonedInstant("2026-07-01", "18:00", "UTC")).toBe("2026-07-01T18:00:00.000Z");
  });
});
