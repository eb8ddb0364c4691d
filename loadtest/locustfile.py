"""Locust load test for Quiver's HTTP API: a mix of key-value and vector-search traffic.

Run through loadtest/run.sh (which starts Quiver with a generated data set and prints one table), or
by hand against a running server that holds the data (Debian's python3-locust lives under
/usr/bin/python3):

    /usr/bin/python3 -m locust -f loadtest/locustfile.py --headless -u 10 -r 10 -t 30s \\
        --host http://127.0.0.1:6333 --key-file DIR/keys.txt --query-file DIR/queries.fvecs \\
        [--collection loadtest] [--tags get search] [--summary-file FILE.json]

Each task is tagged, so --tags / --exclude-tags pick a mix:

  tag     weight  request
  get     50      GET /kv/{key}, a key drawn at random from --key-file (keys that exist: no hot key)
  put     20      PUT /kv/{key}, a random existing key, a new 64-byte value
  search  20      POST /collections/{c}/points/search, limit 10, a query vector drawn from --query-file
  batch   10      POST /collections/{c}/points/search/batch, 8 such queries in one request

A response counts as a failure unless it is a 200 with the expected body (the stored value's
length, ten hits per query). Users send their next request as soon as the last is answered
(no think time), so the number of users is the number of requests in flight.

Besides Locust's own CSV and HTML reports, --summary-file gets a JSON summary of the measured
window (from the moment every user is running to the end): requests, failures, requests/s,
latency percentiles at microsecond resolution (Locust's own round to whole milliseconds), and the
same percentiles of the Server-Timing phases Quiver reports (queue, shard, merge, total), which
tell queueing from work.
"""
import json
import random
import re
import struct
import time

from locust import FastHttpUser, constant, events, tag, task

SERVER_TIMING = re.compile(r"(queue|shard|merge|total);dur=([0-9.]+)")
BATCH = 8
LIMIT = 10


@events.init_command_line_parser.add_listener
def add_arguments(parser):
    parser.add_argument("--key-file", help="keys that exist in Quiver, one a line")
    parser.add_argument("--query-file", help="query vectors, texmex .fvecs")
    parser.add_argument("--collection", default="loadtest", help="the vector collection searched")
    parser.add_argument("--summary-file", default="", help="where to write the JSON summary of the measured window")


def read_fvecs(path):
    with open(path, "rb") as f:
        data = f.read()
    dim = struct.unpack_from("<i", data, 0)[0]
    row = 4 + 4 * dim
    return [list(struct.unpack_from(f"<{dim}f", data, i + 4)) for i in range(0, len(data), row)]


class Data:
    """What every user draws from, read once per Locust process."""
    keys = []
    search_bodies = []
    batch_bodies = []
    collection = "loadtest"


@events.test_start.add_listener
def load_data(environment, **_):
    opts = environment.parsed_options
    Data.collection = opts.collection
    if opts.key_file:
        with open(opts.key_file) as f:
            Data.keys = [line.strip() for line in f if line.strip()]
    if opts.query_file:
        queries = read_fvecs(opts.query_file)
        # JSON bodies prepared once: the load generator's CPU goes to sending, not to encoding
        Data.search_bodies = [json.dumps({"vector": q, "limit": LIMIT}) for q in queries]
        rng = random.Random(7)
        Data.batch_bodies = [json.dumps({"searches": [{"vector": rng.choice(queries), "limit": LIMIT} for _ in range(BATCH)]})
                             for _ in range(50)]


class Summary:
    """Latencies and Server-Timing phases of the measured window, for --summary-file."""
    started = None
    latencies_ms = []
    failures = 0
    phases = {"queue": [], "shard": [], "merge": [], "total": []}
    per_name = {}

    @classmethod
    def reset(cls):
        cls.started = time.monotonic()
        cls.latencies_ms = []
        cls.failures = 0
        cls.phases = {k: [] for k in cls.phases}
        cls.per_name = {}


