#!/usr/bin/env bash
# What overload looks like: `hey -c 200` against a heavy HTTP route on a loaded server, once with the
# shard queue unbounded and once bounded. Prints requests/s, p50/p99 and the share refused per run.
# TARGET=search (default): POST /collections/o/points/search, exact (flat) search over VECTORS
# random vectors of DIM; TARGET=mget: POST /kv/_mget with MGET_KEYS keys over KEYS pairs.
#
#   loadtest/overload.sh                          # defaults below; about a minute
#   BOUNDS="0 32 128" REPEAT=3 loadtest/overload.sh  # what the README reports
#   TARGET=mget BOUNDS="0 32 128" REPEAT=3 loadtest/overload.sh
#
# Everything stays on 127.0.0.1 with ports chosen by the kernel; each server is started by this
# script, stopped by PID when its run ends, and the whole script stops itself after MAX_SECONDS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${TARGET:-search}"         # search or mget
VECTORS="${VECTORS:-50000}"        # points in the searched collection
DIM="${DIM:-128}"
DURATION="${DURATION:-10s}"        # each hey run
CONCURRENCY="${CONCURRENCY:-200}"  # hey -c
KEYS="${KEYS:-500000}"             # pairs loaded before the runs
VALUE_BYTES="${VALUE_BYTES:-64}"
MGET_KEYS="${MGET_KEYS:-1000}"     # keys per _mget request
SHARDS="${SHARDS:-0}"              # 0: one per processor
BOUNDS="${BOUNDS:-0 32}"           # shard-queue of each run; 0 = no bound
REPEAT="${REPEAT:-1}"              # runs of each bound (a fresh server each time)
MAX_SECONDS="${MAX_SECONDS:-300}"  # the whole script, whatever happens

# bounded in time: the script runs itself under timeout(1), whose TERM runs the cleanup below
if [ -z "${OVERLOAD_SH_TIMED:-}" ]; then
  export OVERLOAD_SH_TIMED=1
  exec timeout --kill-after=60 "$MAX_SECONDS" "$0" "$@"
fi

for tool in hey python3 timeout; do
  command -v "$tool" >/dev/null || { echo "overload.sh: needs $tool" >&2; exit 1; }
done

WORK="$(mktemp -d -t quiver-overload.XXXXXX)"
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
cleanup() { stop_server; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'echo "overload.sh: stopped" >&2; exit 130' INT TERM

case "$TARGET" in
  search|mget) ;;
  *) echo "overload.sh: TARGET must be search or mget, not '$TARGET'" >&2; exit 2 ;;
esac
[ "$TARGET" = search ] && KEYS=0
python3 - "$WORK" "$KEYS" "$VALUE_BYTES" "$MGET_KEYS" "$DIM" <<'PY'
import json, random, sys
work, n, vbytes, m, dim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
with open(f"{work}/pairs.txt", "w") as f:
    for i in range(n):
        f.write(f"key:{i} {'v' * vbytes}\n")
random.seed(7)
with open(f"{work}/mget.json", "w") as f:
    json.dump({"keys": [f"key:{random.randrange(max(1, n))}" for _ in range(m)]}, f)
with open(f"{work}/search.json", "w") as f:
    json.dump({"vector": [random.gauss(0, 1) for _ in range(dim)], "limit": 10}, f)
PY

load_vectors() { # creates collection "o" (flat: every search scans its shard's part) and fills it
  python3 - "$HTTP_PORT" "$VECTORS" "$DIM" <<'PY'
import json, random, sys, urllib.request
port, n, dim = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
base = f"http://127.0.0.1:{port}/collections/o"
def call(method, url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method=method,
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=120).read()
call("PUT", base, {"vectors": {"size": dim, "distance": "Euclid"}, "quiver": {"index": "flat"}})
rnd = random.Random(11)
for start in range(0, n, 2000):
    pts = [{"id": i, "vector": [rnd.gauss(0, 1) for _ in range(dim)]} for i in range(start, min(n, start + 2000))]
    call("PUT", base + "/points?wait=true", {"points": pts})
PY
}

