// Where the local stack keeps things: the checkout's var/ for per-instance data (databases,
// secrets, logs), a cache outside the checkout for the Synapse chroot.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const varDir = join(repoRoot, "var");
export const cacheDir = process.env.LOTSE_CACHE_DIR ?? "/var/cache/lotse";

export function instanceDir(instance: string): string {
  return join(varDir, instance);
}
