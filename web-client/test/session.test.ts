import { describe, expect, it } from "vitest";
import { SESSION_STORAGE_KEY, SessionStore } from "../src/domain/session.ts";
import type { SessionStorageLike } from "../src/domain/session.ts";

function memoryStorage(initial: Record<string, string> = {}): SessionStorageLike & {
  data: Map<string, string>;
} {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe("SessionStore", () => {
  it("starts signed out with empty storage", () => {
    expect(new SessionStore(memoryStorage()).token).toBeNull();
  });

  it("keeps the token in memory and in the given storage", () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    store.signIn({ token: "t1" });
    expect(store.token).toBe("t1");
    expect(new SessionStore(storage).token).toBe("t1");
  });

  it("forgets the token everywhere on sign-out and tells listeners once", () => {
    const storage = memoryStorage();
    const store = new SessionStore(storage);
    const seen: Array<string | null> = [];
    store.subscribe((s) => seen.push(s?.token ?? null));
    store.signIn({ token: "t1" });
    store.signOut();
    store.signOut();
    expect(store.token).toBeNull();
    expect(storage.data.has(SESSION_STORAGE_KEY)).toBe(false);
    expect(seen).toEqual(["t1", null]);
  });

  it("treats a damaged stored entry as signed out", () => {
    expect(new SessionStore(memoryStorage({ [SESSION_STORAGE_KEY]: "{oops" })).token).toBeNull();
    expect(new SessionStore(memoryStorage({ [SESSION_STORAGE_KEY]: '{"token":""}' })).token).toBeNull();
  });

  it("works in memory only when storage is unavailable or throws", () => {
    const throwing: SessionStorageLike = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    for (const storage of [null, throwing]) {
      const store = new SessionStore(storage);
      store.signIn({ token: "t2" });
      expect(store.token).toBe("t2");
      store.signOut();
      expect(store.token).toBeNull();
    }
  });
});
