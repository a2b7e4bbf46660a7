#!/usr/bin/env bash
# The project-local PostGIS cluster: data in .pgdata/data, a unix socket in
# .pgdata/run, no TCP port, so two checkouts on one machine never collide.
#   scripts/pg.sh start | stop | status | restart [fast|immediate]
# BIRGE_PGDATA=DIR runs another cluster the same way under DIR instead of .pgdata
# (the fault tests start a throwaway one there, which they may kill and restart).
# PostgreSQL refuses to run as root; as root the server runs as `postgres`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
base=${BIRGE_PGDATA:-$root/.pgdata}
data=$base/data
run=$base/run
log=$base/postgres.log
bin=/usr/lib/postgresql/15/bin
[ -x "$bin/pg_ctl" ] || bin=$(dirname "$(command -v pg_ctl)")

# PostgreSQL's own buffer cache: a quarter of the memory, at most 2 GB (its
# default of 128 MB holds under a fifth of the 715 MB of tables and indexes that
# `manage.py synth` fills). Data outside it lives in the kernel's page cache,
# which a host may reclaim while the memory is idle; on this machine it took
# back two thirds of it within a minute, and cold-tile rounds read the disk
# (docs/performance.md). Takes effect when the cluster starts.
memory_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
buffers_mb=$(( memory_kb / 4 / 1024 ))
[ "$buffers_mb" -gt 2048 ] && buffers_mb=2048
[ "$buffers_mb" -lt 128 ] && buffers_mb=128
options="-c listen_addresses='' -c unix_socket_directories='$run' -c shared_buffers=${buffers_mb}MB"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  # A unix socket path is limited to 107 bytes.
  if [ ${#run} -gt 90 ]; then
    echo "The checkout path is too long for a unix socket ($run)." >&2
    echo "Clone Birge into a shorter path, or set DATABASE_URL." >&2
    exit 1
  fi
  mkdir -p "$run"
  if [ "$(id -u)" -eq 0 ]; then
    if ! runuser -u postgres -- test -x "$(dirname "$base")"; then
      echo "The postgres user cannot enter $(dirname "$base"); make it traversable" >&2
      echo "(chmod o+x on it and its parents) or set DATABASE_URL." >&2
      exit 1
    fi
    chown postgres: "$base" "$run"
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "Creating the local PostGIS cluster in $base/"
    as_owner "$bin/initdb" --pgdata="$data" --username=birge --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if ! as_owner "$bin/pg_ctl" status --pgdata="$data" >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" start --pgdata="$data" --wait --log="$log" \
      -o "$options" >/dev/null
  fi
  if ! psql -h "$run" -U birge -d postgres -tAc \
       "SELECT 1 FROM pg_database WHERE datname = 'birge'" | grep -q 1; then
    psql -h "$run" -U birge -d postgres -qc "CREATE DATABASE birge"
  fi
  psql -h "$run" -U birge -d birge -qc "CREATE EXTENSION IF NOT EXISTS postgis" \
    2>&1 | grep -v 'already exists' || true
}

stop() {
  if [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" status --pgdata="$data" >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" stop --pgdata="$data" --mode=fast --wait >/dev/null
    echo "Stopped the local PostGIS cluster."
  fi
}

# "immediate" is a crash: the server recovers from its write-ahead log on start.
restart() {
  as_owner "$bin/pg_ctl" restart --pgdata="$data" --mode="$1" --wait --log="$log" \
    -o "$options" >/dev/null
}

case ${1:-} in
  start) start ;;
  stop) stop ;;
  restart) restart "${2:-fast}" ;;
  status) as_owner "$bin/pg_ctl" status --pgdata="$data" ;;
  *) echo "usage: $0 start|stop|status|restart [fast|immediate]" >&2; exit 2 ;;
esac
