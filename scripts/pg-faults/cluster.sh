#!/usr/bin/env bash
# A PostgreSQL cluster of the fault tests' own, which they may stop, crash and restart.
#
#   cluster.sh start | stop | restart-fast | restart-immediate | stop-immediate | status | drop
#
# Debian's postgresql-common runs it beside the machine's main cluster: same installed major
# version, its own name, port, data directory and log, on 127.0.0.1 only, trust authentication,
# with a database `test`. The shared server on 5432 is never touched. See README.md next to this
# script.
set -euo pipefail

NAME="${OCC_PG_FAULTS_CLUSTER:-occfaults}"
PORT="${OCC_PG_FAULTS_PORT:-5433}"
TIMEOUT="${OCC_PG_FAULTS_TIMEOUT:-60}"   # seconds to wait for the server to answer

log() { echo "pg-faults: $*"; }
die() { echo "pg-faults: ERROR: $*" >&2; exit 1; }

# The newest installed major version, e.g. 15 (the machine has exactly one).
version() {
  local v
  v="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$v" ] || die "no PostgreSQL under /etc/postgresql: install postgresql (Debian's package) first"
  echo "$v"
}

VERSION="$(version)"
CONF_DIR="/etc/postgresql/$VERSION/$NAME"
LOG_FILE="/var/log/postgresql/postgresql-$VERSION-$NAME.log"

exists() { [ -f "$CONF_DIR/postgresql.conf" ]; }

# pg_ctlcluster switches to the cluster's owner (postgres) by itself when run as root; there is no
# systemd in containers, so never redirect to systemctl.
ctl() { pg_ctlcluster --skip-systemctl-redirect "$VERSION" "$NAME" "$@"; }

running() { ctl status >/dev/null 2>&1; }

answers() { pg_isready -q -h 127.0.0.1 -p "$PORT" -d postgres -U postgres; }

psql_admin() { psql -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

# The cluster's own settings, in its conf.d (read after postgresql.conf, so they win); rewritten on
# every start, so that a cluster made by an older version of this script gets them too.
write_settings() {
  mkdir -p "$CONF_DIR/conf.d"
  cat >"$CONF_DIR/conf.d/occ-faults.conf" <<SETTINGS
# Written by scripts/pg-faults/cluster.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $PORT
# The fault tests' TCP proxy reads the wire protocol: no TLS.
ssl = off
max_connections = 60
shared_buffers = 32MB
work_mem = 4MB
max_wal_size = 256MB
log_min_messages = warning
log_connections = off
log_disconnections = off
SETTINGS
}

create() {
  command -v pg_createcluster >/dev/null || die "pg_createcluster not found: install postgresql-common"
  if [ "$PORT" = 5432 ]; then
    die "port 5432 is the shared server's; the fault tests' cluster must have a port of its own"
  fi
  log "creating cluster $VERSION/$NAME on port $PORT"
  # --start-conf manual: the machine's init scripts never start it, only this script does. Passing
  # both --auth options to initdb makes pg_createcluster keep initdb's pg_hba.conf: trust for local
  # sockets and 127.0.0.1/::1. fsync stays on: an immediate stop is a crash of the server, and its
  # crash recovery should be the real thing.
  pg_createcluster "$VERSION" "$NAME" --port "$PORT" --start-conf manual \
    -- --auth-local=trust --auth-host=trust >/dev/null
}

wait_until_up() {
  local deadline=$(( $(date +%s) + TIMEOUT ))
  until answers; do
    [ "$(date +%s)" -lt "$deadline" ] \
      || die "cluster $VERSION/$NAME does not answer on 127.0.0.1:$PORT after ${TIMEOUT}s (log: $LOG_FILE)"
    sleep 0.1
  done
}

ensure_test_database() {
  if [ "$(psql_admin -Atc "SELECT 1 FROM pg_database WHERE datname = 'test'")" != 1 ]; then
    log "creating database test"
    psql_admin -c 'CREATE DATABASE test'
  fi
}

need_cluster() { exists || die "no cluster $VERSION/$NAME: run $0 start first"; }

start() {
  exists || create
  if ! running; then
    write_settings
    ctl start
  fi
  wait_until_up
  ensure_test_database
  log "up: jdbc:postgresql://127.0.0.1:$PORT/test (user postgres, no password)"
}

case "${1:-}" in
  start) start ;;
  stop)
    if exists && running; then ctl stop -m fast; fi
    log "stopped"
    ;;
  restart-fast)
    need_cluster
    ctl restart -m fast
    wait_until_up
    ;;
  restart-immediate)
    need_cluster
    ctl restart -m immediate
    wait_until_up
    ;;
  stop-immediate)
    need_cluster
    if running; then ctl stop -m immediate; fi
    ;;
  status)
    exists || { log "no cluster $VERSION/$NAME"; exit 3; }
    pg_lsclusters "$VERSION" "$NAME"
    answers
    ;;
  drop)
    if exists; then pg_dropcluster --stop "$VERSION" "$NAME"; fi
    log "dropped"
    ;;
  *)
    echo "usage: $0 start|stop|restart-fast|restart-immediate|stop-immediate|status|drop" >&2
    exit 2
    ;;
esac
