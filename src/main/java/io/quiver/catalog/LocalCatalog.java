package io.quiver.catalog;

import io.quiver.vector.CollectionConfig;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The catalog of a server in one JVM: a concurrent map shared by every front-end event loop, and
 * an epoch counter of its own. Every change completes at once.
 */
public final class LocalCatalog implements Catalog {
    private final ConcurrentMap<String, CollectionConfig> configs = new ConcurrentHashMap<>();
    private final AtomicLong epochs = new AtomicLong();

    @Override
    public CollectionConfig get(String name) {
        return configs.get(name);
    }

    @Override
    public boolean isEmpty() {
        return configs.isEmpty();
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(configs.keySet());
        names.sort(null);
        return names;
    }

    @Override
    public Future<Claim> claim(CollectionConfig config) {
        CollectionConfig existing = configs.get(config.name());
        if (existing != null) {
            return Future.succeededFuture(new Claim(existing, false));
        }
        CollectionConfig fresh = config.withEpoch(epochs.incrementAndGet());
        CollectionConfig raced = configs.putIfAbsent(config.name(), fresh);
        return Future.succeededFuture(raced == null ? new Claim(fresh, true) : new Claim(raced, false));
    }

    @Override
    public Future<CollectionConfig> update(String name, java.util.function.UnaryOperator<CollectionConfig> change) {
        try {
            return Future.succeededFuture(configs.computeIfPresent(name, (n, c) -> {
                CollectionConfig next = change.apply(c);
                if (!next.name().equals(n) || next.epoch() != c.epoch()) {
                    throw new IllegalArgumentException("an update keeps the collection's name and epoch");
                }
                return next;
            }));
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public Future<CollectionConfig> remove(String name) {
        return Future.succeededFuture(configs.remove(name));
    }

    @Override
    public Future<List<CollectionConfig>> clear() {
        List<CollectionConfig> removed = new ArrayList<>();
        for (String name : new ArrayList<>(configs.keySet())) {
            CollectionConfig c = configs.remove(name);
            if (c != null) {
                removed.add(c);
            }
        }
        return Future.succeededFuture(removed);
    }

    @Override
    public void restore(List<CollectionConfig> restored, long highestEpochSeen) {
        epochs.accumulateAndGet(highestEpochSeen, Math::max);
        for (CollectionConfig c : restored) {
            epochs.accumulateAndGet(c.epoch(), Math::max);
            configs.put(c.name(), c);
        }
    }
}
