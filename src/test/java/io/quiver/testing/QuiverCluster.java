package io.quiver.testing;

import io.quiver.client.cluster.SlotLayout;
import io.quiver.shard.KeyHash;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of {@code bin/quiver serve --cluster} processes on loopback, as a user starts one: every
 * node listed by its Hazelcast port (free ports picked here), each with a data directory of its own
 * (kept across a restart), started together. Stopped by PID (SIGKILL) when closed.
 */
public final class QuiverCluster implements AutoCloseable {
    private final int shardsPerNode;
    private final List<Integer> clusterPorts;
    private final String members;
    private final Path dataRoot;
    private QuiverProcess[] nodes;
    private final String[] extraFlags;
    /** The flags a node that joined was started with (it is started again with them). */
    private final java.util.Map<Integer, List<String>> joinFlags = new java.util.concurrent.ConcurrentHashMap<>();

    private QuiverCluster(int nodes, int shardsPerNode, String... extraFlags) throws IOException {
        this.shardsPerNode = shardsPerNode;
        this.extraFlags = extraFlags;
        this.clusterPorts = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            clusterPorts.add(freePort());
        }
        List<String> m = new ArrayList<>();
        for (int p : clusterPorts) {
            m.add("127.0.0.1:" + p);
        }
        this.members = String.join(",", m);
        this.dataRoot = Files.createTempDirectory("quiver-cluster");
        this.nodes = new QuiverProcess[nodes];
    }

    /** Starts {@code nodes} nodes together and waits until every one is ready. */
    public static QuiverCluster start(int nodes, int shardsPerNode, String... extraFlags) throws Exception {
        QuiverCluster c = new QuiverCluster(nodes, shardsPerNode, extraFlags);
        ExecutorService pool = Executors.newFixedThreadPool(nodes);
        try {
            List<Future<QuiverProcess>> started = new ArrayList<>();
            for (int i = 0; i < nodes; i++) {
                int node = i;
                started.add(pool.submit(() -> c.launch(node)));
            }
            for (int i = 0; i < nodes; i++) {
                c.nodes[i] = started.get(i).get(5, TimeUnit.MINUTES); // three JVMs on a loaded 2-core CI machine
            }
        } catch (Exception e) {
            c.close();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        return c;
    }

    private QuiverProcess launch(int node) throws IOException {
        List<String> flags = joinFlags.get(node);
        if (flags == null) {
            flags = new ArrayList<>(List.of("--cluster", "--cluster-members", members,
                    "--cluster-host", "127.0.0.1", "--cluster-port", Integer.toString(clusterPorts.get(node)),
                    "--shards", Integer.toString(shardsPerNode), "--data-dir", dataRoot.resolve("node" + node).toString()));
            flags.addAll(List.of(extraFlags));
        }
        return QuiverProcess.start(flags.toArray(String[]::new));
    }

    /**
     * Starts one more node with {@code --cluster-join}, listing every node so far and itself, as a
     * user adds a node to a running cluster; waits until it is ready (it takes its slots afterwards).
     * Returns its number (its place in the slot table: after the first nodes). {@link #restart}
     * starts it again with the same flags.
     */
    public int join(String... moreFlags) throws IOException {
        int port = freePort();
        int node = nodes.length;
        clusterPorts.add(port);
        List<String> listed = new ArrayList<>();
        for (int p : clusterPorts) {
            listed.add("127.0.0.1:" + p);
        }
        List<String> flags = new ArrayList<>(List.of("--cluster", "--cluster-join", "--cluster-members",
                String.join(",", listed), "--cluster-host", "127.0.0.1",
                "--cluster-port", Integer.toString(port), "--shards", Integer.toString(shardsPerNode),
                "--data-dir", dataRoot.resolve("node" + node).toString()));
        flags.addAll(List.of(extraFlags));
        flags.addAll(List.of(moreFlags));
        QuiverProcess p = QuiverProcess.start(flags.toArray(String[]::new));
        joinFlags.put(node, flags);
        nodes = java.util.Arrays.copyOf(nodes, node + 1);
        nodes[node] = p;
        return node;
    }

    /** Starts node {@code i} again (after a kill), with its data directory and flags; waits until it is ready. */
    public QuiverProcess restart(int i) throws IOException {
        nodes[i] = launch(i);
        return nodes[i];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Node {@code i}'s Hazelcast member port (its cluster bus port in CLUSTER NODES). */
    public int clusterPort(int i) {
        return clusterPorts.get(i);
    }

    public QuiverProcess node(int i) {
        return nodes[i];
    }

    public int size() {
        return nodes.length;
    }

    /** The node whose shards hold {@code key} in the cluster's first layout (contiguous slot ranges). */
    public int ownerOf(String key) {
        return SlotLayout.evenOwner(KeyHash.slot(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)), nodes.length);
    }

    @Override
    public void close() throws InterruptedException {
        for (QuiverProcess p : nodes) {
            if (p != null) {
                p.close();
            }
        }
    }
}
