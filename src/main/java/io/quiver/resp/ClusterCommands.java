package io.quiver.resp;

import io.quiver.service.ClusterService;

import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER INFO, MYID, KEYSLOT, NODES, SLOTS and SHARDS, in Redis Cluster's words and shapes, and
 * Quiver's own CLUSTER LEAVE (a planned leave: this node hands its slots over, then stops).
 * Quiver's nodes route for each other (any node answers any key, no MOVED redirections), so a
 * client needs no slot map; NODES/SLOTS/SHARDS hand one to the clients that ask (a cluster-mode
 * client then sends each key to its owner and saves the hop). Every node is a master (no replicas
 * yet); a node's address is its {@code cluster-host} and RESP port, its cluster-bus port the
 * Hazelcast member port.
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
        if (call.argc() != 2) {
            call.error(call.argIs(1, "info") || call.argIs(1, "myid") || call.argIs(1, "nodes") || call.argIs(1, "slots")
                    || call.argIs(1, "shards") || call.argIs(1, "keyslot") || call.argIs(1, "leave")
                    ? RespErrors.wrongArity("cluster|" + new String(call.arg(1), java.nio.charset.StandardCharsets.UTF_8).toLowerCase())
                    : RespErrors.unknownSubcommand("cluster", call.arg(1)));
            return;
        }
        if (call.argIs(1, "info")) {
            call.reply(RespReply.verbatim(info(cluster.status())));
        } else if (call.argIs(1, "myid")) {
            call.reply(RespReply.bulk(cluster.status().self().id()));
        } else if (call.argIs(1, "nodes")) {
            call.reply(RespReply.verbatim(nodes(cluster.status())));
        } else if (call.argIs(1, "slots")) {
            call.reply(slots(cluster.status()));
        } else if (call.argIs(1, "shards")) {
            call.reply(shards(cluster.status()));
        } else if (call.argIs(1, "leave")) {
            // Quiver's own: this node hands its slots and keys over to the others, answers, then stops
            call.replyWith(cluster.leave(), done -> RespReply.OK);
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
                + "cluster_current_epoch:" + s.epoch() + "\r\n"
                + "cluster_name:" + s.name() + "\r\n"
                + "cluster_migrations_in_progress:" + s.migrations().size() + "\r\n"
                + migrations(s);
    }

    /** One line per slot migration under way (Quiver's own field): its slots, nodes, start and, where driven, keys moved. */
    private static String migrations(ClusterService.Status s) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        for (ClusterService.Migration m : s.migrations()) {
            sb.append("cluster_migration_").append(i++).append(":slots=").append(m.first()).append('-').append(m.last())
                    .append(",from=").append(s.nodes().get(m.from()).address())
                    .append(",to=").append(s.nodes().get(m.to()).address())
                    .append(",seconds=").append((System.currentTimeMillis() - m.startedMillis()) / 1000);
            if (m.keysMoved() >= 0) {
                sb.append(",keys_moved=").append(m.keysMoved());
            }
            sb.append("\r\n");
        }
        return sb.toString();
    }

    /**
     * Redis's CLUSTER NODES lines: {@code id ip:port@cport flags master ping-sent pong-recv
     * config-epoch link-state slot...}. Hazelcast's heartbeats are not exposed per node, so
     * ping-sent and pong-recv are 0; the config epoch is the slot table's. A migration shows as
     * Redis shows it, {@code [slot->-target-id]} on the old owner's line and {@code [slot-<-source-id]}
     * on the new owner's, once per migrating slot.
     */
    private static String nodes(ClusterService.Status s) {
        StringBuilder sb = new StringBuilder();
        for (ClusterService.Node n : s.nodes()) {
            sb.append(n.id()).append(' ').append(n.host()).append(':').append(n.respPort()).append('@')
                    .append(n.clusterPort()).append(' ')
                    .append(n.self() ? "myself,master" : "master")
                    .append(n.reachable() ? "" : ",fail")
                    .append(n.respPort() == 0 ? ",noaddr" : "")
                    .append(" - 0 0 ").append(s.epoch()).append(' ').append(n.reachable() ? "connected" : "disconnected");
            for (int[] r : n.ranges()) {
                sb.append(' ').append(r[0]);
                if (r[1] != r[0]) {
                    sb.append('-').append(r[1]);
                }
            }
            for (ClusterService.Migration m : s.migrations()) {
                for (int slot = m.first(); slot <= m.last(); slot++) {
                    if (m.from() == n.index()) {
                        sb.append(" [").append(slot).append("->-").append(s.nodes().get(m.to()).id()).append(']');
                    } else if (m.to() == n.index()) {
                        sb.append(" [").append(slot).append("-<-").append(s.nodes().get(m.from()).id()).append(']');
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Redis's CLUSTER SLOTS: {@code [first, last, [ip, port, id, {}]]} per range, in slot order. */
    private static RespReply slots(ClusterService.Status s) {
        List<Range> all = new ArrayList<>();
        for (ClusterService.Node n : s.nodes()) {
            for (int[] r : n.ranges()) {
                all.add(new Range(r[0], r[1], n));
            }
        }
        all.sort(java.util.Comparator.comparingInt(Range::first));
        return RespReply.array(all.stream().map(Range::reply).toList());
    }

    private record Range(int first, int last, ClusterService.Node node) {
        RespReply reply() {
            return RespReply.array(List.of(RespReply.integer(first), RespReply.integer(last), RespReply.array(List.of(
                    RespReply.bulk(node.host()), RespReply.integer(node.respPort()), RespReply.bulk(node.id()),
                    RespReply.map(List.of())))));
        }
    }

    /** Redis 7's CLUSTER SHARDS: one shard per node (a master, no replicas), its slots as first/last pairs. */
    private static RespReply shards(ClusterService.Status s) {
        List<RespReply> out = new ArrayList<>();
        for (ClusterService.Node n : s.nodes()) {
            List<RespReply> slots = new ArrayList<>();
            for (int[] r : n.ranges()) {
                slots.add(RespReply.integer(r[0]));
                slots.add(RespReply.integer(r[1]));
            }
            RespReply node = RespReply.map(List.of(
                    RespReply.bulk("id"), RespReply.bulk(n.id()),
                    RespReply.bulk("port"), RespReply.integer(n.respPort()),
                    RespReply.bulk("ip"), RespReply.bulk(n.host()),
                    RespReply.bulk("endpoint"), RespReply.bulk(n.host()),
                    RespReply.bulk("role"), RespReply.bulk("master"),
                    RespReply.bulk("replication-offset"), RespReply.integer(0),
                    RespReply.bulk("health"), RespReply.bulk(n.reachable() ? "online" : "failed")));
            out.add(RespReply.map(List.of(RespReply.bulk("slots"), RespReply.array(slots),
                    RespReply.bulk("nodes"), RespReply.array(List.of(node)))));
        }
        return RespReply.array(out);
    }
}
