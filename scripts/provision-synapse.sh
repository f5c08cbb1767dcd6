#!/usr/bin/env bash
# Provisions a Synapse binary for the local stack without Docker: a Debian sid chroot with the
# `matrix-synapse` package, cached outside the checkout so later runs start in seconds.
# Prints the chroot path on stdout when done. Idempotent; safe to re-run after an interruption.
set -euo pipefail
CACHE="${LOTSE_CACHE_DIR:-/var/cache/lotse}"
ROOT="$CACHE/synapse-sid"
MIRROR="${LOTSE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
log() { echo "[provision-synapse] $*" >&2; }

if [ -f "$ROOT/.lotse-ready" ]; then echo "$ROOT"; exit 0; fi
if [ "$(id -u)" != 0 ]; then log "must run as root (debootstrap and chroot)"; exit 1; fi
mkdir -p "$CACHE"
exec 9>"$CACHE/.synapse-sid.lock"
flock 9
if [ -f "$ROOT/.lotse-ready" ]; then echo "$ROOT"; exit 0; fi

if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap from Debian"
  apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
fi

if [ ! -x "$ROOT/usr/bin/apt-get" ] || [ ! -f "$ROOT/.lotse-bootstrapped" ]; then
  log "debootstrap sid into $ROOT (about a minute)"
  rm -rf "$ROOT"
  debootstrap --variant=minbase sid "$ROOT" "$MIRROR" >&2
  touch "$ROOT/.lotse-bootstrapped"
fi

echo 'Acquire::Check-Valid-Until "false";' > "$ROOT/etc/apt/apt.conf.d/99lotse-no-valid-until"
cleanup() { umount "$ROOT/proc" 2>/dev/null || true; }
trap cleanup EXIT
mountpoint -q "$ROOT/proc" || mount -t proc proc "$ROOT/proc"
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
log "installing matrix-synapse inside the chroot (a minute or two)"
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
chroot "$ROOT" /usr/bin/env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  matrix-synapse python3-psycopg2 >&2
chroot "$ROOT" /usr/bin/python3 -c 'import synapse, psycopg2; print(synapse.__version__)' >&2
chroot "$ROOT" apt-get clean >&2 || true
touch "$ROOT/.lotse-ready"
echo "$ROOT"
