#!/bin/bash
# Item 6 in the second sitting: three paired-runner runs (occ, hand-written JDBI and Hibernate against
# raw JDBC, 1 thread, spread rows, synchronous_commit=off on the benchmark connections), after the
# HTTP runs and with both apps stopped.   jmh.sh JARS_DIR
set -euo pipefail
JARS=$1
OUT=$(cd "$(dirname "$0")" && pwd)/out/jmh; mkdir -p "$OUT"
for run in 1 2 3; do
  {
    echo "# run $run, $(date -u +%T) UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    java -Docc.bench.schema=sitting2_jmh -Docc.bench.synchronousCommit=off -cp "$JARS/benchmarks.jar" \
      dev.occ.bench.paired.PairedRunner --contenders rawJdbc,occ,handWrittenJdbi,hibernate
    echo "# end $(date -u +%T) UTC, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  } 2>&1 | tee "$OUT/paired-t1-$run.txt" | tail -8
done
psql -h 127.0.0.1 -U postgres -d test -X -q -c "DROP SCHEMA IF EXISTS sitting2_jmh CASCADE"
