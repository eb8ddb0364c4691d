package io.quiver.console;

import io.quiver.error.QuiverException;
import io.quiver.kv.ExpireCondition;
import io.quiver.kv.SetCondition;
import io.quiver.kv.Value;
import io.quiver.resp.CommandFlag;
import io.quiver.resp.CommandSpec;
import io.quiver.resp.CommandTable;
import io.quiver.resp.InlineSplitter;
import io.quiver.service.HashService;
import io.quiver.service.KeyValueService;
import io.quiver.service.KeyspaceService;
import io.quiver.service.KeyspaceService.KeyType;
import io.quiver.service.Services;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The console's command box: one line split as redis-cli splits it, checked against RESP's
 * {@link CommandTable} (its name, arity and whether it writes), then run through the service layer.
 * A command that writes is refused unless the user ticked "allow writes". The box runs the key,
 * string and hash commands below; any other command RESP knows is refused by name (use redis-cli for it).
 * The reply comes back as redis-cli would print it.
 */
final class ConsoleCommands {
    private interface Runner {
        Future<Reply> run(Services s, byte[][] argv);
    }

    /** A reply as redis-cli prints it. */
    record Reply(String kind, String display) {
        static Reply integer(long n) {
            return new Reply("integer", "(integer) " + n);
        }

        static Reply bulk(Value v) {
            return v == null ? NIL : new Reply("bulk", quoted(v.bytes()));
        }

        static Reply bulk(byte[] b) {
            return b == null ? NIL : new Reply("bulk", quoted(b));
        }

        static Reply status(String s) {
            return new Reply("status", s);
        }

        static Reply array(List<byte[]> items) {
            if (items.isEmpty()) {
                return new Reply("array", "(empty array)");
            }
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < items.size(); i++) {
                sb.append(i == 0 ? "" : "\n").append(i + 1).append(") ")
                        .append(items.get(i) == null ? "(nil)" : quoted(items.get(i)));
            }
            return new Reply("array", sb.toString());
        }

