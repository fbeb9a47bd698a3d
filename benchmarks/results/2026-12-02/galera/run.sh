#!/bin/sh
# run.sh NAME LB_PORT INSTANCE_PORTS... -- LoadTest options
name=$1; lb=$2; shift 2; ports=""
while [ "$1" != "--" ]; do ports="$ports $1"; shift; done; shift
mkdir -p out/$name
{ echo "== $name $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)"; echo "before:"; ./retries.sh $ports; } > out/$name/metrics.txt
java -cp benchmarks.jar dev.occ.bench.load.LoadTest --url http://127.0.0.1:$lb --out out/$name "$@" > out/$name/console.txt 2>&1
echo "exit $?" >> out/$name/console.txt
{ echo "after ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)):"; ./retries.sh $ports; } >> out/$name/metrics.txt
cat out/$name/metrics.txt; tail -40 out/$name/console.txt
