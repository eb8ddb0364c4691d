#!/usr/bin/env bash
# One node against a three-node cluster (bin/quiver serve --cluster) on this machine, in one run:
#   redis-benchmark GET/SET (-c 50 -r 100000, P1 and P16) and an HTTP search load (hey), all through
#   node 0; for each, requests/s and the CPU time per request summed over every Quiver process (the
#   nodes share this machine's cores, so that is the figure to compare, not a speed-up);
#   the remote hop (GET of a key on node 0 itself vs one on another node, one connection);
#   the time from a SIGKILL of node 2 to the first CLUSTERDOWN answer for its keys.
# Usage: loadtest/cluster-bench.sh [--requests N]   (per redis-benchmark figure, default 200000)
# Everything listens on 127.0.0.1, without persistence; every process is stopped by PID at exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
. "$ROOT/loadtest/lib.sh"
REQUESTS=200000
[ "${1:-}" = "--requests" ] && REQUESTS=$2
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
  RESP=(); HTTP=(); PIDS=()
  for i in 0 1 2; do
    RESP+=("$(free_port)"); HTTP+=("$(free_port)")
    env -u QUIVER_FLAGS "$ROOT/bin/quiver" serve --cluster --cluster-members "$members" --cluster-host 127.0.0.1 \
      --cluster-port "${ports[$i]}" --resp-port "${RESP[$i]}" --http-port "${HTTP[$i]}" --shards $SHARDS \
      --persistence false >"$WORK/node$i.log" 2>&1 &
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

echo "$(nproc) cores; $REQUESTS requests per redis-benchmark figure; $SHARDS shards per cluster node, $((3 * SHARDS)) on the single node"
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
echo "not measured: moving keys and vectors to a joining node (cluster mode does not re-balance; see README, Cluster)"
