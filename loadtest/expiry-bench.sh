#!/usr/bin/env bash
# Expiry beside Redis, in one run: 1,000,000 keys (35-byte values), half with a TTL of 10 s and half
# with one of an hour, loaded into Quiver and Debian's redis-server with redis-cli --pipe. Prints, for
# each: the memory with all keys loaded (Redis's used_memory; Quiver's own count of its pairs,
# quiver_kv_memory, and heap in use after a GC), then, with nobody reading the short-lived keys, the
# p50/p99 of GET (redis-benchmark, 50 clients, random keys of the million) from just before they
# fall due, and the keys and memory 30 s after the load.
# Usage: loadtest/expiry-bench.sh [--keys N]     (both servers without persistence, as redis-compare.sh)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
KEYS=1000000
[ "${1:-}" = "--keys" ] && KEYS=$2
command -v redis-server >/dev/null && command -v redis-benchmark >/dev/null \
  || { echo "needs redis-server and redis-benchmark (apt-get install redis-server redis-tools)" >&2; exit 1; }

REDIS_PORT=$(free_port); QUIVER_RESP=$(free_port); QUIVER_HTTP=$(free_port)
start_redis "$REDIS_PORT"
start_quiver "$QUIVER_RESP" "$QUIVER_HTTP" --persistence false ${QUIVER_FLAGS:-}

# the keys redis-benchmark's -r draws (key:%012d), so its GETs hit them; even ones live 10 s
LOAD=$(mktemp /tmp/expiry-load.XXXXXX); STARTED_DIRS+=("$LOAD")
python3 - "$KEYS" >"$LOAD" <<'PY'
import sys
n = int(sys.argv[1]); v = "x" * 35; out = sys.stdout
for i in range(n):
    k = "key:%012d" % i
    ttl = "10" if i % 2 == 0 else "3600"
    out.write("*5\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$35\r\n%s\r\n$2\r\nEX\r\n$%d\r\n%s\r\n" % (len(k), k, v, len(ttl), ttl))
PY

info() { redis-cli -p "$1" INFO "$2" | tr -d '\r' | awk -F: -v k="$3" '$1 == k { print $2 }'; }
quiver_heap_after_gc() { # heap in use after a full GC, from the JVM itself
  "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jcmd" "$QUIVER_PID" GC.run >/dev/null 2>&1 || true
  info "$QUIVER_RESP" memory used_memory
}
memory() { # port -> bytes the server says its data takes
  if [ "$1" = "$REDIS_PORT" ]; then info "$1" memory used_memory; else info "$1" memory quiver_kv_memory; fi
}
get_latency() { # port -> "p50 p99" of GET over random keys, ms
  redis-benchmark -p "$1" -c 50 -r "$KEYS" -t get -n 300000 --csv 2>/dev/null | tr -d '"' \
    | awk -F, '$1 == "GET" { print $5, $7 }'
}

printf '%-7s %10s %16s %16s %12s %12s %10s %16s\n' server keys "memory loaded" "heap after gc" "GET p50 ms" "GET p99 ms" "keys +30s" "memory +30s"
for server in redis quiver; do
  port=$REDIS_PORT; [ "$server" = quiver ] && port=$QUIVER_RESP
  t0=$(date +%s)
  redis-cli -p "$port" --pipe <"$LOAD" >/dev/null
  keys=$(redis-cli -p "$port" DBSIZE); mem=$(memory "$port")
  heap=-; [ "$server" = quiver ] && heap=$(quiver_heap_after_gc)
  # the short-lived keys fall due from t0 + 10 s, as fast as they were loaded: the GETs start just before
  sleep $(( t0 + 9 - $(date +%s) > 0 ? t0 + 9 - $(date +%s) : 0 ))
  read -r p50 p99 <<<"$(get_latency "$port")"
  sleep $(( t0 + 30 - $(date +%s) > 0 ? t0 + 30 - $(date +%s) : 0 ))
  printf '%-7s %10s %16s %16s %12s %12s %10s %16s\n' "$server" "$keys" "$mem" "$heap" "$p50" "$p99" \
    "$(redis-cli -p "$port" DBSIZE)" "$(memory "$port")"
done
echo "redis memory: used_memory; quiver memory: quiver_kv_memory (its count of pairs and table); heap after gc: the JVM's heap in use"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
