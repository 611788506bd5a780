#!/usr/bin/env bash
# Installs the Debian packages vellum needs to build and test, and nothing else.
# Idempotent and quiet when everything is present. Usage: bash cmake/install-deps.sh
set -euo pipefail

packages=(
  g++ cmake make pkg-config
  libsqlite3-dev sqlite3 libsqlitecpp-dev
  libfmt-dev nlohmann-json3-dev catch2 libssl-dev
  libcli11-dev libbenchmark-dev
)

# Optional: the libFuzzer targets (tests/fuzz/run.sh) need clang; without it they are skipped.
optional=(clang-14 libclang-rt-14-dev)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do installed "$p" || missing+=("$p"); done
missing_optional=()
for p in "${optional[@]}"; do installed "$p" || missing_optional+=("$p"); done

[ ${#missing[@]} -eq 0 ] && [ ${#missing_optional[@]} -eq 0 ] && exit 0

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
