package io.quiver.resp;

import io.quiver.kv.GlobPattern;
import java.nio.charset.StandardCharsets;

import io.quiver.config.ConfigKeys;
import io.quiver.status.PersistenceStats;
import io.quiver.service.AdminService;
import io.quiver.status.QueueStats;
import io.quiver.status.ShardStats;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** INFO, COMMAND, CONFIG, DEBUG: what clients and tools ask of the server itself. */
final class ServerCommands {
    /** The Redis version whose behaviour Quiver's RESP front end follows; clients read it from INFO. */
    static final String REDIS_COMPATIBLE_VERSION = "7.0.0";
    private static final List<String> DEFAULT_SECTIONS = List.of("server", "clients", "memory", "persistence", "stats", "cluster", "keyspace", "config");

    private ServerCommands() {
    }

    // ---- INFO [section ...] ----

    static void info(Call call) {
        List<String> wanted = new ArrayList<>();
        for (int i = 1; i < call.argc(); i++) {
            String s = call.argString(i).toLowerCase(Locale.ROOT);
            if (s.equals("all") || s.equals("everything") || s.equals("default")) {
                wanted.addAll(DEFAULT_SECTIONS);
            } else {
                wanted.add(s);
            }
        }
        if (wanted.isEmpty()) {
            wanted.addAll(DEFAULT_SECTIONS);
        }
        RespServerState state = call.frontEnd().state();
        AdminService admin = call.services().admin();
        Future<List<PersistenceStats>> persistence = wanted.contains("persistence")
                ? admin.persistenceStats() : Future.succeededFuture(List.of());
        Future<List<ShardStats>> stats = admin.stats();
        call.replyWith(Future.all(stats, persistence), cf -> RespReply.verbatim(
                renderInfo(state, admin.queues(), stats.result(), persistence.result(), wanted)));
    }

    static String renderInfo(RespServerState state, QueueStats queues, List<ShardStats> shards,
                             List<PersistenceStats> persistence, List<String> wanted) {
        StringBuilder sb = new StringBuilder();
        for (String section : DEFAULT_SECTIONS) {
            if (!wanted.contains(section)) {
                continue;
            }
            Map<String, Object> fields = section.equals("persistence")
                    ? PersistenceCommands.infoSection(state, persistence) : infoSection(section, state, queues, shards);
            if (sb.length() > 0) {
                sb.append("\r\n");
            }
            sb.append("# ").append(Character.toUpperCase(section.charAt(0))).append(section.substring(1)).append("\r\n");
            fields.forEach((k, v) -> sb.append(k).append(':').append(v).append("\r\n"));
        }
        return sb.toString();
    }

