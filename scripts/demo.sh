#!/usr/bin/env bash
# `make demo`: a daemon on the demo configuration, two local agents declaring fake cards (8 × nvidia-h200 and
# 8 × ascend-910b), and a workload from three enterprises, shown while it runs: borrowing idle cards, reclaim
# when the owner comes back, backfill around a big job, a budget that runs short. Everything runs under a
# temporary directory and stops at the end (or on Ctrl-C), leaving nothing behind.
set -euo pipefail

seconds=${DEMO_SECONDS:-75}
. "$(dirname "$0")/local-platform.sh"

# Headings in bold on a terminal, unless NO_COLOR is set.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
else
  say() { printf '\n== %s\n' "$*"; }
fi

start_platform

submit() { "$bin/suanli" submit --parsable --gpu-model "$1" --enterprise "$2" "${@:3}" -- sleep "${SLEEP:-40}" >/dev/null; }

say "Lingxi Robotics borrows the whole idle H200 node (guaranteed 4 cards, limit 8)"
for _ in $(seq 8); do submit nvidia-h200 lingxi --gpus 1 --name borrow --time 10m; done
say "The hospital runs on Ascend cards; one big job waits: its hold is beyond its budget"
SLEEP=25 submit ascend-910b hospital --gpus 2 --name scan --time 30m
SLEEP=25 submit ascend-910b hospital --gpus 2 --name scan --time 30m
submit ascend-910b hospital --gpus 4 --name train-big --time 2h
"$bin/suanli" queue
sleep 12

say "GDUT Vision Lab comes back for its guaranteed 4 H200 cards: Lingxi's borrowed jobs are reclaimed"
for _ in $(seq 4); do SLEEP=20 submit nvidia-h200 gdut-lab --gpus 1 --name lab --time 5m --class high; done
say "A whole-node job waits with a reservation; short jobs fill the gaps without delaying it (backfill)"
SLEEP=15 submit nvidia-h200 gdut-lab --gpus 8 --name full-node --time 10m --class low
for _ in $(seq 3); do SLEEP=5 submit ascend-910b lingxi --gpus 1 --name short --time 1m; done

end=$((SECONDS + seconds))
while [ $SECONDS -lt $end ]; do
  sleep 3
  say "t=${SECONDS}s  (suanli queue; suanli nodes)"
  "$bin/suanli" queue
  "$bin/suanli" nodes
  [ "$("$bin/suanli" queue --json | grep -c '"id"')" -le 1 ] && break
done

say "What ran, how long it waited and what it cost (suanli usage --by enterprise; suanli quota)"
"$bin/suanli" usage --by enterprise
"$bin/suanli" quota
say "Every job's story is in the daemon's log: $work/suanlid.log (removed on exit); under systemd, journalctl -u suanlid"
grep -E "preempted|requeued" "$work/suanlid.log" | head -5 || true
