// The current time as a component state, renewed every half minute (so "running now" turns over by
// itself). Shared by the group list and the group chat.
import { useEffect, useState } from "preact/hooks";

export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}
