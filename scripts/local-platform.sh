# Sourced by demo.sh and run.sh: a daemon on the demo configuration and two local agents declaring fake cards
# (8 × nvidia-h200 and 8 × ascend-910b), all under a temporary directory that is removed on exit.
bin=${BIN:-.build/release}
work=$(mktemp -d "${TMPDIR:-/tmp}/suanli-local.XXXXXX")
export SUANLI_SOCKET="$work/suanli.sock"
pids=()

cleanup() {
  # Agents leave running jobs alone when they stop (a restarted agent re-adopts them): end the jobs first.
  if [ ${#pids[@]} -gt 0 ] && "$bin/suanli" cancel --mine >/dev/null 2>&1; then
    for _ in $(seq 100); do
      pgrep -f "$work/[^ ]*/jobs/" >/dev/null || break
      sleep 0.1
    done
  fi
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${DEMO_KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_platform() {
  "$bin/suanlid" --config etc/suanli/demo/suanlid.toml --socket "$SUANLI_SOCKET" --state-dir "$work/state" \
    >"$work/suanlid.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 100); do "$bin/suanli" info >/dev/null 2>&1 && break; sleep 0.1; done
  for node in h200:nvidia-h200 910b:ascend-910b; do
    local name=demo-${node%%:*}
    cat >"$work/$name.toml" <<TOML
[agent]
node = "$name"
socket = "$SUANLI_SOCKET"
state_dir = "$work/$name"
[capacity]
cpus = 32
memory = "128G"
model = "${node#*:}"
cards = 8
[jobs]
stop_grace = "2s"
allow_root_jobs = true
TOML
    "$bin/suanli-agent" --config "$work/$name.toml" >"$work/$name.log" 2>&1 &
    pids+=($!)
  done
  for _ in $(seq 100); do [ "$("$bin/suanli" nodes --json | grep -c '"ready"')" -ge 2 ] && break; sleep 0.2; done
}
