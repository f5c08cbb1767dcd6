// The seeker's signed-in session: owns the API token and where it is kept. The token lives in
// memory and in sessionStorage (survives a reload, dies with the tab) — never in localStorage, so
// that a shared computer does not keep someone signed in to a counseling service.
//
// This is also the seam for encrypted messaging: a later step subscribes here and, on sign-in,
// lazily imports the Matrix layer (`await import("../matrix/…")`) to start a client with the
// session the API hands out; on sign-out it stops that client and wipes its stores. Nothing
// outside this module needs to change for that — which is why the session is a small object with
// listeners rather than a bare string.

/** The part of the Web Storage API the session needs (sessionStorage, or a stand-in in tests). */

import { hasLeft } from "./quickExit.ts";

export type SessionStorageLike = Pick<Storage, "getItem" | "setItem" | "removeItem">;

export type SeekerSession = {
  /** Bearer token for the provisioning API (short-lived). */
  token: string;
  /** Single-use token for a new access token when it expires (POST /v1/auth/refresh). */
  refreshToken?: string;
  /** A live chat without registration: a temporary account (this tab only) and its name in the chat. */
  live?: { pseudonym: string };
};

export type SessionListener = (session: SeekerSession | null) => void;

export const SESSION_STORAGE_KEY = "lotse.session";

export class SessionStore {
  #current: SeekerSession | null;
  readonly #storage: SessionStorageLike | null;
  readonly #listeners = new Set<SessionListener>();

  /** `storage` null: keep the session in memory only (e.g. storage disabled by the browser). */
  constructor(storage: SessionStorageLike | null) {
    this.#storage = storage;
    this.#current = readStored(storage);
  }

  get current(): SeekerSession | null {
    return this.#current;
  }

  get token(): string | null {
    return this.#current?.token ?? null;
  }

  signIn(session: SeekerSession): void {
    this.#current = { ...session };
    try {
      if (!hasLeft()) this.#storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(this.#current));
    } catch {
      // Storage full or blocked: the session still works for this page view.
    }
    this.#emit();
  }

  signOut(): void {
    const wasSignedIn = this.#current !== null;
    this.#current = null;
    try {
      this.#storage?.removeItem(SESSION_STORAGE_KEY);
    } catch {
      // Nothing more to do; memory is cleared.
    }
    if (wasSignedIn) this.#emit();
  }

  /** Calls `listener` on every sign-in and sign-out; returns the unsubscribe function. */
  subscribe(listener: SessionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener(this.#current);
  }
}

function readStored(storage: SessionStorageLike | null): SeekerSession | null {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(SESSION_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "token" in parsed &&
      typeof parsed.token === "string" &&
      parsed.token !== ""
    ) {
      const refresh = "refreshToken" in parsed && typeof parsed.refreshToken === "string" ? parsed.refreshToken : "";
      const session: SeekerSession = refresh === "" ? { token: parsed.token } : { token: parsed.token, refreshToken: refresh };
      const live = "live" in parsed ? parsed.live : undefined;
      if (typeof live === "object" && live !== null && "pseudonym" in live && typeof live.pseudonym === "string") session.live = { pseudonym: live.pseudonym };
      return session;
    }
  } catch {
    // Fall through: a damaged entry is treated as "not signed in".
  }
  return null;
}

/** sessionStorage if the browser lets us use it, otherwise null (memory only). */
export function browserSessionStorage(): SessionStorageLike | null {
  try {
    const storage = globalThis.sessionStorage;
    const probe = "lotse.probe";
    storage.setItem(probe, "1");
    storage.removeItem(probe);
    return storage;
  } catch {
    return null;
  }
}
