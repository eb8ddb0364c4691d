package io.quiver.client.cluster;

import io.quiver.shard.KeyHash;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlotTableTest {
    private static final List<String> THREE = List.of("a:1", "b:2", "c:3");

    @Test
    void aNewClustersTableSplitsTheSlotsInMemberOrder() {
        SlotTable t = SlotTable.initial(THREE);
        assertEquals(3, t.ranges().size());
        assertEquals(0, t.owners()[0]);
        assertEquals(2, t.owners()[KeyHash.SLOTS - 1]);
        assertTrue(t.balancedOver(t.activeNodes()));
    }

    @Test
    void aJoiningNodeGetsAnEvenShareFromTheTopOfEachRange() {
        SlotTable t = SlotTable.initial(THREE).withNode("d:4");
        int d = t.nodeIndex("d:4");
        for (SlotTable.Move m : t.planJoin(d)) {
            t = t.withMigration(new SlotTable.Migration(m.first(), m.last(), m.from(), m.to(), 0));
            t = t.withOwner(m.first(), m.last(), m.to());
        }
        assertEquals(KeyHash.SLOTS / 4, t.slotsOf(d));
        assertTrue(t.balancedOver(t.activeNodes()), t.ranges().toString());
        assertTrue(t.migrations().isEmpty());
    }

    @Test
    void aLeavingNodesSlotsGoToTheOthersEvenly() {
        SlotTable t = SlotTable.initial(List.of("a:1", "b:2", "c:3", "d:4"));
        for (SlotTable.Move m : t.planLeave(3)) {
            t = t.withOwner(m.first(), m.last(), m.to());
        }
        assertEquals(0, t.slotsOf(3));
        assertTrue(t.balancedOver(t.activeNodes()), t.ranges().toString());
    }

    @Test
    void aLeaveAfterAJoinMovesTheLeaversPiecesSoTheNodesLeftAreBalanced() {
        SlotTable t = SlotTable.initial(THREE).withNode("d:4");
        for (SlotTable.Move m : SlotMigrator.pieces(t.planJoin(3))) {
            t = t.withOwner(m.first(), m.last(), m.to());
        }
        List<SlotTable.Move> leave = SlotMigrator.pieces(t.planLeave(1));
        for (SlotTable.Move m : leave) {
            assertTrue(m.last() - m.first() + 1 <= SlotMigrator.PIECE, m.toString());
            assertEquals(1, m.from());
            t = t.withOwner(m.first(), m.last(), m.to());
        }
        assertEquals(0, t.slotsOf(1));
        assertEquals(List.of(0, 2, 3), java.util.Arrays.stream(t.activeNodes()).boxed().toList());
        assertTrue(t.balancedOver(t.activeNodes()), t.ranges().toString());
    }

    @Test
    void everyChangeBumpsTheEpochAndSurvivesTheWireForm() {
        SlotTable t = SlotTable.initial(THREE);
        SlotTable next = t.withNode("d:4").withMigration(new SlotTable.Migration(5000, 5460, 0, 3, 42));
        assertEquals(t.epoch() + 2, next.epoch());
        SlotTable back = SlotTable.fromBytes(next.toBytes());
        assertEquals(next.epoch(), back.epoch());
        assertEquals(next.nodes(), back.nodes());
        assertEquals(next.migrations(), back.migrations());
        assertEquals(next.ranges().size(), back.ranges().size());
    }
}
