#!/usr/bin/env bash
# hey against GET /kv/{key} for ONE key: the cheapest HTTP request Quiver serves, so the figure is the
# HTTP front end's ceiling (for random keys use loadtest/http-get-wrk.sh or loadtest/run.sh --tags get).
#
#   loadtest/hey-get.sh [--seconds 10] [--concurrency 50]
#
# Starts Quiver on free ports (persistence off), stores the key, runs `hey -z S -c C` and prints
# hey's report, then one response's Server-Timing header. Stops Quiver by PID when done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
SECS=10; CONC=50
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECS=$2; shift ;;
    --concurrency) CONC=$2; shift ;;
    *) echo "hey-get.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
command -v hey >/dev/null || { echo "needs hey (apt-get install hey)" >&2; exit 1; }

RESP=$(free_port); HTTP=$(free_port)
# shellcheck disable=SC2086
start_quiver "$RESP" "$HTTP" --persistence false ${QUIVER_FLAGS:-}
URL="http://127.0.0.1:$HTTP/kv/hey:key"
curl -sf -X PUT --data-binary "0123456789012345678901234567890123456789012345678901234567890123" "$URL" >/dev/null
echo "hey -z ${SECS}s -c $CONC $URL  ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg))"
timeout $((SECS + 60)) hey -z "${SECS}s" -c "$CONC" "$URL"
echo "one response's $(curl -si "$URL" | grep -i '^server-timing' | tr -d '\r')"
