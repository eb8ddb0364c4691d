"""redis-py (Debian's python3-redis) with default options against Quiver's MULTI/EXEC and WATCH.
Run by RedisClientTransactionsTest:
  /usr/bin/python3 redis_py_transactions.py PORT check          pipeline() (a transaction by default) and WATCH
  /usr/bin/python3 redis_py_transactions.py PORT contend KEY N  N optimistic-lock increments of KEY, retrying on conflict
An assertion ends it non-zero."""
import sys

import redis

port = int(sys.argv[1])
mode = sys.argv[2]
r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)

if mode == "check":
    # pipeline() is MULTI ... EXEC: all replies come back, in order
    p = r.pipeline()
    p.set("tx:a", "1").incr("tx:a").set("{tx}b", "x").get("tx:a").mget("tx:a", "{tx}b")
    assert p.execute() == [True, 2, True, "2", ["2", "x"]]
    # a runtime error is one reply among the others (raised after the rest ran)
    p = r.pipeline()
    p.set("tx:word", "abc").incr("tx:word").set("tx:after", "ran")
    try:
        p.execute()
        raise AssertionError("the INCR of a word should raise")
    except redis.ResponseError as e:
        assert "not an integer" in str(e), e
    assert r.get("tx:after") == "ran"
    # a command refused while queuing aborts the whole transaction: nothing is applied
    p = r.pipeline()
    p.set("tx:never", "1").execute_command("SET", "tx:never")
    try:
        p.execute()
        raise AssertionError("EXECABORT expected")
    except redis.ResponseError as e:
        assert "wrong number of arguments" in str(e) or "EXECABORT" in str(e), e
    assert r.get("tx:never") is None
    # WATCH: a change by another connection makes EXEC fail with WatchError
    other = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)
    with r.pipeline() as p:
        p.watch("tx:w")
        other.set("tx:w", "changed")
        p.multi()
        p.set("tx:w", "mine")
        try:
            p.execute()
            raise AssertionError("WatchError expected")
        except redis.WatchError:
            pass
    assert r.get("tx:w") == "changed"
    # transaction() retries the function until EXEC goes through
    r.set("tx:count", 0)
    def bump(pipe):
        n = int(pipe.get("tx:count"))
        pipe.multi()
        pipe.set("tx:count", n + 1)
    r.transaction(bump, "tx:count")
    assert r.get("tx:count") == "1"
    print("redis-py transaction checks passed")
elif mode == "contend":
    key, n = sys.argv[3], int(sys.argv[4])
    retries = 0
    for _ in range(n):
        while True:
            with r.pipeline() as p:
                try:
                    p.watch(key)
                    v = int(p.get(key) or 0)
                    p.multi()
                    p.set(key, v + 1)
                    p.execute()
                    break
                except redis.WatchError:
                    retries += 1
    print(f"redis-py contend done, {retries} retries")
else:
    raise SystemExit("unknown mode " + mode)
