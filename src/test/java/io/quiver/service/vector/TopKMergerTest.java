package io.quiver.service.vector;

import io.quiver.vector.PointId;
import io.quiver.vector.ShardHits;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TopKMergerTest {
    private record Hit(PointId id, float rank) {
    }

    private static final Comparator<Hit> ORDER = Comparator.comparingDouble((Hit h) -> -h.rank()).thenComparing(Hit::id);

    private static ShardHits hits(List<Hit> list) {
        List<Hit> sorted = new ArrayList<>(list);
        sorted.sort(ORDER);
        return new ShardHits(sorted.stream().map(Hit::id).toArray(PointId[]::new),
                toFloats(sorted.stream().map(Hit::rank).toList()));
    }

    private static float[] toFloats(List<Float> l) {
        float[] f = new float[l.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = l.get(i);
        }
        return f;
    }

    @Test
    void mergeEqualsAGlobalSortWithTiesById() {
        Random r = new Random(9);
        for (int rep = 0; rep < 50; rep++) {
            List<Hit> all = new ArrayList<>();
            List<ShardHits> shards = new ArrayList<>();
            int id = 0;
            for (int s = 0; s < 4; s++) {
                List<Hit> part = new ArrayList<>();
                for (int i = 0; i < r.nextInt(8); i++) {
                    Hit h = new Hit(PointId.of(id++ * 7919L % 1000), r.nextInt(5)); // few distinct ranks: many ties
                    part.add(h);
                }
                all.addAll(part);
                shards.add(hits(part));
            }
            all.sort(ORDER);
            int k = 1 + r.nextInt(10);
            ShardHits merged = TopKMerger.merge(shards, k);
            List<Hit> expected = all.subList(0, Math.min(k, all.size()));
            assertEquals(expected.size(), merged.size());
            assertArrayEquals(expected.stream().map(Hit::id).toArray(), merged.ids());
        }
    }
}
