package io.quiver.resp;

import io.quiver.service.ClusterService;

/**
 * CLUSTER INFO, MYID and KEYSLOT, in Redis Cluster's words. Quiver's nodes route for each other
 * (any node answers any key), so clients need no slot map and get no MOVED redirections; CLUSTER
 * NODES and SLOTS, which would hand them one, are not offered.
 */
final class ClusterCommands {
    private ClusterCommands() {
    }

    static void cluster(Call call) {
        ClusterService cluster = call.services().cluster();
        if (call.argIs(1, "keyslot") && call.argc() == 3) {
            // a key's slot is the same with or without a cluster (Redis refuses it on a single server; nothing depends on that)
            call.reply(RespReply.integer(ClusterService.slotOf(call.arg(2))));
            return;
        }
        if (!cluster.enabled()) {
            call.error("ERR This instance has cluster support disabled");
            return;
        }
        if (call.argIs(1, "info") && call.argc() == 2) {
            call.reply(RespReply.verbatim(info(cluster.status())));
        } else if (call.argIs(1, "myid") && call.argc() == 2) {
            call.reply(RespReply.bulk(cluster.status().self().id()));
        } else {
            call.error(RespErrors.unknownSubcommand("cluster", call.arg(1)));
        }
    }

    private static String info(ClusterService.Status s) {
        int served = s.slotsServed();
        long reachable = s.nodes().stream().filter(ClusterService.Node::reachable).count();
        return "cluster_state:" + (s.ok() ? "ok" : "fail") + "\r\n"
                + "cluster_slots_assigned:" + ClusterService.SLOTS + "\r\n"
                + "cluster_slots_ok:" + served + "\r\n"
                + "cluster_slots_pfail:0\r\n"
                + "cluster_slots_fail:" + (ClusterService.SLOTS - served) + "\r\n"
                + "cluster_known_nodes:" + s.nodes().size() + "\r\n"
                + "cluster_reachable_nodes:" + reachable + "\r\n"
                + "cluster_size:" + s.nodes().size() + "\r\n"
                + "cluster_shards:" + s.shards() + "\r\n"
                + "cluster_name:" + s.name() + "\r\n";
    }
}
