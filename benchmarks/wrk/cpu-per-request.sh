#!/bin/bash
# Two running apps, measured in alternating rounds with wrk and moves.lua: requests/s and the app
# JVM's CPU time (user + system, from /proc) per request. The per-round ratio is what to compare;
# on a noisy machine the absolute numbers drift from round to round.
#   benchmarks/wrk/cpu-per-request.sh NAME=PID:PORT NAME=PID:PORT
# Settings: C connections (16), ROUNDS (6), DUR per round (8s), USER/PASSWORD for Basic
# (north-advisor / demo-password).
set -euo pipefail
C=${C:-16}; ROUNDS=${ROUNDS:-6}; DUR=${DUR:-8s}
AUTH="Authorization: Basic $(printf '%s:%s' "${USER_NAME:-north-advisor}" "${PASSWORD:-demo-password}" | base64)"
SCRIPT="$(dirname "$0")/moves.lua"
TCK=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$1/stat"; }
run() {
  local name=${1%%=*} target=${1#*=}; local pid=${target%%:*} port=${target#*:}
  local c0 c1 out n
  c0=$(cpu "$pid")
  out=$(wrk -t2 -c"$C" -d"$DUR" -s "$SCRIPT" -H "$AUTH" "http://127.0.0.1:$port")
  c1=$(cpu "$pid")
  n=$(echo "$out" | awk '/requests in/{print $1}')
  echo "$name rps=$(echo "$out" | awk '/Requests\/sec/{print $2}') requests=$n" \
    "cpu_us_per_request=$(( (c1 - c0) * 1000000 / TCK / n ))"
}
for r in $(seq 1 "$ROUNDS"); do
  if (( r % 2 )); then run "$1"; run "$2"; else run "$2"; run "$1"; fi
done
