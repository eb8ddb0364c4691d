#!/usr/bin/env bash
# hey against POST /collections/loadtest/points/search with one fixed query body (limit 10): vector
# search's throughput and latency at a fixed concurrency, without Locust's Python in the way.
#
#   loadtest/hey-search.sh [--seconds 10] [--concurrency 50] [--vectors 10000]
#
# Loads the vectors loadtest/run.sh uses (Fashion-MNIST when ../shared has it, else synthetic) into
# Quiver on free ports (persistence off), writes the first query as the request body, runs
# `hey -z S -c C -m POST -D body.json` and prints hey's report, then one response's Server-Timing
# header. Stops Quiver by PID when done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
SECS=10; CONC=50; VECTORS=10000
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECS=$2; shift ;;
    --concurrency) CONC=$2; shift ;;
    --vectors) VECTORS=$2; shift ;;
    *) echo "hey-search.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
command -v hey >/dev/null || { echo "needs hey (apt-get install hey)" >&2; exit 1; }

WORK="$(mktemp -d -t quiver-hey.XXXXXX)"
trap 'cleanup_started; rm -rf "$WORK"' EXIT
# shellcheck disable=SC2086
start_quiver_with_data "$WORK" 1 "$VECTORS" ${QUIVER_FLAGS:-}
python3 - "$WORK/queries.fvecs" >"$WORK/body.json" <<'PY'
import json, struct, sys
data = open(sys.argv[1], "rb").read()
dim = struct.unpack_from("<i", data, 0)[0]
print(json.dumps({"vector": list(struct.unpack_from(f"<{dim}f", data, 4)), "limit": 10}))
PY
URL="http://127.0.0.1:$HTTP_PORT/collections/loadtest/points/search"
echo "hey -z ${SECS}s -c $CONC -m POST -T application/json -D body.json $URL  ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
timeout $((SECS + 60)) hey -z "${SECS}s" -c "$CONC" -m POST -T application/json -D "$WORK/body.json" "$URL"
echo "one response's $(curl -si -X POST -H 'Content-Type: application/json' --data-binary @"$WORK/body.json" "$URL" \
  | grep -i '^server-timing' | tr -d '\r')"