        static final Reply NIL = new Reply("nil", "(nil)");
        static final Reply OK = status("OK");
    }

    private static final CommandTable RESP = CommandTable.standard();
    private final Map<String, Runner> runners = Map.ofEntries(
            Map.entry("ping", (s, a) -> Future.succeededFuture(a.length == 1 ? Reply.status("PONG") : Reply.bulk(a[1]))),
            Map.entry("echo", (s, a) -> Future.succeededFuture(Reply.bulk(a[1]))),
            Map.entry("get", (s, a) -> string(s, a[1]).get(a[1]).map(Reply::bulk)),
            Map.entry("strlen", (s, a) -> string(s, a[1]).stringLength(a[1]).map(Reply::integer)),
            Map.entry("getrange", (s, a) -> string(s, a[1]).getRange(a[1], number(a[2]), number(a[3])).map(Reply::bulk)),
            Map.entry("mget", (s, a) -> s.kv().multiGet(rest(a, 1)).map(ConsoleCommands::values)),
            Map.entry("exists", (s, a) -> s.keyspace().exists(rest(a, 1)).map(Reply::integer)),
            Map.entry("type", (s, a) -> s.keyspace().type(a[1]).map(t -> Reply.status(t.wireName()))),
            Map.entry("ttl", (s, a) -> ttl(s, a[1], 1000)),
            Map.entry("pttl", (s, a) -> ttl(s, a[1], 1)),
            Map.entry("expiretime", (s, a) -> s.kv().expireTime(a[1]).map(t -> Reply.integer(t < 0 ? t : t / 1000))),
            Map.entry("pexpiretime", (s, a) -> s.kv().expireTime(a[1]).map(Reply::integer)),
            Map.entry("dbsize", (s, a) -> s.keyspace().size().map(Reply::integer)),
            Map.entry("keys", (s, a) -> s.keyspace().keys(a[1]).map(Reply::array)),
            Map.entry("randomkey", (s, a) -> s.kv().randomKey().map(Reply::bulk)),
            Map.entry("scan", ConsoleCommands::scan),
            Map.entry("set", (s, a) -> {
                if (a.length > 3) {
                    throw QuiverException.badRequest("the console's SET takes no options ('"
                            + text(a[3]) + "'): use redis-cli for SET with NX, XX, EX, PX or GET");
                }
                return replacing(s, a[1]).compose(v -> s.kv().set(a[1], a[2], SetCondition.ALWAYS)).map(ok -> Reply.OK);
            }),
            Map.entry("del", (s, a) -> s.keyspace().delete(rest(a, 1)).map(Reply::integer)),
            Map.entry("unlink", (s, a) -> s.keyspace().delete(rest(a, 1)).map(Reply::integer)),
            Map.entry("expire", (s, a) -> expire(s, a, 1000)),
            Map.entry("pexpire", (s, a) -> expire(s, a, 1)),
            Map.entry("persist", (s, a) -> string(s, a[1]).persist(a[1]).map(b -> Reply.integer(b ? 1 : 0))),
            Map.entry("incr", (s, a) -> string(s, a[1]).incrementBy(a[1], 1).map(Reply::integer)),
            Map.entry("decr", (s, a) -> string(s, a[1]).incrementBy(a[1], -1).map(Reply::integer)),
            Map.entry("incrby", (s, a) -> string(s, a[1]).incrementBy(a[1], number(a[2])).map(Reply::integer)),
            Map.entry("decrby", (s, a) -> string(s, a[1]).incrementBy(a[1], Math.negateExact(number(a[2]))).map(Reply::integer)),
            Map.entry("append", (s, a) -> string(s, a[1]).append(a[1], a[2]).map(Reply::integer)),
            Map.entry("hget", (s, a) -> hash(s, a[1]).get(a[1], a[2]).map(Reply::bulk)),
            Map.entry("hgetall", (s, a) -> hash(s, a[1]).getAll(a[1], HashService.PAIRS).map(ConsoleCommands::values)),
            Map.entry("hkeys", (s, a) -> hash(s, a[1]).getAll(a[1], HashService.FIELDS).map(ConsoleCommands::values)),
            Map.entry("hvals", (s, a) -> hash(s, a[1]).getAll(a[1], HashService.VALUES).map(ConsoleCommands::values)),
            Map.entry("hlen", (s, a) -> hash(s, a[1]).length(a[1]).map(Reply::integer)),
            Map.entry("hexists", (s, a) -> hash(s, a[1]).exists(a[1], a[2]).map(Reply::integer)),
            Map.entry("hset", (s, a) -> {
                if (a.length % 2 != 0) {
                    throw QuiverException.badRequest("ERR wrong number of arguments for 'hset' command");
                }
                byte[][] fields = new byte[(a.length - 2) / 2][], values = new byte[fields.length][];
                for (int i = 0; i < fields.length; i++) {
                    fields[i] = a[2 + 2 * i];
                    values[i] = a[3 + 2 * i];
                }
                return hash(s, a[1]).set(a[1], fields, values).map(Reply::integer);
            }),
            Map.entry("hdel", (s, a) -> hash(s, a[1]).delete(a[1], rest(a, 2)).map(Reply::integer)));

    /** The commands the box runs, for its help line. */
    Set<String> known() {
        return new TreeSet<>(runners.keySet());
    }

    Future<JsonObject> run(Services services, String line, boolean allowWrites) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        byte[][] argv = InlineSplitter.split(bytes, 0, bytes.length);
        if (argv == null) {
            throw QuiverException.badRequest("ERR unbalanced quotes in request");
        }
        if (argv.length == 0) {
            throw QuiverException.badRequest("type a command, such as GET mykey");
        }
        String name = text(argv[0]).toLowerCase(Locale.ROOT);
        CommandSpec spec = RESP.lookup(argv[0]);
        if (spec == null) {
            throw QuiverException.badRequest("ERR unknown command '" + text(argv[0]) + "'");
        }
        Runner runner = runners.get(spec.name());
        if (runner == null) {
            throw QuiverException.badRequest("the console's command box does not run '" + name
                    + "' (use redis-cli for it); it runs " + String.join(", ", known()));
        }
        if (!spec.arityAccepts(argv.length)) {
            throw QuiverException.badRequest("ERR wrong number of arguments for '" + spec.name() + "' command");
        }
        boolean writes = spec.has(CommandFlag.WRITE);
        if (writes && !allowWrites) {
            throw QuiverException.badRequest("'" + spec.name()
                    + "' writes: tick \"allow writes\" to run it");
        }
        return runner.run(services, argv).map(r -> new JsonObject().put("command", spec.name())
                .put("writes", writes).put("kind", r.kind()).put("display", r.display()));
    }

    private static HashService hash(Services s, byte[] key) {
        s.keyspace().requireNotVectorSet(key);
        return s.hashes();
    }

    private static Reply values(Value[] values) {
        List<byte[]> items = new java.util.ArrayList<>();
        for (Value v : values) {
            items.add(v == null ? null : v.bytes());
        }
        return Reply.array(items);
    }

    private static KeyValueService string(Services s, byte[] key) {
        s.keyspace().requireNotVectorSet(key);
        return s.kv();
    }

    /** SET over a vector set's name replaces the set, as RESP's SET does. */
    private static Future<Void> replacing(Services s, byte[] key) {
        return s.keyspace().replaceIfVectorSet(key);
    }

    private static Future<Reply> ttl(Services s, byte[] key, long unit) {
        KeyspaceService keyspace = s.keyspace();
        if (keyspace.isVectorSet(key)) {
            return Future.succeededFuture(Reply.integer(-1));
        }
        return s.kv().expireTime(key).map(at -> Reply.integer(at < 0 ? at
                : Math.max(0, (at - System.currentTimeMillis() + unit / 2) / unit)));
    }

    private static Future<Reply> expire(Services s, byte[][] a, long unit) {
        if (a.length > 3) {
            throw QuiverException.badRequest("the console's EXPIRE takes no options ('" + text(a[3])
                    + "'): use redis-cli for NX, XX, GT or LT");
        }
        long at = System.currentTimeMillis() + Math.multiplyExact(number(a[2]), unit);
        return string(s, a[1]).expire(a[1], at, ExpireCondition.ALWAYS).map(b -> Reply.integer(b ? 1 : 0));
    }

    /** SCAN cursor [MATCH pattern] [COUNT n] [TYPE type]: the next cursor and the keys, as redis-cli shows them. */
    private static Future<Reply> scan(Services s, byte[][] a) {
        long cursor = number(a[1]);
        byte[] match = null;
        int count = 10;
        KeyType type = null;
        for (int i = 2; i < a.length; i += 2) {
            if (i + 1 >= a.length) {
                throw QuiverException.badRequest("ERR syntax error");
            }
            String option = text(a[i]).toLowerCase(Locale.ROOT);
            switch (option) {
                case "match" -> match = a[i + 1];
                case "count" -> count = (int) Math.max(1, Math.min(10_000, number(a[i + 1])));
                case "type" -> type = KeyType.named(text(a[i + 1]));
                default -> throw QuiverException.badRequest("ERR syntax error");
            }
            if (option.equals("type") && type == null) {
                return Future.succeededFuture(new Reply("array", "1) \"0\"\n2) (empty array)"));
            }
        }
        return s.keyspace().scan(cursor, count, match, type).map(page -> {
            StringBuilder sb = new StringBuilder("1) \"").append(Long.toUnsignedString(page.cursor())).append("\"\n2) ");
            if (page.keys().length == 0) {
                sb.append("(empty array)");
            }
            for (int i = 0; i < page.keys().length; i++) {
                sb.append(i == 0 ? "" : "\n   ").append(i + 1).append(") ").append(quoted(page.keys()[i]));
            }
            return new Reply("array", sb.toString());
        });
    }

    private static byte[][] rest(byte[][] a, int from) {
        return java.util.Arrays.copyOfRange(a, from, a.length);
    }

    private static long number(byte[] b) {
        try {
            return Long.parseLong(text(b));
        } catch (NumberFormatException e) {
            throw QuiverException.badRequest("ERR value is not an integer or out of range");
        }
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** A string as redis-cli prints it: in double quotes, with escapes for quotes, backslashes and bytes that are not printable ASCII. */
    static String quoted(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            int c = x & 0xff;
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        sb.append((char) c);
                    } else {
                        sb.append(String.format("\\x%02x", c));
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
