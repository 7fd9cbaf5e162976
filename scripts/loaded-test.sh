#!/usr/bin/env bash
# Run the tests as CI meets them on a busy machine: LOAD (default 2) CPU-bound processes of our own run beside
# pytest for the whole run, and the load average (/proc/loadavg) is sampled every SAMPLE_EVERY (default 10) s.
# Arguments go to pytest (through scripts/test.sh): none for the whole suite, `tests/browser` for the browser
# tests alone. Prints the elapsed time and the load samples at the end; the load is stopped however the run ends;
# the exit code is pytest's.
#   bash scripts/loaded-test.sh tests/browser          LOAD=4 bash scripts/loaded-test.sh
set -uo pipefail
cd "$(dirname "$0")/.."
n=${LOAD:-2}
every=${SAMPLE_EVERY:-10}
bash scripts/setup.sh || exit $?  # before the load: set-up time is not what this measures
samples=$(mktemp)
pids=()
stop_load() {
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null
  wait "${pids[@]}" 2>/dev/null
  pids=()
}
trap 'stop_load; rm -f "$samples"' EXIT
trap 'exit 130' INT TERM
for _ in $(seq "$n"); do
  ( while :; do :; done ) &  # one core's worth of pure CPU work
  pids+=($!)
done
( while :; do cut -d' ' -f1 /proc/loadavg >> "$samples"; sleep "$every"; done ) &
pids+=($!)
echo "loaded-test: $n CPU-bound load processes running beside pytest; load average now $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start=$(date +%s)
bash scripts/test.sh --folder-times "$@"
rc=$?
elapsed=$(( $(date +%s) - start ))
stop_load
cut -d' ' -f1 /proc/loadavg >> "$samples"
python3 - "$samples" "$n" "$elapsed" "$rc" <<'PY'
import sys
loads = [float(x) for x in open(sys.argv[1]).read().split()]
n, elapsed, rc = sys.argv[2], int(sys.argv[3]), sys.argv[4]
print(f"loaded-test: {n} load processes, {elapsed // 60} min {elapsed % 60} s, pytest exit {rc}; 1-min load average "
      f"over {len(loads)} samples: min {min(loads):.2f}, mean {sum(loads) / len(loads):.2f}, max {max(loads):.2f}")
print("loaded-test: samples " + " ".join(f"{x:.2f}" for x in loads))
PY
exit $rc
