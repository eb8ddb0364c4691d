# Shared helpers for the load-test and benchmark scripts. Source it; it needs $ROOT (the repo).
# Everything started here listens on 127.0.0.1 only and is stopped by PID when the script exits.

STARTED_PIDS=()
STARTED_DIRS=()
cleanup_started() {
  local pid dir
  for pid in "${STARTED_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  done
  for dir in "${STARTED_DIRS[@]:-}"; do
    [ -n "$dir" ] && rm -rf "$dir"
  done
  return 0
}
trap cleanup_started EXIT INT TERM

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() { # port [seconds [pid]]: gives up early when process pid has exited
  local port=$1 limit=${2:-60} pid=${3:-} i
  for ((i = 0; i < limit * 10; i++)); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      echo "the process meant to listen on 127.0.0.1:$port has exited" >&2
      return 1
    fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$port after ${limit}s" >&2
  return 1
}

# start_quiver RESP_PORT HTTP_PORT [extra serve flags...]; sets QUIVER_PID, logs to $QUIVER_LOG.
# Unless the flags name a --data-dir, the server gets a fresh one (removed at exit), so a run never
# writes into the repository nor recovers an earlier run's data.
start_quiver() {
  local resp=$1 http=$2; shift 2
  QUIVER_LOG=${QUIVER_LOG:-$(mktemp /tmp/quiver-bench.XXXXXX.log)}
  local data=()
  if [[ " $* " != *" --data-dir "* ]]; then
    QUIVER_DATA=$(mktemp -d /tmp/quiver-bench-data.XXXXXX)
    STARTED_DIRS+=("$QUIVER_DATA")
    data=(--data-dir "$QUIVER_DATA")
  fi
  # QUIVER_FLAGS is the scripts' variable, not a setting: Quiver refuses unknown QUIVER_* variables
  env -u QUIVER_FLAGS "$ROOT/bin/quiver" serve --resp-port "$resp" --http-port "$http" "${data[@]}" "$@" >"$QUIVER_LOG" 2>&1 &
  QUIVER_PID=$!
  STARTED_PIDS+=("$QUIVER_PID")
  wait_for_port "$http" 600 "$QUIVER_PID" || { tail -20 "$QUIVER_LOG" >&2; return 1; }
}

# start_redis PORT [extra redis-server args...]; sets REDIS_PID
start_redis() {
  local port=$1; shift
  REDIS_DIR=$(mktemp -d /tmp/redis-bench.XXXXXX)
  STARTED_DIRS+=("$REDIS_DIR")
  redis-server --port "$port" --bind 127.0.0.1 --dir "$REDIS_DIR" --save '' --appendonly no "$@" \
    --logfile "$REDIS_DIR/redis.log" &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  wait_for_port "$port" 30
}

# rps "redis-benchmark -q output" TEST -> requests per second of that test
rps() {
  # the label may hold spaces (a command line): take the number after the last ": "
  tr '\r' '\n' <<<"$1" | grep -E "^$2: [0-9.]+ requests per second" | tail -1 | sed -E 's/^.*: ([0-9.]+) requests per second.*$/\1/'
}

# cpu_seconds PID -> CPU time (user + system) the process has used so far, in seconds: a figure that
# other work on a shared machine disturbs much less than requests/s
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"
}

# cpu_us_per_request CPU_BEFORE CPU_AFTER REQUESTS -> microseconds of CPU per request
cpu_us_per_request() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { if (n > 0) printf "%.1f", (b - a) * 1e6 / n; else print "n/a" }'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

# start_quiver_with_data DIR KEYS VECTORS [extra serve flags...]: writes loadtest/make_data.py's data set
# (KEYS pairs lt:key:NNNNNNNN, VECTORS vectors: Fashion-MNIST when ../shared has it, else synthetic) into
# DIR and starts Quiver on free ports, persistence off, with the pairs loaded and the vectors in the
# collection "loadtest" (euclidean). Sets RESP_PORT, HTTP_PORT, QUIVER_PID; DIR/source.txt says what it is.
start_quiver_with_data() {
  local dir=$1 keys=$2 vectors=$3; shift 3
  "${LOCUST_PYTHON:-python3}" "$ROOT/loadtest/make_data.py" --out "$dir" --keys "$keys" --vectors "$vectors" \
    --fashion "$ROOT/../shared/datasets/fashion-mnist-10k"
  RESP_PORT=$(free_port); HTTP_PORT=$(free_port)
  echo "starting Quiver on 127.0.0.1:$HTTP_PORT with $(cat "$dir/source.txt")" >&2
  start_quiver "$RESP_PORT" "$HTTP_PORT" --persistence false --load "$dir/pairs.txt" --import-dir "$dir" \
    --vector-import "loadtest:euclid:base.fvecs" "$@"
}
