#!/bin/sh
# Bounded-memory check of export and import (docs/operations.md, "Memory"): builds a CMS
# database of N content rows (default 1,000,000), exports it as SQL and JSON, imports both into
# fresh databases, and prints each phase's peak RSS. Not part of CTest (minutes, GBs of disk).
#   bench/ops_memory.sh build/default [ROWS] [SCRATCH_DIR]
set -eu
build=${1:?build folder, e.g. build/default}
rows=${2:-1000000}
dir=${3:-$(mktemp -d)}
bin="$build/bench/vellum_ops_memory"
rm -f "$dir"/big.db* "$dir"/copy-sql.db* "$dir"/copy-json.db* "$dir"/big.sql "$dir"/big.json
"$bin" populate "$dir/big.db" "$rows"
"$bin" export-sql "$dir/big.db" "$dir/big.sql"
"$bin" import-sql "$dir/copy-sql.db" "$dir/big.sql"
"$bin" export-json "$dir/big.db" "$dir/big.json"
"$bin" import-json "$dir/copy-json.db" "$dir/big.json"
ls -l "$dir/big.db" "$dir/big.sql" "$dir/big.json" | awk '{ printf "%-40s %6.0f MB\n", $NF, $5 / 1048576 }'
rm -rf "$dir"
