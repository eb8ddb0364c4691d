package io.quiver.client.cluster;

import io.quiver.config.ConfigException;
import io.quiver.config.ConfigKeys;
import io.quiver.config.QuiverConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterSettingsTest {
    private static QuiverConfig node(String members, int port) {
        return QuiverConfig.defaults().with(ConfigKeys.CLUSTER, true).with(ConfigKeys.CLUSTER_MEMBERS, members)
                .with(ConfigKeys.CLUSTER_PORT, port).with(ConfigKeys.SHARDS, 4);
    }

    @Test
    void aNodesPlaceInTheMemberListIsItsPlaceInANewCluster() {
        ClusterSettings s = ClusterSettings.of(node("127.0.0.1:5701, 127.0.0.1:5702,127.0.0.1:5703", 5702));
        assertEquals(List.of("127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703"), s.members());
        assertEquals(1, s.self());
        assertEquals("127.0.0.1:5702", s.selfAddress());
    }

    @Test
    void aMemberListWithoutThisNodeIsRefusedNamingTheKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSettings.of(node("127.0.0.1:5701,127.0.0.1:5702", 5709)));
        assertTrue(e.getMessage().contains("cluster-members") && e.getMessage().contains("127.0.0.1:5709"), e.getMessage());
    }

    @Test
    void clusterModeNeedsAMemberList() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSettings.of(node("", 5701)));
        assertTrue(e.getMessage().contains("cluster-members"), e.getMessage());
    }

    @Test
    void aMemberThatIsNotHostAndPortIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> ClusterSettings.of(node("127.0.0.1:5701,localhost", 5701)));
        assertTrue(e.getMessage().contains("'localhost' is not host:port"), e.getMessage());
    }

    @Test
    void aWildcardClusterHostIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ClusterSettings.of(node("0.0.0.0:5701", 5701).with(ConfigKeys.CLUSTER_HOST, "0.0.0.0")));
        assertTrue(e.getMessage().contains("cluster-host"), e.getMessage());
    }
}
