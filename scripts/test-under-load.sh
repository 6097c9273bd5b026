#!/usr/bin/env bash
# `npm test` on a busy machine: two CPU-burning processes run beside it, as other
# jobs would on a shared 2-core box. Prints how long the run took and whether it
# passed, and stops the burners however the run ends (pass, fail or Ctrl-C).
#   bash scripts/test-under-load.sh [extra jest arguments]
set -uo pipefail
cd "$(dirname "$0")/.."

burners=()
stop_burners() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${burners[@]}"; do wait "$pid" 2>/dev/null; done
  burners=()
}
trap stop_burners EXIT
trap 'stop_burners; exit 130' INT TERM

for _ in 1 2; do
  (while :; do :; done) &
  burners+=("$!")
done
echo "two busy loops running (pids ${burners[*]}); load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"

started=$(date +%s)
npm test -- "$@"
status=$?
seconds=$(($(date +%s) - started))
stop_burners

verdict=PASS
[ "$status" -eq 0 ] || verdict=FAIL
echo "npm test beside two busy loops: ${verdict} (exit ${status}) in $((seconds / 60)) min $((seconds % 60)) s"
exit "$status"