start_server() { # $1 = shard-queue; sets SERVER_PID and HTTP_PORT
  local log="$WORK/server-$1.log"
  local load=()
  [ "$KEYS" -gt 0 ] && load=(--load "$WORK/pairs.txt")
  "$ROOT/bin/quiver" serve --bind 127.0.0.1 --resp-port 0 --http-port 0 --shards "$SHARDS" \
      "${load[@]}" --persistence false --shard-queue "$1" --metrics false >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if grep -q "ready in" "$log"; then
      HTTP_PORT=$(sed -n 's/.*ready in .* http=[^:]*:\([0-9]*\).*/\1/p' "$log" | head -1)
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; echo "overload.sh: server died" >&2; exit 1; }
    sleep 0.2
  done
  echo "overload.sh: server not ready" >&2; exit 1
}

run() { # $1 = label, $2 = shard-queue
  [ -z "$(echo "$2" | tr -d 0-9)" ] || { echo "overload.sh: bad bound '$2'" >&2; exit 2; }
  start_server "$2"
  local url="http://127.0.0.1:$HTTP_PORT/kv/_mget" body="$WORK/mget.json"
  if [ "$TARGET" = search ]; then
    load_vectors
    url="http://127.0.0.1:$HTTP_PORT/collections/o/points/search" body="$WORK/search.json"
  fi
  # warm up the JIT, then the measured run
  hey -z 3s -c 20 -m POST -T application/json -D "$body" "$url" >/dev/null
  hey -z "$DURATION" -c "$CONCURRENCY" -m POST -T application/json -D "$body" -o csv "$url" \
      >"$WORK/run-$2.csv"
  python3 - "$1" "$WORK/run-$2.csv" "$DURATION" <<'PY'
import csv, sys
label, path, duration = sys.argv[1], sys.argv[2], sys.argv[3]
secs = float(duration.rstrip("s"))
rows = list(csv.DictReader(open(path)))
def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000 if xs else float("nan")
allt = [float(r["response-time"]) for r in rows]
ok = [float(r["response-time"]) for r in rows if r["status-code"] == "200"]
busy = [float(r["response-time"]) for r in rows if r["status-code"] == "503"]
other = len(rows) - len(ok) - len(busy)
with open(path.rsplit("/", 1)[0] + "/results.tsv", "a") as out:
    out.write("\t".join(map(str, [label, len(rows) / secs, len(ok) / secs, pct(allt, .99), pct(ok, .99),
                                   pct(busy, .99), 100 * len(busy) / max(1, len(rows))])) + "\n")
print(f"{label:<24} {len(rows)/secs:9.0f} req/s  {len(ok)/secs:9.0f} ok/s  "
      f"p50 {pct(allt, .5):7.1f} ms  p99 {pct(allt, .99):7.1f} ms  "
      f"p99 of 200s {pct(ok, .99):7.1f} ms  p99 of 503s {pct(busy, .99):6.1f} ms  "
      f"refused {100 * len(busy) / max(1, len(rows)):5.1f} %  other errors {other}")
PY
  stop_server
}

if [ "$TARGET" = search ]; then
  what="POST /collections/o/points/search, exact over $VECTORS x $DIM random vectors, limit 10"
else
  what="POST /kv/_mget, $MGET_KEYS keys per request, $KEYS keys loaded"
fi
echo "$what, hey -c $CONCURRENCY for $DURATION, $(nproc) processors, shards=$SHARDS (0 = one per processor)"
for bound in $BOUNDS; do
  for _ in $(seq 1 "$REPEAT"); do
    if [ "$bound" = 0 ]; then run "shard-queue 0 (no bound)" 0; else run "shard-queue $bound" "$bound"; fi
  done
done

if [ "$REPEAT" -gt 1 ]; then
  echo "medians of $REPEAT runs:"
  python3 - "$WORK/results.tsv" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    label, *nums = line.rstrip("\n").split("\t")
    runs.setdefault(label, []).append([float(x) for x in nums])
for label, rs in runs.items():
    m = [statistics.median(col) for col in zip(*rs)]
    print(f"{label:<24} {m[0]:9.0f} req/s  {m[1]:9.0f} ok/s  p99 {m[2]:7.1f} ms  p99 of 200s {m[3]:7.1f} ms  "
          f"p99 of 503s {m[4]:6.1f} ms  refused {m[5]:5.1f} %")
PY
fi
