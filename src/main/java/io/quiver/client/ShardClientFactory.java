package io.quiver.client;

import io.vertx.core.Context;

/**
 * Makes the shard clients of one server: one per front-end event loop and one for background work
 * (imports, the bulk load, the snapshot at shutdown). The choice of factory is the choice of where
 * shards live.
 */
public interface ShardClientFactory {

    /**
     * A client confined to {@code context}: called from another thread, it hands the work to that
     * context first.
     *
     * @param timeoutMillis how long an operation may take, from when it is sent; 0 for no deadline
     */
    ShardClient open(Context context, Admission admission, long timeoutMillis);
}
