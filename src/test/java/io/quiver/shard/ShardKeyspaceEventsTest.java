package io.quiver.shard;

import io.quiver.config.KeyspaceEventFlags;
import io.quiver.kv.KvEntry;
import io.quiver.kv.SetCondition;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The shard's side of keyspace notifications where no client command is involved: keys moved to
 * another node (slot migration) are neither deleted nor created, so moving them fires nothing.
 */
class ShardKeyspaceEventsTest {
    private final List<String> published = new ArrayList<>();
    private final Shard shard = new Shard(0);

    ShardKeyspaceEventsTest() {
        shard.attachEvents(new KeyspaceEvents(KeyspaceEventFlags.parse("KEA"),
                (channel, message) -> published.add(new String(channel, StandardCharsets.UTF_8) + " "
                        + new String(message, StandardCharsets.UTF_8))));
        shard.execute(new MigrationOp.Own(0, KeyHash.SLOTS - 1, true)); // a cluster node owning every slot
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aKeyArrivingByMigrationFiresNothing() {
        byte[] entry = KvEntry.of(b("moved"), b("v"), 0);
        shard.execute(new MigrationOp.Apply(new MigrationChunk(0, 0, -1,
                List.of(new MigrationChunk.Pair(0, entry)), List.of())));
        assertEquals(1L, shard.execute(new KvOp.Exists(new byte[][]{b("moved")})));
        assertEquals(List.of(), published);
    }

    @Test
    void keysPurgedAfterTheirSlotsLeftFireNothing() {
        shard.execute(new KvOp.Set(b("gone"), b("v"), SetCondition.ALWAYS));
        published.clear();
        int slot = KeyHash.slot(b("gone"));
        shard.execute(new MigrationOp.Own(slot, slot, false));
        shard.execute(new MigrationOp.Purge(slot, slot, 0, 0, 100));
        assertEquals(0L, shard.kv().size());
        assertEquals(List.of(), published);
    }

    @Test
    void aClientsDeleteAfterAMigrationStillFires() {
        shard.execute(new MigrationOp.Apply(new MigrationChunk(0, 0, -1,
                List.of(new MigrationChunk.Pair(0, KvEntry.of(b("k"), b("v"), 0))), List.of())));
        shard.execute(new KvOp.Delete(new byte[][]{b("k")}));
        assertEquals(List.of("__keyspace@0__:k del", "__keyevent@0__:del k"), published);
    }
}
