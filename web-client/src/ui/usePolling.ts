// Calls `refresh` every `everyMs` while the view is shown and whenever the tab gets focus back
// (so an appointment's state is current when the seeker looks again). Not on mount: the flow
// loads the bookings itself when it shows these views (and a request of our own then would race
// a token refresh the list may be doing).
import { useEffect } from "preact/hooks";

export function usePolling(refresh: () => void, everyMs = 20_000): void {
  useEffect(() => {
    const timer = setInterval(refresh, everyMs);
    const onFocus = () => refresh();
    const onVisible = () => {
      if (document.visibilityState === "visible") refresh();
    };
    window.addEventListener("focus", onFocus);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, []);
}
