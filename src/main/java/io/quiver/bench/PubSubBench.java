package io.quiver.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Pub/sub fan-out over RESP: one publisher connection, {@code --subscribers} connections
 * subscribed to one channel, for {@code --seconds}; prints messages published and delivered per
 * second and the delivery latency (publish to read by the subscriber) in microseconds.
 *
 * <p>Each payload carries the publisher's {@link System#nanoTime()} and a sequence number; the
 * subscribers run in this JVM (one thread, one selector), so both ends read the same clock. Every
 * message frame is compared with what Redis sends ({@code *3 $7 message $N channel $M payload}), and
 * each subscriber checks it gets every sequence number in order: a message lost, reordered or
 * malformed stops the run with an error. Every {@code PUBLISH} reply must count all subscribers.
 *
 * <p>Two ways to publish: {@code --rate R} publishes R messages a second (paced, one at a time), for
 * latency under a given load; without it the publisher keeps at most {@code --window} messages not
 * yet read by every subscriber (closed loop), so the figure is the fan-out the server sustains
 * without its output buffers growing (a publisher that ignores its subscribers only fills Redis's
 * {@code client-output-buffer-limit pubsub} until it disconnects them).
 */
public final class PubSubBench {
    private static final String CHANNEL = "bench:pubsub";
    private static final int STAMP_DIGITS = 19;
    private static final int SEQ_DIGITS = 12;
    /** Latencies are counted per microsecond up to this, beyond in one overflow bucket. */
    private static final int MAX_MICROS = 10_000_000;

    private final int subscribers;
    private final int payloadSize;
    private final byte[] frameHead;
    private final int frameLength;
    private final int[] histogram = new int[MAX_MICROS + 1];
    private final AtomicLong delivered = new AtomicLong();
    private volatile String failure;
    /** Stamps are nanoseconds since this (so always positive, and 19 digits are plenty). */
    private final long origin = System.nanoTime();

    /** The server process whose CPU time the measured window is charged with, or -1. */
    private final long cpuPid;
    private double cpuAtStart, cpuAtEnd;

