package io.quiver.kv;

import java.util.Arrays;

/**
 * A list past {@link EncodingLimits#LIST_MAX_BYTES}: Redis's {@code quicklist} encoding, here a ring
 * buffer of element arrays (a power-of-two capacity, the head's position and the length), so a push
 * or a pop at either end is O(1) (amortised over the doublings), LINDEX and LSET too, and LRANGE is
 * linear in what it returns; LREM, LTRIM and LINSERT-like changes are linear in the length, as
 * Redis's. Held by the list's entry in its store's table of large values ({@link KvEntry#isLarge});
 * touched only on the owning shard's thread. A snapshot copies the references in order
 * ({@link #freeze}), never the elements.
 */
public final class LargeList extends LargeValue implements ListItems {
    private static final int MIN_CAPACITY = 16;

    private byte[][] items = new byte[MIN_CAPACITY][];
    private int head;
    private int size;
    /** The elements' arrays with their headers, for MEMORY USAGE and max-memory. */
    private long elementBytes;

    LargeList() {
    }

    /** The list encoded (as {@link ListValue}) in {@code b} from {@code offset}. */
    static LargeList ofEncoded(byte[] b, int offset) {
        int[] pos = {offset};
        int n = HashValue.varInt(b, pos);
        LargeList l = new LargeList();
        l.items = new byte[capacityFor(n)][];
        for (int i = 0; i < n; i++) {
            l.push(HashValue.bytes(b, pos), false);
        }
        return l;
    }

    private static int capacityFor(int n) {
        return Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, n) - 1) << 1);
    }

    private static long arrayBytes(byte[] b) {
        return (16 + b.length + 7) & ~7L;
    }

    @Override
    public int size() {
        return size;
    }

    private int slot(int i) {
        return (head + i) & (items.length - 1);
    }

    @Override
    public byte[] get(int i) {
        return items[slot(i)];
    }

    @Override
    public void set(int i, byte[] element) {
        int s = slot(i);
        elementBytes += arrayBytes(element) - arrayBytes(items[s]);
        items[s] = element;
        recount();
    }

    @Override
    public void push(byte[] element, boolean left) {
        if (size == items.length) {
            resize(items.length * 2);
        }
        if (left) {
            head = (head - 1) & (items.length - 1);
            items[head] = element;
        } else {
            items[slot(size)] = element;
        }
        size++;
        elementBytes += arrayBytes(element);
        recount();
    }

    @Override
    public byte[] pop(boolean left) {
        int s = left ? head : slot(size - 1);
        byte[] e = items[s];
        items[s] = null;
        if (left) {
            head = (head + 1) & (items.length - 1);
        }
        size--;
        elementBytes -= arrayBytes(e);
        if (items.length > MIN_CAPACITY && size < items.length / 4) {
            resize(items.length / 2); // a drained queue gives its slots back
        }
        recount();
        return e;
    }

    @Override
    public void keep(int from, int to) {
        replaceWith(from > to ? new byte[0][] : inOrder(from, to + 1));
    }

    @Override
    public long remove(byte[] element, long count) {
        long limit = count == 0 ? Long.MAX_VALUE : Math.abs(count);
        boolean[] drop = new boolean[size];
        long removed = 0;
        for (int k = 0; k < size && removed < limit; k++) {
            int i = count >= 0 ? k : size - 1 - k;
            if (Arrays.equals(get(i), element)) {
                drop[i] = true;
                removed++;
            }
        }
        if (removed > 0) {
            byte[][] kept = new byte[(int) (size - removed)][];
            for (int i = 0, n = 0; i < size; i++) {
                if (!drop[i]) {
                    kept[n++] = get(i);
                }
            }
            replaceWith(kept);
        }
        return removed;
    }

    private void replaceWith(byte[][] elements) {
        items = new byte[capacityFor(elements.length)][];
        System.arraycopy(elements, 0, items, 0, elements.length);
        head = 0;
        size = elements.length;
        elementBytes = 0;
        for (byte[] e : elements) {
            elementBytes += arrayBytes(e);
        }
        recount();
    }

    private void resize(int capacity) {
        byte[][] next = new byte[capacity][];
        int first = Math.min(size, items.length - head);
        System.arraycopy(items, head, next, 0, first);
        System.arraycopy(items, 0, next, first, size - first);
        items = next;
        head = 0;
    }

    /** Elements {@code from} (inclusive) to {@code to} (exclusive), head first, as a new array of the same references. */
    private byte[][] inOrder(int from, int to) {
        byte[][] out = new byte[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = get(i);
        }
        return out;
    }

    /** A copy sharing the (immutable) elements: COPY. */
    @Override
    LargeList copy() {
        LargeList l = new LargeList();
        l.replaceWith(inOrder(0, size));
        return l;
    }

    @Override
    long memoryEstimate() {
        return 32 + 16 + 4L * items.length + elementBytes;
    }

    /** The snapshot's copy step: the elements in order (references), encoded later off the shard's thread by {@link #encode}. */
    @Override
    byte[][] freeze() {
        return inOrder(0, size);
    }

    /** The compact encoding ({@link ListValue}'s layout) of {@code elements}. */
    static byte[] encode(byte[][] elements) {
        long total = HashValue.varIntSize(elements.length);
        for (byte[] e : elements) {
            total += HashValue.varIntSize(e.length) + e.length;
        }
        if (total > Integer.MAX_VALUE - 64) {
            throw new IllegalStateException("a list of " + total + " encoded bytes does not fit one array");
        }
        byte[] out = new byte[(int) total];
        int p = HashValue.putVarInt(out, 0, elements.length);
        for (byte[] e : elements) {
            p = HashValue.putBytes(out, p, e);
        }
        return out;
    }

    @Override
    byte[] encode() {
        return encode(freeze());
    }
}
