#!/usr/bin/env bash
# Persistence benchmark (not a test): Quiver against Redis with the same durability, in one run.
#
#   loadtest/persistence-bench.sh            # SET everysec + always, then restart time for 1M pairs
#   N=300000 RESTART_KEYS=200000 loadtest/persistence-bench.sh   # shorter
#
# 1. For appendfsync everysec and always: starts redis-server (appendonly yes, same appendfsync, no RDB
#    saves) and Quiver (same appendfsync) on free ports with data in a temp directory, runs
#    `redis-benchmark -t set -c 50 -d 35 -r 1000000` against each (a short warm-up run first, for both),
#    and prints requests/s and the Quiver/Redis ratio.
# 2. Restart time: loads RESTART_KEYS pairs into Quiver, stops it (SIGTERM), starts it again and prints
#    how long recovery took and the time to "ready": once from snapshots (taken at shutdown), once
#    from the log alone (no snapshot at all).
# Only processes this script starts are stopped, by PID. Needs redis-server, redis-benchmark, redis-cli.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-1000000}"                  # SET requests per everysec run (~10 s)
N_ALWAYS="${N_ALWAYS:-$((N / 4))}" # fewer under always: every reply waits for an fsync
WARMUP="${WARMUP:-200000}"
RESTART_KEYS="${RESTART_KEYS:-1000000}"
SHARDS="${SHARDS:-0}"
WORK="$(mktemp -d /tmp/quiver-bench.XXXXXX)"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

for tool in redis-server redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install redis-server redis-tools)" >&2; exit 1; }
done

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# Builds once, so that no run below includes a build.
(cd "$ROOT" && bin/quiver version >/dev/null)

start_redis() { # $1 port, $2 appendfsync, $3 dir
  mkdir -p "$3"
  redis-server --port "$1" --bind 127.0.0.1 --appendonly yes --appendfsync "$2" --save "" --dir "$3" \
    --daemonize no --logfile "$3/redis.log" &
  PIDS+=($!)
  for _ in $(seq 100); do redis-cli -p "$1" ping >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "redis-server did not start" >&2; exit 1
}

start_quiver() { # $1 port, $2 log file, then extra flags; sets QUIVER_PID
  local port="$1" log="$2"; shift 2
  QUIVER_NO_BUILD=1 "$ROOT/bin/quiver" serve --resp-port "$port" --http-port 0 --shards "$SHARDS" "$@" >"$log" 2>&1 &
  QUIVER_PID=$!
  PIDS+=("$QUIVER_PID")
  for _ in $(seq 1200); do grep -q "ready in" "$log" 2>/dev/null && return 0; sleep 0.1; done
  echo "Quiver did not start:" >&2; tail -20 "$log" >&2; exit 1
}

stop() { # $1 pid: SIGTERM, wait for the exit
  kill "$1" 2>/dev/null || true
  while kill -0 "$1" 2>/dev/null; do sleep 0.1; done
}

set_rps() { # $1 port, $2 requests: prints SET requests per second
  redis-benchmark -p "$1" -t set -c 50 -d 35 -r 1000000 -n "$2" -q 2>/dev/null | tr '\r' '\n' \
    | awk '/^SET:/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/) {print $i; exit}}'
}

echo "machine: $(nproc) cores; $(redis-server --version | cut -d' ' -f1-3); Quiver shards=${SHARDS} (0 = one per core)"
printf '%-10s %14s %14s %8s\n' appendfsync "redis SET/s" "quiver SET/s" ratio
for policy in everysec always; do
  n=$N; [ "$policy" = always ] && n=$N_ALWAYS
  rport=$(free_port); qport=$(free_port)
  start_redis "$rport" "$policy" "$WORK/redis-$policy"
  redis_pid=${PIDS[-1]}
  start_quiver "$qport" "$WORK/quiver-$policy.log" --data-dir "$WORK/quiver-$policy" --appendfsync "$policy"
  set_rps "$rport" "$WARMUP" >/dev/null
  set_rps "$qport" "$WARMUP" >/dev/null
  r=$(set_rps "$rport" "$n")
  q=$(set_rps "$qport" "$n")
  printf '%-10s %14s %14s %8s\n' "$policy" "$r" "$q" "$(awk -v q="$q" -v r="$r" 'BEGIN {printf "%.2fx", q / r}')"
  stop "$QUIVER_PID"
  stop "$redis_pid"
done

echo
echo "restart with $RESTART_KEYS key-value pairs (35-byte values):"
awk -v n="$RESTART_KEYS" 'BEGIN { v = sprintf("%035d", 7); for (i = 0; i < n; i++) printf "key:%010d %s\n", i, v }' >"$WORK/pairs.txt"
restart() { # $1 label, then flags of both runs
  local label="$1"; shift
  local qport; qport=$(free_port)
  start_quiver "$qport" "$WORK/load-$label.log" --data-dir "$WORK/restart-${label// /-}" --load "$WORK/pairs.txt" "$@"
  stop "$QUIVER_PID"
  local t0 t1; t0=$(date +%s%N)
  start_quiver "$qport" "$WORK/restart-$label.log" --data-dir "$WORK/restart-${label// /-}" "$@"
  t1=$(date +%s%N)
  echo "  $label: $(grep -o "recovered.* in [0-9]* ms" "$WORK/restart-$label.log"); server $(grep -o "ready in [0-9]* ms" "$WORK/restart-$label.log");" \
       "launcher start to ready $(( (t1 - t0) / 1000000 )) ms; dbsize $(redis-cli -p "$qport" dbsize)"
  stop "$QUIVER_PID"
}
restart "from snapshots" --snapshot-on-shutdown true
restart "from the log only" --snapshot-on-shutdown false --snapshot-interval 0 --snapshot-log-size 0
