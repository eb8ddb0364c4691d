package io.quiver.resp;

import io.quiver.kv.StringNumbers;
import io.quiver.service.KeyspaceService;
import io.quiver.service.KeyspaceService.KeyType;

import java.util.ArrayList;
import java.util.List;

/**
 * Keys of any type: DEL/UNLINK, EXISTS, TOUCH, TYPE, KEYS, SCAN, RANDOMKEY, RENAME, RENAMENX, COPY,
 * DUMP, RESTORE, OBJECT, MEMORY USAGE, DBSIZE, FLUSHALL/FLUSHDB, TIME. Strings and vector sets share the keyspace.
 */
final class KeyCommands {
    private KeyCommands() {
    }

    private static KeyspaceService keyspace(Call call) {
        return call.keyspace();
    }

    static void del(Call call) {
        call.replyWith(keyspace(call).delete(call.args(1, 1)), RespReply::integer);
    }

    static void exists(Call call) {
        call.replyWith(keyspace(call).exists(call.args(1, 1)), RespReply::integer);
    }

    static void type(Call call) {
        call.replyWith(keyspace(call).type(call.arg(1)), t -> RespReply.simple(t.wireName()));
    }

    static void keys(Call call) {
        call.replyWith(keyspace(call).keys(call.arg(1)), KeyCommands::bulks);
    }

