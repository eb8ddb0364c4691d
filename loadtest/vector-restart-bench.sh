#!/usr/bin/env bash
# Restart benchmark for vectors (not a test): how long a restart takes with VECTORS points of
# dimension DIM in a graph collection, loaded from the snapshot taken at shutdown (graph loaded in
# jvector's format, not rebuilt).
#
#   loadtest/vector-restart-bench.sh                      # 1,000,000 x 128, 2 shards
#   VECTORS=200000 IMPORT_LIMIT=600 loadtest/vector-restart-bench.sh
#   KEEP=/tmp/v1m loadtest/vector-restart-bench.sh        # keep the data; run again: restarts only
#
# 1. Writes VECTORS random float32 vectors (numpy under /usr/bin/python3, fixed seed) as base.fvecs.
# 2. Starts Quiver (SHARDS shards, HEAP heap) with import-dir = the temp directory, creates a graph
#    collection (Euclid) and imports the file through POST /collections/v/import: the import path
#    users have, building each shard's graph point by point. Building a million-node graph takes a
#    while on 2 cores; the wait is bounded by IMPORT_LIMIT seconds: when it runs out, the server is
#    stopped with what it has and the script says how many points that was.
# 3. Stops it with SIGTERM (snapshot at shutdown: prints how long the shutdown took and how long the
#    shards were held for the copy step), then RESTARTS times: starts it again and prints the
#    recovery line, the time to "ready", the per-shard graph origin (loaded = read from the
#    snapshot, not rebuilt), and whether searches for stored points' own vectors find them
#    (default beam, and exact).
# KEEP=DIR keeps the data directory in DIR; when DIR already holds one, steps 1-2 are skipped.
# Only processes this script starts are stopped, by PID.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VECTORS="${VECTORS:-1000000}"
DIM="${DIM:-128}"
SHARDS="${SHARDS:-2}"
HEAP="${HEAP:-6g}"
IMPORT_LIMIT="${IMPORT_LIMIT:-2400}"   # seconds the graph build may take
RESTARTS="${RESTARTS:-1}"
KEEP="${KEEP:-}"
WORK="$(mktemp -d /tmp/quiver-vbench.XXXXXX)"
DATA="${KEEP:-$WORK/data}"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
HTTP_PORT=$(free_port); RESP_PORT=$(free_port)

(cd "$ROOT" && bin/quiver version >/dev/null)   # build once, outside every measurement
mkdir -p "$WORK/build"                              # and run a copy (the jar and the lib/ its manifest names):
cp -r "$ROOT/target/quiver.jar" "$ROOT/target/lib" "$WORK/build/"   # a rebuild meanwhile cannot touch it
export QUIVER_JAR="$WORK/build/quiver.jar"

