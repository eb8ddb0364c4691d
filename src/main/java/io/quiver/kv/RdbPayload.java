package io.quiver.kv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's DUMP payload for strings, hashes and lists: the value in RDB form, the RDB version (2 bytes,
 * little-endian) and Redis's CRC-64 (Jones, reflected) of everything before it (8 bytes,
 * little-endian). DUMP writes a string as RDB type 0, a hash as type 4 (field and value
 * strings) and a list as type 1 (its elements), which every Redis since 2.6 reads; RESTORE also reads what Redis 7 writes for small
 * hashes (type 16, a listpack), Redis 7's lists (type 18, a quicklist of listpacks), plain lists (type 1) and strings in each of RDB's encodings (integers, LZF).
 */
public final class RdbPayload {
    /** Redis 7.0's RDB version, written by DUMP; RESTORE reads payloads up to Redis 7.2's (11). */
    public static final int VERSION = 10;
    private static final int READABLE_VERSION = 11;
    private static final int TYPE_STRING = 0;
    private static final int TYPE_LIST = 1;
    private static final int TYPE_HASH = 4;
    private static final int TYPE_HASH_LISTPACK = 16;
    private static final int TYPE_LIST_QUICKLIST_2 = 18;
    static final String BAD_VERSION = "DUMP payload version or checksum are wrong";
    static final String BAD_DATA = "Bad data format";

    private RdbPayload() {
    }

    /** A restored value: its type ({@link KvEntry#STRING} or {@link KvEntry#HASH}) and its bytes as the store keeps them. */
    public record Restored(int type, byte[] value) {
    }

