package io.quiver.client.cluster;

import io.quiver.config.ConfigException;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster keys of a configuration, checked together: the member list (the same on every node,
 * in the same order), this node's place in it, and the timing Hazelcast is tuned with.
 *
 * @param members    every node's {@code host:port} (Hazelcast member address), in configured order
 * @param self       this node's index in {@code members} (a new cluster's first table gives it that place's slots)
 * @param join       this node joins a running cluster (its slot table decides its number, and it takes a share)
 * @param shards     shards per node (every node must run the same number)
 */
public record ClusterSettings(List<String> members, int self, String host, int port, int busPort, String name,
                             int shards, int heartbeatSeconds, int nodeTimeoutSeconds, int mergeDelaySeconds,
                             int joinWaitSeconds, boolean join) {

    /** The settings of {@code config}; throws {@link ConfigException} naming the key that is wrong. */
    public static ClusterSettings of(QuiverConfig config) {
        String host = config.get(ConfigKeys.CLUSTER_HOST).trim();
        int port = config.get(ConfigKeys.CLUSTER_PORT);
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            throw new ConfigException(ConfigKeys.CLUSTER_HOST.name(),
                    "must be the address other nodes reach this one at, not '" + host + "'");
        }
        if (port == 0) {
            throw new ConfigException(ConfigKeys.CLUSTER_PORT.name(), "must be a fixed port (other nodes list it), not 0");
        }
        List<String> members = new ArrayList<>();
        for (String m : config.get(ConfigKeys.CLUSTER_MEMBERS).split(",")) {
            String t = m.trim();
            if (t.isEmpty()) {
                continue;
            }
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || !t.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new ConfigException(ConfigKeys.CLUSTER_MEMBERS.name(), "'" + t + "' is not host:port");
            }
            if (members.contains(t)) {
                throw new ConfigException(ConfigKeys.CLUSTER_MEMBERS.name(), "'" + t + "' is listed twice");
            }
            members.add(t);
        }
        String me = host + ":" + port;
        int self = members.indexOf(me);
        if (members.isEmpty()) {
            throw new ConfigException(ConfigKeys.CLUSTER_MEMBERS.name(), "must list every node (host:port,...) when cluster is on");
        }
        if (self < 0) {
            throw new ConfigException(ConfigKeys.CLUSTER_MEMBERS.name(), "does not list this node, " + me
                    + " (cluster-host:cluster-port), among " + members);
        }
        return new ClusterSettings(List.copyOf(members), self, host, port, config.get(ConfigKeys.CLUSTER_BUS_PORT),
                config.get(ConfigKeys.CLUSTER_NAME), config.shardCount(),
                seconds(config.get(ConfigKeys.CLUSTER_HEARTBEAT)), seconds(config.get(ConfigKeys.CLUSTER_NODE_TIMEOUT)),
                seconds(config.get(ConfigKeys.CLUSTER_MERGE_DELAY)), seconds(config.get(ConfigKeys.CLUSTER_JOIN_WAIT)),
                config.get(ConfigKeys.CLUSTER_JOIN));
    }

    private static int seconds(long millis) {
        return (int) Math.max(1, (millis + 999) / 1000);
    }

    /** This node's Hazelcast address, {@code cluster-host:cluster-port}. */
    public String selfAddress() {
        return members.get(self);
    }
}
