"""redis-py (Debian's python3-redis) with default options: its list API (push, pop with and without a
count, range, index, set, rem, trim; a list as a queue in a pipeline(), which is MULTI/EXEC).
Run by ListCommandsTest: `/usr/bin/python3 redis_py_lists.py PORT`; an assertion ends it non-zero."""
import sys

import redis

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)

r.delete("py:list")
assert r.rpush("py:list", "a", "b", "c") == 3
assert r.lpush("py:list", "z") == 4
assert r.lrange("py:list", 0, -1) == ["z", "a", "b", "c"]
assert r.llen("py:list") == 4 and r.type("py:list") == "list"
assert r.lindex("py:list", -1) == "c" and r.lindex("py:list", 10) is None
assert r.lset("py:list", 1, "A") is True
assert r.lpop("py:list") == "z" and r.rpop("py:list", 2) == ["c", "b"]
assert r.rpushx("py:list", "d") == 2 and r.lpushx("py:none", "x") == 0
assert r.lrem("py:list", 0, "d") == 1
assert r.ltrim("py:list", 0, 0) is True and r.lrange("py:list", 0, -1) == ["A"]
assert r.lpop("py:list", 5) == ["A"] and r.exists("py:list") == 0
assert r.lpop("py:list") is None
try:
    r.lset("py:list", 0, "x")
    raise AssertionError("LSET of a missing key should fail")
except redis.ResponseError as e:
    assert str(e) == "no such key", e
# a queue worked in a transaction
p = r.pipeline()
p.rpush("py:queue", "job1", "job2").lpop("py:queue").llen("py:queue")
assert p.execute() == [2, "job1", 1]
print("redis-py list checks passed")
