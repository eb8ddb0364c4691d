#!/usr/bin/env bash
# One node against a three-node cluster (bin/quiver serve --cluster) on this machine, in one run:
#   redis-benchmark GET/SET (-c 50 -r 100000, P1 and P16) and an HTTP search load (hey), all through
#   node 0; for each, requests/s and the CPU time per request summed over every Quiver process (the
#   nodes share this machine's cores, so that is the figure to compare, not a speed-up);
#   the remote hop (GET of a key on node 0 itself vs one on another node, one connection);
#   the time from a SIGKILL of node 2 to the first CLUSTERDOWN answer for its keys;
#   the time to move --join-keys keys (default 1,000,000, 35-byte values) to a fourth node joining a
#   fresh three-node cluster (bin/quiver serve --cluster-join), from the joining node's log, with
#   --join-vectors points (default 100,000, 32-d, Euclid, a payload each) in a collection beside them,
#   whose share moves too (the points' figures from the same log; the count through the new node after).
# Usage: loadtest/cluster-bench.sh [--requests N] [--join-keys N] [--join-vectors N] [--join-only]
#   (--requests: per redis-benchmark figure, default 200000; --join-only: only the join figure)
# Everything listens on 127.0.0.1, without persistence; every process is stopped by PID at exit (the cluster
# nodes with cluster-leave-timeout 0: a SIGTERM stops them without handing their slots over).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
REQUESTS=200000
JOIN_KEYS=1000000
JOIN_VECTORS=100000
JOIN_ONLY=
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=$2; shift 2 ;;
    --join-keys) JOIN_KEYS=$2; shift 2 ;;
    --join-vectors) JOIN_VECTORS=$2; shift 2 ;;
    --join-only) JOIN_ONLY=1; shift ;;
    *) echo "usage: loadtest/cluster-bench.sh [--requests N] [--join-keys N] [--join-vectors N] [--join-only]" >&2; exit 2 ;;
  esac
done
SHARDS=2
PY=/usr/bin/python3
command -v redis-benchmark >/dev/null || { echo "needs redis-benchmark (apt-get install redis-tools)" >&2; exit 1; }
command -v hey >/dev/null || { echo "needs hey (apt-get install hey)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/quiver-cluster-bench.XXXXXX); STARTED_DIRS+=("$WORK")
PIDS=(); RESP=(); HTTP=()

start_single() {
  RESP=("$(free_port)"); HTTP=("$(free_port)")
  QUIVER_LOG="$WORK/single.log"  # a shell variable: Quiver refuses unknown QUIVER_* in its environment
  start_quiver "${RESP[0]}" "${HTTP[0]}" --persistence false --shards $((3 * SHARDS))
  PIDS=("$QUIVER_PID")
}

start_cluster() {
  local ports=() members="" i
  for i in 0 1 2; do ports+=("$(free_port)"); members+="${members:+,}127.0.0.1:${ports[$i]}"; done
  CLUSTER_PORTS=("${ports[@]}")
  RESP=(); HTTP=(); PIDS=()
  for i in 0 1 2; do
    RESP+=("$(free_port)"); HTTP+=("$(free_port)")
    env -u QUIVER_FLAGS "$ROOT/bin/quiver" serve --cluster --cluster-members "$members" --cluster-host 127.0.0.1 \
      --cluster-port "${ports[$i]}" --resp-port "${RESP[$i]}" --http-port "${HTTP[$i]}" --shards $SHARDS \
      --persistence false --cluster-leave-timeout 0 >"$WORK/node$i.log" 2>&1 &
    PIDS+=("$!"); STARTED_PIDS+=("$!")
  done
  for i in 0 1 2; do wait_for_port "${HTTP[$i]}" 300 "${PIDS[$i]}"; done
  for i in $(seq 1 300); do
    redis-cli -p "${RESP[0]}" CLUSTER INFO | grep -q "cluster_state:ok" && return 0
    sleep 0.1
  done
  echo "the cluster did not reach cluster_state:ok" >&2; return 1
}

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}

cpu_all() { # total CPU seconds of every Quiver process now
  local pid t=0
  for pid in "${PIDS[@]}"; do t=$(awk -v a="$t" -v b="$(cpu_seconds "$pid")" 'BEGIN { printf "%.2f", a + b }'); done
  echo "$t"
}

