package io.quiver.shard;

import io.quiver.error.ErrorCode;
import io.quiver.error.QuiverException;
import io.quiver.vector.CollectionConfig;
import io.quiver.vector.GraphParams;
import io.quiver.vector.IndexKind;
import io.quiver.vector.Metric;
import io.quiver.vector.PointId;
import io.quiver.vector.PointRecord;
import io.quiver.vector.SearchParams;
import io.quiver.vector.ShardHits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slot range's collection points moving from one cluster node's shard to another's, the two
 * shards driven directly with the slot table each node would see: what the copy carries, what
 * reads over every shard answer on each side before, during and after the switch, and which
 * writes wait.
 */
class ShardPointMigrationTest {
    private static final CollectionConfig CONFIG = new CollectionConfig("c", 2, Metric.EUCLIDEAN, IndexKind.FLAT,
            GraphParams.DEFAULTS, 0, 7);
    private static final int POINTS = 200;
    /** The range that moves: the slots of the first half of the slot space. */
    private static final int FIRST = 0, LAST = 8191;
    private final Shard from = new Shard(0);
    private final Shard to = new Shard(0);
    private final AtomicReference<SlotView> fromView = new AtomicReference<>();
    private final AtomicReference<SlotView> toView = new AtomicReference<>();

    @BeforeEach
    void oneNodeOwnsEverything() {
        from.attachSlotView(fromView::get);
        to.attachSlotView(toView::get);
        table(1, 0);
        from.execute(new MigrationOp.Own(0, KeyHash.SLOTS - 1, true));
        to.execute(new MigrationOp.Own(0, KeyHash.SLOTS - 1, false));
        PointId[] ids = new PointId[POINTS];
        float[][] vectors = new float[POINTS][];
        String[] payloads = new String[POINTS];
        for (int i = 0; i < POINTS; i++) {
            ids[i] = PointId.of(i);
            vectors[i] = new float[]{i, 0};
            payloads[i] = "{\"i\":" + i + "}";
        }
        from.execute(new VectorOp.Upsert("c", CONFIG, ids, vectors, payloads, false));
    }

    /** Both nodes' tables at {@code epoch}: slots of the moving range owned by {@code rangeOwner} (0 = from, 1 = to), the rest by from. */
    private void table(long epoch, int rangeOwner) {
        short[] owners = new short[KeyHash.SLOTS];
        java.util.Arrays.fill(owners, FIRST, LAST + 1, (short) rangeOwner);
        fromView.set(new SlotView(epoch, owners, 0));
        toView.set(new SlotView(epoch, owners, 1));
    }

    private static int inRange() {
        int n = 0;
        for (int i = 0; i < POINTS; i++) {
            int slot = KeyHash.slot(PointId.of(i).bytes());
            if (slot >= FIRST && slot <= LAST) {
                n++;
            }
        }
        return n;
    }

    private void copy() {
        from.execute(new MigrationOp.Track(FIRST, LAST));
        String after = null;
        while (true) {
            PointsChunk c = (PointsChunk) from.execute(new MigrationOp.CopyPoints(FIRST, LAST, after));
            if (c.collection() == null) {
                break;
            }
            to.execute(new MigrationOp.ApplyPoints(FIRST, LAST, c.ops()));
            after = c.collection();
        }
    }

    private static long count(Shard s, long epoch) {
        return (Long) s.execute(new VectorOp.AtEpoch<>(epoch, new VectorOp.Count("c")));
    }

    private static List<Long> searchIds(Shard s, long epoch, int k) {
        ShardHits[] h = (ShardHits[]) s.execute(new VectorOp.AtEpoch<>(epoch, new VectorOp.Search("c",
                new float[][]{{0, 0}}, new int[]{k}, new SearchParams[]{SearchParams.DEFAULT})));
        List<Long> out = new ArrayList<>();
        for (PointId id : h[0].ids()) {
            out.add(Long.parseLong(id.toString()));
        }
        return out;
    }

