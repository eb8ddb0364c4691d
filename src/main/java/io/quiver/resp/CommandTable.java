package io.quiver.resp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.quiver.resp.CommandFlag.ADMIN;
import static io.quiver.resp.CommandFlag.DENY_OOM;
import static io.quiver.resp.CommandFlag.FAST;
import static io.quiver.resp.CommandFlag.NO_AUTH;
import static io.quiver.resp.CommandFlag.NO_MULTI;
import static io.quiver.resp.CommandFlag.READONLY;
import static io.quiver.resp.CommandFlag.WRITE;

/**
 * Every RESP command Quiver understands, one row each, as Redis keeps its command table: name,
 * arity, flags, key positions, handler. Adding a command is one row here plus its handler.
 */
public final class CommandTable {

    public static CommandTable standard() {
        return new CommandTable(List.of(
                // connection
                row("auth", -2, flags(FAST, NO_AUTH), 0, 0, 0, ConnectionCommands::auth),
                row("hello", -1, flags(FAST, NO_AUTH), 0, 0, 0, ConnectionCommands::hello),
                row("ping", -1, flags(FAST), 0, 0, 0, ConnectionCommands::ping),
                row("echo", 2, flags(FAST), 0, 0, 0, ConnectionCommands::echo),
                row("quit", -1, flags(FAST, NO_AUTH), 0, 0, 0, ConnectionCommands::quit),
                row("reset", 1, flags(FAST, NO_AUTH), 0, 0, 0, ConnectionCommands::reset),
                row("select", 2, flags(FAST), 0, 0, 0, ConnectionCommands::select),
                row("client", -2, flags(), 0, 0, 0, ConnectionCommands::client),
                // transactions
                row("multi", 1, flags(FAST), 0, 0, 0, TransactionCommands::multi),
                row("exec", 1, flags(), 0, 0, 0, TransactionCommands::exec),
                row("discard", 1, flags(FAST), 0, 0, 0, TransactionCommands::discard),
                row("watch", -2, flags(FAST), 1, -1, 1, TransactionCommands::watch),
                row("unwatch", 1, flags(FAST), 0, 0, 0, TransactionCommands::unwatch),
                // pub/sub
                row("subscribe", -2, flags(), 0, 0, 0, PubSubCommands::subscribe),
                row("unsubscribe", -1, flags(), 0, 0, 0, PubSubCommands::unsubscribe),
                row("psubscribe", -2, flags(), 0, 0, 0, PubSubCommands::psubscribe),
                row("punsubscribe", -1, flags(), 0, 0, 0, PubSubCommands::punsubscribe),
                row("ssubscribe", -2, flags(), 1, -1, 1, PubSubCommands::ssubscribe),
                row("sunsubscribe", -1, flags(), 1, -1, 1, PubSubCommands::sunsubscribe),
                row("publish", 3, flags(FAST), 0, 0, 0, PubSubCommands::publish),
                row("spublish", 3, flags(FAST), 1, 1, 1, PubSubCommands::spublish),
                row("pubsub", -2, flags(), 0, 0, 0, PubSubCommands::pubsub),
                // strings
                row("get", 2, flags(READONLY, FAST), 1, 1, 1, StringCommands::get),
                row("set", -3, flags(WRITE, DENY_OOM), 1, 1, 1, StringCommands::set),
                row("setnx", 3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::setnx),
                row("setex", 4, flags(WRITE, DENY_OOM), 1, 1, 1, StringCommands::setex),
                row("psetex", 4, flags(WRITE, DENY_OOM), 1, 1, 1, StringCommands::psetex),
                row("getex", -2, flags(WRITE, FAST), 1, 1, 1, StringCommands::getex),
                row("getdel", 2, flags(WRITE, FAST), 1, 1, 1, StringCommands::getdel),
                row("getset", 3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::getset),
                row("mget", -2, flags(READONLY, FAST), 1, -1, 1, StringCommands::mget),
                row("mset", -3, flags(WRITE, DENY_OOM), 1, -1, 2, StringCommands::mset),
                row("msetnx", -3, flags(WRITE, DENY_OOM), 1, -1, 2, StringCommands::msetnx),
                row("incr", 2, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::incr),
                row("decr", 2, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::decr),
                row("incrby", 3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::incrby),
                row("decrby", 3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::decrby),
                row("incrbyfloat", 3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::incrbyfloat),
                row("append", 3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, StringCommands::append),
                row("strlen", 2, flags(READONLY, FAST), 1, 1, 1, StringCommands::strlen),
                row("getrange", 4, flags(READONLY), 1, 1, 1, StringCommands::getrange),
                row("lcs", -3, flags(READONLY), 1, 2, 1, StringCommands::lcs),
                row("substr", 4, flags(READONLY), 1, 1, 1, StringCommands::getrange),
                row("setrange", 4, flags(WRITE, DENY_OOM), 1, 1, 1, StringCommands::setrange),
                row("setbit", 4, flags(WRITE, DENY_OOM), 1, 1, 1, StringCommands::setbit),
                row("getbit", 3, flags(READONLY, FAST), 1, 1, 1, StringCommands::getbit),
                row("bitcount", -2, flags(READONLY), 1, 1, 1, StringCommands::bitcount),
                // hashes
                row("hset", -4, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, HashCommands::hset),
                row("hmset", -4, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, HashCommands::hmset),
                row("hsetnx", 4, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, HashCommands::hsetnx),
                row("hget", 3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hget),
                row("hmget", -3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hmget),
                row("hgetall", 2, flags(READONLY), 1, 1, 1, HashCommands::hgetall),
                row("hkeys", 2, flags(READONLY), 1, 1, 1, HashCommands::hkeys),
                row("hvals", 2, flags(READONLY), 1, 1, 1, HashCommands::hvals),
                row("hdel", -3, flags(WRITE, FAST), 1, 1, 1, HashCommands::hdel),
                row("hexists", 3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hexists),
                row("hlen", 2, flags(READONLY, FAST), 1, 1, 1, HashCommands::hlen),
                row("hstrlen", 3, flags(READONLY, FAST), 1, 1, 1, HashCommands::hstrlen),
                row("hincrby", 4, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, HashCommands::hincrby),
                row("hincrbyfloat", 4, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, HashCommands::hincrbyfloat),
                row("hscan", -3, flags(READONLY), 1, 1, 1, HashCommands::hscan),
                row("hrandfield", -2, flags(READONLY), 1, 1, 1, HashCommands::hrandfield),
                // lists
                row("lpush", -3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, ListCommands::lpush),
                row("rpush", -3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, ListCommands::rpush),
                row("lpushx", -3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, ListCommands::lpushx),
                row("rpushx", -3, flags(WRITE, DENY_OOM, FAST), 1, 1, 1, ListCommands::rpushx),
                row("lpop", -2, flags(WRITE, FAST), 1, 1, 1, ListCommands::lpop),
                row("rpop", -2, flags(WRITE, FAST), 1, 1, 1, ListCommands::rpop),
                row("llen", 2, flags(READONLY, FAST), 1, 1, 1, ListCommands::llen),
                row("lrange", 4, flags(READONLY), 1, 1, 1, ListCommands::lrange),
                row("lindex", 3, flags(READONLY), 1, 1, 1, ListCommands::lindex),
                row("lset", 4, flags(WRITE, DENY_OOM), 1, 1, 1, ListCommands::lset),
                row("lrem", 4, flags(WRITE), 1, 1, 1, ListCommands::lrem),
                row("ltrim", 4, flags(WRITE), 1, 1, 1, ListCommands::ltrim),
                // expiry
                row("expire", -3, flags(WRITE, FAST), 1, 1, 1, ExpireCommands::expire),
                row("pexpire", -3, flags(WRITE, FAST), 1, 1, 1, ExpireCommands::pexpire),
                row("expireat", -3, flags(WRITE, FAST), 1, 1, 1, ExpireCommands::expireat),
                row("pexpireat", -3, flags(WRITE, FAST), 1, 1, 1, ExpireCommands::pexpireat),
                row("ttl", 2, flags(READONLY, FAST), 1, 1, 1, ExpireCommands::ttl),
                row("pttl", 2, flags(READONLY, FAST), 1, 1, 1, ExpireCommands::pttl),
                row("expiretime", 2, flags(READONLY, FAST), 1, 1, 1, ExpireCommands::expiretime),
                row("pexpiretime", 2, flags(READONLY, FAST), 1, 1, 1, ExpireCommands::pexpiretime),
                row("persist", 2, flags(WRITE, FAST), 1, 1, 1, ExpireCommands::persist),
                // keys
                row("del", -2, flags(WRITE), 1, -1, 1, KeyCommands::del),
                row("unlink", -2, flags(WRITE, FAST), 1, -1, 1, KeyCommands::del),
                row("exists", -2, flags(READONLY, FAST), 1, -1, 1, KeyCommands::exists),
                row("touch", -2, flags(READONLY, FAST), 1, -1, 1, KeyCommands::exists),
                row("type", 2, flags(READONLY, FAST), 1, 1, 1, KeyCommands::type),
                row("keys", 2, flags(READONLY), 0, 0, 0, KeyCommands::keys),
                row("scan", -2, flags(READONLY), 0, 0, 0, KeyCommands::scan),
                row("randomkey", 1, flags(READONLY), 0, 0, 0, KeyCommands::randomkey),
                row("rename", 3, flags(WRITE), 1, 2, 1, KeyCommands::rename),
                row("renamenx", 3, flags(WRITE, FAST), 1, 2, 1, KeyCommands::renamenx),
                row("copy", -3, flags(WRITE, DENY_OOM), 1, 2, 1, KeyCommands::copy),
                row("dump", 2, flags(READONLY), 1, 1, 1, KeyCommands::dump),
                row("restore", -4, flags(WRITE, DENY_OOM), 1, 1, 1, KeyCommands::restore),
                row("object", -2, flags(READONLY), 2, 2, 1, KeyCommands::object),
                row("memory", -2, flags(READONLY), 0, 0, 0, KeyCommands::memory),
                row("dbsize", 1, flags(READONLY, FAST), 0, 0, 0, KeyCommands::dbsize),
                row("flushall", -1, flags(WRITE), 0, 0, 0, KeyCommands::flushall),
                row("flushdb", -1, flags(WRITE), 0, 0, 0, KeyCommands::flushdb),
                row("swapdb", 3, flags(WRITE, FAST), 0, 0, 0, KeyCommands::swapdb),
                row("move", 3, flags(WRITE, FAST), 1, 1, 1, KeyCommands::move),
                row("time", 1, flags(FAST), 0, 0, 0, KeyCommands::time),
                // vector sets (Redis 8), over Quiver's vector collections
                row("vadd", -5, flags(WRITE, DENY_OOM), 1, 1, 1, VectorCommands::vadd),
                row("vsim", -4, flags(READONLY), 1, 1, 1, VectorCommands::vsim),
                row("vrem", 3, flags(WRITE), 1, 1, 1, VectorCommands::vrem),
                row("vcard", 2, flags(READONLY, FAST), 1, 1, 1, VectorCommands::vcard),
                row("vdim", 2, flags(READONLY, FAST), 1, 1, 1, VectorCommands::vdim),
                row("vemb", -3, flags(READONLY, FAST), 1, 1, 1, VectorCommands::vemb),
                row("vinfo", 2, flags(READONLY, FAST), 1, 1, 1, VectorCommands::vinfo),
                row("vsetattr", 4, flags(WRITE, FAST), 1, 1, 1, VectorCommands::vsetattr),
                row("vgetattr", 3, flags(READONLY, FAST), 1, 1, 1, VectorCommands::vgetattr),
                row("vismember", 3, flags(READONLY, FAST), 1, 1, 1, VectorCommands::vismember),
                row("vrandmember", -2, flags(READONLY), 1, 1, 1, VectorCommands::vrandmember),
                row("vlinks", -3, flags(READONLY, FAST), 1, 1, 1, VectorCommands::vlinks),
                row("vrange", -4, flags(READONLY), 1, 1, 1, VectorCommands::vrange),
                // server
                row("info", -1, flags(), 0, 0, 0, ServerCommands::info),
                row("cluster", -2, flags(), 0, 0, 0, ClusterCommands::cluster),
                row("command", -1, flags(), 0, 0, 0, ServerCommands::command),
                row("config", -2, flags(ADMIN), 0, 0, 0, ServerCommands::config),
                row("debug", -2, flags(ADMIN), 0, 0, 0, ServerCommands::debug),
                // persistence
                row("save", 1, flags(ADMIN, NO_MULTI), 0, 0, 0, PersistenceCommands::save),
                row("shutdown", -1, flags(ADMIN, NO_MULTI), 0, 0, 0, ServerCommands::shutdown),
                row("bgsave", -1, flags(ADMIN, NO_MULTI), 0, 0, 0, PersistenceCommands::bgsave),
                row("lastsave", 1, flags(FAST), 0, 0, 0, PersistenceCommands::lastsave)
        ));
    }

