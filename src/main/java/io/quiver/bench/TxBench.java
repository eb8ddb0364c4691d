package io.quiver.bench;

import io.quiver.shard.KeyHash;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A load generator for {@code MULTI / SET / SET / EXEC} over RESP, as redis-benchmark is for one
 * command: {@code --connections} connections, each sending {@code --pipeline} transactions at a time
 * and waiting for all their replies before sending the next ones, for {@code --seconds}. One thread,
 * one selector, so it takes about one core at most and costs both servers it is pointed at the same.
 *
 * <p>redis-benchmark cannot do this: it sends one command per request (its {@code -P} repeats that
 * command). Every reply is compared byte for byte with what Redis answers
 * ({@code +OK +QUEUED +QUEUED *2 +OK +OK}); any other byte stops the run with an error, so a figure
 * is never made of refused transactions.
 *
 * <p>{@code --mode}: {@code single} puts both keys of a transaction on one shard with a hash tag
 * ({@code tx:{R}:a}, {@code tx:{R}:b}, R random in {@code --keys}); {@code cross} picks the second key
 * so that it lands on another shard than the first one among {@code --shards} (Quiver's
 * {@link KeyHash} rule); {@code plain} sends the same two SETs without MULTI/EXEC, for reference.
 * Prints one line: {@code transactions N seconds S per_second R}.
 */
public final class TxBench {
    private static final byte[] TX_REPLY = "+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PLAIN_REPLY = "+OK\r\n+OK\r\n".getBytes(StandardCharsets.US_ASCII);

    enum Mode { SINGLE, CROSS, PLAIN }

    private final Mode mode;
    private final int shards;
    private final int keys;
    private final byte[] value;
    private final SplittableRandom random = new SplittableRandom(42);

