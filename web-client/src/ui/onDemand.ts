// One way to load a screen's module on demand (Vite makes it a chunk of its own): the first
// component that wants it starts the import, every later one shares it; a failed load is tried
// again the next time it is wanted. The hook gives the module, or null while it loads.
import { useEffect, useState } from "preact/hooks";

export function onDemand<M>(load: () => Promise<M>): (wanted: boolean) => M | null {
  let loading: Promise<M> | null = null;
  return function useModule(wanted: boolean): M | null {
    const [mod, setMod] = useState<M | null>(null);
    useEffect(() => {
      if (!wanted || mod !== null) return;
      let live = true;
      (loading ??= load()).then(
        (m) => live && setMod(m),
        () => {
          loading = null;
        },
      );
      return () => {
        live = false;
      };
    }, [wanted]);
    return mod;
  };
}
