package dev.cutover.verify.internal;

import java.math.BigInteger;

/**
 * The checksum of a key range on one side: its row count and the exact sum of its rows' checksums; for a
 * range whose end was chosen by row count, the key of its last row ({@code null} when it has no rows).
 */
record RangeSum<K>(long rows, BigInteger sum, K lastKey) {
    static <K> RangeSum<K> empty() {
        return new RangeSum<>(0, BigInteger.ZERO, null);
    }

    boolean sameAs(RangeSum<?> other) {
        return other != null && rows == other.rows && sum.equals(other.sum);
    }

    /** What is left of this range once its first part is taken out. */
    RangeSum<K> minus(RangeSum<?> part) {
        return new RangeSum<>(rows - part.rows, sum.subtract(part.sum), null);
    }
}
