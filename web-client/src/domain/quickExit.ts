// Quick exit ("Schnell weg"): someone who must hide that they are seeking help — a partner walks
// in — leaves the page at once, by the button on every screen or by pressing Escape twice. The
// page is replaced by a neutral site (location.replace: the history entry is replaced, so the back
// button does not return), and this tab's session (API token, chat session) is dropped first.
// The app keeps no history entries of its own (no pushState), so nothing else leads back.

/** Where the quick exit goes; an operator sets VITE_LOTSE_QUICK_EXIT_URL at build time. */
export const DEFAULT_QUICK_EXIT_URL = "https://www.wikipedia.org/";

export function quickExitUrl(configured: string | undefined): string {
  if (configured !== undefined && /^https:\/\/[^\s"'<>]+$/u.test(configured)) return configured;
  return DEFAULT_QUICK_EXIT_URL;
}

/** Two Escape presses within this many milliseconds leave the page. */
export const DOUBLE_ESCAPE_MS = 1_500;

/** Counts Escape presses: true on the second one within DOUBLE_ESCAPE_MS of the first. */
export function doubleEscape(): (key: string, now: number) => boolean {
  let last = -Infinity;
  return (key, now) => {
    if (key !== "Escape") return false;
    if (now - last <= DOUBLE_ESCAPE_MS) {
      last = -Infinity;
      return true;
    }
    last = now;
    return false;
  };
}

let left = false;

/**
 * True once the quick exit was used in this page view. Work still under way then (the chat
 * session being opened, a token being refreshed) must not write the session back into
 * sessionStorage in the moment before the neutral site replaces the page.
 */
export function hasLeft(): boolean {
  return left;
}

type LeavingWindow = {
  sessionStorage: Storage;
  location: { replace(url: string): void };
  addEventListener?: (type: "pagehide", listener: () => void) => void;
};

/** Drops this tab's session and replaces the page by the neutral site. */
export function leaveNow(target: string, win: LeavingWindow): void {
  left = true;
  const clear = () => {
    try {
      win.sessionStorage.clear();
    } catch {
      // storage unavailable: nothing to drop
    }
  };
  try {
    clear();
    // Once more as the page goes: anything that slipped in between is gone with it.
    win.addEventListener?.("pagehide", clear);
  } finally {
    win.location.replace(target);
  }
}
