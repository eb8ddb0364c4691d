"""redis-py (Debian's python3-redis) with default options: its hash API, and its pub/sub API
(subscribe, pattern subscribe, publish from another connection, unsubscribe) over RESP2 and, when
this redis-py speaks it, RESP3. Run by RedisClientHashesPubSubTest:
`/usr/bin/python3 redis_py_hashes_pubsub.py PORT`; an assertion ends it non-zero."""
import sys
import time

import redis

port = int(sys.argv[1])
r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)

# hashes: an object per key
r.delete("user:1")
assert r.hset("user:1", mapping={"name": "ada", "lang": "en", "visits": 0}) == 3
assert r.hget("user:1", "name") == "ada"
assert r.hgetall("user:1") == {"name": "ada", "lang": "en", "visits": "0"}
assert r.hincrby("user:1", "visits", 5) == 5
assert abs(r.hincrbyfloat("user:1", "score", 1.5) - 1.5) < 1e-9
assert r.hmget("user:1", ["name", "nope"]) == ["ada", None]
assert r.hexists("user:1", "lang") and not r.hexists("user:1", "nope")
assert sorted(r.hkeys("user:1")) == ["lang", "name", "score", "visits"]
assert r.hlen("user:1") == 4 and r.hstrlen("user:1", "name") == 3
assert r.hsetnx("user:1", "name", "bob") == 0 and r.hget("user:1", "name") == "ada"
assert r.hdel("user:1", "lang", "nope") == 1
assert r.type("user:1") == "hash"
seen = dict(r.hscan_iter("user:1", match="s*"))
assert seen == {"score": "1.5"}, seen
assert r.hrandfield("user:1") in ("name", "visits", "score")
r.expire("user:1", 100)
assert 95 < r.ttl("user:1") <= 100
try:
    r.get("user:1")
    raise AssertionError("GET of a hash should be WRONGTYPE")
except redis.ResponseError as e:
    assert str(e).startswith("WRONGTYPE"), e
# a hash in a transaction (pipeline() is MULTI/EXEC)
p = r.pipeline()
p.hset("user:2", "name", "bob").hincrby("user:2", "visits", 1).hgetall("user:2")
assert p.execute() == [1, 1, {"name": "bob", "visits": "1"}]


def wait_message(ps, timeout=5.0):
    end = time.time() + timeout
    while time.time() < end:
        m = ps.get_message(ignore_subscribe_messages=True, timeout=0.1)
        if m is not None:
            return m
    raise AssertionError("no message within %s s" % timeout)


def pubsub_round(client, label):
    ps = client.pubsub()
    ps.subscribe("news")
    ps.psubscribe("ev:*")
    # the subscribe confirmations
    kinds = set()
    end = time.time() + 5
    while len(kinds) < 2 and time.time() < end:
        m = ps.get_message(timeout=0.1)
        if m:
            kinds.add(m["type"])
    assert kinds == {"subscribe", "psubscribe"}, (label, kinds)
    publisher = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
    assert publisher.publish("news", "hello") == 1, label
    m = wait_message(ps)
    assert m["type"] == "message" and m["channel"] == "news" and m["data"] == "hello", (label, m)
    assert publisher.publish("ev:login", "ada") == 1, label
    m = wait_message(ps)
    assert m["type"] == "pmessage" and m["pattern"] == "ev:*" and m["channel"] == "ev:login" and m["data"] == "ada", (label, m)
    assert publisher.pubsub_numsub("news") == [("news", 1)], label
    assert publisher.pubsub_numpat() == 1, label
    ps.unsubscribe("news")
    ps.punsubscribe("ev:*")
    end = time.time() + 5
    while ps.subscribed and time.time() < end:
        ps.get_message(timeout=0.1)
    assert not ps.subscribed, label
    assert publisher.publish("news", "nobody") == 0, label
    ps.close()


pubsub_round(r, "RESP2")
try:
    r3 = redis.Redis(host="127.0.0.1", port=port, decode_responses=True, protocol=3)
    r3.ping()
except TypeError:
    r3 = None  # this redis-py predates RESP3
if r3 is not None:
    pubsub_round(r3, "RESP3")
print("redis-py hash and pub/sub checks passed" + (" (RESP2 and RESP3)" if r3 is not None else " (RESP2)"))