    private static Map<String, Object> infoSection(String section, RespServerState state, QueueStats queues,
                                                   List<ShardStats> shards) {
        Map<String, Object> f = new LinkedHashMap<>();
        long uptime = (System.currentTimeMillis() - state.startMillis) / 1000;
        long keys = shards.stream().mapToLong(ShardStats::keys).sum();
        switch (section) {
            case "server" -> {
                f.put("redis_version", REDIS_COMPATIBLE_VERSION);
                f.put("quiver_version", state.version);
                f.put("redis_mode", state.config.get(ConfigKeys.CLUSTER) ? "cluster" : "standalone");
                f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
                f.put("arch_bits", System.getProperty("sun.arch.data.model", "64"));
                f.put("multiplexing_api", state.transport);
                f.put("java_version", Runtime.version());
                f.put("process_id", ProcessHandle.current().pid());
                f.put("tcp_port", state.port);
                f.put("uptime_in_seconds", uptime);
                f.put("uptime_in_days", uptime / 86400);
                f.put("shards", shards.size());
            }
            case "clients" -> {
                f.put("connected_clients", state.connectedClients.get());
                f.put("maxclients", state.config.get(ConfigKeys.MAX_CONNECTIONS));
            }
            case "memory" -> {
                Runtime rt = Runtime.getRuntime();
                long used = rt.totalMemory() - rt.freeMemory();
                f.put("used_memory", used);
                f.put("used_memory_human", human(used));
                f.put("quiver_kv_memory", shards.stream().mapToLong(ShardStats::kvMemoryBytes).sum());
                f.put("quiver_vector_memory", shards.stream().mapToLong(ShardStats::vectorMemoryBytes).sum());
                f.put("max_heap", rt.maxMemory());
                long maxMemory = state.config.get(ConfigKeys.MAX_MEMORY);
                f.put("maxmemory", maxMemory);
                f.put("maxmemory_human", human(maxMemory));
                f.put("maxmemory_policy", "noeviction");
            }
            case "stats" -> {
                f.put("total_connections_received", state.connectionsReceived.sum());
                f.put("total_commands_processed", state.commandsProcessed.sum());
                f.put("rejected_connections", state.rejectedConnections.sum());
                f.put("keyspace_hits", state.keyspaceHits.sum());
                f.put("keyspace_misses", state.keyspaceMisses.sum());
                f.put("expired_keys", shards.stream().mapToLong(ShardStats::expiredKeys).sum());
                f.put("protocol_errors", state.protocolErrors.sum());
                f.put("shard_ops_executed", shards.stream().mapToLong(ShardStats::opsExecuted).sum());
                // overload protection (both front ends): refusals, deadlines, and each shard's queue now
                f.put("busy_refusals", queues.busyRefusals());
                f.put("oom_refusals", queues.oomRefusals());
                f.put("request_timeouts", queues.timeouts());
                f.put("ops_skipped_late", queues.skippedLate());
                StringBuilder pending = new StringBuilder();
                for (int s = 0; s < queues.pending().length; s++) {
                    pending.append(s == 0 ? "" : ",").append(queues.pending()[s]);
                }
                f.put("shard_queue_pending", pending);
                f.put("shard_queue_bound", queues.queueBound());
            }
            // as Redis; redis-cli --cluster reads it to tell a cluster node
            case "cluster" -> f.put("cluster_enabled", state.config.get(ConfigKeys.CLUSTER) ? 1 : 0);
            case "config" -> f.putAll(state.config.shown()); // the effective configuration, secrets masked
            case "keyspace" -> {
                // per database, over the shards: each shard's mean TTL weighted by its volatile keys
                java.util.TreeMap<Integer, long[]> dbs = new java.util.TreeMap<>();
                for (ShardStats st : shards) {
                    for (ShardStats.DbKeys d : st.databases()) {
                        long[] sum = dbs.computeIfAbsent(d.db(), k -> new long[3]);
                        sum[0] += d.keys();
                        sum[1] += d.volatileKeys();
                        sum[2] += d.averageTtlMillis() * d.volatileKeys();
                    }
                }
                dbs.forEach((db, sum) -> f.put("db" + db, "keys=" + sum[0] + ",expires=" + sum[1]
                        + ",avg_ttl=" + (sum[1] == 0 ? 0 : sum[2] / sum[1])));
            }
            default -> {
            }
        }
        return f;
    }

    private static String human(long bytes) {
        return bytes >= 1 << 30 ? String.format("%.2fG", bytes / (double) (1 << 30))
                : String.format("%.2fM", bytes / (double) (1 << 20));
    }

    // ---- COMMAND [COUNT | INFO [name...] | LIST [FILTERBY ...] | DOCS [name...] | GETKEYS command arg...] ----

