// Issue 15, pure parts: `!empfehlen` parsing and the nearby agencies of a topic from the routing
// index (on-site-only agencies included, deleted ones and other topics not, the region's prefix
// enough whatever the topic's minimum postcode length).
import { describe, expect, it } from "vitest";
import { buildRoutingIndex, nearbyAgencies, parseRecommendCommand, RECOMMEND_NOTE_MAX } from "../src/index.ts";

describe("parseRecommendCommand", () => {
  it("reads case, agency and the rest of the line as the note", () => {
    expect(parseRecommendCommand("!empfehlen 12 suchthilfe-koeln  Dort gibt es\n eine Sprechstunde. ")).toEqual({
      ok: true,
      command: { kind: "recommend", caseNumber: 12, agency: "suchthilfe-koeln", note: "Dort gibt es eine Sprechstunde." },
    });
    expect(parseRecommendCommand("!Recommend #7 x")).toEqual({ ok: true, command: { kind: "recommend", caseNumber: 7, agency: "x", note: "" } });
    expect(parseRecommendCommand("!take 12")).toBeUndefined();
    expect(parseRecommendCommand("hello")).toBeUndefined();
  });

  it("names what is wrong", () => {
    expect(parseRecommendCommand("!empfehlen")).toEqual({ ok: false, mistake: { kind: "missing" } });
    expect(parseRecommendCommand("!empfehlen 12")).toEqual({ ok: false, mistake: { kind: "missing" } });
    expect(parseRecommendCommand("!empfehlen zwölf x")).toEqual({ ok: false, mistake: { kind: "not_a_case_number", shown: "zwölf" } });
    expect(parseRecommendCommand("!empfehlen 0 x")).toMatchObject({ ok: false, mistake: { kind: "not_a_case_number" } });
    expect(parseRecommendCommand(`!empfehlen 1 x ${"ä".repeat(RECOMMEND_NOTE_MAX + 1)}`)).toEqual({
      ok: false,
      mistake: { kind: "note_too_long", max: RECOMMEND_NOTE_MAX, length: RECOMMEND_NOTE_MAX + 1 },
    });
    expect(parseRecommendCommand(`!empfehlen 1 x ${"ä".repeat(RECOMMEND_NOTE_MAX)}`)).toMatchObject({ ok: true });
  });
});

describe("nearbyAgencies", () => {
  const agency = (id: string, name: string, online: boolean, topicIds: string[], deleted = false) => ({ id, name, city: "K", languages: ["de"], online, deleted, topicIds });
  const index = buildRoutingIndex({
    topics: [{ id: "sucht", minPostcodeLength: 5, whiteSpotAgencyId: null }, { id: "schulden", minPostcodeLength: 3, whiteSpotAgencyId: null }],
    agencies: [
      agency("a", "Online Köln", true, ["sucht"]),
      agency("b", "Vor Ort Köln", false, ["sucht"]),
      agency("c", "Gelöscht", true, ["sucht"], true),
      agency("d", "Schulden Köln", true, ["schulden"]),
      agency("e", "Hamburg", true, ["sucht"]),
    ],
    ranges: [
      { agencyId: "a", topicId: "sucht", from: "50000", to: "50999" },
      { agencyId: "b", topicId: "sucht", from: "50660", to: "50670" },
      { agencyId: "c", topicId: "sucht", from: "50000", to: "50999" },
      { agencyId: "d", topicId: "schulden", from: "50000", to: "50999" },
      { agencyId: "e", topicId: "sucht", from: "20000", to: "20999" },
    ],
  });

  it("lists the topic's agencies reaching the postcode, offline ones too, in a stable order", () => {
    expect(nearbyAgencies(index, { topicId: "sucht", postcode: "50667" })).toEqual([
      { id: "a", online: true },
      { id: "b", online: false },
    ]);
  });

  it("takes a region (two digits) although the topic wants full postcodes", () => {
    expect(nearbyAgencies(index, { topicId: "sucht", postcode: "50" }).map((a) => a.id)).toEqual(["a", "b"]);
    expect(nearbyAgencies(index, { topicId: "sucht", postcode: "20" }).map((a) => a.id)).toEqual(["e"]);
  });

  it("is empty for unknown topics, malformed postcodes and places nobody serves", () => {
    expect(nearbyAgencies(index, { topicId: "nichts", postcode: "50667" })).toEqual([]);
    expect(nearbyAgencies(index, { topicId: "sucht", postcode: "5x" })).toEqual([]);
    expect(nearbyAgencies(index, { topicId: "sucht", postcode: "99999" })).toEqual([]);
  });
});
