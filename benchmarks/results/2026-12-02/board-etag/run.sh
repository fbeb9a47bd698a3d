#!/usr/bin/env bash
# Alternating rounds of unchanged board polls against two instances of the example app on one
# PostgreSQL database: the old code (full board, no ETag) and the new code (full board with its
# ETag; conditional polls answered 304; and conditional polls of a board that changed, answered
# in full). See RESULTS.md section 8.
set -euo pipefail
cd "$(dirname "$0")"
DB=occ_etag_bench
pgpids() {
  psql -h 127.0.0.1 -U postgres -d "$DB" -Atc \
    "SELECT string_agg(pid::text, '+' ORDER BY pid) FROM pg_stat_activity WHERE application_name = '$1'"
}
FROM=$(date -u +%F); TO=$(date -u -d tomorrow +%F)
OLD=$(cat app-old.pid); NEW=$(cat app-new.pid)
{
  echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  java -cp classes BoardPollCost --rounds "${ROUNDS:-20}" --warmup "${WARMUP:-12}" \
    --slice-ms "${SLICE_MS:-3000}" --threads "${THREADS:-4}" \
    --path "/api/admin/appointments/board?from=$FROM&to=$TO" \
    --arm "old-200=http://127.0.0.1:28481,$OLD,$(pgpids etag-old)" \
    --arm "new-200=http://127.0.0.1:28482,$NEW,$(pgpids etag-new)" \
    --arm "new-304=http://127.0.0.1:28482,$NEW,$(pgpids etag-new),conditional" \
    --arm "new-changed=http://127.0.0.1:28482,$NEW,$(pgpids etag-new),stale"
  echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"
} 2>&1
