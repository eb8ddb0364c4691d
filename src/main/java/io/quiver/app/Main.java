package io.quiver.app;

import io.quiver.cli.QuiverCli;
import io.quiver.config.ConfigException;
import io.quiver.config.ConfigKey;
import io.quiver.config.ConfigKeys;
import io.quiver.config.ConfigLoader;
import io.quiver.config.QuiverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The entry point behind {@code bin/quiver}: {@code serve}, {@code cli}, {@code version}. */
public final class Main {
    static final String USAGE = """
            usage: quiver serve [--http-port N] [--resp-port N] [--shards N] [--data-dir DIR] [--appendfsync always|everysec|no]
                                [--load FILE] [--conf FILE] [--KEY VALUE ...]
                                [--cluster --cluster-members H:P,H:P,... --cluster-host H --cluster-port P [--cluster-join]]
                   quiver cli [--host H] [--port P] [--raw] [COMMAND ARG...]
                   quiver cluster status|leave [--host H] [--port P] [-a PASSWORD]
                   quiver test
                   quiver bench [--data DIR,... | --synthetic N] [--scale] [--http] [...]   (quiver bench --help)
                   quiver version
            Every configuration key is also a flag of serve (--bind, --max-connections, ...): see README.md,
            "Configuration". Precedence: conf/quiver.json < QUIVER_* environment variables < flags.""";

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args);
        if (code >= 0) {
            System.exit(code);
        }
    }

    /** Runs a subcommand; returns an exit code, or -1 while the server keeps running. */
    static int run(String[] args) {
        if (args.length == 0) {
            System.err.println(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "serve" -> serve(rest);
            case "cli" -> QuiverCli.run(rest, System.out, System.err);
            case "version", "--version" -> {
                System.out.println("quiver " + Version.get());
                yield 0;
            }
            case "help", "--help", "-h" -> {
                System.out.println(USAGE);
                yield 0;
            }
            default -> {
                System.err.println("quiver: unknown command '" + args[0] + "'");
                System.err.println(USAGE);
                yield 2;
            }
        };
    }

    private static int serve(String[] args) {
        QuiverConfig config;
        try {
            Map<String, String> flags = parseFlags(args);
            config = ConfigLoader.load(confFile(flags.remove("conf")), System.getenv(), flags);
            if (config.get(ConfigKeys.CLUSTER)) {
                io.quiver.client.cluster.ClusterSettings.of(config); // the cluster keys, checked together
            }
        } catch (UsageException e) {
            System.err.println("quiver serve: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        } catch (ConfigException e) {
            System.err.println("quiver serve: " + e.getMessage());
            return 2;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        log.info("{}", config.describe());
        Quiver quiver;
        try {
            quiver = Quiver.start(config).await(10, TimeUnit.MINUTES);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null && !(e instanceof BindException) ? e.getCause() : e;
            if (cause instanceof io.quiver.persist.CorruptDataException corrupt) {
                log.error("cannot start: {}. Nothing was changed. Restore or move the file aside, or start with "
                        + "--skip-corrupt-data true to keep what precedes the damage (the damaged file is copied aside).",
                        corrupt.getMessage());
            } else if (cause instanceof java.io.IOException io && String.valueOf(io.getMessage()).contains("in use by another")) {
                log.error("cannot start: {}", io.getMessage());
            } else if (cause instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                log.error("cannot listen: {} (is another server on the port? choose one with --resp-port / --http-port)",
                        e.getMessage());
            } else {
                log.error("Quiver failed to start: {}", e.getMessage(), e);
            }
            return 1;
        }
        // SIGTERM and SIGINT: a graceful shutdown, then exit 0 (the JVM's default would exit 143/130);
        // a cluster node first hands its slots over (a planned leave, within cluster-leave-timeout).
        // The shutdown hook covers every other way out (System.exit elsewhere, SIGHUP): close() is idempotent.
        for (String signal : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), sig -> {
                    Thread t = new Thread(() -> {
                        leaveCluster(quiver, config, log, "SIG" + signal);
                        System.exit(shutDown(quiver, log, "SIG" + signal));
                    }, "quiver-shutdown");
                    t.start();
                });
            } catch (IllegalArgumentException e) {
                log.debug("cannot handle SIG{}: {}", signal, e.getMessage());
            }
        }
        quiver.afterLeave(() -> System.exit(shutDown(quiver, log, "left the cluster")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(quiver, log, "JVM exit"), "quiver-shutdown-hook"));
        if (config.get(ConfigKeys.EXIT_WITH_PARENT)) {
            ProcessHandle.current().parent().ifPresent(parent -> watchParent(parent, quiver, log));
        }
        // SHUTDOWN over RESP: the server has stopped; the process exits as after SIGTERM
        quiver.shutDownByCommand().onComplete(ar -> new Thread(() -> System.exit(ar.succeeded() ? 0 : 1),
                "quiver-shutdown-exit").start());
        return -1;
    }

    /** A cluster node stopped by a signal hands its slots over first (unless cluster-leave-timeout is 0). */
    private static void leaveCluster(Quiver quiver, QuiverConfig config, Logger log, String why) {
        if (!config.get(ConfigKeys.CLUSTER) || config.get(ConfigKeys.CLUSTER_LEAVE_TIMEOUT) == 0 || quiver.closeStarted()) {
            return;
        }
        try {
            quiver.handOverSlots(why);
        } catch (RuntimeException e) {
            log.warn("cluster: stopping without handing slots over: {}", e.getMessage());
        }
    }

    /**
     * {@code exit-with-parent}: once a second, whether the process that started this one is still
     * there (it is gone when it exited, or when this process was handed to another parent); when
     * not, a graceful shutdown without a cluster hand-over, then exit.
     */
    private static void watchParent(ProcessHandle parent, Quiver quiver, Logger log) {
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
                long now = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
                if (!parent.isAlive() || now != parent.pid()) {
                    log.warn("the parent process ({}) is gone: shutting down (exit-with-parent)", parent.pid());
                    haltAfter(ORPHAN_SHUTDOWN_GRACE_MILLIS, log);
                    System.exit(shutDown(quiver, log, "parent process exited"));
                }
            }
        }, "quiver-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * An orphan has nobody left to stop it: if its graceful shutdown (or a shutdown hook after it) hangs,
     * it must still go, or it holds its ports and data directory forever.
     */
    private static final long ORPHAN_SHUTDOWN_GRACE_MILLIS = 20_000;

    private static void haltAfter(long millis, Logger log) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            log.error("the graceful shutdown of an orphaned node did not finish in {} ms: halting", millis);
            Runtime.getRuntime().halt(1);
        }, "quiver-orphan-halt");
        t.setDaemon(true); // daemon threads still run during shutdown hooks; this one must not delay a clean exit
        t.start();
    }

    /** Graceful shutdown; returns the exit code (0 when everything was flushed and closed). */
    private static int shutDown(Quiver quiver, Logger log, String why) {
        boolean first = !quiver.closeStarted();
        if (first) {
            log.info("shutting down ({}): no new connections; finishing requests in flight", why);
        }
        try {
            quiver.close().await(10, TimeUnit.MINUTES);
            return 0;
        } catch (Exception e) {
            log.warn("shutdown did not finish cleanly: {}", e.getMessage());
            return 1;
        }
    }

    /** {@code --conf FILE}, else {@code $QUIVER_CONF}, else {@code <quiver.home>/conf/quiver.json} if present. */
    private static Path confFile(String flag) {
        if (flag != null) {
            return Path.of(flag);
        }
        String env = System.getenv("QUIVER_CONF");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        Path home = Path.of(System.getProperty("quiver.home", "."));
        Path def = home.resolve("conf").resolve("quiver.json");
        return Files.isRegularFile(def) ? def : null;
    }

    /** {@code --key value} and {@code --key=value}; a boolean key given alone means true. */
    static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            String name = a.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            ConfigKey<?> key = ConfigKeys.byName(name);
            if (key == null && !name.equals("conf")) {
                throw new UsageException("unknown flag --" + name);
            }
            if (value == null) {
                boolean isBoolean = key != null && key.type().equals("boolean");
                if (i + 1 < args.length && !(isBoolean && args[i + 1].startsWith("--"))) {
                    value = args[++i];
                } else if (isBoolean) {
                    value = "true";
                } else {
                    throw new UsageException("flag --" + name + " needs a value");
                }
            }
            flags.put(name, value);
        }
        return flags;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