    private final List<CommandSpec> specs;
    /** Rows by name length, so a lookup compares a few names and allocates nothing. */
    private final CommandSpec[][] byLength;

    public CommandTable(List<CommandSpec> specs) {
        this.specs = List.copyOf(specs);
        int longest = specs.stream().mapToInt(s -> s.name().length()).max().orElse(0);
        List<List<CommandSpec>> buckets = new ArrayList<>();
        for (int i = 0; i <= longest; i++) {
            buckets.add(new ArrayList<>());
        }
        for (CommandSpec s : specs) {
            if (lookupIn(buckets.get(s.name().length()), s.name()) != null) {
                throw new IllegalStateException("command '" + s.name() + "' is in the table twice");
            }
            if (s.arity() == 0) {
                throw new IllegalStateException("command '" + s.name() + "' has arity 0");
            }
            buckets.get(s.name().length()).add(s);
        }
        byLength = buckets.stream().map(b -> b.toArray(new CommandSpec[0])).toArray(CommandSpec[][]::new);
    }

    public List<CommandSpec> all() {
        return specs;
    }

    /** The row for a command name, ignoring ASCII case, or null. */
    public CommandSpec lookup(byte[] name) {
        if (name.length >= byLength.length) {
            return null;
        }
        for (CommandSpec s : byLength[name.length]) {
            if (equalsIgnoreCase(name, s.name())) {
                return s;
            }
        }
        return null;
    }

    private static CommandSpec lookupIn(List<CommandSpec> bucket, String name) {
        return bucket.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static boolean equalsIgnoreCase(byte[] a, String lower) {
        for (int i = 0; i < a.length; i++) {
            int c = a[i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static CommandSpec row(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey,
                                   int step, CommandHandler handler) {
        return new CommandSpec(name, arity, flags, firstKey, lastKey, step, handler);
    }

    private static Set<CommandFlag> flags(CommandFlag... f) {
        return f.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(f[0], f));
    }
}