    /** The payload of a value of {@code type} stored as {@code value} (a string's bytes, a hash's {@link HashValue} encoding). */
    public static byte[] dump(int type, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 16);
        if (type == KvEntry.HASH) {
            HashValue h = HashValue.of(KvEntry.ofType(KvEntry.HASH, new byte[0], value, 0));
            out.write(TYPE_HASH);
            writeLength(out, h.size());
            for (int i = 0; i < h.size(); i++) {
                writeString(out, h.field(i));
                writeString(out, h.value(i));
            }
        } else if (type == KvEntry.LIST) {
            // RDB's plain list (type 1), which Redis 7 still loads (into its quicklist)
            ListValue l = ListValue.ofEncoded(value);
            out.write(TYPE_LIST);
            writeLength(out, l.size());
            for (int i = 0; i < l.size(); i++) {
                writeString(out, l.get(i));
            }
        } else {
            out.write(TYPE_STRING);
            writeString(out, value);
        }
        out.write(VERSION & 0xFF);
        out.write(VERSION >>> 8);
        byte[] body = out.toByteArray();
        long crc = crc64(body, 0, body.length);
        for (int i = 0; i < 8; i++) {
            out.write((int) (crc >>> (8 * i)) & 0xFF);
        }
        return out.toByteArray();
    }

    /** The value in {@code payload}; IllegalArgumentException with Redis's words when it is not one Quiver can take. */
    public static Restored restore(byte[] payload) {
        if (payload.length < 10) {
            throw new IllegalArgumentException(BAD_VERSION);
        }
        int end = payload.length - 10;
        int version = (payload[end] & 0xFF) | (payload[end + 1] & 0xFF) << 8;
        long crc = 0;
        for (int i = 0; i < 8; i++) {
            crc |= (payload[end + 2 + i] & 0xFFL) << (8 * i);
        }
        if (version > READABLE_VERSION || crc64(payload, 0, end + 2) != crc) {
            throw new IllegalArgumentException(BAD_VERSION);
        }
        try {
            Reader r = new Reader(payload, end);
            int type = r.u8();
            Restored restored = switch (type) {
                case TYPE_STRING -> new Restored(KvEntry.STRING, r.string());
                case TYPE_HASH -> {
                    long n = r.length();
                    HashValue h = HashValue.empty();
                    for (long i = 0; i < n; i++) {
                        byte[] field = r.string();
                        if (!h.put(field, r.string())) {
                            throw new IllegalArgumentException(BAD_DATA); // a field twice
                        }
                    }
                    yield hash(h);
                }
                case TYPE_HASH_LISTPACK -> hash(listpackHash(r.string()));
                case TYPE_LIST_QUICKLIST_2 -> {
                    // Redis 7's lists: nodes, each a plain element (container 1) or a listpack of them (2)
                    long nodes = r.length();
                    ListValue l = ListValue.empty();
                    for (long i = 0; i < nodes; i++) {
                        long container = r.length();
                        byte[] data = r.string();
                        if (container == 1) {
                            l.push(data, false);
                        } else if (container == 2) {
                            for (byte[] item : listpackItems(data)) {
                                l.push(item, false);
                            }
                        } else {
                            throw new IllegalArgumentException(BAD_DATA);
                        }
                    }
                    if (l.size() == 0) {
                        throw new IllegalArgumentException(BAD_DATA);
                    }
                    yield new Restored(KvEntry.LIST, l.encode());
                }
                case TYPE_LIST -> {
                    long n = r.length();
                    if (n == 0) {
                        throw new IllegalArgumentException(BAD_DATA); // Redis keeps no empty list
                    }
                    ListValue l = ListValue.empty();
                    for (long i = 0; i < n; i++) {
                        l.push(r.string(), false);
                    }
                    yield new Restored(KvEntry.LIST, l.encode());
                }
                default -> throw new IllegalArgumentException(BAD_DATA);
            };
            if (r.pos != end) {
                throw new IllegalArgumentException(BAD_DATA);
            }
            return restored;
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException(BAD_DATA);
        }
    }

    private static Restored hash(HashValue h) {
        if (h.size() == 0) {
            throw new IllegalArgumentException(BAD_DATA); // Redis keeps no empty hash
        }
        return new Restored(KvEntry.HASH, h.encode());
    }

    // ---- writing ----

    private static void writeLength(ByteArrayOutputStream out, long len) {
        if (len < 1 << 6) {
            out.write((int) len);
        } else if (len < 1 << 14) {
            out.write(0x40 | (int) (len >>> 8));
            out.write((int) len & 0xFF);
        } else if (len <= 0xFFFFFFFFL) {
            out.write(0x80);
            for (int s = 24; s >= 0; s -= 8) {
                out.write((int) (len >>> s) & 0xFF);
            }
        } else {
            out.write(0x81);
            for (int s = 56; s >= 0; s -= 8) {
                out.write((int) (len >>> s) & 0xFF);
            }
        }
    }

    private static void writeString(ByteArrayOutputStream out, byte[] s) {
        writeLength(out, s.length);
        out.write(s, 0, s.length);
    }

    // ---- reading ----

    private static final class Reader {
        final byte[] b;
        final int end;
        int pos;

        Reader(byte[] b, int end) {
            this.b = b;
            this.end = end;
        }

        int u8() {
            if (pos >= end) {
                throw new IndexOutOfBoundsException();
            }
            return b[pos++] & 0xFF;
        }

        /** A length; -1 - encoding for an encoded string (RDB's 11xxxxxx). */
        long lengthOrEncoding() {
            int first = u8();
            return switch (first >>> 6) {
                case 0 -> first & 0x3F;
                case 1 -> (first & 0x3F) << 8 | u8();
                case 2 -> {
                    int bytes = first == 0x80 ? 4 : first == 0x81 ? 8 : -1;
                    if (bytes < 0) {
                        throw new IllegalArgumentException(BAD_DATA);
                    }
                    long v = 0;
                    for (int i = 0; i < bytes; i++) {
                        v = v << 8 | u8();
                    }
                    yield v;
                }
                default -> -1 - (first & 0x3F);
            };
        }

        long length() {
            long n = lengthOrEncoding();
            if (n < 0) {
                throw new IllegalArgumentException(BAD_DATA);
            }
            return n;
        }

        byte[] bytes(long n) {
            if (n < 0 || n > end - pos) {
                throw new IllegalArgumentException(BAD_DATA);
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        long littleEndian(int bytes) {
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v |= (long) u8() << (8 * i);
            }
            return v << (64 - 8 * bytes) >> (64 - 8 * bytes); // signed
        }

        byte[] string() {
            long n = lengthOrEncoding();
            if (n >= 0) {
                return bytes(n);
            }
            int encoding = (int) (-1 - n);
            return switch (encoding) {
                case 0 -> decimal(littleEndian(1));
                case 1 -> decimal(littleEndian(2));
                case 2 -> decimal(littleEndian(4));
                case 3 -> {
                    long compressed = length(), plain = length();
                    if (plain > Integer.MAX_VALUE - 16) {
                        throw new IllegalArgumentException(BAD_DATA);
                    }
                    yield lzf(bytes(compressed), (int) plain);
                }
                default -> throw new IllegalArgumentException(BAD_DATA);
            };
        }
    }

    private static byte[] decimal(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** LZF (liblzf's format, as Redis compresses long strings). */
    static byte[] lzf(byte[] in, int plainLength) {
        byte[] out = new byte[plainLength];
        int ip = 0, op = 0;
        while (ip < in.length) {
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < 32) { // a literal run of ctrl + 1 bytes
                int n = ctrl + 1;
                if (ip + n > in.length || op + n > out.length) {
                    throw new IllegalArgumentException(BAD_DATA);
                }
                System.arraycopy(in, ip, out, op, n);
                ip += n;
                op += n;
            } else { // a back reference
                int len = ctrl >>> 5;
                if (len == 7) {
                    len += in[ip++] & 0xFF;
                }
                int ref = op - ((ctrl & 0x1F) << 8) - 1 - (in[ip++] & 0xFF);
                len += 2;
                if (ref < 0 || op + len > out.length) {
                    throw new IllegalArgumentException(BAD_DATA);
                }
                for (int i = 0; i < len; i++) {
                    out[op++] = out[ref++];
                }
            }
        }
        if (op != out.length) {
            throw new IllegalArgumentException(BAD_DATA);
        }
        return out;
    }

    /** A listpack of field, value, field, value ... (Redis 7's small hashes). */
    static HashValue listpackHash(byte[] lp) {
        List<byte[]> items = listpackItems(lp);
        if (items.size() % 2 != 0) {
            throw new IllegalArgumentException(BAD_DATA);
        }
        HashValue h = HashValue.empty();
        for (int i = 0; i < items.size(); i += 2) {
            if (!h.put(items.get(i), items.get(i + 1))) {
                throw new IllegalArgumentException(BAD_DATA);
            }
        }
        return h;
    }

    /** A listpack's items, each as its string (integers as their decimal text). */
    private static List<byte[]> listpackItems(byte[] lp) {
        if (lp.length < 7 || (lp[lp.length - 1] & 0xFF) != 0xFF) {
            throw new IllegalArgumentException(BAD_DATA);
        }
        List<byte[]> items = new ArrayList<>();
        int p = 6; // 4 bytes of total size, 2 of element count
        while ((lp[p] & 0xFF) != 0xFF) {
            int start = p, enc = lp[p] & 0xFF;
            byte[] item;
            if ((enc & 0x80) == 0) { // 7-bit unsigned integer
                item = decimal(enc);
                p += 1;
            } else if ((enc & 0xC0) == 0x80) { // string of up to 63 bytes
                int n = enc & 0x3F;
                item = java.util.Arrays.copyOfRange(lp, p + 1, p + 1 + n);
                p += 1 + n;
            } else if ((enc & 0xE0) == 0xC0) { // 13-bit signed integer
                int v = (enc & 0x1F) << 8 | (lp[p + 1] & 0xFF);
                item = decimal(v >= 1 << 12 ? v - (1 << 13) : v);
                p += 2;
            } else if ((enc & 0xF0) == 0xE0) { // string of up to 4095 bytes
                int n = (enc & 0x0F) << 8 | (lp[p + 1] & 0xFF);
                item = java.util.Arrays.copyOfRange(lp, p + 2, p + 2 + n);
                p += 2 + n;
            } else if (enc == 0xF0) { // string with a 32-bit length
                int n = (int) le(lp, p + 1, 4);
                if (n < 0 || p + 5 + n > lp.length) {
                    throw new IllegalArgumentException(BAD_DATA);
                }
                item = java.util.Arrays.copyOfRange(lp, p + 5, p + 5 + n);
                p += 5 + n;
            } else {
                int bytes = switch (enc) {
                    case 0xF1 -> 2;
                    case 0xF2 -> 3;
                    case 0xF3 -> 4;
                    case 0xF4 -> 8;
                    default -> throw new IllegalArgumentException(BAD_DATA);
                };
                long v = le(lp, p + 1, bytes);
                item = decimal(v << (64 - 8 * bytes) >> (64 - 8 * bytes));
                p += 1 + bytes;
            }
            int entry = p - start; // then the entry's length backwards, in 1 to 5 bytes
            p += entry < 128 ? 1 : entry < 16384 ? 2 : entry < 2097152 ? 3 : entry < 268435456 ? 4 : 5;
            if (p >= lp.length) {
                throw new IllegalArgumentException(BAD_DATA);
            }
            items.add(item);
        }
        return items;
    }

    private static long le(byte[] b, int off, int bytes) {
        long v = 0;
        for (int i = 0; i < bytes; i++) {
            v |= (b[off + i] & 0xFFL) << (8 * i);
        }
        return v;
    }

    // ---- Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected, initial value 0) ----

    private static final long[] CRC_TABLE = new long[256];

    static {
        long poly = Long.reverse(0xad93d23594c935a9L);
        for (int i = 0; i < 256; i++) {
            long c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ poly : c >>> 1;
            }
            CRC_TABLE[i] = c;
        }
    }

    static long crc64(byte[] b, int off, int len) {
        long crc = 0;
        for (int i = off; i < off + len; i++) {
            crc = CRC_TABLE[(int) ((crc ^ b[i]) & 0xFF)] ^ (crc >>> 8);
        }
        return crc;
    }
}
