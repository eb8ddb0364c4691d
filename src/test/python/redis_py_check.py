"""Drives a running Quiver with redis-py (Debian's python3-redis) and its default options:
a session cache, a rate limiter, SCAN over 10,000 keys, a vector set and a database in the URL.
Run by RedisPyClientTest: `/usr/bin/python3 redis_py_check.py PORT [PASSWORD]`; an assertion ends it non-zero."""
import sys

import redis

port = int(sys.argv[1])
password = sys.argv[2] if len(sys.argv) > 2 else None
r = redis.Redis(host="127.0.0.1", port=port, password=password, decode_responses=True)

# session cache
r.set("sess:1", "ada", ex=60)
assert r.get("sess:1") == "ada"
assert 55 < r.ttl("sess:1") <= 60, r.ttl("sess:1")
assert r.expire("sess:1", 120)
assert r.ttl("sess:1") > 115
assert r.persist("sess:1")
assert r.ttl("sess:1") == -1
assert r.delete("sess:1") == 1
assert r.get("sess:1") is None

# rate limiter
for i in range(1, 6):
    assert r.incr("rate:ip") == i
    r.expire("rate:ip", 60, nx=True)
assert r.ttl("rate:ip") > 55

# SCAN over 10,000 keys, each seen at least once (a non-transactional pipeline: transactions come later)
p = r.pipeline(transaction=False)
for i in range(10000):
    p.set(f"scan:{i}", "v")
p.execute()
seen = set(r.scan_iter(match="scan:*", count=500))
assert len(seen) == 10000, len(seen)

# counters and strings
assert r.incrbyfloat("f", 1.5) == 1.5
assert r.append("s", "ab") == 2 and r.strlen("s") == 2
assert r.getex("s", ex=100) == "ab" and r.ttl("s") > 95
assert r.getdel("s") == "ab" and r.exists("s") == 0

# a vector set is a key like any other
assert r.execute_command("VADD", "vs:docs", "VALUES", 3, 1, 0, 0, "a") == 1
r.execute_command("VADD", "vs:docs", "VALUES", 3, 0, 1, 0, "b")
assert r.execute_command("VSIM", "vs:docs", "VALUES", 3, 1, 0.1, 0, "COUNT", 1) == ["a"]
assert r.type("vs:docs") == "vectorset"
assert r.delete("vs:docs") == 1
assert r.exists("vs:docs") == 0
# a database in the URL: its keys are apart from database 0's
url = f"redis://:{password}@127.0.0.1:{port}/3" if password else f"redis://127.0.0.1:{port}/3"
in_three = redis.Redis.from_url(url, decode_responses=True)
in_three.set("app:key", "three")
r.set("app:key", "zero")
assert in_three.get("app:key") == "three"
assert r.get("app:key") == "zero"
assert in_three.dbsize() == 1
print("redis-py checks passed")
