#!/usr/bin/env bash
# Pub/sub fan-out, Quiver beside a real Redis (Debian's redis-server) in one run: one publisher, 100
# subscribers of one channel, 64-byte payloads, the same client for both (io.quiver.bench.PubSubBench:
# the publish time is in the payload, the subscribers read it in the same JVM). Two loads per server:
#   closed loop: at most --window 16 messages not yet read by every subscriber (the fan-out it sustains);
#   --rate 1000: 1,000 messages/s (100,000 deliveries/s), for the delivery latency under a fixed load.
# Prints messages/s published and delivered, delivery latency p50/p99/p99.9 (µs), the server's CPU per
# delivery. A lost, reordered or malformed message, or a PUBLISH that counts fewer subscribers, fails the run.
# Usage: loadtest/pubsub-bench.sh [--seconds S]   (S measured seconds per figure after 2 s of warm-up; default 10)
# Extra Quiver flags: QUIVER_FLAGS="--event-loops 1" loadtest/pubsub-bench.sh; SUBSCRIBERS=100 RATE=1000
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
SECONDS_PER_RUN=10
[ "${1:-}" = "--seconds" ] && SECONDS_PER_RUN=$2
SUBSCRIBERS=${SUBSCRIBERS:-100}
RATE=${RATE:-1000}
command -v redis-server >/dev/null || { echo "needs redis-server (apt-get install redis-server)" >&2; exit 1; }

REDIS_PORT=$(free_port); QUIVER_RESP=$(free_port); QUIVER_HTTP=$(free_port)
start_redis "$REDIS_PORT"
start_quiver "$QUIVER_RESP" "$QUIVER_HTTP" --persistence false ${QUIVER_FLAGS:-}
JAR=${QUIVER_JAR:-$ROOT/target/quiver.jar}
JAVA=$(readlink -f "/proc/$QUIVER_PID/exe")   # bin/quiver execs java: the PID is the JVM

bench() { # port pid load-args... -> PubSubBench's line
  local port=$1 pid=$2; shift 2
  "$JAVA" -XX:+UseSerialGC -cp "$JAR" io.quiver.bench.PubSubBench --port "$port" --cpu-pid "$pid" \
    --subscribers "$SUBSCRIBERS" --payload 64 --warmup 2 --seconds "$SECONDS_PER_RUN" "$@"
}
field() { awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' <<<"$2"; }

echo "pub/sub: 1 publisher -> $SUBSCRIBERS subscribers, 64-byte payloads, ${SECONDS_PER_RUN}s per figure; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg); $(redis-server --version | cut -d' ' -f3)"
printf '%-12s %-7s %12s %14s %8s %8s %9s %12s\n' load server "published/s" "delivered/s" "p50 us" "p99 us" "p99.9 us" "cpu us/dlv"
for load in closed rate; do
  args=(--window 16); [ "$load" = rate ] && args=(--rate "$RATE")
  for server in redis quiver; do
    if [ "$server" = redis ]; then line=$(bench "$REDIS_PORT" "$REDIS_PID" "${args[@]}"); else line=$(bench "$QUIVER_RESP" "$QUIVER_PID" "${args[@]}"); fi
    label=$load; [ "$load" = rate ] && label="rate $RATE/s"; [ "$load" = closed ] && label="window 16"
    printf '%-12s %-7s %12s %14s %8s %8s %9s %12s\n' "$label" "$server" "$(field published_per_second "$line")" \
      "$(field delivered_per_second "$line")" "$(field p50_us "$line")" "$(field p99_us "$line")" "$(field p999_us "$line")" \
      "$(field cpu_us_per_delivery "$line")"
  done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
