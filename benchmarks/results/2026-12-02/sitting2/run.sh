#!/bin/bash
# The second sitting's HTTP measurements (issue 13, items 4 and 5 again, with the load test's
# --step-windows and --think-spread), with apps.sh's two apps running. Everything it prints goes
# to out/.
#   run.sh JARS_DIR [cpu|step|board|think|high ...]   (default: cpu step step board think high board-high)
set -euo pipefail
JARS=$1; shift
HERE=$(cd "$(dirname "$0")" && pwd); OUT=$HERE/out; mkdir -p "$OUT"
L="java -cp $JARS/benchmarks.jar dev.occ.bench.load.LoadTest --user north-advisor --password demo-password"
TARGETS="--target occ=http://127.0.0.1:18080,jpa=http://127.0.0.1:18090"
pass=0
for part in "${@:-cpu step step board think high board-high}"; do for p in $part; do
  echo "== $p $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt"
  case $p in
  cpu)    # why: the app's and its backends' CPU per request at a fixed rate, 8 alternating rounds
    "$HERE/cpu-per-request.py" "$JARS" sitting2 200 15 8 moves 2>&1 | tee "$OUT/cpu-moves.txt" | tail -4
    "$HERE/cpu-per-request.py" "$JARS" sitting2 40 15 8 board-and-move 2>&1 | tee "$OUT/cpu-board.txt" | tail -4 ;;
  step)   # item 4: moves only, open model; each rate 3 alternating windows, judged by their median
    # (a first pass offered 50..800/s: both apps sustained every rate, out/step0-rates-to-800.txt)
    pass=$((pass + 1))
    $L $TARGETS --model open --mix moves --users 64 --seed $((30 + pass)) --warmup 20s --duration 10s \
      --step-windows 3 --step-rates 200,400,600,800:1300:100,1500 --out "$OUT/step$pass" 2>&1 \
      | tee "$OUT/step$pass.txt" | tail -30 ;;
  high)   # both apps sustained the top rate of a step pass: the same with higher rates, both mixes
    $L $TARGETS --model open --mix moves --users 64 --seed 35 --warmup 20s --duration 10s \
      --step-windows 3 --step-rates 1300,1500:2100:200,2400,2800 --out "$OUT/step-high" 2>&1 \
      | tee "$OUT/step-high.txt" | tail -30 ;;
  board-high)
    $L $TARGETS --model open --mix board-and-move --users 64 --seed 41 --warmup 20s --duration 10s \
      --step-windows 3 --step-rates 320,400,480,560,640,720 --out "$OUT/board-high" 2>&1 \
      | tee "$OUT/board-high.txt" | tail -30 ;;
  board)  # item 4: the board mix (board + move per iteration), same rule
    $L $TARGETS --model open --mix board-and-move --users 64 --seed 40 --warmup 20s --duration 10s \
      --step-windows 3 --step-rates 40,80,120,160,200,240,280,320,400 --out "$OUT/board" 2>&1 \
      | tee "$OUT/board.txt" | tail -30 ;;
  think)  # item 4: 64 users, 1 s think time, closed model, alternating rounds: spread, then fixed
    $L $TARGETS --model closed --users 64 --think 1s --think-spread 0.5 --seed 50 --warmup 10s \
      --duration 20s --rounds 5 --out "$OUT/think-spread" 2>&1 | tee "$OUT/think-spread.txt" | tail -40
    $L $TARGETS --model closed --users 64 --think 1s --seed 51 --warmup 10s \
      --duration 20s --rounds 5 --out "$OUT/think-fixed" 2>&1 | tee "$OUT/think-fixed.txt" | tail -40 ;;
  esac
done; done
echo "== done $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/log.txt"
