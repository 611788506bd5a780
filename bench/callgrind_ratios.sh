#!/usr/bin/env bash
# Instruction counts of vellum and of the raw sqlite3 baseline, per workload, under callgrind:
# stable on a noisy machine where wall-clock ratios are not. Only the measured iterations are
# counted (vellum_bench --instructions turns instrumentation on around them).
#
#   bench/callgrind_ratios.sh build/default/bench/vellum_bench            # W1–W7 in memory
#   bench/callgrind_ratios.sh build/default/bench/vellum_bench W2 W3      # some workloads
#   STORAGE=wal ITERATIONS=500 bench/callgrind_ratios.sh build/default/bench/vellum_bench W4
#
# Prints, per workload: `<id> vellum_ir=<n> raw_ir=<n> ratio=<r>` (instructions per iteration).
set -euo pipefail

bench="${1:?usage: callgrind_ratios.sh <path to vellum_bench> [workload ids…]}"
shift
ids=("$@")
if [[ ${#ids[@]} -eq 0 ]]; then ids=(W1 W1.row W2 W3 W4 W5 W6 W7); fi
storage="${STORAGE:-memory}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# instructions <id> <side>: Ir per iteration.
instructions() {
  local id="$1" side="$2" iterations
  case "$id" in
    W1 | W1.row) iterations=1 ;;                   # 100k inserts
    W5) iterations="${ITERATIONS:-3}" ;;           # a scan of 100k rows
    W4) iterations="${ITERATIONS:-100}" ;;         # 100 updates each
    *) iterations="${ITERATIONS:-1000}" ;;
  esac
  local file="$out/$id.$side.out"
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$file" \
    "$bench" --instructions="$id/$storage/$side" --iterations="$iterations" >"$out/log" 2>&1 || {
    cat "$out/log" >&2
    exit 1
  }
  local total
  total=$(awk '/^totals:/ {print $2; exit}' "$file")
  awk -v t="$total" -v n="$iterations" 'BEGIN {printf "%.0f", t / n}'
}

for id in "${ids[@]}"; do
  ours=$(instructions "$id" vellum)
  theirs=$(instructions "$id" raw)
  label="$id"
  [[ "$storage" == memory ]] || label="$id-$storage"
  awk -v id="$label" -v a="$ours" -v b="$theirs" \
    'BEGIN {printf "%s vellum_ir=%.0f raw_ir=%.0f ratio=%.3f\n", id, a, b, a / b}'
done
