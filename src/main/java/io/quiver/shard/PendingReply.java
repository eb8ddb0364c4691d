package io.quiver.shard;

import java.util.concurrent.CompletableFuture;

/**
 * A reply that is not ready when the shard finishes the operation (a snapshot being written, for
 * {@code SAVE}): the journal waits for it and puts its value in the operation's place before the
 * batch's answer leaves the shard, so no answer ever carries one.
 */
public record PendingReply(CompletableFuture<?> reply) {
}
