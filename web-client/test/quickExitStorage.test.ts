// Its own file: the quick exit's "has left" state lasts for the page view (the module), and the
// other quick-exit tests leave too.
import { describe, expect, it } from "vitest";
import { hasLeft, leaveNow } from "../src/domain/quickExit.ts";
import { SessionStore } from "../src/domain/session.ts";

describe("quick exit and the tab's storage", () => {
  it("keeps work still under way from writing the session back, and clears once more as the page goes", () => {
    const items = new Map<string, string>();
    const storage = {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
      clear: () => items.clear(),
    } as unknown as Storage;
    const store = new SessionStore(storage);
    store.signIn({ token: "before" });
    expect([...items.keys()]).toEqual(["lotse.session"]);
    let onPagehide: (() => void) | undefined;
    expect(hasLeft()).toBe(false);
    leaveNow("https://www.wikipedia.org/", {
      sessionStorage: storage,
      location: { replace: () => undefined },
      addEventListener: (_type, listener) => {
        onPagehide = listener;
      },
    });
    expect(hasLeft()).toBe(true);
    expect(items.size).toBe(0);
    // A sign-in finishing after the exit (e.g. a token refresh) stays in memory only.
    store.signIn({ token: "after" });
    expect(items.size).toBe(0);
    // Something that wrote past the flag is gone when the page hides.
    items.set("lotse.chat.x", "{}");
    onPagehide?.();
    expect(items.size).toBe(0);
  });
});
