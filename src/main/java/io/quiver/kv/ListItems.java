package io.quiver.kv;

/**
 * What a list command does to a list, whichever form holds it: the compact one decoded for the
 * change ({@link ListValue}, stored again after) or the large one changed in place ({@link LargeList}).
 */
public interface ListItems {
    int size();

    byte[] get(int i);

    void set(int i, byte[] element);

    /** Adds at the head ({@code left}) or the tail, as LPUSH/RPUSH: each in turn, so LPUSH a b c leaves c b a. */
    void push(byte[] element, boolean left);

    /** Removes and returns the head ({@code left}) or the tail. */
    byte[] pop(boolean left);

    /** Keeps only elements {@code from} to {@code to} inclusive (0-based, already clamped; from > to empties it). */
    void keep(int from, int to);

    /**
     * LREM: removes up to {@code count} elements equal to {@code element}, from the head when
     * {@code count} is positive, from the tail when negative, every one when 0. Returns how many.
     */
    long remove(byte[] element, long count);
}
