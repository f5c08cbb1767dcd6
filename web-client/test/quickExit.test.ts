import { describe, expect, it } from "vitest";
import { DEFAULT_QUICK_EXIT_URL, doubleEscape, leaveNow, quickExitUrl } from "../src/domain/quickExit.ts";

describe("quick exit", () => {
  it("fires on the second Escape within 1.5 s, not on one, not on slow ones, not on other keys", () => {
    const press = doubleEscape();
    expect(press("Escape", 0)).toBe(false);
    expect(press("a", 100)).toBe(false);
    expect(press("Escape", 1_400)).toBe(true);
    expect(press("Escape", 1_500)).toBe(false); // a new pair starts
    expect(press("Escape", 3_100)).toBe(false); // too slow: starts again
    expect(press("Escape", 3_200)).toBe(true);
  });
  it("goes to the configured https site, else the neutral default", () => {
    expect(quickExitUrl("https://www.wetter.de/")).toBe("https://www.wetter.de/");
    expect(quickExitUrl("javascript:alert(1)")).toBe(DEFAULT_QUICK_EXIT_URL);
    expect(quickExitUrl("http://example.org/")).toBe(DEFAULT_QUICK_EXIT_URL);
    expect(quickExitUrl(undefined)).toBe(DEFAULT_QUICK_EXIT_URL);
  });
  it("drops the tab's session before replacing the page", () => {
    const order: string[] = [];
    const storage = { clear: () => order.push("clear") } as unknown as Storage;
    leaveNow("https://www.wikipedia.org/", { sessionStorage: storage, location: { replace: (u) => order.push(`replace ${u}`) } });
    expect(order).toEqual(["clear", "replace https://www.wikipedia.org/"]);
  });
});
