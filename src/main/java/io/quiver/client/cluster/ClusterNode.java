package io.quiver.client.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * How this node joins the cluster: Hazelcast's configuration and the clustered event bus's
 * options, from the cluster keys. It starts from Vert.x's own Hazelcast configuration
 * ({@link ConfigUtil#loadConfig()}: the maps the cluster manager needs stay as Vert.x declares them)
 * and changes only the network and the timing:
 * <ul>
 *   <li>TCP-IP join with the listed members; multicast and auto-detection off (they find strangers,
 *       and on loopback multicast does not work); bound to {@code cluster-host} only
 *       ({@code hazelcast.socket.bind.any=false}, interfaces = that address);</li>
 *   <li>heartbeats every {@code cluster-heartbeat} and a node out after {@code cluster-node-timeout}
 *       of silence (Hazelcast's default, 60 s, is a minute of requests hanging on a hung node);</li>
 *   <li>split clusters look for each other after {@code cluster-merge-delay} (default 300 s);</li>
 *   <li>{@code wait.seconds.before.join} = {@code cluster-join-wait} (default 5 s), so nodes started
 *       together form one cluster at once.</li>
 * </ul>
 */
public final class ClusterNode {
    private ClusterNode() {
    }

    public static Config hazelcastConfig(ClusterSettings s) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(s.name());
        config.setProperty("hazelcast.logging.type", "slf4j");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.socket.bind.any", "false");
        // Quiver's own shutdown leaves the cluster (Vert.x closes the cluster manager); Hazelcast's
        // hook would race it and close the member while shards still answer.
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(s.heartbeatSeconds()));
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(s.nodeTimeoutSeconds()));
        config.setProperty("hazelcast.merge.first.run.delay.seconds", Integer.toString(s.mergeDelaySeconds()));
        config.setProperty("hazelcast.merge.next.run.delay.seconds", Integer.toString(s.mergeDelaySeconds()));
        config.setProperty("hazelcast.wait.seconds.before.join", Integer.toString(s.joinWaitSeconds()));
        config.setProperty("hazelcast.max.wait.seconds.before.join", Integer.toString(2 * s.joinWaitSeconds()));

        NetworkConfig net = config.getNetworkConfig();
        net.setPort(s.port()).setPortAutoIncrement(false);
        net.setPublicAddress(s.host() + ":" + s.port());
        net.getInterfaces().setEnabled(true).clear().addInterface(s.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(s.members()).setConnectionTimeoutSeconds(2);
        return config;
    }

    public static HazelcastClusterManager clusterManager(ClusterSettings s) {
        return new HazelcastClusterManager(hazelcastConfig(s));
    }

    /** The clustered event bus: shard batches between nodes travel here, bound to {@code cluster-host}. */
    public static EventBusOptions eventBus(ClusterSettings s) {
        return new EventBusOptions().setHost(s.host()).setPort(s.busPort()).setClusterPublicHost(s.host());
    }
}
