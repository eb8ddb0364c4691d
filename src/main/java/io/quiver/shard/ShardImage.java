package io.quiver.shard;

import io.quiver.vector.CollectionImage;

import java.util.List;
import java.util.Map;

/**
 * A shard's state as of one moment, taken on the shard's thread in a short copy step so a snapshot
 * can be written in the background while the shard goes on. Cheap because stored data is immutable:
 * the copy is of references ({@link io.quiver.kv.KvEntry} arrays, vector arrays, ids, payload
 * strings, jvector's immutable neighbour lists), not of bytes (see {@link io.quiver.vector.GraphImage}).
 *
 * @param shard       the shard it was taken from
 * @param kv          database 0's pairs: its table's slots and a copy of its large values' references ({@link io.quiver.kv.KvImage})
 * @param otherDbs    the databases above 0 that hold keys, ascending, each as {@code kv} is for database 0
 * @param collections one image per collection part
 * @param droppedMarks highest epoch dropped per collection name (see {@link VectorOp.DropCollection})
 */
public record ShardImage(int shard, io.quiver.kv.KvImage kv, List<DbImage> otherDbs, List<CollectionImage> collections,
                         Map<String, Long> droppedMarks) {

    /** One database's pairs. */
    public record DbImage(int db, io.quiver.kv.KvImage kv) {
    }

    /** Pairs over every database. */
    public long keys() {
        long n = kv.count();
        for (DbImage d : otherDbs) {
            n += d.kv().count();
        }
        return n;
    }

    /** Done with the image (written, or given up): releases what its collection images pin (mapped vectors). */
    public void release() {
        for (CollectionImage c : collections) {
            if (c.points() != null) {
                c.points().release();
            }
        }
    }

    /** Live points over every collection image. */
    public long points() {
        long n = 0;
        for (CollectionImage c : collections) {
            n += c.liveCount();
        }
        return n;
    }
}
