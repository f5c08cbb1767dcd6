#!/usr/bin/env bash
# Backup of a compose deployment: both databases (pg_dump custom format) and Synapse's media,
# in the same layout as `npm run backup` (scripts/src/backup.ts), so either restore path works.
#   docker/backup.sh DIR            run from the repository root, stack running
set -euo pipefail
out="${1:?usage: docker/backup.sh DIR}"
dc() { docker compose -f docker/compose.yaml -p "${COMPOSE_PROJECT_NAME:-lotse}" "$@"; }
mkdir -p "$out" && chmod 700 "$out"
for db in lotse synapse; do
  dc exec -T postgres pg_dump -U postgres --format=custom --no-owner "$db" > "$out/$db.dump"
done
dc exec -T synapse tar -C /data/media_store -czf - . > "$out/media.tar.gz"
printf '{"createdAt":"%s","databases":["lotse","synapse"],"media":true,"format":1}\n' "$(date -u +%FT%TZ)" > "$out/manifest.json"
echo "backup written to $out (keep docker/.env and docker/synapse/signing.key separately)"