    /** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]. */
    static void scan(Call call) {
        long cursor;
        try {
            cursor = Long.parseUnsignedLong(call.argString(1));
        } catch (NumberFormatException e) {
            call.error("ERR invalid cursor");
            return;
        }
        byte[] pattern = null;
        int count = 10;
        String typeName = null;
        for (int i = 2; i < call.argc(); i += 2) {
            if (i + 1 >= call.argc()) {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
            if (call.argIs(i, "match")) {
                pattern = call.arg(i + 1);
            } else if (call.argIs(i, "count")) {
                Long n = StringNumbers.parseLong(call.arg(i + 1));
                if (n == null) {
                    call.reply(RespReply.NOT_AN_INTEGER);
                    return;
                }
                if (n < 1) {
                    call.reply(RespReply.SYNTAX_ERROR);
                    return;
                }
                count = (int) Math.min(n, 1 << 20);
            } else if (call.argIs(i, "type")) {
                typeName = call.argString(i + 1);
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        if (pattern != null && pattern.length == 1 && pattern[0] == '*') {
            pattern = null;
        }
        KeyType type = typeName == null ? null : KeyType.named(typeName);
        if (typeName != null && type == null) {
            // a type Redis has and Quiver holds none of (list, hash, ...): an iteration that finds nothing
            call.reply(RespReply.array(List.of(RespReply.bulk("0"), RespReply.EMPTY_ARRAY)));
            return;
        }
        KeyType wanted = type;
        call.replyWith(keyspace(call).scan(cursor, count, pattern, wanted),
                page -> RespReply.array(List.of(RespReply.bulk(Long.toUnsignedString(page.cursor())),
                        bulks(List.of(page.keys())))));
    }

    static void randomkey(Call call) {
        call.replyWith(call.kv().randomKey(), RespReply::bulk);
    }

    static void rename(Call call) {
        if (refuseVectorSet(call, "rename")) {
            return;
        }
        call.replyWith(call.kv().rename(call.arg(1), call.arg(2), false),
                n -> n < 0 ? RespReply.error("ERR no such key") : RespReply.OK);
    }

    static void renamenx(Call call) {
        if (refuseVectorSet(call, "renamenx")) {
            return;
        }
        call.replyWith(call.kv().rename(call.arg(1), call.arg(2), true),
                n -> n < 0 ? RespReply.error("ERR no such key") : RespReply.integer(n));
    }

    /** COPY source destination [DB db] [REPLACE]. */
    static void copy(Call call) {
        boolean replace = false;
        long target = call.kv().db();
        for (int i = 3; i < call.argc(); i++) {
            if (call.argIs(i, "replace")) {
                replace = true;
            } else if (call.argIs(i, "db") && i + 1 < call.argc()) {
                Long db = StringNumbers.parseLong(call.arg(++i));
                if (db == null) {
                    call.reply(RespReply.NOT_AN_INTEGER);
                    return;
                }
                call.kv().checkDb(db);
                target = db;
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        if (refuseVectorSet(call, "copy")) {
            return;
        }
        if (target == call.kv().db() && java.util.Arrays.equals(call.arg(1), call.arg(2))) {
            call.error("ERR source and destination objects are the same");
            return;
        }
        call.replyWith(call.kv().copy(call.arg(1), call.arg(2), replace, target), n -> RespReply.integer(Math.max(0, n)));
    }

    /** DUMP key: Redis's serialized form of a string or a hash (see {@link io.quiver.kv.RdbPayload}), nil for no key. */
    static void dump(Call call) {
        if (refuseVectorSet(call, "dump")) {
            return;
        }
        call.replyWith(call.kv().dump(call.arg(1)), stored -> stored == null ? RespReply.NULL_BULK
                : RespReply.bulk(io.quiver.kv.RdbPayload.dump(stored.type(), stored.value().bytes())));
    }

    /** RESTORE key ttl payload [REPLACE] [ABSTTL]: a DUMP payload (Quiver's or Redis's) stored under key. */
    static void restore(Call call) {
        boolean replace = false, absolute = false;
        for (int i = 4; i < call.argc(); i++) {
            if (call.argIs(i, "replace")) {
                replace = true;
            } else if (call.argIs(i, "absttl")) {
                absolute = true;
            } else if ((call.argIs(i, "idletime") || call.argIs(i, "freq")) && i + 1 < call.argc()) {
                call.error("ERR RESTORE " + call.argString(i).toUpperCase(java.util.Locale.ROOT)
                        + " is not supported: Quiver keeps no access times or frequencies (no LRU/LFU eviction)");
                return;
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        Long ttl = StringNumbers.parseLong(call.arg(2));
        if (ttl == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        if (ttl < 0) {
            call.error("ERR Invalid TTL value, must be >= 0");
            return;
        }
        io.quiver.kv.RdbPayload.Restored value;
        try {
            value = io.quiver.kv.RdbPayload.restore(call.arg(3));
        } catch (IllegalArgumentException e) {
            call.error("ERR " + e.getMessage());
            return;
        }
        long expireAt = ttl == 0 ? 0 : absolute ? ttl : System.currentTimeMillis() + ttl;
        byte[] key = call.arg(1);
        boolean overVectorSet = keyspace(call).isVectorSet(key);
        if (overVectorSet && !replace) {
            call.error("BUSYKEY Target key name already exists.");
            return;
        }
        io.quiver.kv.StoredValue stored = new io.quiver.kv.StoredValue(io.quiver.kv.Value.of(value.value()), expireAt, value.type());
        boolean replacing = replace;
        io.vertx.core.Future<Boolean> done = (overVectorSet ? keyspace(call).replaceIfVectorSet(key)
                : io.vertx.core.Future.<Void>succeededFuture()).compose(v -> call.kv().restoreValue(key, stored, replacing));
        call.replyWith(done, ok -> ok ? RespReply.OK : RespReply.error("BUSYKEY Target key name already exists."));
    }

    private static boolean refuseVectorSet(Call call, String command) {
        if (keyspace(call).isVectorSet(call.arg(1))) {
            call.error("ERR " + command.toUpperCase() + " of a vector set is not supported by Quiver yet");
            return true;
        }
        return false;
    }

    /** OBJECT ENCODING|REFCOUNT|FREQ|IDLETIME|HELP. */
    static void object(Call call) {
        if (call.argIs(1, "help")) {
            call.reply(RespReply.bulkStrings(List.of("OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "ENCODING <key>", "REFCOUNT <key>", "FREQ <key>", "IDLETIME <key>", "HELP")));
            return;
        }
        if (call.argc() != 3) {
            if (call.argIs(1, "encoding") || call.argIs(1, "refcount") || call.argIs(1, "freq") || call.argIs(1, "idletime")) {
                call.error("ERR wrong number of arguments for 'object|" + call.argString(1).toLowerCase() + "' command");
            } else {
                call.error(RespErrors.unknownSubcommand("object", call.arg(1)));
            }
            return;
        }
        byte[] key = call.arg(2);
        if (call.argIs(1, "encoding")) {
            if (keyspace(call).isVectorSet(key)) {
                call.reply(RespReply.bulk("vectorset"));
                return;
            }
            // a hash or list answers the form that holds it (listpack, or hashtable / quicklist past the limits)
            call.replyWith(call.kv().typeOf(key).compose(t -> t == 0 ? io.vertx.core.Future.succeededFuture(RespReply.NULL_BULK)
                    : t == 2 || t == 3 ? call.kv().objectEncoding(key).map(form -> form == 0 ? RespReply.NULL_BULK
                            : RespReply.bulk(form == 1 ? "listpack" : t == 2 ? "hashtable" : "quicklist"))
                    : call.kv().get(key).map(v -> v == null ? RespReply.NULL_BULK : RespReply.bulk(encoding(v.bytes())))), r -> r);
        } else if (call.argIs(1, "refcount")) {
            // every stored value has exactly one reference: Quiver shares no values between keys
            call.replyWith(keyspace(call).exists(new byte[][]{key}), n -> n > 0 ? RespReply.ONE : RespReply.NULL_BULK);
        } else if (call.argIs(1, "freq")) {
            call.error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. "
                    + "Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
        } else if (call.argIs(1, "idletime")) {
            call.error("ERR OBJECT IDLETIME is not supported by Quiver: it does not track access times");
        } else {
            call.error(RespErrors.unknownSubcommand("object", call.arg(1)));
        }
    }

    /** The encoding Redis would report for a string of these bytes. */
    private static String encoding(byte[] v) {
        if (v.length <= 20 && StringNumbers.parseLong(v) != null) {
            return "int";
        }
        return v.length <= 44 ? "embstr" : "raw";
    }

    /** MEMORY USAGE key [SAMPLES n]; MEMORY HELP. */
    static void memory(Call call) {
        if (call.argIs(1, "usage") && (call.argc() == 3 || call.argc() == 5 && call.argIs(3, "samples"))) {
            call.replyWith(call.kv().memoryUsage(call.arg(2)), n -> n < 0 ? RespReply.NULL_BULK : RespReply.integer(n));
        } else if (call.argIs(1, "help")) {
            call.reply(RespReply.bulkStrings(List.of("MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
                    "USAGE <key> [SAMPLES <count>]", "HELP")));
        } else if (call.argIs(1, "usage")) {
            call.reply(RespReply.SYNTAX_ERROR);
        } else {
            call.error(RespErrors.unknownSubcommand("memory", call.arg(1)));
        }
    }

    static void dbsize(Call call) {
        call.replyWith(keyspace(call).size(), RespReply::integer);
    }

    /** FLUSHALL [ASYNC|SYNC]: both modes clear every database (keys and vector sets) before replying. */
    static void flushall(Call call) {
        if (refuseFlushMode(call)) {
            return;
        }
        call.replyWith(call.services().admin().flushAll(), v -> RespReply.OK);
    }

    /** FLUSHDB [ASYNC|SYNC]: the selected database's keys (in database 0 its vector sets too). */
    static void flushdb(Call call) {
        if (refuseFlushMode(call)) {
            return;
        }
        call.replyWith(keyspace(call).flush(), v -> RespReply.OK);
    }

    private static boolean refuseFlushMode(Call call) {
        if (call.argc() > 2 || (call.argc() == 2 && !call.argIs(1, "async") && !call.argIs(1, "sync"))) {
            call.reply(RespReply.SYNTAX_ERROR);
            return true;
        }
        return false;
    }

    /** SWAPDB a b: the two databases trade their keys (vector sets stay in database 0). */
    static void swapdb(Call call) {
        Long a = StringNumbers.parseLong(call.arg(1)), b = StringNumbers.parseLong(call.arg(2));
        if (a == null) {
            call.error("ERR invalid first DB index");
        } else if (b == null) {
            call.error("ERR invalid second DB index");
        } else {
            call.replyWith(call.kv().swap(a, b), v -> RespReply.OK);
        }
    }

    /** MOVE key db: 1 when the key went to database {@code db}, 0 when it is not here or is there already. */
    static void move(Call call) {
        Long db = StringNumbers.parseLong(call.arg(2));
        if (db == null) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        call.kv().checkDb(db);
        if (db == call.kv().db()) {
            call.error("ERR source and destination objects are the same");
            return;
        }
        if (refuseVectorSet(call, "move")) {
            return;
        }
        call.replyWith(call.kv().move(call.arg(1), db), RespReply::integer);
    }

    static void time(Call call) {
        java.time.Instant now = java.time.Instant.now();
        call.reply(RespReply.array(List.of(RespReply.bulk(Long.toString(now.getEpochSecond())),
                RespReply.bulk(Long.toString(now.getNano() / 1000)))));
    }

    private static RespReply bulks(List<byte[]> keys) {
        List<RespReply> items = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            items.add(RespReply.bulk(k));
        }
        return RespReply.array(items);
    }
}
