package io.quiver.catalog;

import io.quiver.vector.CollectionConfig;
import io.vertx.core.Future;

import java.util.List;

/**
 * Which vector collections exist, with their configs: the one authority every front end consults
 * before sending vector work to the shards. Reads answer from this node's view at once (they are on
 * every request's path); changes are asynchronous, as a catalog shared by several nodes must be.
 *
 * <p>Epochs: every creation of a name gets a new epoch, higher than any this catalog (or the data
 * it was restored from) has given, so a shard can tell a dropped incarnation's late operations from
 * the new one's (see {@link CollectionConfig#epoch}).
 */
public interface Catalog {

    /** The config of the collection of that name, or null. */
    CollectionConfig get(String name);

    /** Whether there is no collection at all (checked on every string command's path: must be cheap). */
    boolean isEmpty();

    /** Every collection's name, sorted. */
    List<String> names();

    /** The outcome of {@link #claim}: the collection's config, and whether this call created it. */
    record Claim(CollectionConfig config, boolean created) {
    }

    /**
     * Creates the collection from {@code config} with a new epoch, unless the name is taken: then
     * the existing config comes back, not created. Two front ends racing for a name agree on one.
     */
    Future<Claim> claim(CollectionConfig config);

    /**
     * Replaces the config of the collection of that name by {@code change} applied to it (the same
     * incarnation: name and epoch kept); the future holds the new config, or null when there is no
     * such collection. Two changes racing for one collection: each applies to the other's result,
     * or one fails with TRYAGAIN, never one lost silently.
     */
    Future<CollectionConfig> update(String name, java.util.function.UnaryOperator<CollectionConfig> change);

    /** Removes a collection; the future holds its config (whose epoch the shards are told), or null. */
    Future<CollectionConfig> remove(String name);

    /**
     * Removes every collection and holds what it removed: a collection created meanwhile is either
     * in the list (and dropped on the shards) or stays, never half.
     */
    Future<List<CollectionConfig>> clear();

    /**
     * At start, after recovery and before any request: the collections the shards hold, and the
     * highest epoch the data directory has seen (parts and drops), above which new epochs continue.
     */
    void restore(List<CollectionConfig> configs, long highestEpochSeen);
}
