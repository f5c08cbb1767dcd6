#!/usr/bin/env bash
# Brings in the project's own toolchain: Node 24 and pnpm 10 from the npm registry, kept in the
# project-local .tools/ folder (the machine's Node 20 is too old for matrix-js-sdk 43), then
# installs the workspace's dependencies. Sourced by scripts/run.sh; idempotent and fast when done.
set -euo pipefail
LOTSE_ROOT="${LOTSE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
TOOLS="$LOTSE_ROOT/.tools"
NODE_SPEC="node@24.9.0"
PNPM_SPEC="pnpm@10.34.8"
stamp="$TOOLS/.stamp-$NODE_SPEC-$PNPM_SPEC"
if [ ! -f "$stamp" ]; then
  echo "[tools] installing $NODE_SPEC and $PNPM_SPEC into .tools/" >&2
  mkdir -p "$TOOLS"
  [ -f "$TOOLS/package.json" ] || echo '{"name":"lotse-tools","private":true}' > "$TOOLS/package.json"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "$NODE_SPEC" "$PNPM_SPEC" >&2
  touch "$stamp"
fi
export PATH="$TOOLS/node_modules/node/bin:$TOOLS/node_modules/.bin:$PATH"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 24 ]; then echo "[tools] expected Node 24, got $(node -v)" >&2; exit 1; fi
lock_hash=$(cat "$LOTSE_ROOT/pnpm-lock.yaml" "$LOTSE_ROOT/package.json" "$LOTSE_ROOT"/*/package.json 2>/dev/null | sha1sum | cut -c1-16)
if [ ! -f "$LOTSE_ROOT/node_modules/.lotse-$lock_hash" ]; then
  echo "[tools] installing workspace dependencies with pnpm" >&2
  (cd "$LOTSE_ROOT" && pnpm install --reporter=append-only ${CI:+--frozen-lockfile} >&2)
  rm -f "$LOTSE_ROOT"/node_modules/.lotse-*
  touch "$LOTSE_ROOT/node_modules/.lotse-$lock_hash"
fi
