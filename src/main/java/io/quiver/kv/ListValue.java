package io.quiver.kv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A list's elements as one byte string, the value of its {@link KvEntry} (type {@link KvEntry#LIST}):
 * {@code [count: varint]} then, head to tail, {@code [element length: varint][element]} (the layout of
 * {@link HashValue}, one string per item). As compact as Redis's listpack for small lists; a change
 * builds a new string (entries are immutable), so writes cost time linear in the list's length: right
 * for the short lists of queues and recent-items, slow for lists of many thousands of elements.
 */
public final class ListValue implements ListItems {
    private final List<byte[]> items;

    private ListValue(List<byte[]> items) {
        this.items = items;
    }

    public static ListValue empty() {
        return new ListValue(new ArrayList<>());
    }

    /** The list in {@code entry} (a {@link KvEntry} of type LIST). */
    public static ListValue of(byte[] entry) {
        return decode(entry, KvEntry.valueOffset(entry));
    }

    /** The list encoded in {@code value} (an entry's value bytes). */
    public static ListValue ofEncoded(byte[] value) {
        return decode(value, 0);
    }

    private static ListValue decode(byte[] b, int offset) {
        int[] pos = {offset};
        int n = HashValue.varInt(b, pos);
        List<byte[]> items = new ArrayList<>(Math.max(n, 4));
        for (int i = 0; i < n; i++) {
            items.add(HashValue.bytes(b, pos));
        }
        return new ListValue(items);
    }

    /** Elements in the list of {@code entry}, read from its first bytes. */
    public static int count(byte[] entry) {
        return HashValue.varInt(entry, new int[]{KvEntry.valueOffset(entry)});
    }

    public int size() {
        return items.size();
    }

    public byte[] get(int i) {
        return items.get(i);
    }

    public void set(int i, byte[] element) {
        items.set(i, element);
    }

    /** Adds at the head ({@code left}) or the tail, as LPUSH/RPUSH: each in turn, so LPUSH a b c leaves c b a. */
    public void push(byte[] element, boolean left) {
        if (left) {
            items.addFirst(element);
        } else {
            items.add(element);
        }
    }

    /** Removes and returns the head ({@code left}) or the tail. */
    public byte[] pop(boolean left) {
        return left ? items.removeFirst() : items.removeLast();
    }

    /** Keeps only elements {@code from} to {@code to} inclusive (0-based, already clamped; from > to empties it). */
    public void keep(int from, int to) {
        if (from > to) {
            items.clear();
            return;
        }
        items.subList(to + 1, items.size()).clear();
        items.subList(0, from).clear();
    }

    /**
     * LREM: removes up to {@code count} elements equal to {@code element}, from the head when
     * {@code count} is positive, from the tail when negative, every one when 0. Returns how many.
     */
    public long remove(byte[] element, long count) {
        long removed = 0;
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        if (count >= 0) {
            for (int i = 0; i < items.size() && removed < limit; ) {
                if (Arrays.equals(items.get(i), element)) {
                    items.remove(i);
                    removed++;
                } else {
                    i++;
                }
            }
        } else {
            for (int i = items.size() - 1; i >= 0 && removed < limit; i--) {
                if (Arrays.equals(items.get(i), element)) {
                    items.remove(i);
                    removed++;
                }
            }
        }
        return removed;
    }

    /** The encoded form (the value of the entry). */
    public byte[] encode() {
        int size = HashValue.varIntSize(items.size());
        for (byte[] item : items) {
            size += HashValue.varIntSize(item.length) + item.length;
        }
        byte[] out = new byte[size];
        int p = HashValue.putVarInt(out, 0, items.size());
        for (byte[] item : items) {
            p = HashValue.putBytes(out, p, item);
        }
        return out;
    }

    /** Whether {@code value} (an entry's value bytes) is a well-formed encoded list; for data read from files and the wire. */
    public static boolean isWellFormed(byte[] value) {
        try {
            int[] pos = {0};
            int n = HashValue.varInt(value, pos);
            for (int i = 0; i < n; i++) {
                int l = HashValue.varInt(value, pos);
                if (l < 0 || pos[0] + l > value.length) {
                    return false;
                }
                pos[0] += l;
            }
            return n >= 0 && pos[0] == value.length;
        } catch (ArrayIndexOutOfBoundsException e) {
            return false;
        }
    }
}
