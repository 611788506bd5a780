#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (the CTest fixture `postgres` runs it).
#
#   pg_cluster.sh start <state-dir>   initdb + start in a fresh temporary directory, listening on
#                                     127.0.0.1 at a random free port and a unix socket there;
#                                     writes the URL to <state-dir>/url
#   pg_cluster.sh stop <state-dir>    stops it and removes its directory
#
# initdb refuses to run as root: as root, the cluster belongs to the `postgres` user (created by
# Debian's postgresql package) or else `nobody`. With VELLUM_PG_URL set, nothing is started: the
# tests use that server. Without a server binary, `start` says so, writes no URL, and the tests
# skip.
set -euo pipefail

action=${1:?usage: pg_cluster.sh start|stop <state-dir>}
state=${2:?usage: pg_cluster.sh start|stop <state-dir>}
mkdir -p "$state"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}
pick_owner() {
  owner=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    if id postgres >/dev/null 2>&1; then owner=postgres; else owner=nobody; fi
  fi
}

stop_cluster() {
  [ -f "$state/cluster" ] || return 0
  local dir bin
  dir=$(cat "$state/cluster")
  bin=$(cat "$state/bin")
  pick_owner
  if [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  rm -f "$state/cluster" "$state/bin" "$state/url"
}

case "$action" in
  start)
    stop_cluster  # a cluster left by an interrupted run
    if [ -n "${VELLUM_PG_URL:-}" ]; then
      echo "vellum: VELLUM_PG_URL is set; the PostgreSQL tests use that server"
      exit 0
    fi
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$bin" ] || [ ! -x "$bin/initdb" ] || [ ! -x "$bin/pg_ctl" ]; then
      echo "vellum: no PostgreSQL server binary (initdb, pg_ctl under /usr/lib/postgresql/*/bin);"
      echo "vellum: the PostgreSQL tests will be skipped. Install Debian's postgresql package"
      echo "vellum: (bash cmake/install-deps.sh) or set VELLUM_PG_URL to a server of your own."
      exit 0
    fi
    pick_owner
    dir=$(mktemp -d /tmp/vellum-pg.XXXXXX)
    chown "$owner" "$dir" 2>/dev/null || true
    chmod 700 "$dir"
    echo "$dir" >"$state/cluster"
    echo "$bin" >"$state/bin"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync \
      >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
    # Durability is of no use to a throwaway cluster; speed is.
    started=
    for attempt in 1 2 3 4 5 6 7 8; do
      port=$((20000 + RANDOM % 40000))
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
           -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
           start >/dev/null 2>&1; then
        started=yes
        break
      fi
      sleep 0.2
    done
    if [ -z "$started" ]; then
      echo "vellum: the test PostgreSQL server did not start:"
      cat "$dir/server.log" || true
      exit 1
    fi
    "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE vellum_test"
    echo "postgresql://postgres@127.0.0.1:$port/vellum_test" >"$state/url"
    echo "vellum: test PostgreSQL ($("$bin/postgres" --version)) at $(cat "$state/url") in $dir"
    ;;
  stop)
    stop_cluster
    ;;
  *)
    echo "usage: pg_cluster.sh start|stop <state-dir>" >&2
    exit 2
    ;;
esac