start_quiver() { # $1 log file; sets QUIVER_PID
  QUIVER_NO_BUILD=1 QUIVER_JAVA_OPTS="-Xmx$HEAP -Xms$HEAP" "$ROOT/bin/quiver" serve --resp-port "$RESP_PORT" \
    --http-port "$HTTP_PORT" --shards "$SHARDS" --data-dir "$DATA" --import-dir "$WORK" \
    --snapshot-interval 0 --snapshot-log-size 0 >"$1" 2>&1 &
  QUIVER_PID=$!
  PIDS+=("$QUIVER_PID")
  for _ in $(seq 6000); do grep -q "ready in" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "Quiver did not start:" >&2; tail -20 "$1" >&2; exit 1
}
stop() { kill "$1" 2>/dev/null || true; while kill -0 "$1" 2>/dev/null; do sleep 0.1; done; }
api() { curl -sS --max-time 600 -H 'Content-Type: application/json' "$@"; }
points() { api "http://127.0.0.1:$HTTP_PORT/collections/v/points/count" -d '{"exact": true}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["count"])' || echo "?"; }
query() { # $1 row of the file: its vector as JSON (regenerated from the seed)
  /usr/bin/python3 -c "
import numpy as np
rng = np.random.default_rng(42)
row = $1
for start in range(0, row + 1, 100000):
    m = min(100000, $VECTORS - start)
    block = rng.standard_normal((m, $DIM), dtype=np.float32)
v = block[row % 100000]
print('[' + ','.join(repr(float(x)) for x in v) + ']')"; }

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $VECTORS x $DIM, $SHARDS shards, heap $HEAP"
if [ -n "$KEEP" ] && [ -f "$KEEP/MANIFEST" ]; then
  echo "reusing the data in $KEEP: restarts only"
else
  /usr/bin/python3 - "$WORK/base.fvecs" "$VECTORS" "$DIM" <<'PY'
import sys, numpy as np
path, n, d = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = np.random.default_rng(42)
with open(path, "wb") as f:
    for start in range(0, n, 100000):
        m = min(100000, n - start)
        rows = np.empty((m, d + 1), dtype=np.float32)
        rows[:, 1:] = rng.standard_normal((m, d), dtype=np.float32)
        rows.view(np.int32)[:, 0] = d
        f.write(rows.tobytes())
PY
  echo "wrote $(du -h "$WORK/base.fvecs" | cut -f1) of vectors"
  start_quiver "$WORK/build.log"
  api -X PUT "http://127.0.0.1:$HTTP_PORT/collections/v" \
    -d "{\"vectors\": {\"size\": $DIM, \"distance\": \"Euclid\"}, \"quiver\": {\"index\": \"graph\"}}" >/dev/null
  t0=$(date +%s)
  api "http://127.0.0.1:$HTTP_PORT/collections/v/import" -d '{"path": "base.fvecs"}' >/dev/null
  state=running
  while [ "$state" = running ] && [ $(( $(date +%s) - t0 )) -lt "$IMPORT_LIMIT" ]; do
    sleep 10
    # collection info waits behind the import's batches at the shards: a slow answer is not an error here
    state=$(api "http://127.0.0.1:$HTTP_PORT/collections/v" | python3 -c '
import json, sys
try:
    print(json.load(sys.stdin)["result"]["quiver"]["import"]["state"])
except Exception:
    print("running")')
  done
  echo "graph build (import): $(points) of $VECTORS points in $(( $(date +%s) - t0 )) s (import state: $state)"
  t0=$(date +%s%N)
  stop "$QUIVER_PID"
  echo "shutdown with snapshot: $(( ($(date +%s%N) - t0) / 1000000 )) ms; $(grep -o 'snapshot at shutdown.*' "$WORK/build.log")"
fi
echo "data directory: $(du -sh "$DATA" | cut -f1)"

for run in $(seq "$RESTARTS"); do
  t0=$(date +%s%N)
  start_quiver "$WORK/restart-$run.log"
  t1=$(date +%s%N)
  echo "restart $run: $(grep -o 'recovered.*ms)' "$WORK/restart-$run.log" | head -1)"
  grep -o 'shard [0-9]*: collection v: .*' "$WORK/restart-$run.log" | sed 's/^/  /'
  echo "restart $run: server $(grep -o 'ready in [0-9]* ms' "$WORK/restart-$run.log"); launcher start to ready $(( (t1 - t0) / 1000000 )) ms"
  echo "  $(points) points; graph origin per shard: $(api "http://127.0.0.1:$HTTP_PORT/collections/v" \
    | python3 -c 'import json,sys; print([s["graph_origin"] for s in json.load(sys.stdin)["result"]["quiver"]["shards"]])')"
  if [ "$run" = 1 ]; then
    found=0; exact=0; tried=0
    for row in 0 1 77777 $((VECTORS / 2 + 3)) $((VECTORS - 1)); do
      q=$(query "$row"); tried=$((tried + 1))
      top=$(api "http://127.0.0.1:$HTTP_PORT/collections/v/points/search" -d "{\"vector\": $q, \"limit\": 1}" \
        | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r[0]["id"] if r else -1)')
      [ "$top" = "$row" ] && found=$((found + 1))
      top=$(api "http://127.0.0.1:$HTTP_PORT/collections/v/points/search" -d "{\"vector\": $q, \"limit\": 1, \"params\": {\"exact\": true}}" \
        | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r[0]["id"] if r else -1)')
      [ "$top" = "$row" ] && exact=$((exact + 1))
    done
    echo "  searches for stored points' own vectors: $found of $tried found through the graph (default beam), $exact of $tried exactly"
  fi
  stop "$QUIVER_PID"
done
