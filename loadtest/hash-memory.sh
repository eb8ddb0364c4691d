#!/usr/bin/env bash
# Memory for 100,000 hashes of 10 small fields (keys user:NNNNNNNN, fields name, email, ... of 3-8
# bytes, values of 4-20 bytes), Quiver beside a real Redis (Debian's redis-server) in one run, both
# loaded with the same HSET commands through redis-cli --pipe. Quiver: used heap after a full GC
# (jcmd GC.run; GC.heap_info), empty and loaded, and its own estimate (INFO memory quiver_kv_memory);
# Redis: used_memory empty and loaded, and used_memory_rss. As loadtest/memory-1m.sh does for strings.
# Usage: loadtest/hash-memory.sh [HASHES]   (default 100000); QUIVER_FLAGS passes flags to quiver serve
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
HASHES=${1:-100000}
FILE=$(mktemp /tmp/hash-memory.XXXXXX.resp)
STARTED_DIRS+=("$FILE")
python3 - "$HASHES" "$FILE" <<'PY'
import sys, random
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
fields = ["name", "email", "city", "country", "age", "plan", "created", "visits", "lang", "referrer"]
alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
def bulk(s):
    b = s.encode()
    return b"$%d\r\n%s\r\n" % (len(b), b)
with open(path, "wb") as f:
    for i in range(n):
        args = ["HSET", "user:%08d" % i]
        for name in fields:
            args += [name, "".join(rnd.choice(alphabet) for _ in range(rnd.randint(4, 20)))]
        f.write(b"*%d\r\n" % len(args) + b"".join(bulk(a) for a in args))
PY
echo "$HASHES hashes of 10 fields: $(du -h "$FILE" | cut -f1) of HSET commands; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
info_field() { redis-cli -p "$1" INFO memory | tr -d '\r' | awk -F: -v k="$2" '$1 == k { print $2 }'; }

RESP=$(free_port); HTTP=$(free_port)
start_quiver "$RESP" "$HTTP" --persistence false ${QUIVER_FLAGS:-}
JCMD=$(dirname "$(readlink -f "/proc/$QUIVER_PID/exe")")/jcmd   # bin/quiver execs java: the PID is the JVM
heap_after_gc() { # bytes of heap in use after a full GC
  "$JCMD" "$QUIVER_PID" GC.run >/dev/null
  "$JCMD" "$QUIVER_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | awk '{ print $2 * 1024 }'
}
Q_EMPTY=$(heap_after_gc)
redis-cli -p "$RESP" --pipe <"$FILE" | tail -1
Q_FULL=$(heap_after_gc)
Q_KV=$(info_field "$RESP" quiver_kv_memory)
Q_KEYS=$(redis-cli -p "$RESP" DBSIZE)
Q_CHECK=$(redis-cli -p "$RESP" HLEN user:00000042)

RPORT=$(free_port)
start_redis "$RPORT"
R_EMPTY=$(info_field "$RPORT" used_memory)
redis-cli -p "$RPORT" --pipe <"$FILE" | tail -1
R_FULL=$(info_field "$RPORT" used_memory)
R_RSS=$(info_field "$RPORT" used_memory_rss)
R_KEYS=$(redis-cli -p "$RPORT" DBSIZE)
R_ENC=$(redis-cli -p "$RPORT" OBJECT ENCODING user:00000042)

echo "quiver: $Q_KEYS keys (HLEN of one: $Q_CHECK); redis: $R_KEYS keys ($R_ENC)"
printf '%-32s %12s %12s %10s\n' "" "Redis MiB" "Quiver MiB" "Q / R"
printf '%-32s %12s %12s %10s\n' "empty server (used_memory / heap)" "$(mib "$R_EMPTY")" "$(mib "$Q_EMPTY")" ""
printf '%-32s %12s %12s %10s\n' "loaded (used_memory / heap)" "$(mib "$R_FULL")" "$(mib "$Q_FULL")" "$(ratio "$Q_FULL" "$R_FULL")"
printf '%-32s %12s %12s %10s\n' "the hashes (loaded - empty)" "$(mib $((R_FULL - R_EMPTY)))" "$(mib $((Q_FULL - Q_EMPTY)))" "$(ratio $((Q_FULL - Q_EMPTY)) $((R_FULL - R_EMPTY)))"
printf '%-32s %12s %12s\n' "RSS / INFO quiver_kv_memory" "$(mib "$R_RSS")" "$(mib "$Q_KV")"
printf '%-32s %12s %12s\n' "bytes per hash (loaded - empty)" "$(( (R_FULL - R_EMPTY) / HASHES ))" "$(( (Q_FULL - Q_EMPTY) / HASHES ))"
