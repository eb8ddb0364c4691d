package io.quiver.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * The longest common subsequence of two byte strings (Redis's LCS), by the dynamic-programming
 * table of prefix lengths, walked back from the end to recover the subsequence and its contiguous
 * matching ranges. The ranges come last-to-first, as Redis reports them, and the walk breaks ties
 * as Redis does so that the same inputs give the same ranges.
 */
public final class CommonSubsequence {
    /** A contiguous match: bytes aStart..aEnd of the first string equal bStart..bEnd of the second. */
    public record Match(int aStart, int aEnd, int bStart, int bEnd) {
        public int length() {
            return aEnd - aStart + 1;
        }
    }

    /** The subsequence, its length and its matches of at least the asked length (all when 0). */
    public record Result(byte[] subsequence, int length, List<Match> matches) {
    }

    private CommonSubsequence() {
    }

    /** Bytes the table for two strings of these lengths takes (Redis bounds it by proto-max-bulk-len). */
    public static long tableBytes(int aLength, int bLength) {
        return (aLength + 1L) * (bLength + 1L) * Integer.BYTES;
    }

    public static Result of(byte[] a, byte[] b, int minMatchLength) {
        int cols = b.length + 1;
        int[] table = new int[Math.toIntExact((a.length + 1L) * cols)];
        for (int i = 1; i <= a.length; i++) {
            int row = i * cols, above = row - cols;
            for (int j = 1; j <= b.length; j++) {
                table[row + j] = a[i - 1] == b[j - 1] ? table[above + j - 1] + 1
                        : Math.max(table[above + j], table[row + j - 1]);
            }
        }
        int length = table[a.length * cols + b.length];
        byte[] subsequence = new byte[length];
        List<Match> matches = new ArrayList<>();
        int next = length, i = a.length, j = b.length;
        int aStart = -1, aEnd = 0, bStart = 0, bEnd = 0; // aStart -1: no open range
        while (i > 0 && j > 0) {
            boolean close;
            if (a[i - 1] == b[j - 1]) {
                subsequence[--next] = a[i - 1];
                if (aStart < 0) {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                    close = false;
                } else if (aStart == i && bStart == j) {
                    aStart--;
                    bStart--;
                    close = false;
                } else {
                    close = true;
                }
                close |= aStart == 0 || bStart == 0; // the walk ends at the first byte of either string
                i--;
                j--;
            } else {
                if (table[(i - 1) * cols + j] > table[i * cols + j - 1]) {
                    i--;
                } else {
                    j--;
                }
                close = aStart >= 0;
            }
            if (close) {
                Match m = new Match(aStart, aEnd, bStart, bEnd);
                if (minMatchLength == 0 || m.length() >= minMatchLength) {
                    matches.add(m);
                }
                aStart = -1;
            }
        }
        return new Result(subsequence, length, matches);
    }
}
