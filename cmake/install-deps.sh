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

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

echo "vellum: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