    static void command(Call call) {
        CommandTable table = call.frontEnd().table();
        if (call.argc() == 1) {
            call.reply(RespReply.array(table.all().stream().map(ServerCommands::commandInfo).toList()));
        } else if (call.argIs(1, "count") && call.argc() == 2) {
            call.reply(RespReply.integer(table.all().size()));
        } else if (call.argIs(1, "list")) {
            commandList(call, table);
        } else if (call.argIs(1, "info")) {
            if (call.argc() == 2) { // Redis 7: no name, every command
                call.reply(RespReply.array(table.all().stream().map(ServerCommands::commandInfo).toList()));
                return;
            }
            List<RespReply> items = new ArrayList<>();
            for (int i = 2; i < call.argc(); i++) {
                CommandSpec s = table.lookup(call.arg(i));
                items.add(s == null ? RespReply.NULL_ARRAY : commandInfo(s));
            }
            call.reply(RespReply.array(items));
        } else if (call.argIs(1, "docs")) {
            List<RespReply> entries = new ArrayList<>();
            if (call.argc() == 2) {
                table.all().forEach(s -> addDocs(s, entries));
            } else {
                for (int i = 2; i < call.argc(); i++) {
                    CommandSpec s = table.lookup(call.arg(i));
                    if (s != null) { // Redis leaves unknown names out
                        addDocs(s, entries);
                    }
                }
            }
            call.reply(RespReply.map(entries));
        } else if (call.argIs(1, "getkeys") && call.argc() >= 3) {
            commandGetKeys(call, table);
        } else if ((call.argIs(1, "count") || call.argIs(1, "getkeys"))) {
            call.error(RespErrors.wrongArity("command|" + call.argString(1).toLowerCase(Locale.ROOT)));
        } else {
            call.error(RespErrors.unknownSubcommand("command", call.arg(1)));
        }
    }