    @Test
    void theCopyCarriesExactlyTheRangesPointsWithTheirPayloads() {
        copy();
        int n = inRange();
        assertTrue(n > 20 && n < POINTS - 20, "the range holds some of the points: " + n);
        PointRecord[] got = (PointRecord[]) to.execute(new VectorOp.Scroll("c", null, null, POINTS + 1, true, true));
        assertEquals(n, got.length);
        for (PointRecord r : got) {
            int slot = KeyHash.slot(r.id().bytes());
            assertTrue(slot >= FIRST && slot <= LAST, r.id() + " is of slot " + slot);
            long i = Long.parseLong(r.id().toString());
            assertArrayEquals(new float[]{i, 0}, r.vector());
            assertEquals("{\"i\":" + i + "}", r.payload());
        }
    }

    @Test
    void beforeTheSwitchTheNewOwnersCopiesAreLeftOutOfReadsOverEveryShard() {
        copy();
        assertEquals(POINTS, count(from, 1) + count(to, 1), "each point counted once");
        List<Long> hits = new ArrayList<>(searchIds(from, 1, 10));
        hits.addAll(searchIds(to, 1, 10));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), hits.stream().sorted().limit(10).toList());
        assertEquals(hits.size(), hits.stream().distinct().count(), "no point twice: " + hits);
    }

    @Test
    void aReadSentByAnotherTableThanTheShardsAnswersTryAgain() {
        QuiverException e = assertThrows(QuiverException.class, () -> count(from, 2));
        assertEquals(ErrorCode.TRY_AGAIN, e.code());
    }

    @Test
    void writesToPointsBeingCopiedWaitAndOthersGoOn() {
        copy();
        PointId moving = null, staying = null;
        for (int i = 0; i < POINTS && (moving == null || staying == null); i++) {
            int slot = KeyHash.slot(PointId.of(i).bytes());
            if (slot <= LAST) {
                moving = moving == null ? PointId.of(i) : moving;
            } else {
                staying = staying == null ? PointId.of(i) : staying;
            }
        }
        PointId m = moving;
        QuiverException e = assertThrows(QuiverException.class, () -> from.execute(new VectorOp.SetPayload("c", m, "{}")));
        assertEquals(ErrorCode.TRY_AGAIN, e.code());
        assertEquals(Boolean.TRUE, from.execute(new VectorOp.SetPayload("c", staying, "{\"x\":1}")));
        QuiverException byFilter = assertThrows(QuiverException.class,
                () -> from.execute(new VectorOp.DeleteWhere("c", null)));
        assertEquals(ErrorCode.TRY_AGAIN, byFilter.code());
    }

    @Test
    void afterTheSwitchTheOldOwnerPurgesOnlyOnceItsTableSwitchedAndReadsWaitUntilThen() {
        copy();
        from.execute(new MigrationOp.Drain(FIRST, LAST, true));
        to.execute(new MigrationOp.Own(FIRST, LAST, true));
        QuiverException waiting = assertThrows(QuiverException.class, () -> count(from, 1));
        assertEquals(ErrorCode.TRY_AGAIN, waiting.code(), "the fenced shard holds points it gave away");
        assertEquals(-1L, from.execute(new MigrationOp.PurgePoints(FIRST, LAST)), "its table still gives it the range");
        table(2, 1);
        assertEquals((long) inRange(), from.execute(new MigrationOp.PurgePoints(FIRST, LAST)));
        assertEquals(POINTS - inRange(), count(from, 2));
        assertEquals(inRange(), count(to, 2));
        QuiverException moved = assertThrows(QuiverException.class,
                () -> from.execute(new VectorOp.Retrieve("c", new PointId[]{PointId.of(firstInRange())}, false, false)));
        assertEquals(ErrorCode.SLOT_MOVED, moved.code(), "a read by id goes on to the new owner");
    }

    private static int firstInRange() {
        for (int i = 0; ; i++) {
            if (KeyHash.slot(PointId.of(i).bytes()) <= LAST) {
                return i;
            }
        }
    }
}