kv_figures() { # label
  local P t out c0 c1
  for P in 1 16; do
    for t in set get; do
      c0=$(cpu_all)
      out=$(redis-benchmark -p "${RESP[0]}" -c 50 -d 35 -r 100000 -t $t -P $P -n "$REQUESTS" -q 2>&1)
      c1=$(cpu_all)
      printf '%-8s %-4s P%-3s %12s req/s %8s cpu-us/req\n' "$1" "$t" "$P" "$(rps "$out" "$(tr a-z A-Z <<<$t)")" \
        "$(cpu_us_per_request "$c0" "$c1" "$REQUESTS")"
    done
  done
}

search_figures() { # label
  local c0 c1 n=4000 rate
  curl -sf -X PUT "http://127.0.0.1:${HTTP[0]}/collections/bench" -H 'content-type: application/json' \
    -d '{"vectors":{"size":32,"distance":"Euclid"}}' >/dev/null
  sleep 0.5
  for b in $(seq 0 19); do
    $PY -c "import json,random; random.seed($b); print(json.dumps({'points':[{'id':$b*1000+i,'vector':[random.random() for _ in range(32)]} for i in range(1000)]}))" \
      >"$WORK/points.json"
    curl -sf -X PUT "http://127.0.0.1:${HTTP[0]}/collections/bench/points?wait=true" -H 'content-type: application/json' \
      --data-binary @"$WORK/points.json" >/dev/null
  done
  $PY -c "import json,random; random.seed(99); print(json.dumps({'vector':[random.random() for _ in range(32)],'limit':10}))" >"$WORK/q.json"
  hey -n 500 -c 8 -m POST -T application/json -D "$WORK/q.json" "http://127.0.0.1:${HTTP[0]}/collections/bench/points/search" >/dev/null
  c0=$(cpu_all)
  hey -n $n -c 8 -m POST -T application/json -D "$WORK/q.json" "http://127.0.0.1:${HTTP[0]}/collections/bench/points/search" >"$WORK/hey.txt"
  c1=$(cpu_all)
  rate=$(awk '/Requests\/sec/ {print $2}' "$WORK/hey.txt")
  printf '%-8s search (20k x 32-d, k=10, -c 8) %10s req/s %8s cpu-us/req  p50 %s s  p99 %s s\n' "$1" "$rate" \
    "$(cpu_us_per_request "$c0" "$c1" $n)" "$(awk '/50% in/ {print $3}' "$WORK/hey.txt")" "$(awk '/99% in/ {print $3}' "$WORK/hey.txt")"
}

key_on_node() { # node -> a key whose slot lives on that node (contiguous ranges, node n from n*16384/3)
  local i s o n
  for i in $(seq 1 1000); do
    s=$(redis-cli -p "${RESP[0]}" CLUSTER KEYSLOT "hop:$i")
    o=0; for n in 1 2; do [ "$s" -ge $(( n * 16384 / 3 )) ] && o=$n; done
    [ "$o" -eq "$1" ] && { echo "hop:$i"; return; }
  done
}

hop_figures() {
  local k p50
  for node in 0 1; do
    k=$(key_on_node $node)
    redis-cli -p "${RESP[0]}" SET "$k" v >/dev/null
    p50=$(redis-benchmark -p "${RESP[0]}" -c 1 -n 20000 -q GET "$k" 2>&1 | tr '\r' '\n' | grep -o 'p50=[0-9.]* msec' | tail -1)
    echo "cluster  GET through node 0 of a key on node $node, one connection, P1: $p50"
  done
}

kill_figure() {
  local k t0 t1 r
  k=$(key_on_node 2)
  kill -9 "${PIDS[2]}"; t0=$(date +%s%N)
  for i in $(seq 1 600); do
    r=$(redis-cli -p "${RESP[0]}" GET "$k" 2>&1 || true)
    [[ "$r" == CLUSTERDOWN* ]] && break
    sleep 0.02
  done
  t1=$(date +%s%N)
  echo "cluster  SIGKILL of node 2 -> first CLUSTERDOWN for its keys through node 0: $(( (t1 - t0) / 1000000 )) ms"
}

