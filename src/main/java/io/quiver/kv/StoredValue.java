package io.quiver.kv;

/** A value with its expiry (Unix ms, 0: none): what moves when RENAME or COPY crosses shards. */
public record StoredValue(Value value, long expireAt) {
}