@events.spawning_complete.add_listener
def start_window(user_count, **_):
    Summary.reset()  # run.sh passes --reset-stats: Locust's own figures start here too


def percentile(values, p):
    if not values:
        return 0.0
    s = sorted(values)
    return s[min(len(s) - 1, int(p * len(s)))]


@events.test_stop.add_listener
def write_summary(environment, **_):
    path = environment.parsed_options.summary_file
    if not path or Summary.started is None:
        return
    seconds = max(1e-9, time.monotonic() - Summary.started)
    lat = Summary.latencies_ms
    out = {
        "seconds": round(seconds, 3),
        "requests": len(lat),
        "failures": Summary.failures,
        "requests_per_second": len(lat) / seconds,
        "latency_ms": {k: percentile(lat, p) for k, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))},
        "server_timing_ms": {phase: {k: percentile(v, p) for k, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}
                             for phase, v in Summary.phases.items()},
        "requests_by_name": Summary.per_name,
    }
    with open(path, "w") as f:
        json.dump(out, f, indent=1)


def record(name, elapsed_ms, response, failed):
    """One answered request of the measured window: its latency, whether it failed, its Server-Timing."""
    if Summary.started is None:
        return
    Summary.latencies_ms.append(elapsed_ms)
    Summary.per_name[name] = Summary.per_name.get(name, 0) + 1
    Summary.failures += 1 if failed else 0
    header = response.headers.get("Server-Timing") if response.headers else None
    for phase, ms in SERVER_TIMING.findall(header or ""):
        Summary.phases[phase].append(float(ms))


class QuiverUser(FastHttpUser):
    wait_time = constant(0)  # closed loop: the next request as soon as the last is answered

    @tag("get")
    @task(50)
    def get_key(self):
        key = random.choice(Data.keys)
        self._call("GET", f"/kv/{key}", "GET /kv/[key]",
                   lambda r: None if r.status_code == 200 and len(r.content) == 64
                   else f"GET {key}: {r.status_code} with {len(r.content or b'')} bytes")

    @tag("put")
    @task(20)
    def put_key(self):
        key = random.choice(Data.keys)
        self._call("PUT", f"/kv/{key}", "PUT /kv/[key]",
                   lambda r: None if r.status_code == 200 else f"PUT {key}: {r.status_code} {r.text[:200]}",
                   data="%064x" % random.getrandbits(256))

    @tag("search")
    @task(20)
    def search(self):
        self._call("POST", f"/collections/{Data.collection}/points/search", "POST .../points/search",
                   lambda r: hits_problem(r, 1), data=random.choice(Data.search_bodies), headers=JSON)

    @tag("batch")
    @task(10)
    def search_batch(self):
        self._call("POST", f"/collections/{Data.collection}/points/search/batch", "POST .../points/search/batch",
                   lambda r: hits_problem(r, BATCH), data=random.choice(Data.batch_bodies), headers=JSON)

    def _call(self, method, path, name, check, **kwargs):
        """Sends one request; `check` returns what is wrong with the response, or None."""
        start = time.perf_counter()
        with self.client.request(method, path, name=name, catch_response=True, **kwargs) as r:
            elapsed_ms = (time.perf_counter() - start) * 1000  # Locust's FastHttpUser rounds to whole ms
            problem = check(r)
            if problem:
                r.failure(problem)
            record(name, elapsed_ms, r, problem is not None)


JSON = {"Content-Type": "application/json"}


def hits_problem(r, queries):
    """None when a search answered 200 with `queries` lists of LIMIT hits, else what is wrong."""
    if r.status_code != 200:
        return f"search: {r.status_code} {r.text[:200]}"
    result = r.json().get("result")
    hits = [result] if queries == 1 else result
    if not isinstance(hits, list) or len(hits) != queries or any(len(h) != LIMIT for h in hits):
        return f"search: expected {queries} list(s) of {LIMIT} hits, got {str(result)[:200]}"
    return None