    TxBench(Mode mode, int shards, int keys, int valueSize) {
        if (mode == Mode.CROSS && shards < 2) {
            throw new IllegalArgumentException("--mode cross needs --shards 2 or more");
        }
        this.mode = mode;
        this.shards = shards;
        this.keys = keys;
        this.value = "x".repeat(valueSize).getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        String host = "127.0.0.1";
        int port = 6379, connections = 50, pipeline = 1, shards = 2, keys = 1_000_000, valueSize = 35;
        double seconds = 10, warmup = 2;
        long cpuPid = -1;
        Mode mode = Mode.SINGLE;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--pipeline" -> pipeline = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--cpu-pid" -> cpuPid = Long.parseLong(v);
                case "--shards" -> shards = Integer.parseInt(v);
                case "--keys" -> keys = Integer.parseInt(v);
                case "--value-size" -> valueSize = Integer.parseInt(v);
                case "--mode" -> mode = Mode.valueOf(v.toUpperCase());
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--host --port --connections --pipeline --seconds --warmup --cpu-pid --shards --keys --value-size --mode single|cross|plain)");
            }
        }
        Result r = new TxBench(mode, shards, keys, valueSize).drive(new InetSocketAddress(host, port), connections, pipeline,
                (long) (warmup * 1e9), (long) (seconds * 1e9), cpuPid);
        out.printf("transactions %d seconds %.3f per_second %.0f cpu_us_per_transaction %s%n", r.completed, r.seconds,
                r.completed / r.seconds, r.cpuSeconds < 0 ? "n/a" : String.format("%.1f", r.cpuSeconds * 1e6 / r.completed));
        return 0;
    }

    /** Transactions completed in the measured window, its length, and the server's CPU time in it (-1: not asked). */
    record Result(long completed, double seconds, double cpuSeconds) {
    }

    /** CPU time (user + system) process {@code pid} has used, from /proc (Linux), in seconds; -1 for pid -1. */
    static double cpuSeconds(long pid) throws IOException {
        if (pid < 0) {
            return -1;
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name; ticks of 1/100 s on Linux
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** One connection's state: the requests of its current round and how far its replies have matched. */
    private final class Conn {
        final SocketChannel channel;
        final ByteBuffer out = ByteBuffer.allocate(1 << 16);
        int outstanding;
        int matched;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }

        void sendRound(int pipeline) throws IOException {
            out.clear();
            for (int i = 0; i < pipeline; i++) {
                appendRequest(out);
            }
            out.flip();
            outstanding = pipeline;
            flush();
        }

        void flush() throws IOException {
            while (out.hasRemaining()) {
                if (channel.write(out) == 0) {
                    // the socket is full (never with these small rounds); wait on it like any writer
                    Thread.onSpinWait();
                }
            }
        }
    }

    /**
     * Runs {@code warmupNanos} unmeasured (the JITs of client and server), then counts the transactions
     * completed in the next {@code nanos}; every connection then finishes its round and closes.
     */
    Result drive(InetSocketAddress address, int connections, int pipeline, long warmupNanos, long nanos, long cpuPid)
            throws IOException {
        byte[] expected = mode == Mode.PLAIN ? PLAIN_REPLY : TX_REPLY;
        try (Selector selector = Selector.open()) {
            Conn[] conns = new Conn[connections];
            for (int i = 0; i < connections; i++) {
                SocketChannel ch = SocketChannel.open(address);
                ch.socket().setTcpNoDelay(true);
                ch.configureBlocking(false);
                conns[i] = new Conn(ch);
                ch.register(selector, SelectionKey.OP_READ, conns[i]);
            }
            ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
            byte[] chunk = new byte[1 << 16];
            long measureFrom = System.nanoTime() + warmupNanos, end = measureFrom + nanos, completed = 0, start = 0;
            boolean measuring = false;
            double cpu0 = 0;
            for (Conn c : conns) {
                c.sendRound(pipeline);
            }
            int open = connections;
            long stop = 0, completedAtStop = 0;
            double cpu1 = 0;
            while (open > 0) {
                long now = System.nanoTime();
                if (!measuring && now >= measureFrom) {
                    measuring = true;
                    completed = 0;
                    start = now;
                    cpu0 = cpuSeconds(cpuPid);
                }
                selector.select(100);
                now = System.nanoTime();
                boolean sending = now < end;
                if (!sending && stop == 0) {
                    stop = now;
                    completedAtStop = completed;
                    cpu1 = cpuSeconds(cpuPid);
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Conn c = (Conn) key.attachment();
                    in.clear();
                    int n = c.channel.read(in);
                    if (n < 0) {
                        throw new IOException("the server closed a connection");
                    }
                    in.flip();
                    in.get(chunk, 0, n);
                    for (int i = 0; i < n; i++) {
                        if (chunk[i] != expected[c.matched]) {
                            throw new IOException("unexpected reply: " + new String(chunk, i, Math.min(200, n - i), StandardCharsets.UTF_8));
                        }
                        if (++c.matched == expected.length) {
                            c.matched = 0;
                            c.outstanding--;
                            completed++;
                        }
                    }
                    if (c.outstanding == 0) {
                        if (sending) {
                            c.sendRound(pipeline);
                        } else {
                            open--;
                            key.cancel();
                            c.channel.close();
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
            // the rounds in flight at the end finish outside the window
            return new Result(completedAtStop, (stop - start) / 1e9, cpuPid < 0 ? -1 : cpu1 - cpu0);
        }
    }

    /** Appends one request: MULTI, SET a, SET b, EXEC (or only the two SETs in plain mode). */
    void appendRequest(ByteBuffer out) {
        int r = random.nextInt(keys);
        byte[] a, b;
        if (mode == Mode.SINGLE) {
            a = ("tx:{" + r + "}:a").getBytes(StandardCharsets.US_ASCII);
            b = ("tx:{" + r + "}:b").getBytes(StandardCharsets.US_ASCII);
        } else {
            a = ("tx:" + r + ":a").getBytes(StandardCharsets.US_ASCII);
            do {
                b = ("tx:" + random.nextInt(keys) + ":b").getBytes(StandardCharsets.US_ASCII);
            } while (mode == Mode.CROSS && KeyHash.shardOf(b, shards) == KeyHash.shardOf(a, shards));
        }
        if (mode != Mode.PLAIN) {
            command(out, "MULTI".getBytes(StandardCharsets.US_ASCII));
        }
        command(out, "SET".getBytes(StandardCharsets.US_ASCII), a, value);
        command(out, "SET".getBytes(StandardCharsets.US_ASCII), b, value);
        if (mode != Mode.PLAIN) {
            command(out, "EXEC".getBytes(StandardCharsets.US_ASCII));
        }
    }

    static void command(ByteBuffer out, byte[]... args) {
        header(out, '*', args.length);
        for (byte[] arg : args) {
            header(out, '$', arg.length);
            out.put(arg).put((byte) '\r').put((byte) '\n');
        }
    }

    private static void header(ByteBuffer out, char type, int n) {
        out.put((byte) type).put(Integer.toString(n).getBytes(StandardCharsets.US_ASCII)).put((byte) '\r').put((byte) '\n');
    }
}
