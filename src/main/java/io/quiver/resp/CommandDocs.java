package io.quiver.resp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What COMMAND DOCS says of each command beside what its {@link CommandTable} row says: Redis's
 * command group and a one-line summary of what Quiver does. Every row of the table has an entry
 * (a test fails otherwise); the vector-set commands are Redis 8's {@code vectorset} module's.
 */
final class CommandDocs {

    /** One command's documentation. {@code module} is null for Redis's built-in commands. */
    record Doc(String group, String summary, String module) {
    }

    private static final Map<String, Doc> DOCS = new LinkedHashMap<>();

    private static void group(String group, String... nameAndSummary) {
        for (int i = 0; i < nameAndSummary.length; i += 2) {
            DOCS.put(nameAndSummary[i], new Doc(group, nameAndSummary[i + 1], group.equals("module") ? "vectorset" : null));
        }
    }

    static {
        group("connection",
                "auth", "Authenticates the connection.",
                "hello", "Handshakes: chooses RESP2 or RESP3, optionally authenticates and names the connection.",
                "ping", "Returns PONG, or the given message.",
                "echo", "Returns the given string.",
                "quit", "Closes the connection.",
                "reset", "Resets the connection: transaction, subscriptions, protocol, database, name, authentication.",
                "select", "Changes the selected database.",
                "client", "Manages the connection: name, id, info, list, reply mode.");
        group("transactions",
                "multi", "Starts a transaction.",
                "exec", "Executes the queued commands of a transaction.",
                "discard", "Discards a transaction.",
                "watch", "Watches keys: EXEC fails if one of them changed.",
                "unwatch", "Forgets every watched key.");
        group("pubsub",
                "subscribe", "Listens for messages published to channels.",
                "unsubscribe", "Stops listening to channels.",
                "psubscribe", "Listens for messages published to channels matching patterns.",
                "punsubscribe", "Stops listening to channel patterns.",
                "ssubscribe", "Listens for messages published to shard channels.",
                "sunsubscribe", "Stops listening to shard channels.",
                "publish", "Posts a message to a channel.",
                "spublish", "Posts a message to a shard channel.",
                "pubsub", "Inspects the pub/sub state: channels, subscriber counts, patterns.");
        group("string",
                "get", "Returns the string value of a key.",
                "set", "Sets the string value of a key, with optional condition, expiry and old-value reply.",
                "setnx", "Sets a key only when it does not exist.",
                "setex", "Sets a key with an expiry in seconds.",
                "psetex", "Sets a key with an expiry in milliseconds.",
                "getex", "Returns a key's value and sets or removes its expiry.",
                "getdel", "Returns a key's value and deletes the key.",
                "getset", "Sets a key and returns its old value.",
                "mget", "Returns the values of several keys.",
                "mset", "Sets several keys.",
                "msetnx", "Sets several keys only when none of them exists.",
                "incr", "Increments a key's integer value by one.",
                "decr", "Decrements a key's integer value by one.",
                "incrby", "Increments a key's integer value by a number.",
                "decrby", "Decrements a key's integer value by a number.",
                "incrbyfloat", "Increments a key's numeric value by a floating-point number.",
                "append", "Appends a string to a key's value.",
                "strlen", "Returns the length of a key's value.",
                "getrange", "Returns a substring of a key's value.",
                "lcs", "Finds the longest common subsequence of two keys' values.",
                "substr", "Returns a substring of a key's value (GETRANGE's old name).",
                "setrange", "Overwrites part of a key's value from an offset.");
        group("bitmap",
                "setbit", "Sets or clears the bit at an offset of a key's value.",
                "getbit", "Returns the bit at an offset of a key's value.",
                "bitcount", "Counts the set bits of a key's value, or of a range of it.");
        group("hash",
                "hset", "Sets fields of a hash.",
                "hmset", "Sets fields of a hash (HSET's old form).",
                "hsetnx", "Sets a hash field only when it does not exist.",
                "hget", "Returns a hash field's value.",
                "hmget", "Returns the values of several hash fields.",
                "hgetall", "Returns every field and value of a hash.",
                "hkeys", "Returns the fields of a hash.",
                "hvals", "Returns the values of a hash.",
                "hdel", "Deletes fields of a hash.",
                "hexists", "Says whether a hash field exists.",
                "hlen", "Returns the number of fields of a hash.",
                "hstrlen", "Returns the length of a hash field's value.",
                "hincrby", "Increments a hash field's integer value.",
                "hincrbyfloat", "Increments a hash field's numeric value by a floating-point number.",
                "hscan", "Iterates the fields and values of a hash.",
                "hrandfield", "Returns random fields of a hash.");
        group("list",
                "lpush", "Prepends elements to a list, creating it when it does not exist.",
                "rpush", "Appends elements to a list, creating it when it does not exist.",
                "lpushx", "Prepends elements to a list only when it exists.",
                "rpushx", "Appends elements to a list only when it exists.",
                "lpop", "Removes and returns the first elements of a list; deletes it when empty.",
                "rpop", "Removes and returns the last elements of a list; deletes it when empty.",
                "llen", "Returns the length of a list.",
                "lrange", "Returns a range of elements of a list.",
                "lindex", "Returns an element of a list by its index.",
                "lset", "Sets the value of an element of a list by its index.",
                "lrem", "Removes elements equal to a value from a list.",
                "ltrim", "Keeps only a range of elements of a list, deleting the rest.");
        group("generic",
                "expire", "Sets a key's time to live in seconds.",
                "pexpire", "Sets a key's time to live in milliseconds.",
                "expireat", "Sets a key's expiry as a Unix time in seconds.",
                "pexpireat", "Sets a key's expiry as a Unix time in milliseconds.",
                "ttl", "Returns a key's time to live in seconds.",
                "pttl", "Returns a key's time to live in milliseconds.",
                "expiretime", "Returns a key's expiry as a Unix time in seconds.",
                "pexpiretime", "Returns a key's expiry as a Unix time in milliseconds.",
                "persist", "Removes a key's expiry.",
                "del", "Deletes keys.",
                "unlink", "Deletes keys (as DEL: Quiver frees memory at once).",
                "exists", "Counts the given keys that exist.",
                "touch", "Counts the given keys that exist (Quiver keeps no access times).",
                "type", "Returns the type of a key's value.",
                "keys", "Returns the keys matching a pattern.",
                "scan", "Iterates the keys of the database.",
                "randomkey", "Returns a random key.",
                "rename", "Renames a key, replacing the target.",
                "renamenx", "Renames a key only when the target does not exist.",
                "copy", "Copies a key's value to another key.",
                "object", "Inspects a key's internals: encoding, reference count.",
                "move", "Moves a key to another database.",
                "dump", "Returns a key's value serialized.",
                "restore", "Creates a key from a value DUMP serialized.");
        group("server",
                "memory", "Reports the memory a key uses.",
                "dbsize", "Returns the number of keys in the database.",
                "flushall", "Removes every key of every database.",
                "flushdb", "Removes every key of the selected database.",
                "swapdb", "Swaps two databases.",
                "time", "Returns the server's time.",
                "info", "Returns the server's information and statistics.",
                "command", "Describes the server's commands.",
                "config", "Reads and changes the server's configuration parameters.",
                "debug", "Debugging commands (when enable-debug-command allows them).",
                "save", "Writes a snapshot of every shard, synchronously.",
                "bgsave", "Writes a snapshot of every shard in the background.",
                "lastsave", "Returns the Unix time of the last successful snapshot.",
                "shutdown", "Stops the server, with or without a snapshot.");
        group("cluster",
                "cluster", "Reports on the cluster: info, node id, nodes, slots, shards, a key's slot.");
        group("module",
                "vadd", "Adds an element (a vector) to a vector set, or updates it.",
                "vsim", "Returns the elements most similar to a vector or an element.",
                "vrem", "Removes an element from a vector set.",
                "vcard", "Returns the number of elements of a vector set.",
                "vdim", "Returns the dimension of a vector set's vectors.",
                "vemb", "Returns an element's vector.",
                "vinfo", "Returns information about a vector set.",
                "vsetattr", "Sets or removes an element's attributes.",
                "vgetattr", "Returns an element's attributes.",
                "vismember", "Says whether an element is in a vector set.",
                "vrandmember", "Returns random elements of a vector set.",
                "vlinks", "Returns an element's neighbours in each layer of the graph.",
                "vrange", "Returns a vector set's elements in a lexicographical range.");
    }

    private CommandDocs() {
    }

    /** The command's documentation, or null when it has none. */
    static Doc of(String name) {
        return DOCS.get(name);
    }
}
