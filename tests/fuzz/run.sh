#!/usr/bin/env bash
# Builds and runs vellum's libFuzzer targets (docs/reliability.md, "Fuzzers"), each for
# FUZZ_SECONDS (default 20) from its checked-in seed corpus in tests/fuzz/corpus/<name>.
# Needs clang++-14 and libclang-rt-14-dev (cmake/install-deps.sh installs them); without them it
# says so and skips. A crash fails the run; libFuzzer leaves the input in build/fuzz/crash-*:
# fix the bug and copy the input into the corpus, where every later run replays it.
# Usage: bash tests/fuzz/run.sh [build-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/build/fuzz}"
seconds="${FUZZ_SECONDS:-20}"
cxx="${FUZZ_CXX:-clang++-14}"

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "vellum fuzzers: SKIPPED, $cxx is not installed (apt-get install clang-14 libclang-rt-14-dev)"
  exit 0
fi
mkdir -p "$out"
if ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
     "$cxx" -x c++ -fsanitize=fuzzer - -o "$out/probe" 2>/dev/null; then
  echo "vellum fuzzers: SKIPPED, $cxx cannot link libFuzzer (apt-get install libclang-rt-14-dev)"
  exit 0
fi

# Only the translation units each target needs (clang 14 cannot compile the query headers).
core="src/core/connection.cpp src/core/table_generations.cpp src/core/statement.cpp src/core/statement_cache.cpp src/core/sqlite_error.cpp src/core/transaction.cpp src/core/value_traits.cpp"
declare -A sources=(
  [splitter]="src/migrate/statement_splitter.cpp"
  [json_import]="src/ops/json_dump.cpp src/ops/internal/table_catalog.cpp src/ops/integrity_check.cpp $core"
  [collection_schema]="src/cms/collection_schema.cpp src/cms/data_validator.cpp src/cms/internal/repository_checks.cpp"
  [merge_diff]="src/cms/json_merge_patch.cpp src/cms/json_diff.cpp"
)
declare -A libs=([json_import]="-lSQLiteCpp -lsqlite3 -lfmt")
flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$root/include" -I"$root/src")

# Each target builds and runs in its own process, FUZZ_JOBS (default 2, the CI machine's cores)
# at a time: a build is one clang process and a fuzzer one thread, so two at once halve the wall
# time and each fuzzer still gets a core for its FUZZ_SECONDS.
jobs="${FUZZ_JOBS:-2}"
fuzz_one() {
  local name="$1" srcs=() s
  for s in ${sources[$name]}; do srcs+=("$root/$s"); done
  echo "vellum fuzzers: building $name"
  # shellcheck disable=SC2086
  if ! "$cxx" "${flags[@]}" "$root/tests/fuzz/${name}_fuzz.cpp" "${srcs[@]}" ${libs[$name]:-} -o "$out/$name"; then
    echo "vellum fuzzers: $name FAILED to build"; return 1
  fi
  local work="$out/corpus-$name"
  mkdir -p "$work"
  echo "vellum fuzzers: running $name for ${seconds}s"
  if ! (cd "$out" && ASAN_OPTIONS=detect_leaks=1 "./$name" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
        -print_final_stats=1 "$work" "$root/tests/fuzz/corpus/$name" 2>"$out/$name.log"); then
    echo "vellum fuzzers: $name FAILED"; tail -40 "$out/$name.log"; return 1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss' "$out/$name.log" | sed "s/^/  $name /"
}

status=0
running=0
# json_import (the most sources) first, so the others build beside it.
for name in json_import splitter collection_schema merge_diff; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || status=1
    running=$((running - 1))
  fi
  fuzz_one "$name" >"$out/$name.out" 2>&1 &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || status=1
  running=$((running - 1))
done
# Each target's messages together, in a fixed order.
for name in splitter json_import collection_schema merge_diff; do cat "$out/$name.out"; done
exit $status
