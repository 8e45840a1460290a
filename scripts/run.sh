#!/usr/bin/env bash
# `make run`: the daemon (demo configuration) and two local agents in the foreground, to try the CLI by hand
# from another terminal. Ctrl-C stops everything and removes the temporary directory.
set -euo pipefail
. "$(dirname "$0")/local-platform.sh"
start_platform
cat <<TEXT
suanlid and two agents are running (logs in $work). In another terminal:

  export SUANLI_SOCKET=$SUANLI_SOCKET
  $bin/suanli nodes
  $bin/suanli submit --enterprise lingxi --gpus 2 --gpu-model nvidia-h200 --time 10m -- sleep 60
  $bin/suanli queue

Ctrl-C stops them.
TEXT
wait
