#!/usr/bin/env bash
# Locust against Quiver's HTTP API at several concurrency levels, with one table at the end.
#
#   loadtest/run.sh                      # 1, 10 and 100 users, 30 s each: about 2 minutes
#   loadtest/run.sh --smoke              # 5 users for 5 s on a small data set; exits 1 on any failure
#   loadtest/run.sh --users "10 50" --seconds 60 --tags "get put" --out DIR
#
# What it does: writes a data set (loadtest/make_data.py: KEYS key-value pairs, and VECTORS vectors
# from ../shared/datasets/fashion-mnist-10k when present, else synthetic), starts Quiver on free
# ports on 127.0.0.1 with it loaded (persistence off), runs Locust headless (loadtest/locustfile.py)
# once per user count for a bounded time, and prints one row per run: users, requests/s, latency
# p50/p95/p99, failures, and the p95 of Quiver's Server-Timing phases. Locust's CSV and HTML reports,
# its log and a JSON summary per run are saved in the output directory (bench-results/loadtest-<time>).
# Quiver is stopped by PID when the script ends; the whole script stops itself after MAX_SECONDS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ARGS=("$@")

SMOKE=0
USERS="1 10 100"
SECS=30
TAGS=""
KEYS=100000
VECTORS=10000
OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1; USERS="5"; SECS=5; KEYS=2000; VECTORS=2000 ;;
    --users) USERS=$2; shift ;;
    --seconds) SECS=$2; shift ;;
    --tags) TAGS=$2; shift ;;
    --keys) KEYS=$2; shift ;;
    --vectors) VECTORS=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
MAX_SECONDS="${MAX_SECONDS:-$(( 300 + $(wc -w <<<"$USERS") * (SECS + 30) ))}"

# bounded in time: the script runs itself under timeout(1), whose TERM runs lib.sh's cleanup
if [ -z "${RUN_SH_TIMED:-}" ]; then
  export RUN_SH_TIMED=1
  exec timeout --kill-after=30 "$MAX_SECONDS" "$0" "${ARGS[@]}"
fi

. "$ROOT/loadtest/lib.sh"
LOCUST_PYTHON="${LOCUST_PYTHON:-/usr/bin/python3}"   # Debian's python3-locust is installed for it
"$LOCUST_PYTHON" -c 'import locust' 2>/dev/null \
  || { echo "run.sh: Locust is missing under $LOCUST_PYTHON (apt-get install python3-locust)" >&2; exit 1; }

OUT="${OUT:-$ROOT/bench-results/loadtest-$(date +%Y%m%d-%H%M%S)$([ "$SMOKE" = 1 ] && echo -smoke)}"
mkdir -p "$OUT"
WORK="$(mktemp -d -t quiver-loadtest.XXXXXX)"
trap 'cleanup_started; rm -rf "$WORK"' EXIT

QUIVER_LOG="$OUT/quiver.log"
# shellcheck disable=SC2086
start_quiver_with_data "$WORK" "$KEYS" "$VECTORS" ${QUIVER_FLAGS:-}
HTTP=$HTTP_PORT

{
  echo "# loadtest/run.sh $([ "$SMOKE" = 1 ] && echo --smoke) $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "data: $(cat "$WORK/source.txt")"
  echo "Quiver: $(grep -o 'ready in .*' "$QUIVER_LOG" | head -1)"
  echo "Locust: users ${USERS// /, }, ${SECS}s each, tags: ${TAGS:-all}; $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT/summary.md" >&2

status=0
for u in $USERS; do
  echo "locust: $u users for ${SECS}s ..." >&2
  # shellcheck disable=SC2086
  if ! "$LOCUST_PYTHON" -m locust -f "$ROOT/loadtest/locustfile.py" --headless --only-summary --reset-stats \
      -u "$u" -r "$u" -t "${SECS}s" --stop-timeout 5 --host "http://127.0.0.1:$HTTP" \
      --key-file "$WORK/keys.txt" --query-file "$WORK/queries.fvecs" --collection loadtest \
      --csv "$OUT/users-$u" --html "$OUT/users-$u.html" --summary-file "$OUT/users-$u.json" \
      ${TAGS:+--tags $TAGS} >"$OUT/users-$u.log" 2>&1; then
    echo "locust reported failures or errors at $u users (see $OUT/users-$u.log)" >&2
    status=1
  fi
done

# one table from the per-run JSON summaries; with --smoke, also every task must have run
"$LOCUST_PYTHON" - "$OUT" "$SMOKE" "$TAGS" $USERS <<'PY' | tee -a "$OUT/summary.md" || status=1
import json, os, sys
out, smoke, tags, users = sys.argv[1], sys.argv[2] == "1", sys.argv[3].split(), sys.argv[4:]
print()
print("| users | requests/s | p50 ms | p95 ms | p99 ms | failures | server queue p95 ms | shard p95 ms | merge p95 ms |")
print("|---|---|---|---|---|---|---|---|---|")
bad = False
expected = {"get": "GET /kv/[key]", "put": "PUT /kv/[key]", "search": "POST .../points/search",
            "batch": "POST .../points/search/batch"}
for u in users:
    path = os.path.join(out, f"users-{u}.json")
    if not os.path.exists(path):
        print(f"| {u} | no summary: see users-{u}.log | | | | | | | |")
        bad = True
        continue
    s = json.load(open(path))
    lat, st = s["latency_ms"], s["server_timing_ms"]
    pct = 100.0 * s["failures"] / max(1, s["requests"])
    print(f"| {u} | {s['requests_per_second']:,.0f} | {lat['p50']:.2f} | {lat['p95']:.2f} | {lat['p99']:.2f} "
          f"| {s['failures']} ({pct:.1f}%) | {st['queue']['p95']:.3f} | {st['shard']['p95']:.3f} | {st['merge']['p95']:.3f} |")
    if s["failures"] > 0 or s["requests"] == 0:
        bad = True
    if smoke:
        for t in (tags or expected):
            if s["requests_by_name"].get(expected[t], 0) == 0:
                print(f"smoke: no {expected[t]} request was made", file=sys.stderr)
                bad = True
sys.exit(1 if bad else 0)
PY
echo >&2
echo "reports (Locust CSV and HTML, JSON summaries, Quiver's log): $OUT" >&2
exit "$status"
