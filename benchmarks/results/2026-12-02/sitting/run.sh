#!/bin/bash
# The sitting's HTTP measurements, in this order, with apps.sh's two apps running (and, for the
# saturation sweep of the code the issue measured, the example app of afecfc5 on :18070, its own
# database `sitting_old`, started with SHOP_DEMO_DATA=true, its pid in /tmp/sitting-old.pid:
#   SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/sitting_old SPRING_DATASOURCE_USERNAME=postgres \
#   SHOP_DEMO_DATA=true SHOP_ZONE=UTC java -Xmx512m -jar example-app-afecfc5.jar --server.port=18070
# Everything it prints goes to out/.
#   run.sh JARS_DIR [step|board|think|saturation ...]   (default: all four)
set -euo pipefail
JARS=$1; shift
HERE=$(cd "$(dirname "$0")" && pwd); OUT=$HERE/out; mkdir -p "$OUT"
WRK=$HERE/../../../wrk
L="java -cp $JARS/benchmarks.jar dev.occ.bench.load.LoadTest --user north-advisor --password demo-password"
TARGETS="--target occ=http://127.0.0.1:18080,jpa=http://127.0.0.1:18090"
for part in "${@:-step board think saturation}"; do for p in $part; do
  echo "== $p $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt"
  case $p in
  step)   # item 4: moves only, open model, the highest rate with p95 < 20 ms and 0 errors
    $L $TARGETS --model open --mix moves --users 64 --seed 21 --warmup 10s --duration 10s \
      --step-rates 50,100,150,200,300,400,500,600,800 --out "$OUT/step" 2>&1 | tee "$OUT/step.txt" | tail -30 ;;
  board)  # item 4: the board mix (board + move per iteration), same rule
    $L $TARGETS --model open --mix board-and-move --users 64 --seed 22 --warmup 10s --duration 10s \
      --step-rates 10,20,40,60,80,100,120,160,200 --out "$OUT/board" 2>&1 | tee "$OUT/board.txt" | tail -30 ;;
  think)  # item 4: 64 users, 1 s think time, closed model, alternating rounds
    $L $TARGETS --model closed --users 64 --think 1s --seed 23 --warmup 10s --duration 20s --rounds 3 \
      --out "$OUT/think" 2>&1 | tee "$OUT/think.txt" | tail -40 ;;
  saturation)  # item 5: closed loop, no think time, 4..64 connections, where the time goes
    "$WRK/saturation.sh" "$(cat /tmp/sitting-occ.pid)" 18080 18081 sitting 2>&1 | tee "$OUT/saturation-occ.txt"
    if [ -f /tmp/sitting-old.pid ]; then
      "$WRK/saturation.sh" "$(cat /tmp/sitting-old.pid)" 18070 18070 sitting_old 2>&1 | tee "$OUT/saturation-afecfc5.txt"
    fi ;;
  esac
done; done
