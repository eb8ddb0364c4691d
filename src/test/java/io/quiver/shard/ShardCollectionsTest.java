package io.quiver.shard;

import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A shard's collection parts across drops and re-creations (epochs), driven directly. */
class ShardCollectionsTest {
    private static CollectionConfig config(long epoch) {
        return new CollectionConfig("c", 2, Metric.DOT, IndexKind.FLAT, GraphParams.DEFAULTS, 0).withEpoch(epoch);
    }

    private static VectorOp.Upsert upsert(CollectionConfig config, long id) {
        return new VectorOp.Upsert("c", config, new PointId[]{PointId.of(id)}, new float[][]{{1, 2}}, null, false);
    }

    private static long count(Shard shard) {
        return (Long) shard.execute(new VectorOp.Count("c"));
    }

    @Test
    void anUpsertThatArrivesAfterItsCollectionWasDroppedIsRefusedAndLeavesNothing() {
        Shard shard = new Shard(0);
        shard.execute(new VectorOp.CreateCollection(config(1)));
        shard.execute(upsert(config(1), 6));
        shard.execute(new VectorOp.DropCollection("c", 1));
        // in flight during the drop: it must not bring the dropped collection back (nor, logged, after a restart)
        QuiverException e = assertThrows(QuiverException.class, () -> shard.execute(upsert(config(1), 7)));
        assertEquals(io.quiver.error.ErrorCode.NOT_FOUND, e.code());
        assertNull(shard.collection("c"));
        shard.execute(new VectorOp.CreateCollection(config(2)));
        assertEquals(0, count(shard));
        shard.execute(upsert(config(2), 8));
        assertEquals(1, count(shard));
    }

    @Test
    void aCreateThatArrivesAfterItsDropIsIgnored() {
        Shard shard = new Shard(0);
        shard.execute(new VectorOp.DropCollection("c", 3)); // the drop overtook the create broadcast
        shard.execute(new VectorOp.CreateCollection(config(3)));
        assertNull(shard.collection("c"));
    }

    @Test
    void aDropOfAnOlderIncarnationKeepsANewerOne() {
        Shard shard = new Shard(0);
        shard.execute(new VectorOp.CreateCollection(config(4)));
        shard.execute(upsert(config(4), 1));
        shard.execute(new VectorOp.DropCollection("c", 3)); // late: the newer create overtook it
        assertEquals(1, count(shard));
        shard.execute(new VectorOp.DropAll(new String[]{"c"}, new long[]{4}));
        assertNull(shard.collection("c"));
    }

    @Test
    void anUpsertForADroppedIncarnationIsRefused() {
        Shard shard = new Shard(0);
        shard.execute(new VectorOp.CreateCollection(config(5)));
        QuiverException e = assertThrows(QuiverException.class, () -> shard.execute(upsert(config(4), 1)));
        assertEquals(io.quiver.error.ErrorCode.NOT_FOUND, e.code());
        assertEquals(0, count(shard));
    }

    @Test
    void theCreateBroadcastKeepsPointsAFirstVaddAlreadyAdded() {
        Shard shard = new Shard(0);
        shard.execute(upsert(config(9), 1)); // the first VADD's point arrived before the create broadcast
        shard.execute(new VectorOp.CreateCollection(config(9)));
        assertEquals(1, count(shard));
    }
}
