import { describe, expect, it } from "vitest";
import { generateMatrixLocalpart, LOCALPART_RANDOM_HEX_LENGTH } from "../src/domain/matrixLocalpart.ts";
import { isPostcode, postcodeInRange } from "../src/domain/postcode.ts";
import { topicSeeds } from "@lotse/store";

describe("postcodes", () => {
  it.each(["01067", "12345", "99998"])("accepts %s", (p) => expect(isPostcode(p)).toBe(true));
  it.each(["1234", "123456", "1234a", " 12345", "12345 ", "１２３４５", ""])("rejects %j", (p) =>
    expect(isPostcode(p)).toBe(false),
  );
  it("range check is inclusive", () => {
    expect(postcodeInRange("10000", "10000", "14999")).toBe(true);
    expect(postcodeInRange("14999", "10000", "14999")).toBe(true);
    expect(postcodeInRange("15000", "10000", "14999")).toBe(false);
    expect(postcodeInRange("09999", "10000", "14999")).toBe(false);
  });
});

describe("generateMatrixLocalpart", () => {
  it("is the prefix plus ≥ 20 lowercase hex characters", () => {
    const l = generateMatrixLocalpart("lotse_");
    expect(l).toMatch(/^lotse_[0-9a-f]+$/);
    expect(l.length - "lotse_".length).toBe(LOCALPART_RANDOM_HEX_LENGTH);
    expect(LOCALPART_RANDOM_HEX_LENGTH).toBeGreaterThanOrEqual(20);
  });
  it("comes from the random source, not from anything else", () => {
    const l = generateMatrixLocalpart("p_", (n) => Buffer.alloc(n, 0xab));
    expect(l).toBe(`p_${"ab".repeat(LOCALPART_RANDOM_HEX_LENGTH / 2)}`);
    expect(generateMatrixLocalpart("lotse_")).not.toBe(generateMatrixLocalpart("lotse_"));
  });
});

describe("topic seeds", () => {
  it("are 22 topic areas with unique slug ids and both names", () => {
    expect(topicSeeds).toHaveLength(22);
    expect(new Set(topicSeeds.map((t) => t.id)).size).toBe(22);
    for (const t of topicSeeds) {
      expect(t.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(t.nameDe.length).toBeGreaterThan(0);
      expect(t.nameEn.length).toBeGreaterThan(0);
    }
    for (const id of ["schwangerschaft", "sucht", "schulden", "kinder-jugend-familie", "migration", "behinderung",
      "wohnungslosigkeit", "erziehung", "trauer", "suizid", "ehe-partnerschaft", "essstoerungen", "gewalt", "straffaelligkeit"]) {
      expect(topicSeeds.some((t) => t.id === id)).toBe(true);
    }
  });
});
