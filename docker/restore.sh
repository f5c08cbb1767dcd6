#!/usr/bin/env bash
# Restore a backup (docker/backup.sh or npm run backup) into a NEW, empty compose deployment:
# only postgres is up, the databases exist but are empty, Synapse, bridge and API are stopped.
#   docker compose -f docker/compose.yaml -p lotse up -d postgres
#   docker/restore.sh DIR
#   docker compose -f docker/compose.yaml -p lotse up -d
set -euo pipefail
from="${1:?usage: docker/restore.sh DIR}"
[ -f "$from/manifest.json" ] || { echo "$from is not a Lotse backup" >&2; exit 1; }
dc() { docker compose -f docker/compose.yaml -p "${COMPOSE_PROJECT_NAME:-lotse}" "$@"; }
for db in lotse synapse; do
  n=$(dc exec -T postgres psql -U postgres -d "$db" -Atc "select count(*) from pg_tables where schemaname='public'")
  [ "$n" = 0 ] || { echo "database $db is not empty; restore needs a new deployment" >&2; exit 1; }
  dc exec -T postgres pg_restore -U postgres --no-owner --exit-on-error -d "$db" < "$from/$db.dump"
done
dc run --rm --no-deps -T --entrypoint sh synapse -c 'mkdir -p /data/media_store && tar -C /data/media_store -xzf -' < "$from/media.tar.gz"
echo "restored $from; now start the rest: docker compose -f docker/compose.yaml -p lotse up -d"
