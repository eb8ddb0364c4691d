#!/usr/bin/env bash
# wrk against GET /kv/{key} with random existing keys (100,000 of them, written first with
# redis-benchmark over RESP). Prints wrk's report, and the CPU time Quiver used per request (which other
# work on a shared machine disturbs much less than requests/s). Target: >= 100k requests/s on 2 cores.
# Usage: loadtest/http-get-wrk.sh [--seconds S]  (default 10)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
SECS=10
[ "${1:-}" = "--seconds" ] && SECS=$2
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 1; }

RESP=$(free_port); HTTP=$(free_port)
start_quiver "$RESP" "$HTTP" ${QUIVER_FLAGS:-}
# keys key:000000000000 .. key:000000099999, 35-byte values
redis-benchmark -p "$RESP" -t set -r 100000 -n 400000 -d 35 -P 16 -q >/dev/null 2>&1
echo "keys stored: $(redis-cli -p "$RESP" DBSIZE)"
cpu0=$(cpu_seconds "$QUIVER_PID")
out=$(wrk -t2 -c50 -d"${SECS}s" --latency -s "$ROOT/loadtest/wrk/random-get.lua" "http://127.0.0.1:$HTTP")
cpu1=$(cpu_seconds "$QUIVER_PID")
echo "$out"
requests=$(awk '/requests in/ { print $1; exit }' <<<"$out")
echo "Quiver CPU per request: $(cpu_us_per_request "$cpu0" "$cpu1" "$requests") us ($requests requests; load average $(cut -d' ' -f1-3 /proc/loadavg))"
