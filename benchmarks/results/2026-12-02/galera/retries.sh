#!/bin/sh
# occ_retries_total by reason and moves answered, per instance port.
for p in "$@"; do
  printf '%s ' "$p"
  curl -s localhost:$p/actuator/prometheus | awk '
    /^occ_retries_total\{/ { match($0, /reason="[^"]*"/); r = substr($0, RSTART + 8, RLENGTH - 9); v[r] += $NF }
    /^http_server_requests_seconds_count\{/ && /uri="\/api\/admin\/appointments\/\{id\}\/move"/ { m += $NF }
    END { printf "moves=%d", m; for (r in v) printf " %s=%d", r, v[r]; print "" }'
done
