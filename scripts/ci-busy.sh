#!/usr/bin/env bash
# The suite on a busy machine (issue 16): runs CI's test command (`.ci/run`, i.e. `npm test`) RUNS
# times in a row (default 3), each on a fresh clean clone of the current commit, while a busy loop
# keeps one core at 100 % the whole time. Prints each run's duration and result and exits non-zero
# when any run failed. Logs: $OUT/run-<n>.log (default OUT=/tmp/lotse-ci-busy).
#
#   bash scripts/ci-busy.sh            # three runs
#   RUNS=1 bash scripts/ci-busy.sh     # one
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${RUNS:-3}"
OUT="${OUT:-/tmp/lotse-ci-busy}"
SRC="$PWD"
COMMIT="$(git rev-parse HEAD)"
mkdir -p "$OUT"

# One core busy: a shell loop that never sleeps, stopped with this script.
( while :; do :; done ) &
BUSY=$!
trap 'kill "$BUSY" 2>/dev/null' EXIT INT TERM

failed=0
results=()
for n in $(seq 1 "$RUNS"); do
  dir="$OUT/clone-$n"
  rm -rf "$dir"
  git clone -q "$SRC" "$dir" && git -C "$dir" checkout -q "$COMMIT"
  start=$(date +%s)
  (cd "$dir" && CI=1 bash .ci/run) > "$OUT/run-$n.log" 2>&1
  rc=$?
  secs=$(( $(date +%s) - start ))
  # Vitest colours its summary even into a file: the colour codes are taken out before the match.
  summary="$(sed 's/\x1b\[[0-9;]*m//g' "$OUT/run-$n.log" | grep -E '^ +Tests +[0-9]' | tail -1 | sed 's/^ *//')"
  results+=("run $n: exit $rc in ${secs} s (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)) — ${summary:-no test summary}")
  echo "${results[-1]}"
  [ "$rc" -eq 0 ] || failed=1
  rm -rf "$dir"
done

echo "commit $COMMIT, $RUNS runs with one core busy:"
printf '  %s\n' "${results[@]}"
exit "$failed"
