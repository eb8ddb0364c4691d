package io.quiver.kv;

/** One step of SCAN (or all of KEYS): the keys found and the cursor to go on from (0: done). */
public record ScanPage(long cursor, byte[][] keys) {
}
