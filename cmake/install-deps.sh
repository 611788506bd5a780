#!/usr/bin/env bash
# Installs the Debian packages vellum needs to build and test, and nothing else.
# Idempotent and quiet when everything is present. Usage: bash cmake/install-deps.sh
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libsqlite3-dev sqlite3 libsqlitecpp-dev
  libfmt-dev nlohmann-json3-dev catch2 libssl-dev
  libcli11-dev libbenchmark-dev
  libpq-dev
)

# Optional: the libFuzzer targets (tests/fuzz/run.sh) need clang; without it they are skipped.
optional=(clang-14 libclang-rt-14-dev)
# Optional: the PostgreSQL server the postgres tests start a throwaway cluster of (its package
# also creates a "main" cluster, which vellum does not use); without it those tests are skipped.
optional_server=(postgresql)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
missing_optional=()
for p in "${optional[@]}"; do installed "$p" || missing_optional+=("$p"); done
missing_server=()
for p in "${optional_server[@]}"; do installed "$p" || missing_server+=("$p"); done

[ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ] && [ ${#missing_server[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
  echo "vellum: installing ${missing[*]}"
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ${#missing_optional[@]} -gt 0 ]; then
  echo "vellum: installing ${missing_optional[*]} (for the fuzzers)"
  $sudo apt-get install -y -qq --no-install-recommends "${missing_optional[@]}" >/dev/null ||
    echo "vellum: could not install ${missing_optional[*]}; tests/fuzz/run.sh will skip the fuzzers"
fi
if [ ${#missing_server[@]} -gt 0 ]; then
  echo "vellum: installing ${missing_server[*]} (for the PostgreSQL tests)"
  $sudo apt-get install -y -qq --no-install-recommends "${missing_server[@]}" >/dev/null ||
    echo "vellum: could not install ${missing_server[*]}; the PostgreSQL tests will be skipped"
fi