join_figure() { # a fresh three-node cluster with JOIN_KEYS keys, then a fourth node joins; its log says how long the move took
  local port resp http pid i line t0 t1 held
  start_cluster
  # every key once, SETs in RESP through node 0 (redis-cli --pipe: one stream, replies counted)
  $PY -c "
import sys
out = sys.stdout.buffer
v = b'x' * 35
for i in range($JOIN_KEYS):
    k = b'join:%d' % i
    out.write(b'*3\r\n\$3\r\nSET\r\n\$%d\r\n%s\r\n\$35\r\n%s\r\n' % (len(k), k, v))
" | redis-cli -p "${RESP[0]}" --pipe >"$WORK/pipe.txt" 2>&1
  [ "$(redis-cli -p "${RESP[0]}" DBSIZE)" = "$JOIN_KEYS" ] || { echo "the cluster holds $(redis-cli -p "${RESP[0]}" DBSIZE) keys, not $JOIN_KEYS" >&2; return 1; }
  if [ "$JOIN_VECTORS" -gt 0 ]; then # the points, in upserts of 1,000 through node 0
    $PY -c "
import json, random, sys, urllib.request
url = 'http://127.0.0.1:${HTTP[0]}/collections/joinvec'
def call(method, path, body):
    r = urllib.request.Request(url + path, data=json.dumps(body).encode(), method=method, headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(r, timeout=600) as res:
        assert res.status == 200, res.read()
call('PUT', '', {'vectors': {'size': 32, 'distance': 'Euclid'}})
rnd = random.Random(14)
for start in range(0, $JOIN_VECTORS, 1000):
    pts = [{'id': i, 'vector': [rnd.random() for _ in range(32)], 'payload': {'i': i}} for i in range(start, min($JOIN_VECTORS, start + 1000))]
    call('PUT', '/points?wait=true', {'points': pts})
" || { echo "loading the points failed" >&2; return 1; }
  fi
  port=$(free_port); resp=$(free_port); http=$(free_port)
  t0=$(date +%s%N)
  env -u QUIVER_FLAGS "$ROOT/bin/quiver" serve --cluster --cluster-join --cluster-members "127.0.0.1:${CLUSTER_PORTS[0]},127.0.0.1:$port" \
    --cluster-host 127.0.0.1 --cluster-port "$port" --resp-port "$resp" --http-port "$http" --shards $SHARDS \
    --persistence false --cluster-leave-timeout 0 >"$WORK/node3.log" 2>&1 &
  pid=$!; PIDS+=("$pid"); STARTED_PIDS+=("$pid")
  for i in $(seq 1 6000); do
    line=$(grep -m1 "cluster-join: this node took\|cluster-join: taking slots failed" "$WORK/node3.log" 2>/dev/null || true)
    [ -n "$line" ] && break
    kill -0 "$pid" 2>/dev/null || { tail -20 "$WORK/node3.log" >&2; return 1; }
    sleep 0.1
  done
  t1=$(date +%s%N)
  [[ "$line" == *"this node took"* ]] || { echo "the join failed: $line" >&2; return 1; }
  held=$(grep -o 'held [0-9]* us at the switch' "$WORK/node3.log" | awk '{ if ($2 > m) m = $2 } END { print m + 0 }')
  echo "join     $JOIN_KEYS keys in 3 nodes, a 4th joins: ${line#*cluster-join: }; $(( (t1 - t0) / 1000000 )) ms from its start; writes held at most $held us at a switch"
  echo "join     DBSIZE after the move: $(redis-cli -p "$resp" DBSIZE) (every node's shards)"
  if [ "$JOIN_VECTORS" -gt 0 ]; then
    local points copying
    points=$(grep -o 'keys and [0-9]* points in' "$WORK/node3.log" | awk '{ s += $3 } END { print s + 0 }')
    copying=$(grep -o 'points copied in [0-9]* ms' "$WORK/node3.log" | awk '{ s += $4 } END { print s + 0 }')
    echo "join     $JOIN_VECTORS points (32-d) in a collection: $points moved to the 4th node, their copies took $copying ms of the moves; count through it afterwards: $(curl -s -X POST -H 'Content-Type: application/json' -d '{"exact": true}' "http://127.0.0.1:$http/collections/joinvec/points/count")"
  fi
  stop_all
}

echo "$(nproc) cores; $REQUESTS requests per redis-benchmark figure; $SHARDS shards per cluster node, $((3 * SHARDS)) on the single node"
if [ -n "$JOIN_ONLY" ]; then
  join_figure
  exit 0
fi
start_single
redis-benchmark -p "${RESP[0]}" -c 50 -r 100000 -t set,get -n 200000 -q >/dev/null 2>&1 || true
kv_figures single
search_figures single
stop_all
start_cluster
redis-benchmark -p "${RESP[0]}" -c 50 -r 100000 -t set,get -n 200000 -q >/dev/null 2>&1 || true
kv_figures cluster
search_figures cluster
hop_figures
kill_figure
stop_all
join_figure
