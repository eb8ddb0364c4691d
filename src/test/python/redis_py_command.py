"""redis-py (Debian's python3-redis) with default options against Quiver's COMMAND introspection.
Run by CommandIntrospectionTest: /usr/bin/python3 redis_py_command.py PORT MODE, MODE one of
  table    COMMAND parsed by redis-py: every command with its arity, flags and key positions
  list     COMMAND LIST with FILTERBY MODULE / ACLCAT / PATTERN
  getkeys  COMMAND GETKEYS: the key arguments of a command line
  docs     COMMAND DOCS (redis-py refuses command_docs(), so through execute_command)
An assertion ends it non-zero."""
import sys

import redis

port = int(sys.argv[1])
mode = sys.argv[2]
r = redis.Redis(host="127.0.0.1", port=port, decode_responses=True)

if mode == "table":
    table = r.command()
    assert len(table) == r.command_count(), (len(table), r.command_count())
    assert table["get"]["arity"] == 2 and table["get"]["first_key_pos"] == 1, table["get"]
    assert "readonly" in table["get"]["flags"], table["get"]
    assert table["mset"]["step_count"] == 2 and table["mset"]["last_key_pos"] == -1, table["mset"]
    assert table["vadd"]["arity"] == -5 and "write" in table["vadd"]["flags"], table["vadd"]
    assert sorted(table) == sorted(r.command_list()), "COMMAND and COMMAND LIST name the same commands"
    print("redis-py COMMAND table ok:", len(table), "commands")
elif mode == "list":
    vset = r.command_list(module="vectorset")
    assert "vsim" in vset and "vrange" in vset and "get" not in vset, vset
    assert all(n.startswith("v") for n in vset), vset
    hashes = r.command_list(category="hash")
    assert "hset" in hashes and "get" not in hashes, hashes
    assert sorted(r.command_list(pattern="pexpire*")) == ["pexpire", "pexpireat", "pexpiretime"]
    assert r.command_list(module="nosuchmodule") == []
    print("redis-py COMMAND LIST ok")
elif mode == "getkeys":
    assert r.command_getkeys("MSET", "a", "1", "b", "2") == ["a", "b"]
    assert r.command_getkeys("GET", "k") == ["k"]
    assert r.command_getkeys("VSIM", "set", "ELE", "e") == ["set"]
    assert r.command_getkeys("DEL", "x", "y", "z") == ["x", "y", "z"]
    for bad, words in ((("NOSUCH", "a"), "Invalid command"), (("GET", "a", "b"), "Invalid number of arguments"),
                       (("PING", "x"), "no key arguments")):
        try:
            r.command_getkeys(*bad)
            raise AssertionError("COMMAND GETKEYS %s should fail" % (bad,))
        except redis.ResponseError as e:
            assert words in str(e), e
    print("redis-py COMMAND GETKEYS ok")
elif mode == "docs":
    flat = r.execute_command("COMMAND DOCS")  # one word: redis-py parses replies to "COMMAND" as its table
    docs = dict(zip(flat[0::2], flat[1::2]))
    assert sorted(docs) == sorted(r.command_list()), "every command has its docs"
    for name, fields in docs.items():
        d = dict(zip(fields[0::2], fields[1::2]))
        assert d.get("summary") and d.get("group"), (name, d)
    get = dict(zip(docs["get"][0::2], docs["get"][1::2]))
    assert get["group"] == "string", get
    vsim = dict(zip(docs["vsim"][0::2], docs["vsim"][1::2]))
    assert vsim["group"] == "module" and vsim["module"] == "vectorset", vsim
    some = r.execute_command("COMMAND DOCS", "set", "nosuch", "hget")
    assert some[0::2] == ["set", "hget"], some
    print("redis-py COMMAND DOCS ok:", len(docs), "commands")
else:
    raise SystemExit("unknown mode " + mode)
