package io.quiver.kv;

/** A value with its expiry (Unix ms, 0: none) and type ({@link KvEntry#STRING}, {@link KvEntry#HASH}: then the encoded hash): what moves when RENAME or COPY crosses shards. */
public record StoredValue(Value value, long expireAt, int type) {
    /** A string's value. */
    public StoredValue(Value value, long expireAt) {
        this(value, expireAt, KvEntry.STRING);
    }
}