    PubSubBench(int subscribers, int payloadSize, long cpuPid) {
        this.cpuPid = cpuPid;
        if (payloadSize < STAMP_DIGITS + SEQ_DIGITS + 1) {
            throw new IllegalArgumentException("--payload must be at least " + (STAMP_DIGITS + SEQ_DIGITS + 1) + " bytes");
        }
        this.subscribers = subscribers;
        this.payloadSize = payloadSize;
        this.frameHead = ("*3\r\n$7\r\nmessage\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n$" + payloadSize + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        this.frameLength = frameHead.length + payloadSize + 2;
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        String host = "127.0.0.1";
        int port = 6379, subscribers = 100, payload = 64, window = 16, rate = 0;
        double seconds = 10, warmup = 2;
        long cpuPid = -1;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--host" -> host = v;
                case "--port" -> port = Integer.parseInt(v);
                case "--subscribers" -> subscribers = Integer.parseInt(v);
                case "--payload" -> payload = Integer.parseInt(v);
                case "--window" -> window = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--seconds" -> seconds = Double.parseDouble(v);
                case "--warmup" -> warmup = Double.parseDouble(v);
                case "--cpu-pid" -> cpuPid = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--host --port --subscribers --payload --window --rate --seconds --warmup --cpu-pid)");
            }
        }
        Result r = new PubSubBench(subscribers, payload, cpuPid).drive(new InetSocketAddress(host, port), window, rate,
                (long) (warmup * 1e9), (long) (seconds * 1e9));
        out.printf("published %d delivered %d seconds %.3f published_per_second %.0f delivered_per_second %.0f"
                        + " p50_us %d p99_us %d p999_us %d max_us %d cpu_us_per_delivery %s%n", r.published, r.delivered, r.seconds,
                r.published / r.seconds, r.delivered / r.seconds, r.p50, r.p99, r.p999, r.max,
                r.cpuSeconds < 0 ? "n/a" : String.format("%.2f", r.cpuSeconds * 1e6 / r.delivered));
        return 0;
    }

    /** The measured window: messages published in it, their deliveries, and their latencies' percentiles (µs). */
    record Result(long published, long delivered, double seconds, long p50, long p99, long p999, long max, double cpuSeconds) {
    }

    /** One subscriber connection: the frame being read and the sequence number it expects next. */
    private static final class Sub {
        final SocketChannel channel;
        final byte[] frame;
        int filled;
        long nextSeq;

        Sub(SocketChannel channel, int frameLength) {
            this.channel = channel;
            this.frame = new byte[frameLength];
        }
    }

    Result drive(InetSocketAddress address, int window, int rate, long warmupNanos, long nanos) throws Exception {
        Selector selector = Selector.open();
        Sub[] subs = new Sub[subscribers];
        byte[] ack = ("*3\r\n$9\r\nsubscribe\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n:1\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < subscribers; i++) {
            SocketChannel ch = SocketChannel.open(address);
            ch.socket().setTcpNoDelay(true);
            ch.write(ByteBuffer.wrap(("SUBSCRIBE " + CHANNEL + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer got = ByteBuffer.allocate(ack.length);
            while (got.hasRemaining()) {
                if (ch.read(got) < 0) {
                    throw new IOException("the server closed a subscriber before acknowledging SUBSCRIBE");
                }
            }
            if (!Arrays.equals(got.array(), ack)) {
                throw new IOException("unexpected SUBSCRIBE reply: " + new String(got.array(), StandardCharsets.UTF_8));
            }
            ch.configureBlocking(false);
            subs[i] = new Sub(ch, frameLength);
            ch.register(selector, SelectionKey.OP_READ, subs[i]);
        }
        long measureFrom = System.nanoTime() + warmupNanos;
        Thread reader = Thread.ofPlatform().name("subscribers").start(() -> read(selector, measureFrom));
        long[] counts;
        try (Socket pub = new Socket(address.getAddress(), address.getPort())) {
            pub.setTcpNoDelay(true);
            counts = publish(pub, window, rate, measureFrom, measureFrom + nanos);
        }
        // every message published has to arrive: wait for the last ones (bounded)
        long expected = counts[2] * subscribers;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (failure == null && delivered.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        reader.interrupt();
        selector.wakeup();
        reader.join(5000);
        for (Sub s : subs) {
            s.channel.close();
        }
        selector.close();
        if (failure != null) {
            throw new IOException(failure);
        }
        if (delivered.get() < expected) {
            throw new IOException("lost messages: " + (expected - delivered.get()) + " of " + expected
                    + " deliveries missing 10 s after the last PUBLISH");
        }
        long[] p = percentiles(new double[]{0.5, 0.99, 0.999, 1.0});
        long measuredDeliveries = Arrays.stream(histogram).asLongStream().sum();
        return new Result(counts[0], measuredDeliveries, counts[1] / 1e9, p[0], p[1], p[2], p[3],
                cpuPid < 0 ? -1 : cpuAtEnd - cpuAtStart);
    }

    /** Publishes until {@code end}; returns {messages published in the window, window nanos, all published}. */
    private long[] publish(Socket pub, int window, int rate, long measureFrom, long end) throws IOException {
        OutputStream out = pub.getOutputStream();
        InputStream in = new java.io.BufferedInputStream(pub.getInputStream(), 1 << 16);
        byte[] reply = (":" + subscribers + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("*3\r\n$7\r\nPUBLISH\r\n$" + CHANNEL.length() + "\r\n" + CHANNEL + "\r\n$" + payloadSize + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] command = new byte[head.length + payloadSize + 2];
        System.arraycopy(head, 0, command, 0, head.length);
        Arrays.fill(command, head.length, command.length - 2, (byte) 'p');
        command[command.length - 2] = '\r';
        command[command.length - 1] = '\n';
        long seq = 0, unanswered = 0, inWindow = 0, windowStart = 0, windowEnd = 0;
        long interval = rate > 0 ? 1_000_000_000L / rate : 0, next = System.nanoTime();
        while (failure == null) {
            long now = System.nanoTime();
            if (now >= end) {
                windowEnd = now;
                cpuAtEnd = TxBench.cpuSeconds(cpuPid);
                break;
            }
            if (rate > 0) {
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                next += interval;
            } else if (seq - delivered.get() / subscribers >= window) {
                LockSupport.parkNanos(20_000); // closed loop: wait for the subscribers to read (no spinning: 2 cores)
                continue;
            }
            now = System.nanoTime();
            if (windowStart == 0 && now >= measureFrom) {
                windowStart = now;
                inWindow = -seq;
                cpuAtStart = TxBench.cpuSeconds(cpuPid);
            }
            writeDigits(command, head.length, STAMP_DIGITS, now - origin);
            writeDigits(command, head.length + STAMP_DIGITS, SEQ_DIGITS, seq++);
            out.write(command);
            out.flush();
            unanswered++;
            // read the replies that have arrived (all of them before waiting, so the socket never fills)
            while (unanswered > 0 && (in.available() >= reply.length || unanswered >= window)) {
                expect(in, reply);
                unanswered--;
            }
        }
        while (unanswered-- > 0) {
            expect(in, reply);
        }
        return new long[]{windowStart == 0 ? 0 : inWindow + seq, windowEnd - windowStart, seq};
    }

    private static void expect(InputStream in, byte[] reply) throws IOException {
        byte[] got = in.readNBytes(reply.length);
        if (!Arrays.equals(got, reply)) {
            throw new IOException("unexpected PUBLISH reply (the subscribers not all counted?): "
                    + new String(got, StandardCharsets.UTF_8) + (char) in.read() + (char) in.read());
        }
    }

    private void read(Selector selector, long measureFrom) {
        ByteBuffer in = ByteBuffer.allocateDirect(1 << 16);
        byte[] chunk = new byte[1 << 16];
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Sub s = (Sub) key.attachment();
                    in.clear();
                    int n = s.channel.read(in);
                    if (n < 0) {
                        failure = "the server closed a subscriber connection (its output limit?)";
                        return;
                    }
                    in.flip();
                    in.get(chunk, 0, n);
                    int at = 0, count = 0;
                    while (at < n) {
                        int take = Math.min(n - at, frameLength - s.filled);
                        System.arraycopy(chunk, at, s.frame, s.filled, take);
                        s.filled += take;
                        at += take;
                        if (s.filled == frameLength) {
                            s.filled = 0;
                            received(s, measureFrom);
                            count++;
                        }
                    }
                    delivered.addAndGet(count);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            failure = e.toString();
        }
    }

    private void received(Sub s, long measureFrom) {
        long now = System.nanoTime();
        byte[] f = s.frame;
        if (!Arrays.equals(f, 0, frameHead.length, frameHead, 0, frameHead.length)) {
            throw new IllegalStateException("unexpected message frame: " + new String(f, StandardCharsets.UTF_8));
        }
        long stamp = origin + readDigits(f, frameHead.length, STAMP_DIGITS);
        long seq = readDigits(f, frameHead.length + STAMP_DIGITS, SEQ_DIGITS);
        if (seq != s.nextSeq) {
            throw new IllegalStateException("a subscriber got message " + seq + " where " + s.nextSeq + " was next");
        }
        s.nextSeq++;
        if (stamp >= measureFrom) {
            histogram[(int) Math.min(MAX_MICROS, Math.max(0, (now - stamp) / 1000))]++;
        }
    }

    private long[] percentiles(double[] ps) {
        long total = Arrays.stream(histogram).asLongStream().sum();
        long[] out = new long[ps.length];
        for (int i = 0; i < ps.length; i++) {
            long rank = Math.max(1, (long) Math.ceil(ps[i] * total)), seen = 0;
            for (int us = 0; us <= MAX_MICROS; us++) {
                seen += histogram[us];
                if (seen >= rank) {
                    out[i] = us;
                    break;
                }
            }
        }
        return out;
    }

    private static void writeDigits(byte[] b, int at, int digits, long value) {
        for (int i = at + digits - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    private static long readDigits(byte[] b, int at, int digits) {
        long v = 0;
        for (int i = at; i < at + digits; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return v;
    }
}
