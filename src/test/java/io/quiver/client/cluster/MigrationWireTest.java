package io.quiver.client.cluster;

import io.quiver.shard.MigrationChunk;
import io.quiver.shard.MigrationOp;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class MigrationWireTest {
    private static final MigrationChunk CHUNK = new MigrationChunk(3, 77L, 4,
            List.of(new MigrationChunk.Pair(3, "entry-1".getBytes(StandardCharsets.UTF_8)),
                    new MigrationChunk.Pair(3, new byte[]{0, -1, 2})),
            List.of(new MigrationChunk.Pair(3, "gone".getBytes(StandardCharsets.UTF_8))));

    @Test
    void everyMigrationOpComesBackWithItsShardAndFields() {
        List<MigrationOp<?>> ops = List.of(new MigrationOp.Track(10, 20), new MigrationOp.Untrack(10, 20),
                new MigrationOp.Copy(0, 5460, 2, 123456789L, 500), new MigrationOp.Drain(0, 5460, true),
                new MigrationOp.Own(0, 5460, false), new MigrationOp.Purge(1, 2, 15, 9L, 1000),
                new MigrationOp.CopyPoints(0, 5460, "docs"), new MigrationOp.CopyPoints(0, 5460, null),
                new MigrationOp.ApplyPoints(0, 5460, List.of()), new MigrationOp.PurgePoints(1, 2));
        for (MigrationOp<?> op : ops) {
            var buffer = MigrationWire.request(5, op);
            assertEquals(5, MigrationWire.shardOf(buffer));
            assertEquals(op, MigrationWire.op(buffer));
        }
        assertEquals(ops.stream().map(Object::getClass).distinct().count() + 1, (long) MigrationOp.class.getPermittedSubclasses().length,
                "a new migration op needs a sample here (Apply has its own test)");
    }

    @Test
    void anApplyCarriesItsChunkByteForByte() {
        var back = assertInstanceOf(MigrationOp.Apply.class, MigrationWire.op(MigrationWire.request(1, new MigrationOp.Apply(CHUNK))));
        assertSameChunk(CHUNK, back.chunk());
    }

    @Test
    void repliesComeBackAsBooleanLongOrChunk() {
        assertEquals(true, MigrationWire.reply(MigrationWire.reply(true)));
        assertEquals(-42L, MigrationWire.reply(MigrationWire.reply(-42L)));
        assertSameChunk(CHUNK, (MigrationChunk) MigrationWire.reply(MigrationWire.reply(CHUNK)));
    }

    private static void assertSameChunk(MigrationChunk want, MigrationChunk got) {
        assertEquals(List.of(want.db(), want.cursor(), want.nextDb()), List.of(got.db(), got.cursor(), got.nextDb()));
        assertPairs(want.pairs(), got.pairs());
        assertPairs(want.gone(), got.gone());
    }

    private static void assertPairs(List<MigrationChunk.Pair> want, List<MigrationChunk.Pair> got) {
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).db(), got.get(i).db());
            assertArrayEquals(want.get(i).bytes(), got.get(i).bytes(), "pair " + i + ": " + Arrays.toString(got.get(i).bytes()));
        }
    }
}