    /** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN glob]: command names. */
    private static void commandList(Call call, CommandTable table) {
        java.util.function.Predicate<CommandSpec> keep;
        if (call.argc() == 2) {
            keep = s -> true;
        } else if (call.argc() == 5 && call.argIs(2, "filterby")) {
            String value = call.argString(4);
            if (call.argIs(3, "module")) {
                keep = s -> {
                    CommandDocs.Doc d = CommandDocs.of(s.name());
                    return d != null && value.equalsIgnoreCase(d.module());
                };
            } else if (call.argIs(3, "aclcat")) {
                String category = "@" + value.toLowerCase(Locale.ROOT);
                keep = s -> aclCategories(s).contains(category);
            } else if (call.argIs(3, "pattern")) {
                GlobPattern p = GlobPattern.of(value.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                keep = s -> p.matches(s.name().getBytes(StandardCharsets.UTF_8));
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        } else {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        call.reply(RespReply.bulkStrings(table.all().stream().filter(keep).map(CommandSpec::name).toList()));
    }

    /** COMMAND GETKEYS command arg...: the key arguments, found by the row's key positions. */
    private static void commandGetKeys(Call call, CommandTable table) {
        CommandSpec s = table.lookup(call.arg(2));
        int argc = call.argc() - 2;
        if (s == null) {
            call.error("ERR Invalid command specified");
        } else if (!s.arityAccepts(argc)) {
            call.error("ERR Invalid number of arguments specified for command");
        } else if (s.firstKey() == 0) {
            call.error("ERR The command has no key arguments");
        } else {
            int last = s.lastKey() < 0 ? argc + s.lastKey() : Math.min(s.lastKey(), argc - 1);
            List<RespReply> keys = new ArrayList<>();
            for (int i = s.firstKey(); i <= last; i += s.keyStep()) {
                keys.add(RespReply.bulk(call.arg(2 + i)));
            }
            call.reply(RespReply.array(keys));
        }
    }

    /**
     * One command's COMMAND DOCS entry, Redis 7's shape: its name, then a map of summary, group
     * and, for a module's command, the module's name. (Quiver gives no argument lists: redis-cli
     * then shows the summary without argument hints.)
     */
    private static void addDocs(CommandSpec s, List<RespReply> entries) {
        CommandDocs.Doc d = CommandDocs.of(s.name());
        List<RespReply> fields = new ArrayList<>();
        if (d != null) {
            fields.add(RespReply.bulk("summary"));
            fields.add(RespReply.bulk(d.summary()));
            fields.add(RespReply.bulk("group"));
            fields.add(RespReply.bulk(d.group()));
            if (d.module() != null) {
                fields.add(RespReply.bulk("module"));
                fields.add(RespReply.bulk(d.module()));
            }
        }
        entries.add(RespReply.bulk(s.name()));
        entries.add(RespReply.map(fields));
    }

    /**
     * Redis 7's COMMAND reply shape: name, arity, flags, first key, last key, step, ACL categories,
     * tips, key specifications and subcommands. Categories and the key specification are read off the
     * table row, so cluster-aware clients find the keys of every command the table has.
     */
    private static RespReply commandInfo(CommandSpec s) {
        return RespReply.array(List.of(
                RespReply.bulk(s.name()),
                RespReply.integer(s.arity()),
                RespReply.array(s.flags().stream().map(f -> RespReply.simple(f.wireName())).toList()),
                RespReply.integer(s.firstKey()),
                RespReply.integer(s.lastKey()),
                RespReply.integer(s.keyStep()),
                RespReply.array(aclCategories(s).stream().map(RespReply::simple).toList()),
                RespReply.EMPTY_ARRAY,
                s.firstKey() == 0 ? RespReply.EMPTY_ARRAY : RespReply.array(List.of(keySpec(s))),
                RespReply.EMPTY_ARRAY));
    }

    private static List<String> aclCategories(CommandSpec s) {
        List<String> categories = new ArrayList<>(3);
        if (s.has(CommandFlag.WRITE)) {
            categories.add("@write");
        }
        if (s.has(CommandFlag.READONLY)) {
            categories.add("@read");
        }
        if (s.has(CommandFlag.ADMIN)) {
            categories.add("@admin");
            categories.add("@dangerous");
        }
        categories.add(s.has(CommandFlag.FAST) ? "@fast" : "@slow");
        CommandDocs.Doc doc = CommandDocs.of(s.name());
        String byGroup = doc == null ? null : switch (doc.group()) { // Redis's data-type and purpose categories
            case "string" -> "@string";
            case "bitmap" -> "@bitmap";
            case "hash" -> "@hash";
            case "list" -> "@list";
            case "generic" -> "@keyspace";
            case "pubsub" -> "@pubsub";
            case "transactions" -> "@transaction";
            case "connection" -> "@connection";
            default -> null;
        };
        if (byGroup != null) {
            categories.add(byGroup);
        }
        return categories;
    }

    /** One key specification: the keys start at the first key's index and run as a range to the last. */
    private static RespReply keySpec(CommandSpec s) {
        int lastKey = s.lastKey() < 0 ? s.lastKey() : s.lastKey() - s.firstKey(); // a range's last key is relative
        List<String> flags = s.has(CommandFlag.WRITE) ? List.of("RW", "UPDATE") : List.of("RO", "ACCESS");
        return RespReply.map(List.of(
                RespReply.bulk("flags"), RespReply.array(flags.stream().map(RespReply::simple).toList()),
                RespReply.bulk("begin_search"), RespReply.map(List.of(
                        RespReply.bulk("type"), RespReply.bulk("index"),
                        RespReply.bulk("spec"), RespReply.map(List.of(
                                RespReply.bulk("index"), RespReply.integer(s.firstKey()))))),
                RespReply.bulk("find_keys"), RespReply.map(List.of(
                        RespReply.bulk("type"), RespReply.bulk("range"),
                        RespReply.bulk("spec"), RespReply.map(List.of(
                                RespReply.bulk("lastkey"), RespReply.integer(lastKey),
                                RespReply.bulk("keystep"), RespReply.integer(s.keyStep()),
                                RespReply.bulk("limit"), RespReply.integer(0)))))));
    }

    // ---- CONFIG GET pattern [pattern ...] ----

    static void config(Call call) {
        if (call.argIs(1, "get") && call.argc() >= 3) {
            Map<String, String> all = configView(call.frontEnd().state());
            all.put("notify-keyspace-events", call.services().pubsub().keyspaceEventFlags()); // the node's, as CONFIG SET left it
            Map<String, String> matched = new LinkedHashMap<>();
            for (int i = 2; i < call.argc(); i++) {
                GlobPattern p = GlobPattern.of(call.argString(i).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
                all.forEach((k, v) -> {
                    if (p.matches(k.getBytes(StandardCharsets.UTF_8))) {
                        matched.put(k, v);
                    }
                });
            }
            List<String> flat = new ArrayList<>();
            matched.forEach((k, v) -> {
                flat.add(k);
                flat.add(v);
            });
            call.reply(RespReply.bulkStrings(flat));
        } else if (call.argIs(1, "set")) {
            configSet(call);
        } else if (call.argIs(1, "resetstat") && call.argc() == 2) {
            call.reply(RespReply.OK);
        } else if (call.argIs(1, "get")) {
            call.error("ERR wrong number of arguments for 'config|get' command");
        } else {
            call.error(RespErrors.unknownSubcommand("config", call.arg(1)));
        }
    }

    /**
     * CONFIG SET name value [name value ...]: the parameters that change at run time, as Redis's
     * test suite and operators expect: {@code maxmemory} (Redis's units: 100, 1kb, 2mb, 1gb; k/m/g
     * for powers of ten), {@code min-replicas-to-write}, {@code hash-max-listpack-entries|value}
     * (and their {@code ziplist} aliases), {@code notify-keyspace-events} (Redis's letters, for every
     * shard of the node). Every value is checked before any is applied; any other
     * parameter is refused by name.
     */
    private static void configSet(Call call) {
        if (call.argc() < 4 || call.argc() % 2 != 0) {
            call.error("ERR wrong number of arguments for 'config|set' command");
            return;
        }
        RespServerState state = call.frontEnd().state();
        List<Runnable> apply = new ArrayList<>();
        for (int i = 2; i < call.argc(); i += 2) {
            String name = call.argString(i).toLowerCase(Locale.ROOT);
            String value = call.argString(i + 1);
            switch (name) {
                case "maxmemory", "max-memory" -> {
                    long bytes = memoryBytes(value);
                    if (bytes < 0) {
                        call.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - argument must be a memory value");
                        return;
                    }
                    apply.add(() -> {
                        call.services().admin().setMaxMemory(bytes);
                        state.maxMemoryOverride = bytes;
                    });
                }
                case "min-replicas-to-write", "hash-max-listpack-entries", "hash-max-ziplist-entries",
                     "hash-max-listpack-value", "hash-max-ziplist-value" -> {
                    Long n = io.quiver.kv.StringNumbers.parseLong(value.getBytes(StandardCharsets.UTF_8));
                    if (n == null) {
                        call.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - argument couldn't be parsed into an integer");
                        return;
                    }
                    if (n < 0 || n > Integer.MAX_VALUE) {
                        call.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - argument must be between 0 and "
                                + Integer.MAX_VALUE + " inclusive");
                        return;
                    }
                    int v = n.intValue();
                    apply.add(switch (name) {
                        case "min-replicas-to-write" -> () -> state.minReplicasToWrite = v;
                        case "hash-max-listpack-entries", "hash-max-ziplist-entries" -> () -> {
                            state.hashMaxListpackEntries = v;
                            call.services().encodings().setHashMaxEntries(v);
                        };
                        default -> () -> {
                            state.hashMaxListpackValue = v;
                            call.services().encodings().setHashMaxValue(v);
                        };
                    });
                }
                case "notify-keyspace-events" -> {
                    try {
                        io.quiver.config.KeyspaceEventFlags.parse(value);
                    } catch (IllegalArgumentException e) {
                        call.error("ERR CONFIG SET failed (possibly related to argument '" + name + "') - " + e.getMessage());
                        return;
                    }
                    apply.add(() -> call.services().pubsub().setKeyspaceEventFlags(value));
                }
                case "vset-force-single-threaded-execution" -> {
                    call.error("ERR CONFIG SET of 'vset-force-single-threaded-execution' is not supported: Quiver runs "
                            + "every vector-set command on the shards that own the set, never on a connection's thread");
                    return;
                }
                default -> {
                    call.error("ERR CONFIG SET of '" + name + "' is not supported (it does not change at run time): "
                            + "set it in conf/quiver.json, a QUIVER_* variable or a launcher flag, and restart");
                    return;
                }
            }
        }
        apply.forEach(Runnable::run);
        call.reply(RespReply.OK);
    }

    /** Redis's memtoull: bytes, or -1 when not a memory value. */
    static long memoryBytes(String s) {
        String v = s.toLowerCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"}, {"m", "1000000"},
                {"g", "1000000000"}, {"b", "1"}};
        for (String[] u : units) {
            if (v.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length());
                break;
            }
        }
        if (v.isEmpty() || !v.chars().allMatch(Character::isDigit) || v.length() > 18) {
            return -1;
        }
        long n = Long.parseLong(v);
        return n > Long.MAX_VALUE / unit ? -1 : n * unit;
    }

    /** Quiver's own keys, then the Redis parameters tools such as redis-benchmark ask for. */
    private static Map<String, String> configView(RespServerState state) {
        Map<String, String> view = new LinkedHashMap<>(state.config.shown());
        view.putIfAbsent("port", Integer.toString(state.port));
        view.putIfAbsent("maxclients", state.config.shown().get("max-connections"));
        view.putIfAbsent("proto-max-bulk-len", Long.toString(state.config.get(ConfigKeys.MAX_BULK_LENGTH)));
        view.putIfAbsent("databases", "1");
        view.putIfAbsent("save", "");
        view.putIfAbsent("appendonly", state.config.get(ConfigKeys.PERSISTENCE) ? "yes" : "no");
        long maxMemory = state.maxMemoryOverride >= 0 ? state.maxMemoryOverride : state.config.get(ConfigKeys.MAX_MEMORY);
        view.putIfAbsent("maxmemory", Long.toString(maxMemory));
        if (state.maxMemoryOverride >= 0) {
            view.put("max-memory", Long.toString(maxMemory));
        }
        view.putIfAbsent("maxmemory-policy", "noeviction");
        view.put("min-replicas-to-write", Integer.toString(state.minReplicasToWrite));
        view.put("hash-max-listpack-entries", Integer.toString(state.hashMaxListpackEntries));
        view.put("hash-max-ziplist-entries", Integer.toString(state.hashMaxListpackEntries));
        view.put("hash-max-listpack-value", Integer.toString(state.hashMaxListpackValue));
        view.put("hash-max-ziplist-value", Integer.toString(state.hashMaxListpackValue));
        view.putIfAbsent("timeout", "0");
        // Redis 8's one vector-set parameter: VSIM (and VADD CAS) on the main thread when yes; Quiver's run on shards
        view.putIfAbsent("vset-force-single-threaded-execution", "no");
        // Redis's form of the limits Quiver has: none for ordinary clients, pub/sub's from its own keys
        view.putIfAbsent("client-output-buffer-limit", "normal 0 0 0 pubsub " + state.config.get(ConfigKeys.PUBSUB_OUTPUT_LIMIT)
                + " " + state.config.get(ConfigKeys.PUBSUB_OUTPUT_SOFT_LIMIT) + " "
                + state.config.get(ConfigKeys.PUBSUB_OUTPUT_SOFT_TIME) / 1000);
        return view;
    }

    // ---- SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] ----

    /**
     * Redis's SHUTDOWN: the server stops as on SIGTERM (front ends stop, requests in flight are
     * answered, the shards are snapshotted, the logs closed, the process exits). SAVE snapshots even
     * with snapshot-on-shutdown false, NOSAVE does not snapshot (the logs still hold every change).
     * NOW and FORCE are what Quiver does anyway: it has no replicas to wait for, and a failed snapshot
     * never stops a shutdown (it is logged). ABORT answers that no shutdown is in progress, as Redis
     * does when none is. The connection is closed with no reply, as Redis closes it.
     */
    static void shutdown(Call call) {
        Boolean save = null;
        boolean abort = false, force = false;
        for (int i = 1; i < call.argc(); i++) {
            if (call.argIs(i, "nosave") && save == null) {
                save = false;
            } else if (call.argIs(i, "save") && save == null) {
                save = true;
            } else if (call.argIs(i, "now")) {
                continue; // no replicas to wait for
            } else if (call.argIs(i, "force")) {
                force = true;
            } else if (call.argIs(i, "abort")) {
                abort = true;
            } else {
                call.reply(RespReply.SYNTAX_ERROR);
                return;
            }
        }
        if (abort) {
            call.error(call.argc() == 2 ? "ERR No shutdown in progress." : "ERR syntax error");
            return;
        }
        RespServerState state = call.frontEnd().state();
        if (Boolean.TRUE.equals(save) && !force && !state.config.get(ConfigKeys.PERSISTENCE)) {
            call.error("ERR Errors trying to SHUTDOWN: SAVE needs persistence, which is off (persistence false); "
                    + "use NOSAVE, or FORCE to stop without saving");
            return;
        }
        java.util.function.Function<Boolean, Future<Void>> stop = state.shutdown();
        if (stop == null) {
            call.error("ERR Errors trying to SHUTDOWN: the server has not finished starting");
            return;
        }
        Boolean snapshot = Boolean.TRUE.equals(save) && !state.config.get(ConfigKeys.PERSISTENCE) ? Boolean.FALSE : save;
        call.replyAndClose((out, resp3) -> { }); // as Redis: no reply, the connection closes
        stop.apply(snapshot);
    }

    // ---- DEBUG SLEEP seconds ----

    /**
     * Redis's DEBUG, the part an operator needs: {@code DEBUG SLEEP seconds} makes every shard do
     * nothing for that long (Redis's whole server sleeps), to see how clients and the overload
     * protection behave when the shards are stalled. Allowed by {@code enable-debug-command}.
     */
    static void debug(Call call) {
        String allowed = call.frontEnd().state().config.get(ConfigKeys.ENABLE_DEBUG_COMMAND);
        if (!(allowed.equals("yes") || (allowed.equals("local") && call.connection().isLocal()))) {
            call.error("ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", "
                    + "you can run it from a local connection, otherwise you need to set this option in the "
                    + "configuration file, and restart the server.");
            return;
        }
        if (call.argIs(1, "sleep") && call.argc() == 3) {
            double seconds;
            try {
                seconds = Double.parseDouble(call.argString(2));
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!(seconds >= 0) || seconds > 3600) {
                call.error("ERR value is not a valid float");
                return;
            }
            call.replyWith(call.services().admin().sleep(Math.round(seconds * 1000)), v -> RespReply.OK);
        } else if (call.argIs(1, "set-active-expire") && call.argc() == 3) {
            Long on = io.quiver.kv.StringNumbers.parseLong(call.arg(2));
            if (on == null) {
                call.reply(RespReply.NOT_AN_INTEGER);
                return;
            }
            call.replyWith(call.services().admin().setActiveExpire(on != 0), v -> RespReply.OK);
        } else if (call.argIs(1, "help")) {
            call.reply(RespReply.bulkStrings(List.of(
                    "DEBUG <subcommand> [<arg> ...]. Subcommands are:",
                    "SLEEP <seconds>", "    Stop every shard for <seconds> (a float).",
                    "SET-ACTIVE-EXPIRE <0|1>", "    Turn the shards' active expiry off or on (keys still expire when touched).",
                    "HELP")));
        } else if (call.argIs(1, "sleep")) {
            call.error("ERR wrong number of arguments for 'debug|sleep' command");
        } else {
            call.error(RespErrors.unknownSubcommand("debug", call.arg(1)));
        }
    }
}
