#!/usr/bin/env bash
# The README's two commands land here: `npm start` → run.sh start, `npm test` → run.sh test
# (`npm run dev` → run.sh dev: the same platform with the apps' hot-reloading dev servers)
# (and `npm run config -- --domain …` → run.sh config, the production config generator).
# On a fresh Debian machine (root, Node 20, no Docker engine) this installs what is missing from
# Debian's archive, brings in Node 24 + pnpm, installs dependencies, provisions Synapse (Docker
# image where an engine answers, else the cached sid chroot) and hands over to the TypeScript side.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export LOTSE_ROOT="$PWD"
cmd="${1:-}"; shift || true

system_packages() {
  need=()
  command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
  compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
  command -v unshare >/dev/null 2>&1 || need+=(util-linux)
  # Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
  [ -x /usr/bin/chromium ] || need+=(chromium)
  # coturn: the TURN server that relays call media (scripts/src/coturn.ts).
  command -v turnserver >/dev/null 2>&1 || need+=(coturn)
  if ((${#need[@]})); then
    echo "[lotse] installing from Debian: ${need[*]}" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
  fi
}

provision_synapse() {
  if ! docker info >/dev/null 2>&1 || [ "${LOTSE_SYNAPSE_RUNTIME:-}" = chroot ]; then
    export LOTSE_SYNAPSE_RUNTIME=chroot
    [ -f "${LOTSE_CACHE_DIR:-/var/cache/lotse}/synapse-sid/.lotse-ready" ] || echo "[lotse] provisioning Synapse (Debian sid chroot, once, about a minute)" >&2
    plog="$(mktemp)"
    LOTSE_SYNAPSE_ROOT="$(bash scripts/provision-synapse.sh 2>"$plog")" || { cat "$plog" >&2; exit 1; }
    rm -f "$plog"
    export LOTSE_SYNAPSE_ROOT
  fi
}

case "$cmd" in
  start)
    system_packages; source scripts/tools.sh; provision_synapse
    exec node scripts/src/start.ts "$@"
    ;;
  dev)
    system_packages; source scripts/tools.sh; provision_synapse
    exec node scripts/src/start.ts --dev "$@"
    ;;
  backup|restore)
    system_packages; source scripts/tools.sh; provision_synapse
    exec node scripts/src/backup.ts "$cmd" "$@"
    ;;
  bench)
    system_packages; source scripts/tools.sh; provision_synapse
    exec node "$@"
    ;;
  config)
    source scripts/tools.sh
    exec node scripts/src/renderConfig.ts "$@"
    ;;
  test)
    system_packages; source scripts/tools.sh; provision_synapse
    echo "[lotse] typecheck (tsc --strict, every package)" >&2
    for pkg in policies store provisioning-api bridge scripts test-support tests web-client staff-client bench; do
      [ -f "$pkg/tsconfig.json" ] && node node_modules/typescript/bin/tsc -p "$pkg"
    done
    echo "[lotse] web client and staff console production builds" >&2
    (cd web-client && node node_modules/vite/bin/vite.js build --logLevel warn)
    (cd staff-client && node node_modules/vite/bin/vite.js build --logLevel warn)
    if [ "$#" -gt 0 ]; then
      echo "[lotse] tests: $*" >&2
      exec node node_modules/vitest/vitest.mjs run "$@"
    fi
    # Unit tests first, then the integration tests on their own: on a 2-core machine the unit
    # tests' CPU would otherwise slow the first integration files (real clients, real Synapse).
    echo "[lotse] unit tests (policies, API, bridge, scripts, web client)" >&2
    node node_modules/vitest/vitest.mjs run --project unit --project web-client
    echo "[lotse] integration tests (real PostgreSQL, Synapse, Chromium)" >&2
    exec node node_modules/vitest/vitest.mjs run --project integration
    ;;
  *)
    echo "usage: scripts/run.sh start|dev|test|config|backup|restore|bench FILE" >&2; exit 2 ;;
esac
