#!/usr/bin/env bash
# Memory for 1M pairs (UUID key, 35-byte value): Quiver's used heap after a full GC beside Redis's
# used_memory for the same file.
# Usage: loadtest/memory-1m.sh [PAIRS]   (default 1000000)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
PAIRS=${1:-1000000}
FILE=$(mktemp /tmp/pairs.XXXXXX.txt)
python3 - "$PAIRS" "$FILE" <<'PY'
import sys, uuid, random
n, path = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(42)
alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
with open(path, "w") as f:
    for _ in range(n):
        f.write("%s %s\n" % (uuid.UUID(int=rnd.getrandbits(128)), "".join(rnd.choice(alphabet) for _ in range(35))))
PY
echo "file: $FILE, $(wc -l <"$FILE") pairs, $(du -h "$FILE" | cut -f1)"

RESP=$(free_port); HTTP=$(free_port)
start_quiver "$RESP" "$HTTP" --load "$FILE" ${QUIVER_FLAGS:-}
JCMD=$(dirname "$(readlink -f "/proc/$QUIVER_PID/exe")")/jcmd   # bin/quiver execs java: the PID is the JVM
"$JCMD" "$QUIVER_PID" GC.run >/dev/null
HEAP=$("$JCMD" "$QUIVER_PID" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | awk '{printf "%.1f MiB", $2 / 1024}')
echo "quiver: keys $(redis-cli -p "$RESP" DBSIZE), heap used after a full GC: $HEAP"
echo "quiver: per-shard estimate (INFO memory): $(redis-cli -p "$RESP" INFO memory | grep quiver_kv_memory | tr -d '\r')"

RPORT=$(free_port)
start_redis "$RPORT"
awk '{ k=$1; v=substr($0, length($1) + 2); printf "*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(k), k, length(v), v }' "$FILE" \
  | redis-cli -p "$RPORT" --pipe >/dev/null
echo "redis:  keys $(redis-cli -p "$RPORT" DBSIZE), $(redis-cli -p "$RPORT" INFO memory | grep -E '^used_memory(_human)?:' | tr -d '\r' | tr '\n' ' ')"
rm -f "$FILE"
