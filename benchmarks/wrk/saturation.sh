#!/bin/bash
# One running example app, closed-loop moves (wrk + moves.lua, no think time) at several connection
# counts, in rounds whose order alternates (ascending, then descending), so the machine's drift does
# not favour one count. Besides wrk's rate and latencies it reads where a request's time goes, from
# the app's Prometheus endpoint (before and after each run) and from PostgreSQL (sampled during it):
#   pool_wait_ms   mean wait for a pooled connection (hikaricp_connections_acquire_seconds)
#   held_ms        mean time a connection is held (hikaricp_connections_usage_seconds)
#   server_ms      mean time in the app per move (http_server_requests_seconds, POST)
#   gc_ms_per_s    GC pause time per second of run (jvm_gc_pause_seconds)
#   lock_waiters   mean sessions waiting for a lock, active = mean sessions running a statement
#   cpu_us_per_req the app JVM's CPU time (user + system) per request
#   benchmarks/wrk/saturation.sh PID PORT MANAGEMENT_PORT DATABASE
# Settings: CONNECTIONS ("4 8 16 32 64"), ROUNDS (3), DUR per run (10s), USER_NAME/PASSWORD for
# Basic (north-advisor / demo-password), PSQL (psql -h 127.0.0.1 -U postgres -X -A -t).
set -euo pipefail
PID=$1; PORT=$2; MGMT=$3; DB=$4
CONNECTIONS=${CONNECTIONS:-"4 8 16 32 64"}; ROUNDS=${ROUNDS:-3}; DUR=${DUR:-10s}
AUTH="Authorization: Basic $(printf '%s:%s' "${USER_NAME:-north-advisor}" "${PASSWORD:-demo-password}" | base64)"
SCRIPT="$(dirname "$0")/moves.lua"
PSQL=${PSQL:-"psql -h 127.0.0.1 -U postgres -X -A -t"}
TCK=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
# Sum of every series of one metric whose labels contain the given text (empty: all series).
metrics() { curl -fsS "http://127.0.0.1:$MGMT/actuator/prometheus"; }
sum() { awk -v m="$1" -v f="$2" 'index($0, m) == 1 && index($0, f) { s += $NF } END { printf "%.6f", s + 0 }'; }
sample_locks() {
  while :; do
    $PSQL -d "$DB" -c "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'),
        count(*) FILTER (WHERE state = 'active') FROM pg_stat_activity
        WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
    sleep 0.2
  done
}
snapshot() {
  local m; m=$(metrics)
  echo "$(echo "$m" | sum hikaricp_connections_acquire_seconds_sum '') \
$(echo "$m" | sum hikaricp_connections_acquire_seconds_count '') \
$(echo "$m" | sum hikaricp_connections_usage_seconds_sum '') \
$(echo "$m" | sum hikaricp_connections_usage_seconds_count '') \
$(echo "$m" | sum http_server_requests_seconds_sum 'method="POST"') \
$(echo "$m" | sum http_server_requests_seconds_count 'method="POST"') \
$(echo "$m" | sum jvm_gc_pause_seconds_sum '')"
}
run() {
  local c=$1 before after c0 c1 out n locks sampler secs
  before=$(snapshot); c0=$(cpu)
  sample_locks > /tmp/saturation-locks.$$ 2>/dev/null & sampler=$!
  out=$(wrk -t2 -c"$c" -d"$DUR" -s "$SCRIPT" -H "$AUTH" "http://127.0.0.1:$PORT")
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
  c1=$(cpu); after=$(snapshot)
  n=$(echo "$out" | awk '/requests in/{print $1}')
  secs=$(echo "$out" | awk '/requests in/{sub(/s,$/, "", $4); print $4}')
  locks=$(awk -F'|' 'NF == 2 { w += $1; a += $2; k++ } END { if (k) printf "lock_waiters=%.2f active=%.2f", w / k, a / k }' /tmp/saturation-locks.$$)
  rm -f /tmp/saturation-locks.$$
  echo "c=$c rps=$(echo "$out" | awk '/Requests\/sec/{print $2}') requests=$n" \
    "non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}') $(echo "$out" | grep -o 'p50=.*')" \
    "$(echo "$before $after $secs" | awk '{
        aw = $8 - $1; ac = $9 - $2; us = $10 - $3; uc = $11 - $4; hs = $12 - $5; hc = $13 - $6; g = $14 - $7;
        printf "pool_wait_ms=%.2f held_ms=%.2f server_ms=%.2f gc_ms_per_s=%.1f", ac ? 1000 * aw / ac : 0, uc ? 1000 * us / uc : 0, hc ? 1000 * hs / hc : 0, 1000 * g / $15 }')" \
    "$locks cpu_us_per_req=$(( (c1 - c0) * 1000000 / TCK / n ))"
}
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then order=$CONNECTIONS; else order=$(echo "$CONNECTIONS" | tr ' ' '\n' | tac | tr '\n' ' '); fi
  for c in $order; do echo "round=$r $(run "$c")"; done
done
