package io.quiver.vector;

/** One payload index as a shard reports it: its spec and how many of the shard's points have the field. */
public record PayloadSchemaEntry(PayloadIndexSpec spec, long points) {
}
