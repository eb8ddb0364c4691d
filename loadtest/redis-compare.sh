#!/usr/bin/env bash
# Quiver against a real Redis (Debian's redis-server) with the same redis-benchmark, in one run:
#   -c 50 -d 35 -r 1000000, GET, SET, INCR and SET ... EX 100 (35-byte values), pipelines of 1 and 16;
#   prints each figure and Quiver/Redis, and each server's CPU time per request.
#   multi, multicross, setpair: MULTI / SET / SET / EXEC transactions (io.quiver.bench.TxBench, the same
#   client for both servers: redis-benchmark sends one command per request), both keys on one shard
#   (hash tag) or on two shards, and the same two SETs without MULTI for reference; -c 50, -P 1 and 16.
# Usage: loadtest/redis-compare.sh [--seconds S]   (about S seconds per figure, default 10)
# Extra Quiver flags: QUIVER_FLAGS="--shards 2" loadtest/redis-compare.sh; a subset: TESTS="incr setex"
# (default: set get incr setex multi multicross setpair; hset is redis-benchmark's -t hset, one growing hash)
# Both servers run without persistence (QUIVER_FLAGS="--persistence true" to give Quiver its log).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
SECONDS_PER_RUN=10
[ "${1:-}" = "--seconds" ] && SECONDS_PER_RUN=$2

command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null \
  || { echo "needs redis-server and redis-benchmark (apt-get install redis-server redis-tools)" >&2; exit 1; }

REDIS_PORT=$(free_port); QUIVER_RESP=$(free_port); QUIVER_HTTP=$(free_port)
start_redis "$REDIS_PORT"
# like with like: start_redis keeps nothing on disk (no RDB, no AOF), so Quiver runs without its log;
# loadtest/persistence-bench.sh compares the two with their logs on. QUIVER_FLAGS may turn it back on.
start_quiver "$QUIVER_RESP" "$QUIVER_HTTP" --persistence false ${QUIVER_FLAGS:-}

# setex is no -t test of redis-benchmark: it runs as a command line, and reports under that line
SETEX_LINE="SET key:__rand_int__ $(printf 'x%.0s' $(seq 35)) EX 100"
run_test() { # port test pipeline requests -> redis-benchmark's output
  if [ "$2" = setex ]; then
    # shellcheck disable=SC2086
    redis-benchmark -p "$1" -c 50 -r 1000000 -P "$3" -n "$4" -q $SETEX_LINE 2>&1
  else
    redis-benchmark -p "$1" -c 50 -d 35 -r 1000000 -t "$2" -P "$3" -n "$4" -q 2>&1
  fi
}
label() { [ "$1" = setex ] && echo "$SETEX_LINE" || tr a-z A-Z <<<"$1"; }

# requests for about SECONDS_PER_RUN: measured with a short probe of each server and test
requests_for() { # port test pipeline
  local r
  r=$(rps "$(run_test "$1" "$2" "$3" $((20000 * $3)))" "$(label "$2")")
  awk -v r="${r:-50000}" -v s="$SECONDS_PER_RUN" 'BEGIN { n = r * s; printf "%d", n < 1000 ? 1000 : n }'
}

JAR=${QUIVER_JAR:-$ROOT/target/quiver.jar}
JAVA=$(readlink -f "/proc/$QUIVER_PID/exe")   # bin/quiver execs java: the PID is the JVM, whose java runs the client
SHARDS=$(redis-cli -p "$QUIVER_RESP" INFO | tr -d '\r' | awk -F: '$1 == "shards" { print $2; exit }')
tx_mode() { case $1 in multi) echo single ;; multicross) echo cross ;; setpair) echo plain ;; *) return 1 ;; esac; }

bench() { # port pid test pipeline -> "requests/s CPU-us-per-request" of that server
  local n c0 r mode
  if mode=$(tx_mode "$3"); then  # a transaction client of our own, measuring the server's CPU in its window
    "$JAVA" -XX:+UseSerialGC -cp "$JAR" io.quiver.bench.TxBench --port "$1" --cpu-pid "$2" --mode "$mode" \
      --shards "$SHARDS" --connections 50 --pipeline "$4" --warmup 2 --seconds "$SECONDS_PER_RUN" \
      | awk '{ print $6, $8 }'
    return
  fi
  n=$(requests_for "$1" "$3" "$4")
  c0=$(cpu_seconds "$2")
  r=$(rps "$(run_test "$1" "$3" "$4" "$n")" "$(label "$3")")
  echo "$r $(cpu_us_per_request "$c0" "$(cpu_seconds "$2")" "$n")"
}

# warm both up first (Quiver's JIT), so the first figure is not a cold JVM's
for port in "$REDIS_PORT" "$QUIVER_RESP"; do
  redis-benchmark -p "$port" -c 50 -d 35 -r 1000000 -t set,get -n 300000 -q >/dev/null 2>&1 || true
done
echo "redis-benchmark -c 50 -d 35 -r 1000000, ~${SECONDS_PER_RUN}s per figure; $(nproc) cores; $(redis-server --version | cut -d' ' -f3)"
echo "cpu us/req: CPU time the server process used per request (other work on the machine disturbs it less than req/s)"
echo "multi: MULTI/SET/SET/EXEC, both keys on one Quiver shard ({tag}); multicross: on two of its $SHARDS shards; setpair: the two SETs without MULTI; req/s = transactions (pairs)/s"
printf '%-10s %-3s %14s %14s %8s %14s %14s\n' test P "redis req/s" "quiver req/s" ratio "redis cpu us" "quiver cpu us"
for P in 1 16; do
  for t in ${TESTS:-set get incr setex multi multicross setpair}; do
    read -r r rc <<<"$(bench "$REDIS_PORT" "$REDIS_PID" "$t" "$P")"
    read -r q qc <<<"$(bench "$QUIVER_RESP" "$QUIVER_PID" "$t" "$P")"
    printf '%-10s %-3s %14s %14s %8s %14s %14s\n' "$t" "$P" "$r" "$q" "$(ratio "$q" "$r")" "$rc" "$qc"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
